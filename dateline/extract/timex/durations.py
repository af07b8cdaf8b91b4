"""Numbers, units and TimeML duration values (P3D, PT24H, P40Y, PXY).

Decades and centuries are written in years and quarters in months, as the TimeBank annotators
did ("four decades" -> P40Y), so values compare equal with the gold data.
"""

from __future__ import annotations

import re

from dateline.extract.timex.lexicon import lookup

_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_SCALE = {"DE": ("Y", 10), "CE": ("Y", 100), "Q": ("M", 3), "WE": ("D", 2)}
_TIME_UNITS = {"H": "H", "MI": "M", "S": "S"}


def number(phrase: str) -> str:
    """A count as digits, or "X" when vague ("several", "two or three") or fractional."""
    phrase = " ".join(phrase.lower().split())
    if _DIGITS.fullmatch(phrase):
        value = float(phrase.replace(",", ""))
        return str(int(value)) if value.is_integer() else "X"
    value_text = lookup("number", phrase)
    return value_text if value_text.isdigit() else "X"


def unit_code(phrase: str) -> str:
    """The TimeML letter(s) of a unit word: D, W, WE, M, Q, Y, DE, CE, H, MI, S."""
    return lookup("unit", phrase)


def duration_value(count: str, unit: str) -> str:
    """The TIMEX3 duration for ``count`` (digits or "X") of ``unit`` (a unit code)."""
    letter, scale = _SCALE.get(unit, (unit, 1))
    amount = str(int(count) * scale) if count.isdigit() else "X"
    if unit in ("DE", "CE") and amount == "X":
        letter = unit
    if unit in _TIME_UNITS:
        return f"PT{amount}{_TIME_UNITS[unit]}"
    return f"P{amount}{letter}"


def signed_count(count: str, direction: str) -> int:
    """How many units an offset ("two years ago", "a day later") moves, signed; 0 when vague."""
    if not count.isdigit():
        return 0
    backwards = direction.split(maxsplit=1)[0] in ("ago", "earlier", "before", "back")
    return -int(count) if backwards else int(count)
