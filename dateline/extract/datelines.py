"""The article's dateline: the city a wire story opens with ("KABUL, Afghanistan (AP) —"),
where it was written, which is where a local event happened when its clause names no place.

The finder is strict, because a wrong dateline puts events in the wrong city: the line must
open with a place in capitals ("KABUL", "LOS ANGELES") or capitalised ("Kabul") and its
optional region ("Afghanistan", "Calif."), date ("Aug 26") and agency ("(Reuters)"), then a
dash, and a sentence must follow it. A colon ("ISLAMABAD:") ends only a place in capitals, so
that "Correction:" and "Deutsche Welle:" are no datelines; a capitalised place alone before a
dash must not be a known person ("Rubio -- who ..."). Whether the place is on the map is
``resolve_dateline``'s question, asked of the gazetteer; a line it does not know is no dateline.
"""

from __future__ import annotations

import re

import msgspec

from dateline.extract.actors.kb import KnowledgeBase
from dateline.extract.actors.keys import loose_key
from dateline.extract.places import Gazetteer
from dateline.model import Location, Record, Span

# only the opening lines: the title, a photo caption, then the dateline at the latest
_OPENING_LINES = 4
_MIN_WORDS_AFTER = 8  # "Ramallah - Palestinians protest": a headline, not a dateline's sentence
_SHORT_NAME = 5  # letters: a shorter other name of a place may be a code ("BBC")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|{_WEEKDAY})"
_CAPS_WORD = r"(?:[A-Z]{1,3}\. ?)?[A-Z][A-Z'’\-]*[A-Z]"  # "ST. PAUL", never "MURMANSK."
_TITLE_WORD = r"[A-Z][a-z'’\-]*[a-z]"
_CONNECTOR = r"(?:de|del|da|do|al|el|es|la|le|sur|upon|on)"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ \-](?:{_CAPS_WORD}|{_CONNECTOR.upper()})){{0,3}}"
_TITLE_PLACE = rf"{_TITLE_WORD}(?: (?:{_TITLE_WORD}|{_CONNECTOR})){{0,3}}"
_REGION_WORD = r"[A-Z][A-Za-z'’.\-]*"
_REGION = rf"(?!{_MONTH}\s+\d)(?!{_WEEKDAY}){_REGION_WORD}(?: (?:{_REGION_WORD}|of|and)){{0,3}}"
# "(Reuters)", "(AP)", and TASS's "February 7. /TASS/." (its dots and commas vary)
_AGENCY = r"\((?!\s)[A-Z][A-Za-z.&\- ]{0,25}\)|[.,]?\s*/[A-Z][A-Za-z\-]{1,20}/\.?"
_DASH = r"(?:—|–|-{1,2})"
# the region after a comma ("KABUL, Afghanistan"), or in slashes or brackets before the date
# ("BONN /Germany/, February 16", "BANGALORE (India), February 17")
_TAIL = (
    rf"(?:,\s*(?P<region>{_REGION})|\s*[/(](?P<marked>{_REGION})[/)](?=,\s*{_DATE}))?"
    rf"(?:[,.]?\s+(?P<date>{_DATE}))?(?:\s*(?P<agency>{_AGENCY}))?"
)
_END = rf"(?P<before>\s*)(?P<mark>{_DASH}|:)?(?P<space>\s*)"

_CAPS = re.compile(rf"(?P<city>{_CAPS_PLACE}){_TAIL}{_END}")
_TITLED = re.compile(rf"(?P<city>{_TITLE_PLACE}){_TAIL}{_END}")
_WORD = re.compile(r"\S+")


class Dateline(Record, frozen=True, kw_only=True):
    """A dateline found: the place phrase (``city``, offsets into the article text) and the
    region after it ("Afghanistan", "Calif."), with whether a date or an agency came with it."""

    city: Span
    region: str | None = None
    is_wire: bool = False  # a date or an agency follows the place: "(Reuters)", "Aug 26"


