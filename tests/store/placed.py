"""A small store built from real extractions with events placed in two countries, one place
the gazetteer lacks and one event with no place, for the place and country filter tests."""

from __future__ import annotations

from pathlib import Path

import dateline

PLACED = (
    {
        "id": "kabul",
        "published": "2021-08-26",
        "source": "Wire A",
        "text": "Taliban fighters attacked the airport in Kabul on Thursday.",
    },
    {
        "id": "ankara",
        "published": "2021-09-10",
        "source": "Wire B",
        "text": "Turkish police arrested dozens of protesters in Ankara on Friday.",
    },
    {
        "id": "kandahar",
        "published": "2021-09-15",
        "source": "Wire C",
        "text": "Taliban fighters attacked an army post in Kandahar on Tuesday.",
    },
    {
        "id": "nowhere",
        "published": "2021-09-17",
        "source": "Wire D",
        "text": "Rebels attacked a police post in Zzyzxtown on Friday.",
    },
    {
        "id": "unplaced",
        "published": "2021-09-20",
        "source": "Wire E",
        "text": "The Taliban accused the United States of breaking the Doha agreement on Monday.",
    },
)
# where each article's event is (GeoNames), and the articles whose events have no place
COUNTRY_OF = {"kabul": "AFG", "ankara": "TUR", "kandahar": "AFG"}
UNPLACED = {"nowhere", "unplaced"}


def build_placed_store(folder: Path) -> Path:
    """Run the whole pipeline on ``PLACED`` into a new store and return its path (closed)."""
    db = folder / "placed.duckdb"
    with dateline.open_store(db) as news:
        summary = news.run(list(PLACED))
    assert summary.added == len(PLACED) and summary.rejected == 0
    return db
