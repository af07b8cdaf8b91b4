"""Fusion over a real store built from the seeds: incremental runs, copies, queries, files."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.store.duck import Store
from dateline.store.extracted import list_actors
from dateline.store.fused import FusedFilter, actor_network, count_fused, find_fused, list_fused

runner = CliRunner()
_FUSED_COLUMNS = "* EXCLUDE (first_reported)"


def _run(paths: list[Path], db: Path) -> None:
    result = runner.invoke(app, ["run", *map(str, paths), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output


def _fused_rows(db: Path) -> list[Any]:
    with Store(db, read_only=True) as store:
        fused = store.con.execute(
            f"SELECT {_FUSED_COLUMNS} FROM fused_events ORDER BY id"
        ).fetchall()
        mentions = store.con.execute(
            "SELECT * FROM fused_mentions ORDER BY article_id, event_seq"
        ).fetchall()
    return [fused, mentions]


@pytest.fixture(scope="module")
def seeds_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fused") / "all.duckdb"
    _run([seeds_dir], db)
    return db


def test_adding_articles_later_gives_the_result_of_one_run(
    seeds_dir: Path, seeds_db: Path, tmp_path: Path
) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    db = tmp_path / "later.duckdb"
    _run(files[3:], db)
    _run(files[:3], db)
    assert _fused_rows(db) == _fused_rows(seeds_db)


def test_every_stored_event_is_in_exactly_one_fused_event(seeds_db: Path) -> None:
    with Store(seeds_db, read_only=True) as store:
        events = store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]
        mentions = store.con.execute(
            "SELECT count(*), count(DISTINCT (article_id, event_seq)) FROM fused_mentions"
        ).fetchall()[0]
    assert mentions == (events, events)


def test_a_fused_event_shows_each_report_in_its_article(seeds_db: Path) -> None:
    with Store(seeds_db, read_only=True) as store:
        views = list_fused(store, where=FusedFilter(actor="Wang Yi"))
        assert views, "Blinken's call with Wang Yi"
        detail = find_fused(store, views[0].id)
        assert detail is not None
        texts = {
            row[0]: row[1] for row in store.con.execute("SELECT id, text FROM articles").fetchall()
        }
    for mention in detail.mentions:
        event = mention.event
        text = texts[mention.article_id]
        assert text[event.anchor.start : event.anchor.end] == event.anchor.text
        assert event.anchor.text in event.sentence.text
    assert detail.event.evidence == detail.mentions[0].event.sentence.text


def test_an_unknown_id_finds_nothing(seeds_db: Path) -> None:
    with Store(seeds_db, read_only=True) as store:
        assert find_fused(store, "f-0000000000000000") is None


@pytest.mark.parametrize(
    ("where", "check"),
    [
        (FusedFilter(type="consult"), lambda v: v.type == "CONSULT"),
        # the seeds' negated readings ("has not cut ties with al-Qaeda", "did not trust") are
        # low-confidence ones, some of them read as statements
        (
            FusedFilter(modality="negated", min_confidence=0.0, include_statements=True),
            lambda v: v.modality == "negated",
        ),
        (FusedFilter(actor="Blinken"), lambda v: "Blinken" in f"{v.actor} {v.recipient}"),
        (FusedFilter(since="2021-09-01"), lambda v: v.date is not None and v.date >= "2021-09"),
        (FusedFilter(q="phone call"), lambda v: True),
    ],
)
def test_filters_select_what_they_say(seeds_db: Path, where: FusedFilter, check: Any) -> None:
    with Store(seeds_db, read_only=True) as store:
        found = list_fused(store, where=where)
        assert len(found) == count_fused(store, where=where)
    assert found and all(check(view) for view in found)


def test_statements_are_left_out_unless_asked_for(seeds_db: Path) -> None:
    with Store(seeds_db, read_only=True) as store:
        without = list_fused(store, where=FusedFilter(limit=1000))
        with_them = list_fused(store, where=FusedFilter(limit=1000, include_statements=True))
    assert all(view.type != "STATEMENT" for view in without)
    assert len(with_them) > len(without)


def test_a_syndicated_copy_is_counted_as_a_copy(seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "with_copy"
    shutil.copytree(seeds_dir, folder)
    original = folder / "003_c90d9f645bcc5d6e.txt"
    copy = original.read_text(encoding="utf-8").replace("SULAIMANI (ESTA)", "WASHINGTON (AFP)")
    (folder / "copy.txt").write_text(copy, encoding="utf-8")
    db = tmp_path / "copy.duckdb"
    _run([folder], db)
    with Store(db, read_only=True) as store:
        # every confidence: the copy's parse may read the sentence's main event differently
        everything = FusedFilter(actor="Wang Yi", type="CONSULT", min_confidence=0.0)
        (view,) = list_fused(store, where=everything)
    assert (view.num_articles, view.num_sources) == (2, 1)


def test_the_network_joins_actor_and_recipient(seeds_db: Path, tmp_path: Path) -> None:
    with Store(seeds_db, read_only=True) as store:
        edges = actor_network(store)
    pairs = {(e.actor.name, e.recipient.name) for e in edges}
    assert ("Antony Blinken", "Sergei Lavrov") in pairs
    assert all(e.count == sum(n for _, n in e.by_type) for e in edges)
    for name in ("net.csv", "net.graphml"):
        result = runner.invoke(
            app, ["actors", "--db", str(seeds_db), "--graph", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    lines = (tmp_path / "net.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(edges) + 1
    graph = ET.parse(tmp_path / "net.graphml").getroot()
    namespace = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graph.findall(".//g:edge", namespace)) == len(edges)


@pytest.mark.parametrize("fmt", ["table", "jsonl", "csv"])
def test_the_timeline_command(seeds_db: Path, fmt: str) -> None:
    result = runner.invoke(app, ["timeline", "--db", str(seeds_db), "-f", fmt, "--actor", "Lavrov"])
    assert result.exit_code == 0, result.output
    assert "Lavrov" in result.output
    if fmt == "jsonl":
        rows = [json.loads(line) for line in result.output.splitlines()]
        assert all({"id", "sources", "num_sources", "evidence"} <= row.keys() for row in rows)


def test_run_ends_with_the_timeline(seeds_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(seeds_dir), "--db", str(tmp_path / "t.duckdb")])
    assert result.exit_code == 0, result.output
    assert "Timeline" in result.output and "Fused" in result.output


def test_news_media_are_left_out_of_top_actors_and_the_network_unless_asked(
    seeds_db: Path,
) -> None:
    with Store(seeds_db, read_only=True) as store:
        default = {a.actor.sector for a in list_actors(store, limit=1000)}
        everyone = list_actors(store, limit=1000, include_media=True)
        edges = actor_network(store)
        all_edges = actor_network(store, include_media=True)
    assert "JRN" not in default
    assert any(a.actor.sector == "JRN" for a in everyone)  # Reuters, Anadolu: cited in the seeds
    assert all("JRN" not in (e.actor.sector, e.recipient.sector) for e in edges)
    assert len(all_edges) >= len(edges)
