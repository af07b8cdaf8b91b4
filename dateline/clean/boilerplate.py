"""Cleaning of scraped article text: drops boilerplate lines (repeated titles and paragraphs,
date lines, bylines, captions, share/comment/newsletter/navigation lines) and keeps a map from
every kept character back to the raw text.  Only whole lines are deleted; kept lines are unchanged.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter

import msgspec

from dateline.clean.rules import (
    classify_line,
    is_credit_paren,
    is_headline_like,
    is_list_item,
    is_nav_marker,
    is_photo_credit,
    media_marker,
)
from dateline.model import Record, Segment

logger = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"
# Shorter repeats ("Yes.", "Q:") are legitimately repeated in interviews and transcripts.
_MIN_DUPLICATE_CHARS = 20
# A caption under a media marker is one short paragraph; a long one is the article going on.
_MAX_CAPTION_WORDS = 60
# A paragraph repeated more often is page structure (a form field, a recipe step, an interview
# template), not a scraping echo (title, standfirst, gallery caption: two to four copies).
_MAX_ECHOES = 4
# Text counts as hard-wrapped when a fifth of its lines or more end mid-sentence.
_MIN_WRAPPED_LINES = 3
_WRAPPED_SHARE = 0.2
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]$")
# A line ending like this cannot end a paragraph: the next line goes on with the sentence.
_OPEN_END = re.compile(
    r"(?:,|\b(?:of|on|in|at|the|a|an|to|and|or|by|for|from|with|since|until|than|that))$"
)
# Short unpunctuated repeats are table rows and list entries ("Avg shrs 11.4 mln vs 11.6 mln").
_MIN_ECHO_WORDS = 8
_TABLE_ROW = re.compile(r"\S {3,}\S")
# Agency credits in parentheses close the article: "(SAM)", "(Esta Media Network/AFP)".
_CREDIT_TAIL = 3
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_TRAILING_PUNCTUATION = " .!?;:,…\"'”’»"


class Removal(Record, frozen=True, kw_only=True):
    """A line of the raw text that cleaning removed: ``raw_text[start:end]`` and the rule why."""

    start: int
    end: int
    rule: str


class Cleaned(Record, frozen=True, kw_only=True):
    """The cleaned body (paragraphs joined by a blank line), its title and the map to raw text."""

    title: str | None
    text: str
    segments: tuple[Segment, ...]
    removed: tuple[Removal, ...]


class _Line(msgspec.Struct, frozen=True):
    """A non-blank raw line, stripped: ``raw_text[start:end] == text``."""

    start: int
    end: int
    text: str


def split_lines(raw_text: str) -> list[_Line]:
    """The non-blank lines of ``raw_text`` with surrounding whitespace stripped, with offsets."""
    lines = []
    position = 0
    for piece in raw_text.splitlines(keepends=True):
        stripped = piece.strip()
        if stripped:
            start = position + len(piece) - len(piece.lstrip())
            lines.append(_Line(start, start + len(stripped), stripped))
        position += len(piece)
    return lines


def paragraphs(raw_text: str) -> list[_Line]:
    """The units that cleaning keeps or drops whole: lines, except that the lines of a
    hard-wrapped paragraph are one unit, so no rule ever sees (and drops) a sentence's tail."""
    lines = split_lines(raw_text)
    wrapped = _is_hard_wrapped(raw_text, lines)
    units: list[_Line] = []
    for line in lines:
        if units and _continues(raw_text, units[-1], line, wrapped=wrapped):
            units[-1] = _Line(units[-1].start, line.end, raw_text[units[-1].start : line.end])
        else:
            units.append(line)
    return units


def _continues(raw_text: str, before: _Line, line: _Line, *, wrapped: bool) -> bool:
    gap = raw_text[before.end : line.start]
    if gap.count("\n") != 1:
        return False
    if wrapped:
        # Wrapped text starts its paragraphs after a blank line or with an indent.
        return gap.endswith("\n")
    return _breaks_mid_sentence(before.text, line.text)


def _breaks_mid_sentence(before: str, line: str) -> bool:
    if _SENTENCE_END.search(before):
        return False
    return line[0].islower() or line[0].isdigit() or bool(_OPEN_END.search(before))


def _is_hard_wrapped(raw_text: str, lines: list[_Line]) -> bool:
    """Whether the text is wrapped at a fixed width: many lines break mid-sentence."""
    breaks = sum(
        1
        for before, line in itertools.pairwise(lines)
        if _breaks_mid_sentence(before.text, line.text)
        and raw_text.count("\n", before.end, line.start) == 1
    )
    return len(lines) >= _MIN_WRAPPED_LINES and breaks >= _WRAPPED_SHARE * len(lines)


