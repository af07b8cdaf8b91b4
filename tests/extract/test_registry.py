"""The actor registry: a role one article states is remembered for the articles after it."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path

from dateline.config import IngestConfig
from dateline.extract.actors.registry import LearnedPerson, Registry, stated_role
from dateline.extract.run import extract_pending
from dateline.ingest.published import parse_user_date
from dateline.ingest.run import ingest
from dateline.model import Role
from dateline.store.duck import Store
from dateline.store.extracted import list_actors
from dateline.store.fusion import fuse_store

FIRST = "Zambian Foreign Minister Chanda Mwitwa arrived in Nairobi for talks on trade."
LATER = "On Tuesday, Mwitwa told reporters the talks had gone well. Chanda Mwitwa will return."


def _jsonl(folder: Path, name: str, text: str, day: str) -> Path:
    path = folder / name
    path.write_text(json.dumps({"id": name, "text": text, "published": day}) + "\n")
    return path


def test_a_later_article_knows_whom_an_earlier_one_described(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(_jsonl(tmp_path, "a.jsonl", FIRST, "2024-03-01"))], store=store)
        extract_pending(store)
        ingest([str(_jsonl(tmp_path, "b.jsonl", LATER, "2024-03-05"))], store=store)
        extract_pending(store)
        mentions = store.con.execute(
            "SELECT text, actor_id FROM mentions WHERE article_id = 'b.jsonl' ORDER BY start_char"
        ).fetchall()
        (person,) = [a for a in list_actors(store) if a.actor.id == "per:chanda-mwitwa"]
    assert mentions == [("Mwitwa", "per:chanda-mwitwa"), ("Chanda Mwitwa", "per:chanda-mwitwa")]
    assert (person.actor.country, person.actor.sector, person.articles) == ("ZMB", "GOV", 2)
    assert person.actor.roles[0].evidence is not None
    assert person.actor.roles[0].evidence.text == "Zambian Foreign Minister"


def _role(day: date, title: str) -> Role:
    return Role(title=title, country="ZMB", sector="GOV", valid_from=day, valid_to=day)


def test_the_role_stated_nearest_before_the_day_wins() -> None:
    roles = (_role(date(2020, 1, 1), "deputy"), _role(date(2023, 1, 1), "minister"))
    assert stated_role(roles, on=date(2022, 6, 1)) == roles[0]
    assert stated_role(roles, on=date(2024, 1, 1)) == roles[1]
    assert stated_role(roles, on=date(2019, 1, 1)) == roles[0]
    assert stated_role(roles, on=None) == roles[1]


def test_registry_survives_pickling_for_workers() -> None:
    person = LearnedPerson(
        actor_id="per:x-y", name="Xavier Yuu", roles=(_role(date(2020, 1, 1), "envoy"),)
    )
    copy = pickle.loads(pickle.dumps(Registry((person,))))
    found = copy.by_surname("Yuu", on=date(2021, 1, 1))
    assert found is not None and found.actor_id == "per:x-y"


def test_config_date_parser_is_strict() -> None:
    assert parse_user_date("2024-03-01").year == 2024
    assert IngestConfig().workers == 1


def test_extraction_of_an_article_does_not_depend_on_the_articles_stored_before(
    tmp_path: Path,
) -> None:
    later = "On Tuesday, Mwitwa accused Kenya of breaking the agreement."
    rows = []
    for name, first in (("alone", False), ("after", True)):
        with Store(tmp_path / f"{name}.duckdb") as store:
            if first:
                ingest([str(_jsonl(tmp_path, "a.jsonl", FIRST, "2024-03-01"))], store=store)
                extract_pending(store)
            ingest([str(_jsonl(tmp_path, "b.jsonl", later, "2024-03-05"))], store=store)
            extract_pending(store)
            rows.append(
                store.con.execute(
                    """SELECT text, actor_id FROM mentions WHERE article_id = 'b.jsonl'
                       ORDER BY start_char"""
                ).fetchall()
                + store.con.execute(
                    "SELECT type, actor_id, actor_text FROM events WHERE article_id = 'b.jsonl'"
                ).fetchall()
            )
    assert rows[0] == rows[1]


def test_fusion_knows_a_surname_another_article_described(tmp_path: Path) -> None:
    later = "On Tuesday, Mwitwa accused Kenya of breaking the agreement."
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(_jsonl(tmp_path, "a.jsonl", FIRST, "2024-03-01"))], store=store)
        ingest([str(_jsonl(tmp_path, "b.jsonl", later, "2024-03-05"))], store=store)
        extract_pending(store)
        stored = store.con.execute(
            "SELECT actor_id, actor_text FROM events WHERE article_id = 'b.jsonl' AND main"
        ).fetchall()
        fuse_store(store)
        fused = store.con.execute(
            "SELECT actor_id FROM fused_events WHERE type = 'ACCUSE'"
        ).fetchall()
    assert stored == [(None, "Mwitwa")]  # the article alone does not know him
    assert fused == [("per:chanda-mwitwa",)]
