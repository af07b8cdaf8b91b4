"""Draw the news-2017 sentences that people label for the event encoder's training.

Run from the repository root:

- ``python scripts/sample_news_sentences.py draw --out DIR [--count 1200] [--batches 8]
  [--skip 0] [--event-rich]`` writes ``DIR/batch-N.jsonl``, one sentence a line:
  ``{"id": "A:START-END", "text": ...}``, where A is the article's line number in
  ``corpora/news-articles-2017.jsonl.gz`` and START-END the sentence's characters in its text.
  The draw is a seeded shuffle of every sentence; ``--skip`` passes over the first sentences of
  it (an earlier round's), and ``--event-rich`` keeps only those the shipped encoder reads as a
  political event, so that a second round teaches types and parties on real news as much as
  it teaches what no event is.
- ``python scripts/sample_news_sentences.py check BATCH LABELS`` lists what is wrong with one
  person's labels file (an id missing or twice, an unknown type, a phrase that is not an exact
  substring of its sentence): people run it on their own work before handing it in.
- ``python scripts/sample_news_sentences.py collect DIR`` checks the people's labels
  (``DIR/labels-N.jsonl``, one ``{"id", "type", "demand"?, "source": [phrase…], "target":
  [phrase…]}`` a line, the guide is ``dateline/eval/data/news2017_labelling.md``) and adds them to
  the labels file.

The sentences are split by the same spaCy pipeline dateline parses with, so they look like
what the encoder reads at run time (headlines, fragments and scraping debris included). The
corpus's first ``HANDREAD_ARTICLES`` articles are never drawn: the hand-read precision check
samples its events from them. The labels people give are kept in
``dateline/eval/data/news2017_events.jsonl`` by id and character offsets, without the text (the
corpus is for research use and is not redistributed); ``train_event_encoder.py`` and
``dateline eval events`` read the text back from the corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dateline.eval.news_labels import (  # noqa: E402
    LABELS,
    TYPES,
    labelled_texts,
    read_labels,
    text_hash,
)
from dateline.nlp.load import load_nlp  # noqa: E402

NEWS_FILE = "corpora/news-articles-2017.jsonl.gz"
HANDREAD_ARTICLES = 300
SEED = 2017
MIN_CHARS, MAX_CHARS = 25, 400


def sentences(shared: Path) -> list[tuple[str, str]]:
    """Every sentence of the corpus's articles after the hand-read ones, with its id."""
    nlp = load_nlp(disable=("ner", "lemmatizer"))
    with gzip.open(shared / NEWS_FILE, "rt", encoding="utf-8") as handle:
        articles = [json.loads(line)["text"] for line in handle]
    found = []
    numbers = list(range(HANDREAD_ARTICLES, len(articles)))
    texts = (articles[n] for n in numbers)
    for number, doc in zip(numbers, nlp.pipe(texts, batch_size=32), strict=True):
        for sent in doc.sents:
            text = sent.text.strip()
            if MIN_CHARS <= len(text) <= MAX_CHARS:
                start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                found.append((f"{number}:{start}-{start + len(text)}", text))
    return found


def event_rich(pool: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
    """The first ``count`` sentences of ``pool`` that the shipped encoder reads as an event."""
    from dateline.extract.events.encoder import load_encoder

    encoder = load_encoder()
    assert encoder is not None, "no shipped encoder"
    kept: list[tuple[str, str]] = []
    for begin in range(0, len(pool), 512):
        chunk = pool[begin : begin + 512]
        readings = encoder.read([text for _, text in chunk])
        kept += [row for row, reading in zip(chunk, readings, strict=True)
                 if reading.no_event < 0.5]  # fmt: skip
        if len(kept) >= count:
            break
    return kept[:count]


def problems(batch: Path, labels: Path) -> list[str]:
    """What is wrong with a labels file for the sentences of ``batch`` (nothing: [])."""
    texts = {}
    for line in batch.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts[row["id"]] = row["text"]
    found: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        try:
            given = json.loads(line)
        except json.JSONDecodeError as error:
            found.append(f"line {number}: not JSON ({error})")
            continue
        sentence_id = given.get("id")
        if sentence_id not in texts:
            found.append(f"line {number}: unknown id {sentence_id!r}")
            continue
        if sentence_id in seen:
            found.append(f"line {number}: id {sentence_id} twice")
        seen.add(sentence_id)
        kind = given.get("type")
        if kind not in TYPES:
            found.append(f"{sentence_id}: unknown type {kind!r}")
        if kind == "REQUEST" and not isinstance(given.get("demand"), bool):
            found.append(f'{sentence_id}: REQUEST needs "demand": true or false')
        for role in ("source", "target"):
            found += _phrase_problems(sentence_id, role, given, texts[sentence_id])
    missing = sorted(set(texts) - seen)
    if missing:
        found.append(f"{len(missing)} ids not labelled, e.g. {missing[:3]}")
    return found


def _phrase_problems(sentence_id: str, role: str, given: dict[str, Any], text: str) -> list[str]:
    phrases = given.get(role)
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p for p in phrases):
        return [f"{sentence_id}: {role} must be a list of non-empty strings"]
    found = []
    if given.get("type") == "NONE" and phrases:
        found.append(f"{sentence_id}: NONE has no {role}")
    for phrase in phrases:
        if phrase not in text:
            found.append(f"{sentence_id}: {role} {phrase!r} is not in the sentence")
        elif phrase != phrase.strip():
            found.append(f"{sentence_id}: {role} {phrase!r} has outer spaces")
    return found


