"""Publication dates stated in an article's own text: the dateline/byline date
("WASHINGTON, Aug. 25, 2021 (Reuters) -", "Published: 24 September 2021 10:32 GMT"), and the
latest full date mentioned anywhere, a weak basis for an estimated publication date.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateline.clean.boilerplate import paragraphs
from dateline.clean.datefind import DateMatch, find_dates
from dateline.clean.rules import is_caption, is_date_line, media_marker

# The dateline and byline sit above the body: a date further down is news content.
_HEAD_LINES = 10
_SHORT_LINE_WORDS = 15
_MAX_PREFIX_CHARS = 60
_CUE = re.compile(
    r"\b(?:published|posted|updated|modified|released|issued|filed|created|last updated|date)"
    r"\s*(?::|-|–|\bon\b|\bat\b)?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?$",
    re.IGNORECASE,
)
_PUBLISH_CUE = re.compile(r"\b(?:published|posted|released|issued|filed)\b", re.IGNORECASE)
# "WASHINGTON, " or "Tuesday, " (or both) before a dateline date; nothing else.
_PLACE_PREFIX = re.compile(
    r"(?:[A-Z][\w.'’ -]{0,40},\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?",
    re.IGNORECASE,
)
_DATELINE_END = re.compile(r"\s*(?:\(|[-–—:/|]|$)")
# A short line with a byline or a "|" separator: "By Jane Doe | Sep 24, 2021".
_BYLINE_AREA = re.compile(r"^By\s|\s\|\s|^(?:posted|written|words) by\s", re.IGNORECASE)


def text_published(raw_text: str) -> datetime | None:
    """The publication date the text states in its dateline or byline area, as an aware UTC
    datetime (midnight when no time is given); None when the text states none."""
    candidates: list[tuple[bool, DateMatch]] = []
    after_marker = False
    for number, line in enumerate(line.text for line in paragraphs(raw_text)):
        in_caption = after_marker or is_caption(line)
        after_marker = bool(media_marker(line))
        if in_caption or not (number < _HEAD_LINES or is_date_line(line)):
            continue
        for found in find_dates(line, with_time=True):
            if _in_dateline_area(line, found):
                prefix = line[: found.start]
                candidates.append((bool(_PUBLISH_CUE.search(prefix)), found))
    if not candidates:
        return None
    cued = [found for is_cued, found in candidates if is_cued]
    return (cued or [found for _, found in candidates])[0].moment


def _in_dateline_area(line: str, found: DateMatch) -> bool:
    """Whether the date is a dateline/byline date rather than one mentioned in a sentence."""
    if is_date_line(line):
        return True
    if len(line.split()) <= _SHORT_LINE_WORDS and _BYLINE_AREA.search(line):
        return True
    # Further into a line, "dated July 20, 2015" or "Kabul, Aug. 3, 2020 —" is news content.
    prefix = line[: found.start]
    if len(prefix) > _MAX_PREFIX_CHARS:
        return False
    return bool(_CUE.search(prefix) or _place_dateline(line, found))


def _place_dateline(line: str, found: DateMatch) -> bool:
    prefix = line[: found.start]
    return bool(_PLACE_PREFIX.fullmatch(prefix) and _DATELINE_END.match(line, found.end))


def latest_full_date(raw_text: str) -> date | None:
    """The latest explicit full date (day, month and year) mentioned anywhere in the text."""
    days = [found.day for found in find_dates(raw_text)]
    return max(days) if days else None
