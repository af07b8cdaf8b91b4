"""How well dateline dates articles that come without a date, measured on what users get.

Two corpora with known publication dates have them hidden, and dateline estimates them:

- ``text``: each article alone, through ``dateline extract`` (its ``published_used``,
  ``published_basis`` and ``published_precision``): what the article's own text tells.
- ``store``: a store where every other article keeps its date, through ``dateline run`` (the
  store's ``published``, ``published_basis`` and ``published_precision`` of the articles whose
  date was hidden): what the text and the articles around it tell.

For each: the share of hidden-date articles given a date (by precision), and of those the
share with the right year, and the right month where a month was given. dateline never
estimates a day, so it can never give a confident wrong one.

Run from the repository root (``../shared`` holds the corpora)::

    python benchmarks/dating.py text --corpus news --out benchmarks/results/dating_text_news.json
    python benchmarks/dating.py text --corpus reuters --limit 2000 --out ...
    python benchmarks/dating.py store --corpus news --limit 1000 --out ...
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPORA = {
    "news": "corpora/news-articles-2017.jsonl.gz",
    "reuters": "corpora/reuters21578/reuters21578.jsonl.gz",
}
SEED = 13


def articles(shared: Path, corpus: str, limit: int) -> list[dict[str, Any]]:
    """The corpus's dated articles (a seeded sample of ``limit`` when given), as article JSONL
    records with their true date kept aside in ``truth``."""
    rows = []
    with gzip.open(shared / CORPORA[corpus], "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            found = json.loads(line)
            day = (found.get("published") or "")[:10]
            if len(day) == 10 and found.get("text", "").strip():
                rows.append({"id": found.get("id") or f"{corpus}-{number}",
                             "title": found.get("title"), "text": found["text"],
                             "source": found.get("source"), "truth": day})  # fmt: skip
    if limit and limit < len(rows):
        rows = sorted(random.Random(SEED).sample(rows, limit), key=lambda row: row["id"])
    return rows


def score(estimates: dict[str, tuple[str | None, str, str | None]], truth: dict[str, str]) -> dict:
    """Counts and shares over the hidden-date articles: ``estimates`` maps each to its
    (value, basis, precision) as dateline gave it."""
    counts: Counter[str] = Counter()
    wrong_years: list[tuple[str, str]] = []
    for article_id, day in sorted(truth.items()):
        value, basis, precision = estimates.get(article_id, (None, "unknown", None))
        counts["articles"] += 1
        if value is None or basis != "estimated":
            continue
        counts["dated"] += 1
        counts[f"dated_{precision}"] += 1
        counts["year_right"] += value[:4] == day[:4]
        if value[:4] != day[:4]:
            wrong_years.append((day, value))
        if precision == "month":
            counts["month_right"] += value[:7] == day[:7]
        if precision == "day":
            counts["day_given"] += 1
    total, dated = counts["articles"], counts["dated"]
    months = counts["dated_month"]
    return {
        "counts": dict(counts),
        "dated_share": round(dated / total, 4) if total else 0.0,
        "month_share": round(months / total, 4) if total else 0.0,
        "year_right_of_dated": round(counts["year_right"] / dated, 4) if dated else None,
        "month_right_of_months": round(counts["month_right"] / months, 4) if months else None,
        "confident_wrong_days": counts["day_given"],
        "wrong_years": [f"{day} as {value}" for day, value in wrong_years],
    }


def through_extract(rows: list[dict[str, Any]], workers: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        source.write_text(
            "".join(json.dumps({k: v for k, v in row.items() if k != "truth"}) + "\n"
                    for row in rows),
            encoding="utf-8",
        )  # fmt: skip
        out = Path(folder) / "out.jsonl"
        subprocess.run(
            [sys.executable, "-m", "dateline", "extract", "--input", str(source),
             "--output", str(out), "--workers", str(workers)],
            check=True,
        )  # fmt: skip
        estimates = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            found = json.loads(line)
            estimates[found["id"]] = (found["published_used"], found["published_basis"],
                                      found.get("published_precision"))  # fmt: skip
    return score(estimates, {row["id"]: row["truth"] for row in rows})


def through_run(rows: list[dict[str, Any]], workers: int) -> dict:
    """Every other article (by seeded draw) keeps its date; the rest are hidden."""
    import duckdb

    from dateline.store.rows import published_text

    rng = random.Random(SEED)
    hidden = {row["id"] for row in rows if rng.random() < 0.5}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        source.write_text(
            "".join(
                json.dumps({**{k: v for k, v in row.items() if k != "truth"},
                            **({} if row["id"] in hidden else {"published": row["truth"]})})
                + "\n"
                for row in rows
            ),
            encoding="utf-8",
        )  # fmt: skip
        store = Path(folder) / "store.duckdb"
        subprocess.run(
            [sys.executable, "-m", "dateline", "run", str(source), "--db", str(store),
             "--workers", str(workers), "--quiet"],
            check=False,
        )  # fmt: skip
        con = duckdb.connect(str(store), read_only=True)
        estimates = {}
        for article_id, published, basis, precision in con.execute(
            "SELECT id, published, published_basis, published_precision FROM articles"
        ).fetchall():
            value = published_text(published, precision) or None
            estimates[article_id] = (value, basis, precision)
        con.close()
    truth = {row["id"]: row["truth"] for row in rows if row["id"] in hidden}
    return {**score(estimates, truth), "kept_dated": len(rows) - len(hidden)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("how", choices=("text", "store"))
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="news")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows = articles(args.shared, args.corpus, args.limit)
    result = (
        through_extract(rows, args.workers)
        if args.how == "text"
        else through_run(rows, args.workers)
    )
    result = {"how": args.how, "corpus": args.corpus, "limit": args.limit, **result}
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
