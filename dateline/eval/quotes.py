"""Scoring quote extraction against PolNeAR's gold attributions (brat Source / Cue / Content).

A predicted content matches a gold content when their word tokens overlap by at least half of
the longer of the two (one-to-one, best overlaps first); "exact" means the same word tokens.
Gold units are the contiguous pieces of each Content annotation (see ``as_pieces``).  Direct
quotes are gold pieces that start or end with a quote mark, and predictions of kind ``direct``
or bordering a quote mark, matched among themselves.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import msgspec

from dateline.model import Record
from dateline.nlp.load import load_nlp
from dateline.nlp.quotes import QuoteSpan, find_quotes

_WORD = re.compile(r"\w+")
_QUOTE_MARKS = "\"“”„«»'‘’"
MIN_OVERLAP = 0.5
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", ""})
_BATCH = 16


class GoldQuote(Record, frozen=True, kw_only=True):
    """One gold attribution: content pieces and source pieces as (start, end) offsets."""

    content: tuple[tuple[int, int], ...]
    sources: tuple[tuple[int, int], ...]
    direct: bool


class GoldDocument(Record, frozen=True, kw_only=True):
    name: str
    text: str
    quotes: tuple[GoldQuote, ...]


class QuotesEvalReport(Record, frozen=True, kw_only=True):
    """Content P/R/F1 (overlap and exact) and speaker accuracy, overall and for direct quotes."""

    documents: int
    gold: int
    predicted: int
    precision: float
    recall: float
    f1: float
    exact_precision: float
    exact_recall: float
    exact_f1: float
    speaker_accuracy: float
    direct_gold: int
    direct_predicted: int
    direct_precision: float
    direct_recall: float
    direct_f1: float
    direct_exact_f1: float
    direct_speaker_accuracy: float
    whole_f1: float
    whole_direct_f1: float
    sentences: int
    nlp_seconds: float
    quote_seconds: float
    seconds: float


def _pieces(field: str) -> tuple[tuple[int, int], ...]:
    """ "12 40;52 60" → ((12, 40), (52, 60))."""
    pairs = (piece.split() for piece in field.split(";"))
    return tuple((int(start), int(end)) for start, end in pairs)


def read_ann(text: str, ann: str) -> tuple[GoldQuote, ...]:
    """The contents of one brat standoff file, each once.  An attribution with several content
    pieces ("“A,” he said. “B.”": Content and Content2) gives one gold content per piece."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    quotes: dict[tuple[tuple[int, int], ...], GoldQuote] = {}
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            spans[fields[0]] = _pieces(fields[1].split(" ", 1)[1])
    for line in ann.splitlines():
        if line.startswith("E"):
            for quote in _relation(text, line.split("\t")[1], spans):
                quotes.setdefault(quote.content, quote)
    return tuple(quotes.values())


def _relation(
    text: str, roles: str, spans: dict[str, tuple[tuple[int, int], ...]]
) -> list[GoldQuote]:
    contents: list[tuple[tuple[int, int], ...]] = []
    sources: list[tuple[int, int]] = []
    for role in roles.split():
        name, _, ref = role.partition(":")
        if name.startswith("Content") and ref in spans:
            contents.append(tuple(sorted(spans[ref])))
        elif name == "Source":
            sources += spans.get(ref, ())
    return [
        GoldQuote(content=content, sources=tuple(sources), direct=_is_direct(text, content))
        for content in contents
    ]


def _looks_direct(text: str, quote: QuoteSpan) -> bool:
    """The gold's test applied to a prediction: a direct quote, or a content that starts or
    ends at a quote mark (predicted contents leave the marks and a trailing comma outside)."""
    if quote.kind == "direct":
        return True
    before = text[: quote.start].rstrip()[-1:]
    after = text[quote.end :].lstrip(" ,.?!")[:1]
    # The quoted part must be inside the content: a clause that merely ends where an enclosing
    # quotation does ("… that he had raised $20 million.”) is no quote of its own.
    inner = any(mark in quote.text for mark in _QUOTE_MARKS)
    return inner and (before in _QUOTE_MARKS or after in _QUOTE_MARKS)


def _is_direct(text: str, content: tuple[tuple[int, int], ...]) -> bool:
    body = " ".join(text[start:end] for start, end in content).strip()
    return bool(body) and (body[0] in _QUOTE_MARKS or body.rstrip(".,")[-1:] in _QUOTE_MARKS)


