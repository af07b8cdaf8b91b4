"""Main-text extraction from one HTML page: the article body (trafilatura), its publication date
(htmldate) and the page's own metadata, so ingest can turn a web page into an Article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import msgspec
import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from dateline.model import Record

logger = logging.getLogger(__name__)

# htmldate writes the offset only when the page gives one (%z renders as "" otherwise).
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{4})?$")

# Where a page states its language besides <html lang>, in the order they are trusted.
_META_LANGUAGE_XPATHS = (
    "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
    "='content-language']/@content",
    "//meta[@property='og:locale']/@content",
    "//meta[translate(@name, 'LANGUAGEDC.', 'languagedc.')='language']/@content",
    "//meta[translate(@name, 'LANGUAGEDC.', 'languagedc.')='dc.language']/@content",
)
_LANGUAGE_CODE = re.compile(r"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$")

# Below this share of the recall-oriented text, the precision-oriented text is taken to have
# latched onto a fragment (a teaser, a reprint notice) rather than the article; chosen on the
# scrapinghub dev set, where 0.3 to 0.5 score alike (see dateline.eval.html).
_FRAGMENT_RATIO = 0.5
_WORD = re.compile(r"\w+")

# A page whose longest block is shorter than this many words holds menus, buttons or a form,
# not an article (no prose sentence at all); its leftovers must not pass for article text.
_MIN_PROSE_WORDS = 8

# Above this many characters of HTML (the largest dev-set page has 1.5 M), the page gets one
# fast trafilatura pass and a date search limited to markup: the full treatment grows with the
# page and would take tens of seconds on a multi-megabyte one.
_LARGE_PAGE = 2_000_000


class HtmlContent(Record, frozen=True, kw_only=True):
    """What one HTML page yields: its main text and the metadata found beside it."""

    title: str | None
    text: str
    site_name: str | None
    url: str | None
    published: datetime | None
    language: str | None


class ExtractionSettings(Record, frozen=True, kw_only=True):
    """trafilatura options, exposed so the evaluation can compare them; defaults are the best
    measured on the scrapinghub dev set.

    ``recall_fallback`` runs a second, recall-oriented pass and keeps it when the first pass
    returned less than half of its words.
    """

    favor_precision: bool = True
    favor_recall: bool = False
    include_comments: bool = False
    include_tables: bool = True
    fast: bool = False
    deduplicate: bool = False
    recall_fallback: bool = True
    drop_title_line: bool = True


DEFAULT_SETTINGS = ExtractionSettings()


def extract_html(
    html: bytes | str, *, url: str | None = None, settings: ExtractionSettings = DEFAULT_SETTINGS
) -> HtmlContent:
    """The main article of ``html``; ``text`` is ``""`` when the page has none or is not HTML.

    Never raises on bad input: the caller turns an empty text into a Rejection.
    """
    tree = _parse(html)
    if tree is None:
        return _empty(url)
    if len(html) > _LARGE_PAGE:
        settings = msgspec.structs.replace(settings, fast=True, recall_fallback=False)
    metadata = _metadata(tree, url, extensive=len(html) <= _LARGE_PAGE)
    title = _clean(metadata.title)
    return HtmlContent(
        title=title,
        text=_body_text(_main_document(tree, url, settings), title, settings=settings),
        site_name=_clean(metadata.sitename),
        url=_clean(metadata.url) or url,
        published=_to_utc(metadata.date) if metadata.date else None,
        language=_language(tree),
    )


def _empty(url: str | None) -> HtmlContent:
    return HtmlContent(title=None, text="", site_name=None, url=url, published=None, language=None)


def _parse(html: bytes | str) -> HtmlElement | None:
    """One lxml tree for every later step, or None when the input is not HTML at all."""
    if not html or (isinstance(html, str) and not html.strip()):
        return None
    try:
        tree = load_html(html)
    # Third-party parsers raise a zoo of errors on junk (encoding, lxml, recursion); bad input
    # must never stop a run, so any of them means "no page".
    except Exception as error:
        logger.warning("HTML could not be parsed: %s", error)
        return None
    return tree if isinstance(tree, HtmlElement) else None


def _main_document(
    tree: HtmlElement, url: str | None, settings: ExtractionSettings
) -> Document | None:
    """trafilatura's main-text document, with the recall fallback applied."""
    first = _run_trafilatura(tree, url, settings)
    if not settings.recall_fallback or settings.favor_recall:
        return first
    recall = msgspec.structs.replace(settings, favor_precision=False, favor_recall=True)
    second = _run_trafilatura(tree, url, recall)
    if second is None:
        return first
    if first is None or _word_count(first.text) < _FRAGMENT_RATIO * _word_count(second.text):
        return second
    return first


