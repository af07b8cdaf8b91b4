"""dateline from Python: a store opened, the pipeline run on files and on records, and the
results read as Arrow tables with the command line's filters."""

from __future__ import annotations

from pathlib import Path

import pytest

import dateline
from dateline.errors import DatelineError
from dateline.store.fused import MAX_LIMIT, FusedFilter, list_fused


@pytest.fixture(scope="module")
def news(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dateline.Dateline:
    store = dateline.open_store(tmp_path_factory.mktemp("lib") / "s.duckdb")
    summary = store.run([seeds_dir])
    assert summary.added == 5 and summary.extracted == 5 and summary.fused_events > 0
    return store


def test_the_timeline_is_what_the_command_line_lists(news: dateline.Dateline) -> None:
    table = news.timeline()
    assert table.num_rows > 0
    assert {"event_id", "date", "type", "actor_name", "recipient_name", "sentence"} <= set(
        table.schema.names
    )
    # what the command line's timeline reads (the CLI itself cannot open the store while this
    # process holds it for writing)
    listed = list_fused(news.store, where=FusedFilter(limit=MAX_LIMIT))
    assert table["event_id"].to_pylist() == [view.id for view in listed]


def test_filters_keep_what_they_name(news: dateline.Dateline) -> None:
    consults = news.timeline(type="CONSULT")
    assert consults.num_rows > 0
    assert set(consults["type"].to_pylist()) == {"CONSULT"}
    august = news.timeline(since="2021-08", until="2021-08")
    assert all(day.startswith("2021-08") for day in august["date"].to_pylist())
    taliban = news.mentions(actor="Taliban")
    assert taliban.num_rows > 0
    assert all(
        "Taliban" in f"{row['actor_name']} {row['recipient_name']}" for row in taliban.to_pylist()
    )
    assert news.mentions(include_statements=True).num_rows > news.mentions().num_rows


@pytest.mark.parametrize(
    "bad", [{"since": "notadate"}, {"type": "FIGHT"}, {"modality": "maybe"}, {"until": "2021-13"}]
)
def test_a_bad_filter_value_says_what_is_allowed(
    news: dateline.Dateline, bad: dict[str, str]
) -> None:
    with pytest.raises(DatelineError, match="E004"):
        news.timeline(**bad)


def test_records_run_like_jsonl_lines(tmp_path: Path) -> None:
    text = (
        "Turkish Foreign Minister Mevlut Cavusoglu met U.S. Secretary of State Antony Blinken "
        "in Ankara on Monday to discuss Afghanistan."
    )
    with dateline.open_store(tmp_path / "r.duckdb") as store:
        summary = store.run([{"id": "n1", "published": "2021-08-30", "text": text}, {"id": 2}])
        assert (summary.added, summary.rejected) == (1, 1)
        assert store.rejections()["reason"].to_pylist() == ["missing_field"]
        assert store.articles()["id"].to_pylist() == ["n1"]
        assert "CONSULT" in store.mentions()["type"].to_pylist()


def test_one_record_a_bad_record_and_mixed_inputs(tmp_path: Path, seeds_dir: Path) -> None:
    text = "Turkish Foreign Minister Mevlut Cavusoglu met Antony Blinken in Ankara on Monday."
    with dateline.open_store(tmp_path / "o.duckdb") as store:
        assert store.run({"id": "one", "text": text}).added == 1  # one record, not its keys
        bad = store.run([{"id": "bad", "text": "caf\udce9 " + text}])
        assert (bad.added, bad.rejected) == (0, 1)
        with pytest.raises(DatelineError, match="E004"):
            store.run([str(seeds_dir), {"id": "x", "text": text}])
        assert store.articles()["id"].to_pylist() == ["one"]  # nothing of the refused run
