"""Event candidates from the parse: actors and recipients of active, passive, controlled verbs."""

from __future__ import annotations

import pytest

from dateline.nlp.events import EventCandidate, event_candidates
from dateline.nlp.load import load_nlp


def _candidate(text: str, lemma: str) -> EventCandidate:
    return next(c for c in event_candidates(load_nlp()(text)) if c.lemma == lemma)


@pytest.mark.parametrize(
    ("text", "lemma", "actors", "recipients"),
    [
        (
            "Blinken spoke separately with Russian Foreign Minister Sergei Lavrov and Chinese "
            "Foreign Minister Wang Yi.",
            "speak",
            ["Blinken"],
            ["Russian Foreign Minister Sergei Lavrov", "Chinese Foreign Minister Wang Yi"],
        ),
        (
            "Meanwhile the Taliban called on Turkey and world countries to assist Afghanistan.",
            "call",
            ["the Taliban"],
            ["Turkey", "world countries"],
        ),
        (
            "Meanwhile the Taliban called on Turkey and world countries to assist Afghanistan.",
            "assist",
            ["Turkey", "world countries"],
            ["Afghanistan"],
        ),
        (
            "Çavuşoğlu and Blinken discussed the crisis.",
            "discuss",
            ["Çavuşoğlu", "Blinken"],
            ["the crisis"],
        ),
        (
            "The embassy was attacked by militants on Monday.",
            "attack",
            ["militants"],
            ["The embassy"],
        ),
        (
            "On Aug. 23, CIA chief William Burns met with Taliban leader Mullah Abdul Ghani "
            "Baradar in Kabul.",
            "meet",
            ["CIA chief William Burns"],
            ["Taliban leader Mullah Abdul Ghani Baradar"],
        ),
    ],
)
def test_roles(text: str, lemma: str, actors: list[str], recipients: list[str]) -> None:
    candidate = _candidate(text, lemma)
    assert [span.text for span in candidate.actors] == actors
    assert [span.text for span in candidate.recipients] == recipients


def test_passive_is_marked_and_spans_point_into_the_text() -> None:
    text = "The convoy was ambushed by rebels near the border."
    candidate = _candidate(text, "ambush")
    assert candidate.passive
    for span in (candidate.anchor, candidate.sentence, *candidate.actors, *candidate.recipients):
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("text", "lemma", "actors", "recipients"),
    [
        ("One Italian citizen wounded in shooting", "wound", [], ["One Italian citizen"]),
        ("One police officer killed by a suicide bomber near the temple", "kill",
         ["a suicide bomber"], ["One police officer"]),
    ],
)  # fmt: skip
def test_a_participle_on_a_noun_is_a_passive_of_that_noun(
    text: str, lemma: str, actors: list[str], recipients: list[str]
) -> None:
    candidate = _candidate(text, lemma)
    assert candidate.passive
    assert [span.text for span in candidate.actors] == actors
    assert [span.text for span in candidate.recipients] == recipients


@pytest.mark.parametrize(
    ("text", "lemma", "passive", "recipients"),
    [
        ("The movement has been targeted by the media and has been denied the right to defend "
         "itself.", "deny", True, ["The movement"]),
        ("The suspect was arrested and charged with murder.", "charge", True, ["The suspect"]),
        ("Police arrested the suspect and charged him with murder.", "charge", False,
         ["him", "murder"]),
    ],
)  # fmt: skip
def test_a_verb_joined_to_a_passive_one_is_passive_with_its_own_auxiliary_or_bare(
    text: str, lemma: str, passive: bool, recipients: list[str]
) -> None:
    candidate = _candidate(text, lemma)
    assert candidate.passive is passive
    assert [span.text for span in candidate.recipients] == recipients


def test_a_stray_full_stop_before_a_lower_case_word_ends_no_sentence() -> None:
    text = (
        "Ties also seemed to fail in talks on Monday. between President Joe Biden and Turkish "
        "President Recep Tayyip Erdogan. It was over."
    )
    doc = load_nlp()(text)
    assert [s.text for s in doc.sents][1] == "It was over."
    talks = next(c for c in event_candidates(doc) if c.lemma == "talk")
    assert talks.actors[0].text == "President Joe Biden"
    assert talks.recipients == ()


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("He died on Sunday.- Zoo officials called the attack cruel.",
         ["He died on Sunday.-", "Zoo officials called the attack cruel."]),
        ("Democrats rejected King's remarks.- Actually @SteveKingIA, it is our diversity.",
         ["Democrats rejected King's remarks.-", "Actually @SteveKingIA, it is our diversity."]),
        ("Exports rose 5%.- Officials said so.", ["Exports rose 5%.-", "Officials said so."]),
        # no stop before the dash, or a lower-case word after it: one sentence
        ("The U.S.-led coalition and the EU- and NATO-backed force met.",
         ["The U.S.-led coalition and the EU- and NATO-backed force met."]),
        ("Prices rose.- and then fell.", ["Prices rose.- and then fell."]),
    ],
)  # fmt: skip
def test_a_dash_glued_to_a_full_stop_joins_two_paragraphs(text: str, sentences: list[str]) -> None:
    assert [s.text for s in load_nlp()(text).sents] == sentences


