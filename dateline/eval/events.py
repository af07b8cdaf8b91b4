"""``dateline eval events``: event coding scored as outside scorers score it, through the JSONL
that ``dateline extract`` writes.

Each gold sentence is one input line (``{"id", "text"}``); its main event (``"main": true``,
the most confident one where the parser split the sentence) gives the sentence's class, type and
parties; a sentence with no event counts as a statement with no parties. Three measures on the
development part of the training files, which the event encoder never trained on
(``dateline/data/events/encoder/dev_split.txt``):

- the CAMEO pentaclass (ConfliBERT's five classes): macro-F1;
- the source and target phrases against ConfliBERT's gold spans: exact span F1;
- the PLOVER type on the PLV sentences (YIELD is CONCEDE or RETREAT): macro-F1;
- on real news (news-2017 sentences labelled by people, ``news_labels.py``; where the corpus is
  at hand): whether a sentence reports a political event other than a statement, as an analyst
  sees it in the default views (a main event of confidence at least the views' default), with
  precision and recall, its type, its parties' phrases, and how often type and both parties are
  all right.

The training part can be scored too (``part="train"``): a check that the model learnt its data,
not a measure of quality.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import msgspec

from dateline.eval.events_data import (
    PENTACLASS,
    Scores,
    macro_f1,
    read_class,
    read_spans,
    span_scores,
    tag_spans,
)
from dateline.eval.news_labels import NEWS_FILE, NewsSentence, news_sentences
from dateline.extract.contract import extract_lines
from dateline.extract.events.encoder import PLOVER_LABELS, dev_key, is_dev
from dateline.model import Record
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE

CLASS_FILE = "conflibert/cameo_class.train.tsv"
SPAN_FILE = "conflibert/cameo_ner.train.txt"
PLV_FILE = "plv/PLV_train.tsv"
Part = Literal["dev", "train"]
_NO_TYPE = "NONE"


class GoldSentence(Record, frozen=True, kw_only=True):
    """One gold sentence: its text and whichever labels its file gives (spans are characters)."""

    text: str
    penta: int | None = None
    plover: str | None = None
    sources: tuple[tuple[int, int], ...] | None = None
    targets: tuple[tuple[int, int], ...] | None = None


class MainRead(Record, frozen=True, kw_only=True):
    """What the extract output says of one sentence: its main event's class, type, phrases."""

    penta: int
    plover: str
    sources: tuple[tuple[int, int], ...]
    targets: tuple[tuple[int, int], ...]


class NewsEvalReport(Record, frozen=True, kw_only=True):
    """Real news: the non-statement events shown at the default threshold against people's
    labels of the same sentences."""

    sentences: int
    gold_events: int  # labelled with a type other than STATEMENT or NONE
    shown_events: int  # a main event of another class than statement, shown by default
    event: Scores  # shown vs labelled, whatever the type
    type_accuracy: float  # of the events both shown and labelled
    source: Scores
    target: Scores
    all_right: float  # shown events with type, source and target phrases all as labelled
    # (threshold, precision, recall) of "a non-statement event" at other thresholds: how the
    # default was chosen
    by_threshold: tuple[tuple[float, float, float], ...] = ()


class EventsEvalReport(Record, frozen=True, kw_only=True):
    part: str
    class_sentences: int
    macro_f1: float
    per_class_f1: tuple[float, ...]
    span_sentences: int
    source: Scores
    target: Scores
    span_macro_f1: float
    plover_sentences: int
    plover_macro_f1: float
    plover_accuracy: float
    news: NewsEvalReport | None = None
    seconds: float


def evaluate_events(root: Path, *, part: Part = "dev", workers: int = 1) -> EventsEvalReport:
    """Score ``dateline extract`` on the gold files under ``root`` (``dev/events``)."""
    started = time.perf_counter()
    gold = [s for s in gold_sentences(root) if is_dev(dev_key(s.text)) == (part == "dev")]
    read = extracted_mains([s.text for s in gold], workers=workers)
    classed = [(g, r) for g, r in zip(gold, read, strict=True) if g.penta is not None]
    score, per_class = macro_f1([g.penta or 0 for g, _ in classed], [r.penta for _, r in classed])
    spanned = [(g, r) for g, r in zip(gold, read, strict=True) if g.sources is not None]
    source = span_scores((set(g.sources or ()) for g, _ in spanned),
                         (set(r.sources) for _, r in spanned))  # fmt: skip
    target = span_scores((set(g.targets or ()) for g, _ in spanned),
                         (set(r.targets) for _, r in spanned))  # fmt: skip
    typed = [(g.plover or "", r.plover) for g, r in zip(gold, read, strict=True) if g.plover]
    plover_f1, accuracy = _plover_scores(typed)
    shared = root.parent.parent
    news = (
        evaluate_news(shared, part=part, workers=workers) if (shared / NEWS_FILE).exists() else None
    )
    return EventsEvalReport(
        part=part,
        class_sentences=len(classed),
        macro_f1=score,
        per_class_f1=per_class,
        span_sentences=len(spanned),
        source=source,
        target=target,
        span_macro_f1=(source.f1 + target.f1) / 2,
        plover_sentences=len(typed),
        plover_macro_f1=plover_f1,
        plover_accuracy=accuracy,
        news=news,
        seconds=time.perf_counter() - started,
    )


