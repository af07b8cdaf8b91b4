"""A store whose one article names a day but no year ("On Aug. 23"), its events dated
"XXXX-08-23" in TimeML, for the tests that no view or export shows that placeholder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dateline

ARTICLE = {
    "id": "u1",
    "source": "Wire",
    "text": "Burns met Baradar\n\nOn Aug. 23, CIA chief William Burns met Taliban leader "
    "Abdul Ghani Baradar in Kabul, officials said.",
}
# what every view and export says of the meeting's date
MEETING_DATE = {
    "date": None,
    "date_month": 8,
    "date_day": 23,
    "date_text": "08-23 (year unknown)",
    "date_precision": "day",
}


def build_store(folder: Path) -> Path:
    """The pipeline run on the one undated article (nothing else in the store dates it)."""
    path = folder / "unknown-year.duckdb"
    with dateline.open_store(path) as store:
        store.run([ARTICLE])
    return path


def date_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {name: record[name] for name in MEETING_DATE}
