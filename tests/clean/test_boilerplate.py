"""Tests of clean_text: each rule's positives and the real sentences it must keep."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.clean.boilerplate import Cleaned, clean_text


def _rules(raw: str, **options: object) -> dict[str, str]:
    cleaned = clean_text(raw, **options)  # type: ignore[arg-type]
    return {raw[r.start : r.end]: r.rule for r in cleaned.removed}


BODY = "The minister said on Tuesday that talks with the delegation would resume next week."


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Share", "share"),
        ("Share this article", "share"),
        ("Follow us on Twitter @example and on Facebook.", "share"),
        ("Email Jane Doe at jane@example.com or follow her @janedoe.", "share"),
        ("Post a Comment", "comment"),
        ("12 Comments", "comment"),
        ("The content of this field is kept private and will not be shown publicly.", "comment"),
        ("Your email address will not be published. Required fields are marked *", "comment"),
        ("Sign up for our daily newsletter", "newsletter"),
        ("Get the day's top headlines delivered to your inbox every morning.", "newsletter"),
        ("Thanks for signing up!", "newsletter"),
        ("Click here to subscribe to The Paradigm Newsletter", "promo"),
        ("CLICK HERE TO GET THE FOX NEWS APP", "promo"),
        ("Advertisement", "promo"),
        ("Read more: Alibaba poised to launch record-breaking listing", "navigation"),
        ("Tags: Afghanistan, Taliban", "navigation"),
        ("Copyright 2019 Hawaii News Now. All rights reserved.", "credit"),
        ("© 2021 Reuters", "credit"),
        ("(Reporting by Will Dunham; Editing by Tom Brown)", "credit"),
        (
            "Associated Press writers Alan Fram and Zeke Miller contributed to this report.",
            "credit",
        ),
        ("Photo: Hau Dinh, AP", "credit"),
        ("Blinken speaks in Berlin, Germany June 23, 2021. (Reuters photo)", "caption"),
        ("Protesters gather outside parliament. (AP Photo/Evan Vucci)", "caption"),
        ("Supporters wave flags in Kabul. AFP/Getty Images", "caption"),
        ("Sep 24, 2021", "dateline"),
        ("Published: 24 September 2021 10:32 GMT", "dateline"),
        ("November 19, 2019 /  12:21 AM / Updated 14 hours ago", "dateline"),
        ("UPDATED: Tue., Nov. 19, 2019", "dateline"),
        ("By Jane Doe, Reuters", "byline"),
        ("Robert Burns, AP National Security Writer", "byline"),
        ("New Delhi, News Nation Bureau | Updated : 19 November 2019, 09:01 AM", "byline"),
        ("AP-US--Trump-Impeachment, 4th Ld-Writethru", "slug"),
    ],
)
def test_boilerplate_line_is_removed(line: str, rule: str) -> None:
    assert _rules(f"{BODY}\n\n{line}\n\n{BODY} Again.")[line] == rule


@pytest.mark.parametrize(
    "line",
    [
        "Shares in the company fell 5% after the announcement.",
        "He declined to comment on the report.",
        "Share prices rallied on Monday.",
        "Comments by the minister drew criticism from the opposition.",
        "The company said it would share the data with regulators.",
        "He urged supporters to follow him on the campaign trail.",
        "Taliban seized control of Afghanistan after taking Kabul on Aug. 15.",
        "He said so.",
        "Yes.",
        "Reporting by the newspaper found that the ministry had ignored the warnings.",
        "Poor data contributed to the report.",
        "Copyright law in the EU changed in 2019, the court said.",
        "The photo was published on Sep 24, 2021.",
        "By Monday, the troops had left the city.",
        "Related talks were held in Doha.",
        "The image (which was later deleted) showed the minister.",
        "Newsletters were sent to every voter in the district last week by the party.",
    ],
)
def test_real_sentence_is_kept(line: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{line}\n\n{BODY} Again.")
    assert line in cleaned.text.split("\n\n")


def test_repeated_title_lines_are_removed() -> None:
    raw = "Blinken calls China\n\nBlinken calls China\n\nBLINKEN CALLS CHINA.\n\n" + BODY
    cleaned = clean_text(raw, title_is_first_line=True)
    assert cleaned.title == "Blinken calls China"
    assert cleaned.text == BODY


def test_known_title_with_site_suffix_matches_line() -> None:
    cleaned = clean_text(
        f"Blinken calls China on Monday\n{BODY}", title="Blinken calls China on Monday | Site"
    )
    assert cleaned.text == BODY


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (BODY, BODY),
        (BODY[:-1], BODY + "\u00a0"),
        (BODY, "  " + BODY.upper()),
    ],
)
def test_repeated_paragraph_keeps_first(first: str, second: str) -> None:
    cleaned = clean_text(f"{first}\n\nOther news came later that day from Kabul.\n\n{second}")
    assert cleaned.text.split("\n\n") == [first, "Other news came later that day from Kabul."]
    assert cleaned.removed[0].rule == "duplicate"


def test_table_rows_and_list_items_may_repeat() -> None:
    row, item = "Avg shrs 11.4 mln vs 11.6 mln", "- Easy setup for all your devices"
    raw = f"{row}\nNet profit rose.\n{row}\n{item}\n{item}"
    assert not clean_text(raw).removed


def test_media_marker_and_caption_are_removed() -> None:
    raw = f"{BODY}\nImage\nUS Secretary of State Antony Blinken meeting with Qureshi\n{BODY} More."
    assert _rules(raw) == {
        "Image": "media",
        "US Secretary of State Antony Blinken meeting with Qureshi": "caption",
    }


def test_video_marker_keeps_next_paragraph() -> None:
    raw = f"Video\n{BODY}"
    assert clean_text(raw).text == BODY


def test_line_above_photo_credit_is_caption() -> None:
    raw = f"{BODY}\nThe ministers shake hands in Hanoi.\nPhoto: Hau Dinh, AP\n{BODY} More."
    assert _rules(raw)["The ministers shake hands in Hanoi."] == "caption"


def test_navigation_block_removes_headlines_until_prose() -> None:
    raw = (
        f"{BODY}\nRelated Posts\nIraq former air chief takes off after graft conviction\n"
        "U.S. mission was never supposed to be nation building: Biden\n"
        f"{BODY} More."
    )
    rules = _rules(raw)
    assert set(rules.values()) == {"navigation"} and len(rules) == 3


def test_agency_credit_in_parentheses_only_at_the_end() -> None:
    middle = "(Washington Federal Savings and Loans Association)"
    raw = f"{BODY}\n{middle}\n{BODY} One.\n{BODY} Two.\n{BODY} Three.\n(SAM)"
    assert _rules(raw) == {"(SAM)": "credit"}


def test_hard_wrapped_sentence_tails_are_kept() -> None:
    raw = (
        "The company said the dividend is payable\n"
        "June 1.\n"
        "    It also said that it would sell its stake in the\n"
        "share.\n"
        "    Profits rose in\n"
        "1986.\n"
    )
    cleaned = clean_text(raw)
    assert not cleaned.removed
    assert "payable\nJune 1." in cleaned.text


def test_title_is_first_line_removes_title_from_body() -> None:
    cleaned = clean_text(f"\n  The title  \n{BODY}", title_is_first_line=True)
    assert (cleaned.title, cleaned.text) == ("The title", BODY)
    assert cleaned.removed[0].rule == "title"


def test_empty_text() -> None:
    assert clean_text("") == Cleaned(title=None, text="", segments=(), removed=())


def _assert_maps_back(raw: str, cleaned: Cleaned) -> None:
    for segment in cleaned.segments:
        piece = cleaned.text[segment.start : segment.start + segment.length]
        assert piece == raw[segment.raw_start : segment.raw_start + segment.length]
    assert sum(s.length for s in cleaned.segments) + 2 * max(0, len(cleaned.segments) - 1) == len(
        cleaned.text
    )


_LINES = st.sampled_from(
    [
        BODY,
        "Share",
        "Image",
        "Sep 24, 2021",
        "Related Posts",
        "0",
        "(SAM)",
        "  ",
        "",
        "Post a Comment",
        "a headline",
        "Photo: AP",
        "continued tail",
        "\u00a0 padded line \t",
    ]
)


@given(
    st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=25),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
    st.booleans(),
)
def test_segments_map_back_to_raw_text(
    lines: list[str], newline: str, first_is_title: bool
) -> None:
    raw = newline.join(lines)
    cleaned = clean_text(raw, title_is_first_line=first_is_title)
    _assert_maps_back(raw, cleaned)
    for removal in cleaned.removed:
        assert raw[removal.start : removal.end].strip() == raw[removal.start : removal.end]