def evaluate_news(shared: Path, *, part: Part = "dev", workers: int = 1) -> NewsEvalReport:
    """The labelled news-2017 sentences of ``part`` through ``dateline extract``: one input
    line a sentence, its main event shown when its confidence reaches the views' default."""
    gold = [s for s in news_sentences(shared) if is_dev(dev_key(s.text)) == (part == "dev")]
    lines = (msgspec.json.encode({"id": s.id, "text": s.text}) for s in gold)
    outputs = [msgspec.json.decode(out) for out in extract_lines(lines, workers=workers)]
    mains = []
    for output in outputs:
        found = [e for e in output["events"] if e.get("main") and e["quad"] != 0]
        mains.append(max(found, key=lambda e: e["confidence"]) if found else None)
    labelled = [s for s in gold if s.plover is not None]
    by_threshold = []
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        scores = _event_scores(gold, mains, threshold)
        by_threshold.append((threshold, round(scores.precision, 4), round(scores.recall, 4)))
    event = _event_scores(gold, mains, DEFAULT_MIN_CONFIDENCE)
    # statements and events below the threshold are not in the default event views
    shown = _shown(gold, mains, DEFAULT_MIN_CONFIDENCE)
    # (labelled sentence, type read, actor spans read, recipient spans read)
    both = [
        (s, e["type"], set(_party_spans(e["actor"])), set(_party_spans(e["recipient"])))
        for s, e in shown
        if s.plover is not None
    ]
    hits = len(both)
    typed = sum(1 for s, kind, _, _ in both if s.plover == kind)
    source = span_scores((set(s.sources) for s, *_ in both), (a for _, _, a, _ in both))
    target = span_scores((set(s.targets) for s, *_ in both), (r for *_, r in both))
    right = sum(
        1
        for s, kind, actors, recipients in both
        if s.plover == kind and set(s.sources) == actors and set(s.targets) == recipients
    )
    return NewsEvalReport(
        sentences=len(gold),
        gold_events=len(labelled),
        shown_events=len(shown),
        event=event,
        type_accuracy=typed / hits if hits else 0.0,
        source=source,
        target=target,
        all_right=right / len(shown) if shown else 0.0,
        by_threshold=tuple(by_threshold),
    )


def _shown(
    gold: Sequence[NewsSentence], mains: Sequence[dict[str, Any] | None], threshold: float
) -> list[tuple[NewsSentence, dict[str, Any]]]:
    """Each sentence whose main non-statement event reaches ``threshold``, with that event."""
    return [(s, e) for s, e in zip(gold, mains, strict=True)
            if e is not None and e["confidence"] >= threshold]  # fmt: skip


def _event_scores(
    gold: Sequence[NewsSentence], mains: Sequence[dict[str, Any] | None], threshold: float
) -> Scores:
    """Shown (a non-statement main event at ``threshold`` or above) against labelled."""
    shown = _shown(gold, mains, threshold)
    hits = sum(1 for s, _ in shown if s.plover is not None)
    wanted = sum(1 for s in gold if s.plover is not None)
    precision = hits / len(shown) if shown else 0.0
    recall = hits / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return Scores(precision=precision, recall=recall, f1=f1)


def gold_sentences(root: Path) -> list[GoldSentence]:
    """Every gold sentence of the three files once (by ``dev_key``), labels merged."""
    by_key: dict[str, dict[str, Any]] = {}
    for example in read_class(root / CLASS_FILE):
        by_key.setdefault(dev_key(example.text), {"text": example.text})["penta"] = example.label
    for spans in read_spans(root / SPAN_FILE):
        text, offsets = joined(spans.tokens)
        found = by_key.setdefault(dev_key(text), {"text": text})
        if found["text"] == text:
            for role, name in (("S", "sources"), ("T", "targets")):
                found[name] = tuple(
                    (offsets[a][0], offsets[b - 1][1]) for a, b in tag_spans(spans.tags, role)
                )
    for plv in _plv(root / PLV_FILE):
        found = by_key.setdefault(dev_key(plv.text), {"text": plv.text})
        if "plover" in found:
            continue  # one record per sentence, as the encoder was trained
        found["plover"] = plv.plover
        found.setdefault("penta", plv.penta)
        # PLV's marked parties are actor names ("suing the <t>FBI</t>"), ConfliBERT's whole
        # phrases ("the FBI"): spans are ConfliBERT's convention only, as scorers read them
    return [msgspec.convert(found, GoldSentence) for found in by_key.values()]


def _plv(path: Path) -> list[GoldSentence]:
    """PLV's records (``sentence`` is column 6, the type 2, the pentaclass 3)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) >= 6 and cells[2].isdigit():
            rows.append(GoldSentence(text=cells[5], penta=int(cells[2]), plover=cells[1]))
    return rows


def extracted_mains(texts: Sequence[str], *, workers: int = 1) -> list[MainRead]:
    """Each text's main event as ``dateline extract`` writes it (one input line per text)."""
    lines = (msgspec.json.encode({"id": str(n), "text": text}) for n, text in enumerate(texts))
    return [_main_read(msgspec.json.decode(out)) for out in extract_lines(lines, workers=workers)]


