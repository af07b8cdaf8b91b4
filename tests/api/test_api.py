"""The HTTP API through a client: records as JSON, filters, pages, errors, limits, headers."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import msgspec
import pytest

from dateline.api.app import CSP, Limits, StoreAccess, create_app
from dateline.api.views import ArticlePage, EventPage
from dateline.store.duck import Store
from dateline.store.fused import FusedView, NetworkEdge
from dateline.store.stories import StoryView
from tests.api.seeded import HOSTILE_ID, build_store

with warnings.catch_warnings():
    # Starlette's test client warns about its httpx dependency; the client itself is fine.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(seeds_dir, tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as opened:
        yield opened


def get_json(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def fields(kind: type[msgspec.Struct]) -> set[str]:
    return set(kind.__struct_fields__)


def test_event_list_items_have_exactly_the_record_fields(client: TestClient) -> None:
    page = get_json(client, "/api/events")
    assert page["items"]
    assert all(set(item) == fields(FusedView) for item in page["items"])


@pytest.mark.parametrize(
    ("url", "kind"),
    [("/api/network", NetworkEdge)],
)
def test_lists_without_pages_have_exactly_the_record_fields(
    client: TestClient, url: str, kind: type[msgspec.Struct]
) -> None:
    items = get_json(client, url)
    assert items
    assert all(set(item) == fields(kind) for item in items)


def test_event_page_decodes_as_its_record(client: TestClient) -> None:
    first = get_json(client, "/api/events?limit=1")["items"][0]
    response = client.get(f"/api/events/{first['id']}")
    page = msgspec.json.decode(response.content, type=EventPage)
    assert page.detail.event.id == first["id"]
    assert len(page.date_spans) == len(page.detail.mentions) == first["num_mentions"]


def test_every_mention_sentence_contains_its_trigger(client: TestClient) -> None:
    for item in get_json(client, "/api/events?limit=50")["items"]:
        page = get_json(client, f"/api/events/{item['id']}")
        for mention in page["detail"]["mentions"]:
            sentence, anchor = mention["event"]["sentence"], mention["event"]["anchor"]
            start = anchor["start"] - sentence["start"]
            assert sentence["text"][start : start + len(anchor["text"])] == anchor["text"]


def test_article_page_spans_point_into_its_text(client: TestClient) -> None:
    first = get_json(client, "/api/articles?limit=1")["items"][0]
    response = client.get(f"/api/articles/{first['id']}")
    page = msgspec.json.decode(response.content, type=ArticlePage)
    text = page.article.text
    assert page.mentions and page.events
    assert all(text[m.start : m.end] == m.text for m in page.mentions)
    assert all(text[e.anchor.start : e.anchor.end] == e.anchor.text for e in page.events)


@pytest.mark.parametrize("param", ["type=CONSULT", "type=consult"])
def test_type_filter_keeps_only_that_type(client: TestClient, param: str) -> None:
    items = get_json(client, f"/api/events?{param}")["items"]
    assert items
    assert {item["type"] for item in items} == {"CONSULT"}


def test_actor_filter_keeps_events_with_that_party(client: TestClient) -> None:
    items = get_json(client, "/api/events?actor=per:antony-blinken")["items"]
    assert items
    for item in items:
        parties = {(item["actor"] or {}).get("id"), (item["recipient"] or {}).get("id")}
        assert "per:antony-blinken" in parties


def test_date_filters_bound_the_event_dates(client: TestClient) -> None:
    items = get_json(client, "/api/events?since=2021-08-20&until=2021-08-24")["items"]
    assert items
    assert all("2021-08-20" <= item["date"] <= "2021-08-24" for item in items)


def test_stories_have_exactly_the_record_fields(client: TestClient) -> None:
    items = get_json(client, "/api/stories")["items"]
    assert items
    assert all(set(item) == fields(StoryView) for item in items)


def test_story_filter_keeps_only_that_storys_events(client: TestClient) -> None:
    everything = get_json(client, "/api/events?statements=true&limit=500")["items"]
    story = next(item["story_id"] for item in everything if item["story_id"])
    found = get_json(client, f"/api/events?statements=true&limit=500&story={story}")["items"]
    assert found
    assert {item["story_id"] for item in found} == {story}


def test_a_month_bound_means_the_whole_month(client: TestClient) -> None:
    items = get_json(client, "/api/events?since=2021-08&until=2021-08")["items"]
    assert items
    assert all(item["date"].startswith("2021-08") for item in items)


def test_words_filter_finds_events_by_their_sentences(client: TestClient) -> None:
    everything = get_json(client, "/api/events?statements=true&limit=500")["items"]
    found = get_json(client, "/api/events?statements=true&q=evacuation")["items"]
    assert 0 < len(found) < len(everything)


def test_pages_are_disjoint_and_share_one_total(client: TestClient) -> None:
    first = get_json(client, "/api/events?limit=5&offset=0")
    second = get_json(client, "/api/events?limit=5&offset=5")
    assert first["total"] == second["total"] > 10
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_ids_are_stable_across_apps_on_the_same_store(client: TestClient, db: Path) -> None:
    with TestClient(create_app(db)) as other:
        ours = [item["id"] for item in get_json(client, "/api/events")["items"]]
        theirs = [item["id"] for item in get_json(other, "/api/events")["items"]]
    assert ours == theirs


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/events/no-such-event", 404, "not_found"),
        ("/api/articles/no-such-article", 404, "not_found"),
        ("/api/actors/per:nobody", 404, "not_found"),
        ("/api/no-such-route", 404, "not_found"),
        ("/api/events?limit=501", 422, "invalid_parameter"),
        ("/api/events?limit=0", 422, "invalid_parameter"),
        ("/api/events?since=yesterday", 422, "invalid_parameter"),
        ("/api/events?since=2021-13-40", 422, "invalid_parameter"),
        ("/api/events?modality=imagined", 422, "invalid_parameter"),
        ("/api/events?q=" + "x" * 201, 422, "invalid_parameter"),
        ("/api/search", 422, "invalid_parameter"),
    ],
)
def test_errors_are_json_with_a_code(client: TestClient, url: str, status: int, code: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_writes_are_refused_by_a_read_only_server(client: TestClient) -> None:
    response = client.post("/api/events", json={})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "read_only"


def test_store_is_opened_read_only_by_default(client: TestClient) -> None:
    with client.app.state.access.reading() as store:  # type: ignore[attr-defined]
        assert store.read_only


@pytest.mark.parametrize("q", ["'; DROP TABLE articles; --", "%' OR '1'='1", "\\", "_%"])
def test_query_text_never_reaches_sql_unbound(client: TestClient, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200
    assert response.json()["q"] == q
    assert response.json()["articles"] == []
    assert get_json(client, "/api/articles")["items"]


def test_a_slow_query_is_interrupted(db: Path) -> None:
    with Store(db, read_only=True) as store:
        access = StoreAccess(store, limits=Limits(query_seconds=0.2))
        with access.reading() as view, pytest.raises(duckdb.InterruptException):
            view.con.execute("SELECT sum(hash(i)) FROM range(1000000000000) t(i)").fetchall()


def _overview_raising(db: Path, monkeypatch: pytest.MonkeyPatch, error: Exception) -> Any:
    """The answer to /api/overview when its query raises ``error``."""
    from dateline.api import routes

    def failing(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(routes, "overview", failing)
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        return client.get("/api/overview")


def test_an_interrupted_request_answers_503(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    response = _overview_raising(db, monkeypatch, duckdb.InterruptException("interrupted"))
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "query_timeout"


def test_a_request_that_finds_the_store_memory_spent_answers_503(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = duckdb.OutOfMemoryException("Out of Memory Error")
    response = _overview_raising(db, monkeypatch, error)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["error"]["code"] == "busy"


@pytest.mark.parametrize("url", ["/", "/api/events", "/events/none", "/static/style.css"])
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"


def test_openapi_documents_every_api_route_with_resolvable_schemas(client: TestClient) -> None:
    spec = get_json(client, "/openapi.json")
    schemas = spec["components"]["schemas"]
    paths = [path for path in spec["paths"] if path.startswith("/api/")]
    assert len(paths) >= 10
    for path in paths:
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        refs = _refs(schema["schema"])
        assert refs, path
        assert all(ref.rsplit("/", 1)[1] in schemas for ref in refs), path


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


@pytest.mark.parametrize(
    "url", ["/", "/timeline", "/network", "/actors", "/articles", "/stories", "/search?q=Taliban"]
)
def test_every_page_links_its_json_twin(client: TestClient, url: str) -> None:
    import re

    html = client.get(url).text
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html)
    assert twin
    get_json(client, twin.group(1).replace("&amp;", "&"))


def test_hostile_title_is_escaped_in_the_html(client: TestClient) -> None:
    html = client.get(f"/articles/{HOSTILE_ID}").text
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned" in html
    assert 'href="javascript:' not in html
    assert "<b onmouseover" not in html


def test_head_is_get_without_a_body(client: TestClient) -> None:
    got = client.get("/api/events?limit=2")
    head = client.head("/api/events?limit=2")
    assert head.status_code == 200 == got.status_code
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_a_host_the_server_does_not_answer_to_is_refused(db: Path) -> None:
    from fastapi.testclient import TestClient

    from dateline.cli.serve import served_names

    app = create_app(db, allowed_hosts=served_names("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/api/events?limit=1").status_code == 200
        named = local.get("/api/events?limit=1", headers={"host": "localhost:8000"})
        assert named.status_code == 200
        refused = local.get("/api/events?limit=1", headers={"host": "rebound.example:8000"})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "bad_host"
    assert served_names("0.0.0.0") is None


def test_a_request_beyond_the_capacity_is_refused_with_retry_after(db: Path) -> None:
    from dateline.api.load import Capacity

    full = Capacity(running=0, waiting=0)  # every request finds the queue full
    with TestClient(create_app(db, capacity=full)) as busy:
        response = busy.get("/api/events?limit=1")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-security-policy"] == CSP
    assert response.json()["error"]["code"] == "busy"


def test_an_article_id_with_a_slash_has_its_page_and_route(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from dateline.config import IngestConfig
    from dateline.ingest.run import ingest
    from dateline.store.duck import Store
    from dateline.web.render import path_part

    line = {
        "id": "reuters/2021/08/abc",
        "title": "Talks",
        "text": "The ministers met in Ankara on Monday.",
    }
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps(line) + "\n")
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        ingest([str(source)], store=store, config=IngestConfig())
    with TestClient(create_app(db)) as local:
        api = local.get("/api/articles/" + path_part("reuters/2021/08/abc"))
        page = local.get("/articles/" + path_part("reuters/2021/08/abc"))
        raw = local.get("/api/articles/reuters/2021/08/abc")
    assert api.status_code == 200 and api.json()["article"]["id"] == "reuters/2021/08/abc"
    assert page.status_code == 200 and "Talks" in page.text
    assert raw.status_code == 200


def test_an_actor_the_knowledge_base_knows_shows_its_dated_roles(client: TestClient) -> None:
    found = client.get("/api/actors/per:mevlut-cavusoglu").json()
    roles = found["actor"]["actor"]["roles"]
    known = [(r["title"], r["valid_from"]) for r in roles if r["evidence_article_id"] is None]
    assert ("Foreign Minister", "2015-11-24") in known
    page = client.get("/actors/per:mevlut-cavusoglu").text
    assert "No roles recorded" not in page and "knowledge base" in page
