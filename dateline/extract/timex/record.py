"""The record the time-expression tagger returns."""

from __future__ import annotations

from dateline.model import Record, TimexType


class TimexSpan(Record, frozen=True, kw_only=True):
    """A time expression, ``text == article_text[start:end]``, with its TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str
