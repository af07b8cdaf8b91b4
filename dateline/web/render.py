"""HTML rendering: the Jinja2 environment (autoescaped), span highlighting, and the static files.

Article text, titles and URLs are untrusted: they reach HTML only through ``escape``, and a URL
becomes a link only when it is http(s).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import msgspec
from markupsafe import Markup, escape

from dateline.model import Record
from dateline.store.rows import published_text

QUAD_NAMES = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


class Mark(Record, frozen=True, kw_only=True):
    """A span of text to highlight: each word of ``kind`` becomes a CSS class ``hl-<word>``."""

    start: int
    end: int
    kind: str
    href: str | None = None
    title: str | None = None
    anchor: str | None = None  # an element id on the mark's first piece, to link to


def highlight(text: str, marks: Sequence[Mark], *, offset: int = 0) -> Markup:
    """``text`` escaped, with each mark's characters wrapped in an element of its classes.

    Offsets in ``marks`` are relative to a text that starts at ``offset``. Overlapping marks
    split the text into pieces, each carrying the classes of every mark that covers it.
    """
    size = len(text)
    spans = [
        (max(0, mark.start - offset), min(size, mark.end - offset), mark)
        for mark in marks
        if mark.end - offset > 0 and mark.start - offset < size and mark.end > mark.start
    ]
    cuts = sorted({0, size, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for index, (start, end, _) in enumerate(spans):
        opening.setdefault(start, []).append(index)
        closing.setdefault(end, []).append(index)
    pieces: list[str] = []
    started: set[int] = set()
    active: set[int] = set()  # the marks covering the piece that starts at the current cut
    for left, right in itertools.pairwise(cuts):
        active.difference_update(closing.get(left, ()))
        active.update(opening.get(left, ()))
        covering = [(index, spans[index][2]) for index in sorted(active)]
        pieces.append(_piece(text[left:right], covering, started))
    return Markup("".join(pieces))


def _piece(chunk: str, covering: list[tuple[int, Mark]], started: set[int]) -> str:
    body = str(escape(chunk))
    if not covering:
        return body
    kinds = {f"hl-{kind}" for _, mark in covering for kind in mark.kind.split()}
    classes = " ".join(["hl", *sorted(kinds)])
    titles = "; ".join(dict.fromkeys(mark.title for _, mark in covering if mark.title))
    href = next((mark.href for _, mark in covering if mark.href), None)
    anchors = [mark.anchor for index, mark in covering if mark.anchor and index not in started]
    started.update(index for index, _ in covering)
    attributes = f' class="{escape(classes)}"'
    if titles:
        attributes += f' title="{escape(titles)}"'
    if anchors:
        attributes += f' id="{escape(anchors[0])}"'
    if href:
        return f'<a href="{escape(href)}"{attributes}>{body}</a>'
    return f"<mark{attributes}>{body}</mark>"


def script_json(value: object) -> Markup:
    """``value`` as JSON that is safe inside a ``<script type="application/json">`` element:
    no ``<``, ``>``, ``&`` or quote can end the element or start markup."""
    text = msgspec.json.encode(value).decode()
    for char, escaped in _SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return Markup(text)


_SCRIPT_ESCAPES = (
    ("&", "\\u0026"),
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("'", "\\u0027"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL a link may point to, else None (never ``javascript:``)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def path_part(value: object) -> str:
    """A value quoted for one URL path segment."""
    return quote(str(value), safe=":")


@cache
def environment() -> jinja2.Environment:
    """The template environment; autoescape is on for every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dateline.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["part"] = path_part
    env.filters["quad_name"] = lambda number: QUAD_NAMES.get(int(number), "unknown")
    env.filters["day"] = _day
    env.filters["published"] = published_text
    env.globals["QUAD_NAMES"] = QUAD_NAMES
    env.globals["highlight"] = highlight
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def _day(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:10]


def asset(name: str) -> str:
    """The text of one of the package's static files."""
    return resources.files("dateline.web").joinpath("static", name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def static_app() -> Any:
    """The ASGI app serving the package's CSS and JS under ``/static``."""
    from starlette.staticfiles import StaticFiles

    folder = resources.files("dateline.web").joinpath("static")
    return StaticFiles(directory=str(folder))
