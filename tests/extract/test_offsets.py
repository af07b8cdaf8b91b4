from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.clean.boilerplate import clean_text
from dateline.extract.offsets import OffsetMap

RAW = "Title\n\nShare\n\nFirst paragraph here.\nPrevious Article\n\nSecond one.\n"


def test_span_inside_a_segment_maps_exactly() -> None:
    cleaned = clean_text(RAW, title_is_first_line=True)
    mapping = OffsetMap(cleaned.segments, RAW)
    start = cleaned.text.index("paragraph")
    span = mapping.span(start, start + len("paragraph"))
    assert span is not None
    assert span.text == "paragraph"
    assert RAW[span.start : span.end] == "paragraph"


def test_span_across_paragraphs_is_reread_from_raw() -> None:
    cleaned = clean_text(RAW, title_is_first_line=True)
    mapping = OffsetMap(cleaned.segments, RAW)
    start = cleaned.text.index("here")
    end = cleaned.text.index("Second") + len("Second")
    span = mapping.span(start, end)
    assert span is not None
    assert span.text.startswith("here.") and span.text.endswith("Second")
    assert RAW[span.start : span.end] == span.text


@given(raw=st.text(alphabet=st.sampled_from("ab .\n"), max_size=200), data=st.data())
def test_every_mapped_span_reads_back_from_raw(raw: str, data: st.DataObject) -> None:
    cleaned = clean_text(raw)
    mapping = OffsetMap(cleaned.segments, raw)
    start = data.draw(st.integers(0, len(cleaned.text)))
    end = data.draw(st.integers(start, len(cleaned.text)))
    span = mapping.span(start, end)
    if span is not None:
        assert raw[span.start : span.end] == span.text
        if start < end and "\n\n" not in cleaned.text[start:end]:
            assert span.text == cleaned.text[start:end]


def test_an_end_on_a_character_the_cleaner_added_maps_to_the_nearest_kept_one() -> None:
    cleaned = clean_text(RAW, title_is_first_line=True)
    mapping = OffsetMap(cleaned.segments, RAW)
    end = cleaned.text.index("here.") + len("here.")
    gap = end + 1  # past the paragraph's last kept character: the break the cleaner put there
    first = cleaned.text.index("First")
    assert mapping.span(first, gap) is None  # the exact mapping has no raw place for it
    nearest = mapping.nearest(first, gap)
    assert nearest is not None
    assert nearest.text.startswith("First paragraph here.")
    assert RAW[nearest.start : nearest.end] == nearest.text


@given(raw=st.text(alphabet=st.sampled_from("ab .\n"), max_size=200), data=st.data())
def test_nearest_drops_no_span_that_covers_a_kept_character(raw: str, data: st.DataObject) -> None:
    cleaned = clean_text(raw)
    mapping = OffsetMap(cleaned.segments, raw)
    start = data.draw(st.integers(0, len(cleaned.text)))
    end = data.draw(st.integers(start, len(cleaned.text)))
    found = mapping.nearest(start, end)
    if found is not None:
        assert raw[found.start : found.end] == found.text
    kept = any(
        segment.start < end and start < segment.start + segment.length
        for segment in cleaned.segments
    )
    if kept:
        assert found is not None
