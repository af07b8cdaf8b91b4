"""Convert the CAMEO, PLOVER and PETRARCH2 references into the tables under dateline/data/events/.

Run from the repository root:  python scripts/build_event_tables.py [--shared ../shared] [--out DIR]
Writes cameo_codes.tsv, plover_map.tsv, plover_codebook.tsv, verbs.tsv, verb_patterns.tsv and
verb_synsets.tsv; the hand-written files (cameo_corrections.tsv, plover_supplement.tsv,
verbs_curated.tsv) are read, never written.  Output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("build_event_tables")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "dateline" / "data" / "events"
VERB_FILE = "reference/petrarch2-dictionaries/CAMEO.2.0.txt"
_CODE = re.compile(r"^\d{2,4}$")
_C2P_LINE = re.compile(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$")
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_VERB = re.compile(r"^(?P<verb>[^\s{\[]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?")
_PATTERN = re.compile(r"^-\s*(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]\s*(?:#\s*(?P<note>.*))?$")
_SLOTS = frozenset({"$", "+", "^", "%"})
Row = tuple[str, ...]


def sources_header(lines: Sequence[str], columns: str) -> list[str]:
    """The ``#`` lines that open every generated file: provenance, then the column list."""
    return [f"# {line}" for line in lines] + [f"# Columns: {columns}"]


def write_tsv(path: Path, header: Sequence[str], rows: Iterable[Row]) -> int:
    """Write a header and rows as UTF-8 TSV with ``\\n`` endings; return the row count."""
    lines = list(header)
    count = 0
    for row in rows:
        if any("\t" in cell or "\n" in cell for cell in row):
            raise ValueError(f"{path.name}: a cell holds a tab or newline: {row!r}")
        lines.append("\t".join(row))
        count += 1
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return count


def data_rows(path: Path) -> Iterator[list[str]]:
    """Fields of every non-comment, non-blank line of a hand-written TSV file."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


# --- CAMEO codes ---------------------------------------------------------------------------


def read_gdelt_codes(path: Path) -> dict[str, tuple[str, str]]:
    """code -> (label, Goldstein) from the GDELT-derived cameo_codes.tsv."""
    codes: dict[str, tuple[str, str]] = {}
    for fields in data_rows(path):
        if fields[0] == "cameo":
            continue
        code, label, goldstein = fields
        codes[code] = (" ".join(label.split()), f"{float(goldstein):.1f}")
    return codes


def build_codes(gdelt: dict[str, tuple[str, str]], corrections: Path) -> list[Row]:
    """(code, label, goldstein, basis) rows, GDELT's table corrected to CAMEO 1.1b3 numbering."""
    table = {code: (label, score, "gdelt") for code, (label, score) in gdelt.items()}
    for code, action, label, goldstein, _reason in data_rows(corrections):
        if action == "drop":
            table.pop(code, None)
        else:
            table[code] = (label, f"{float(goldstein):.1f}", "corrected")
    return [(code, *table[code]) for code in sorted(table, key=code_key)]


def code_key(code: str) -> tuple[str, int]:
    """Sort CAMEO codes as their hierarchy reads: 01, 010, 011, ..., 02, 020, 0211, ..."""
    return (code[:2] + code[2:].ljust(2, " "), len(code))


# --- PLOVER ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coding:
    """One PLOVER coding of a CAMEO code, and where it came from."""

    type: str
    mode: str
    context: str
    basis: str


def read_cameo2plover(path: Path) -> dict[str, Coding]:
    """code -> coding from CAMEO2PLOVER-2021.txt; the first line for a code wins."""
    codings: dict[str, Coding] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        match = _C2P_LINE.match(raw.strip())
        if match is None or "," not in match.group(2):
            continue
        parts = [part.strip() for part in match.group(2).split(",")]
        context = ";".join(c.strip() for c in parts[2].split(";") if c.strip())
        coding = Coding(parts[0], parts[1], context, "cameo2plover")
        codings.setdefault(match.group(1), coding)
    return codings


def read_supplement(path: Path) -> dict[str, Coding]:
    """code -> coding from the hand-written plover_supplement.tsv."""
    return {row[0]: Coding(row[1], row[2], row[3], "dateline") for row in data_rows(path)}


def plover_coding(code: str, listed: dict[str, Coding]) -> Coding:
    """The coding of ``code``: listed, else its nearest listed parent, else its root's X0 code."""
    if code in listed:
        return listed[code]
    for parent in (code[:3], code[:2] + "0", code[:2]):
        if parent != code and parent in listed:
            found = listed[parent]
            return Coding(found.type, found.mode, found.context, f"parent {parent}")
    raise ValueError(f"no PLOVER coding for CAMEO {code}")


def build_plover(codes: Sequence[Row], listed: dict[str, Coding]) -> list[Row]:
    """(cameo, type, mode, context, basis) for every code of the CAMEO table."""
    rows: list[Row] = []
    for code, *_rest in codes:
        # A root code ("04") is coded as its unspecified child ("040"), which every root has.
        coding = plover_coding(code + "0" if len(code) == 2 else code, listed)
        basis = coding.basis if len(code) > 2 else f"root {code}0"
        rows.append((code, coding.type, coding.mode, coding.context, basis))
    return rows


