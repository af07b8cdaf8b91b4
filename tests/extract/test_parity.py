"""``dateline extract`` and ``dateline run`` give the same events for the same articles.

Scores are read from the extract JSONL, users look at the store: the two paths must agree, event
for event (type, code, main, modality, confidence, anchor, date, party phrases and whether each
resolved to an actor).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.extract.contract import extract_lines
from dateline.store.duck import Store
from dateline.store.events import EventFilter, list_events
from tests.conftest import shared_file

NEWS = "corpora/news-articles-2017.jsonl.gz"


def _seed_articles(seeds_dir: Path) -> list[dict[str, Any]]:
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        articles.append({"id": path.stem, "title": title, "text": text})
    return articles


def _news_articles(count: int) -> list[dict[str, Any]]:
    with gzip.open(shared_file(NEWS), "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for _, line in zip(range(count), handle, strict=False)]
    return [
        {key: row[key] for key in ("id", "text", "title", "published", "source")} for row in rows
    ]


def _from_extract(articles: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    lines = [json.dumps(article).encode() for article in articles]
    found: Counter[tuple[Any, ...]] = Counter()
    for line in extract_lines(lines):
        out = json.loads(line)
        for event in out["events"]:
            found[_key(out["id"], event, _party(event["actor"]), _party(event["recipient"]))] += 1
    return found


def _party(party: dict[str, Any] | None) -> tuple[str | None, bool]:
    # whether the phrase resolved, not the name: the store keeps one name per actor (the first
    # spelling it met, "Couture-Rouleau"), an extract line the article's own ("Couture Rouleau")
    return (party["text"], party["name"] is not None) if party else (None, False)


def _from_run(articles: list[dict[str, Any]], folder: Path) -> Counter[tuple[Any, ...]]:
    source, db = folder / "in.jsonl", folder / "run.duckdb"
    source.write_text("".join(json.dumps(article) + "\n" for article in articles))
    result = CliRunner().invoke(app, ["run", str(source), "--db", str(db), "--quiet"])
    assert result.exit_code in (0, 1), result.output
    everything = EventFilter(include_statements=True, min_confidence=0.0, limit=1_000_000)
    found: Counter[tuple[Any, ...]] = Counter()
    with Store(db) as store:  # as the run left it (one process: one configuration)
        for stored in list_events(store, where=everything):
            event = stored.event
            row = _row(event)
            actor = (
                event.actor_span.text if event.actor_span else None,
                event.actor_id is not None,
            )
            recipient = (
                event.recipient_span.text if event.recipient_span else None,
                event.recipient_id is not None,
            )
            found[_key(event.article_id, row, actor, recipient)] += 1
    return found


def _row(event: Any) -> dict[str, Any]:
    return {
        "type": event.type,
        "cameo": event.cameo,
        "main": event.main,
        "modality": event.modality,
        "confidence": event.confidence,
        "anchor": {"text": event.anchor.text},
        "date": event.date,
    }


def _key(article_id: str, event: dict[str, Any], actor: Any, recipient: Any) -> tuple[Any, ...]:
    return (
        article_id,
        event["type"],
        event["cameo"],
        event["main"],
        event["modality"],
        event["confidence"],
        event["anchor"]["text"],
        event["date"],
        actor,
        recipient,
    )


@pytest.mark.slow
def test_extract_and_run_give_the_same_events_on_the_seeds(seeds_dir: Path, tmp_path: Path) -> None:
    articles = [{**article, "published": "2021-08-25"} for article in _seed_articles(seeds_dir)]
    extracted = _from_extract(articles)
    assert sum(extracted.values()) > 50
    assert _from_run(articles, tmp_path) == extracted


@pytest.mark.shared
@pytest.mark.slow
def test_extract_and_run_give_the_same_events_on_200_news_articles(tmp_path: Path) -> None:
    articles = _news_articles(200)
    extracted = _from_extract(articles)
    assert sum(extracted.values()) > 1000
    assert _from_run(articles, tmp_path) == extracted
