"""``dateline cluster`` and ``dateline stories`` as users run them, through typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.store.duck import Store
from dateline.store.stories import update_stories
from tests.fuse.test_stories import ACEH, QESHM

runner = CliRunner()


def _lines() -> list[str]:
    rows = [
        {"id": f"q{n}", "title": title, "text": text, "published": "2021-01-03"}
        for n, (title, text) in enumerate(QESHM)
    ] + [
        {"id": f"a{n}", "title": title, "text": text, "published": "2021-01-05"}
        for n, (title, text) in enumerate(ACEH)
    ]
    copy = {**rows[0], "id": "q-copy", "published": "2021-01-04"}
    return [json.dumps(row) for row in rows] + ["not json", json.dumps(copy)]


def _cluster(tmp_path: Path) -> list[dict[str, object]]:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(_lines()) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["cluster", "-i", str(source)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_cluster_gives_one_line_per_input_line_in_order(tmp_path: Path) -> None:
    found = _cluster(tmp_path)
    assert [row["id"] for row in found] == ["q0", "q1", "q2", "a0", "a1", "a2", None, "q-copy"]


def test_cluster_groups_each_earthquake_apart(tmp_path: Path) -> None:
    story = {row["id"]: row["story"] for row in _cluster(tmp_path)}
    assert story["q0"] == story["q1"] == story["q2"] == story["q-copy"]
    assert story["a0"] == story["a1"] == story["a2"] != story["q0"]


def test_cluster_marks_copies_and_bad_lines(tmp_path: Path) -> None:
    found = {row["id"]: row for row in _cluster(tmp_path)}
    assert found["q-copy"]["duplicate_of"] == "q0"
    assert found[None]["error"]["code"] == "malformed_json"  # type: ignore[index]
    assert found["q0"]["error"] is None


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_stories_lists_the_stored_stories(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "d.duckdb"
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(_lines()) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(source), "--db", str(db), "--quiet"]).exit_code == 1
    with Store(db) as store:
        update_stories(store)
    result = runner.invoke(app, ["stories", "--db", str(db), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        rows = [json.loads(line) for line in result.output.splitlines()]
        assert sorted(row["articles"] for row in rows) == [3, 4]
    else:
        assert "Qeshm" in result.output


def test_stories_without_a_store_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stories", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", [["cluster"], ["stories"]])
def test_story_commands_have_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
