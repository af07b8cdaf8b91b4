"""Convert the PETRARCH2 Phoenix dictionaries and PLOVER_agents.txt into the actor data files.

Run from the repository root:  python scripts/build_actor_kb.py [--shared ../shared]
Writes dateline/data/actors/phoenix_{persons,organisations,groups}.tsv and agents.tsv.  The
hand-written files (countries, organisations, groups, persons, agents_curated) are not touched.
"""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateline.extract.actors.cameo import read_agent_code, read_code
from dateline.extract.actors.keys import fold, loose_key
from dateline.extract.actors.tables import actor_names, data_text, read_actor_rows

log = logging.getLogger("build_actor_kb")

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "dateline" / "data" / "actors"
PHOENIX = "reference/petrarch2-dictionaries"
_RESTRICTION = re.compile(r"\[([^\]]*)\]")
_PLURAL = re.compile(r"\{([^}]*)\}")
_SUBSTITUTION = re.compile(r"^(!\w+!)\s*=\s*(.+)$")
# Phoenix person synonyms often carry a title ("PRESIDENT_OBAMA"); titles are the resolver's job.
_TITLES = (
    "mr mrs ms dr president minister secretary senator ambassador governor general prime "
    "administration government king queen prince sheikh sheik chief leader premier "
    "chancellor foreign defense defence former vice deputy commander spokesman envoy mayor "
    "judge justice representative rep sen gen col lt adm colonel admiral emir amir of the "
    "and sultan pope cardinal bishop archbishop ayatollah mullah imam reverend rev sir lord "
    "lady dame"
)
_TITLE_WORDS = frozenset(_TITLES.split())


@dataclass
class PhoenixRecord:
    """One actor record of a Phoenix .actors file: its phrases, coded restrictions and comment."""

    phrases: list[str] = field(default_factory=list)
    restrictions: list[str] = field(default_factory=list)
    comment: str = ""


def _split_comment(line: str) -> tuple[str, str]:
    body, _, comment = line.partition("#")
    return body.rstrip(), comment.strip()


def parse_actor_file(text: str) -> Iterator[PhoenixRecord]:
    """Phoenix actor records; a record without codes shares those of the record after it."""
    record = PhoenixRecord()
    for raw in text.splitlines():
        body, comment = _split_comment(raw)
        if not body.strip():
            continue
        if body[0] not in "+\t " and record.restrictions:
            yield record
            record = PhoenixRecord()
        codes = _RESTRICTION.findall(body)
        phrase = _RESTRICTION.sub("", body).strip().lstrip("+").strip()
        if phrase:
            record.phrases.append(phrase)
        record.restrictions.extend(codes)
        record.comment = record.comment or comment
    if record.restrictions:
        yield record


def parse_day(text: str) -> date | None:
    """A Phoenix date, YYYYMMDD or YYMMDD (two-digit years up to 30 are 20xx); None if malformed."""
    digits = text.strip()
    if len(digits) == 6:
        year = int(digits[:2])
        digits = f"{2000 + year if year <= 30 else 1900 + year}{digits[2:]}"
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


@dataclass
class Restriction:
    """One coded restriction: ``[CODE]``, ``[CODE >date]``, ``[CODE <date]``, ``[CODE d1-d2]``."""

    code: str
    valid_from: date | None = None
    valid_to: date | None = None


def parse_restriction(text: str) -> Restriction | None:
    """A restriction, or None for the null code ``---`` and unreadable or inverted dates."""
    code, _, span = text.strip().partition(" ")
    span = span.strip()
    if not code or code.startswith("-"):
        return None
    if not span:
        return Restriction(code=code)
    if span[0] in "<>":
        day = parse_day(span[1:])
        if day is None:
            return None
        return (
            Restriction(code=code, valid_to=day)
            if span[0] == "<"
            else Restriction(code=code, valid_from=day)
        )
    start, _, end = span.partition("-")
    first, last = parse_day(start), parse_day(end)
    # Phoenix has a few inverted intervals (typos); a role that can never hold is dropped.
    if first is None or last is None or first > last:
        return None
    return Restriction(code=code, valid_from=first, valid_to=last)


