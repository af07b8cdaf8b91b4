"""Fuzz every reader: whatever bytes a file holds, reading it gives documents or rejections, and
building each document gives an article or a rejection. Nothing raises, for any format the
sniffer may pick (plain text, HTML, RSS/Atom, WARC, JSONL, gzip around any of them)."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.config import IngestConfig
from dateline.ingest.build import build_article
from dateline.ingest.items import RawDocument
from dateline.ingest.sources import read_stream
from dateline.model import Article, Rejection

_CONFIG = IngestConfig(max_file_bytes=64 * 1024, max_article_chars=20_000)
_NOW = datetime(2021, 9, 1, tzinfo=UTC)

# the skeletons of each format, with holes the fuzzer fills (or breaks)
_TEMPLATES = (
    b"<!DOCTYPE html><html><head><title>{0}</title><meta charset='{1}'></head>"
    b"<body><article><h1>{0}</h1><p>{2}</p><p>{2}</p></article></body></html>",
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>{0}</title><item>"
    b"<title>{0}</title><link>http://x.test/{1}</link><pubDate>{1}</pubDate>"
    b"<description>{2}</description></item></channel></rss>",
    b"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
    b"<title>{0}</title><entry><title>{0}</title><updated>{1}</updated>"
    b"<content type='html'>{2}</content></entry></feed>",
    b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.test/{1}\r\n"
    b"WARC-Date: {1}\r\nContent-Type: application/http; msgtype=response\r\n"
    b"Content-Length: {3}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    b"<html><body><p>{2}</p></body></html>\r\n\r\n",
    b'{{"id": "{0}", "text": "{2}", "published": "{1}"}}\n{{"id": "b", "html": "<p>{2}</p>"}}\n',
    b"{0}\n\n{2}\n\n{2}\n",
)
_HOLE = st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace"))


@st.composite
def _files(draw: st.DrawFn) -> bytes:
    template = draw(st.sampled_from(_TEMPLATES))
    holes = [draw(_HOLE) for _ in range(3)]
    data = template.replace(b"{0}", holes[0]).replace(b"{1}", holes[1])
    data = data.replace(b"{2}", holes[2]).replace(b"{{", b"{").replace(b"}}", b"}")
    if b"{3}" in data:  # a WARC record's length: its block's, or a wrong one
        block = data.split(b"\r\n\r\n", 1)[1].removesuffix(b"\r\n\r\n")
        length = len(block) if draw(st.booleans()) else draw(st.integers(0, 999))
        data = data.replace(b"{3}", str(length).encode())
    cut = draw(st.integers(0, len(data)))
    data = data[:cut] if draw(st.booleans()) else data  # a file cut off anywhere
    return gzip.compress(data) if draw(st.booleans()) else data


def _read_and_build(data: bytes, name: str) -> list[Article | Rejection]:
    built: list[Article | Rejection] = []
    for item in read_stream(io.BytesIO(data), origin=f"/fuzz/{name}", name=name, config=_CONFIG):
        assert isinstance(item, RawDocument | Rejection)
        built.append(
            build_article(item, config=_CONFIG, now=_NOW) if isinstance(item, RawDocument) else item
        )
        assert isinstance(built[-1], Article | Rejection)
    return built


def test_each_skeleton_filled_well_is_an_article() -> None:
    # the fuzzer starts from files that read: each skeleton, filled with an article, is one
    text = b"Turkish Foreign Minister Mevlut Cavusoglu met his counterpart in Ankara. " * 3
    for template in _TEMPLATES:
        data = template.replace(b"{0}", b"Talks in Ankara").replace(b"{1}", b"2021-08-25")
        data = data.replace(b"{2}", text).replace(b"{{", b"{").replace(b"}}", b"}")
        block = data.split(b"\r\n\r\n", 1)[-1].removesuffix(b"\r\n\r\n")
        data = data.replace(b"{3}", str(len(block)).encode())
        assert any(isinstance(found, Article) for found in _read_and_build(data, "a")), template


_NAMES = st.sampled_from(["a.txt", "a.html", "a.xml", "a.warc", "a.jsonl", "a", "a.gz"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_files(), _NAMES)
def test_a_damaged_file_of_any_format_reads_without_raising(data: bytes, name: str) -> None:
    _read_and_build(data, name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096), _NAMES)
def test_any_bytes_read_without_raising(data: bytes, name: str) -> None:
    _read_and_build(data, name)


def test_a_warc_record_cut_inside_its_header_is_a_malformed_archive() -> None:
    # found by the fuzzer: warcio raised AttributeError on it
    (found,) = _read_and_build(b"WARC/1.0\r\nWARC-Type: response", "a.warc")
    assert isinstance(found, Rejection) and found.reason == "malformed_warc"