def collect(folder: Path, shared: Path) -> None:
    """Check the labels in ``folder`` against their sentences and add them to LABELS."""
    texts = {}
    for batch in sorted(folder.glob("batch-*.jsonl")):
        for line in batch.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    known = {row["id"]: row for row in read_labels()}
    added = 0
    for path in sorted(folder.glob("labels-*.jsonl")):
        wrong = problems(path.with_name(path.name.replace("labels-", "batch-")), path)
        if wrong:
            raise SystemExit(f"{path}: " + "; ".join(wrong[:5]))
        for line in path.read_text(encoding="utf-8").splitlines():
            given = json.loads(line)
            text = texts[given["id"]]
            kind = given["type"]
            if kind not in TYPES:
                raise SystemExit(f"{path}: {given['id']}: unknown type {kind!r}")
            row: dict[str, object] = {"id": given["id"], "sha1": text_hash(text), "type": kind}
            if kind == "REQUEST":
                row["demand"] = bool(given["demand"])
            for role in ("source", "target"):
                row[role] = [_offsets(text, phrase) for phrase in given[role]]
            added += given["id"] not in known
            known[given["id"]] = row
    ordered = sorted(known.values(), key=lambda row: _order(str(row["id"])))
    LABELS.write_text("".join(json.dumps(row) + "\n" for row in ordered), encoding="utf-8")
    print(f"{added} labels added, {len(ordered)} in {LABELS.relative_to(REPO)}")
    check_texts(shared, ordered)


def _offsets(text: str, phrase: str) -> list[int]:
    start = text.find(phrase)
    if start < 0:
        raise SystemExit(f"{phrase!r} is not in {text!r}")
    return [start, start + len(phrase)]


def _order(sentence_id: str) -> tuple[int, int]:
    article, span = sentence_id.split(":")
    return int(article), int(span.split("-")[0])


def check_texts(shared: Path, rows: list[dict[str, object]]) -> None:
    """Every label's sentence read back from the corpus has the hash it was labelled with."""
    texts = labelled_texts(shared, rows)
    wrong = [row["id"] for row in rows if text_hash(texts[str(row["id"])]) != row["sha1"]]
    if wrong:
        raise SystemExit(f"sentences that do not read back from the corpus: {wrong[:5]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    commands = parser.add_subparsers(dest="command", required=True)
    draw = commands.add_parser("draw")
    draw.add_argument("--count", type=int, default=1200)
    draw.add_argument("--batches", type=int, default=8)
    draw.add_argument("--skip", type=int, default=0)
    draw.add_argument("--event-rich", action="store_true")
    draw.add_argument("--out", type=Path, required=True)
    gather = commands.add_parser("collect")
    gather.add_argument("folder", type=Path)
    checking = commands.add_parser("check")
    checking.add_argument("batch", type=Path)
    checking.add_argument("labels", type=Path)
    args = parser.parse_args()
    if args.command == "check":
        wrong = problems(args.batch, args.labels)
        print("\n".join(wrong) if wrong else "OK")
        raise SystemExit(1 if wrong else 0)
    if args.command == "collect":
        collect(args.folder, args.shared)
        return
    pool = sentences(args.shared)
    random.Random(SEED).shuffle(pool)
    labelled = {str(row["id"]) for row in read_labels()}
    pool = [row for row in pool[args.skip :] if row[0] not in labelled]
    drawn = event_rich(pool, args.count) if args.event_rich else pool[: args.count]
    args.out.mkdir(parents=True, exist_ok=True)
    for batch in range(args.batches):
        rows = drawn[batch :: args.batches]
        with (args.out / f"batch-{batch + 1}.jsonl").open("w", encoding="utf-8") as handle:
            for sentence_id, text in rows:
                handle.write(json.dumps({"id": sentence_id, "text": text}) + "\n")
    print(f"{len(pool)} sentences in the pool, {len(drawn)} drawn into {args.batches} batches")


if __name__ == "__main__":
    main()