def _main_read(output: dict[str, Any]) -> MainRead:
    mains = [event for event in output["events"] if event.get("main")]
    if not mains:
        return MainRead(penta=0, plover=_NO_TYPE, sources=(), targets=())
    event = max(mains, key=lambda e: e["confidence"])
    return MainRead(
        penta=event["quad"],
        plover=event["type"],
        sources=_party_spans(event["actor"]),
        targets=_party_spans(event["recipient"]),
    )


def _party_spans(
    party: dict[str, Any] | list[dict[str, Any]] | None,
) -> tuple[tuple[int, int], ...]:
    parties = party if isinstance(party, list) else [party] if party else []
    return tuple((p["start"], p["end"]) for p in parties)


def _plover_scores(pairs: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """Macro-F1 over the gold types and accuracy; CONCEDE and RETREAT both count as YIELD."""
    gold = [g for g, _ in pairs]
    predicted = ["YIELD" if p in ("CONCEDE", "RETREAT") and "YIELD" in gold else p
                 for _, p in pairs]  # fmt: skip
    labels = sorted(set(gold))
    f1s = []
    for label in labels:
        hits = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        found, wanted = predicted.count(label), gold.count(label)
        precision = hits / found if found else 0.0
        recall = hits / wanted if wanted else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if hits else 0.0)
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / max(len(gold), 1)
    return (sum(f1s) / len(f1s) if f1s else 0.0), accuracy


# The span file is tokenized ("Theresa May ’ s offer", "US - backed", "( PML - Q )"); the sentence
# is rebuilt as it was written, so that the parser reads "May’s offer" as a possessive.
_GLUE_BEFORE = frozenset({".", ",", ")", "'s", "’s", "’", "'", "%", ":", ";", "!", "?", "-", "n't"})
_GLUE_AFTER = frozenset({"(", "$", "€", "£", "-"})


def joined(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence the tokens were cut from, and each token's character span in it."""
    parts: list[str] = []
    offsets = []
    position = 0
    previous = ""
    for token in tokens:
        glued = not parts or token in _GLUE_BEFORE or previous in _GLUE_AFTER
        if previous in ("’", "'") and token == "s":
            glued = True  # "May ’ s" is "May’s"
        if not glued:
            parts.append(" ")
            position += 1
        offsets.append((position, position + len(token)))
        parts.append(token)
        position += len(token)
        previous = token
    return "".join(parts), offsets


def report_lines(report: EventsEvalReport) -> list[str]:
    per_class = "  ".join(
        f"{name} {f1:.3f}" for name, f1 in zip(PENTACLASS, report.per_class_f1, strict=True)
    )
    return [
        f"through `dateline extract`, {report.part} part of the training files"
        + (" (never trained on)" if report.part == "dev" else " (trained on: not a measure)"),
        f"pentaclass of the main event, {report.class_sentences} sentences: "
        f"macro-F1 {report.macro_f1:.3f}",
        f"  {per_class}",
        f"party spans, {report.span_sentences} sentences: source P {report.source.precision:.3f}"
        f" R {report.source.recall:.3f} F1 {report.source.f1:.3f}; target P "
        f"{report.target.precision:.3f} R {report.target.recall:.3f} F1 {report.target.f1:.3f};"
        f" macro F1 {report.span_macro_f1:.3f}",
        f"PLOVER type, {report.plover_sentences} PLV sentences: macro-F1 "
        f"{report.plover_macro_f1:.3f}, accuracy {report.plover_accuracy:.3f}",
        *(_news_lines(report.news) if report.news is not None else []),
        f"time: {report.seconds:.1f} s",
    ]


def _news_lines(news: NewsEvalReport) -> list[str]:
    return [
        f"real news (news-2017 labelled by people), {news.sentences} sentences, "
        f"{news.gold_events} with a non-statement event; {news.shown_events} events shown "
        f"at confidence >= {DEFAULT_MIN_CONFIDENCE}:",
        f"  event P {news.event.precision:.3f} R {news.event.recall:.3f} F1 "
        f"{news.event.f1:.3f}; type accuracy {news.type_accuracy:.3f} (of events both shown "
        "and labelled)",
        f"  phrases: source P {news.source.precision:.3f} R {news.source.recall:.3f} F1 "
        f"{news.source.f1:.3f}; target P {news.target.precision:.3f} R "
        f"{news.target.recall:.3f} F1 {news.target.f1:.3f}",
        f"  shown events with type, source and target all as labelled: {news.all_right:.3f}",
        "  event P/R by threshold: "
        + "  ".join(f"{t:.1f}: {p:.2f}/{r:.2f}" for t, p, r in news.by_threshold),
    ]


__all__ = ["PLOVER_LABELS", "EventsEvalReport", "evaluate_events", "gold_sentences", "joined"]