def test_a_between_hung_on_the_verb_is_the_nearest_nouns() -> None:
    found = {c.lemma: c for c in event_candidates(load_nlp()(
        "Hopes of better ties failed in talks on Monday between Biden and Erdogan."
    )) if c.nominal}  # fmt: skip
    assert [span.text for span in found["talk"].actors] == ["Biden", "Erdogan"]
    assert "hope" not in found or not any(a.text == "Biden" for a in found["hope"].actors)


def test_following_words_name_the_verb_phrase() -> None:
    candidate = _candidate("The Taliban called on Turkey to withdraw.", "call")
    assert candidate.following[:2] == ("on", "turkey")


@pytest.mark.parametrize(
    ("text", "lemma", "actors", "recipients"),
    [
        ("There were talks between Biden and Erdogan on Monday.", "talk", ["Biden", "Erdogan"], []),
        (
            "Biden insisted after virtual talks with G7 leaders that the deadline would stand.",
            "talk",
            ["Biden"],
            ["G7 leaders"],
        ),
        ("Russia condemned Turkey's attack on the convoy.", "attack", ["Turkey's"], ["the convoy"]),
        (  # with an owner who acts, "of" names what the act is done to
            "The Taliban's effective rejection of the Turkish plan could lead others to leave.",
            "rejection",
            ["The Taliban's"],
            ["the Turkish plan"],
        ),
    ],
)
def test_an_event_noun_is_a_candidate_with_its_parties(
    text: str, lemma: str, actors: list[str], recipients: list[str]
) -> None:
    candidate = _candidate(text, lemma)
    assert candidate.nominal
    assert [span.text for span in candidate.actors] == actors
    assert [span.text for span in candidate.recipients] == recipients


def test_a_noun_with_no_party_is_no_candidate() -> None:
    lemmas = [c.lemma for c in event_candidates(load_nlp()("The deadline would stand."))]
    assert "deadline" not in lemmas


def test_who_meets_after_a_preposition_is_the_name_or_subject_it_qualifies() -> None:
    from dateline.nlp.analyse import analyse
    from dateline.nlp.load import load_nlp

    for text in (
        "Blinken said after meeting Pakistan's foreign minister on Wednesday.",
        "Taliban's actions will define its relationship with world: Blinken after meeting "
        "Pakistan foreign minister",
    ):
        analysis = next(analyse(load_nlp(), [text]))
        (meet,) = [c for c in analysis.events if c.lemma == "meet"]
        assert [a.text for a in meet.actors] == ["Blinken"]


def test_a_title_and_the_name_the_parser_split_are_one_party() -> None:
    talks = _candidate(
        "Hopes seemed to fail in talks on Monday between President Joe Biden and Turkish "
        "President Recep Tayyip Erdogan.",
        "talk",
    )
    assert [span.text for span in talks.actors] == [
        "President Joe Biden",
        "Turkish President Recep Tayyip Erdogan",
    ]


def test_talks_a_clause_is_held_in_took_place_whatever_the_clause_says() -> None:
    talks = _candidate(
        "Ankara's hopes seemed to fail in talks on Monday between Biden and Erdogan.", "talk"
    )
    assert talks.modality == "asserted"
    engage = _candidate("Russia will engage in talks with the Taliban next week.", "talk")
    assert engage.modality == "future"


def test_a_caption_with_no_verb_names_its_meeting() -> None:
    meeting = _candidate(
        "US Secretary of State Antony Blinken meeting with Pakistan Foreign Minister Shah "
        "Mahmood Qureshi",
        "meeting",
    )
    assert meeting.actors[0].text.endswith("Antony Blinken")
    assert meeting.recipients[0].text.endswith("Shah Mahmood Qureshi")


def test_a_name_before_a_noun_with_no_partner_holds_nothing() -> None:
    doc = load_nlp()("Jim Mattis warned NATO allies on Wednesday that they must pay more.")
    allies = [c for c in event_candidates(doc) if c.lemma == "ally"]
    assert not any(c.noun_role == "owner" or "NATO" in [a.text for a in c.actors] for c in allies)


def test_the_knowledge_bases_names_of_several_words_are_whole_entities() -> None:
    doc = load_nlp()("Biden spoke after virtual talks with leaders of the Group of Seven.")
    assert ("Group of Seven", "ORG") in [(ent.text, ent.label_) for ent in doc.ents]


