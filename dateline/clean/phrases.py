"""Loading of the cleaning rules' data files (dateline/data/clean/): phrase lists and tables.

Domain knowledge lives in those reviewable files; this module only reads and compiles them.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import msgspec


class LinePattern(msgspec.Struct, frozen=True, kw_only=True):
    """One phrase rule: ``regex`` must match a whole stripped line of at most ``max_words``."""

    rule: str
    max_words: int
    regex: re.Pattern[str]


@cache
def data_rows(name: str, *, folder: str = "clean") -> tuple[tuple[str, ...], ...]:
    """The tab-separated rows of ``dateline/data/<folder>/<name>``, comments and blanks
    skipped."""
    text = resources.files("dateline").joinpath("data", folder, name).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@cache
def line_patterns(name: str) -> tuple[LinePattern, ...]:
    """Rows ``rule<TAB>max_words<TAB>regex`` compiled for case-insensitive full-line matching."""
    return tuple(
        LinePattern(rule=rule, max_words=int(words), regex=re.compile(regex, re.IGNORECASE))
        for rule, words, regex in data_rows(name)
    )


def match_line(line: str, patterns: tuple[LinePattern, ...]) -> str | None:
    """The rule of the first pattern matching the whole ``line``, else None (no rule applies)."""
    words = line.count(" ") + 1
    for pattern in patterns:
        if words <= pattern.max_words and pattern.regex.fullmatch(line):
            return pattern.rule
    return None
