"""Story clustering against ECB+ sub-topics (same real-world event): B-cubed and pairwise P/R/F1.

Beside the system: a plain TF-IDF average-linkage baseline at the threshold ECB+ likes best for
it, the system's scores over a range of thresholds (how much the setting matters), each half of
the topics alone, and the check that chose the threshold on other corpora: the similarity that
only one pair in a thousand of articles published more than a month apart reaches.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from datetime import date
from pathlib import Path

import msgspec
import numpy as np

from dateline.fuse import story_features
from dateline.fuse.stories import StoryConfig, StoryInput, cluster_stories, story_index
from dateline.model import Record

GOLD = "dev/stories/ecbplus.dev.jsonl"
CALIBRATION = (
    "corpora/news-articles-2017.jsonl.gz",
    "corpora/reuters21578/reuters21578.jsonl.gz",
)
COHESION_SWEEP = (0.5, 0.6, 0.7)
SWEEP = (0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.25)
# The baseline's best threshold on ECB+ in the sweep, so the comparison favours the baseline.
BASELINE = StoryConfig(channels=("words",), idf_power=1.0, cohesion=0.0, threshold=0.16)
FAR_DAYS = 30
FAR_QUANTILE = 0.999
_CALIBRATION_DOCS = 4000


class Scores(Record, frozen=True, kw_only=True):
    """B-cubed and pairwise precision, recall and F1 of one clustering."""

    threshold: float
    stories: int
    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float


class GoldArticle(Record, frozen=True, kw_only=True):
    article: StoryInput
    topic: str
    subtopic: str


class StoriesEvalReport(Record, frozen=True, kw_only=True):
    articles: int
    subtopics: int
    system: Scores
    baseline: Scores
    halves: tuple[tuple[str, Scores], ...]
    sweep: tuple[Scores, ...]
    cohesion_sweep: tuple[tuple[float, Scores], ...]
    calibration: tuple[tuple[str, float], ...]
    seconds: float


def evaluate_stories(
    shared: Path, *, config: StoryConfig | None = None, sweep: bool = True, calibrate: bool = True
) -> StoriesEvalReport:
    """Score ``config`` (the default setting) on ECB+ under ``shared``; optionally the extras."""
    config = config or StoryConfig()
    gold = load_gold(shared / GOLD)
    started = time.perf_counter()
    system = score(gold, config=config)
    seconds = time.perf_counter() - started
    baselines = [score(gold, config=_at(BASELINE, t)) for t in (SWEEP if sweep else ())]
    return StoriesEvalReport(
        articles=len(gold),
        subtopics=len({item.subtopic for item in gold}),
        system=system,
        baseline=max(baselines, key=lambda found: found.bcubed_f1)
        if baselines
        else score(gold, config=BASELINE),
        halves=_halves(gold, config=config),
        sweep=tuple(score(gold, config=_at(config, t)) for t in SWEEP) if sweep else (),
        cohesion_sweep=tuple(
            (c, score(gold, config=msgspec.structs.replace(config, cohesion=c)))
            for c in (COHESION_SWEEP if sweep else ())
        ),
        calibration=_calibration(shared, config=config) if calibrate else (),
        seconds=seconds,
    )


def load_gold(path: Path) -> list[GoldArticle]:
    """The ECB+ articles with their topic and sub-topic (no publication dates are given)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        article = StoryInput(id=row["id"], title=row.get("title"), text=row.get("text") or "")
        found.append(GoldArticle(article=article, topic=row["topic"], subtopic=row["subtopic"]))
    return found


def score(gold: Sequence[GoldArticle], *, config: StoryConfig) -> Scores:
    """Cluster the gold articles with ``config`` and score the result against the sub-topics."""
    index = story_index(cluster_stories([item.article for item in gold], config=config))
    predicted = [index[item.article.id] for item in gold]
    truth = [item.subtopic for item in gold]
    b_p, b_r, b_f = bcubed(predicted, truth)
    p_p, p_r, p_f = pairwise(predicted, truth)
    return Scores(
        threshold=config.threshold,
        stories=len(set(predicted)),
        bcubed_p=b_p,
        bcubed_r=b_r,
        bcubed_f1=b_f,
        pairwise_p=p_p,
        pairwise_r=p_r,
        pairwise_f1=p_f,
    )


