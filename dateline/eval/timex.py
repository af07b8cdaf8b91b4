"""TempEval-3 scoring of the rule-based time-expression tagger on TimeML gold files (TBAQ-cleaned).

Reads the inline TIMEX3 tags of each document's TEXT, takes the CREATION_TIME TIMEX3 as the anchor,
runs ``find_timexes`` on the plain text and scores spans, types and values the TempEval-3 way.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from dateline.extract.timex import TimexSpan, find_timexes
from dateline.model import Record, TimexType

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_PIECE = re.compile(r"<[^>]*>|[^<]+")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TYPES: dict[str, TimexType] = {
    "DATE": "DATE",
    "TIME": "TIME",
    "DURATION": "DURATION",
    "SET": "SET",
}
_DCT = re.compile(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>")


class GoldDocument(Record, frozen=True, kw_only=True):
    """One TimeML document: its plain TEXT, creation date and gold time expressions."""

    name: str
    text: str
    dct: date
    timexes: tuple[TimexSpan, ...]


class TimexEvalReport(Record, frozen=True, kw_only=True):
    """TempEval-3 figures (percentages in 0..1) for one run over a folder of TimeML files."""

    documents: int
    gold: int
    predicted: int
    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_accuracy: float
    value_accuracy: float
    value_f1: float
    seconds: float


def read_timeml(path: Path) -> GoldDocument:
    """Parse one .tml file: the TEXT with tags stripped and entities decoded, and its TIMEX3s."""
    markup = path.read_text(encoding="utf-8")
    dct_tag = _DCT.search(markup)
    body = _TEXT.search(markup)
    if dct_tag is None or body is None:
        raise ValueError(f"E201 {path}: no CREATION_TIME TIMEX3 or no TEXT element")
    dct = date.fromisoformat(dict(_ATTR.findall(dct_tag.group()))["value"][:10])
    text, timexes = _strip_tags(body.group(1))
    return GoldDocument(name=path.stem, text=text, dct=dct, timexes=tuple(timexes))


def _strip_tags(markup: str) -> tuple[str, list[TimexSpan]]:
    """Plain text of an inline-annotated TEXT, and the TIMEX3 spans as offsets into it."""
    parts: list[str] = []
    length = 0
    opened: tuple[int, dict[str, str]] | None = None
    timexes: list[TimexSpan] = []
    for piece in _PIECE.findall(markup):
        if piece.startswith("<TIMEX3"):
            opened = (length, dict(_ATTR.findall(piece)))
        elif piece.startswith("</TIMEX3") and opened is not None:
            start, attrs = opened
            span_text = "".join(parts)[start:]
            timexes.append(_gold_span(start, span_text, attrs))
            opened = None
        elif not piece.startswith("<"):
            piece_text = html.unescape(piece)
            parts.append(piece_text)
            length += len(piece_text)
    return "".join(parts), timexes


def _gold_span(start: int, span_text: str, attrs: dict[str, str]) -> TimexSpan:
    kind = _TYPES.get(attrs.get("type", ""))
    if kind is None:
        raise ValueError(f"E202 unknown TIMEX3 type {attrs.get('type')!r}")
    return TimexSpan(
        start=start,
        end=start + len(span_text),
        text=span_text,
        type=kind,
        value=attrs.get("value", ""),
    )


# TBAQ-cleaned's halves; its testpipeline/ folder repeats one TimeBank file, so it is left out.
HALVES = ("TimeBank", "AQUAINT")


def read_corpus(root: Path) -> list[GoldDocument]:
    """The .tml files of the TimeBank and AQUAINT halves under ``root``, or, for any other folder,
    every .tml file in it, in a stable order."""
    folders = [root / half for half in HALVES if (root / half).is_dir()] or [root]
    return [read_timeml(path) for folder in folders for path in sorted(folder.rglob("*.tml"))]


def _overlaps(a: TimexSpan, b: TimexSpan) -> bool:
    return a.start < b.end and b.start < a.end


def _match_document(
    gold: Sequence[TimexSpan], predicted: Sequence[TimexSpan]
) -> tuple[int, list[tuple[TimexSpan, TimexSpan]]]:
    """Strict match count and one-to-one relaxed (overlap) pairs, gold-first greedy."""
    strict = len({(g.start, g.end) for g in gold} & {(p.start, p.end) for p in predicted})
    used: set[int] = set()
    pairs: list[tuple[TimexSpan, TimexSpan]] = []
    for g in gold:
        for index, p in enumerate(predicted):
            if index not in used and _overlaps(g, p):
                used.add(index)
                pairs.append((g, p))
                break
    return strict, pairs


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


def score(
    pairs_by_doc: Iterable[tuple[Sequence[TimexSpan], Sequence[TimexSpan]]],
    *,
    seconds: float = 0.0,
) -> TimexEvalReport:
    """TempEval-3 figures for (gold, predicted) span lists, one pair per document."""
    documents = n_gold = n_pred = n_strict = 0
    matched: list[tuple[TimexSpan, TimexSpan]] = []
    for gold, predicted in pairs_by_doc:
        strict, pairs = _match_document(gold, predicted)
        documents += 1
        n_gold += len(gold)
        n_pred += len(predicted)
        n_strict += strict
        matched.extend(pairs)
    strict_p, strict_r = _ratio(n_strict, n_pred), _ratio(n_strict, n_gold)
    relaxed_p, relaxed_r = _ratio(len(matched), n_pred), _ratio(len(matched), n_gold)
    relaxed_f1 = _f1(relaxed_p, relaxed_r)
    value_accuracy = _ratio(sum(g.value == p.value for g, p in matched), len(matched))
    return TimexEvalReport(
        documents=documents,
        gold=n_gold,
        predicted=n_pred,
        strict_p=strict_p,
        strict_r=strict_r,
        strict_f1=_f1(strict_p, strict_r),
        relaxed_p=relaxed_p,
        relaxed_r=relaxed_r,
        relaxed_f1=relaxed_f1,
        type_accuracy=_ratio(sum(g.type == p.type for g, p in matched), len(matched)),
        value_accuracy=value_accuracy,
        value_f1=relaxed_f1 * value_accuracy,
        seconds=seconds,
    )


def evaluate_documents(documents: Sequence[GoldDocument]) -> TimexEvalReport:
    """Tag every document with its DCT as anchor and score against its gold TIMEX3s."""
    began = time.perf_counter()
    predictions = [find_timexes(doc.text, anchor=doc.dct) for doc in documents]
    seconds = time.perf_counter() - began
    pairs = [
        (doc.timexes, predicted) for doc, predicted in zip(documents, predictions, strict=True)
    ]
    return score(pairs, seconds=seconds)


def evaluate_timex(root: Path) -> TimexEvalReport:
    """Score the tagger on the TimeML files under ``root``: the TBAQ-cleaned folder or one half."""
    return evaluate_documents(read_corpus(root))


def _prf(label: str, precision: float, recall: float, f1: float) -> str:
    return f"{label}  P {precision:6.1%}  R {recall:6.1%}  F1 {f1:6.1%}"


def report_lines(report: TimexEvalReport) -> list[str]:
    """Human-readable lines for one report, figures as percentages."""
    rate = _ratio(report.documents, report.seconds)
    return [
        f"documents {report.documents}  gold {report.gold}  predicted {report.predicted}",
        _prf("strict ", report.strict_p, report.strict_r, report.strict_f1),
        _prf("relaxed", report.relaxed_p, report.relaxed_r, report.relaxed_f1),
        f"type accuracy {report.type_accuracy:6.1%}  value accuracy {report.value_accuracy:6.1%}",
        f"value F1 {report.value_f1:6.1%}",
        f"tagging time {report.seconds:.2f} s ({rate:.0f} docs/s)",
    ]
