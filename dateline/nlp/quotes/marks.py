"""Pair quotation marks in plain text into quoted stretches, tolerating scraped, unbalanced marks.

Works on characters only (no spaCy), paragraph by paragraph: news style repeats the opening mark
at each paragraph of a long quote and closes it only at the end, and scrapers mix straight and
curly marks or drop one of a pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from dateline.model import Record

Hint = Literal["open", "close", "either"]

# Double marks only: single marks double as apostrophes and mostly nest inside double quotes.
# NYT copy writes double quotes as two apostrophes (''), so that pair counts as one mark.
_MARK = re.compile(r"''|[\"“”„‟«»″]")
_OPENING = frozenset("“„‟«")
_CLOSING = frozenset("”»″")
_BEFORE_OPEN = frozenset(" \t\n\xa0([{—–-/")
_AFTER_CLOSE = frozenset(" \t\n\xa0.,;:!?)]}—–-/")
# Trailing characters that belong to the sentence, not to the quoted words.
_TRIM = " \t\n,"


class Quoted(Record, frozen=True, kw_only=True):
    """A stretch of text between quotation marks: ``open_at``/``close_end`` bound the marks
    (``open_at == start`` when the opening mark is missing, ``close_end == end`` when the
    closing one is), ``start``/``end`` the words inside."""

    open_at: int
    start: int
    end: int
    close_end: int


def hint(text: str, at: int, *, length: int = 1) -> Hint:
    """Whether the mark at ``at`` looks like an opening or a closing mark."""
    mark = text[at]
    if mark in _OPENING:
        return "open"
    if mark in _CLOSING:
        return "close"
    before = text[at - 1] if at > 0 else " "
    after = text[at + length] if at + length < len(text) else " "
    if before in _BEFORE_OPEN and after not in _AFTER_CLOSE:
        return "open"
    if after in _AFTER_CLOSE and before not in _BEFORE_OPEN:
        return "close"
    return "either"


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line of ``text``."""
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield match.start(), match.end()


def _leading_mark(text: str, start: int, end: int) -> int:
    """Offset of a mark opening the paragraph, or -1."""
    stripped = len(text[start:end]) - len(text[start:end].lstrip())
    at = start + stripped
    match = _MARK.match(text, at) if at < end else None
    if match is not None and hint(text, at, length=len(match.group())) != "close":
        return at
    return -1


def _make(text: str, open_at: int, start: int, end: int, close_end: int) -> Quoted | None:
    """A Quoted with its inside trimmed of blanks and a trailing comma, or None if empty."""
    inner = text[start:end]
    lead = len(inner) - len(inner.lstrip())
    body = inner.strip().rstrip(_TRIM)
    if not body:
        return None
    return Quoted(
        open_at=open_at, start=start + lead, end=start + lead + len(body), close_end=close_end
    )


class _Scanner:
    """State of the pairing walk: the quote now open (opening-mark offset), if any."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Quoted] = []
        self.open_at = -1
        self.content_from = -1
        self.last_end = 0

    def close(self, end: int, close_end: int) -> None:
        quoted = _make(self.text, self.open_at, self.content_from, end, close_end)
        if quoted is not None:
            self.found.append(quoted)
        self.open_at = self.content_from = -1

    def open(self, at: int, *, mark_length: int = 1) -> None:
        self.open_at, self.content_from = at, at + mark_length

    def paragraph(self, start: int, end: int) -> None:
        """Walk the marks of one paragraph, continuing a quote carried over from the last one."""
        lead = _leading_mark(self.text, start, end)
        if self.open_at >= 0 and lead < 0:
            self.close(self.last_end, self.last_end)
        first = True
        for match in _MARK.finditer(self.text, start, end):
            at = match.start()
            if at == lead and self.open_at >= 0:
                first = False
                continue  # the repeated opening mark of a multi-paragraph quote
            self.mark(at, len(match.group()), start, first=first)
            first = False
        self.last_end = end

    def _word_follows(self, at: int, length: int) -> bool:
        return at + length < len(self.text) and self.text[at + length].isalnum()

    def mark(self, at: int, length: int, paragraph_start: int, *, first: bool) -> None:
        kind = hint(self.text, at, length=length)
        if self.open_at < 0:
            if kind == "close" and first and self.text[paragraph_start:at].strip():
                # A closing mark with words before it and no opening: the opening was lost.
                start = (
                    paragraph_start
                    + len(self.text[paragraph_start:at])
                    - len(self.text[paragraph_start:at].lstrip())
                )
                self.open_at, self.content_from = start, start
                self.close(at, at + length)
            elif kind != "close" or self._word_follows(at, length):
                self.open(at, mark_length=length)
            # else: a stray closing mark outside any quote, left alone
            return
        if (
            kind == "open"
            and at > 0
            and self.text[at - 1] in " \t\xa0"
            and self.text[at] in _OPENING
        ):
            # A fresh opening mark while a quote is open: the previous one lost its closing mark.
            self.close(at, at)
            self.open(at, mark_length=length)
            return
        self.close(at, at + length)


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch of ``text`` in order, including ones whose marks are unbalanced."""
    scanner = _Scanner(text)
    for start, end in paragraphs(text):
        scanner.paragraph(start, end)
    if scanner.open_at >= 0:
        scanner.close(scanner.last_end, scanner.last_end)
    return scanner.found
