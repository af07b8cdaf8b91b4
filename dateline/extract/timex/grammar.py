"""The surface grammar: one compiled regex per rule family, built from the lexicon's word lists.

Group names carry the parts the normalisers read (``month``, ``day``, ``year``, ``num``, ``unit``,
``rel``, ``mod`` ...). Patterns are matched case-insensitively; month and weekday names are
checked for a capital letter afterwards so "may" and "march" as verbs are not dates.
"""

from __future__ import annotations

import re
from functools import cache

from dateline.extract.timex.lexicon import alternation, words

Rule = tuple[str, re.Pattern[str]]


def _fragments() -> dict[str, str]:
    """Reusable pieces, substituted into the rule templates below by name."""
    return {
        "MONTH": alternation(words("month")),
        "WEEKDAY": alternation(words("weekday")),
        "NUMWORD": alternation(words("number")),
        "UNIT": alternation(words("unit")),
        "ORD": alternation(words("ordinal")),
        "PART": alternation(words("part_of_day")),
        "SEASON": alternation(words("season")),
        "DECWORD": alternation(words("decade")),
        "HOLIDAY": alternation(words("holiday")),
        "FIXED": alternation(words("fixed")),
        "YEAR": r"(?:1[0-9]|20)\d\d",
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)",
        "NUM": (
            r"(?:\d+(?:[.,]\d+)?(?:\s*(?:or|to|-)\s*\d+)?"
            r"|{NUMWORD}(?:\s+(?:or|to)\s+{NUMWORD})?)"
        ),
        "APPROX": (
            r"(?:about|around|nearly|almost|approximately|roughly|some|more\s+than|less\s+than|"
            r"fewer\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|"
            r"upwards\s+of|an\s+additional|another|a\s+full|the\s+full)"
        ),
        "REL": (
            r"(?:last|this|next|this\s+coming|this\s+past|the\s+coming|the\s+previous|"
            r"the\s+following|the\s+current|the\s+same|previous|following|current|coming)"
        ),
        "EDGE": (
            r"(?:early|late|mid|earlier|later|sometime|the\s+(?:end|beginning|start|middle|rest)\s+of|"
            r"the\s+(?:first|second|last)\s+half\s+of|end|start)"
        ),
    }