def clean_text(
    raw_text: str, *, title: str | None = None, title_is_first_line: bool = False
) -> Cleaned:
    """Remove boilerplate lines from ``raw_text``; with ``title_is_first_line`` (plain-text files)
    the first non-blank line is the title and not part of the body."""
    lines = paragraphs(raw_text)
    removed: list[Removal] = []
    titles = [title] if title else []
    if title_is_first_line and lines:
        first = lines.pop(0)
        removed.append(Removal(start=first.start, end=first.end, rule="title"))
        titles.append(first.text)
        title = title or first.text
    rules = _Scanner(titles, [line.text for line in lines]).rules()
    kept = []
    for line, rule in zip(lines, rules, strict=True):
        if rule is None:
            kept.append(line)
        else:
            removed.append(Removal(start=line.start, end=line.end, rule=rule))
    _log_removals(removed)
    text, segments = _join(kept)
    return Cleaned(title=title, text=text, segments=segments, removed=tuple(removed))


def _join(kept: list[_Line]) -> tuple[str, tuple[Segment, ...]]:
    segments = []
    position = 0
    for line in kept:
        segments.append(Segment(start=position, raw_start=line.start, length=len(line.text)))
        position += len(line.text) + len(PARAGRAPH_SEPARATOR)
    return PARAGRAPH_SEPARATOR.join(line.text for line in kept), tuple(segments)


def _log_removals(removed: list[Removal]) -> None:
    if removed and logger.isEnabledFor(logging.DEBUG):
        logger.debug("removed %d lines: %s", len(removed), Counter(r.rule for r in removed))


def title_key(text: str) -> str:
    """Comparison form of a title: case-folded words, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def paragraph_key(text: str) -> str:
    """Comparison form of a paragraph: case, spacing and trailing punctuation ignored."""
    return " ".join(text.casefold().split()).rstrip(_TRAILING_PUNCTUATION)


def _title_keys(titles: list[str]) -> frozenset[str]:
    """A title and, for "Headline | Site" titles, each part of three words or more."""
    keys = set()
    for title in titles:
        keys.add(title_key(title))
        keys.update(title_key(p) for p in _TITLE_SEPARATORS.split(title) if p.count(" ") >= 2)
    return frozenset(keys - {""})


class _Scanner:
    """Walks the lines in order: the rules that need context (a title, an earlier paragraph,
    a media marker above, a photo credit below, a navigation block) keep their state here."""

    def __init__(self, titles: list[str], lines: list[str]) -> None:
        self.lines = lines
        self.own_rules = [classify_line(line) for line in lines]
        self.title_keys = _title_keys(titles)
        self.counts = Counter(paragraph_key(line) for line in lines)
        self.seen: set[str] = set()
        self.caption_due = False
        self.in_navigation = False

    def rules(self) -> list[str | None]:
        """For each line, the rule that removes it, or None when it is kept."""
        return [self._rule(index) for index in range(len(self.lines))]

    def _rule(self, index: int) -> str | None:
        line = self.lines[index]
        if title_key(line) in self.title_keys:
            return "title"
        rule = self._context_rule(index, self.own_rules[index])
        key = paragraph_key(line)
        if rule is None and key in self.seen and self._may_echo(line, key):
            rule = "duplicate"
        if len(key) >= _MIN_DUPLICATE_CHARS:
            self.seen.add(key)
        return rule

    def _may_echo(self, line: str, key: str) -> bool:
        # List items repeat legitimately (product features, recipe steps); so do templates.
        if self.counts[key] > _MAX_ECHOES or is_list_item(line) or _TABLE_ROW.search(line):
            return False
        return line.count(" ") + 1 >= _MIN_ECHO_WORDS or bool(_SENTENCE_END.search(line))

    def _context_rule(self, index: int, rule: str | None) -> str | None:
        line = self.lines[index]
        takes_caption = media_marker(line)
        if takes_caption is not None:
            self.caption_due = self.caption_due or takes_caption
            return "media"
        if rule is None and (self._caption_due(line) or self._above_photo_credit(index)):
            rule = "caption"
        if rule is None and index >= len(self.lines) - _CREDIT_TAIL and is_credit_paren(line):
            rule = "credit"
        self.caption_due = False
        if is_nav_marker(line):
            self.in_navigation = True
            return "navigation"
        if rule is None and self.in_navigation and is_headline_like(line):
            return "navigation"
        self.in_navigation = self.in_navigation and rule is not None
        return rule

    def _caption_due(self, line: str) -> bool:
        # A caption starts a paragraph: a lower-case start is a hard-wrapped sentence going on.
        return self.caption_due and line.count(" ") < _MAX_CAPTION_WORDS and not line[0].islower()

    def _above_photo_credit(self, index: int) -> bool:
        following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        return is_photo_credit(following) and self.lines[index].count(" ") < _MAX_CAPTION_WORDS
