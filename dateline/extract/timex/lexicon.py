"""The tagger's word lists, read once from ``dateline/data/timex/lexicon.tsv``.

Keeping month names, number words and fixed expressions in a data file lets a reviewer check or
extend them without reading the grammar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

Lexicon = Mapping[str, Mapping[str, str]]
# "twenty four" is written "twenty-four" in the lexicon.
_TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})


@cache
def lexicon() -> Lexicon:
    """Category -> (lower-case word -> value), from the packaged TSV file."""
    source = resources.files("dateline").joinpath("data/timex/lexicon.tsv")
    table: dict[str, dict[str, str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, word, value = line.split("\t")
        table.setdefault(category, {})[word] = value
    return table


def words(category: str) -> Mapping[str, str]:
    """The words of one category; a missing category is a packaging bug, so it raises."""
    try:
        return lexicon()[category]
    except KeyError:
        raise KeyError(f"E210 timex lexicon has no category {category!r}") from None


def alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of the phrases, factored into a prefix tree so matching stays fast.

    Spaces match any run of whitespace, hyphens a hyphen or a space ("twenty four"), and a
    trailing full stop may be left out before a number ("Aug 24").
    """
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in " ".join(phrase.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(trie) or "(?!)"


_Trie = dict[str, "_Trie"]
_CHARS = {" ": r"\s+", "-": r"[\s-]"}


def _pattern(node: _Trie) -> str:
    """The regex of one trie node; longer continuations are tried first, as greedy ``?`` does."""
    branches = [_char(char, child) + _pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return group
    return f"(?:{group})?" if len(branches) == 1 else group + "?"


def _char(char: str, child: _Trie) -> str:
    if char == "." and list(child) == [""]:
        # "Aug" without its full stop only before a number: "Jan" alone is a name.
        return r"(?:\.|(?=\s*\d))"
    return _CHARS.get(char, re.escape(char))


def lookup(category: str, phrase: str) -> str:
    """The value of a matched phrase, ignoring case, spacing and a trailing full stop."""
    table = words(category)
    key = " ".join(phrase.lower().split())
    if category == "number":
        key = "-".join(key.split()) if key.split()[0] in _TENS else key
    if key in table:
        return table[key]
    return table.get(key + ".", table.get(key.rstrip("."), ""))
