"""The command line as users touch it: through typer's runner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import main as cli_main
from dateline.cli.main import app
from dateline.store.duck import Store
from dateline.store.fused import FusedFilter, list_fused

runner = CliRunner()
COMMANDS = [
    ["ingest"],
    ["run"],
    ["articles"],
    ["articles", "show"],
    ["extract"],
    ["actors"],
    ["quotes"],
    ["events"],
    ["export"],
    ["eval"],
    ["timeline"],
    ["fuse"],
    ["stories"],
    ["countries"],
    ["cluster"],
    ["serve"],
    ["report"],
    ["watch"],
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_run_on_seeds_prints_a_summary(seeds_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(seeds_dir), "--db", str(tmp_path / "d.duckdb")])
    assert result.exit_code == 0, result.output
    assert "Added 5 articles" in result.output
    assert "Store: 5 articles" in result.output
    assert "Languages: en 5" in result.output
    assert "Extracted 5 articles" in result.output


def test_rejections_give_exit_code_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "d.duckdb")])
    assert result.exit_code == 1
    assert "empty_file" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "x", "--published", "not-a-date"],
        ["ingest", "x", "--workers", "0"],
        ["frobnicate"],
    ],
)
def test_usage_errors_give_exit_code_2(tmp_path: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "d.duckdb")])
    assert result.exit_code == 2


def test_articles_jsonl_carries_every_field(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "d.duckdb")
    runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--quiet"])
    result = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 5
    assert {
        "id",
        "text",
        "title",
        "published",
        "published_basis",
        "language",
        "content_hash",
        "raw_text",
        "url",
        "source",
        "ingested_at",
        "duplicate_of",
    } <= set(rows[0])


def test_articles_show_and_csv(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "d.duckdb")
    runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--quiet"])
    listing = runner.invoke(app, ["articles", "--db", db, "--format", "csv"])
    first_id = listing.output.splitlines()[1].split(",")[0]
    shown = runner.invoke(app, ["articles", "show", first_id, "--db", db])
    assert shown.exit_code == 0
    assert first_id in shown.output
    missing = runner.invoke(app, ["articles", "show", "nope", "--db", db])
    assert missing.exit_code == 2
    # the store and format named before "show" are the ones it reads and writes
    before = runner.invoke(app, ["articles", "--db", db, "-f", "jsonl", "show", first_id])
    assert before.exit_code == 0, before.output
    assert json.loads(before.output)["id"] == first_id


def test_stdin_and_workers_as_a_real_process(tmp_path: Path) -> None:
    lines = "".join(
        json.dumps(
            {
                "id": f"s{i}",
                "text": f"Story number {i} about the talks in Kabul between the envoys.",
            }
        )
        + "\n"
        for i in range(4)
    )
    db = tmp_path / "d.duckdb"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dateline",
            "ingest",
            "-",
            "--db",
            str(db),
            "--workers",
            "2",
            "--quiet",
        ],
        input=lines.encode(),
        check=False,
    )
    assert done.returncode == 0
    listing = subprocess.run(
        [sys.executable, "-m", "dateline", "articles", "--db", str(db), "--format", "jsonl"],
        capture_output=True,
        check=True,
    )
    assert sorted(json.loads(line)["id"] for line in listing.stdout.splitlines()) == [
        "s0",
        "s1",
        "s2",
        "s3",
    ]


def test_untrusted_title_is_not_interpreted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "[bold red]Evil[/] \x1b[2J title\n\nBody of the article goes here.\n"
    )
    db = str(tmp_path / "d.duckdb")
    runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--quiet"])
    result = runner.invoke(app, ["articles", "--db", db], env={"COLUMNS": "250"})
    assert "[bold red]Evil[/]" in result.output
    assert "\x1b[2J" not in result.output


def test_actors_and_quotes_after_run(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "d.duckdb")
    runner.invoke(app, ["run", str(seeds_dir), "--db", db, "--published", "2021-08-25", "-q"])
    actors = runner.invoke(app, ["actors", "--db", db, "--format", "jsonl", "--actor", "Blinken"])
    (blinken,) = [json.loads(line) for line in actors.output.splitlines()]
    assert (blinken["country"], blinken["sector"], blinken["articles"]) == ("USA", "GOV", 5)
    quotes = runner.invoke(app, ["quotes", "--db", db, "--format", "jsonl", "--actor", "Naeem"])
    rows = [json.loads(line) for line in quotes.output.splitlines()]
    assert rows and {row["actor"] for row in rows} == {"Mohammad Naeem"}


def test_run_twice_extracts_nothing_new(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "d.duckdb")
    runner.invoke(app, ["run", str(seeds_dir), "--db", db, "-q"])
    again = runner.invoke(app, ["run", str(seeds_dir), "--db", db])
    assert "Added 0 articles (5 already stored)" in again.output
    assert "Extracted 0 articles" in again.output


def test_events_after_run(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "d.duckdb")
    runner.invoke(app, ["run", str(seeds_dir), "--db", db, "--published", "2021-08-25", "-q"])
    result = runner.invoke(app, ["events", "--db", db, "--actor", "Burns", "--format", "jsonl"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    met = next(row for row in rows if row["trigger"] == "met")
    assert (met["actor"], met["recipient"], met["type"]) == (
        "William Burns",
        "Abdul Ghani Baradar",
        "CONSULT",
    )
    assert (met["date"], met["location"], met["modality"]) == ("2021-08-23", "Kabul", "asserted")
    assert "Baradar" in met["sentence"]
    assert met["event"]["decided_by"].startswith("encoder:encoder.onnx+lexicon:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "--since", "notadate"], "is not a date"),
        (["events", "--until", "2021-13-01"], "is not a date"),
        (["events", "--type", "FIGHT"], "is not a PLOVER type"),
        (["timeline", "--modality", "maybe"], "is not a modality"),
        (["report", "-o", "r.html", "--since", "Aug 2021"], "is not a date"),
        (["extract", "-i", "no-such-file.jsonl"], "does not exist"),
    ],
)
def test_a_bad_option_value_is_a_usage_error_that_says_why(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())


@pytest.mark.parametrize("value", ["2021", "2021-09", "2021-09-24"])
def test_event_dates_may_be_a_year_a_month_or_a_day(tmp_path: Path, value: str) -> None:
    result = runner.invoke(app, ["timeline", "--since", value, "--db", str(tmp_path / "x.duckdb")])
    assert "is not a date" not in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("dateline ")


@pytest.mark.parametrize("verb", ["run", "ingest"])
def test_a_path_that_does_not_exist_makes_no_empty_store(tmp_path: Path, verb: str) -> None:
    db = tmp_path / "store.duckdb"
    result = runner.invoke(app, [verb, str(tmp_path / "no-such-folder"), "--db", str(db)])
    assert result.exit_code == 2
    assert "Nothing to read" in result.output
    assert not db.exists()


@pytest.mark.parametrize(
    ("failure", "code", "words"),
    [
        (RuntimeError("a bug"), 3, "internal error (RuntimeError: a bug)"),
        (OSError(28, "No space left on device"), 3, "environment error"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
)
def test_a_failure_that_is_no_inputs_fault_has_its_own_code_and_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: BaseException,
    code: int,
    words: str,
) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).close()

    def fail(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(cli_main, "list_articles", fail)
    monkeypatch.delenv("DATELINE_TRACEBACK", raising=False)
    assert cli_main.run_cli(["articles", "--db", str(db)]) == code
    err = capsys.readouterr().err
    assert words in " ".join(err.split())
    assert "Traceback" not in err


def test_usage_errors_keep_code_2_through_the_entry_point(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli_main.run_cli(["timeline", "--since", "notadate"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert cli_main.run_cli(["--version"]) == 0


def test_run_prints_a_summary_and_the_latest_events_with_ids_and_evidence(
    seeds_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "d.duckdb"
    result = runner.invoke(
        app, ["run", str(seeds_dir), "--db", str(db), "--published", "2021-08-25"]
    )
    assert result.exit_code == 0, result.output
    assert "Stored articles" not in result.output  # no table of every article
    with Store(db, read_only=True) as store:
        latest = list_fused(store, where=FusedFilter(limit=3, latest_first=True))
        dated = [
            view.date for view in list_fused(store, where=FusedFilter(limit=1000)) if view.date
        ]
    assert latest[0].date == max(dated)
    assert all(view.id in result.output for view in latest)  # whole ids, never cut


def test_eval_help_names_every_suite() -> None:
    from dateline.eval.suites import suite_names

    shown = " ".join(runner.invoke(app, ["eval", "--help"], terminal_width=200).output.split())
    assert all(name in shown for name in suite_names())