def as_pieces(text: str, quotes: Sequence[GoldQuote]) -> list[GoldQuote]:
    """One gold quote per contiguous piece: PolNeAR joins ``“A,” he said. “B.”`` into one
    discontinuous content, where a contiguous-span model sees two quotes by the same source."""
    return [
        GoldQuote(content=(piece,), sources=quote.sources, direct=_is_direct(text, (piece,)))
        for quote in quotes
        for piece in quote.content
    ]


def read_split(root: Path, split: str) -> list[GoldDocument]:
    """One annotation per text (the first annotator's, by file name), in file-name order."""
    folder = root / split
    documents = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        quotes = read_ann(text, anns[0].read_text(encoding="utf-8"))
        documents.append(GoldDocument(name=text_path.stem, text=text, quotes=quotes))
    return documents


def _words(text: str, pieces: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Start offsets of the word tokens inside ``pieces``."""
    return frozenset(
        match.start() for start, end in pieces for match in _WORD.finditer(text, start, end)
    )


class _Pair(Record, frozen=True, kw_only=True):
    gold: int
    predicted: int
    exact: bool


def match(gold: Sequence[frozenset[int]], predicted: Sequence[frozenset[int]]) -> list[_Pair]:
    """One-to-one matches with word overlap >= MIN_OVERLAP of the longer, best first."""
    scored = []
    for g, gold_words in enumerate(gold):
        for p, words in enumerate(predicted):
            shared = len(gold_words & words)
            longer = max(len(gold_words), len(words), 1)
            if shared and shared / longer >= MIN_OVERLAP:
                scored.append((shared / longer, g, p))
    pairs: list[_Pair] = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    # best overlap first; ties go to the earlier gold and prediction, so runs are reproducible
    for _, g, p in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append(_Pair(gold=g, predicted=p, exact=gold[g] == predicted[p]))
    return pairs


class _Tally(msgspec.Struct, kw_only=True):
    """Running counts for one scope (all quotes, or direct quotes only)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    with_source: int = 0
    speaker_right: int = 0


def _speaker_right(text: str, quote: QuoteSpan, gold: GoldQuote) -> bool:
    """The predicted speaker, or the antecedent it resolves to, overlaps a gold source, or
    ends with the same name (another mention of the same person: "Sexton" for "Sexton")."""
    candidates = [span for span in (quote.speaker, quote.speaker_head) if span is not None]
    overlap = any(
        span.start < end and start < span.end for span in candidates for start, end in gold.sources
    )
    names = {_last_word(span.text) for span in candidates} - _PRONOUNS
    return overlap or bool(names & {_last_word(text[start:end]) for start, end in gold.sources})


def _last_word(text: str) -> str:
    words = _WORD.findall(text.lower())
    return words[-1] if words else ""


def _score(
    text: str, gold: Sequence[GoldQuote], predicted: Sequence[QuoteSpan], tally: _Tally
) -> None:
    gold_words = [_words(text, quote.content) for quote in gold]
    predicted_words = [_words(text, [(quote.start, quote.end)]) for quote in predicted]
    tally.gold += len(gold)
    tally.predicted += len(predicted)
    for pair in match(gold_words, predicted_words):
        tally.matched += 1
        tally.exact += pair.exact
        if gold[pair.gold].sources:
            tally.with_source += 1
            tally.speaker_right += _speaker_right(text, predicted[pair.predicted], gold[pair.gold])


def _prf(tp: int, gold: int, predicted: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _predict(documents: Sequence[GoldDocument]) -> tuple[list[list[QuoteSpan]], int, float, float]:
    """Quotes per document, the sentence count, and seconds in spaCy and in quote finding."""
    nlp = load_nlp()
    predictions: list[list[QuoteSpan]] = []
    sentences = 0
    nlp_seconds = quote_seconds = 0.0
    clock = time.perf_counter()
    for doc in nlp.pipe((document.text for document in documents), batch_size=_BATCH):
        parsed = time.perf_counter()
        nlp_seconds += parsed - clock
        predictions.append(find_quotes(doc))
        sentences += sum(1 for _ in doc.sents)
        clock = time.perf_counter()
        quote_seconds += clock - parsed
    return predictions, sentences, nlp_seconds, quote_seconds


def evaluate_quotes(root: Path, *, split: Literal["train", "dev"] = "dev") -> QuotesEvalReport:
    """Score ``find_quotes`` on the PolNeAR folder ``root`` (its ``train/`` or ``dev/`` split)."""
    started = time.perf_counter()
    documents = read_split(root, split)
    predictions, sentences, nlp_seconds, quote_seconds = _predict(documents)
    tallies = [_Tally() for _ in range(4)]
    for document, predicted in zip(documents, predictions, strict=True):
        _score_document(
            document.text, as_pieces(document.text, document.quotes), predicted, tallies[:2]
        )
        _score_document(document.text, document.quotes, predicted, tallies[2:])
    return _report(
        tallies,
        documents=len(documents),
        sentences=sentences,
        timings=(nlp_seconds, quote_seconds, time.perf_counter() - started),
    )


def _score_document(
    text: str, gold: Sequence[GoldQuote], predicted: Sequence[QuoteSpan], tallies: Sequence[_Tally]
) -> None:
    """Score all contents into ``tallies[0]`` and direct ones into ``tallies[1]``."""
    _score(text, gold, predicted, tallies[0])
    gold_direct = [quote for quote in gold if quote.direct]
    _score(
        text, gold_direct, [quote for quote in predicted if _looks_direct(text, quote)], tallies[1]
    )


def _report(
    tallies: Sequence[_Tally],
    *,
    documents: int,
    sentences: int,
    timings: tuple[float, float, float],
) -> QuotesEvalReport:
    every, direct, whole, whole_direct = tallies
    precision, recall, f1 = _prf(every.matched, every.gold, every.predicted)
    exact = _prf(every.exact, every.gold, every.predicted)
    direct_prf = _prf(direct.matched, direct.gold, direct.predicted)
    return QuotesEvalReport(
        documents=documents,
        gold=every.gold,
        predicted=every.predicted,
        precision=precision,
        recall=recall,
        f1=f1,
        exact_precision=exact[0],
        exact_recall=exact[1],
        exact_f1=exact[2],
        speaker_accuracy=_ratio(every.speaker_right, every.with_source),
        direct_gold=direct.gold,
        direct_predicted=direct.predicted,
        direct_precision=direct_prf[0],
        direct_recall=direct_prf[1],
        direct_f1=direct_prf[2],
        direct_exact_f1=_prf(direct.exact, direct.gold, direct.predicted)[2],
        direct_speaker_accuracy=_ratio(direct.speaker_right, direct.with_source),
        whole_f1=_prf(whole.matched, whole.gold, whole.predicted)[2],
        whole_direct_f1=_prf(whole_direct.matched, whole_direct.gold, whole_direct.predicted)[2],
        sentences=sentences,
        nlp_seconds=timings[0],
        quote_seconds=timings[1],
        seconds=timings[2],
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def report_lines(report: QuotesEvalReport) -> list[str]:
    """The report as lines for the terminal."""
    return [
        f"documents {report.documents}, gold contents {report.gold}, predicted {report.predicted}",
        f"content (word overlap >= {MIN_OVERLAP:.0%} of the longer): P {report.precision:.3f}"
        f"  R {report.recall:.3f}  F1 {report.f1:.3f}",
        f"content (exact words): P {report.exact_precision:.3f}  R {report.exact_recall:.3f}"
        f"  F1 {report.exact_f1:.3f}",
        f"speaker accuracy (matched contents with a gold source): {report.speaker_accuracy:.3f}",
        f"direct quotes: gold {report.direct_gold}, predicted {report.direct_predicted}:"
        f" P {report.direct_precision:.3f}  R {report.direct_recall:.3f}  F1 {report.direct_f1:.3f}"
        f"  (exact F1 {report.direct_exact_f1:.3f})",
        f"direct speaker accuracy: {report.direct_speaker_accuracy:.3f}",
        f"with discontinuous gold contents kept whole: F1 {report.whole_f1:.3f},"
        f" direct F1 {report.whole_direct_f1:.3f}",
        f"time: {report.seconds:.1f} s ({report.nlp_seconds:.1f} s spaCy,"
        f" {report.quote_seconds:.2f} s quotes: {_rate(report.sentences, report.quote_seconds)}"
        f" sentences/s, {_rate(report.documents, report.quote_seconds)} articles/s)",
    ]


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:.0f}" if seconds else "n/a"