def _run_trafilatura(
    tree: HtmlElement, url: str | None, settings: ExtractionSettings
) -> Document | None:
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=False,
            favor_precision=settings.favor_precision,
            favor_recall=settings.favor_recall,
            include_comments=settings.include_comments,
            include_tables=settings.include_tables,
            fast=settings.fast,
            deduplicate=settings.deduplicate,
        )
    # Same reason as in _parse: a malformed page must yield no text, not stop the run.
    except Exception as error:
        logger.warning("trafilatura failed on %s: %s", url or "a page", error)
        return None
    return document if isinstance(document, Document) else None


def _word_count(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def _body_text(
    document: Document | None, title: str | None, *, settings: ExtractionSettings
) -> str:
    """Paragraphs separated by blank lines, without a leading copy of the headline."""
    if document is None or not document.text:
        return ""
    paragraphs = list(_paragraphs(document.text))
    if max(map(_word_count, paragraphs), default=0) < _MIN_PROSE_WORDS:
        return ""
    if settings.drop_title_line and paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _paragraphs(text: str) -> Iterator[str]:
    # trafilatura's txt output puts one block (paragraph, heading, list item) per line.
    for line in text.splitlines():
        paragraph = " ".join(line.split())
        if paragraph:
            yield paragraph


def _same(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _clean(value: str | None) -> str | None:
    """Whitespace-normalised ``value``; None when it is absent or blank."""
    cleaned = " ".join(value.split()) if value else ""
    return cleaned or None


def _metadata(tree: HtmlElement, url: str | None, *, extensive: bool) -> Document:
    """Title, site name, canonical URL and date, read once for both extraction passes.

    The date comes from htmldate, asked for the original publication date rather than the
    last update; it runs here only, since trafilatura's passes would each run it again.
    """
    date_config = {
        "original_date": True,
        "extensive_search": extensive,
        "outputformat": _DATE_FORMAT,
    }
    try:
        return trafilatura.extract_metadata(tree, default_url=url, date_config=date_config)
    # Same reason as in _parse: malformed metadata on a page must not stop the run.
    except Exception as error:
        logger.warning("metadata extraction failed on %s: %s", url or "a page", error)
        return Document()


def _to_utc(value: str) -> datetime | None:
    """htmldate's date in UTC: midnight when only a day is known, UTC when no offset is given."""
    if not _DATE_SHAPE.match(value):
        logger.debug("Unexpected date shape from htmldate: %r", value)
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _language(tree: HtmlElement) -> str | None:
    """The ISO 639-1 code the page declares for itself, or None."""
    for value in _declared_languages(tree):
        match = _LANGUAGE_CODE.match(value)
        if match:
            return match.group(1).lower()
    return None


def _declared_languages(tree: HtmlElement) -> Iterator[str]:
    root = tree.getroottree().getroot()
    # lxml's HTML parser keeps "xml:lang" as a plain attribute name, not a namespaced one.
    yield from (root.get(name, "") for name in ("lang", "xml:lang"))
    for xpath in _META_LANGUAGE_XPATHS:
        yield from (str(value) for value in tree.xpath(xpath))
