"""How many real articles open with a dateline dateline finds, and a sample to check by hand.

``python benchmarks/datelines.py`` cleans each article of news-2017 and Reuters-21578 as
``dateline ingest`` does, finds its dateline (``find_dateline``) and resolves it
(``resolve_dateline``, with the country its region names, nothing else), and prints per corpus
and outlet how many got one. With ``--sample-out FILE`` it also writes ``--size`` articles with
a dateline and ``--size`` without one from news-2017 (fixed seed), each with the opening of its
text, for a person to say whether the dateline is right and whether one was missed. With
``--events-out FILE`` it runs ``dateline extract`` over ``--articles`` news-2017 articles that
have a dateline (fixed seed) and writes the events a default view shows that were placed in
their dateline city (basis "dateline"), each with its sentence and parties, for a person to say
where the event happened.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from dateline.clean.boilerplate import clean_text
from dateline.extract.actors import load_kb
from dateline.extract.contract import extract_lines
from dateline.extract.datelines import find_dateline, resolve_dateline
from dateline.extract.places import load_gazetteer
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "news-2017": ROOT.parent / "shared" / "corpora" / "news-articles-2017.jsonl.gz",
    "reuters21578": ROOT.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl.gz",
}
SEED = 1313
EVENTS_SEED = 7
_OPENING_CHARS = 300


def _read(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _found(row: dict[str, Any]) -> dict[str, Any]:
    kb = load_kb()
    text = clean_text(row["text"], title=row.get("title")).text
    found = find_dateline(text, title=row.get("title"))
    place = resolve_dateline(found, load_gazetteer(kb), kb) if found else None
    return {
        "id": row["id"],
        "source": row.get("source"),
        "opening": text[:_OPENING_CHARS],
        "dateline": found.city.text if found and place else None,
        "place": f"{place.name}, {place.country}" if place else None,
        "found_unresolved": found.city.text if found and not place else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample-out", type=Path)
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--events-out", type=Path)
    parser.add_argument("--articles", type=int, default=80)
    args = parser.parse_args()
    results: dict[str, list[dict[str, Any]]] = {}
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name}: {path} absent, skipped")
            continue
        results[name] = found = [_found(row) for row in _read(path)]
        hits = Counter(r["source"] for r in found if r["dateline"])
        totals = Counter(r["source"] for r in found)
        print(f"{name}: {sum(hits.values())} of {len(found)} articles have a dateline")
        for source, total in totals.most_common():
            print(f"  {source}: {hits[source]} of {total}")
        rejected = Counter(r["found_unresolved"] for r in found if r["found_unresolved"])
        print(f"  shaped like one but not on the map: {rejected.most_common(15)}")
    if args.sample_out and "news-2017" in results:
        rows = results["news-2017"]
        rng = random.Random(SEED)
        hits = [r for r in rows if r["dateline"]]
        misses = [r for r in rows if not r["dateline"]]
        chosen = rng.sample(hits, min(args.size, len(hits)))
        chosen += rng.sample(misses, min(args.size, len(misses)))
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen)
        args.sample_out.write_text(lines, encoding="utf-8")
    if args.events_out and "news-2017" in results:
        placed = {r["id"] for r in results["news-2017"] if r["dateline"]}
        rows = [row for row in _read(CORPORA["news-2017"]) if row["id"] in placed]
        chosen_rows = random.Random(EVENTS_SEED).sample(rows, min(args.articles, len(rows)))
        events = _dateline_events(chosen_rows)
        lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)
        args.events_out.write_text(lines, encoding="utf-8")
        print(f"{len(events)} shown events placed by the dateline in {len(chosen_rows)} articles")


def _dateline_events(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("id", "text", "title", "published", "source")
    lines = [json.dumps({k: row.get(k) for k in keys}).encode() for row in rows]
    texts = {row["id"]: row["text"] for row in rows}
    found = []
    for out in map(json.loads, extract_lines(lines)):
        for event in out["events"]:
            place = event["location"] or {}
            shown = event["modality"] == "asserted" and event["type"] != "STATEMENT"
            if place.get("basis") != "dateline" or not shown:
                continue
            if event["confidence"] < DEFAULT_MIN_CONFIDENCE:
                continue
            sentence = texts[out["id"]][event["sentence"]["start"] : event["sentence"]["end"]]
            parties = [p.get("country") if isinstance(p, dict) else p
                       for p in (event["actor"], event["recipient"])]  # fmt: skip
            found.append({"article_id": out["id"], "type": event["type"],
                          "trigger": event["anchor"]["text"], "dateline": place["name"],
                          "parties": parties, "sentence": sentence})  # fmt: skip
    return found


if __name__ == "__main__":
    main()
