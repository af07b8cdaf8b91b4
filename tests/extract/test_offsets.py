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
