"""A store dates its undated articles from their stories and the store, the same however it ran."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dateline
from dateline.store.dating import date_from_store
from dateline.store.duck import Store


def _dates(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with Store(path, read_only=True) as store:
        articles = store.con.execute(
            """SELECT id, published, published_basis, published_precision, published_cues
               FROM articles ORDER BY id"""
        ).fetchall()
        events = store.con.execute(
            "SELECT article_id, seq, date, date_precision, date_basis FROM events ORDER BY ALL"
        ).fetchall()
    return articles, events


def test_the_seeds_are_dated_to_their_month_and_a_second_run_changes_nothing(
    seeds_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "seeds.duckdb"
    with dateline.open_store(path) as seeds:
        seeds.run(str(seeds_dir))
    articles, events = _dates(path)
    estimated = {row[0]: row for row in articles if row[2] == "estimated"}
    assert len(estimated) == 4  # the fifth has its dateline's 2021-09-24
    assert all(row[1].year == 2021 for row in estimated.values())
    # the Çavuşoğlu-Blinken call of "Aug. 24" and "early on Aug. 25": August 2021, and with it
    # the rest of its story (Blinken's calls to China and Russia); the two articles that name
    # one day each ("since August 14", "September 11") get their year only
    months = sorted(row[1].month for row in estimated.values() if row[3] == "month")
    assert months == [8, 8]
    call = next(row for row in estimated.values() if "2021-08-25" in (row[4] or ""))
    assert (call[1].month, "Secretary of State Antony Blinken" in call[4]) == (8, True)
    # no event is left undated, and none shows a day of unknown year
    assert not [e for e in events if e[2] is None or e[2].startswith("XXXX")]
    assert {e[4] for e in events if e[0] in estimated} <= {"explicit", "publication"}
    with Store(path) as store:
        assert date_from_store(store) == 0


def test_articles_added_one_at_a_time_end_dated_as_when_added_at_once(
    seeds_dir: Path, tmp_path: Path
) -> None:
    at_once, one_by_one = tmp_path / "once.duckdb", tmp_path / "each.duckdb"
    with dateline.open_store(at_once) as store:
        store.run(str(seeds_dir))
    with dateline.open_store(one_by_one) as store:
        for seed in sorted(seeds_dir.glob("*.txt")):
            store.run(str(seed))
    assert _dates(one_by_one) == _dates(at_once)


def test_a_day_of_unknown_year_is_in_no_period_until_a_story_dates_it(tmp_path: Path) -> None:
    record = {
        "id": "alone",
        "text": "Taliban fighters attacked the airport in Kabul on Aug. 23, police officials "
        "told reporters. Two guards were killed in the attack on the airport.",
    }
    with dateline.open_store(tmp_path / "s.duckdb") as store:
        store.run([record])
        every = store.timeline(min_confidence=0.0).to_pylist()
        bounded = store.timeline(since="1900", min_confidence=0.0).to_pylist()
    # a day of unknown year: no date, its month and day kept (see README, "Dates")
    unknown_year = [(row["date"], row["date_month"], row["date_day"]) for row in every]
    assert (None, 8, 23) in unknown_year
    assert not any(row["date_month"] and row["date"] is None for row in bounded)
