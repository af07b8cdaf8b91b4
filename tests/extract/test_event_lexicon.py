"""The verb-pattern lexicon: lookups, pattern matching, data rows and coverage."""

from __future__ import annotations

import re

import pytest

from dateline.extract.events import is_cameo, load_lexicon, plover_for
from dateline.extract.events.lexicon import VerbEntry, VerbLexicon, VerbPattern, load_nouns, stem
from dateline.extract.events.ontology import data_rows
from tests.conftest import shared_file


@pytest.mark.parametrize(
    ("lemma", "following", "prefix"),
    [
        ("discuss", (), "04"),
        ("meet", (), "04"),
        ("meet", ("with", "leaders"), "036"),
        ("accuse", (), "112"),
        ("attack", (), "19"),
        ("kill", (), "19"),
        ("reject", (), "12"),
        ("refuse", (), "12"),
        ("sanction", (), "163"),
        ("threaten", (), "13"),
        ("protest", (), "14"),
        ("say", (), "010"),
        ("hold", ("talk",), "04"),
        ("visit", (), "042"),
        ("decline", ("comment",), "011"),
        ("agree", ("to", "ceasefire"), "0356"),
    ],
)
def test_code_for_verb(lemma: str, following: tuple[str, ...], prefix: str) -> None:
    code = load_lexicon().code(lemma, following=following)
    assert code is not None
    assert code.startswith(prefix)


@pytest.mark.parametrize("code_options", [("030", "057")])
def test_agree_is_agree_or_signing(code_options: tuple[str, ...]) -> None:
    code = load_lexicon().code("agree")
    assert code is not None
    assert code.startswith("03") or code in code_options


def test_call_on_is_a_request() -> None:
    # PETRARCH codes "call on" as an appeal (020), which PLOVER folds into REQUEST.
    code = load_lexicon().code("call", following=("on", "turkey", "to", "help"))
    assert code is not None
    assert plover_for(code).type == "REQUEST"


def test_call_alone_is_a_phone_call() -> None:
    assert load_lexicon().code("call") == "041"


def test_multiword_verb_matches_its_particle() -> None:
    found = load_lexicon().match("ask", following=("for", "aid"))
    assert found is not None
    assert (found.lemma, found.cameo) == ("ask for", "023")


@pytest.mark.parametrize("lemma", ["blorf", ""])
def test_unknown_verb_has_no_code(lemma: str) -> None:
    assert load_lexicon().code(lemma) is None
    assert load_lexicon().entries(lemma) == ()


def test_foil_pattern_suppresses_the_default() -> None:
    assert load_lexicon().code("face", following=("run-off",)) is None


def test_entries_start_with_the_default() -> None:
    entries = load_lexicon().entries("meet")
    assert entries[0].words_after == ()
    assert len(entries) > 5


@pytest.mark.parametrize(
    ("word", "expected"),
    [("talks", "talk"), ("parties", "party"), ("ceasefire", "ceasefire"), ("press", "press")],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def _tiny() -> VerbLexicon:
    verbs = {"hold": VerbEntry(lemma="hold", head="hold", cameo=None, source="t")}
    patterns = (
        VerbPattern(lemma="hold", words_after=("talk",), cameo="040", source="t1"),
        VerbPattern(lemma="hold", words_after=("talk", "&place"), cameo="044", source="t2"),
        VerbPattern(lemma="hold", words_before=("police",), cameo="173", source="t3"),
    )
    synsets = {"place": (("third", "country"),)}
    return VerbLexicon(verbs=verbs, patterns={"hold": patterns}, synsets=synsets)


@pytest.mark.parametrize(
    ("following", "preceding", "expected"),
    [
        ((), (), None),
        (("high-level", "talks"), (), "040"),
        (("talks", "in", "a", "third", "country"), (), "044"),
        ((), ("police",), "173"),
        (("third", "country", "talks"), (), "040"),
    ],
)
def test_longest_pattern_wins(
    following: tuple[str, ...], preceding: tuple[str, ...], expected: str | None
) -> None:
    assert _tiny().code("hold", following=following, preceding=preceding) == expected


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("verbs.tsv", 10),
        ("verb_patterns.tsv", 8),
        ("verb_synsets.tsv", 2),
        ("verbs_curated.tsv", 4),
        ("verb_patterns_curated.tsv", 4),
    ],
)
def test_every_row_parses(name: str, columns: int) -> None:
    assert sum(1 for _ in data_rows(name, columns=columns)) > 3