def test_a_day_before_a_name_is_no_part_of_the_party() -> None:
    talked = _candidate(
        "Soon after Election Day President Putin and President-elect Trump talked over the phone.",
        "talk",
    )
    assert not any(span.text.startswith("Election Day") for span in talked.actors)


def test_a_participle_with_an_object_is_active() -> None:
    doc = load_nlp()(
        "In Germany's first attack by an IS sympathiser, a teenage girl stabbed and seriously "
        "wounded a police officer in the neck."
    )
    stab = next(c for c in event_candidates(doc) if c.lemma == "stab")
    assert not stab.passive
    assert not any(r.text == "a teenage girl" for r in stab.recipients)


@pytest.mark.parametrize(
    ("text", "lemma", "actor", "clause"),
    [
        (
            "Turkey should withdraw, said a Taliban spokesman, who effectively rejected "
            "Ankara's proposal to run Kabul airport.",
            "reject",
            "a Taliban spokesman",
            "a Taliban spokesman, who effectively rejected Ankara's proposal to run Kabul airport",
        ),
        (
            "Burns met Baradar in talks in which the Taliban underscored they would not accept "
            "a U.S. presence.",
            "underscore",
            "the Taliban",
            "the Taliban underscored they would not accept a U.S. presence",
        ),
    ],
)
def test_a_verb_of_a_relative_clause_has_its_own_clause_and_its_true_subject(
    text: str, lemma: str, actor: str, clause: str
) -> None:
    found = _candidate(text, lemma)
    assert [span.text for span in found.actors] == [actor]
    assert found.own_clause is not None and found.own_clause.text == clause
    assert text[found.own_clause.start : found.own_clause.end] == clause


def test_the_main_verb_of_a_sentence_has_no_clause_apart() -> None:
    assert _candidate("The Taliban rejected Ankara's proposal.", "reject").own_clause is None


def test_the_main_verb_after_an_opening_phrase_has_no_clause_apart() -> None:
    text = "On Aug. 23, CIA chief William Burns met with Taliban leader Baradar in Kabul."
    assert _candidate(text, "meet").own_clause is None


def test_of_without_an_owner_names_no_party() -> None:
    # "the withdrawal of US troops": the troops withdraw; nothing is done to them
    found = [
        c
        for c in event_candidates(load_nlp()("The withdrawal of US troops ended on Monday."))
        if c.nominal and c.lemma == "withdrawal"
    ]
    assert all(not c.recipients for c in found)


@pytest.mark.parametrize(
    ("text", "lemma", "recipients"),
    [
        (  # a participle completing a passive: the ones found undergo it
            "Alicia Greer and Jacqueline Moore were found shot to death at an inn.",
            "shoot",
            ["Alicia Greer", "Jacqueline Moore"],
        ),
        (  # parsed as a participle hung on "was": the subject of "be" undergoes it
            "German Chancellor Angela Merkel was on Monday-officially nominated to run again.",
            "nominate",
            ["German Chancellor Angela Merkel"],
        ),
    ],
)
def test_a_participle_after_be_or_completing_a_verb_is_passive(
    text: str, lemma: str, recipients: list[str]
) -> None:
    found = _candidate(text, lemma)
    assert found.passive
    assert [span.text for span in found.recipients] == recipients
    assert not found.actors


def test_a_gerunds_by_names_who_does_it() -> None:
    text = (
        "The Donetsk People's Republic reported more than 600 episodes of shelling by Ukrainian "
        "troops in the past day."
    )
    found = _candidate(text, "shell")
    assert [span.text for span in found.actors] == ["Ukrainian troops"]


@pytest.mark.parametrize(
    ("text", "noun", "actors", "recipients"),
    [
        ("Governor Rick Snyder has faced criticism from the EPA.", "criticism", ["the EPA"],
         ["Governor Rick Snyder"]),
        ("Israel drew condemnation from the United Nations.", "condemnation",
         ["the United Nations"], ["Israel"]),
        ("Russia faces new sanctions.", "sanction", [], ["Russia"]),
    ],
)  # fmt: skip
def test_who_receives_an_act_named_by_a_noun_undergoes_it(
    text: str, noun: str, actors: list[str], recipients: list[str]
) -> None:
    candidate = _candidate(text, noun)
    assert (candidate.noun_role, candidate.passive) == ("received", True)
    assert [span.text for span in candidate.actors] == actors
    assert [span.text for span in candidate.recipients] == recipients


def test_who_receives_what_is_given_undergoes_the_giving() -> None:
    candidate = _candidate("Ukraine received military aid from the United States.", "receive")
    assert candidate.passive
    assert [span.text for span in candidate.actors] == ["the United States"]
    assert [span.text for span in candidate.recipients] == ["Ukraine"]
    # receiving something not given keeps its subject
    candidate = _candidate("Ukraine received a letter from the United States.", "receive")
    assert not candidate.passive
    assert [span.text for span in candidate.actors] == ["Ukraine"]
