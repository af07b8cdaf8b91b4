"""``dateline extract`` keeps DESIGN §5: one line out per line in, offsets into the input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.extract.contract import extract_lines
from dateline.model import Article
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE

KEYS = {
    "id",
    "published_used",
    "published_basis",
    "published_precision",
    "error",
    "mentions",
    "timexes",
    "quotes",
    "events",
}


def _seed_lines(seeds_dir: Path) -> list[bytes]:
    lines = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines.append(
            json.dumps({"id": path.stem, "text": text, "published": "2021-08-25"}).encode()
        )
    return lines


def test_every_span_reads_back_from_the_input(seeds_dir: Path) -> None:
    lines = _seed_lines(seeds_dir)
    outputs = [json.loads(line) for line in extract_lines(lines)]
    assert [out["id"] for out in outputs] == [json.loads(line)["id"] for line in lines]
    for line, out in zip(lines, outputs, strict=True):
        text = json.loads(line)["text"]
        assert set(out) == KEYS
        spans = [*out["mentions"], *out["timexes"], *out["quotes"]]
        spans += [q[part] for q in out["quotes"] for part in ("speaker", "cue") if q[part]]
        assert spans
        for span in spans:
            if span.get("field") != "title":
                assert text[span["start"] : span["end"]] == span["text"]


def test_bad_lines_get_errors_and_the_rest_goes_on() -> None:
    lines = [
        b"not json",
        b'{"id": "x", "title": "no text"}',
        b'{"text": "An article with no id at all, about talks in Kabul."}',
        b'{"id": 5, "text": "The envoy met officials in Doha on Monday.",'
        b' "published": "2021-08-25"}',
        b"",
    ]
    outputs = [json.loads(line) for line in extract_lines(lines)]
    assert len(outputs) == len(lines)
    assert [(out["id"], (out["error"] or {}).get("code")) for out in outputs] == [
        (None, "malformed_json"),
        ("x", "missing_field"),
        (None, "missing_field"),
        ("5", None),
        (None, "malformed_json"),
    ]
    assert outputs[3]["timexes"][0]["value"] == "2021-08-23"


def test_extract_as_a_real_process(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Antony Blinken spoke with Wang Yi."}) + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "extract", "-i", str(source)],
        capture_output=True,
        check=True,
    )
    (out,) = [json.loads(line) for line in done.stdout.splitlines()]
    names = {m["actor"]["name"] for m in out["mentions"] if m["actor"]}
    assert names == {"Antony Blinken", "Wang Yi"}


def test_two_workers_give_the_same_lines(seeds_dir: Path) -> None:
    lines = _seed_lines(seeds_dir) * 3
    assert list(extract_lines(lines, workers=2)) == list(extract_lines(lines))


def test_events_follow_the_contract() -> None:
    text = (
        "Turkish Foreign Minister Mevlüt Çavuşoğlu and U.S. Secretary of State Antony Blinken "
        "discussed Afghanistan in a phone call on Aug. 24. Russia did not attack Ukraine."
    )
    line = json.dumps({"id": "e", "text": text, "published": "2021-08-25"}).encode()
    (out,) = [json.loads(found) for found in extract_lines([line])]
    consult = next(e for e in out["events"] if e["anchor"]["text"] == "discussed")
    assert (consult["type"], consult["cameo"][:2], consult["quad"]) == ("CONSULT", "04", 1)
    assert (consult["actor"]["name"], consult["recipient"]["name"]) == (
        "Mevlüt Çavuşoğlu",
        "Antony Blinken",
    )
    assert (consult["date"], consult["date_basis"], consult["modality"]) == (
        "2021-08-24",
        "explicit",
        "asserted",
    )
    negated = next(e for e in out["events"] if e["anchor"]["text"] == "attack")
    assert (negated["type"], negated["modality"]) == ("ASSAULT", "negated")
    for sentence in {(e["sentence"]["start"], e["sentence"]["end"]) for e in out["events"]}:
        inside = [
            e for e in out["events"] if (e["sentence"]["start"], e["sentence"]["end"]) == sentence
        ]
        assert sum(e["main"] for e in inside) == 1  # one principal event a sentence
    assert (
        consult["main"] and consult["actor"]["text"] == "Turkish Foreign Minister Mevlüt Çavuşoğlu"
    )
    for event in out["events"]:
        for part in ("anchor", "actor", "recipient"):
            if event[part]:
                assert text[event[part]["start"] : event[part]["end"]] == event[part]["text"]


def test_it_as_a_speaker_is_never_a_person() -> None:
    text = (
        "Pakistan Foreign Minister Shah Mahmood Qureshi said on Friday that talks went well. "
        "However, for months, it has been saying that they will not let Afghan soil be used."
    )
    (line,) = extract_lines([json.dumps({"id": "a", "text": text}).encode()])
    quotes = json.loads(line)["quotes"]
    (it,) = [q for q in quotes if q["speaker"] and q["speaker"]["text"] == "it"]
    # "it" may stand for the country named before (Pakistan), never for the minister
    assert it["speaker"]["name"] in (None, "Pakistan")
    assert any(q["speaker"]["name"] == "Shah Mahmood Qureshi" for q in quotes if q["speaker"])


def _failing_on_boom(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction raises on any article whose text says BOOM (a bug on odd text)."""
    from dateline.extract.article import Extractor

    real = Extractor._extract

    def extract(self: Extractor, article: Article, *args: object) -> object:
        if "BOOM" in article.text:
            raise ValueError("odd text")
        return real(self, article, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Extractor, "_extract", extract)


