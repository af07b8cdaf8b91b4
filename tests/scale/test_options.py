"""``dateline run --engine spark`` refuses what it cannot do before any Spark starts, with one
line and exit code 2; these need neither pyspark nor Java."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dateline.cli import main as cli_main
from dateline.errors import DatelineError
from dateline.scale import spark as engine


def _run(args: list[str]) -> int:
    return cli_main.run_cli(["run", *args, "--engine", "spark", "-q"])


def _one_line(text: str) -> str:  # the console wraps its messages to the terminal's width
    return " ".join(text.split())


def test_nothing_to_read_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([str(tmp_path / "absent"), "--db", str(tmp_path / "out")]) == 2
    assert "Nothing to read" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_stdin_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["-", "--db", str(tmp_path / "out")]) == 2
    assert "reads files, not stdin" in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize("kind", ["folder with a file", "file"])
def test_a_db_that_is_no_new_or_empty_folder_is_refused(
    tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    db = tmp_path / "out"
    if kind == "file":
        db.write_text("not a dataset")
    else:
        db.mkdir()
        (db / "notes.txt").write_text("mine")
    assert _run([str(seeds_dir), "--db", str(db)]) == 2
    assert "must be a new or empty folder" in _one_line(capsys.readouterr().err)
    assert db.exists()  # nothing the user had is removed


def test_without_java_the_engine_says_what_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(DatelineError, match="E010"):
        engine.spark_session("local[1]")
    assert "JAVA_HOME" not in os.environ