def display_name(phrase: str) -> str:
    """ "SERGEY_V._LAVROV_" → "Sergey V. Lavrov"; "FRONT_(FLN)" keeps its acronym in capitals."""
    words = phrase.replace("_", " ").split()
    return " ".join(_display_word(word, first=not index) for index, word in enumerate(words))


def _display_word(word: str, *, first: bool) -> str:
    if word.startswith("("):
        return word.upper()
    if not first and word.casefold() in _SMALL_WORDS:
        return word.casefold()
    return "-".join(part.capitalize() for part in word.split("-"))


_SMALL_WORDS = frozenset({"of", "the", "and", "in", "for", "on", "to", "at", "de", "del", "la"})


def is_titled(phrase: str) -> bool:
    """True when a phrase has a title or function word, so it is not a bare personal name."""
    return any(word in _TITLE_WORDS for word in loose_key(phrase.replace(".", " ")).split())


def slug(text: str) -> str:
    """An id-safe form of a name."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).casefold()).strip("-")


@dataclass
class ActorRow:
    """One output row (one role) of an actor TSV file."""

    id: str
    kind: str
    name: str
    country: str
    sector: str
    title: str
    valid_from: str
    valid_to: str
    aliases: str

    def line(self) -> str:
        return "\t".join(
            (
                self.id,
                self.kind,
                self.name,
                self.country,
                self.sector,
                self.title,
                self.valid_from,
                self.valid_to,
                self.aliases,
            )
        )


def actor_rows(record: PhoenixRecord, *, kind: str, prefix: str) -> list[ActorRow]:
    """The rows of one record: one per readable restriction, aliases on the first."""
    primary = record.phrases[0]
    name = display_name(primary)
    keep = [p for p in record.phrases[1:] if kind != "person" or not is_titled(p)]
    aliases = "|".join(dict.fromkeys(display_name(p) for p in keep if display_name(p) != name))
    out: list[ActorRow] = []
    for text in record.restrictions:
        restriction = parse_restriction(text)
        if restriction is None:
            continue
        coded = read_code(restriction.code)
        out.append(
            ActorRow(
                id=f"{prefix}:{slug(primary)}",
                kind=kind,
                name=name,
                country=coded.country or "",
                sector=coded.sector or "",
                title="",
                valid_from=_iso(restriction.valid_from),
                valid_to=_iso(restriction.valid_to),
                aliases="" if out else aliases,
            )
        )
    return out


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def person_kind(record: PhoenixRecord) -> bool:
    """Phoenix country files mix persons, country names and titles; keep the persons."""
    primary = record.phrases[0]
    if is_titled(primary) or not any(char.isalpha() for char in primary):
        return False
    dated = any(parse_restriction(text) and " " in text.strip() for text in record.restrictions)
    has_sector = any(
        read_code(text.split()[0]).sector for text in record.restrictions if text.split()
    )
    return has_sector and ("CountryInfo" in record.comment or dated)


# the last word of a group's name, never of a person's ("Pro-Chechen Wahhabi Group", "Moro Islamic
# Liberation Front"): such an entry filed among persons would make "the group" a surname
_GROUP_WORDS = frozenset({
    "group", "front", "army", "organization", "organisation", "movement", "brigade", "brigades",
    "party", "council", "committee", "faction", "force", "forces", "network", "union",
    "alliance", "league", "mujahideen", "battalion", "tigers", "commandos", "cell", "cells",
})  # fmt: skip


def group_kind(record: PhoenixRecord) -> str:
    """Non-state file: the kkl-curated entries are groups, and so is a name that ends as only
    a group's does; the others here are named people."""
    if "kkl" in record.comment or len(record.phrases) > 4 or _named_like_group(record):
        return "group"
    return "person"