def find_dateline(text: str, *, title: str | None = None) -> Dateline | None:
    """The dateline that opens one of the first lines of ``text`` (a line that is the title is
    passed over, a caption before it allowed), or None where none opens the article."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    wanted = _key(title) if title else None
    opening = [(start, line) for start, line in lines if line.strip()][:_OPENING_LINES]
    for start, line in opening:
        if wanted is not None and _key(line) == wanted:
            continue
        found = _dateline_of(line)
        if found is not None:
            return _shifted(found, start)
    return None


def _dateline_of(line: str) -> Dateline | None:
    indent = len(line) - len(line.lstrip())
    for pattern in (_CAPS, _TITLED):
        match = pattern.match(line, indent)
        if match is None or not _ends_well(match, is_caps=pattern is _CAPS):
            continue
        if not _is_sentence(line[match.end() :]):
            continue
        is_wire = bool(match.group("date") or match.group("agency"))
        city = Span(start=match.start("city"), end=match.end("city"), text=match["city"])
        region = match.group("region") or match.group("marked")
        return Dateline(city=city, region=region, is_wire=is_wire)
    return None


def _ends_well(match: re.Match[str], *, is_caps: bool) -> bool:
    """Whether the dateline ends as datelines do: a dash, a colon after a place in capitals
    ("ISLAMABAD:"), or an agency with none ("Washington (CNN)Vice President ..."); a hyphen
    with no space before or after it is a word's ("EXCLUSIVE-Taliban ...", "The- US ...")."""
    mark = match.group("mark")
    if mark is None:
        return match.group("agency") is not None
    if mark == ":" and not is_caps:
        return False
    if mark == "-":
        return bool(match.group("space")) and bool(match.group("before"))
    return True


def _is_sentence(rest: str) -> bool:
    """Whether what follows the dash reads as the story's first sentence, not a headline's end."""
    words = _WORD.findall(rest)
    return (
        len(words) >= _MIN_WORDS_AFTER
        and (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"“‘'")
        and (rest.rstrip()[-1:] in '.!?"”’)' or len(rest) >= 120)
    )


def _shifted(found: Dateline, by: int) -> Dateline:
    city = found.city
    moved = Span(start=city.start + by, end=city.end + by, text=city.text)
    return Dateline(city=moved, region=found.region, is_wire=found.is_wire)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def resolve_dateline(
    found: Dateline, gazetteer: Gazetteer, kb: KnowledgeBase, *, countries: tuple[str, ...] = ()
) -> Location | None:
    """Where the dateline ``found`` is on the map, with basis "dateline": a city (a country
    only for a wire dateline, "SINGAPORE (Reuters) -"), in the country its region names where it
    names one, else preferring the ``countries`` the article names; None where the gazetteer
    does not hold the place, its region names another country, or a capitalised place alone
    is a person's name."""
    if _is_name(found, kb):
        return None
    region = kb.country(found.region) if found.region else None
    named = (region.iso3,) if region is not None and region.matched == "name" else countries
    place = gazetteer.resolve(found.city.text, countries=named)
    if place.basis != "gazetteer" or (place.feature == "country" and not found.is_wire):
        return None
    if not _is_named(found.city.text, place, named):
        return None
    if region is not None and region.matched == "name" and place.country != region.iso3:
        return None
    return msgspec.structs.replace(place, basis="dateline")


def _is_name(found: Dateline, kb: KnowledgeBase) -> bool:
    """Whether a capitalised place alone before a dash is a person's name ("Rubio --")."""
    city = found.city.text
    if found.is_wire or found.region is not None or city.isupper():
        return False
    return bool(kb.person(city) or kb.by_surname(city))


def _is_named(text: str, place: Location, named: tuple[str, ...]) -> bool:
    """Whether ``text`` names ``place`` as a dateline would: its own name, a longer other name
    ("KIEV"), or a short one in a country the article names; GeoNames' other names include
    codes that are news outlets' names ("DW" is Jahrom, "CNN" Kannur, "IRNA" Salerno)."""
    key = loose_key(text)
    if key == loose_key(place.name or ""):
        return True
    letters = len(key.replace(" ", ""))
    return letters >= _SHORT_NAME or (letters == _SHORT_NAME - 1 and place.country in named)
