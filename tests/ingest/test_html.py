"""extract_html on small hand-made pages: text, metadata, and never raising on junk."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

import pytest

from dateline.ingest.html import ExtractionSettings, HtmlContent, extract_html

PARAGRAPH_1 = (
    "The city council approved the new transport budget on Tuesday evening after a debate "
    "that lasted more than six hours, according to officials present at the session."
)
PARAGRAPH_2 = (
    "Opposition members said the plan favoured the city centre over the suburbs and promised "
    "to challenge several of its provisions when the council meets again next month."
)


def page(
    *,
    head: str = "",
    lang: str = "en",
    body: str = f"<h1>Council passes budget</h1><p>{PARAGRAPH_1}</p><p>{PARAGRAPH_2}</p>",
) -> str:
    """A minimal news page; ``head`` adds tags to <head>, ``body`` replaces the article."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>Council passes budget</title>{head}'
        '</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article>{body}</article><footer><p>Copyright The Gazette</p></footer></body></html>"
    )


def test_text_is_the_article_paragraphs_separated_by_blank_lines() -> None:
    assert extract_html(page()).text == f"{PARAGRAPH_1}\n\n{PARAGRAPH_2}"


def test_title_is_read_from_the_page() -> None:
    assert extract_html(page()).title == "Council passes budget"


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="og:site_name" content="The Gazette">',
        '<meta name="application-name" content="The Gazette">',
    ],
)
def test_site_name_is_read_from_meta_tags(head: str) -> None:
    assert extract_html(page(head=head)).site_name == "The Gazette"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta property="article:published_time" content="2021-08-26T10:30:00+02:00">',
            datetime(2021, 8, 26, 8, 30, tzinfo=UTC),
        ),
        ('<meta name="date" content="2021-08-26">', datetime(2021, 8, 26, tzinfo=UTC)),
        (
            '<meta property="article:published_time" content="2020-03-01T09:00:00Z">'
            '<meta property="article:modified_time" content="2021-05-05T09:00:00Z">',
            datetime(2020, 3, 1, 9, 0, tzinfo=UTC),
        ),
    ],
    ids=["offset-to-utc", "date-only-midnight", "original-not-modified"],
)
def test_publication_date_is_read_from_meta_tags(head: str, expected: datetime) -> None:
    assert extract_html(page(head=head)).published == expected


def test_published_is_none_without_a_date() -> None:
    assert extract_html(page()).published is None


CANONICAL = '<link rel="canonical" href="https://gazette.example/budget">'


@pytest.mark.parametrize(
    ("head", "given", "expected"),
    [
        (CANONICAL, None, "https://gazette.example/budget"),
        (CANONICAL, "https://m.gazette.example/b?x=1", "https://gazette.example/budget"),
        ("", "https://gazette.example/given", "https://gazette.example/given"),
    ],
)
def test_url_prefers_the_canonical_link(head: str, given: str | None, expected: str) -> None:
    assert extract_html(page(head=head), url=given).url == expected


@pytest.mark.parametrize(
    ("lang", "head", "expected"),
    [
        ("en-GB", "", "en"),
        ("FR", "", "fr"),
        ("", '<meta http-equiv="Content-Language" content="de">', "de"),
        ("", '<meta property="og:locale" content="es_ES">', "es"),
        ("", "", None),
        ("english", "", None),
    ],
)
def test_language_is_the_declared_iso_639_1_code(
    lang: str, head: str, expected: str | None
) -> None:
    assert extract_html(page(lang=lang, head=head)).language == expected


def test_script_content_never_appears_in_text() -> None:
    body = (
        f"<p>{PARAGRAPH_1}</p><script>var secret = 'TRACKER_PAYLOAD';</script><p>{PARAGRAPH_2}</p>"
    )
    text = extract_html(page(body=body)).text
    assert "TRACKER_PAYLOAD" not in text
    assert PARAGRAPH_2 in text


