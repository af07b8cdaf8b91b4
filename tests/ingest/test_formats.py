"""Each input format through ingest, end to end: HTML pages, WARC archives, RSS and Atom feeds."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.ingest.run import ingest
from dateline.model import Article
from dateline.store.duck import Store
from dateline.store.query import list_articles, list_rejections

BODY = (
    "<p>Turkish Foreign Minister Mevlüt Çavuşoğlu and U.S. Secretary of State Antony Blinken "
    "discussed the latest developments in Afghanistan in a phone call, the ministry said.</p>"
    "<p>The two ministers also discussed the continuing cooperation in Afghanistan and efforts "
    "to ensure the safe and orderly evacuation of citizens, allies and partners.</p>"
    "<p>Officials said further talks were planned for the coming weeks between the two "
    "governments, who have been in close contact since the fall of Kabul.</p>"
)
PAGE = f"""<!DOCTYPE html><html lang="en"><head>
<title>Ministers discuss Afghanistan | Daily News</title>
<meta property="og:site_name" content="Daily News">
<meta property="article:published_time" content="2021-08-25T09:30:00+03:00">
<meta property="og:title" content="Ministers discuss Afghanistan"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers discuss Afghanistan</h1>{BODY}</article>
<footer>Copyright 2021 Daily News. All rights reserved.</footer></body></html>"""
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World Wire</title><link>https://wire.test/</link>
<item><title>Ministers discuss Afghanistan</title><link>https://wire.test/a1</link>
<pubDate>Wed, 25 Aug 2021 06:30:00 GMT</pubDate>
<description><![CDATA[{BODY}]]></description></item>
<item><title>Second story</title><link>https://wire.test/a2</link>
<pubDate>Thu, 26 Aug 2021 08:00:00 GMT</pubDate>
<description>Officials in Kabul said the airport would stay open for evacuation flights.
</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Talks in Doha</title><link href="https://atom.test/e1"/>
<updated>2021-09-01T12:00:00Z</updated>
<content type="html">&lt;p&gt;Negotiators met in Doha on Wednesday to discuss the
release of prisoners.&lt;/p&gt;</content>
</entry></feed>"""


def _ingest(tmp_path: Path, *paths: Path) -> tuple[list[Article], list[str]]:
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(p) for p in paths], store=store)
        return list_articles(store), [r.reason for r in list_rejections(store)]


def _warc(pages: list[tuple[str, str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, content_type, payload in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


def test_html_page_gives_title_site_date_and_clean_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,), rejected = _ingest(tmp_path, path)
    assert rejected == []
    assert article.title == "Ministers discuss Afghanistan"
    assert article.source == "Daily News"
    assert (article.published_basis, article.published is not None) == ("metadata", True)
    assert "Çavuşoğlu" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text


def test_gzipped_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode()))
    articles, _ = _ingest(tmp_path, path)
    assert [a.title for a in articles] == ["Ministers discuss Afghanistan"]


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        _warc(
            [
                ("https://news.test/a", "text/html; charset=utf-8", PAGE.encode()),
                ("https://news.test/logo.png", "image/png", b"\x89PNG\r\n"),
            ]
        )
    )
    articles, rejected = _ingest(tmp_path, path)
    assert rejected == []
    assert [(a.format, a.url) for a in articles] == [("warc", "https://news.test/a")]


def test_truncated_warc_keeps_earlier_records(tmp_path: Path) -> None:
    data = _warc(
        [
            ("https://news.test/a", "text/html", PAGE.encode()),
            ("https://news.test/b", "text/html", PAGE.replace("Ankara", "x").encode()),
        ]
    )
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.8)])
    articles, rejected = _ingest(tmp_path, path)
    assert len(articles) == 1
    assert rejected in (["corrupt_compression"], ["malformed_warc"])


@pytest.mark.parametrize(
    ("name", "feed", "titles"),
    [
        ("wire.xml", RSS, ["Ministers discuss Afghanistan", "Second story"]),
        ("atom.atom", ATOM, ["Talks in Doha"]),
    ],
)
def test_feed_items_become_articles(
    tmp_path: Path, name: str, feed: str, titles: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(feed, encoding="utf-8")
    articles, rejected = _ingest(tmp_path, path)
    assert rejected == []
    assert sorted(a.title or "" for a in articles) == sorted(titles)
    assert all(a.url and a.published_basis == "metadata" for a in articles)
    assert all("<p>" not in a.text for a in articles)


def test_feed_source_is_the_channel(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    articles, _ = _ingest(tmp_path, path)
    assert {a.source for a in articles} == {"World Wire"}


def test_user_date_is_used_when_metadata_lacks_one(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from dateline.config import IngestConfig

    path = tmp_path / "note.txt"
    path.write_text("A title\n\nThe envoy arrived in Kabul on Monday for talks with officials.\n")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(
            [str(path)],
            store=store,
            config=IngestConfig(published=datetime(2021, 8, 16, tzinfo=UTC)),
        )
        (article,) = list_articles(store)
    assert (article.published, article.published_basis) == (
        datetime(2021, 8, 16, tzinfo=UTC),
        "user",
    )


def test_non_english_article_is_stored_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Gespräche in Kabul\n\nDie Außenminister beider Länder haben am Montag "
        "über die Lage in Afghanistan gesprochen und weitere Gespräche vereinbart.\n"
    )
    (article,), _ = _ingest(tmp_path, path)
    assert article.language == "de"


def test_reingest_adds_nothing(tmp_path: Path, seeds_dir: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest([str(seeds_dir)], store=store)
        second = ingest([str(seeds_dir)], store=store)
    assert (first.added, second.added, second.already_present) == (5, 0, 5)
