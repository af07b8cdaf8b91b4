"""Precision and recall of near-duplicate detection on real articles and their republished copies.

The dev split chose ``NearDupConfig``'s defaults (``tune_dedup``); the test split is for reporting
only.  A pair counts as found when the grouper puts both docs in one group, transitivity included.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from dateline.dedup import DuplicateGrouper, NearDupConfig, content_hash, signature
from dateline.dedup.pairset import Doc, Pair, PairSet, Split, build_pairset
from dateline.model import Record

logger = logging.getLogger(__name__)

SHINGLE_SIZES = (3, 4, 5, 6, 8)
THRESHOLDS = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8)


class DedupEvalReport(Record, frozen=True, kw_only=True):
    """Pair-level figures for one split and config.

    ``per_kind`` gives, for each kind of pair, the share judged right: recall for the kinds of
    copy (and ``real`` corpus duplicates), the share kept apart for the kinds of negative.
    """

    pairs: int
    positives: int
    precision: float
    recall: float
    f1: float
    per_kind: tuple[tuple[str, float], ...]
    config: NearDupConfig
    seconds: float


class _Signed(Record, frozen=True, kw_only=True):
    doc: Doc
    content_hash: str
    signature: bytes


def evaluate_dedup(
    shared_root: Path, *, split: Split = "test", config: NearDupConfig | None = None
) -> DedupEvalReport:
    """Build ``split``'s labelled pairs from the shared corpora and score ``config`` on them."""
    started = time.perf_counter()
    config = config or NearDupConfig()
    pairset = build_pairset(shared_root, split=split)
    signed = sign(pairset.docs, config=config)
    return score(pairset, signed, config=config, started=started)


def tune_dedup(
    shared_root: Path,
    *,
    shingle_sizes: Sequence[int] = SHINGLE_SIZES,
    thresholds: Sequence[float] = THRESHOLDS,
) -> list[DedupEvalReport]:
    """Every (shingle size, threshold) scored on the dev split, best ``kind_balanced`` first."""
    pairset = build_pairset(shared_root, split="dev")
    reports = []
    for size in shingle_sizes:
        signed = sign(pairset.docs, config=NearDupConfig(shingle_size=size))
        for threshold in thresholds:
            config = NearDupConfig(shingle_size=size, threshold=threshold)
            reports.append(score(pairset, signed, config=config, started=time.perf_counter()))
            logger.info(
                "dev %s balanced=%.4f", report_lines(reports[-1])[0], kind_balanced(reports[-1])
            )
    return sorted(reports, key=lambda report: (-kind_balanced(report), -report.f1))


def kind_balanced(report: DedupEvalReport) -> float:
    """The mean of the per-kind shares: every kind of copy and of look-alike weighs the same.

    Pair-level F1 is dominated by the many synthetic copies, while in a real corpus look-alike
    pairs (templated reports, stories sharing background) far outnumber copies; a config is
    therefore chosen on this mean, so a few hard negatives count as much as a kind of copy.
    """
    return sum(share for _, share in report.per_kind) / len(report.per_kind)


def sign(docs: Iterable[Doc], *, config: NearDupConfig) -> list[_Signed]:
    """Each doc with its content hash and signature under ``config``."""
    return [
        _Signed(
            doc=doc,
            content_hash=content_hash(doc.text),
            signature=signature(doc.text, config=config),
        )
        for doc in docs
    ]


def score(
    pairset: PairSet, signed: Sequence[_Signed], *, config: NearDupConfig, started: float
) -> DedupEvalReport:
    """Group the signed docs with ``config``'s threshold and score the labelled pairs."""
    group = _groups(signed, config=config)
    found = [group[pair.a] == group[pair.b] for pair in pairset.pairs]
    hits = sum(f and p.duplicate for f, p in zip(found, pairset.pairs, strict=True))
    predicted, positives = sum(found), sum(pair.duplicate for pair in pairset.pairs)
    precision = hits / predicted if predicted else 1.0
    recall = hits / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return DedupEvalReport(
        pairs=len(pairset.pairs),
        positives=positives,
        precision=precision,
        recall=recall,
        f1=f1,
        per_kind=_per_kind(pairset.pairs, found),
        config=config,
        seconds=time.perf_counter() - started,
    )


def _groups(signed: Sequence[_Signed], *, config: NearDupConfig) -> dict[str, str]:
    # The grouper's threshold is the only setting used here: signatures were made beforehand,
    # so one signing serves every threshold when tuning.
    grouper = DuplicateGrouper(config=config)
    for item in signed:
        grouper.add(
            item.doc.id,
            sort_key=item.doc.sort_key,
            content_hash=item.content_hash,
            signature=item.signature,
        )
    return {item.doc.id: grouper.state(item.doc.id)[0] or item.doc.id for item in signed}


def _per_kind(pairs: Sequence[Pair], found: Sequence[bool]) -> tuple[tuple[str, float], ...]:
    right: defaultdict[str, list[bool]] = defaultdict(list)
    for pair, hit in zip(pairs, found, strict=True):
        right[pair.kind].append(hit == pair.duplicate)
    return tuple((kind, sum(marks) / len(marks)) for kind, marks in sorted(right.items()))


def report_lines(report: DedupEvalReport) -> list[str]:
    """The report as plain lines for the command line."""
    config = report.config
    lines = [
        f"shingle_size={config.shingle_size} threshold={config.threshold} "
        f"num_perm={config.num_perm} min_shingles={config.min_shingles}: "
        f"P={report.precision:.3f} R={report.recall:.3f} F1={report.f1:.3f}",
        f"{report.pairs} pairs ({report.positives} duplicates) in {report.seconds:.1f} s",
    ]
    lines += [f"  {kind:<18} {share:.3f}" for kind, share in report.per_kind]
    return lines
