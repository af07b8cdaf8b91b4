"""dateline: sourced event data from news articles.

``dateline.open_store(path)`` opens a store for use from Python (see ``dateline.library``);
the command line is ``dateline`` (``dateline.cli``).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
_LIBRARY = frozenset({"open_store", "Dateline", "RunSummary"})


def __getattr__(name: str) -> Any:
    # loaded on first use: worker processes and the command line import ``dateline`` too, and
    # need none of the library's imports
    if name in _LIBRARY:
        from dateline import library

        return getattr(library, name)
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
