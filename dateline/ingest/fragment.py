"""Plain text from an HTML fragment (a feed item's content), one paragraph per block element.

Full pages go through trafilatura (ingest.html); a feed item is already just the article, so
all it needs is its markup turned into paragraphs, with scripts and styles dropped.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

_BLOCKS = frozenset(
    (
        "p",
        "div",
        "li",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "tr",
        "figcaption",
        "section",
        "article",
    )
)
_DROP = ("script", "style", "noscript", "template", "iframe", "object")


def fragment_text(fragment: str) -> str:
    """The text of ``fragment`` with paragraphs separated by blank lines."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    parts: list[str] = []
    _collect(root, parts)
    paragraphs = (" ".join(part.split()) for part in "".join(parts).split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _collect(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    is_block = element.tag in _BLOCKS
    if is_block:
        parts.append("\n\n")
    parts.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _collect(child, parts)
        parts.append(child.tail or "")
    if is_block:
        parts.append("\n\n")
