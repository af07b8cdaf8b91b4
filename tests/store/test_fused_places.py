"""Which report's place a fused event takes (``FUSED_PLACES``): a place its clause names before
its article's dateline city, and the dateline city before its parties' country."""

from __future__ import annotations

import json

import duckdb
import pytest

from dateline.store.places import FUSED_PLACES

TABLES = """
    CREATE TABLE fused_events (id VARCHAR, location VARCHAR);
    CREATE TABLE fused_mentions (fused_id VARCHAR, article_id VARCHAR, event_seq INTEGER);
    CREATE TABLE articles (id VARCHAR, published TIMESTAMP);
    CREATE TABLE events (article_id VARCHAR, seq INTEGER, location VARCHAR, place JSON);
"""


def place(name: str, basis: str) -> str:
    return json.dumps({"name": name, "basis": basis})


def chosen(reports: list[tuple[str | None, str]]) -> str:
    """The place name the fused event of ``reports`` (phrase, place) takes; the earliest first."""
    con = duckdb.connect()
    con.execute(TABLES)
    con.execute("INSERT INTO fused_events VALUES ('f', NULL)")
    for seq, (phrase, found) in enumerate(reports):
        article = f"a{seq}"
        con.execute("INSERT INTO fused_mentions VALUES ('f', ?, 0)", [article])
        con.execute(f"INSERT INTO articles VALUES (?, TIMESTAMP '2021-08-2{seq}')", [article])
        con.execute("INSERT INTO events VALUES (?, 0, ?, ?)", [article, phrase, found])
    query = f"SELECT json_extract_string(place, '$.name') FROM ({FUSED_PLACES})"
    (row,) = con.execute(query).fetchall()
    return str(row[0])


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        ([(None, place("Afghanistan", "actors")), ("KABUL", place("Kabul", "dateline"))], "Kabul"),
        ([("KABUL", place("Kabul", "dateline")), ("Herat", place("Herat", "gazetteer"))], "Herat"),
        (
            [(None, place("Afghanistan", "actors")), (None, place("Pakistan", "actors"))],
            "Afghanistan",
        ),
        (
            [("Zzyzxtown", place("", "unresolved")), (None, place("Afghanistan", "actors"))],
            "Afghanistan",
        ),
    ],
)
def test_a_fused_event_takes_its_clauses_place_then_the_dateline_then_the_parties_country(
    reports: list[tuple[str | None, str]], expected: str
) -> None:
    assert chosen(reports) == expected