_THREE = [
    {"id": "a", "text": "Russian troops shelled the town of Avdiivka on Monday, officials said."},
    {"id": "b", "text": "BOOM. The army shelled the village on Tuesday."},
    {"id": "c", "text": "Turkey's foreign minister met his Russian counterpart in Ankara."},
]


def test_an_article_extraction_fails_on_is_one_error_line_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _failing_on_boom(monkeypatch)
    lines = [json.dumps(item).encode() for item in _THREE]
    out = [json.loads(line) for line in extract_lines(lines)]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[1]["error"] == {"code": "processing_failed", "message": "ValueError: odd text"}
    assert out[1]["events"] == [] and out[1]["mentions"] == []
    assert out[0]["error"] is None and out[0]["events"]
    assert out[2]["error"] is None and out[2]["mentions"]


def test_a_stored_article_extraction_fails_on_is_done_with_a_rejection_and_blocks_no_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from dateline.extract.run import extract_pending
    from dateline.ingest.run import ingest
    from dateline.store.duck import Store
    from dateline.store.extracted import pending_articles
    from dateline.store.query import list_rejections

    _failing_on_boom(monkeypatch)
    corpus = tmp_path / "three.jsonl"
    corpus.write_text("".join(json.dumps(item) + "\n" for item in _THREE))
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(corpus)], store=store)
        assert extract_pending(store).articles == 3
        assert pending_articles(store) == []
        (failed,) = list_rejections(store)
        assert (failed.origin, failed.reason) == ("b", "processing_failed")
        assert "ValueError: odd text" in failed.detail
        events = store.con.execute("SELECT DISTINCT article_id FROM events ORDER BY 1").fetchall()
        assert ("a",) in events and ("b",) not in events
        assert extract_pending(store).articles == 0  # the next run has nothing left to do


def test_an_undated_article_is_dated_as_far_as_its_text_allows_and_no_further() -> None:
    records = [
        {"id": "elect", "text": "President-elect Donald Trump met President Barack Obama at "
         "the White House on Nov. 10. The two spoke again by phone on Nov. 14."},
        {"id": "open", "text": "Secretary of State Antony Blinken spoke on Aug. 25."},
        {"id": "given", "published": "2021-08-27", "text": "The talks between the two foreign "
         "ministers ended without an agreement on Friday."},
    ]  # fmt: skip
    lines = [json.dumps(record).encode() for record in records]
    found = {out["id"]: out for out in map(json.loads, extract_lines(lines))}
    elect = found["elect"]
    assert (elect["published_used"], elect["published_basis"], elect["published_precision"]) == (
        "2016-11", "estimated", "month"
    )  # fmt: skip
    # "on Nov. 10" takes the estimated year; an event its clause does not date takes the month
    assert {t["value"] for t in elect["timexes"]} >= {"2016-11-10", "2016-11-14"}
    assert all(e["date"].startswith("2016-11") for e in elect["events"])
    # Blinken's office leaves 2021 to 2025 open: no year is guessed, no day of August given one
    assert (found["open"]["published_used"], found["open"]["published_basis"]) == (None, "unknown")
    assert [t["value"] for t in found["open"]["timexes"]] == ["XXXX-08-25"]
    given = found["given"]
    assert (given["published_used"], given["published_precision"]) == ("2021-08-27", "day")


def test_an_event_its_clause_does_not_date_takes_the_day_it_was_reported() -> None:
    text = (
        "The Turkish Foreign Ministry said on Aug. 25 that Cavusoglu and Blinken discussed "
        "Afghanistan. Taliban fighters attacked the airport on Thursday, officials said on Friday."
    )
    line = json.dumps({"id": "r", "published": "2021-08-27", "text": text}).encode()
    events = json.loads(next(iter(extract_lines([line]))))["events"]
    dates = {e["anchor"]["text"]: (e["date"], e["date_basis"]) for e in events}
    assert dates["discussed"] == ("2021-08-25", "explicit")
    assert dates["attacked"] == ("2021-08-26", "explicit")  # its own "on Thursday" first