def build_codebook(path: Path) -> list[Row]:
    """(type, mode, type definition, mode definition) rows, one per distinct pair, file order."""
    seen: dict[tuple[str, str], Row] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            key = (record["event"].strip(), record["mode"].strip())
            cells = (record["event_def"], record["mode_def"])
            seen.setdefault(key, (*key, *(" ".join(cell.split()) for cell in cells)))
    return list(seen.values())


# --- PETRARCH2 verb dictionary -----------------------------------------------------------------


@dataclass
class VerbFile:
    """What the verb dictionary holds, in file order."""

    synsets: list[Row] = field(default_factory=list)
    verbs: list[Row] = field(default_factory=list)
    patterns: list[Row] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)

    def drop(self, why: str) -> None:
        self.dropped[why] = self.dropped.get(why, 0) + 1


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def split_code(text: str, known: set[str]) -> tuple[str, str] | None:
    """``042:043`` -> (primary, complement); ``---`` -> ("", ""); None when a code is unknown."""
    parts = [part.strip() for part in text.strip().split(":")]
    if len(parts) > 2:
        return None
    primary, complement = [*parts, ""][:2]
    clean = tuple("" if part == "---" else part for part in (primary, complement))
    if any(part and (not _CODE.match(part) or part not in known) for part in clean):
        return None
    return clean[0], clean[1]


def regular_forms(base: str) -> list[str]:
    """Third person, past and -ing forms of a regular English verb."""
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in tuple("aeiou"):
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("e"):
        past, ing = base + "d", (base if base.endswith("ee") else base[:-1]) + "ing"
    elif base.endswith("y") and base[-2:-1] not in tuple("aeiou"):
        past, ing = base[:-1] + "ied", base + "ing"
    else:
        past, ing = base + "ed", base + "ing"
    return [third, past, ing]


def verb_words(token: str) -> tuple[list[str], int]:
    """Words of a dictionary verb (``WIRE_+TAP``) and the index of the verb word in them."""
    words = [word for word in token.lower().split("_") if word]
    marked = [i for i, word in enumerate(words) if word.startswith("+")]
    head = marked[0] if marked else 0
    return [word.lstrip("+") for word in words], head


def verb_forms(words: list[str], head: int, listed: str | None) -> list[str]:
    """Inflected forms: the ``{...}`` list when given (PETRARCH lists all of them), else regular."""
    if listed is not None:
        return [" ".join(verb_words(form)[0]) for form in listed.split()]
    return [
        " ".join([*words[:head], form, *words[head + 1 :]]) for form in regular_forms(words[head])
    ]


def pattern_tokens(body: str) -> tuple[list[str], list[str]] | None:
    """Flatten a pattern body into the tokens before and after ``*``; None without a ``*``."""
    flat = re.sub(r"[(){}]", " ", body).replace("_", " ").lower().split()
    if flat.count("*") != 1:
        return None
    star = flat.index("*")
    return flat[:star], flat[star + 1 :]


def parse_verbs(path: Path, known: set[str]) -> VerbFile:
    """Read synsets, verb blocks and patterns from CAMEO.2.0.txt."""
    found = VerbFile()
    lines = path.read_text(encoding="latin-1").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    read_synsets(lines[:start], found)
    read_blocks(lines[start:], start, found, known)
    return found


def read_synsets(lines: Sequence[str], found: VerbFile) -> None:
    label = ""
    for line in lines:
        text = strip_comment(line)
        if text.startswith("&"):
            label = text[1:].rstrip("_").lower()
        elif text.startswith("+") and label:
            phrase = " ".join(text[1:].rstrip("_").replace("_", " ").lower().split())
            found.synsets.append((label, phrase))


def read_blocks(lines: Sequence[str], offset: int, found: VerbFile, known: set[str]) -> None:
    block, block_code = "", ("", "")
    for number, line in enumerate(lines, start=offset + 1):
        header = _BLOCK.match(line)
        text = strip_comment(line) if header is None else ""
        if header is not None:
            block = header.group(1)
            block_code = split_code(header.group(2), known) or ("", "")
        elif text.startswith("~"):
            found.drop("transformation")
        elif line.startswith("-"):
            add_pattern(line, number, block, found, known)
        elif text and block:
            add_verb(text, number, block=block, block_code=block_code, found=found, known=known)


def add_verb(
    text: str,
    number: int,
    *,
    block: str,
    block_code: tuple[str, str],
    found: VerbFile,
    known: set[str],
) -> None:
    match = _VERB.match(text)
    if match is None:
        found.drop("unreadable verb")
        return
    words, head = verb_words(match.group("verb"))
    code = split_code(match.group("code"), known) if match.group("code") else block_code
    if code is None:
        found.drop("verb with an unknown code")
        return
    basis = "verb" if match.group("code") else "block"
    forms = verb_forms(words, head, match.group("forms"))
    before, after = " ".join(words[:head]), " ".join(words[head + 1 :])
    lemma = " ".join(words)
    found.verbs.append(
        (lemma, words[head], before, after, *code, basis, block, "|".join(forms), str(number))
    )


