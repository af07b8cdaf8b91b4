"""Long texts are parsed in bounded pieces, with every offset pointing into the whole text."""

from __future__ import annotations

from itertools import pairwise

import msgspec
import pytest

from dateline.nlp.analyse import PIECE_CHARS, analyse, pieces
from dateline.nlp.load import load_nlp


def test_a_short_text_is_one_piece() -> None:
    assert pieces("Russia attacked Ukraine.") == [(0, 24)]
    assert pieces("") == [(0, 0)]


def test_pieces_cover_the_text_and_end_at_paragraph_breaks() -> None:
    paragraph = "The army shelled the town on Monday, officials said. " * 20
    text = "\n\n".join([paragraph] * 40)
    bounds = pieces(text)
    assert len(bounds) > 1
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_, end), (start, _) in pairwise(bounds):
        assert end == start  # consecutive, nothing lost or read twice
    for start, end in bounds:
        assert end - start <= PIECE_CHARS
    for _, end in bounds[:-1]:
        assert text[:end].endswith("\n\n")


@pytest.mark.parametrize("text", ["word " * 5_000, "x" * 25_000])
def test_text_without_breaks_is_cut_at_spaces_or_at_the_limit(text: str) -> None:
    bounds = pieces(text)
    assert all(end - start <= PIECE_CHARS for start, end in bounds)
    assert "".join(text[start:end] for start, end in bounds) == text


def _offsets_point_into(text: str, value: object) -> int:
    """How many spans inside ``value`` (a record as builtins) read their own text."""
    checked = 0
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("text"), str):
            assert text[value["start"] : value["end"]] == value["text"]
            checked += 1
        for item in value.values():
            checked += _offsets_point_into(text, item)
    elif isinstance(value, list | tuple):
        for item in value:
            checked += _offsets_point_into(text, item)
    return checked


def test_a_long_text_parsed_in_pieces_keeps_offsets_into_the_whole_text() -> None:
    paragraph = (
        "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in "
        'Ankara on Monday. "We agreed on a ceasefire," Putin said.'
    )
    text = "\n\n".join(f"{paragraph} Item {n}." for n in range(200))
    assert len(pieces(text)) > 1
    nlp = load_nlp()
    (whole,) = analyse(nlp, [text], anchor_years=[2017])
    # every paragraph read, once: each names Erdogan and quotes Putin
    assert sum(m.text == "Recep Tayyip Erdogan" for m in whole.mentions) == 200
    assert len(whole.quotes) == 200
    assert _offsets_point_into(text, msgspec.to_builtins(whole)) > 1_000
    last = whole.mentions[-1]
    assert last.start > len(text) - len(paragraph) - 20
    assert text[last.sentence_start :].startswith('"We agreed')  # its sentence, not its piece's
