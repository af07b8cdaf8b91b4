"""The place phrases of an event's clause from the parse: what its prepositions of place govern
where that names a place, and the objects of verbs whose object is where they act."""

from __future__ import annotations

import pytest

from dateline.nlp.events import EventCandidate, event_candidates
from dateline.nlp.load import load_nlp


def _candidate(text: str, lemma: str) -> EventCandidate:
    return next(c for c in event_candidates(load_nlp()(text)) if c.lemma == lemma)


@pytest.mark.parametrize(
    ("text", "lemma", "places"),
    [
        # a noun of place with no name the entity tagger knows; "an ambush" is no place
        ("Two police officers were wounded in an ambush in the Afghan capital.", "wound",
         ["the Afghan capital"]),
        # the object of a verb of taking, the end of a verb of motion, what one leaves
        ("Government troops recaptured the town after a week of heavy fighting.", "recapture",
         ["the town"]),
        ("Islamic State fighters seized control of Palmyra in May.", "seize", ["Palmyra"]),
        ("Thousands of families fled to Jordan last year.", "flee", ["Jordan"]),
        ("The last American soldiers withdrew from Iraq in 2011.", "withdraw", ["Iraq"]),
        # on a passive's agent, and on what a noun of quantity counts
        ("The convoy was hit by a roadside bomb near the Pakistani border.", "hit",
         ["the Pakistani border"]),
        ("A wave of arson attacks in the northern city destroyed dozens of shops.", "destroy",
         ["the northern city"]),
        # an event noun's own place
        ("The president's visit to Nairobi ended on Friday.", "visit", ["Nairobi"]),
        ("Protesters gathered outside the embassy on Sunday.", "gather", ["the embassy"]),
    ],
)  # fmt: skip
def test_the_place_phrases_of_a_clause(text: str, lemma: str, places: list[str]) -> None:
    assert [span.text for span in _candidate(text, lemma).where] == places


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("The Taliban called on Pakistan to reopen the border crossing.", "call"),  # a party
        ("The European Union imposed sanctions on Iran.", "impose"),  # a party
        ("Following the floods in Kerala, the government announced new aid.", "announce"),
        ("The two leaders spoke in a phone call on Monday.", "speak"),  # a call, a day
        ("The ministers discussed Syria with their Iranian counterparts.", "discuss"),  # a topic
    ],
)
def test_no_place_where_the_clause_names_none(text: str, lemma: str) -> None:
    candidate = _candidate(text, lemma)
    assert (candidate.where, candidate.object_where) == ((), ())


def test_a_place_on_the_object_of_a_material_act_is_the_objects_place() -> None:
    candidate = _candidate("Rebel fighters attacked the governor's office in Kandahar.", "attack")
    assert [span.text for span in candidate.object_where] == ["Kandahar"]
    assert candidate.where == ()
