"""Quote extraction on real sentences from the seed articles (needs the English model)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.nlp.quotes import QuoteSpan, quotes_in_text

NAEEM = (
    "Mohammad Naeem, spokesman for the Taliban's political office, spoke to Anadolu Agency.\n\n"
    '"Turkey is an important country in the world and we maintain historic, social, and cultural '
    "relationship [with Turkey],” Naeem said.\n\n"
    "The Taliban spokesman said his group is in contact with the Turkish state. "
    '"We want to establish good relations with Turkey and develop this relationship in the '
    "future,” he added."
)


def _only(text: str, kind: str) -> QuoteSpan:
    quotes = [quote for quote in quotes_in_text(text) if quote.kind == kind]
    assert len(quotes) == 1, quotes
    return quotes[0]


def _text(span: object) -> str | None:
    return getattr(span, "text", None)


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            '"Turkey is an important country in the world and the Turkish people are brotherly '
            "Muslim people [with Turkey],” Naeem said.",
            "Turkey is an important country",
            "Naeem",
            "said",
        ),
        (
            "“Turkey has been part of NATO forces for the past twenty years, so they should "
            "withdraw from Afghanistan.” , Suhail Shaheen told Reuters.",
            "Turkey has been part of NATO",
            "Suhail Shaheen",
            "told Reuters",
        ),
        (
            "According to US media reports, Blinken added: “We will try not to turn Afghanistan "
            "into a breeding ground for terrorist attacks.”",
            "We will try not to turn",
            "Blinken",
            "added",
        ),
        (
            "“It's crazy that nobody else is trying to win except Trump,” said Mr. Smith.",
            "It's crazy",
            "Mr. Smith",
            "said",
        ),
    ],
)
def test_direct_quote_speaker_and_cue(text: str, content: str, speaker: str, cue: str) -> None:
    quote = _only(text, "direct")
    assert quote.text.startswith(content)
    assert _text(quote.speaker) == speaker
    assert _text(quote.cue) == cue


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "Naeem said that the Afghan people have been ravaged by war for the past 40 years.",
            "that the Afghan people have been ravaged by war for the past 40 years",
            "Naeem",
            "said",
        ),
        (
            "The Taliban spokesman told Reuters on Friday that Turkey should withdraw troops as "
            "part of the agreement.",
            "that Turkey should withdraw troops as part of the agreement",
            "The Taliban spokesman",
            "told Reuters",
        ),
        (
            "According to human rights groups, China has incarcerated more than one million "
            "people in camps.",
            "China has incarcerated more than one million people in camps",
            "human rights groups",
            "According to",
        ),
    ],
)
def test_indirect_quote(text: str, content: str, speaker: str, cue: str) -> None:
    quote = _only(text, "indirect")
    assert (quote.text, _text(quote.speaker), _text(quote.cue)) == (content, speaker, cue)


def test_mixed_quote() -> None:
    text = (
        "Taliban spokesman Zabihullah Mujahid on Aug. 24 said his group would accept "
        '"no extensions" to the deadline.'
    )
    quote = _only(text, "mixed")
    assert quote.text == 'his group would accept "no extensions" to the deadline'
    assert _text(quote.speaker) == "Taliban spokesman Zabihullah Mujahid"
    assert _text(quote.speaker_head) == "Zabihullah Mujahid"


def test_he_added_resolves_to_the_last_speaker() -> None:
    last = quotes_in_text(NAEEM)[-1]
    assert last.kind == "direct"
    assert _text(last.speaker) == "he"
    assert _text(last.speaker_head) in {"Naeem", "The Taliban spokesman"}
    assert last.speaker_head is not None and last.speaker_head.end <= last.start


def test_she_never_resolves_to_a_speaker_titled_mr() -> None:
    text = (
        "Jane Dacre, a doctor, spoke at the hearing. \u201cWe need more staff,\u201d Mr Foster "
        "said. She says the situation \u201cis not hyperbole, it is the reality\u201d."
    )
    last = quotes_in_text(text)[-1]
    assert _text(last.speaker) == "She"
    assert _text(last.speaker_head) == "Jane Dacre"


def test_quote_without_cue_continues_the_speaker() -> None:
    text = (
        "“More than 82,000 people have left Afghanistan safely,” Blinken said. We have evacuated "
        "4,000 Americans. “Over the past 24 hours, about 19,000 have been evacuated.”"
    )
    quotes = quotes_in_text(text)
    assert [_text(quote.speaker_head) for quote in quotes] == ["Blinken", "Blinken"]
    assert quotes[1].cue is None


def test_scare_quotes_are_not_quotes() -> None:
    assert quotes_in_text('The two sides discussed "continuing cooperation" on trade.') == []


@pytest.mark.parametrize("text", [NAEEM, "", "\n\n", '"', "“”", '"a" "b', "He said. “”,” said."])
def test_offsets_match_the_text(text: str) -> None:
    for quote in quotes_in_text(text):
        assert text[quote.start : quote.end] == quote.text
        for span in (quote.speaker, quote.speaker_head, quote.cue):
            assert span is None or text[span.start : span.end] == span.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "“",
                "”",
                "''",
                " ",
                "\n",
                ",",
                ".",
                "he said",
                "Naeem",
                "told Reuters",
                "that",
                "according to",
                "we want peace",
                "Blinken added:",
                "\xa0",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_random_text_gives_valid_offsets(text: str) -> None:
    for quote in quotes_in_text(text):
        assert text[quote.start : quote.end] == quote.text
        for span in (quote.speaker, quote.speaker_head, quote.cue):
            assert span is None or text[span.start : span.end] == span.text


def test_quote_after_a_bare_line_break_does_not_fail() -> None:
    # Found by Hypothesis: only a line break before the opening mark.
    assert all(q.start <= q.end for q in quotes_in_text('\n".'))
