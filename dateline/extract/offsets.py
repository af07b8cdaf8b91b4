"""Map spans of an article's cleaned text back to the text as it was given.

Cleaning only drops whole lines and trims whitespace, recording each kept run as a Segment, so
every cleaned character has one raw position.  A span that crosses a paragraph break maps to
the raw range between its two ends, which may include lines the cleaner dropped; its text is
then re-read from the raw text so that ``raw[start:end] == text`` always holds.  An end that
falls on a character the cleaner added (the break it puts between two kept runs) maps to the
nearest raw character that carries the span (``nearest``): nothing found is ever dropped.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from dateline.model import Record, Segment


class RawSpan(Record, frozen=True, kw_only=True):
    start: int
    end: int
    text: str


class OffsetMap:
    """Cleaned-text offsets to raw-text offsets for one article."""

    def __init__(self, segments: Sequence[Segment], raw_text: str) -> None:
        self.segments = sorted(segments, key=lambda segment: segment.start)
        self.starts = [segment.start for segment in self.segments]
        self.raw_text = raw_text

    def position(self, offset: int, *, is_end: bool = False) -> int | None:
        """The raw offset of cleaned ``offset``; None when it falls between segments."""
        index = bisect_right(self.starts, offset - 1 if is_end else offset) - 1
        if index < 0:
            return None
        segment = self.segments[index]
        inside = offset - segment.start
        if inside > segment.length or (inside == segment.length and not is_end):
            return None
        return segment.raw_start + inside

    def span(self, start: int, end: int) -> RawSpan | None:
        """The raw span of cleaned ``[start, end)``; None when either end has no raw position."""
        raw_start = self.position(start)
        raw_end = self.position(end, is_end=True) if end > start else raw_start
        if raw_start is None or raw_end is None or raw_end < raw_start:
            return None
        return RawSpan(start=raw_start, end=raw_end, text=self.raw_text[raw_start:raw_end])

    def nearest(self, start: int, end: int) -> RawSpan | None:
        """The raw span of cleaned ``[start, end)``, its ends moved inwards to the nearest
        characters that have a raw position; None only when it covers none."""
        exact = self.span(start, end)
        if exact is not None or not self.segments:
            return exact
        raw_start = self._forward(start)
        raw_end = self._back(end) if end > start else raw_start
        if raw_start is None or raw_end is None or raw_end < raw_start:
            return None
        return RawSpan(start=raw_start, end=raw_end, text=self.raw_text[raw_start:raw_end])

    def _forward(self, offset: int) -> int | None:
        """The raw position of ``offset``, or of the first kept character after it."""
        index = bisect_right(self.starts, offset) - 1
        if index >= 0:
            segment = self.segments[index]
            if offset < segment.start + segment.length:
                return segment.raw_start + offset - segment.start
        following = index + 1
        if following < len(self.segments):
            return self.segments[following].raw_start
        return None

    def _back(self, offset: int) -> int | None:
        """The raw position of end ``offset``, or the end of the last kept run before it."""
        index = bisect_right(self.starts, offset - 1) - 1
        if index < 0:
            return None
        segment = self.segments[index]
        return segment.raw_start + min(offset - segment.start, segment.length)
