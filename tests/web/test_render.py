"""Rendering untrusted text: highlighting spans, links, JSON in pages, and the report's CSP."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.store.duck import Store
from dateline.store.fused import MAX_LIMIT, FusedFilter
from dateline.web.render import Mark, csp_hash, highlight, safe_url, script_json
from dateline.web.report import build_report
from tests.api.seeded import build_store

TAG = re.compile(r"<[^>]*>")


@st.composite
def text_and_marks(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(st.text(alphabet="ab <>&\"'\n", max_size=40))
    points = st.integers(min_value=-3, max_value=len(text) + 3)
    marks = [
        Mark(start=start, end=end, kind=draw(st.sampled_from(["actor", "trigger", "quote"])))
        for start, end in draw(st.lists(st.tuples(points, points), max_size=5))
    ]
    return text, marks


@given(text_and_marks())
def test_highlighting_keeps_the_text_exactly(case: tuple[str, list[Mark]]) -> None:
    text, marks = case
    assert html.unescape(TAG.sub("", highlight(text, marks))) == text


@given(text_and_marks())
def test_highlighting_leaves_no_markup_from_the_text(case: tuple[str, list[Mark]]) -> None:
    text, marks = case
    tags = TAG.findall(highlight(text, marks))
    assert all(re.fullmatch(r'</?(mark|a)( class="[a-z\- 0-9]+")?>', tag) for tag in tags)


@given(text_and_marks())
def test_each_piece_carries_exactly_the_marks_that_cover_it(case: tuple[str, list[Mark]]) -> None:
    # every character's classes are those of the marks over it, read one character at a time
    text, marks = case
    marks = [
        Mark(start=m.start, end=m.end, kind=f"{m.kind} n{number}") for number, m in enumerate(marks)
    ]
    out = highlight(text, marks)
    expected = []
    for at, char in enumerate(text):
        over = sorted({f"hl-{k}" for m in marks if m.start <= at < m.end for k in m.kind.split()})
        expected.append((char, " ".join(["hl", *over]) if over else None))
    found = []
    for element in re.finditer(r'<mark class="([^"]*)">([^<]*)</mark>|([^<]+)', out):
        classes, inside, outside = element.groups()
        for char in html.unescape(inside if classes is not None else outside):
            found.append((char, classes))
    assert found == expected


def test_a_mark_wraps_its_characters_with_its_classes() -> None:
    out = highlight("Blinken met Lavrov", [Mark(start=8, end=11, kind="trigger q1")])
    assert out == 'Blinken <mark class="hl hl-q1 hl-trigger">met</mark> Lavrov'


def test_offsets_are_relative_to_where_the_text_starts() -> None:
    out = highlight("met Lavrov", [Mark(start=104, end=110, kind="recipient")], offset=100)
    assert out == 'met <mark class="hl hl-recipient">Lavrov</mark>'


def test_overlapping_marks_split_into_pieces_with_both_classes() -> None:
    marks = [Mark(start=0, end=4, kind="quote"), Mark(start=2, end=6, kind="actor")]
    out = highlight("abcdef", marks)
    assert out == (
        '<mark class="hl hl-quote">ab</mark><mark class="hl hl-actor hl-quote">cd</mark>'
        '<mark class="hl hl-actor">ef</mark>'
    )


def test_mark_links_and_titles_are_escaped() -> None:
    mark = Mark(start=0, end=1, kind="x", href='/a"b', title="<t>")
    assert highlight("a", [mark]) == ('<a href="/a&#34;b" class="hl hl-x" title="&lt;t&gt;">a</a>')


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("vbscript:x", None),
        ("//example.org", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_json_in_a_script_element_cannot_close_it() -> None:
    value = {"title": "</script><script>alert(1)</script>", "x": "a & b ' \u2028"}
    out = str(script_json(value))
    assert "<" not in out and ">" not in out and "&" not in out and "'" not in out
    assert json.loads(out) == value


@pytest.fixture(scope="module")
def report(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = build_store(seeds_dir, tmp_path_factory.mktemp("report"))
    with Store(db, read_only=True) as store:  # every event: the hostile ones are unsure ones
        return build_report(store, where=FusedFilter(limit=MAX_LIMIT, min_confidence=0.0))


@pytest.mark.slow
def test_report_csp_allows_exactly_its_inline_style_and_script(report: str) -> None:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', report)
    style = re.search(r"<style>(.*?)</style>", report, re.S)
    script = re.search(r"<script>(.*?)</script>", report, re.S)
    assert csp and style and script
    policy = html.unescape(csp.group(1))
    assert f"style-src {csp_hash(style.group(1))};" in policy
    assert f"script-src {csp_hash(script.group(1))};" in policy
    assert "default-src 'none'" in policy


@pytest.mark.slow
def test_report_loads_nothing_from_elsewhere(report: str) -> None:
    assert not re.search(r'(src|href)="(https?:)?//', report)
    assert "<link" not in report


@pytest.mark.slow
def test_report_shows_hostile_text_only_escaped(report: str) -> None:
    assert "<img src=x" not in report
    assert "&lt;img src=x onerror=" in report  # in the event table, as text
    assert "\\u003cimg src=x onerror=" in report  # in the embedded data


def test_no_page_shows_a_day_of_unknown_year_as_its_timeml_placeholder(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from dateline.api.app import create_app
    from dateline.cli.main import app

    text = (
        "Burns met Baradar\n\nOn Aug. 23, CIA chief William Burns met Taliban leader Abdul Ghani "
        "Baradar in Kabul, officials said."
    )
    corpus = tmp_path / "undated.jsonl"
    corpus.write_text(json.dumps({"id": "u1", "text": text}) + "\n")
    db = tmp_path / "u.duckdb"
    assert CliRunner().invoke(app, ["run", str(corpus), "--db", str(db), "-q"]).exit_code == 0
    with TestClient(create_app(db)) as client:
        (event,) = [e for e in client.get("/api/events").json()["items"] if e["type"] == "CONSULT"]
        assert (event["date"], event["date_month"], event["date_day"]) == (None, 8, 23)
        for path in ("/", f"/events/{event['id']}", "/articles/u1", "/timeline"):
            shown = re.sub(r"<script.*?</script>", "", client.get(path).text, flags=re.DOTALL)
            assert "XXXX" not in shown, path
        assert "08-23 (year unknown)" in client.get(f"/events/{event['id']}").text