def bcubed(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over items."""
    cells = Counter(zip(predicted, truth, strict=True))
    sizes, gold_sizes = Counter(predicted), Counter(truth)
    total = len(truth)
    precision = sum(n * n / sizes[p] for (p, _), n in cells.items()) / total
    recall = sum(n * n / gold_sizes[g] for (_, g), n in cells.items()) / total
    return precision, recall, _f1(precision, recall)


def pairwise(
    predicted: Sequence[Hashable], truth: Sequence[Hashable]
) -> tuple[float, float, float]:
    """Precision, recall and F1 over the pairs of items put (or belonging) together."""
    cells = Counter(zip(predicted, truth, strict=True))
    both = sum(_pairs(n) for n in cells.values())
    claimed = sum(_pairs(n) for n in Counter(predicted).values())
    real = sum(_pairs(n) for n in Counter(truth).values())
    precision = both / claimed if claimed else 1.0
    recall = both / real if real else 1.0
    return precision, recall, _f1(precision, recall)


def far_pair_quantile(
    articles: Sequence[StoryInput], *, config: StoryConfig, days: int = FAR_DAYS
) -> float:
    """The ``FAR_QUANTILE`` of text similarity over pairs published more than ``days`` apart.

    Such pairs cannot be one story, so this is the similarity chance alone reaches once in a
    thousand pairs: the threshold the default setting uses, read from unlabelled news.
    """
    bags = [
        story_features.bags(a.title, a.text, actors=a.actors, lead_sentences=config.lead_sentences)
        for a in articles
    ]
    matrices = [
        story_features.tfidf([bag[channel] for bag in bags], idf_power=config.idf_power)
        for channel in config.channels
    ]
    day = np.array([a.published.toordinal() if a.published else 0 for a in articles])
    everything = np.arange(len(articles))
    far: list[np.ndarray] = []
    for first in range(0, len(articles), 512):
        rows = everything[first : first + 512]
        found = story_features.similarity(matrices, rows, everything)
        apart = np.abs(day[rows][:, None] - day[None, :]) > days
        upper = everything[None, :] > rows[:, None]
        far.append(found[apart & upper].astype(np.float32))
    return float(np.quantile(np.concatenate(far), FAR_QUANTILE))


def load_corpus(path: Path, *, limit: int = _CALIBRATION_DOCS) -> list[StoryInput]:
    """Dated articles of a shared JSONL corpus, every k-th so that ``limit`` span its time."""
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            if row.get("published") and row.get("text"):
                published = date.fromisoformat(row["published"][:10])
                found.append(
                    StoryInput(
                        id=row["id"], title=row.get("title"), text=row["text"], published=published
                    )
                )
    step = max(1, -(-len(found) // limit))
    return found[::step]


def report_lines(report: StoriesEvalReport) -> list[str]:
    """The report as plain lines for the command line."""
    lines = [
        f"ECB+ {report.articles} articles, {report.subtopics} sub-topics; "
        f"clustered in {report.seconds:.1f} s",
        _line("system  ", report.system),
        _line("baseline", report.baseline) + "  (plain TF-IDF, average linkage, best threshold)",
    ]
    lines += [_line(f"{name:<8}", scores) for name, scores in report.halves]
    if report.sweep:
        best = max(report.sweep, key=lambda found: found.bcubed_f1)
        lines.append(f"threshold sweep (ECB+ would prefer {best.threshold:.2f}):")
        lines += [_line("  ", scores) for scores in report.sweep]
    if report.cohesion_sweep:
        lines.append("cohesion sweep (at the default threshold):")
        lines += [_line(f"  cohesion={c:.1f}", scores) for c, scores in report.cohesion_sweep]
    lines += [
        f"calibration: {FAR_QUANTILE} quantile of similarity, pairs > {FAR_DAYS} days apart, "
        f"{name}: {value:.3f}"
        for name, value in report.calibration
    ]
    return lines


def _line(name: str, scores: Scores) -> str:
    return (
        f"{name} t={scores.threshold:.2f} stories={scores.stories:<4} "
        f"B3 P={scores.bcubed_p:.3f} R={scores.bcubed_r:.3f} F1={scores.bcubed_f1:.3f}  "
        f"pairwise P={scores.pairwise_p:.3f} R={scores.pairwise_r:.3f} F1={scores.pairwise_f1:.3f}"
    )


def _halves(gold: Sequence[GoldArticle], *, config: StoryConfig) -> tuple[tuple[str, Scores], ...]:
    """Odd and even topics scored apart: the two halves should agree if nothing is overfitted."""
    odd = [item for item in gold if int(item.topic) % 2 == 1]
    even = [item for item in gold if int(item.topic) % 2 == 0]
    return (("odd", score(odd, config=config)), ("even", score(even, config=config)))


def _calibration(shared: Path, *, config: StoryConfig) -> tuple[tuple[str, float], ...]:
    found = []
    for relative in CALIBRATION:
        path = shared / relative
        if path.exists():
            articles = load_corpus(path)
            found.append((path.name, far_pair_quantile(articles, config=config)))
    return tuple(found)


def _at(config: StoryConfig, threshold: float) -> StoryConfig:
    return msgspec.structs.replace(config, threshold=threshold)


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
