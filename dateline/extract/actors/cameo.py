"""CAMEO actor codes (``USAGOV``, ``AFGREB``, ``IGOUNOKID``) read as a country and PLOVER sectors.

Used to convert the PETRARCH2 Phoenix dictionaries and their agent codes (``~GOVMIL``); the
segment table is ``dateline/data/actors/cameo_codes.tsv``.
"""

from __future__ import annotations

import functools

from dateline.extract.actors.tables import read_countries, rows
from dateline.model import Record


class CameoCode(Record, frozen=True, kw_only=True):
    """A CAMEO code read in the PLOVER sense: country (ISO or organisation code) and sectors."""

    country: str | None = None
    sector: str | None = None
    secondary: tuple[str, ...] = ()


class _Segments(Record, frozen=True, kw_only=True):
    countries: dict[str, str]
    sectors: dict[str, str]
    implied: dict[str, str]


@functools.cache
def _segments() -> _Segments:
    countries = {country.iso3: country.iso3 for country in read_countries()}
    sectors: dict[str, str] = {}
    implied: dict[str, str] = {}
    tables = {"country": countries, "sector": sectors, "implies": implied}
    for _, (segment, what, value) in rows("cameo_codes.tsv", columns=3):
        tables[what][segment] = value
    return _Segments(countries=countries, sectors=sectors, implied=implied)


def split_segments(code: str) -> tuple[str, ...]:
    """The 3-letter pieces of a code; a short trailing piece is kept as it is."""
    code = code.strip().strip("~").upper()
    return tuple(code[start : start + 3] for start in range(0, len(code), 3))


def read_code(code: str) -> CameoCode:
    """Country from the first segment (or the organisation after ``IGO``); sectors from the rest."""
    table = _segments()
    pieces = split_segments(code)
    country = table.countries.get(pieces[0]) if pieces else None
    rest = pieces[1:] if country else pieces
    if country == "IGO" and rest and rest[0] in {"UNO", "EUR", "NAT"}:
        country = table.countries[rest[0]]
        rest = rest[1:]
    sectors = [table.sectors[piece] for piece in rest if piece in table.sectors]
    if not sectors and country in table.implied:
        sectors = [table.implied[country]]
    unique = _specific_first(tuple(dict.fromkeys(sectors)))
    return CameoCode(country=country, sector=unique[0] if unique else None, secondary=unique[1:])


# CAMEO writes a legislator as GOVLEG and a defence minister as GOVMIL; PLOVER wants LEG and MIL.
_BRANCHES = frozenset({"LEG", "JUD", "SPY", "COP", "MIL"})


def _specific_first(sectors: tuple[str, ...]) -> tuple[str, ...]:
    if len(sectors) > 1 and sectors[0] == "GOV" and sectors[1] in _BRANCHES:
        return (sectors[1], "GOV", *sectors[2:])
    return sectors


def read_agent_code(code: str, *, is_plover: bool = False) -> CameoCode:
    """An agent code (``~GOVMIL``, ``NGO~``): sectors only, in PLOVER terms.

    ``is_plover`` codes (from PLOVER_agents.txt) already use PLOVER sectors: MED is health there.
    """
    table = _segments()
    pieces = split_segments(code)
    if is_plover:
        plover = set(table.sectors.values())
        sectors = [piece for piece in pieces if piece in plover]
    else:
        sectors = [table.sectors[piece] for piece in pieces if piece in table.sectors]
    sectors += [table.implied[piece] for piece in pieces if piece in table.implied]
    unique = _specific_first(tuple(dict.fromkeys(sectors)))
    return CameoCode(sector=unique[0] if unique else None, secondary=unique[1:])