def test_every_code_is_known() -> None:
    lexicon = load_lexicon()
    codes = {p.cameo for lemma in lexicon.lemmas() for p in lexicon.entries(lemma) if p.cameo}
    assert all(is_cameo(code) for code in codes)


def test_lexicon_size() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.lemmas()) > 1500
    assert sum(len(lexicon.entries(lemma)) for lemma in lexicon.lemmas()) > 10000


def coverage() -> float:
    """Fraction of ConfliBERT training sentences with at least one lexicon verb form in them."""
    lexicon = load_lexicon()
    forms: set[str] = set()
    for lemma in lexicon.lemmas():
        entry = lexicon.verb(lemma)
        if entry is not None and lexicon.code(lemma) is not None:
            forms.update(form for form in (lemma, *entry.forms) if " " not in form)
    path = shared_file("dev/events/conflibert/cameo_class.train.tsv")
    sentences = [
        line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines() if line
    ]
    hits = sum(bool(forms & set(re.findall(r"[a-z][a-z'-]*", text.lower()))) for text in sentences)
    return hits / len(sentences)


def test_coverage_of_training_sentences() -> None:
    assert coverage() > 0.85


@pytest.mark.parametrize(
    ("lemma", "following", "code"),
    [
        ("carry", ("out", "strike", "against"), "190"),  # "carried out strikes against"
        ("launch", ("attack", "on"), "190"),
        ("lift", ("embargo",), "085"),
        ("consider", (), "014"),  # weighing an option, not a consultation
        ("accord", ("to", "group"), None),  # "according to rights groups": a foil
        ("go", ("on", "claim"), None),  # "went on to claim"
    ],
)
def test_curated_patterns(lemma: str, following: tuple[str, ...], code: str | None) -> None:
    lexicon = load_lexicon()
    assert lexicon.code(lemma, following=following) == code
    found = lexicon.match(lemma, following=following)
    assert found is not None and "curated" in found.source


def test_a_longer_converted_pattern_beats_a_curated_one() -> None:
    # "carried out air strikes": PETRARCH's "air strike" (aerial weapons) says more
    assert load_lexicon().code("carry", following=("out", "air", "strike")) == "195"


def test_a_curated_pattern_wins_a_tie() -> None:
    # PETRARCH codes "take responsibility" nowhere for "take" (APPREHEND, 171)
    assert load_lexicon().code("take", following=("responsibility",)) == "015"


@pytest.mark.parametrize(
    ("word", "cues", "code"),
    [
        ("talks", (), "040"),
        ("Talks", ("with",), "040"),
        ("talk", (), None),  # "talk of war": no act without a partner
        ("call", ("phone",), "040"),
        ("call", ("for",), "020"),
        ("call", ("close",), None),
        ("call", (), None),
        ("strikes", ("air",), "195"),
        ("strike", (), None),  # a strike of workers or of an army: the noun alone does not say
        ("threat", ("terror",), None),
        ("threats", ("against",), "130"),
        ("agreement", (), None),  # mostly recalls an old act
    ],
)
def test_event_nouns_code_by_their_own_words(
    word: str, cues: tuple[str, ...], code: str | None
) -> None:
    found = load_nouns().match(word, cues=cues)
    assert (found[0] if found else None) == code


def test_every_event_noun_code_is_cameo() -> None:
    nouns = load_nouns()
    for word in ("talks", "sanctions", "massacre", "crackdown"):
        found = nouns.match(word)
        assert found is not None and is_cameo(found[0])
