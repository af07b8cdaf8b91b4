"""Stories in the store: written whole, read back filtered, and the same however articles arrive."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec
import pytest

from dateline.dedup import content_hash
from dateline.ingest.stages import Signed
from dateline.model import Article
from dateline.store.duck import Store
from dateline.store.stories import (
    StoryFilter,
    StoryView,
    list_stories,
    stored_inputs,
    story_of,
    update_stories,
)
from tests.conftest import article_for
from tests.fuse.test_stories import ACEH, QESHM, TRANSFER


def _article(article_id: str, title: str, text: str, day: int) -> Article:
    article = article_for(text, day=datetime(2021, 1, day, 12, tzinfo=UTC), article_id=article_id)
    return msgspec.structs.replace(article, title=title, content_hash=content_hash(text))


def _batch(pairs: tuple[tuple[str, str], ...], prefix: str, day: int) -> list[Article]:
    return [_article(f"{prefix}{n}", title, text, day) for n, (title, text) in enumerate(pairs)]


ALL = _batch(QESHM, "q", 3) + _batch(ACEH, "a", 5) + _batch(TRANSFER, "t", 4)


def _store(*batches: list[Article]) -> Store:
    store = Store(":memory:")
    for batch in batches:
        store.write_batch([Signed(article=article, signature=b"") for article in batch])
        update_stories(store)
    return store


def _mention_vlahovic(store: Store) -> None:
    store.con.execute(
        "INSERT INTO actors (id, name, kind, country) "
        "VALUES ('person:vlahovic', 'Dusan Vlahovic', 'person', 'SRB')"
    )
    store.con.execute(
        "INSERT INTO mentions (article_id, start_char, end_char, text, label, actor_id, field) "
        "VALUES ('t1', 0, 5, 'Dusan', 'PERSON', 'person:vlahovic', 'text')"
    )


def _stored(store: Store) -> list[tuple[object, ...]]:
    return store.con.execute(
        """SELECT s.*, list(x.article_id ORDER BY x.article_id) FROM stories s
           JOIN article_stories x ON x.story_id = s.id GROUP BY ALL ORDER BY s.id"""
    ).fetchall()


def test_update_writes_one_row_per_story_and_article() -> None:
    with _store(ALL) as store:
        outcome = update_stories(store)
        assert (outcome.articles, outcome.stories) == (8, 3)
        assert sum(view.num_articles for view in list_stories(store)) == 8


def test_incremental_updates_equal_one_run() -> None:
    with _store(ALL[:4], ALL[4:]) as twice, _store(ALL) as once:
        assert _stored(twice) == _stored(once)


def test_update_again_replaces_rather_than_adds() -> None:
    with _store(ALL) as store:
        before = _stored(store)
        update_stories(store)
        assert _stored(store) == before


def test_exact_copy_belongs_to_its_originals_story() -> None:
    copy = msgspec.structs.replace(ALL[0], id="zz-copy")
    with _store(ALL, [copy]) as store:
        assert story_of(store, "zz-copy") == story_of(store, ALL[0].id)


def test_story_of_unknown_article_is_none() -> None:
    with _store(ALL) as store:
        assert story_of(store, "nope") is None


def test_views_carry_dates_and_articles() -> None:
    with _store(ALL) as store:
        view = next(v for v in list_stories(store) if "t0" in v.article_ids)
    assert view == StoryView(
        id=view.id,
        label=view.label,
        first_date=date(2021, 1, 4),
        last_date=date(2021, 1, 4),
        num_articles=2,
        article_ids=("t0", "t1"),
    )


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (StoryFilter(q="juventus"), {"t0"}),
        (StoryFilter(since=date(2021, 1, 5)), {"a0"}),
        (StoryFilter(until=date(2021, 1, 3)), {"q0"}),
        (StoryFilter(since=date(2021, 1, 4), until=date(2021, 1, 4)), {"t0"}),
        (StoryFilter(actor="Vlahovic"), {"t0"}),
        (StoryFilter(actor="person:vlahovic"), {"t0"}),
    ],
)
def test_filters(where: StoryFilter, expected: set[str]) -> None:
    with _store(ALL) as store:
        store.con.execute(
            "INSERT INTO actors (id, name, kind, country) "
            "VALUES ('person:vlahovic', 'Dusan Vlahovic', 'person', 'SRB')"
        )
        store.con.execute(
            "INSERT INTO mentions (article_id, start_char, end_char, text, label, actor_id, field) "
            "VALUES ('t1', 0, 5, 'Dusan', 'PERSON', 'person:vlahovic', 'text')"
        )
        found = list_stories(store, where=where)
    assert {view.article_ids[0] for view in found} == expected


def test_latest_first_with_limit_and_offset() -> None:
    with _store(ALL) as store:
        everything = list_stories(store)
        page = list_stories(store, where=StoryFilter(limit=1, offset=1))
    assert [view.last_date for view in everything] == sorted(
        (view.last_date for view in everything), reverse=True
    )
    assert page == everything[1:2]


def test_stored_inputs_carry_resolved_actors_and_duplicate_links() -> None:
    copy = msgspec.structs.replace(ALL[0], id="zz-copy")
    with _store(ALL, [copy]) as store:
        _mention_vlahovic(store)
        inputs = {article.id: article for article in stored_inputs(store)}
    assert inputs["t1"].actors == ("person:vlahovic",)
    assert inputs["zz-copy"].duplicate_of == ALL[0].id