@pytest.mark.parametrize(
    "html",
    [
        '<html><body><nav><a href="/">Home</a> <a href="/about">About</a></nav></body></html>',
        "<html><head><title>Sign in</title></head><body><form><label>Email</label><input>"
        "<label>Password</label><input type=password><button>Sign in</button></form></body></html>",
        "<html><body><ul>"
        + "".join(f'<li><a href="/c{i}">Category {i}</a></li>' for i in range(20))
        + "</ul></body></html>",
    ],
    ids=["nav-only", "login-form", "link-list"],
)
def test_page_without_an_article_has_empty_text(html: str) -> None:
    assert extract_html(html).text == ""


@pytest.mark.parametrize(
    "html",
    [
        b"",
        "",
        "   \n ",
        b"\x00\xff\xfe" * 500,
        random.Random(4096).randbytes(4096),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        "<<<>>></div><p>unclosed <div><table><td>",
        "<html><body><p>" + "\u202e\ud7ff" * 100,
        "%PDF-1.4 binary stream",
    ],
    ids=["empty-bytes", "empty-str", "blank", "nul-bytes", "random", "gzip-header",
         "broken-markup", "odd-unicode", "not-html"],
)  # fmt: skip
def test_junk_never_raises(html: bytes | str) -> None:
    assert isinstance(extract_html(html), HtmlContent)


# seeded: the same bytes every run (os.urandom once gave trafilatura something to keep)
_JUNK = random.Random(2026).randbytes(2048)


@pytest.mark.parametrize("html", [b"", _JUNK], ids=["empty", "random"])
def test_junk_yields_empty_text_and_keeps_the_given_url(html: bytes) -> None:
    content = extract_html(html, url="https://x.example/a")
    assert (content.text, content.url) == ("", "https://x.example/a")


def test_bytes_and_str_give_the_same_text() -> None:
    html = page()
    assert extract_html(html.encode("utf-8")).text == extract_html(html).text


def test_encoding_declared_in_meta_is_honoured() -> None:
    html = page(head='<meta charset="iso-8859-1">', body=f"<p>Café crème. {PARAGRAPH_1}</p>")
    assert "Café crème" in extract_html(html.encode("iso-8859-1")).text


def test_leading_headline_is_not_repeated_in_text() -> None:
    assert not extract_html(page()).text.startswith("Council passes budget")


def test_headline_kept_when_title_dropping_is_off() -> None:
    settings = ExtractionSettings(drop_title_line=False)
    assert extract_html(page(), settings=settings).text.startswith("Council passes budget")


def heavy_page(size: int) -> str:
    """A news page padded the way real ones are: inline scripts, JSON state, menus, SVG."""
    script = "<script>window.__STATE__ = " + '{"k": "' + "x" * 100_000 + '"};</script>'
    menu = "<ul>" + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(200))
    svg = '<svg><path d="' + "M0 0 L1 1 " * 10_000 + '"/></svg>'
    filler = (script + menu + "</ul>" + svg) * (size // 200_000 + 1)
    body = f"<p>{PARAGRAPH_1}</p><p>{PARAGRAPH_2}</p>"
    return page(head=script, body=body).replace("<footer>", filler + "<footer>")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(heavy_page(5_000_000), id="heavy-news-page"),
        pytest.param(
            page(body="".join(f"<p>{PARAGRAPH_1} Item {i}.</p>" for i in range(30_000))),
            id="five-megabytes-of-prose",
            marks=pytest.mark.slow,  # some 10 s: trafilatura's cost grows with prose blocks
        ),
    ],
)
def test_five_megabyte_page_yields_its_article(html: str) -> None:
    assert len(html) > 5_000_000
    assert extract_html(html).text.startswith(PARAGRAPH_1)


def test_five_megabyte_news_page_is_handled_in_seconds() -> None:
    html = heavy_page(5_000_000)
    started = time.perf_counter()
    extract_html(html)
    # A generous bound for slow CI machines; about 2 s on the 2-core dev box.
    assert time.perf_counter() - started < 20
