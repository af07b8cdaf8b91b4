"""Sentences of real news labelled by people: the event encoder's in-domain training data and
development set.

Sentences of news-2017 (``corpora/news-articles-2017.jsonl.gz`` in the shared data; its first
300 articles, the hand-read sample's, are never drawn) were drawn by
``scripts/sample_news_sentences.py`` and labelled by hand after ``data/news2017_labelling.md``:
the principal event's PLOVER type (or STATEMENT, or NONE for a sentence that reports no
political event) and the phrases naming its source and target. ``data/news2017_events.jsonl``
keeps each label by sentence id (``ARTICLE:START-END``, characters of the article's text) with
a hash of the sentence, never the text itself: the corpus is for research use and is not
redistributed, so the text is read back from it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from dateline.extract.events.encoder import NO_EVENT, PLOVER_LABELS
from dateline.model import Record

LABELS = Path(__file__).parent / "data" / "news2017_events.jsonl"
NEWS_FILE = "corpora/news-articles-2017.jsonl.gz"
TYPES = frozenset({*PLOVER_LABELS, "STATEMENT", "NONE"})

# The pentaclass of a type, as ConfliBERT's classes read (0 statement or appeal, 1 verbal
# cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict).
_CLASS_OF_TYPE = {
    "STATEMENT": 0, "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
    "NONE": NO_EVENT,
}  # fmt: skip


class NewsSentence(Record, frozen=True, kw_only=True):
    """One labelled sentence: its id, text, class (0-4, or 5 for no political event), PLOVER
    type (None for a statement or no event) and the source and target phrases (characters of
    the sentence)."""

    id: str
    text: str
    penta: int
    plover: str | None
    sources: tuple[tuple[int, int], ...]
    targets: tuple[tuple[int, int], ...]


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def read_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def labelled_texts(shared: Path, rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each row's sentence, read back from the corpus by its id."""
    wanted: dict[int, list[str]] = {}
    for row in rows:
        wanted.setdefault(int(str(row["id"]).split(":")[0]), []).append(str(row["id"]))
    texts = {}
    with gzip.open(shared / NEWS_FILE, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number in wanted:
                article = json.loads(line)["text"]
                for sentence_id in wanted[number]:
                    start, end = (int(x) for x in sentence_id.split(":")[1].split("-"))
                    texts[sentence_id] = article[start:end]
    return texts


def news_sentences(shared: Path, path: Path = LABELS) -> list[NewsSentence]:
    """Every labelled sentence whose text reads back from the corpus unchanged."""
    rows = read_labels(path)
    texts = labelled_texts(shared, rows)
    found = []
    for row in rows:
        text = texts.get(row["id"])
        if text is None or text_hash(text) != row["sha1"]:
            continue
        kind = row["type"]
        # an appeal is a statement's class, a demand verbal conflict
        penta = (3 if row.get("demand") else 0) if kind == "REQUEST" else _CLASS_OF_TYPE[kind]
        found.append(
            NewsSentence(
                id=row["id"],
                text=text,
                penta=penta,
                plover=kind if kind in PLOVER_LABELS else None,
                sources=tuple((a, b) for a, b in row["source"]),
                targets=tuple((a, b) for a, b in row["target"]),
            )
        )
    return found
