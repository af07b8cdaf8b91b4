"""The event ontology: CAMEO codes with Goldstein scores, their PLOVER 2.0 coding and quad class.

Reads the tables under ``dateline/data/events/`` (see its README for sources and licences).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources

from dateline.errors import DatelineError, Errors, config_error
from dateline.model import Record

DATA_DIR = "data/events"
STATEMENT = "STATEMENT"
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
# The standard CAMEO quad classes (GDELT QuadClass, Duval & Thompson) by root code, with the
# public statements (01) split off as class 0, as DESIGN §5 and ConfliBERT's pentaclass do:
# 0 statement 01; 1 verbal cooperation 02-05; 2 material cooperation 06-08;
# 3 verbal conflict 09-13; 4 material conflict 14-20.
_QUAD_BY_ROOT = {1: 0} | dict.fromkeys(range(2, 6), 1) | dict.fromkeys(range(6, 9), 2)
_QUAD_BY_ROOT |= dict.fromkeys(range(9, 14), 3) | dict.fromkeys(range(14, 21), 4)


class CameoCode(Record, frozen=True, kw_only=True):
    """One CAMEO event code: ``code`` "0411" has ``root`` "04"; ``goldstein`` runs -10..+10."""

    code: str
    label: str
    goldstein: float
    root: str
    basis: str


class PloverCoding(Record, frozen=True, kw_only=True):
    """The PLOVER 2.0 coding of a CAMEO code (type STATEMENT for CAMEO 01x).

    ``intensity`` is the Goldstein score of ``cameo``: the shared PLOVER sources give no intensity
    scale, and Goldstein is the scale the CAMEO literature already uses (-10 conflict .. +10).
    """

    type: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str
    quad: int
    intensity: float
    basis: str


class PloverCategory(Record, frozen=True, kw_only=True):
    """A PLOVER type and one of its modes (``mode`` None for the type itself), with definitions."""

    type: str
    mode: str | None
    definition: str
    mode_definition: str


def data_rows(name: str, *, columns: int) -> Iterator[list[str]]:
    """Fields of every data row of ``dateline/data/events/<name>``, each with ``columns`` fields."""
    text = resources.files("dateline").joinpath(f"{DATA_DIR}/{name}").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            detail = f"{DATA_DIR}/{name}:{number} has {len(fields)} fields, expected {columns}"
            raise config_error(Errors.E004, detail=detail)
        yield fields


@functools.cache
def _codes() -> dict[str, CameoCode]:
    return {
        code: CameoCode(code=code, label=label, goldstein=float(score), root=code[:2], basis=basis)
        for code, label, score, basis in data_rows("cameo_codes.tsv", columns=4)
    }


@functools.cache
def _plover() -> dict[str, PloverCoding]:
    codes = _codes()
    return {
        code: PloverCoding(
            type=kind,
            mode=mode or None,
            context=tuple(part for part in context.split(";") if part),
            cameo=code,
            quad=quad(code),
            intensity=codes[code].goldstein,
            basis=basis,
        )
        for code, kind, mode, context, basis in data_rows("plover_map.tsv", columns=5)
    }


def cameo_codes() -> tuple[CameoCode, ...]:
    """Every known CAMEO code, in hierarchy order."""
    return tuple(_codes().values())


def is_cameo(code: str) -> bool:
    """Whether ``code`` is a known CAMEO event code."""
    return code in _codes()


def cameo(code: str) -> CameoCode:
    """The CAMEO code ``code``; an unknown code is a bug or bad configuration and raises."""
    found = _codes().get(code)
    if found is None:
        raise _unknown(code)
    return found


def plover_for(code: str) -> PloverCoding:
    """The PLOVER coding of CAMEO ``code`` (CAMEO2PLOVER-2021, completed for 01x and 02x)."""
    found = _plover().get(code)
    if found is None:
        raise _unknown(code)
    return found


def quad(code: str) -> int:
    """The quad class of a CAMEO code: 0 statement, 1..4 as ``_QUAD_BY_ROOT`` documents."""
    root = cameo(code).root
    return _QUAD_BY_ROOT[int(root)]


def pentaclass(code: str) -> int:
    """ConfliBERT's five-way label of a CAMEO code; it coincides with dateline's quad (0 = 01x)."""
    return quad(code)


@functools.cache
def plover_categories() -> tuple[PloverCategory, ...]:
    """The PLOVER types and modes of the structured codebook, in codebook order."""
    return tuple(
        PloverCategory(type=kind, mode=mode or None, definition=text, mode_definition=mode_text)
        for kind, mode, text, mode_text in data_rows("plover_codebook.tsv", columns=4)
    )


def _unknown(code: str) -> DatelineError:
    return config_error(Errors.E007, code=code, where="")
