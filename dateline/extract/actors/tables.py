"""Read the knowledge base's TSV data files (``dateline/data/actors/``) into records.

Each file starts with ``#`` comment lines giving its source, licence and columns; every other line
is one row.  A malformed row is a bug in shipped data, so it raises with the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from importlib import resources

from dateline.extract.actors.records import AgentMatch, Country, KbEntry, Role, Source
from dateline.extract.actors.roles import latest_role
from dateline.model import ActorKind

DATA_DIR = "data/actors"
ACTOR_COLUMNS = 9
AGENT_COLUMNS = 5
COUNTRY_COLUMNS = 5
_KINDS: dict[str, ActorKind] = {
    "person": "person",
    "organisation": "organisation",
    "group": "group",
    "country": "country",
}


class DataFileError(ValueError):
    """A shipped data file has a row that does not parse (a packaging bug, not bad input)."""


def data_text(name: str) -> str:
    """The text of one data file under ``dateline/data/actors/``."""
    return resources.files("dateline").joinpath(f"{DATA_DIR}/{name}").read_text(encoding="utf-8")


def rows(name: str, *, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of every data row, each checked to have ``columns`` fields."""
    for number, line in enumerate(data_text(name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise DataFileError(f"{name}:{number}: expected {columns} fields, got {len(fields)}")
        yield number, fields


def split_values(field: str) -> tuple[str, ...]:
    """The "|"-separated values of a field, stripped, empty ones dropped."""
    return tuple(value.strip() for value in field.split("|") if value.strip())


def parse_day(field: str, *, where: str) -> date | None:
    """An ISO date, or None for an empty field."""
    if not field:
        return None
    try:
        return date.fromisoformat(field)
    except ValueError as error:
        raise DataFileError(f"{where}: bad date {field!r}") from error


def read_countries(name: str = "countries.tsv") -> tuple[Country, ...]:
    """Every country row of ``countries.tsv``."""
    return tuple(
        Country(
            iso3=iso3,
            name=canonical,
            names=split_values(names),
            adjectives=split_values(adjectives),
            capitals=split_values(capitals),
        )
        for _, (iso3, canonical, names, adjectives, capitals) in rows(name, columns=COUNTRY_COLUMNS)
    )


def read_agents(name: str) -> tuple[tuple[str, AgentMatch], ...]:
    """(phrase, match) pairs of an agent file: phrase, sector, secondary sectors, title, source."""
    pairs = []
    for _, (phrase, sector, secondary, title, source) in rows(name, columns=AGENT_COLUMNS):
        match = AgentMatch(
            title=title,
            sector=sector or None,
            secondary=split_values(secondary),
            source=_source(source),
        )
        pairs.append((phrase, match))
    return tuple(pairs)


def _source(field: str) -> Source:
    if field == "phoenix":
        return "phoenix"
    return "plover" if field == "plover" else "curated"


def read_actor_rows(name: str) -> dict[str, list[list[str]]]:
    """The rows of an actor file grouped by id, unparsed (entries are built on demand)."""
    grouped: dict[str, list[list[str]]] = {}
    for number, fields in rows(name, columns=ACTOR_COLUMNS):
        fields.append(f"{name}:{number}")
        grouped.setdefault(fields[0], []).append(fields)
    return grouped


def actor_names(group: list[list[str]]) -> tuple[str, ...]:
    """The name and aliases of an actor from its rows, without building the entry."""
    return (group[0][2], *(alias for fields in group for alias in split_values(fields[8])))


def read_actors(name: str, *, source: Source) -> tuple[KbEntry, ...]:
    """The entries of an actor file; rows sharing an id are further roles of the same actor.

    Columns: id, kind, name, country, sector, title, valid_from, valid_to, aliases ("|").
    """
    grouped = read_actor_rows(name)
    return tuple(build_entry(group, source=source) for group in grouped.values())


def build_entry(group: list[list[str]], *, source: Source) -> KbEntry:
    """One entry from its rows (see ``read_actors``)."""
    first = group[0]
    roles = tuple(_role(fields) for fields in group)
    aliases = tuple(dict.fromkeys(alias for fields in group for alias in split_values(fields[8])))
    default = latest_role(roles) or Role()
    kind = _KINDS.get(first[1])
    if kind is None:
        raise DataFileError(f"{first[9]}: unknown kind {first[1]!r}")
    return KbEntry(
        id=first[0],
        name=first[2],
        kind=kind,
        country=default.country,
        sector=default.sector,
        roles=roles,
        aliases=aliases,
        source=source,
    )


def _role(fields: list[str]) -> Role:
    where = fields[9]
    return Role(
        title=fields[5] or None,
        country=fields[3] or None,
        sector=fields[4] or None,
        valid_from=parse_day(fields[6], where=where),
        valid_to=parse_day(fields[7], where=where),
    )