def _named_like_group(record: PhoenixRecord) -> bool:
    words = record.phrases[0].replace("_", " ").split()
    return bool(words) and words[-1].lower() in _GROUP_WORDS


def organisation_kind(record: PhoenixRecord) -> str:
    """International file: dated or "IGOrulers" records are people, the rest organisations."""
    dated = any(" " in text.strip() for text in record.restrictions)
    person = (dated or "IGOrulers" in record.comment) and not _named_like_group(record)
    return "person" if person else "organisation"


def write_tsv(path: Path, header: str, lines: Iterable[str]) -> int:
    """Write a data file with its header comment; the number of data lines."""
    body = list(lines)
    path.write_text(header + "".join(f"{line}\n" for line in body), encoding="utf-8")
    log.info("wrote %s (%d rows)", path.relative_to(REPO), len(body))
    return len(body)


ACTOR_HEADER = """\
# {what}, converted by scripts/build_actor_kb.py from the PETRARCH2 Phoenix dictionary
# {source} (Open Event Data Alliance, MIT licence; copyright 2014 Open Event Data Alliance;
# https://github.com/openeventdata/petrarch2). CAMEO codes are read as country and PLOVER sector
# through cameo_codes.tsv. Dates are inclusive; an undated row is the fallback role. Actors that
# a curated file names are left out: corrections belong there. Regenerate rather than edit.
# Columns: id, kind, name, country, sector, title, valid_from, valid_to, aliases (tab-separated)
"""


def curated_names(*names: str) -> frozenset[str]:
    """Loose keys of every name and alias in the curated actor files (they take precedence)."""
    keys: set[str] = set()
    for name in names:
        for group in read_actor_rows(name).values():
            keys.update(loose_key(alias) for alias in actor_names(group))
    return frozenset(keys)


def convert_actors(shared: Path, exclusions: frozenset[str]) -> None:
    """Write the three Phoenix-derived actor files, leaving out actors the curated files name."""
    persons = curated_names("persons.tsv")
    organisations = curated_names("organisations.tsv", "groups.tsv")
    jobs = (
        (
            "Phoenix.Countries.actors.txt",
            "phoenix_persons.tsv",
            "Persons with dated roles",
            persons,
        ),
        (
            "Phoenix.International.actors.txt",
            "phoenix_organisations.tsv",
            "International organisations, NGOs, companies and their officials",
            organisations,
        ),
        (
            "Phoenix.MilNonState.actors.txt",
            "phoenix_groups.tsv",
            "Non-state armed groups",
            organisations,
        ),
    )
    for source, target, what, curated in jobs:
        text = (shared / PHOENIX / source).read_text(encoding="utf-8", errors="replace")
        lines = [row.line() for row in _convert(source, text, exclusions, curated)]
        header = ACTOR_HEADER.format(what=what, source=source)
        write_tsv(OUT / target, header, lines)


def _convert(
    source: str, text: str, exclusions: frozenset[str], curated: frozenset[str]
) -> Iterator[ActorRow]:
    seen: set[str] = set()
    for record in parse_actor_file(text):
        record.phrases = [p for p in record.phrases if loose_key(p) not in exclusions]
        if not record.phrases or any(loose_key(p) in curated for p in record.phrases):
            continue
        kind = _kind(source, record)
        if kind is None:
            continue
        rows = actor_rows(record, kind=kind, prefix="phx")
        if rows and rows[0].id not in seen:
            seen.add(rows[0].id)
            yield from rows


def _kind(source: str, record: PhoenixRecord) -> str | None:
    if "Countries" in source:
        if not person_kind(record):
            return None
        return "group" if _named_like_group(record) else "person"  # "The Islamic Front"
    if "MilNonState" in source:
        return group_kind(record)
    return organisation_kind(record)


