"""The hand-labelled news-2017 sentences: kept by id and hash, read back from the corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from dateline.eval.news_labels import (
    LABELS,
    NEWS_FILE,
    TYPES,
    news_sentences,
    read_labels,
    text_hash,
)
from dateline.extract.events.encoder import NO_EVENT
from tests.conftest import shared_file

ARTICLE = "Police arrested 17 protesters in Paris. The president urged calm. Markets rose."


def _corpus(tmp_path: Path, labels: list[dict[str, object]]) -> tuple[Path, Path]:
    shared = tmp_path / "shared"
    (shared / NEWS_FILE).parent.mkdir(parents=True)
    with gzip.open(shared / NEWS_FILE, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "An article before."}) + "\n")
        handle.write(json.dumps({"text": ARTICLE}) + "\n")
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in labels), encoding="utf-8")
    return shared, path


def _label(start: int, end: int, kind: str, **extra: object) -> dict[str, object]:
    return {"id": f"1:{start}-{end}", "sha1": text_hash(ARTICLE[start:end]), "type": kind,
            "source": [], "target": [], **extra}  # fmt: skip


def test_sentences_are_read_back_from_the_corpus_with_their_classes(tmp_path: Path) -> None:
    arrest = _label(0, 39, "COERCE", source=[[0, 6]], target=[[16, 29]])
    appeal = _label(40, 65, "REQUEST", demand=False, source=[[40, 53]])
    markets = _label(66, 79, "NONE")
    shared, path = _corpus(tmp_path, [arrest, appeal, markets])
    found = {s.text: s for s in news_sentences(shared, path)}
    police = found["Police arrested 17 protesters in Paris."]
    assert (police.penta, police.plover) == (4, "COERCE")
    assert [police.text[a:b] for a, b in police.sources] == ["Police"]
    assert [police.text[a:b] for a, b in police.targets] == ["17 protesters"]
    urged = found["The president urged calm."]
    assert (urged.penta, urged.plover) == (0, "REQUEST")  # an appeal: a statement's class
    assert found["Markets rose."].penta == NO_EVENT
    assert found["Markets rose."].plover is None


def test_a_demand_is_verbal_conflict(tmp_path: Path) -> None:
    shared, path = _corpus(tmp_path, [_label(40, 65, "REQUEST", demand=True)])
    assert [s.penta for s in news_sentences(shared, path)] == [3]


def test_a_sentence_that_no_longer_reads_back_is_left_out(tmp_path: Path) -> None:
    stale = {**_label(0, 39, "COERCE"), "sha1": text_hash("another text")}
    shared, path = _corpus(tmp_path, [stale, _label(66, 79, "NONE")])
    assert [s.text for s in news_sentences(shared, path)] == ["Markets rose."]


def test_the_shipped_labels_are_well_formed() -> None:
    rows = read_labels(LABELS)
    assert len(rows) >= 2400
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["type"] in TYPES
        assert (row["type"] == "REQUEST") == ("demand" in row)
        assert int(row["id"].split(":")[0]) >= 300  # the hand-read sample's articles: never
        start, end = (int(x) for x in row["id"].split(":")[1].split("-"))
        for a, b in row["source"] + row["target"]:
            assert 0 <= a < b <= end - start
        if row["type"] == "NONE":
            assert row["source"] == row["target"] == []


@pytest.mark.shared
def test_every_shipped_label_reads_back_from_the_corpus() -> None:
    shared = shared_file(NEWS_FILE).parents[1]
    sentences = news_sentences(shared)
    assert len(sentences) == len(read_labels(LABELS))  # a sentence whose hash differs is dropped
