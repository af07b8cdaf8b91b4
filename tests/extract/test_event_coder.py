from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from dateline.extract.actors import load_kb
from dateline.extract.actors.resolve import ArticleResolver
from dateline.extract.events import load_lexicon
from dateline.extract.events.coder import CodedEvent, EventCoder, QuotedSpeaker, _date_part
from dateline.extract.events.encoder import PLOVER_LABELS, SentenceReading
from dateline.extract.events.reading import class_codes, types_of_class
from dateline.model import Event
from dateline.nlp.analyse import analyse
from dateline.nlp.load import load_nlp
from dateline.store.rows import DEFAULT_MIN_CONFIDENCE


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


class _Reads:
    """An encoder stand-in that reads every sentence as told: class, type and phrases."""

    def __init__(self, klass: int, kind: str | None, *, sources: Sequence[str] = (),
                 targets: Sequence[str] = ()) -> None:  # fmt: skip
        self.klass, self.kind = klass, kind
        self.sources, self.targets = sources, targets

    def read(self, texts: Sequence[str]) -> list[SentenceReading]:
        penta = tuple(0.9 if k == self.klass else 0.025 for k in range(5))
        plover = tuple(0.8 if label == self.kind else 0.2 / 15 for label in PLOVER_LABELS)
        return [
            SentenceReading(
                penta=penta,
                plover=plover,
                sources=tuple(_at(text, phrase) for phrase in self.sources if phrase in text),
                targets=tuple(_at(text, phrase) for phrase in self.targets if phrase in text),
            )
            for text in texts
        ]


def _at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _coded(text: str, reads: _Reads | None, *, quote: str | None = None) -> list[CodedEvent]:
    """The coded events of ``text``; ``quote`` names the speaker of the text's quoted words."""
    analysis = next(analyse(load_nlp(), [text]))
    resolved = ArticleResolver(load_kb(), on=None).resolve(analysis.mentions)
    speakers = []
    if quote is not None:
        (speaker,) = [m for m in resolved if m.text == quote and m.actor is not None]
        opening, closing = text.index("\u201c") + 1, text.index("\u201d")
        speakers.append(QuotedSpeaker(start=opening, end=closing, speaker=speaker))
    coder = EventCoder(load_lexicon(), encoder=reads)  # type: ignore[arg-type]
    return coder.code(
        "a", analysis.events, resolved=resolved, timexes=[], day=None, speakers=speakers
    )


def _main(text: str, reads: _Reads) -> Event:
    """The one main event of ``text``."""
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    return main


def test_the_encoder_types_the_main_event_and_the_lexicon_codes_it_where_they_agree() -> None:
    reads = _Reads(4, "ASSAULT", sources=["Israeli troops"], targets=["Hamas"])
    (main,) = [c.event for c in _coded("Israeli troops attacked Hamas.", reads) if c.event.main]
    assert (main.type, main.cameo) == ("ASSAULT", load_lexicon().code("attack"))
    assert main.anchor.text == "attacked"
    assert (main.actor_span.text, main.recipient_span.text) == ("Israeli troops", "Hamas")
    assert main.decided_by.startswith("encoder:encoder.onnx+lexicon:")
    assert main.confidence == pytest.approx(0.9 * 0.8 / (0.8 + 4 * 0.2 / 15), abs=1e-3)


def test_where_the_encoder_reads_another_type_its_type_wins_with_a_general_code() -> None:
    reads = _Reads(3, "ACCUSE", sources=["Israeli troops"], targets=["Hamas"])
    (main,) = [c.event for c in _coded("Israeli troops attacked Hamas.", reads) if c.event.main]
    assert (main.type, main.cameo) == ("ACCUSE", class_codes()["ACCUSE:3"])
    assert " over lexicon:" in main.decided_by