def agent_lines(text: str, *, is_plover: bool) -> Iterator[tuple[str, str]]:
    """(phrase, line) for every expanded agent phrase: substitutions and plurals applied."""
    substitutions: dict[str, list[str]] = {}
    for raw in text.splitlines():
        body, _ = _split_comment(raw)
        body = body.strip()
        if match := _SUBSTITUTION.match(body):
            substitutions[match[1]] = [word.strip() for word in match[2].split(",")]
            continue
        codes = _RESTRICTION.findall(body)
        if not codes:
            continue
        yield from _agent_forms(body, codes[0], substitutions, is_plover=is_plover)


def _agent_forms(
    body: str, code: str, substitutions: dict[str, list[str]], *, is_plover: bool
) -> Iterator[tuple[str, str]]:
    coded = read_agent_code(code, is_plover=is_plover)
    if coded.sector is None:
        return
    plural = _PLURAL.search(body)
    root = _PLURAL.sub("", _RESTRICTION.sub("", body)).strip()
    source = "plover" if is_plover else "phoenix"
    for singular in _substitute(root, substitutions):
        title = _phrase(singular)
        forms = [singular, *_plurals(singular, plural[1] if plural else None, substitutions)]
        for form in forms:
            phrase = _phrase(form)
            line = "\t".join((phrase, coded.sector, "|".join(coded.secondary), title, source))
            yield phrase, line


def _phrase(text: str) -> str:
    return " ".join(text.replace("_", " ").casefold().split())


def _substitute(root: str, substitutions: dict[str, list[str]]) -> list[str]:
    for marker, words in substitutions.items():
        if marker in root:
            return [root.replace(marker, word) for word in words]
    return [root]


def _plurals(singular: str, given: str | None, substitutions: dict[str, list[str]]) -> list[str]:
    if given is not None:
        return [given.strip()] if given.strip() else []
    if any(word in singular for words in substitutions.values() for word in words):
        return []
    stem = singular.rstrip("_ ")
    if stem.endswith("Y") and not stem.endswith(("AY", "EY", "OY")):
        return [stem[:-1] + "IES"]
    return [stem + "ES"] if stem.endswith(("SS", "SH", "CH", "X")) else [stem + "S"]


AGENT_HEADER = """\
# Agent and title words with the PLOVER sector they imply, converted by scripts/build_actor_kb.py
# from ontology/PLOVER_agents.txt (PLOVER project, MIT licence) and, for phrases PLOVER lacks, from
# the PETRARCH2 Phoenix.agents.txt (Open Event Data Alliance, MIT licence; CAMEO codes read through
# cameo_codes.tsv, so CAMEO's MED becomes PLOVER's JRN). Substitutions (!PERSON!, !MINIST!) and
# plurals are expanded. agents_curated.tsv takes precedence. Regenerate rather than edit.
# Columns: phrase (lower case)<TAB>sector<TAB>secondary sectors<TAB>title (singular)<TAB>source
"""


def convert_agents(shared: Path) -> None:
    """Write agents.tsv: PLOVER first, then Phoenix phrases PLOVER does not have."""
    lines: dict[str, str] = {}
    sources = (
        (shared / "ontology" / "PLOVER_agents.txt", True),
        (shared / PHOENIX / "Phoenix.agents.txt", False),
    )
    for path, is_plover in sources:
        for phrase, line in agent_lines(path.read_text(encoding="utf-8"), is_plover=is_plover):
            lines.setdefault(phrase, line)
    write_tsv(OUT / "agents.tsv", AGENT_HEADER, sorted(lines.values()))


def exclusions() -> frozenset[str]:
    """Phoenix phrases too generic to keep as names (phoenix_exclusions.tsv)."""
    keys = set()
    for line in data_text("phoenix_exclusions.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            keys.add(loose_key(line.split("\t")[0]))
    return frozenset(keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    convert_actors(args.shared, exclusions())
    convert_agents(args.shared)


if __name__ == "__main__":
    main()
