"""Turn one raw document into a clean Article: decode, extract, clean, date, identify, hash.

This is the per-article part of ingestion: a pure function of one document and the config,
run in worker processes.  Anything wrong with the document comes back as a Rejection.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from dateline.clean.boilerplate import Cleaned, clean_text
from dateline.clean.dates import text_published
from dateline.clean.language import identify_language
from dateline.config import IngestConfig
from dateline.dedup import content_hash
from dateline.errors import Reason
from dateline.ingest.decode import DecodeFailure, decode_bytes, repair_text
from dateline.ingest.fragment import fragment_text
from dateline.ingest.html import extract_html
from dateline.ingest.items import RawDocument
from dateline.ingest.published import choose_published, parse_published
from dateline.model import Article, Record, Rejection

STAGE = "dateline.ingest.build.v1"


class Body(Record, frozen=True, kw_only=True):
    """The text of a document before cleaning, with what its container said about it."""

    raw_text: str
    title: str | None
    title_is_first_line: bool
    url: str | None
    source: str | None
    published: datetime | None


def build_article(raw: RawDocument, *, config: IngestConfig, now: datetime) -> Article | Rejection:
    """The Article ``raw`` holds, or the Rejection that says why there is none."""
    body = read_body(raw, repair_limit=config.max_article_chars)
    if isinstance(body, Rejection):
        return body
    if len(body.raw_text) > config.max_article_chars:
        detail = f"{len(body.raw_text):,} characters, over the {config.max_article_chars:,} limit"
        return _reject(raw, Reason.TOO_LARGE, detail, body.raw_text)
    cleaned = clean_text(
        body.raw_text, title=body.title, title_is_first_line=body.title_is_first_line
    )
    if len(cleaned.text.strip()) < config.min_article_chars:
        detail = f"no article text left after cleaning ({len(cleaned.text.strip())} characters)"
        return _reject(raw, Reason.EMPTY_TEXT, detail, body.raw_text)
    return _article(raw, body, cleaned, config=config, now=now)


def read_body(raw: RawDocument, *, repair_limit: int | None = None) -> Body | Rejection:
    """Decode and, for HTML, extract the main text of ``raw``; a text (not a page) longer than
    ``repair_limit`` characters is not repaired, since it is over the size limit."""
    if raw.is_html:
        return _html_body(raw)
    if raw.text is not None:
        text = raw.text if raw.keep_text else repair_text(raw.text, repair_limit=repair_limit).text
    else:
        decoded = decode_bytes(raw.data, declared=raw.declared_encoding, repair_limit=repair_limit)
        if isinstance(decoded, DecodeFailure):
            return _reject(raw, decoded.reason, decoded.detail, "")
        text = decoded.text
    return Body(
        raw_text=text,
        title=_clean_title(raw.title),
        title_is_first_line=raw.format == "text",
        url=raw.url,
        source=raw.source,
        published=_metadata_date(raw),
    )


def _html_body(raw: RawDocument) -> Body | Rejection:
    if raw.text is not None:  # an HTML fragment from a feed item
        text = fragment_text(repair_text(raw.text).text)
        return Body(
            raw_text=text,
            title=_clean_title(raw.title),
            title_is_first_line=False,
            url=raw.url,
            source=raw.source,
            published=_metadata_date(raw),
        )
    decoded = decode_bytes(raw.data, declared=raw.declared_encoding)
    if isinstance(decoded, DecodeFailure):
        return _reject(raw, decoded.reason, decoded.detail, "")
    content = extract_html(decoded.text, url=raw.url)
    if not content.text.strip():
        return _reject(
            raw, Reason.NO_ARTICLE_TEXT, "the page has no recognisable article text", decoded.text
        )
    return Body(
        raw_text=content.text,
        title=_clean_title(content.title),
        title_is_first_line=False,
        url=content.url or raw.url,
        source=content.site_name,
        published=content.published or _metadata_date(raw),
    )


def _article(
    raw: RawDocument, body: Body, cleaned: Cleaned, *, config: IngestConfig, now: datetime
) -> Article:
    published, basis = choose_published(
        metadata=body.published,
        user=config.published,
        text=text_published(body.raw_text),
        # Only the crawl date estimates: the latest date a text mentions is a lower bound that
        # can be years off (an article recalling "February 29, 2020"), so it is not used.
        estimates=(raw.fallback_published,),
    )
    return Article(
        id=raw.id or article_id(url=body.url, title=cleaned.title, raw_text=body.raw_text),
        url=body.url,
        source=body.source,
        title=cleaned.title,
        published=published,
        published_basis=basis,
        language=identify_language(cleaned.text),
        text=cleaned.text,
        content_hash=content_hash(cleaned.text),
        ingested_at=now,
        origin=raw.origin,
        format=raw.format,
        raw_text=body.raw_text,
        segments=cleaned.segments,
    )


def article_id(*, url: str | None, title: str | None, raw_text: str) -> str:
    """A stable id for an article that came without one: from its URL, else from its content."""
    key = f"url:{url}" if url else f"text:{title or ''}\n{raw_text}"
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


def _metadata_date(raw: RawDocument) -> datetime | None:
    return parse_published(raw.published) if raw.published else None


# A headline is a line: one longer than this is not a title (a whole body pasted into the
# field, or hostile input) and is cut here, at a word, so the parse never sees it whole.
MAX_TITLE_CHARS = 1_000


def _clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    # split only the head: a title of millions of characters is not split whole
    words = title[: MAX_TITLE_CHARS * 2].split()
    cleaned = " ".join(words)
    if len(cleaned) > MAX_TITLE_CHARS:
        head = cleaned[:MAX_TITLE_CHARS]
        cleaned = head.rsplit(" ", 1)[0] if " " in head else head
    return cleaned or None


def _reject(raw: RawDocument, reason: Reason, detail: str, sample: str) -> Rejection:
    return Rejection(
        origin=raw.origin, stage=STAGE, reason=reason.value, detail=detail, sample=sample[:300]
    )