@pytest.mark.parametrize("kind", ["AGREE", "REJECT"])
def test_not_accepting_is_an_asserted_refusal(kind: str) -> None:
    text = "The Taliban said they would accept no extensions to the deadline."
    reads = _Reads(1 if kind == "AGREE" else 3, kind, sources=["The Taliban"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert (main.type, main.modality, main.anchor.text) == ("REJECT", "asserted", "accept")
    assert main.decided_by.endswith("+refusal")


def test_a_reported_refusal_to_accept_is_the_speakers_refusal() -> None:
    text = "Taliban spokesman Zabihullah Mujahid said his group would accept no extensions."
    reads = _Reads(0, None, sources=["Taliban spokesman Zabihullah Mujahid"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert (main.type, main.modality, main.anchor.text) == ("REJECT", "asserted", "accept")
    assert main.actor_span.text == "Taliban spokesman Zabihullah Mujahid"


def test_a_statement_that_reports_an_act_between_two_parties_is_that_act() -> None:
    text = "The State Department said Blinken spoke with Russian Foreign Minister Sergei Lavrov."
    reads = _Reads(0, None, sources=["The State Department"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert (main.type, main.anchor.text) == ("CONSULT", "spoke")
    assert main.actor_span.text == "Blinken"
    assert main.recipient_span.text == "Russian Foreign Minister Sergei Lavrov"
    assert main.decided_by.endswith("+reported")


def test_the_two_are_the_pair_of_the_sentence_before() -> None:
    text = (
        "Blinken met Russian Foreign Minister Sergei Lavrov in Geneva. "
        "The two agreed to continue consultations with the participation of Pakistan."
    )
    reads = _Reads(1, "CONSULT", sources=["Blinken", "The two"], targets=["Sergei Lavrov"])
    mains = [c for c in _coded(text, reads) if c.event.main]
    # read as CONSULT, the second sentence's event is the consultations it names
    assert [c.event.anchor.text for c in mains] == ["met", "consultations"]
    two = mains[1]
    assert two.event.actor_span is not None and two.event.actor_span.text == "The two"
    assert two.actor is not None and two.recipient is not None
    assert {two.actor.text, two.recipient.text} == {"Blinken", "Sergei Lavrov"}


def test_both_countries_are_the_states_the_pair_before_speaks_for() -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov met Turkish Foreign Minister Mevlut Cavusoglu. "
        "Both countries are conducting a joint investigation."
    )
    reads = _Reads(
        2, "COOPERATE", sources=["Russian Foreign Minister Sergei Lavrov", "Both countries"]
    )
    mains = [c for c in _coded(text, reads) if c.event.main]
    both = mains[-1]
    assert both.event.actor_span is not None and both.event.actor_span.text == "Both countries"
    assert {both.event.actor_id, both.event.recipient_id} == {"country:RUS", "country:TUR"}


def test_the_two_with_no_pair_before_names_no_one() -> None:
    text = "The two agreed to continue consultations."
    reads = _Reads(1, "AGREE", sources=["The two"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.actor is None and main.recipient is None


def test_a_relative_clause_is_not_the_main_event_of_another_type() -> None:
    text = (
        "Moscow, which in Soviet times battled Islamic guerrillas, has kept its embassy open "
        "and plans discussions with the Taliban."
    )
    reads = _Reads(1, "CONSULT", sources=["Moscow"], targets=["the Taliban"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "CONSULT"
    assert main.anchor.text != "battled"
    # the consulting is the discussions it plans: still to come
    assert (main.anchor.text, main.modality) == ("discussions", "future")


def test_a_request_read_of_whom_it_is_made_is_the_speakers_demand() -> None:
    text = "The Taliban spokesman told Reuters that Turkey should withdraw its troops."
    reads = _Reads(3, "REQUEST", sources=["Turkey"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "REQUEST" and main.decided_by.endswith("+demand")
    assert (main.actor_span.text, main.recipient_span.text) == ("The Taliban spokesman", "Turkey")


@pytest.mark.parametrize(
    "text",
    [
        "Oppermann told reporters that refugees should receive initial care in North Africa.",
        "The Taliban spokesman told Reuters that Turkey should have a say in the talks.",
    ],
)
def test_what_a_party_should_get_or_undergo_is_no_demand_made_of_it(text: str) -> None:
    reads = _Reads(3, "REQUEST", sources=["The Taliban spokesman", "Oppermann"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert not main.decided_by.endswith("+demand")
    made_of = main.recipient_span.text if main.recipient_span else None
    assert not (main.type == "REQUEST" and made_of in ("refugees", "Turkey"))


def test_a_pronoun_a_demand_is_made_of_is_the_party_named_before_it() -> None:
    text = "A Taliban spokesman said that since Turkey is a NATO member, they should withdraw."
    reads = _Reads(3, "REQUEST", sources=["they"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "REQUEST"
    assert main.recipient_span is not None and main.recipient_span.text == "Turkey"


def test_we_inside_a_quote_is_the_state_its_official_speaks_for() -> None:
    text = "\u201cWe have had diplomatic contact with the Taliban for years,\u201d Blinken said."
    reads = _Reads(1, "CONSULT", sources=["We"], targets=["the Taliban"])
    (main,) = [c for c in _coded(text, reads, quote="Blinken") if c.event.main]
    assert main.event.actor_span is not None and main.event.actor_span.text == "We"
    assert main.actor is not None and main.actor.actor is not None
    assert (main.actor.text, main.actor.actor.name) == ("We", "United States")
    assert main.event.actor_id == "country:USA"


def test_i_inside_a_quote_is_its_speaker() -> None:
    text = "\u201cI have had diplomatic contact with the Taliban for years,\u201d Blinken said."
    reads = _Reads(1, "CONSULT", sources=["I"], targets=["the Taliban"])
    (main,) = [c for c in _coded(text, reads, quote="Blinken") if c.event.main]
    assert main.actor is not None and main.actor.text == "Blinken"


def test_we_inside_a_quote_of_someone_of_no_state_is_the_speaker() -> None:
    text = "\u201cWe have had contact with the Taliban for years,\u201d Elon Musk said."
    reads = _Reads(1, "CONSULT", sources=["We"], targets=["the Taliban"])
    found = _coded(text, reads, quote="Elon Musk")
    (main,) = [c for c in found if c.event.main]
    assert main.event.actor_id != "country:USA"


def test_an_event_quoted_with_no_source_is_its_speakers() -> None:
    text = "\u201cTurkey should leave Afghanistan,\u201d Taliban spokesman Suhail Shaheen said."
    reads = _Reads(3, "REQUEST", targets=["Turkey"])
    mains = [c for c in _coded(text, reads, quote="Suhail Shaheen") if c.event.main]
    assert [c.actor.text if c.actor else None for c in mains] == ["Suhail Shaheen"]


def test_a_dateline_is_no_part_of_the_source() -> None:
    text = "SULAIMANI (ESTA) — U.S. Secretary of State Antony Blinken on Monday spoke with Lavrov."
    reads = _Reads(
        1, "CONSULT", sources=["SULAIMANI (ESTA) — U.S. Secretary of State Antony Blinken"]
    )
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.actor_span is not None
    assert main.actor_span.text == "U.S. Secretary of State Antony Blinken"


def test_an_unknown_group_the_parse_gives_as_subject_is_the_actor() -> None:
    text = "The Zuberi Liberation Front attacked a police station in the north on Tuesday."
    reads = _Reads(4, "ASSAULT")  # the encoder marks no phrase
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.actor_span is not None
    assert "Zuberi Liberation Front" in main.event.actor_span.text
    assert main.actor is None  # no actor known by that name: the phrase, unresolved


@pytest.mark.parametrize(
    ("phrase", "party"),
    [
        ("Chinese President Xi Jinping's", "Chinese President Xi Jinping"),
        ("Chinese President Xi Jinping'", "Chinese President Xi Jinping"),  # read to the mark
        (
            "The Islamic State of Iraq and the Levant (ISIL",
            "The Islamic State of Iraq and the Levant",
        ),
    ],
)
def test_a_party_phrase_ends_with_the_name_not_a_possessive_or_an_open_aside(
    phrase: str, party: str
) -> None:
    text = f"Koroma welcomed {phrase} decision to treble funding support to Africa."
    reads = _Reads(1, "SUPPORT", sources=["Koroma"], targets=[phrase])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.recipient_span is not None and main.recipient_span.text == party


def test_a_demand_said_by_a_pronoun_is_made_by_it() -> None:
    text = "\u201cTurkey should leave,\u201d he told the newspaper."
    reads = _Reads(0, None)  # a statement, no phrase marked
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "REQUEST" and main.decided_by.endswith("+demand")
    assert main.actor_span is not None and main.actor_span.text == "he"


def test_a_statement_of_an_opinion_stays_a_statement() -> None:
    text = "The ministry said the situation was stable."
    reads = _Reads(0, None, sources=["The ministry"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "STATEMENT"


@pytest.mark.parametrize(
    ("text", "phrase", "actor_id"),
    [
        ("A Syrian man attacked a police officer in Berlin.", "A Syrian man", None),
        ("Syrian troops attacked rebels in Aleppo.", "Syrian troops", "country:SYR"),
        ("More than 4,000 Americans attacked the camp.", "More than 4,000 Americans", None),
        ("Every American in Kabul attacked the camp.", "Every American in Kabul", None),
    ],
)
def test_a_private_person_named_by_nationality_is_no_state(
    text: str, phrase: str, actor_id: str | None
) -> None:
    (main,) = [
        c.event for c in _coded(text, _Reads(4, "ASSAULT", sources=[phrase])) if c.event.main
    ]
    assert main.actor_span.text == phrase
    assert main.actor_id == actor_id


def test_a_negated_meeting_stays_a_negated_meeting() -> None:
    reads = _Reads(1, "CONSULT", sources=["Biden"], targets=["Putin"])
    (main,) = [c.event for c in _coded("Biden did not meet Putin.", reads) if c.event.main]
    assert (main.type, main.modality) == ("CONSULT", "negated")


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban spokesman told Reuters that Turkey should withdraw its troops.",
        "Turkey should withdraw its troops from Afghanistan, said the Taliban spokesman.",
    ],
)
def test_what_another_party_should_do_is_a_demand_made_of_it(text: str) -> None:
    reads = _Reads(0, None, sources=["The Taliban spokesman", "the Taliban spokesman"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert (main.type, main.cameo) == ("REQUEST", class_codes()["REQUEST:3"])
    assert main.actor_span.text.lower() == "the taliban spokesman"
    assert main.recipient_span.text == "Turkey"
    assert main.decided_by.endswith("+demand")


def test_what_we_should_do_is_a_statement() -> None:
    text = "We should do more, the minister said."
    reads = _Reads(0, None, sources=["the minister"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "STATEMENT"


def test_a_statement_is_anchored_on_its_reporting_verb() -> None:
    reads = _Reads(0, None, sources=["The minister"])
    events = _coded("The minister said the talks went well.", reads)
    (main,) = [c.event for c in events if c.event.main]
    assert (main.type, main.anchor.text, main.actor_span.text) == (
        "STATEMENT",
        "said",
        "The minister",
    )


def test_a_party_phrase_is_the_whole_phrase_with_the_actor_it_names() -> None:
    text = "Turkish Foreign Minister Mevlut Cavusoglu met Antony Blinken in Ankara."
    phrase = "Turkish Foreign Minister Mevlut Cavusoglu"
    reads = _Reads(1, "CONSULT", sources=[phrase], targets=["Antony Blinken"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.actor_span.text == phrase
    assert main.actor is not None and main.actor.text == "Mevlut Cavusoglu"


def test_each_named_party_of_a_co_ordinated_phrase_gets_an_event() -> None:
    text = "Blinken spoke with Russian Foreign Minister Sergey Lavrov and Wang Yi on Monday."
    reads = _Reads(
        1,
        "CONSULT",
        sources=["Blinken"],
        targets=["Russian Foreign Minister Sergey Lavrov and Wang Yi"],
    )
    events = [c for c in _coded(text, reads) if c.event.type == "CONSULT"]
    assert [c.event.main for c in events] == [True, False]
    assert [c.recipient.text for c in events if c.recipient] == ["Sergey Lavrov", "Wang Yi"]
    assert events[1].event.recipient_span.text == "Wang Yi"


@pytest.mark.parametrize(
    "text",
    [
        "Israeli troops attacked Hamas and then met Egyptian mediators.",
        "The minister said Russia had attacked Ukraine.",
        "Blinken and Lavrov discussed Afghanistan.",
    ],
)
def test_a_sentence_with_events_has_exactly_one_main_event(text: str) -> None:
    for reads in (None, _Reads(4, "ASSAULT"), _Reads(0, None, sources=["minister"])):
        events = _coded(text, reads)
        if events:
            assert sum(c.event.main for c in events) == 1


def test_without_the_encoder_the_lexicon_picks_and_codes_the_main_event() -> None:
    (main,) = [c.event for c in _coded("Israeli troops attacked Hamas.", None) if c.event.main]
    assert main.cameo == load_lexicon().code("attack")
    assert main.decided_by.startswith("lexicon:")


@pytest.mark.parametrize(
    ("klass", "kinds"), [(0, ()), (2, ("CONCEDE", "COOPERATE", "AID", "RETREAT"))]
)
def test_each_class_reads_only_the_types_it_can_hold(klass: int, kinds: tuple[str, ...]) -> None:
    assert types_of_class(klass) == kinds
    assert "REQUEST" in types_of_class(1) and "REQUEST" in types_of_class(3)


def test_one_phrase_naming_two_parties_is_two_recipients() -> None:
    text = (
        "Blinken spoke with Russian Foreign Minister Sergei Lavrov and Chinese Foreign Minister "
        "Wang Yi on Monday."
    )
    both = "Russian Foreign Minister Sergei Lavrov and Chinese Foreign Minister Wang Yi"
    reads = _Reads(1, "CONSULT", sources=["Blinken"], targets=[both])
    recipients = {c.recipient.text for c in _coded(text, reads) if c.recipient is not None}
    assert {"Sergei Lavrov", "Wang Yi"} <= recipients


def _shown(found: Sequence[CodedEvent]) -> list[tuple[str, str | None, str | None]]:
    return [
        (c.event.type, c.actor.text if c.actor else None, c.recipient.text if c.recipient else None)
        for c in found
        if c.event.confidence >= 0.5
    ]


def test_an_event_noun_in_a_circumstance_is_an_event_of_the_clauses_subject() -> None:
    text = (
        "President Joe Biden insisted after virtual talks with Turkish President Recep Tayyip "
        "Erdogan that the withdrawal would go ahead."
    )
    found = _coded(text, _Reads(0, None, sources=["President Joe Biden"]))
    (talks,) = [c for c in found if c.event.anchor.text == "talks"]
    assert talks.event.type == "CONSULT" and not talks.event.main
    assert talks.actor is not None and talks.actor.text == "Joe Biden"
    assert talks.recipient is not None and "Erdogan" in talks.recipient.text
    assert talks.event.confidence >= 0.5 and talks.event.decided_by.endswith("+noun")


def test_a_verb_that_only_mentions_an_event_noun_does_not_hold_it() -> None:
    text = "Trump criticised the talks with Iran on Monday."
    found = _coded(text, _Reads(3, "ACCUSE", sources=["Trump"]))
    assert not [c for c in found if c.event.anchor.text == "talks" and c.actor is not None]


def test_a_possessive_pronoun_holder_is_the_subject_of_the_clause() -> None:
    text = "Blinken said after his meeting with Pakistan Foreign Minister Shah Mahmood Qureshi."
    found = _coded(text, _Reads(0, None, sources=["Blinken"]))
    (meeting,) = [c for c in found if c.event.anchor.text == "meeting"]
    assert meeting.actor is not None and meeting.actor.text == "Blinken"
    assert meeting.recipient is not None and meeting.recipient.actor is not None
    assert meeting.recipient.actor.actor_id.startswith("per:shah-mahmood")


def test_an_owned_event_noun_is_its_owners_act_not_the_speakers() -> None:
    text = "We are following the Taliban's consultations with former Afghan officials."
    found = _coded(text, _Reads(1, "CONSULT", sources=["We"]))
    (main,) = [c for c in found if c.event.main]
    assert main.event.anchor.text == "consultations"
    assert main.event.actor_span is not None and main.event.actor_span.text == "the Taliban"


def test_the_same_act_by_verb_and_noun_is_one_event() -> None:
    text = "Blinken held talks with Russian Foreign Minister Sergei Lavrov on Wednesday."
    found = _coded(text, _Reads(1, "CONSULT", sources=["Blinken"], targets=["Sergei Lavrov"]))
    consults = [c for c in found if c.event.type == "CONSULT"]
    assert len(consults) == 1 and consults[0].event.main


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Blinken called Russian Foreign Minister Sergei Lavrov on Tuesday.", "CONSULT"),
        ("Trump called Putin a killer on Tuesday.", None),
        ("The Taliban called on Turkey to help Afghanistan.", "REQUEST"),
        ("Kelly called President Trump's executive order lawful.", None),
        ("Blinken called Pakistan's foreign minister on Tuesday.", "CONSULT"),
    ],
)
def test_calling_a_party_is_a_telephone_call(text: str, kind: str | None) -> None:
    found = _coded(text, None)
    mains = [c.event.type for c in found if c.event.main and c.event.type != "STATEMENT"]
    assert mains == ([kind] if kind else [])


def test_a_headline_the_encoder_reads_as_no_event_takes_the_lexicons_act() -> None:
    text = "Çavuşoğlu, Blinken discuss latest developments in Afghanistan"
    found = _coded(text, _Reads(0, None))
    assert ("CONSULT", "Çavuşoğlu", "Blinken") in _shown(found)
    # the same words as a sentence are the encoder's to read
    sentence = text + "."
    assert not [e for e in _shown(_coded(sentence, _Reads(0, None))) if e[0] == "CONSULT"]


def test_a_headline_lists_its_parties_without_and() -> None:
    found = _coded("Blinken calls China, Russia on Afghan collapse", _Reads(0, None))
    called = {c.recipient.text for c in found if c.event.type == "CONSULT" and c.recipient}
    assert called == {"China", "Russia"}
    # a sentence's comma is no list of parties: "met Lavrov, the minister said" is one
    sentence = _coded("Blinken met Lavrov, Russia said on Monday.", _Reads(1, "CONSULT"))
    met = {c.recipient.text for c in sentence if c.event.type == "CONSULT" and c.recipient}
    assert "Russia" not in met


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("Erdogan accused the media of lying on Monday.", "the media"),
        ("Blinken met the US Secretary of State on Monday.", "the US Secretary of State"),
    ],
)
def test_a_phrase_the_encoder_stopped_after_its_determiner_is_the_parses_up_to_its_head(
    text: str, recipient: str
) -> None:
    reads = _Reads(3, "ACCUSE", sources=[text.split(maxsplit=1)[0]], targets=["the"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.recipient_span is not None
    assert main.event.recipient_span.text == recipient


def test_a_partner_the_parser_hangs_under_the_topic_is_the_verbs() -> None:
    text = (
        "Blinken on Monday discussed the collapse of Afghanistan's government with China and "
        "Russia, frequent U.S. adversaries."
    )
    found = _coded(text, _Reads(1, "CONSULT", sources=["Blinken"]))
    partners = {c.recipient.text for c in found if c.event.type == "CONSULT" and c.recipient}
    assert partners == {"China", "Russia"}


def test_who_reports_a_material_act_in_the_passive_is_not_its_actor() -> None:
    text = "The White House said one man was arrested."
    (main,) = [
        c for c in _coded(text, _Reads(4, "COERCE", sources=["The White House"])) if c.event.main
    ]
    assert main.event.type == "COERCE" and main.actor is None and main.event.actor_span is None


@pytest.mark.parametrize(
    ("text", "speaker", "actor"),
    [
        # the reported clause has a subject of its own: the speaker only passes the act on
        (
            "The minister said heavy fighting was taking place near the airbase.",
            "The minister",
            None,
        ),
        # whom "it" stands for may be the speaker, and a declaration is the act itself
        (
            "The Indian military said it had launched airstrikes against a camp.",
            "The Indian military",
            "The Indian military",
        ),
        (
            "Bolivian authorities declared a state of siege in Pando.",
            "Bolivian authorities",
            "Bolivian authorities",
        ),
    ],
)
def test_who_reports_a_material_act_with_its_own_subject_is_not_its_actor(
    text: str, speaker: str, actor: str | None
) -> None:
    (main,) = [c for c in _coded(text, _Reads(4, "ASSAULT", sources=[speaker])) if c.event.main]
    found = main.event.actor_span.text if main.event.actor_span else None
    assert found == actor


@pytest.mark.parametrize(
    ("text", "target", "recipient"),
    [
        ("Polish Prime Minister Beata Szydlo praised Poland and its partners.", "Poland", None),
        (
            "Polish Prime Minister Beata Szydlo praised Germany and its partners.",
            "Germany",
            "Germany",
        ),
        # a thing of one's own state may be defended
        (
            "Polish Prime Minister Beata Szydlo defended Poland's courts.",
            "Poland's courts",
            "Poland's courts",
        ),
    ],
)
def test_no_one_agrees_with_or_supports_the_state_they_speak_for(
    text: str, target: str, recipient: str | None
) -> None:
    reads = _Reads(1, "SUPPORT", sources=["Polish Prime Minister Beata Szydlo"], targets=[target])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.actor is not None and main.actor.actor is not None
    found = main.event.recipient_span.text if main.event.recipient_span else None
    assert found == recipient


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        # the clause's own verb is no accusation: the speaker accuses its subject
        (
            "Crispin Blunt said Mr Bercow was going to have to deal with the consequences.",
            "Crispin Blunt",
            "Mr Bercow",
        ),
        # it is one: the subject accuses
        ("The State Department said Russia accused Ukraine.", "Russia", "Ukraine"),
    ],
)
def test_an_accusation_read_of_a_reported_subject_is_the_speakers(
    text: str, actor: str, recipient: str
) -> None:
    subject = "Mr Bercow" if "Bercow" in text else "Russia"
    reads = _Reads(3, "ACCUSE", sources=[subject], targets=["Ukraine"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.actor_span is not None and main.event.recipient_span is not None
    assert (main.event.actor_span.text, main.event.recipient_span.text) == (actor, recipient)


@pytest.mark.parametrize(
    ("text", "target", "recipient"),
    [
        (
            "A suicide bomber targeted the Supreme Court building in Kabul.",
            "the Supreme Court building",
            None,
        ),
        ("Syrian forces recaptured the city of Palmyra.", "the city of Palmyra", None),
        # a body a place noun also names is a party
        ("Protesters attacked the Turkish embassy.", "the Turkish embassy", "the Turkish embassy"),
    ],
)
def test_a_site_an_act_is_done_at_is_no_party(
    text: str, target: str, recipient: str | None
) -> None:
    (main,) = [c for c in _coded(text, _Reads(4, "ASSAULT", targets=[target])) if c.event.main]
    found = main.event.recipient_span.text if main.event.recipient_span else None
    assert found == recipient


def test_one_person_named_by_their_people_is_no_state() -> None:
    text = "An Australian born in Iran killed police worker Curtis Cheng."
    reads = _Reads(4, "ASSAULT", sources=["An Australian"], targets=["police worker Curtis Cheng"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.actor_span is not None and main.event.actor_span.text == "An Australian"
    assert main.actor is None or main.actor.actor is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # the present tells how things stand
        ("Mexico also gets funding from the Peace Corps.", False),
        ("Mexico got funding from the Peace Corps on Monday.", True),
        # a running total
        ("As of September, Mexico got funding from the Peace Corps.", False),
        # unless someone is said to say so, or a headline tells the day's act
        ("He said the Peace Corps funds Mexico.", True),
        ("Peace Corps sends aid to Mexico", True),
        # the speaker's own side acts in the present ("we call on")
        ("We fund Mexico through the Peace Corps.", True),
    ],
)
def test_an_act_told_in_the_present_is_below_the_default_view(text: str, shown: bool) -> None:
    reads = _Reads(2, "AID", sources=["the Peace Corps", "Peace Corps", "We"], targets=["Mexico"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert (main.event.confidence >= DEFAULT_MIN_CONFIDENCE) is shown


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Three Turkish hostages were freed by the militants.", "Three Turkish hostages"),
        (
            "The suspects - one from the Chinese mainland - were arrested by police.",
            "The suspects - one from the Chinese mainland",
        ),
    ],
)
def test_private_people_of_a_country_are_no_state(text: str, target: str) -> None:
    (main,) = [c for c in _coded(text, _Reads(4, "COERCE", targets=[target])) if c.event.main]
    assert main.event.recipient_span is not None
    assert main.recipient is None or main.recipient.actor is None


def test_a_rule_stated_with_must_not_is_no_refusal() -> None:
    text = "Cheating must not be permitted, the president said."
    (main,) = [
        c for c in _coded(text, _Reads(3, "REJECT", sources=["the president"])) if c.event.main
    ]
    assert main.event.modality == "negated"


def test_it_in_a_saying_is_that_sayings_speaker_not_an_earlier_one() -> None:
    text = (
        "Russia has said it sees the Taliban restoring order, while China said on Monday it "
        "wanted friendly relations with the Taliban."
    )
    reads = _Reads(1, "AGREE", sources=["Russia"], targets=["the Taliban"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.anchor.text == "wanted"
    assert main.event.actor_span is not None and main.event.actor_span.text == "China"


def test_who_tells_of_an_act_does_not_suffer_it() -> None:
    text = (
        "The slayings were on a list of 78 attacks the White House says were executed or "
        "inspired by the Islamic State group."
    )
    reads = _Reads(4, "ASSAULT", sources=["the Islamic State group"], targets=["the White House"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.recipient_span is None or "White House" not in main.event.recipient_span.text


def test_according_to_names_the_source_of_a_report_not_the_actor() -> None:
    text = "According to Medvedev, the measures were criticized in the Cabinet."
    (main,) = [c for c in _coded(text, _Reads(3, "ACCUSE", sources=["Medvedev"])) if c.event.main]
    assert main.event.actor_span is None


def test_a_nationality_the_encoder_cuts_off_its_noun_is_no_state() -> None:
    text = "A Danish man was wounded in a shooting in the Saudi capital."
    (main,) = [c for c in _coded(text, _Reads(4, "ASSAULT", targets=["A Danish"])) if c.event.main]
    assert main.event.recipient_span is not None
    assert main.event.recipient_span.text == "A Danish man" and main.recipient is None


@pytest.mark.parametrize(
    ("text", "role", "phrase", "country"),
    [
        (
            "A gunman shot three people in Copenhagen.",
            "recipient",
            "three people in Copenhagen",
            None,
        ),
        ("Police in India have charged a man with murder.", "actor", "Police in India", "IND"),
    ],
)
def test_a_place_after_in_names_the_party_only_for_its_state_organs(
    text: str, role: str, phrase: str, country: str | None
) -> None:
    reads = (
        _Reads(4, "ASSAULT", sources=[], targets=[phrase])
        if role == "recipient"
        else _Reads(3, "ACCUSE", sources=[phrase])
    )
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    party = getattr(main, role)
    assert (party.actor.country if party and party.actor else None) == country


def test_a_kind_of_party_the_parse_gives_is_the_actor_when_the_encoder_reads_none() -> None:
    text = "Three soldiers were attacked by a man with a knife outside a Jewish centre."
    (main,) = [c for c in _coded(text, _Reads(4, "ASSAULT")) if c.event.main]
    assert main.event.actor_span is not None and main.event.actor_span.text == "a man"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Trump has been repeatedly slamming the US media.", False),
        ("Trump slammed the US media on Monday.", True),
        ("Trump has more than once slammed the US media.", False),
        ("In all, Trump has slammed the US media in 40 speeches.", False),
    ],
)
def test_a_habit_is_no_event_on_an_occasion(text: str, shown: bool) -> None:
    reads = _Reads(3, "ACCUSE", sources=["Trump"], targets=["the US media"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert (main.event.confidence >= 0.5) is shown


@pytest.mark.parametrize(
    "text",
    [
        "When asked if the administration would act, he said the Pentagon is doing a review.",
        "Asked in a text message whether the Taliban rejected the proposal, the spokesman replied.",
        "Reuters asked the ministry about the attack.",
    ],
)
def test_asking_a_question_is_no_request(text: str) -> None:
    found = _coded(text, None)
    assert not [c for c in found if c.event.type == "REQUEST"]


def test_asking_a_party_to_act_is_a_request() -> None:
    found = _coded("The Taliban asked Turkey to leave Afghanistan.", None)
    assert [c.event.type for c in found if c.event.main] == ["REQUEST"]


class _NoEventSureType(_Reads):
    """Reads every sentence as no political event, but with its type head sure of one type."""

    def read(self, texts: Sequence[str]) -> list[SentenceReading]:
        plover = tuple(0.95 if label == self.kind else 0.05 / 15 for label in PLOVER_LABELS)
        penta = (0.01, 0.0, 0.0, 0.0, 0.0, 0.99)
        return [SentenceReading(penta=penta, plover=plover) for _ in texts]


def test_a_sure_type_the_lexicon_codes_between_two_named_parties_is_the_event() -> None:
    text = "Shah Mahmood Qureshi even asked Antony Blinken not to repeat the mistakes of the past."
    found = _coded(text, _NoEventSureType(5, "REQUEST"))
    assert ("REQUEST", "Shah Mahmood Qureshi", "Antony Blinken") in _shown(found)
    # with the type head unsure, the encoder's "no event" stands
    unsure = _coded(text, _NoEventSureType(5, None))
    assert not [e for e in _shown(unsure) if e[0] != "STATEMENT"]


def test_a_pronoun_a_demand_is_made_of_is_whom_the_warning_is_addressed_to() -> None:
    text = (
        "Jim Mattis, the new US defence secretary, warned NATO allies on Wednesday that they "
        "must pay more towards their own defences."
    )
    found = _coded(text, _Reads(3, "REQUEST", sources=["Jim Mattis"], targets=["NATO allies"]))
    (main,) = [c for c in found if c.event.main]
    assert main.event.recipient_span is not None
    assert main.event.recipient_span.text == "NATO allies"


def test_a_party_phrase_stops_before_a_verb_of_the_sentence() -> None:
    text = "A report from the UN accused Myanmar's security forces of carrying out killings."
    reads = _Reads(3, "ACCUSE", sources=["the UN accused Myanmar's security forces"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.actor_span is not None and main.event.actor_span.text == "the UN"


def test_who_is_placed_under_arrest_undergoes_it() -> None:
    text = "Samsung's heir apparent Lee Jae-yong has been placed under arrest in South Korea."
    reads = _Reads(
        4, "COERCE", sources=["Samsung"], targets=["Samsung's heir apparent Lee Jae-yong"]
    )
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.actor is None
    assert main.recipient is not None and main.recipient.text == "Lee Jae-yong"


@pytest.mark.parametrize(
    ("text", "target", "country"),
    [
        ("Man Haron Monis killed two Australians in Sydney.", "two Australians", None),
        ("Militants beheaded a Croatian scientist on Tuesday.", "a Croatian scientist", None),
        ("Gunmen wounded two US citizens near the border.", "two US citizens", None),
        ("Russian troops attacked Ukrainian soldiers near Donetsk.", "Ukrainian soldiers", "UKR"),
    ],
)
def test_private_people_named_by_nationality_are_no_state(
    text: str, target: str, country: str | None
) -> None:
    (main,) = [c for c in _coded(text, _Reads(4, "ASSAULT", targets=[target])) if c.event.main]
    assert main.event.recipient_span is not None and main.event.recipient_span.text == target
    found = main.recipient.actor.country if main.recipient and main.recipient.actor else None
    assert found == country


def test_a_phrase_read_for_both_roles_is_the_recipient_when_the_parse_has_it_as_object() -> None:
    text = "The attack targeted Supreme Court employees as they were leaving, Mojahid said."
    reads = _Reads(
        4, "ASSAULT", sources=["Supreme Court employees"], targets=["Supreme Court employees"]
    )
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.actor_span is None
    assert main.event.recipient_span is not None
    assert main.event.recipient_span.text == "Supreme Court employees"


def test_going_to_is_no_act_the_next_verb_is() -> None:
    (main,) = [
        c
        for c in _coded("We are going to visit Moscow in April.", _Reads(1, "CONSULT"))
        if c.event.main
    ]
    assert (main.event.anchor.text, main.event.modality) == ("visit", "future")


def test_who_appeals_is_the_appeals_own_subject() -> None:
    text = "The Afghan people need assistance, and the Taliban called on all countries to help."
    reads = _Reads(0, None, sources=["The Afghan people"], targets=["The Afghan people"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.type == "REQUEST"
    assert main.event.actor_span is not None and main.event.actor_span.text == "the Taliban"


@pytest.mark.parametrize(
    ("text", "addressee"),
    [
        (
            "The prime minister called on the fishing industry to boost shrimp exports.",
            "the fishing industry",
        ),
        ("The prime minister called for a referendum on the treaty.", None),
    ],
)
def test_an_appeal_the_encoder_reads_no_target_of_is_made_to_its_object(
    text: str, addressee: str | None
) -> None:
    reads = _Reads(0, None, sources=["The prime minister"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.type == "REQUEST"
    found = main.event.recipient_span.text if main.event.recipient_span else None
    assert found == addressee


def test_an_appeal_is_made_to_whom_the_verb_addresses_not_whom_the_ask_is_about() -> None:
    text = "Francis asked Catholics to pray for Myanmar's Rohingya refugees."
    reads = _Reads(0, None, sources=["Francis"], targets=["Myanmar"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.type == "REQUEST"
    assert main.event.recipient_span is not None and main.event.recipient_span.text == "Catholics"


@pytest.mark.parametrize(
    ("text", "target", "recipient"),
    [
        ("The missile cruiser has returned to Russia from the Mediterranean.", "Russia", None),
        (
            "The United States returned two paintings to the government of Brazil.",
            "the government of Brazil",
            "the government of Brazil",
        ),
    ],
)
def test_where_a_movement_ends_is_no_party(text: str, target: str, recipient: str | None) -> None:
    (main,) = [c for c in _coded(text, _Reads(2, "RETREAT", targets=[target])) if c.event.main]
    found = main.event.recipient_span.text if main.event.recipient_span else None
    assert found == recipient


def test_what_an_appeal_asks_for_is_not_whom_it_asks() -> None:
    text = "McCain called for a select committee to investigate the hacking."
    reads = _Reads(0, None, sources=["McCain"], targets=["a select committee"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.type == "REQUEST" and main.event.recipient_span is None


def test_an_appeal_to_many_that_singles_one_out_is_made_to_that_one() -> None:
    text = "The spokesman called on all countries, particularly Turkey, to help Afghanistan."
    reads = _Reads(0, None, sources=["The spokesman"], targets=["all countries"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.recipient_span is not None and main.event.recipient_span.text == "Turkey"
    assert main.event.recipient_id == "country:TUR"


def test_a_question_put_to_someone_is_no_request_whatever_the_encoder_reads() -> None:
    text = "Mr Trump was asked about a December tweet in which he said the US must expand."
    found = _coded(text, _Reads(1, "REQUEST"))
    assert not [c for c in found if c.event.anchor.text == "asked" and c.event.type == "REQUEST"]


def test_a_sentence_that_asks_is_below_the_default_view() -> None:
    reads = _Reads(3, "ACCUSE", sources=["Russia"], targets=["Ukraine"])
    (asked,) = [
        c for c in _coded("Did Russia accuse Ukraine of the attack?", reads) if c.event.main
    ]
    (told,) = [c for c in _coded("Russia accused Ukraine of the attack.", reads) if c.event.main]
    assert asked.event.confidence < 0.5 <= told.event.confidence


def test_who_only_mentions_an_event_noun_did_not_do_its_act() -> None:
    text = "President Donald Trump has used terror attacks to justify his ban on travellers."
    reads = _Reads(4, "ASSAULT", sources=["President Donald Trump"])
    found = _coded(text, reads)
    assert not [c for c in found if c.event.type == "ASSAULT" and c.actor is not None]


def test_what_the_press_says_is_below_the_default_view() -> None:
    reads = _Reads(3, "ACCUSE", sources=["The New York Times"], targets=["Sean Spicer"])
    text = "The New York Times has accused White House press secretary Sean Spicer of lying."
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.type == "ACCUSE" and main.event.confidence < 0.5


def test_a_speaker_accuses_the_subject_of_what_they_report() -> None:
    text = "Nigel Farage said Sergei Lavrov had abused his position."
    reads = _Reads(3, "ACCUSE", sources=["Nigel Farage"], targets=["Sergei Lavrov"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.actor_span is not None and main.actor_span.text == "Nigel Farage"
    assert main.recipient_span is not None and main.recipient_span.text == "Sergei Lavrov"


def test_an_accusation_read_with_no_target_is_of_the_named_subject_reported() -> None:
    text = "Lavrov said the Ukrainian government had sabotaged the peace process."
    reads = _Reads(3, "ACCUSE", sources=["Lavrov"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.actor_span is not None and main.actor_span.text == "Lavrov"
    assert main.recipient_span is not None
    assert main.recipient_span.text == "the Ukrainian government"


def test_a_reported_meeting_is_still_the_subjects() -> None:
    text = "The State Department said Blinken spoke with Lavrov on Monday."
    reads = _Reads(1, "CONSULT", sources=["The State Department"], targets=["Lavrov"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.actor_span is not None and main.actor_span.text == "Blinken"


def test_an_event_that_names_no_actor_is_no_party() -> None:
    text = "Her visit comes ahead of a meeting with NATO defence ministers next week."
    reads = _Reads(1, "CONSULT", sources=["Her visit"], targets=["NATO defence ministers"])
    for coded in _coded(text, reads):
        assert coded.event.actor_span is None or coded.event.actor_span.text != "Her visit"


def test_a_phrase_with_no_letter_is_no_party() -> None:
    text = 'In an interview, Evgenia Kara-Murza said, "\ufffd[Trump] must know what happened."'
    reads = _Reads(3, "REQUEST", sources=["Evgenia Kara-Murza"], targets=["\ufffd["])
    for coded in _coded(text, reads):
        assert coded.event.recipient_span is None or coded.event.recipient_span.text != "\ufffd["


def test_users_of_a_nationality_are_private_people_not_their_state() -> None:
    text = "Spanish Twitter users are accusing the Catholic Church of seeking publicity."
    reads = _Reads(3, "ACCUSE", sources=["Spanish Twitter users"], targets=["the Catholic Church"])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.actor_id is None


class _ByText(_Reads):
    """The stand-in, with sure readings of its own for some texts (a clause read apart)."""

    def __init__(self, sentence: _Reads, clauses: dict[str, tuple[int, str, str, str]]) -> None:
        super().__init__(sentence.klass, sentence.kind, sources=sentence.sources,
                         targets=sentence.targets)  # fmt: skip
        self.clauses = clauses  # text: (class, type, source phrase, target phrase)

    def read(self, texts: Sequence[str]) -> list[SentenceReading]:
        readings = super().read(texts)
        for number, text in enumerate(texts):
            if text in self.clauses:
                klass, kind, source, target = self.clauses[text]
                readings[number] = SentenceReading(
                    penta=tuple(0.98 if k == klass else 0.004 for k in range(6)),
                    plover=tuple(0.97 if label == kind else 0.002 for label in PLOVER_LABELS),
                    sources=(_at(text, source),),
                    targets=(_at(text, target),),
                )
        return readings


_SPOKESMAN = (
    "Turkey should withdraw its troops, said a Taliban spokesman, who effectively rejected "
    "Ankara's proposal to run Kabul airport."
)
_REJECTING = "a Taliban spokesman, who effectively rejected Ankara's proposal to run Kabul airport"


def test_a_further_verbs_own_clause_read_surely_is_an_event_of_its_own() -> None:
    reads = _ByText(
        _Reads(3, "REQUEST", sources=["Turkey"]),
        {_REJECTING: (3, "REJECT", "a Taliban spokesman", "Ankara's proposal")},
    )
    found = [c for c in _coded(_SPOKESMAN, reads) if c.event.type == "REJECT"]
    (rejecting,) = found
    assert not rejecting.event.main and rejecting.event.anchor.text == "rejected"
    assert rejecting.event.decided_by.endswith("+clause")
    assert rejecting.actor is not None and rejecting.actor.actor is not None
    assert rejecting.actor.actor.name == "Taliban"
    assert rejecting.recipient is not None and rejecting.recipient.actor is not None
    assert rejecting.recipient.actor.name == "Turkey"
    assert rejecting.event.confidence >= DEFAULT_MIN_CONFIDENCE


def test_a_clause_read_on_the_other_side_than_its_verb_stays_the_lexicons_guess() -> None:
    # "rejected" is conflict in the lexicon: a reading of the clause as cooperation is no event
    reads = _ByText(
        _Reads(3, "REQUEST", sources=["Turkey"]),
        {_REJECTING: (1, "AGREE", "a Taliban spokesman", "Ankara's proposal")},
    )
    (rejecting,) = [c for c in _coded(_SPOKESMAN, reads) if c.event.anchor.text == "rejected"]
    assert rejecting.event.type == "REJECT" and "+clause" not in rejecting.event.decided_by
    assert rejecting.event.confidence < DEFAULT_MIN_CONFIDENCE


def test_where_a_report_comes_from_is_no_party_to_it() -> None:
    text = "According to US media reports, Blinken added that the Taliban would be judged."
    reads = _Reads(3, "THREATEN", sources=["Blinken"], targets=["US media reports"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.actor_span is not None and main.actor_span.text == "Blinken"
    assert main.recipient_span is None or "media" not in main.recipient_span.text


_UNDERSCORED = (
    "CIA chief William Burns met Taliban leader Abdul Ghani Baradar in talks in which the "
    "Taliban underscored they would not accept a U.S. military presence at the airport."
)
_NOT_ACCEPTING = "they would not accept a U.S. military presence at the airport"


def test_a_reported_refusal_in_a_further_clause_is_the_reporters_refusal() -> None:
    reads = _ByText(
        _Reads(
            1,
            "CONSULT",
            sources=["CIA chief William Burns"],
            targets=["Taliban leader Abdul Ghani Baradar"],
        ),
        {_NOT_ACCEPTING: (3, "REJECT", "they", "a U.S. military presence")},
    )
    found = [c for c in _coded(_UNDERSCORED, reads) if c.event.type == "REJECT"]
    (refusal,) = found
    assert refusal.event.anchor.text == "accept" and refusal.event.modality == "asserted"
    assert not refusal.event.main and refusal.event.decided_by.endswith("+clause+refusal")
    assert refusal.actor is not None and refusal.actor.actor is not None
    assert refusal.actor.actor.name == "Taliban"
    assert refusal.event.actor_span is not None and refusal.event.actor_span.text == "they"
    assert refusal.recipient is not None and refusal.recipient.actor is not None
    assert refusal.recipient.actor.name == "United States"


def test_a_reported_refusal_the_encoder_does_not_read_is_no_event() -> None:
    reads = _ByText(
        _Reads(
            1,
            "CONSULT",
            sources=["CIA chief William Burns"],
            targets=["Taliban leader Abdul Ghani Baradar"],
        ),
        {_NOT_ACCEPTING: (1, "AGREE", "they", "a U.S. military presence")},
    )
    assert not [c for c in _coded(_UNDERSCORED, reads) if c.event.type in ("REJECT", "AGREE")]


def test_a_quoted_demand_with_no_saying_is_made_of_its_clauses_subject() -> None:
    # the speaker is named in the next sentence ("..., Suhail Shaheen told Reuters."): the
    # demand is made, of Turkey ("they"), and never by the one it is made of
    text = (
        "\u201cTurkey has been part of NATO forces for the past twenty years, so they should "
        "withdraw from Afghanistan on the basis of the agreement.\u201d"
    )
    reads = _Reads(3, "REQUEST", sources=["they"], targets=["Afghanistan"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert (main.type, main.modality) == ("REQUEST", "asserted")
    assert main.decided_by.endswith("+demand")
    assert main.recipient_span is not None and main.recipient_span.text == "Turkey"
    assert main.actor_span is None


def test_an_appeal_is_made_to_whom_it_calls_on_not_to_a_subject_before_it() -> None:
    text = (
        "\u201cThe Afghan people need assistance and we call on all countries to help our "
        "people,\u201d he added."
    )
    reads = _Reads(0, None, targets=["The Afghan people"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "REQUEST" and main.decided_by.endswith("+appeal")
    assert main.recipient_span is not None and main.recipient_span.text == "all countries"


def test_an_appeal_keeps_a_named_target_over_a_pronoun_object() -> None:
    text = "Senators wrote a letter to Pruitt calling on him to guarantee the funding."
    reads = _Reads(0, None, sources=["Senators"], targets=["Pruitt"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.recipient_span is not None and main.recipient_span.text == "Pruitt"


def test_class_and_type_are_one_choice_not_the_likeliest_class_first() -> None:
    from dateline.extract.events.reading import _class_and_type

    penta = (0.05, 0.30, 0.05, 0.28, 0.27, 0.05)  # verbal cooperation, only just likeliest
    plover = tuple(
        0.70 if label == "ASSAULT" else 0.10 if label == "ACCUSE" else 0.20 / 14
        for label in PLOVER_LABELS
    )
    klass, kind, within = _class_and_type(SentenceReading(penta=penta, plover=plover))
    assert (klass, kind) == (4, "ASSAULT")
    assert 0.5 < within <= 1.0
    # where the likeliest class also holds the likeliest type, nothing changes
    plover = tuple(0.70 if label == "AGREE" else 0.30 / 15 for label in PLOVER_LABELS)
    assert _class_and_type(SentenceReading(penta=penta, plover=plover))[:2] == (1, "AGREE")


@pytest.mark.parametrize(
    ("word", "thing"),
    [("mantra", True), ("dress", True), ("facilities", True), ("proposal", True),
     ("embassy", False), ("order", False), ("sides", False), ("parties", False),
     ("troops", False), ("protesters", False), ("qwertyish", False)],
)  # fmt: skip
def test_a_thing_noun_has_no_person_group_or_place_among_its_senses(word: str, thing: bool) -> None:
    from dateline.extract.events.lexicon import is_thing_noun

    assert is_thing_noun(word) is thing


def test_a_thing_an_act_is_about_is_no_recipient() -> None:
    text = "The regional government banned Muslim dress in public offices."
    reads = _Reads(4, "COERCE", sources=["The regional government"], targets=["Muslim dress"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "COERCE" and main.recipient_span is None


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Police arrested him in the capital.", "him"),
        ("Troops attacked the embassy of Qatar.", "the embassy of Qatar"),
        ("The court sentenced seven protesters.", "seven protesters"),
        ("The Taliban blocked the Turkish plan.", "the Turkish plan"),  # Turkey's plan
    ],
)
def test_a_party_named_by_pronoun_name_or_group_noun_stays_a_recipient(
    text: str, target: str
) -> None:
    reads = _Reads(4, "COERCE", targets=[target])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.recipient_span is not None and main.recipient_span.text == target


def test_the_outlet_a_saying_is_told_to_is_no_party_to_what_is_said() -> None:
    text = "Joe Wilson told the BBC's Newsnight programme the interjection had been disrespectful."
    reads = _Reads(3, "ACCUSE", sources=["Joe Wilson"], targets=["the BBC's Newsnight programme"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "ACCUSE" and main.recipient_span is None


def test_a_place_a_peoples_adjective_names_is_where_not_who() -> None:
    text = "Gun attacks in the Indonesian capital killed eight people."
    reads = _Reads(4, "ASSAULT", sources=["the Indonesian capital"], targets=["eight people"])
    (main,) = [c.event for c in _coded(text, reads) if c.event.main]
    assert main.type == "ASSAULT" and main.actor_span is None


@pytest.mark.parametrize(
    ("text", "phrase", "name"),
    [
        ("The Senate confirmed President Donald Trump's pick for education secretary.",
         "President Donald Trump's pick", None),
        ("Trump's lawyer Michael Cohen paid the woman.", "Trump's lawyer Michael Cohen",
         "Michael Cohen"),
    ],
)  # fmt: skip
def test_a_person_named_by_who_chose_or_employs_them_is_not_that_one(
    text: str, phrase: str, name: str | None
) -> None:
    analysis = next(analyse(load_nlp(), [text]))
    resolved = ArticleResolver(load_kb(), on=None).resolve(analysis.mentions)
    start = text.index(phrase)
    from dateline.extract.events.coder import _party
    from dateline.model import Span

    party = _party(Span(start=start, end=start + len(phrase), text=phrase), resolved)
    assert (party.actor.name if party and party.actor else None) == name


def test_an_agent_someone_owns_in_a_country_is_not_that_countrys() -> None:
    text = "The group's General Secretary in Germany criticised the prison."
    analysis = next(analyse(load_nlp(), [text]))
    resolved = ArticleResolver(load_kb(), on=None).resolve(analysis.mentions)
    phrase = "The group's General Secretary in Germany"
    from dateline.extract.events.coder import _party
    from dateline.model import Span

    party = _party(Span(start=0, end=len(phrase), text=phrase), resolved)
    assert party is None or party.actor is None or party.actor.country != "DEU"


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        (
            "A Turkish court ordered a journalist for Germany's Die Welt newspaper to be jailed.",
            "A Turkish court",
            "a journalist for Germany's Die Welt newspaper",
        ),
        (
            "Israeli police arrested a group of former Palestinian prisoners.",
            "Israeli police",
            "a group of former Palestinian prisoners",
        ),
    ],
)
def test_private_people_of_a_kind_no_state_acts_through_are_no_state(
    text: str, source: str, target: str
) -> None:
    reads = _Reads(4, "COERCE", sources=[source], targets=[target])
    (main,) = [c for c in _coded(text, reads) if c.event.main]
    assert main.event.recipient_span is not None and main.event.recipient_span.text == target
    assert main.recipient is None or main.recipient.actor is None  # not Germany, not Palestine
    # named all the same: the event keeps the confidence of one between two named parties
    assert main.event.confidence > 0.8


@pytest.mark.parametrize(
    ("text", "target", "recipient"),
    [
        # a thing of someone no known actor names: the owner is the party
        ("Senate Democrats rejected King's remarks.", "King's remarks", "King"),
        ("The chairman distanced himself from the senator's tweet.", "the senator's tweet",
         "the senator"),
        # a known actor's thing keeps the phrase, resolved to the actor (ConfliBERT's spans)
        ("Thailand praised the U.S. State Department's decision.",
         "the U.S. State Department's decision", "the U.S. State Department's decision"),
        # what is owned may be a party itself
        ("Rebels attacked the governor's bodyguards.", "the governor's bodyguards",
         "the governor's bodyguards"),
    ],
)  # fmt: skip
def test_a_party_s_thing_is_that_party(text: str, target: str, recipient: str) -> None:
    reads = _Reads(3, "REJECT", sources=[text.split(maxsplit=1)[0]], targets=[target])
    main = _main(text, reads)
    assert main.recipient_span is not None
    assert main.recipient_span.text == recipient


def test_a_co_ordinated_subject_no_known_actor_names_is_a_symmetric_acts_partner() -> None:
    text = "President Donald Trump and some House conservatives agreed to change the bill."
    reads = _Reads(1, "AGREE", sources=["President Donald Trump"])
    main = _main(text, reads)
    assert main.actor_span is not None and main.recipient_span is not None
    assert (main.actor_span.text, main.recipient_span.text) == (
        "President Donald Trump",
        "some House conservatives",
    )


def test_the_one_named_after_an_owner_is_the_party_not_the_owner() -> None:
    text = "Trump's Attorney General Jeff Sessions criticised the court."
    reads = _Reads(3, "ACCUSE", sources=["Trump's Attorney General Jeff Sessions"])
    main = _main(text, reads)
    assert main.actor_id == "per:jeff-sessions"
    # an owner named alone stays the party: the thing is that party's
    text = "Thailand praised the U.S. State Department's decision."
    reads = _Reads(1, "SUPPORT", sources=["Thailand"], targets=["the U.S. State Department's"])
    main = _main(text, reads)
    assert main.recipient_id is not None and main.recipient_id != "per:donald-trump"


def test_a_person_named_after_a_comma_that_follows_a_description_is_that_one_person() -> None:
    text = "The EU commissioner for migration, Dimitris Avramopoulos, is also attending."
    reads = _Reads(
        1, "CONSULT", sources=["The EU commissioner for migration, Dimitris Avramopoulos"]
    )
    main = _main(text, reads)
    assert main.recipient_span is None
    assert main.actor_span is not None and main.actor_span.text.endswith("Dimitris Avramopoulos")
    # a list of parties stays a list
    text = "Russia, China and Iran discussed the deal."
    reads = _Reads(1, "CONSULT", sources=["Russia, China and Iran"])
    main = _main(text, reads)
    assert main.actor_span is not None and main.recipient_span is not None


def test_a_body_named_after_another_country_is_that_countrys() -> None:
    text = "Germany's Foreign Office has welcomed the result."
    reads = _Reads(1, "SUPPORT", sources=["Germany's Foreign Office"])
    main = _main(text, reads)
    assert main.actor_id == "country:DEU"
    text = "Britain's Foreign Office has welcomed the result."
    reads = _Reads(1, "SUPPORT", sources=["Britain's Foreign Office"])
    main = _main(text, reads)
    assert main.actor_id is not None and main.actor_id != "country:DEU"
    assert main.actor_id != "country:GBR"  # the office itself, which is Britain's


def test_people_counted_twice_over_are_private_people() -> None:
    text = "Hundreds of thousands of Romanian citizens protested against the government."
    reads = _Reads(3, "PROTEST", sources=["Hundreds of thousands of Romanian citizens"])
    main = _main(text, reads)
    assert main.actor_span is not None and main.actor_id is None


def test_a_leaders_government_or_forces_are_the_leaders_state() -> None:
    text = "The Erdogan government criticised Germany."
    reads = _Reads(3, "ACCUSE", sources=["The Erdogan government"], targets=["Germany"])
    analysis = next(analyse(load_nlp(), [text]))
    resolved = ArticleResolver(load_kb(), on=date(2017, 3, 1)).resolve(analysis.mentions)
    coder = EventCoder(load_lexicon(), encoder=reads)  # type: ignore[arg-type]
    found = coder.code("a", analysis.events, resolved=resolved, timexes=[], day=None, speakers=[])
    (main,) = [c.event for c in found if c.event.main]
    assert main.actor_id == "country:TUR"


def test_a_third_person_a_speaker_tells_of_is_not_the_speaker() -> None:
    text = "\u201cThey attacked the police station,\u201d Blinken said."
    reads = _Reads(4, "ASSAULT", targets=["the police station"])
    (main,) = [c for c in _coded(text, reads, quote="Blinken") if c.event.main]
    assert main.event.actor_id != "per:antony-blinken"
    assert main.actor is None or main.actor.text != "Blinken"
