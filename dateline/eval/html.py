"""Quality of HTML main-text extraction: token precision, recall and F1 of ``extract_html``'s
text against gold article bodies (the scrapinghub article-extraction benchmark layout).
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from dateline.ingest.html import DEFAULT_SETTINGS, ExtractionSettings, extract_html
from dateline.model import Record

logger = logging.getLogger(__name__)

# Words as Unicode letters/digits runs, case kept: punctuation and whitespace differences
# between extractors are not what this measures.
_TOKEN = re.compile(r"\w+")
_WORST = 10


class DocumentScore(Record, frozen=True, kw_only=True):
    """Token overlap of one extracted text with its gold body."""

    name: str
    overlap: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        # An empty prediction claims nothing wrong; it is recall that punishes it.
        return self.overlap / self.predicted if self.predicted else float(not self.gold)

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        return _harmonic(self.precision, self.recall)


class HtmlEvalReport(Record, frozen=True, kw_only=True):
    """Mean (per-document) and micro (pooled tokens) scores over a gold set."""

    documents: int
    precision: float
    recall: float
    f1: float
    micro_f1: float
    seconds: float
    worst: tuple[tuple[str, float], ...]


class GoldPage(Record, frozen=True, kw_only=True):
    """One benchmark page: its name (file hash), URL and gold article body."""

    name: str
    path: Path
    url: str | None
    body: str


def evaluate_html(root: Path, *, settings: ExtractionSettings = DEFAULT_SETTINGS) -> HtmlEvalReport:
    """Score ``extract_html`` on ``root`` (``ground-truth.json`` and ``html/<hash>.html.gz``).

    ``seconds`` is extraction time only, per page, so it reads as the cost of one article.
    """
    scores: list[DocumentScore] = []
    elapsed = 0.0
    for page in gold_pages(root):
        html = gzip.decompress(page.path.read_bytes())
        started = time.perf_counter()
        content = extract_html(html, url=page.url, settings=settings)
        elapsed += time.perf_counter() - started
        scores.append(score_text(page.name, content.text, page.body))
    return summarise(scores, seconds=elapsed / len(scores) if scores else 0.0)


def gold_pages(root: Path) -> Iterator[GoldPage]:
    """The pages listed in ``root/ground-truth.json`` whose HTML file is present, sorted by name."""
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for name in sorted(gold):
        path = root / "html" / f"{name}.html.gz"
        if not path.is_file():
            logger.warning("No HTML for gold page %s", name)
            continue
        entry = gold[name]
        yield GoldPage(name=name, path=path, url=entry.get("url"), body=entry["articleBody"])


def tokens(text: str) -> Counter[str]:
    """The multiset of words in ``text`` (Unicode-aware, case kept)."""
    return Counter(_TOKEN.findall(text))


def score_text(name: str, predicted: str, gold: str) -> DocumentScore:
    """Multiset token overlap of ``predicted`` with ``gold``."""
    ours, theirs = tokens(predicted), tokens(gold)
    return DocumentScore(
        name=name,
        overlap=sum((ours & theirs).values()),
        predicted=sum(ours.values()),
        gold=sum(theirs.values()),
    )


def summarise(scores: list[DocumentScore], *, seconds: float) -> HtmlEvalReport:
    """Macro means, micro F1 and the lowest-F1 documents of ``scores``."""
    count = len(scores) or 1
    overlap = sum(score.overlap for score in scores)
    predicted = sum(score.predicted for score in scores)
    gold = sum(score.gold for score in scores)
    micro_precision = overlap / predicted if predicted else 0.0
    micro_recall = overlap / gold if gold else 0.0
    worst = sorted(scores, key=lambda score: (score.f1, score.name))[:_WORST]
    return HtmlEvalReport(
        documents=len(scores),
        precision=sum(score.precision for score in scores) / count,
        recall=sum(score.recall for score in scores) / count,
        f1=sum(score.f1 for score in scores) / count,
        micro_f1=_harmonic(micro_precision, micro_recall),
        seconds=seconds,
        worst=tuple((score.name, score.f1) for score in worst),
    )


def report_lines(report: HtmlEvalReport) -> list[str]:
    """A short human-readable summary of ``report`` for the CLI."""
    lines = [
        f"html extraction: {report.documents} documents",
        f"  mean token precision {report.precision:.4f}  recall {report.recall:.4f}"
        f"  F1 {report.f1:.4f}",
        f"  micro token F1 {report.micro_f1:.4f}",
        f"  {report.seconds:.3f} s per page",
        "  lowest F1:",
    ]
    lines.extend(f"    {f1:.3f}  {name}" for name, f1 in report.worst)
    return lines


def _harmonic(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0
