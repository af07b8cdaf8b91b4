"""The seeds against a hand-made gold: required-event recall and precision through
``dateline extract``, and the cross-article events fused by ``dateline run``.

``benchmarks/seeds/gold_events.jsonl`` lists, one JSON object a line, every political event
(no plain statements) a sentence of the five seed articles reports, as a person read them
without looking at dateline's output: the seed, a short exact quote that finds the sentence,
the PLOVER type, the source and target actors by name, the modality, and whether an analyst's
timeline must show it ("required").

``python benchmarks/seed_events.py`` extracts the seeds through the extract contract (each
seed one input line, published on the date its own text gives, or none), keeps what a default
view shows (main or not: every non-statement event at or above the default confidence), and
prints:

- required recall: the share of required gold events that a shown event matches;
- precision: the share of shown events that match some gold event (required or not);
- the same two with the type alone (parties not checked).

A shown event matches a gold event when its sentence holds the gold quote (a closing full stop
aside), its PLOVER type is
the gold type, and its parties name the gold actors (either way round for meetings, calls and
agreements): a party matches when the resolved name or the phrase shares a word of four or
more letters with the gold name (or with the knowledge base's name for it: "G7" is the "Group of
Seven"), and an empty gold party matches only an empty one.
``--run`` also builds a store with ``dateline run`` and lists the fused events reported by two
or more seeds.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from dateline.extract.actors import load_kb
from dateline.extract.contract import extract_lines
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT / "benchmarks" / "seeds" / "gold_events.jsonl"
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
_WORD = re.compile(r"[^\W\d_]{4,}")


def seed_texts() -> dict[str, str]:
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def shown_events(texts: dict[str, str]) -> list[dict[str, Any]]:
    """Every non-statement event of the seeds at or above the default confidence."""
    lines = [json.dumps({"id": seed, "text": text}).encode() for seed, text in texts.items()]
    found = []
    for line in extract_lines(lines):
        output = json.loads(line)
        text = texts[output["id"]]
        for event in output["events"]:
            if event["quad"] != 0 and event["confidence"] >= DEFAULT_MIN_CONFIDENCE:
                sentence = text[event["sentence"]["start"] : event["sentence"]["end"]]
                found.append({"seed": output["id"], **event, "sentence_text": sentence})
    return found


def _words(*texts: str | None) -> set[str]:
    return {word.lower() for text in texts if text for word in _WORD.findall(text)}


def _party(gold_name: str, party: dict[str, Any] | None) -> bool:
    if not gold_name:
        return party is None
    if party is None:
        return False
    gold = _words(gold_name, _known_as(gold_name))
    return bool(gold & _words(party.get("name"), party.get("text")))


def _known_as(name: str) -> str | None:
    """The knowledge base's own name for a gold name it knows by another ("G7": "Group of
    Seven"), so that an abbreviation in the gold matches the name dateline gives."""
    kb = load_kb()
    entry = kb.organisation(name) or kb.person(name)
    if entry is not None:
        return entry.name
    country = kb.country(name)
    return country.name if country is not None else None


def matches(gold: dict[str, Any], event: dict[str, Any], *, parties: bool = True) -> bool:
    """Whether a shown event is the gold event (see the module's description)."""
    # the scraped pages repeat paragraphs, once with a closing full stop and once without
    quote = gold["sentence"].rstrip(".")
    if event["seed"] != gold["seed"] or quote not in event["sentence_text"]:
        return False
    if event["type"] != gold["type"]:
        return False
    if not parties:
        return True
    source, target = gold["source_actor"], gold["target_actor"]
    if _party(source, event.get("actor")) and _party(target, event.get("recipient")):
        return True
    return gold["type"] in SYMMETRIC and (
        _party(target, event.get("actor")) and _party(source, event.get("recipient"))
    )


def score(gold: list[dict[str, Any]], shown: list[dict[str, Any]]) -> dict[str, Any]:
    required = [g for g in gold if g["required"]]
    report: dict[str, Any] = {"gold": len(gold), "required": len(required), "shown": len(shown)}
    for name, parties in (("", True), ("type_only_", False)):
        found = sum(1 for g in required if any(matches(g, e, parties=parties) for e in shown))
        right = sum(1 for e in shown if any(matches(g, e, parties=parties) for g in gold))
        report[f"{name}required_recall"] = round(found / len(required), 3) if required else 0.0
        report[f"{name}precision"] = round(right / len(shown), 3) if shown else 0.0
    report["missed"] = [
        f"{g['seed']} {g['type']} {g['source_actor']} -> {g['target_actor']}: {g['sentence']}"
        for g in required
        if not any(matches(g, e) for e in shown)
    ]
    report["wrong"] = [
        f"{e['seed']} {e['type']} {_shown_party(e.get('actor'))} -> "
        f"{_shown_party(e.get('recipient'))}: {e['sentence_text'][:90]}"
        for e in shown
        if not any(matches(g, e) for g in gold)
    ]
    return report


def _shown_party(party: dict[str, Any] | None) -> str:
    if party is None:
        return "None"
    name = party.get("name")
    return party["text"] if not name or name == party["text"] else f"{party['text']} ({name})"


def cross_article() -> list[str]:
    """Fused events that two or more seeds report, from a store ``dateline run`` builds."""
    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "seeds.duckdb"
        subprocess.run(
            [sys.executable, "-m", "dateline", "run", str(SEEDS), "--db", str(db), "-q"],
            check=False,
        )
        con = duckdb.connect(str(db), read_only=True)
        rows = con.execute(
            """SELECT type, actor_id, recipient_id, num_articles FROM fused_events
               WHERE num_articles >= 2 ORDER BY type, actor_id, recipient_id"""
        ).fetchall()
        con.close()
    return [f"{kind} {actor} -> {recipient} ({articles} articles)" for kind, actor, recipient,
            articles in rows]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run", action="store_true", help="also list cross-article fusions")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    report = score(gold, shown_events(seed_texts()))
    if args.run:
        report["cross_article"] = cross_article()
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    print(
        f"seeds: {report['gold']} gold events ({report['required']} required), "
        f"{report['shown']} shown at confidence >= {DEFAULT_MIN_CONFIDENCE}"
    )
    print(
        f"required recall {report['required_recall']}, precision {report['precision']} "
        f"(type only: {report['type_only_required_recall']}, {report['type_only_precision']})"
    )
    for title in ("missed", "wrong", "cross_article"):
        for line in report.get(title, []):
            print(f"  {title}: {line}")


if __name__ == "__main__":
    main()