def _shown(text: str) -> list[dict[str, object]]:
    (line,) = extract_lines(
        [json.dumps({"id": "a", "text": text, "published": "2021-08-25"}).encode()]
    )
    return [e for e in json.loads(line)["events"] if e["confidence"] >= DEFAULT_MIN_CONFIDENCE]


def _parties(event: dict[str, object]) -> tuple[object, object]:
    actor, recipient = event["actor"], event["recipient"]
    return (
        actor["name"] if isinstance(actor, dict) else None,
        recipient["name"] if isinstance(recipient, dict) else None,
    )


def test_talks_between_two_leaders_in_a_hedged_sentence_are_shown() -> None:
    events = _shown(
        "Ankara’s hopes of using Kabul airport’s insurance to help improve ties with Washington, "
        "strained by Turkey’s purchase of Russian defense systems, also seemed to fail in talks "
        "on Monday between President Joe Biden and Turkish President Recep Tayyip Erdogan."
    )
    talks = [e for e in events if e["type"] == "CONSULT"]
    assert [_parties(e) for e in talks] == [("Joe Biden", "Recep Tayyip Erdoğan")]
    assert talks[0]["modality"] == "asserted"


def test_talks_with_the_leaders_of_a_group_are_with_the_group() -> None:
    events = _shown(
        "Biden insisted after virtual talks with leaders of the Group of Seven industrialized "
        "democracies that the U.S. is on track to finish by Aug. 31."
    )
    talks = [_parties(e) for e in events if e["type"] == "CONSULT"]
    assert ("Joe Biden", "Group of Seven") in talks


def test_a_photo_caption_names_its_meeting() -> None:
    events = _shown(
        "US Secretary of State Antony Blinken meeting with Pakistan Foreign Minister Shah Mahmood "
        "Qureshi"
    )
    assert [(e["type"], *_parties(e)) for e in events] == [
        ("CONSULT", "Antony Blinken", "Shah Mahmood Qureshi")
    ]


def test_we_said_by_a_secretary_of_state_is_his_state_with_its_name() -> None:
    events = _shown(
        "\u201cWe have had diplomatic contact with the Taliban for years,\u201d US Secretary of "
        "State Antony Blinken said."
    )
    assert ("United States", "Taliban") in [_parties(e) for e in events if e["type"] == "CONSULT"]


@pytest.mark.parametrize(
    ("text", "kind", "actor", "name", "recipient"),
    [
        (
            "The Taliban spokesman said his group is in contact with the Turkish state.",
            "CONSULT",
            "his group",
            "Taliban",
            "Turkey",
        ),
        (  # a person who speaks: the group the speaker's phrase names
            "Taliban spokesman Zabihullah Mujahid said his group is in contact with the "
            "Turkish state.",
            "CONSULT",
            "his group",
            "Taliban",
            "Turkey",
        ),
        (  # an official: the state the official speaks for
            "Russian Foreign Minister Sergei Lavrov said his government would hold talks with "
            "the Taliban.",
            "CONSULT",
            "his government",
            "Russia",
            "Taliban",
        ),
    ],
)
def test_the_speakers_own_side_acts_in_what_the_speaker_reports(
    text: str, kind: str, actor: str, name: str, recipient: str
) -> None:
    # "his group" in what the Taliban's spokesman says is the Taliban, shown by default
    (line,) = extract_lines([json.dumps({"id": "a", "text": text}).encode()])
    events = json.loads(line)["events"]
    found = [
        e
        for e in events
        if e["type"] == kind
        and e["actor"] is not None
        and e["actor"]["text"] == actor
        and e["actor"]["name"] == name
        and e["recipient"] is not None
        and e["recipient"]["name"] == recipient
    ]
    assert found and found[0]["confidence"] >= DEFAULT_MIN_CONFIDENCE, events


def test_the_main_events_anchor_gets_no_second_event_from_its_own_clause() -> None:
    # the refusal is the sentence's main event; its clause is not read again as a further one
    text = (
        "Taliban spokesman Zabihullah Mujahid said his group would not accept a U.S. military "
        "presence."
    )
    (line,) = extract_lines([json.dumps({"id": "a", "text": text}).encode()])
    events = json.loads(line)["events"]
    refusals = [e for e in events if e["anchor"]["text"] == "accept"]
    assert len(refusals) == 1 and refusals[0]["main"], events
