"""The CAMEO/PLOVER ontology tables and their lookups."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.extract.events import (
    PLOVER_TYPES,
    STATEMENT,
    cameo,
    cameo_codes,
    pentaclass,
    plover_categories,
    plover_for,
    quad,
)
from dateline.extract.events.ontology import data_rows
from tests.conftest import REPO, SHARED

GENERATED = (
    "cameo_codes.tsv",
    "plover_map.tsv",
    "plover_codebook.tsv",
    "verbs.tsv",
    "verb_patterns.tsv",
    "verb_synsets.tsv",
)


@pytest.mark.parametrize(
    ("code", "label", "root"),
    [
        ("0411", None, None),
        ("041", "Discuss by telephone", "04"),
        ("163", "Impose embargo, boycott, or sanctions", "16"),
        ("164", "Halt negotiations", "16"),
        ("0872", "Ease military blockade", "08"),
        ("112", "Accuse, not specified below", "11"),
    ],
)
def test_cameo_label_and_root(code: str, label: str | None, root: str | None) -> None:
    if label is None:
        with pytest.raises(DatelineError, match="E007"):
            cameo(code)
        return
    found = cameo(code)
    assert (found.label, found.root) == (label, root)


@pytest.mark.parametrize("code", ["", "999", "04x", "0357", "1641"])
def test_unknown_code_raises(code: str) -> None:
    with pytest.raises(DatelineError, match="E007 Unknown CAMEO event code"):
        plover_for(code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("01", 0), ("010", 0), ("019", 0), ("020", 1), ("0256", 1), ("036", 1), ("046", 1),
        ("057", 1), ("060", 2), ("073", 2), ("0874", 2), ("090", 3), ("100", 3), ("112", 3),
        ("129", 3), ("1385", 3), ("140", 4), ("154", 4), ("163", 4), ("173", 4), ("186", 4),
        ("195", 4), ("2042", 4),
    ],
)  # fmt: skip
def test_quad_follows_root_classes(code: str, expected: int) -> None:
    assert quad(code) == expected == pentaclass(code) == plover_for(code).quad


@pytest.mark.parametrize(
    ("code", "kind", "mode", "context"),
    [
        ("010", STATEMENT, None, ()),
        ("015", STATEMENT, None, ()),
        ("041", "CONSULT", "phone", ()),
        ("042", "CONSULT", "visit", ()),
        ("020", "REQUEST", None, ()),
        ("0233", "REQUEST", "assist", ("humanitarian",)),
        ("106", "REQUEST", "meet", ("diplomatic",)),
        ("091", "ACCUSE", "investigate", ("crime", "corruption")),
        ("163", "COERCE", "restrict", ("diplomatic",)),
        ("1712", "ASSAULT", "seize", ("human_security",)),
        ("0841", "RETREAT", "release", ("legal",)),
        ("195", "ASSAULT", "heavy-weapons", ("military",)),
        ("1952", "ASSAULT", "drone", ("military",)),
    ],
)
def test_plover_coding(code: str, kind: str, mode: str | None, context: tuple[str, ...]) -> None:
    coding = plover_for(code)
    assert (coding.type, coding.mode, coding.context, coding.cameo) == (kind, mode, context, code)


def test_intensity_is_goldstein() -> None:
    assert plover_for("195").intensity == cameo("195").goldstein == -10.0


def test_every_code_has_a_plover_type() -> None:
    types = {plover_for(code.code).type for code in cameo_codes()}
    assert types <= {*PLOVER_TYPES, STATEMENT}
    assert types == {*PLOVER_TYPES, STATEMENT}


def test_codebook_types_are_plover_types() -> None:
    assert {category.type for category in plover_categories()} == set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("cameo_codes.tsv", 4),
        ("plover_map.tsv", 5),
        ("plover_codebook.tsv", 4),
        ("cameo_corrections.tsv", 5),
        ("plover_supplement.tsv", 5),
    ],
)
def test_every_row_parses(name: str, columns: int) -> None:
    assert sum(1 for _ in data_rows(name, columns=columns)) > 10


def test_converter_is_reproducible(tmp_path: Path) -> None:
    if not (SHARED / "ontology").is_dir():
        pytest.skip("../shared/ontology is not present")
    script = REPO / "scripts" / "build_event_tables.py"
    command = [sys.executable, str(script), "--shared", str(SHARED), "--out", str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True)
    data = REPO / "dateline" / "data" / "events"
    match, mismatch, errors = filecmp.cmpfiles(data, tmp_path, GENERATED, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert sorted(match) == sorted(GENERATED)
