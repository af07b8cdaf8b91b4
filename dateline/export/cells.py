"""CSV cells that spreadsheets show as text."""

from __future__ import annotations

from typing import Any

# what makes a spreadsheet read a cell as a formula ("=HYPERLINK(...)", "+1", "@SUM", "-2+3")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: a string that would start a formula gets a
    leading apostrophe (article text is untrusted, and a cell like ``=HYPERLINK(...)`` would
    run in Excel or LibreOffice). Numbers and other values pass as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
