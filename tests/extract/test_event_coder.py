from __future__ import annotations

import pytest

from dateline.extract.events import load_lexicon, pentaclass
from dateline.extract.events.coder import EventCoder, _date_part
from dateline.extract.events.typing_model import TypingModel, TypingWeights
from dateline.nlp.analyse import analyse
from dateline.nlp.load import load_nlp


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("2021-08-24", ("2021-08-24", "day")),
        ("2021-08-25TEV", ("2021-08-25", "day")),
        ("2021-W34", ("2021-W34", "week")),
        ("2021-08", ("2021-08", "month")),
        ("2021", ("2021", "year")),
        ("XXXX-08-24", ("XXXX-08-24", "day")),
        ("XXXX-08", None),
        ("199", None),
        ("P20Y", None),
        ("PRESENT_REF", None),
    ],
)
def test_event_dates_keep_the_calendar_part(value: str, part: tuple[str, str] | None) -> None:
    assert _date_part(value) == part


def test_the_model_marks_the_main_event_of_a_sentence() -> None:
    from dateline.extract.article import new_extractor
    from tests.conftest import article_for

    text = "CIA chief William Burns met with Taliban leader Abdul Ghani Baradar in Kabul."
    (found,) = new_extractor().extract_batch([article_for(text)])
    (met,) = [event for event in found.events if event.anchor.text == "met"]
    assert met.decided_by.endswith("+model:typing_model.json")
    assert 0.0 < met.confidence <= 1.0


def _sure_of(klass: int) -> TypingModel:
    """A typing model that puts every sentence in ``klass``."""
    intercepts = tuple(10.0 if k == klass else 0.0 for k in range(5))
    weights = TypingWeights(features=(), weights=((),) * 5, intercepts=intercepts)
    return TypingModel(weights, lexicon=load_lexicon())


def _main_of(text: str, klass: int) -> tuple[str, str, float]:
    coder = EventCoder(load_lexicon(), model=_sure_of(klass))
    candidates = next(analyse(load_nlp(), [text])).events
    found = coder.type_main(candidates, [coder.decide(c) for c in candidates])
    assert found is not None
    _, (code, decided_by), probability = found
    return code, decided_by, probability


def test_the_typing_model_types_the_main_event() -> None:
    code, decided_by, probability = _main_of("Israeli troops attacked Hamas.", klass=0)
    assert code == "010"  # "attack" has no statement default: the class's root code
    assert decided_by.startswith("model:typing_model.json over lexicon:")
    assert probability > 0.99


def test_the_typing_model_takes_the_verb_default_in_its_class() -> None:
    code, _, _ = _main_of("Israeli troops attacked Hamas.", klass=4)
    assert code == load_lexicon().code("attack")  # agrees: the lexicon's code stands


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban called on Turkey to help.",  # an appeal is a REQUEST
        "Blinken spoke with Lavrov on Monday.",  # talks with a partner
        "Blinken and Lavrov discussed Afghanistan.",  # co-ordinated parties of a symmetric verb
    ],
)
def test_the_parse_reading_stands_against_the_model(text: str) -> None:
    code, decided_by, probability = _main_of(text, klass=3)
    assert pentaclass(code) != 3
    assert decided_by.endswith("+parse-reading")
    assert probability == 1.0
