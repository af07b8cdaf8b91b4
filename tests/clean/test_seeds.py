"""clean_text and text_published on the five real seed articles (examples/seeds)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dateline.clean.boilerplate import Cleaned, clean_text
from dateline.clean.dates import text_published

BOILERPLATE = [
    "Sep 24, 2021",
    "Image",
    "US Secretary of State Antony Blinken meeting with Pakistan Foreign Minister"
    " Shah Mahmood Qureshi",
    "(Reuters photo)",
    "(Esta Media Network/AFP)",
    "(SAM)",
    "Previous Article",
    "Iraq former air chief takes off after graft conviction",
    "Next Article",
    "U.S. mission in Afghanistan was never supposed to be nation building: Biden",
    "Related Posts",
    "Total",
    "Share",
    "Post a Comment",
    "The content of this field is kept private and will not be shown publicly.",
]


def _seed(seeds_dir: Path, prefix: str) -> tuple[str, Cleaned]:
    raw = next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return raw, clean_text(raw, title_is_first_line=True)


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("000", "Çavuşoğlu, Blinken discuss latest developments in Afghanistan"),
        ("002", "SECRETARY OF STATE: We have had diplomatic contact with the Taliban for year"),
        ("003", "Blinken calls China, Russia on Afghan collapse"),
    ],
)
def test_seed_title(seeds_dir: Path, prefix: str, title: str) -> None:
    assert _seed(seeds_dir, prefix)[1].title == title


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_has_no_boilerplate_left(seeds_dir: Path, prefix: str) -> None:
    _, cleaned = _seed(seeds_dir, prefix)
    paragraphs = cleaned.text.split("\n\n")
    assert not [p for p in paragraphs if p in BOILERPLATE or p.endswith("(Reuters photo)")]
    assert "0" not in paragraphs
    assert cleaned.title not in paragraphs


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_keeps_every_real_paragraph(seeds_dir: Path, prefix: str) -> None:
    raw, cleaned = _seed(seeds_dir, prefix)
    lines = [line.strip() for line in raw.splitlines() if line.strip()][1:]
    real = [line for line in lines if line not in BOILERPLATE and line != cleaned.title]
    real = [line for line in real if not line.endswith("(Reuters photo)") and line != "0"]
    kept = {" ".join(p.split()).rstrip(".") for p in cleaned.text.split("\n\n")}
    assert all(" ".join(line.split()).rstrip(".") in kept for line in real)


def test_seed_004_keeps_standfirst_once(seeds_dir: Path) -> None:
    _, cleaned = _seed(seeds_dir, "004")
    assert cleaned.text.count("The US sees a “unity in approach”") == 1


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_segments_map_back(seeds_dir: Path, prefix: str) -> None:
    raw, cleaned = _seed(seeds_dir, prefix)
    for segment in cleaned.segments:
        piece = cleaned.text[segment.start : segment.start + segment.length]
        assert piece == raw[segment.raw_start : segment.raw_start + segment.length]


@pytest.mark.parametrize(
    ("prefix", "published"),
    [
        ("004", datetime(2021, 9, 24, tzinfo=UTC)),
        ("000", None),
        ("001", None),
        ("003", None),
    ],
)
def test_seed_text_published(seeds_dir: Path, prefix: str, published: datetime | None) -> None:
    raw = next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    assert text_published(raw) == published
