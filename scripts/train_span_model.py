"""Train the actor span model and write dateline/data/events/span_model.json.

Run from the repository root:  python scripts/train_span_model.py [--shared ../shared]
[--out FILE] [--limit N] [--no-cv].  Reports grouped cross-validation (held-out years, held-out
countries) against the parse rules, then trains on the whole span file.  Training is
deterministic (Adam from zero, fixed steps, no sampling): same data, same bytes.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from dateline.eval.events_spans import L2, grouped_report, prepare, report_lines, train
from dateline.extract.events.span_model import ROLES, SpanWeights
from dateline.extract.events.typing_model import reviewable_json

log = logging.getLogger("train_span_model")

REPO = Path(__file__).resolve().parent.parent
DATA_FILE = "dev/events/conflibert/cameo_ner.train.txt"  # pinned: the training split only
OUT = REPO / "dateline" / "data" / "events" / "span_model.json"
SEED = 0  # recorded for the reader: the fit itself draws no random numbers


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--limit", type=int, default=0, help="first N sentences only (tests)")
    parser.add_argument("--no-cv", action="store_true", help="skip the grouped cross-validation")
    args = parser.parse_args()
    sentences = prepare(args.shared / DATA_FILE, limit=args.limit)
    if not args.no_cv:
        for line in report_lines(grouped_report(sentences))[:-1]:
            log.info("%s", line)
    weights = train(sentences)
    args.out.write_text(_json(weights), encoding="utf-8")
    log.info("wrote %s: %d features", args.out, len(weights.features))


def _json(weights: SpanWeights) -> str:
    """One line per feature with its weight for each role, so a reviewer can read the file."""
    head = {
        "about": "source/target phrase of a sentence's main event; scripts/train_span_model.py",
        "trained_on": f"../shared/{DATA_FILE}",
        "seed": SEED,
        "l2": L2,
        "roles": list(ROLES),
        "intercepts": weights.intercepts,
        "source_threshold": weights.source_threshold,
        "target_threshold": weights.target_threshold,
    }
    return reviewable_json(head, weights.features, weights.weights)


if __name__ == "__main__":
    main()