def add_pattern(line: str, number: int, block: str, found: VerbFile, known: set[str]) -> None:
    match = _PATTERN.match(line.strip())
    code = split_code(match.group("code"), known) if match else None
    tokens = pattern_tokens(match.group("body")) if match else None
    if match is None or code is None or tokens is None:
        found.drop("pattern with an unknown code or no verb slot")
        return
    body = " ".join(match.group("body").split())
    note = " ".join((match.group("note") or "").split())
    found.patterns.append(
        (block, " ".join(tokens[0]), " ".join(tokens[1]), *code, body, note, str(number))
    )


# --- main ------------------------------------------------------------------------------------

CODES_SOURCE = (
    "CAMEO event codes, labels and Goldstein scores, converted by scripts/build_event_tables.py",
    "from ontology/cameo_codes.tsv (facts from the GDELT lookup tables), corrected to CAMEO 1.1b3",
    "numbering by the hand-written cameo_corrections.tsv (basis 'corrected'). Do not edit.",
)
PLOVER_SOURCE = (
    "CAMEO -> PLOVER 2.0 type, mode, context. Derived from CAMEO2PLOVER-2021.txt (PLOVER manual",
    "draft 0.8, Philip Schrodt, CC BY-SA 4.0): this file is a derivative, shared alike under",
    "CC BY-SA 4.0. Codes CAMEO2PLOVER lacks come from plover_supplement.tsv (basis 'dateline') or",
    "their nearest parent ('parent X'). Converted by scripts/build_event_tables.py; do not edit.",
)
CODEBOOK_SOURCE = (
    "PLOVER 2.0 types and modes with definitions, from ontology/PLOVER_structured_codebook.csv",
    "(PLOVER project, MIT licence); one row per (type, mode). Converted by build_event_tables.py.",
)
VERB_COLUMNS: tuple[str, ...] = ("lemma", "head", "before", "after", "cameo", "complement")
VERB_COLUMNS += ("basis", "block", "forms (|)", "line")
VERB_SOURCE = (
    "Converted by scripts/build_event_tables.py from the PETRARCH2 verb dictionary CAMEO.2.0.txt",
    "(Open Event Data Alliance, MIT licence; see README.md). Codes are CAMEO 1.1b3; an empty cameo",
    "is PETRARCH's null code '---' (no event: a foil). Regenerate rather than edit.",
)


def build(shared: Path, out: Path) -> dict[str, int]:
    """Write every generated table into ``out``; return row counts by file."""
    out.mkdir(parents=True, exist_ok=True)
    ontology = shared / "ontology"
    codes = build_codes(
        read_gdelt_codes(ontology / "cameo_codes.tsv"), DATA / "cameo_corrections.tsv"
    )
    listed = read_supplement(DATA / "plover_supplement.tsv") | read_cameo2plover(
        ontology / "CAMEO2PLOVER-2021.txt"
    )
    verbs = parse_verbs(shared / VERB_FILE, {row[0] for row in codes})
    for why, count in sorted(verbs.dropped.items()):
        log.info("verb dictionary: dropped %d (%s)", count, why)
    return write_all(
        out,
        codes,
        build_plover(codes, listed),
        build_codebook(ontology / "PLOVER_structured_codebook.csv"),
        verbs,
    )


def write_all(
    out: Path, codes: list[Row], plover: list[Row], codebook: list[Row], verbs: VerbFile
) -> dict[str, int]:
    """Write the six generated tables."""
    tables = {
        "cameo_codes.tsv": (CODES_SOURCE, "code<TAB>label<TAB>goldstein<TAB>basis", codes),
        "plover_map.tsv": (
            PLOVER_SOURCE,
            "cameo<TAB>type<TAB>mode<TAB>context (;)<TAB>basis",
            plover,
        ),
        "plover_codebook.tsv": (
            CODEBOOK_SOURCE,
            "type<TAB>mode<TAB>type_def<TAB>mode_def",
            codebook,
        ),
        "verbs.tsv": (
            VERB_SOURCE,
            "<TAB>".join(VERB_COLUMNS),
            verbs.verbs,
        ),
        "verb_patterns.tsv": (
            VERB_SOURCE,
            "block<TAB>before<TAB>after<TAB>cameo<TAB>complement<TAB>pattern<TAB>note<TAB>line",
            verbs.patterns,
        ),
        "verb_synsets.tsv": (VERB_SOURCE, "synset<TAB>phrase", verbs.synsets),
    }
    return {
        name: write_tsv(out / name, sources_header(source, columns), rows)
        for name, (source, columns, rows) in tables.items()
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for name, count in build(args.shared, args.out).items():
        log.info("%s: %d rows", name, count)


if __name__ == "__main__":
    main()
