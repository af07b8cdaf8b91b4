"""The hand-read precision check: random real-news events, as ``dateline extract`` gives them,
judged by a person against their sentences.

``python benchmarks/handread.py sample`` extracts the first ``--articles`` news-2017 articles
through the extract contract, keeps the asserted non-statement events a default view shows
(confidence at or above the default threshold), draws ``--size`` of them with a fixed seed and
writes them, one JSON object a line, for judging. A reader fills each line's ``judged`` object:
``type`` (the PLOVER type is what the sentence reports), ``actor`` and ``recipient`` (the party
is the one the sentence gives for that role, or rightly empty), and a ``note``.
``--unseen`` leaves out every sentence of the judged files already here (read while the coder
was being changed, they overstate it) and every labelled news sentence (the encoder's training
and development data); with ``--first 300`` it draws from articles past the first 300, whose
shown events the judged files here have nearly all read. ``python benchmarks/handread.py score
FILE`` prints the figures from a judged file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dateline.eval.news_labels import LABELS
from dateline.extract.contract import extract_lines
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "news-articles-2017.jsonl.gz"
OUT = ROOT / "benchmarks" / "handread"
SEED = 2026


def sample(
    articles: int, size: int, out: Path, *, seed: int = SEED, unseen: bool = False, first: int = 0
) -> None:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        numbered = [
            (number, json.loads(line))
            for number, line in zip(range(first + articles), handle, strict=False)
            if number >= first
        ]
    lines = [
        json.dumps({k: row[k] for k in ("id", "text", "title", "published", "source")}).encode()
        for _, row in numbered
    ]
    texts = {row["id"]: row["text"] for _, row in numbered}
    line_of = {row["id"]: number for number, row in numbered}
    read = _judged_sentences() if unseen else set()
    taught = _labelled_spans() if unseen else {}
    pool = []
    for line in extract_lines(lines):
        found = json.loads(line)
        for event in found["events"]:
            item = judged_item(found["id"], texts[found["id"]], event)
            seen = (item["article_id"], item["sentence"]) in read
            labelled = _overlaps(event["sentence"], taught.get(line_of[found["id"]], ()))
            if _shown(event) and not seen and not labelled:
                pool.append(item)
    chosen = random.Random(seed).sample(pool, min(size, len(pool)))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink:
        for item in chosen:
            sink.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(pool)} events shown by default in {articles} articles; {len(chosen)} -> {out}")


def _judged_sentences() -> set[tuple[str, str]]:
    """Every (article, sentence) of the judged files under ``benchmarks/handread``: sentences
    read while the coder was being changed, which a fresh measure leaves out."""
    read = set()
    for path in sorted(OUT.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            read.add((item["article_id"], item["sentence"]))
    return read


def _labelled_spans() -> dict[int, list[tuple[int, int]]]:
    """The labelled news sentences (the encoder's training and development data) by corpus line
    number, as characters of the article: an event read in one is no fresh reading."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        number, where = json.loads(line)["id"].split(":")
        start, end = (int(x) for x in where.split("-"))
        spans.setdefault(int(number), []).append((start, end))
    return spans


def _overlaps(sentence: dict[str, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < sentence["end"] and sentence["start"] < end for start, end in spans)


def _shown(event: dict[str, Any]) -> bool:
    return bool(
        event["modality"] == "asserted"
        and event["type"] != "STATEMENT"
        and event["confidence"] >= DEFAULT_MIN_CONFIDENCE
    )


def judged_item(article_id: str, text: str, event: dict[str, Any]) -> dict[str, Any]:
    """The line a judged file holds for one event of ``dateline extract``'s output (``text``,
    the article as given), its ``judged`` object still empty."""
    sentence = event["sentence"]
    return {
        "article_id": article_id,
        "sentence": text[sentence["start"] : sentence["end"]],
        "anchor": event["anchor"]["text"],
        "type": event["type"],
        "cameo": event["cameo"],
        "main": event["main"],
        "confidence": event["confidence"],
        "actor": _party(event["actor"]),
        "recipient": _party(event["recipient"]),
        "judged": {"type": None, "actor": None, "recipient": None, "note": ""},
    }


def _party(party: dict[str, Any] | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {"text": party["text"], "name": party["name"], "country": party["country"]}


def score(path: Path) -> None:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    judged = [item["judged"] for item in items if item["judged"]["type"] is not None]
    total = len(judged)
    kinds = sum(1 for j in judged if j["type"])
    both = sum(1 for j in judged if j["type"] and j["actor"] and j["recipient"])
    actor = sum(1 for j in judged if j["actor"])
    recipient = sum(1 for j in judged if j["recipient"])
    print(
        f"{total} judged: type right {kinds} ({kinds / total:.0%}), actor right {actor} "
        f"({actor / total:.0%}), recipient right {recipient} ({recipient / total:.0%}), "
        f"type and both parties right {both} ({both / total:.0%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    draw = verbs.add_parser("sample")
    draw.add_argument("--articles", type=int, default=300)
    draw.add_argument("--first", type=int, default=0)  # the corpus line to start at
    draw.add_argument("--size", type=int, default=50)
    draw.add_argument("--out", type=Path, default=OUT / "news2017_sample.jsonl")
    # each model is judged on a fresh draw: a sample read while changing the coder is spent
    draw.add_argument("--seed", type=int, default=SEED)
    # leave out the sentences of every judged file here: the coder's rules were written while
    # reading them, so a figure on them overstates what it does on news it has not seen
    draw.add_argument("--unseen", action="store_true")
    judge = verbs.add_parser("score")
    judge.add_argument("path", type=Path)
    args = parser.parse_args()
    if args.verb == "sample":
        sample(
            args.articles,
            args.size,
            args.out,
            seed=args.seed,
            unseen=args.unseen,
            first=args.first,
        )
    else:
        score(args.path)


if __name__ == "__main__":
    main()