# Each template is one rule family; {NAME} slots are filled from _fragments().
_TEMPLATES: tuple[tuple[str, str], ...] = (
    (
        "date_full",
        r"(?:(?P<weekday>{WEEKDAY}),?\s+)?(?:(?P<month>{MONTH})\s+(?P<day>{DAY}),?\s+"
        r"|(?P<day2>{DAY})\s+(?:of\s+)?(?P<month2>{MONTH}),?\s+)(?P<year>{YEAR})",
    ),
    ("date_iso", r"(?P<year>{YEAR})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)"),
    (
        "month_day",
        r"(?:(?P<weekday>{WEEKDAY}),?\s+)?(?:(?:the\s+)?(?P<edge>{EDGE})[\s-]+)?"
        r"(?:(?P<month>{MONTH})\s+(?P<day>{DAY})|(?:the\s+)?(?P<day2>{DAY})\s+(?:of\s+)?"
        r"(?P<month2>{MONTH}))",
    ),
    (
        "month_year",
        r"(?:(?P<edge>{EDGE})[\s-]*)?(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR})",
    ),
    ("month", r"(?:(?P<edge>{EDGE})[\s-]*)?(?:(?P<rel>{REL})\s+)?(?P<month>{MONTH})"),
    (
        "year",
        r"(?:(?:the\s+)?(?P<edge>{EDGE})[\s-]*)?(?:(?:fiscal|calendar|the\s+year)\s+)?"
        r"(?P<year>{YEAR})(?!\s*(?:%|percent|[-/]\d|,\d))",
    ),
    (
        "decade",
        r"(?:the\s+)?(?:(?P<edge>{EDGE})[\s-]*)?(?:(?P<century>1[0-9]|20)?(?P<tens>\d)0'?s"
        r"|'(?P<tens2>\d)0s|(?P<decword>{DECWORD}))",
    ),
    ("century", r"(?:the\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|{ORD})\s+century"),
    (
        "weekday",
        r"(?:(?P<edge>early|late|earlier|later)\s+)?(?:(?P<rel>{REL})\s+)?(?P<weekday>{WEEKDAY})"
        r"(?:\s+(?P<part>{PART}))?",
    ),
    (
        "deictic",
        r"(?:(?P<edge>early|late|earlier|later)\s+)?(?P<deictic>today|yesterday|tomorrow)"
        r"(?:\s+(?P<part>{PART}))?|(?P<this>this|last|tomorrow)\s+(?P<part2>{PART})",
    ),
    (
        "relative_unit",
        r"(?:(?P<edge>{EDGE})\s+)?(?P<rel>{REL}|the\s+past|the\s+last|the\s+next|past|"
        r"the\s+latest|the\s+most\s+recent|the\s+prior|the\s+full|the\s+latest\s+fiscal|"
        r"(?:the\s+)?(?:comparable\s+|corresponding\s+)?year-(?:earlier|ago)|the)\s+"
        r"(?P<unit>{UNIT}|period)(?:\s+or\s+so)?",
    ),
    (
        "offset",
        r"(?:(?P<approx>{APPROX})\s+)?(?P<num>{NUM})\s+(?P<unit>{UNIT})\s+"
        r"(?P<dir>ago|earlier|later|from\s+now|hence|back)",
    ),
    (
        "duration",
        r"(?:(?P<approx>{APPROX})\s+)?(?:(?:the|its|their|his|her)\s+)?"
        r"(?:(?P<rel>past|last|next|first|coming|previous|latest|final|remaining|following|"
        r"initial|recent|year-earlier|year-ago)\s+)?(?P<num>{NUM})\s+(?P<unit>{UNIT})"
        r"(?:\s+or\s+(?:so|more))?",
    ),
    ("duration_adj", r"(?P<num>\d+|{NUMWORD})[\s-](?P<unit>{UNIT})(?:-long)?(?=[\s-])(?!-old)"),
    (
        "vague_duration",
        r"(?:(?P<approx>{APPROX})\s+)?(?:the\s+)?(?:(?P<rel>past|last|next|coming|recent)\s+)?"
        r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries)",
    ),
    (
        "quarter",
        r"(?:(?:the|its|their|this|last|next)\s+)?(?:(?P<year>{YEAR})(?:'s)?\s+)?"
        r"(?:(?:this|last|next)\s+year's\s+)?"
        r"(?:(?P<qual>fiscal|year-earlier|year-ago|comparable|calendar|current|latest)[\s-]+)*"
        r"(?P<ord>{ORD})\s+(?P<unit>quarter|half)(?:\s+of\s+(?:fiscal\s+)?(?P<year2>{YEAR}))?"
        r"|(?P<ord2>{ORD})-(?P<unit2>quarter|half)",
    ),
    (
        "year_period",
        r"the\s+(?P<year>{YEAR})\s+(?:(?P<ord>{ORD})\s+)?(?P<unit>quarter|period)",
    ),
    (
        "year_earlier",
        r"(?P<rel>year-(?:earlier|ago))",
    ),
    (
        "year_words",
        r"(?:the\s+year\s+)?(?:(?P<century>nineteen|twenty)\s+(?P<rest>{NUMWORD}(?:\s+{NUMWORD})?)"
        r"|(?P<thousand>two\s+thousand(?:\s+(?:and\s+)?{NUMWORD})?))",
    ),
    (
        "season",
        r"(?:(?P<edge>early|late|mid)[\s-]+)?(?:(?P<rel>last|this|next|this\s+past|the)\s+)?"
        r"(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<year>{YEAR}))?",
    ),
    ("holiday", r"(?:(?P<rel>last|this|next)\s+)?(?P<holiday>{HOLIDAY})"),
    ("fixed", r"(?P<fixed>{FIXED})"),
    (
        "clock",
        r"(?:(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
        r"|(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?!\d))"
        r"(?:\s+(?P<zone>EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|local\s+time))?",
    ),
    (
        "set",
        r"(?P<every>every|each|per)\s+(?:(?P<num>other|{NUMWORD}|\d+)\s+)?"
        r"(?P<unit>{UNIT}|(?P<weekday>{WEEKDAY})|(?P<part>{PART}))",
    ),
)


_SLOT = re.compile(r"\{([A-Z]+)\}")


def _expand(template: str, fragments: dict[str, str]) -> str:
    """Fill {NAME} slots; regex quantifiers such as {1,2} are not slots and stay as they are."""
    expanded = _SLOT.sub(lambda slot: fragments[slot.group(1)], template)
    return _expand(expanded, fragments) if _SLOT.search(expanded) else expanded


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule, compiled; word boundaries on both sides so "1990s" is not "1990"."""
    fragments = _fragments()
    return tuple(
        (name, re.compile(r"(?<![\w'])(?:" + _expand(template, fragments) + r")(?![\w])", re.I))
        for name, template in _TEMPLATES
    )
