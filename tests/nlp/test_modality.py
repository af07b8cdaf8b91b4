"""Modality of event triggers: asserted, negated, hypothetical, future, historical."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from dateline.nlp.load import load_nlp
from dateline.nlp.modality import ModalityReading, modality_at, modality_of
from dateline.nlp.modality.lexicon import CUE_CLASSES, lexicon

# Long sentences from the seed articles.
_S1 = (
    "The spokesman added that Turkey could play an important and constructive role in Afghanistan."
)
_S2 = (
    "On Aug. 23, CIA chief William Burns met with Taliban leader Mullah Abdul"
    " Ghani Baradar in Kabul in talks in which the Taliban underscored they "
    "would not accept a U.S. military presence at the airport beyond Aug. 31."
)
_S3 = (
    "On Aug. 23, CIA chief William Burns met with Taliban leader Mullah Abdul"
    " Ghani Baradar in Kabul."
)
_S4 = (
    "But Biden said in April that the withdrawal would end on the twentieth "
    "anniversary of the September 11, 2001 attacks on the U.S. that led to "
    "the U.S.-led invasion and the ousting of the Taliban government."
)
_S5 = (
    "Blinken met with Qureshi on the sidelines of the UN General Assembly and"
    " also held talks with ministers of the four other veto-wielding Security"
    " Council members."
)
_S6 = (
    "The Turkish State Department and Foreign Ministry did not immediately "
    "respond to requests for comment, Reuters said."
)
_S7 = (
    "Moscow, which in Soviet times spent a decade in a costly occupation of "
    "Afghanistan during which it battled Islamic guerrillas then backed by "
    "Washington, has kept its embassy open in Kabul and plans discussions "
    "with the Taliban."
)
_S8 = (
    'According to US media reports, Blinken added: "We will try not to turn '
    'Afghanistan into a breeding ground for terrorist attacks."'
)
_S9 = (
    "Taliban seized control of Afghanistan after taking Kabul on Aug. 15, "
    "with the president and other top officials leaving the country."
)
_S10 = (
    "The isolation like happened in the late 90s when the group last ruled "
    "Afghanistan, he said, had not worked well."
)
_S11 = "If steps are to be taken in this direction, we, as Turkey, will give our best support."
_S12 = "The possibility of an attack by the Islamic State in Khorasan is very real."
_S13 = (
    "Biden insisted that the U.S. and its closest allies would stand shoulder"
    " to shoulder in future action over Afghanistan."
)
_S14 = "Blinken said the Taliban had fulfilled all its commitments so far."
_S15 = "The rebels had fought the government for years before the truce."
_S16 = (
    "Asked whether the Taliban rejected Turkey's proposal, the spokesman "
    "replied that they should go as well."
)
_S17 = "The Taliban called on Turkey and world countries to assist Afghanistan."
_S18 = "Turkey should withdraw its troops from Afghanistan under the 2020 agreement."
_S19 = (
    "China and Russia have both moved to engage with the Taliban but have "
    "also stopped short of recognition."
)
_S20 = "The two agreed to continue consultations with the participation of China."
_S21 = (
    "Russia and China stepped up contacts with the Taliban after the United "
    "States decided to withdraw from Afghanistan."
)
_S22 = (
    "Under the February 2020 agreement signed by former President Donald "
    "Trump's administration, all U.S. forces were due to leave Afghanistan on"
    " May 1st."
)
_S23 = "Australia closed the embassy last month for security reasons."
_S24 = (
    "The Taliban's effective rejection of the Turkish plan to secure the "
    "airport could lead other countries to close their missions."
)
_S25 = (
    "The Taliban has not cut ties with al-Qaeda and other terrorist groups "
    "operating in Afghanistan."
)
_S26 = (
    "Soheil Shaheen warned that the delay in the withdrawal of US troops from"
    " Afghanistan would have consequences for the United States."
)
_S27 = "The ministers discussed the evacuation in a phone call on Tuesday."
_S28 = "The rebels had met the envoy on Monday before the talks collapsed."
_S29 = "Officials said the ministers would meet in Ankara and sign the accord."

# (sentence, trigger word (its first occurrence), accepted modalities joined by "|"); most are
# from the seed articles in examples/seeds/, read with an article year of 2021.
CASES = [
    (_S1, "play", "hypothetical"),
    (_S2, "accept", "negated"),
    (_S3, "met", "asserted"),
    (_S4, "end", "future"),
    (_S4, "invasion", "historical"),
    (_S4, "attacks", "historical"),
    (_S4, "said", "asserted"),
    (_S5, "met", "asserted"),
    (_S5, "held", "asserted"),
    (_S6, "respond", "negated"),
    (_S7, "discussions", "future"),
    (_S7, "spent", "historical"),
    (_S7, "battled", "historical"),
    (_S7, "kept", "asserted"),
    (_S8, "turn", "negated"),
    (_S8, "try", "future"),
    (_S9, "taking", "asserted"),
    (_S9, "seized", "asserted"),
    (_S10, "ruled", "historical"),
    ("No talks were held on Monday.", "talks", "negated"),
    ("No talks were held on Monday.", "held", "negated"),
    ("He refused to meet the envoy.", "meet", "negated"),
    ("He refused to meet the envoy.", "refused", "asserted"),
    ("The two sides failed to reach agreement on the prisoners.", "reach", "negated"),
    ("The army denied attacking the village.", "attacking", "negated"),
    (_S11, "taken", "hypothetical"),
    (_S11, "give", "hypothetical"),
    (_S12, "attack", "hypothetical"),
    ("The rebels threatened to attack the capital.", "attack", "hypothetical"),
    ("The rebels threatened to attack the capital.", "threatened", "asserted"),
    ("The ministers will meet next week in Geneva.", "meet", "future"),
    ("The ministers will not meet next week in Geneva.", "meet", "negated"),
    ("The two leaders are going to meet in Ankara.", "meet", "future"),
    ("The president is to visit Kabul on Tuesday.", "visit", "future"),
    (_S13, "stand", "future"),
    (_S14, "fulfilled", "asserted"),
    (_S15, "fought", "historical"),
    ("The Taliban reportedly executed two prisoners.", "executed", "asserted"),
    ("Did the Taliban attack the airport?", "attack", "hypothetical"),
    (_S16, "rejected", "hypothetical"),
    (_S17, "assist", "hypothetical"),
    (_S17, "called", "asserted"),
    (_S18, "withdraw", "hypothetical"),
    (_S18, "agreement", "historical"),
    (_S19, "recognition", "negated"),
    (_S20, "continue", "future"),
    ('"We want to establish good relations with Turkey," he added.', "establish", "hypothetical"),
    (_S21, "withdraw", "future"),
    (_S21, "stepped", "asserted"),
    (_S22, "leave", "future"),
    (_S22, "signed", "historical"),
    (_S23, "closed", "asserted"),
    (_S24, "rejection", "asserted"),
    (_S24, "secure", "future"),
    (_S24, "close", "hypothetical"),
    (_S25, "cut", "negated"),
    ("The group last ruled Afghanistan in the 1990s.", "ruled", "historical"),
    ("The group seized Kabul two decades ago.", "seized", "historical"),
    (_S26, "have", "future"),
    ("They held talks without reaching a deal.", "reaching", "negated"),
    ("Officials might meet again in September.", "meet", "hypothetical"),
    ("The talks are expected to resume in Doha.", "resume", "future"),
    (_S27, "discussed", "asserted"),
    ("Talks could be held next month.", "held", "hypothetical"),
    ("The army denied that it attacked the village.", "attacked", "negated"),
    ("The rebels did not say whether they would attack.", "attack", "hypothetical"),
    (_S28, "met", "asserted"),
    ("Protesters are set to rally in the capital on Friday.", "rally", "future"),
    (_S29, "sign", "future"),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _reading(nlp: Language, sentence: str, trigger: str) -> ModalityReading:
    start = sentence.index(trigger)
    return modality_at(nlp(sentence), start, start + len(trigger), anchor_year=2021)


@pytest.mark.parametrize(("sentence", "trigger", "expected"), CASES)
def test_modality_of_trigger(nlp: Language, sentence: str, trigger: str, expected: str) -> None:
    assert _reading(nlp, sentence, trigger).modality in expected.split("|")


@pytest.mark.parametrize(("sentence", "trigger", "expected"), CASES)
def test_cue_is_a_span_of_the_text(
    nlp: Language, sentence: str, trigger: str, expected: str
) -> None:
    cue = _reading(nlp, sentence, trigger).cue
    if cue is not None:
        assert sentence[cue.start : cue.end] == cue.text


@pytest.mark.parametrize(
    ("sentence", "trigger", "cue_text"),
    [
        ("He refused to meet the envoy.", "meet", "refused"),
        ("The ministers will meet next week in Geneva.", "meet", "will"),
        ("The group seized Kabul two decades ago.", "seized", "two decades ago"),
    ],
)
def test_cue_names_the_deciding_words(
    nlp: Language, sentence: str, trigger: str, cue_text: str
) -> None:
    cue = _reading(nlp, sentence, trigger).cue
    assert cue is not None and cue.text == cue_text


@pytest.mark.parametrize(
    ("anchor_year", "expected"),
    [(2021, "historical"), (2002, "historical"), (2001, "asserted"), (None, "asserted")],
)
def test_year_is_read_against_the_anchor(
    nlp: Language, anchor_year: int | None, expected: str
) -> None:
    doc = nlp("The invasion in 2001 toppled the government.")
    assert modality_of(doc[1], anchor_year=anchor_year).modality == expected


def test_asserted_reading_has_no_cue(nlp: Language) -> None:
    doc = nlp("Blinken met with Qureshi on Wednesday.")
    assert modality_of(doc[1]) == ModalityReading(modality="asserted", cue=None)


def test_empty_doc_is_asserted(nlp: Language) -> None:
    assert modality_at(nlp(""), 0, 0).modality == "asserted"


def test_every_cue_class_has_words() -> None:
    assert all(lexicon()[name] for name in CUE_CLASSES)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        # no lone surrogates: spaCy cannot take them, and no input path lets one through (the
        # JSON reader rejects "\ud800", decoding replaces it in bytes)
        alphabet=st.sampled_from(list("abc xyz not will could if 2001 ?.,'\n"))
        | st.characters(exclude_categories=("Cs",)),
        max_size=80,
    ),
    start=st.integers(min_value=-5, max_value=90),
    end=st.integers(min_value=-5, max_value=90),
)
def test_modality_at_never_raises(nlp: Language, text: str, start: int, end: int) -> None:
    reading = modality_at(nlp(text), start, end, anchor_year=2021)
    if reading.cue is not None:
        assert 0 <= reading.cue.start <= reading.cue.end <= len(text)
        assert text[reading.cue.start : reading.cue.end] == reading.cue.text


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Chilean President Salvador Allende was overthrown in a coup and died in 1973.",
         "overthrown", "historical"),
        ("Rebels attacked the base on Monday and withdrew in 2016.", "attacked", "historical"),
        # a conjunct with its own subject is a clause of its own: its date is its own
        ("Rebels attacked the base on Monday and the army withdrew in 1990.", "attacked",
         "asserted"),
    ],
)  # fmt: skip
def test_a_past_date_on_a_joined_verb_of_the_same_clause_dates_the_trigger(
    nlp: Language, sentence: str, trigger: str, expected: str
) -> None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == trigger)
    assert modality_of(token, anchor_year=2017).modality == expected
