from __future__ import annotations

import pytest

from dateline.ingest.sniff import extension_format, sniff


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"\x1f\x8b\x08\x00", "x.jsonl.gz", "gzip"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "crawl.warc", "warc"),
        (b'{"id": "a1", "text": "x"}\n', "articles.txt", "jsonl"),
        (b'\xef\xbb\xbf{"id": 1}', "a", "jsonl"),
        (b"<!DOCTYPE html><html><body>", "page.txt", "html"),
        (b"<html lang='en'>", "", "html"),
        (b'<?xml version="1.0"?><rss version="2.0">', "feed", "feed"),
        (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "a.html", "feed"),
        (b"%PDF-1.7", "report.txt", "binary"),
        (b"PK\x03\x04", "archive.jsonl", "binary"),
        (b"Title line\n\nBody text.", "story.txt", "text"),
        (b"Plain words", "notes.jsonl", "text"),
    ],
)
def test_sniff_prefers_content_over_extension(head: bytes, name: str, expected: str) -> None:
    assert sniff(head, name=name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.warc.gz", "warc"), ("A.HTML", "html"), ("feed.atom", "feed"), ("x.bin", None)],
)
def test_extension_format(name: str, expected: str | None) -> None:
    assert extension_format(name) == expected
