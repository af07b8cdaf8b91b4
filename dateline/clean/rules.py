"""Line classifiers for boilerplate in scraped article text: by phrase (data files) and by shape
(date lines, bylines, photo captions and credits).  Each looks at one stripped line only.
"""

from __future__ import annotations

import re
from functools import cache

from dateline.clean.datefind import day_shapes, find_dates, time_shapes
from dateline.clean.phrases import data_rows, line_patterns, match_line

_FILLER = re.compile(
    r"\b(?:(?:first |last )?(?:published|updated|posted|modified|edited|created|released|issued)"
    r"|on|at|date|time|and)\b|[|/:,.;()\[\]•·–—-]",
    re.IGNORECASE,
)
_MAX_BYLINE_WORDS = 20
_BYLINE_TAIL = re.compile(r"\s+by\s+(?P<names>[A-Z][^.!?]{0,60})$")
_BYLINE = re.compile(
    r"(?:(?:written|words|story|posted|text|report|reported)\s+)?by\s+(?P<names>.+)", re.I
)
_NAME_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|and|&|de|da|van|von|der|den|al|el|bin|la|le|du|di)\W*$")
_ROLE_BYLINE = re.compile(
    r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3},\s*(?:[\w.&'’-]+\s+){0,5}"
    r"(?:writer|correspondent|reporter|editor|columnist|contributor|staff|bureau chief|producer)s?",
    re.IGNORECASE,
)
_CAPTION_PAREN = re.compile(
    r".*\(\s*(?:[\w.&'’-]+\s+){0,3}(?:photos?|photograph|picture|pic|image|file photo|file|"
    r"illustration|screenshot|screengrab|video grab|handout|credit|courtesy)"
    r"(?:\s*[/:,]\s*[^()]{0,80}|\s+(?:by|of)\s+[^()]{1,60})?\)\W*",
    re.IGNORECASE,
)
_CAPTION_TAIL = re.compile(
    r".*(?:[\s.](?:photo|photograph|picture|image|credit|photo credit)s?\s*:\s*[^.:]{1,60}"
    r"|[/(|]\s*(?:getty images|shutterstock|alamy|istock\w*|epa-efe)\)?"
    r"|/\s*(?:afp|reuters|ap|epa)\)?"
    r"|via getty images\)?|[©ⓒ]\s*[^.]{1,60})\W*",
    re.IGNORECASE,
)
# "(Esta Media Network/AFP)", "(SAM)": every word capitalised, no sentence punctuation inside.
_CREDIT_PAREN = re.compile(
    r"\(\s*(?:(?:[A-Z0-9][\w.&'’-]*|of|and|de|the)(?:\s+|\s*/\s*|(?=\))))+\)\W*"
)
_PHOTO_CREDIT = re.compile(
    r"(?:photo|photograph|picture|image|credit|photo credit|image credit)s?\s*(?::|by)\s*\S.{0,80}",
    re.IGNORECASE,
)
_CUED_TIME = re.compile(r"\b(?:published|updated|posted|modified)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!;,:][\"”’'»)\]]*$")
_LIST_ITEM = re.compile(r"^[-•*·▪►]\s+")


def classify_line(line: str) -> str | None:
    """The rule that removes ``line`` on its own (no context), else None: the line is kept."""
    # "- Print Article": widgets often come as list items.
    rule = match_line(_LIST_ITEM.sub("", line, count=1), line_patterns("boilerplate_lines.tsv"))
    if rule is not None:
        return rule
    if is_byline(line):
        return "byline"
    if is_date_line(line):
        return "dateline"
    if is_caption(line):
        return "caption"
    return None


def is_date_line(line: str) -> bool:
    """A line that holds only a date and/or time with filler ("Published: 24 Sep 2021 10:32")."""
    # "effective\nJune 1." is the tail of a wrapped sentence; date lines carry no full stop.
    if len(line) > 120 or (line.endswith(".") and not line.endswith("m.")):
        return False
    original = line
    line = _BYLINE_TAIL.sub("", line)
    found = 0
    for date_match in reversed(find_dates(line)):
        line = line[: date_match.start] + " " + line[date_match.end :]
        found += 1
    for pattern in day_shapes():
        line, count = pattern.subn(" ", line)
        found += count
    # A bare time ("4:14 p.m.") heads a live-blog entry; it is a date line only when cued.
    for pattern in time_shapes():
        line = pattern.sub(" ", line)
    return (found > 0 or bool(_CUED_TIME.search(original))) and not _FILLER.sub(" ", line).strip()


def is_byline(line: str) -> bool:
    """ "By Jane Doe, Reuters", "Robert Burns, AP National Security Writer", or a "|" line
    of short parts one of which is a date ("New Delhi, Bureau | Updated: 19 Nov 2019")."""
    if line.count(" ") > _MAX_BYLINE_WORDS:
        return False
    found = _BYLINE.fullmatch(line)
    if found is not None and line.count(" ") < 12 and _is_name_list(found["names"]):
        return True
    return bool(_ROLE_BYLINE.fullmatch(line)) or _is_piped_dateline(line)


def _is_name_list(names: str) -> bool:
    head = names.split(",", maxsplit=1)[0].split()
    if not head or is_date_line(head[0]) or _SENTENCE_END.search(names):
        return False
    return all(_NAME_WORD.match(word) for word in head) and head[0][0].isupper()


def _is_piped_dateline(line: str) -> bool:
    parts = [part.strip() for part in line.split("|") if part.strip()]
    if len(parts) < 2 or not any(is_date_line(part) for part in parts):
        return False
    return all(
        is_date_line(part) or (len(part.split()) <= 6 and not part.endswith(".")) for part in parts
    )


def is_caption(line: str) -> bool:
    """A photo caption or credit recognisable by its shape: "… (Reuters photo)", "… Photo: AP",
    "… /Getty Images", "… © Name"."""
    if line.count(" ") >= 80:
        return False
    return bool(_CAPTION_PAREN.fullmatch(line) or _CAPTION_TAIL.fullmatch(line))


def is_credit_paren(line: str) -> bool:
    """A short parenthesised agency credit alone on its line: "(Esta Media Network/AFP)"."""
    return line.count(" ") < 6 and bool(_CREDIT_PAREN.fullmatch(line))


def is_photo_credit(line: str) -> bool:
    """A photo credit line ("Photo: Hau Dinh, AP"); the line above it is the caption."""
    return line.count(" ") < 15 and bool(_PHOTO_CREDIT.fullmatch(line))


def media_marker(line: str) -> bool | None:
    """None when ``line`` is no media placeholder; else whether the next line is its caption."""
    for takes_caption, regex in _media_markers():
        if regex.fullmatch(line):
            return takes_caption
    return None


@cache
def _media_markers() -> tuple[tuple[bool, re.Pattern[str]], ...]:
    return tuple(
        (flag == "yes", re.compile(regex, re.IGNORECASE))
        for flag, regex in data_rows("media_markers.tsv")
    )


def is_nav_marker(line: str) -> bool:
    """A line that opens a block of links to other stories ("Previous Article", "Related Posts")."""
    return match_line(line, line_patterns("nav_markers.tsv")) is not None


def is_list_item(line: str) -> bool:
    """A line that starts with a bullet ("- ", "• ")."""
    return bool(_LIST_ITEM.match(line))


def is_headline_like(line: str) -> bool:
    """Short and not ending like a sentence: a link text, menu entry or headline."""
    if _LIST_ITEM.match(line):
        return line.count(" ") < 40
    return line.count(" ") < 20 and not _SENTENCE_END.search(line)
