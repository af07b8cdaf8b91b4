"""Shared fixtures: where ../shared/ is, and skipping cleanly when it is absent."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dateline.model import Article

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ../shared/ folder; tests that need it skip when it is missing."""
    if not SHARED.is_dir():
        pytest.skip("../shared/ is not present")
    return SHARED


def shared_file(relative: str) -> Path:
    """A file under ../shared/, or skip the calling test when it is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not present")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed articles, copied into examples/ so a fresh clone has them."""
    return EXAMPLES / "seeds"


def article_for(text: str, *, day: datetime | None = None, article_id: str = "t") -> Article:
    """An already-clean article of ``text`` with the user's publication date ``day``."""
    day = day or datetime(2021, 8, 25, tzinfo=UTC)
    return Article(
        id=article_id,
        text=text,
        raw_text=text,
        content_hash="h",
        published=day,
        published_basis="user",
        ingested_at=day,
        origin="test",
        format="jsonl",
    )
