"""Grouped cross-validation of the event typing model against the lexicon-only coder.

Folds hold out whole years and, separately, whole countries (the first one a sentence names), so
the figures say how the model does on sentences about times and places it was not trained on.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from dateline.eval.events_data import PENTACLASS, grouped_folds, macro_f1, read_class, year_group
from dateline.extract.actors import load_kb
from dateline.extract.events import load_lexicon, pentaclass
from dateline.extract.events.coder import EventCoder
from dateline.extract.events.typing_model import (
    TypingModel,
    TypingWeights,
    fit_weights,
    main_index,
    sentence_features,
)
from dateline.model import Record
from dateline.nlp.analyse import analyse
from dateline.nlp.events import EventCandidate
from dateline.nlp.load import load_nlp

CLASS_FILE = "cameo_class.train.tsv"
FOLDS = 5
MIN_LEMMA_SENTENCES = 5  # a verb lemma gets its own feature when this many sentences have it
_FALLBACK_CLASS = 0  # as in dateline.eval.events: no coded event is taken as a statement
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?")


class Sentence(Record, frozen=True, kw_only=True):
    """A gold sentence with its parsed candidates and their lexicon codes."""

    text: str
    label: int
    candidates: tuple[EventCandidate, ...]
    codes: tuple[str | None, ...]


class GroupedScores(Record, frozen=True, kw_only=True):
    grouping: str
    groups: int
    baseline_f1: float
    baseline_per_class: tuple[float, ...]
    model_f1: float
    model_per_class: tuple[float, ...]
    # as ``dateline extract`` types it (``extracted_class``): the model's class, except where the
    # parse's reading stands; a sentence with no coded verb with a party is taken as a statement
    extracted_f1: float
    extracted_per_class: tuple[float, ...]


class EventsModelReport(Record, frozen=True, kw_only=True):
    sentences: int
    folds: int
    results: tuple[GroupedScores, ...]
    seconds: float


def prepare(texts_labels: Sequence[tuple[str, int]]) -> list[Sentence]:
    """Parse each sentence and code its candidates with the lexicon, as the extraction does."""
    coder = EventCoder(load_lexicon())
    texts = [text for text, _ in texts_labels]
    prepared = []
    for (text, label), analysis in zip(texts_labels, analyse(load_nlp(), texts), strict=True):
        codes = tuple(
            decision[0] if decision else None
            for decision in (coder.decide(c) for c in analysis.events)
        )
        prepared.append(Sentence(text=text, label=label, candidates=analysis.events, codes=codes))
    return prepared


def read_sentences(root: Path) -> list[Sentence]:
    return prepare([(example.text, example.label) for example in read_class(root / CLASS_FILE)])


def baseline_class(sentence: Sentence) -> int:
    """The lexicon-only prediction, as ``dateline eval events`` makes it."""
    index = main_index(sentence.candidates, sentence.codes)
    code = sentence.codes[index] if index is not None else None
    return pentaclass(code) if code else _FALLBACK_CLASS


def extracted_class(coder: EventCoder, sentence: Sentence) -> int:
    """The class of the main event as the coder (with its typing model) types it in extraction;
    a statement where no coded verb has a party, as ``dateline eval events`` takes it."""
    decisions = [(code, "") if code else None for code in sentence.codes]
    found = coder.type_main(sentence.candidates, decisions)
    return pentaclass(found[1][0]) if found is not None else _FALLBACK_CLASS


def train(sentences: Sequence[Sentence], *, l2: float = 1.0) -> TypingWeights:
    """Fit the typing model on ``sentences`` (lemma cues chosen from them alone)."""
    seen = Counter(word for s in sentences for word in _cue_words(s))
    lemmas = frozenset(lemma for lemma, n in seen.items() if n >= MIN_LEMMA_SENTENCES)
    lexicon = load_lexicon()
    rows = [
        sentence_features(
            s.candidates,
            s.codes,
            focus=main_index(s.candidates, s.codes),
            lemmas=lemmas,
            lexicon=lexicon,
        )
        for s in sentences
    ]
    return fit_weights(rows, [s.label for s in sentences], lemmas=sorted(lemmas), l2=l2)


def _cue_words(sentence: Sentence) -> set[str]:
    """The verb lemmas of a sentence and the words of its main verb's phrase."""
    words = {candidate.lemma for candidate in sentence.candidates}
    main = main_index(sentence.candidates, sentence.codes)
    if main is not None:
        words.update(sentence.candidates[main].following)
    return words


def country_group(text: str) -> str:
    """The first country a sentence names by a capitalised word or pair, or "none"."""
    kb = load_kb()
    for found in _CAPITALISED.finditer(text):
        words = found.group().split()
        for phrase in (" ".join(words), words[0]):
            match = kb.country(phrase.strip(".'’"))
            if match is not None:
                return match.iso3
    return "none"


def year_or_sentence(text: str) -> str:
    """The year a sentence names; a sentence naming none (94% here) is its own group.

    ``year_group`` alone puts every undated sentence in one group, so one fold would train on a
    few dozen sentences; this keeps the years held out and spreads the rest by hash.
    """
    year = year_group(text)
    return year if year != "none" else f"undated:{text}"


def cross_validate(
    sentences: Sequence[Sentence], *, grouping: str, group: Callable[[str], str], l2: float = 1.0
) -> GroupedScores:
    """Pooled out-of-fold predictions of the model, and the baseline on the same sentences."""
    keys = {s.text: group(s.text) for s in sentences}
    predicted = [0] * len(sentences)
    extracted = [_FALLBACK_CLASS] * len(sentences)
    for train_ids, test_ids in grouped_folds(
        [s.text for s in sentences], group=keys.__getitem__, folds=FOLDS
    ):
        model = TypingModel(train([sentences[i] for i in train_ids], l2=l2), lexicon=load_lexicon())
        coder = EventCoder(load_lexicon(), model=model)
        for i in test_ids:
            predicted[i] = model.predict(sentences[i].candidates, sentences[i].codes)[0]
            extracted[i] = extracted_class(coder, sentences[i])
    gold = [s.label for s in sentences]
    baseline, baseline_per_class = macro_f1(gold, [baseline_class(s) for s in sentences])
    score, per_class = macro_f1(gold, predicted)
    as_extracted, as_extracted_per_class = macro_f1(gold, extracted)
    return GroupedScores(
        grouping=grouping,
        groups=len(set(keys.values())),
        baseline_f1=baseline,
        baseline_per_class=baseline_per_class,
        model_f1=score,
        model_per_class=per_class,
        extracted_f1=as_extracted,
        extracted_per_class=as_extracted_per_class,
    )


def grouped_results(sentences: Sequence[Sentence], *, l2: float = 1.0) -> tuple[GroupedScores, ...]:
    return (
        cross_validate(sentences, grouping="year", group=year_or_sentence, l2=l2),
        cross_validate(sentences, grouping="country", group=country_group, l2=l2),
    )


def evaluate_events_model(root: Path) -> EventsModelReport:
    """Grouped-CV macro-F1 of the lexicon-only coder and the typing model on ``root``'s file."""
    started = time.perf_counter()
    sentences = read_sentences(root)
    return EventsModelReport(
        sentences=len(sentences),
        folds=FOLDS,
        results=grouped_results(sentences),
        seconds=time.perf_counter() - started,
    )


def report_lines(report: EventsModelReport) -> list[str]:
    lines = [f"pentaclass, {report.sentences} sentences, {report.folds} grouped folds:"]
    for result in report.results:
        lines.append(
            f"  held-out {result.grouping} ({result.groups} groups): lexicon macro-F1 "
            f"{result.baseline_f1:.3f}, model {result.model_f1:.3f}, as extracted "
            f"{result.extracted_f1:.3f}"
        )
        for name, scores in (
            ("lexicon", result.baseline_per_class),
            ("model", result.model_per_class),
            ("extracted", result.extracted_per_class),
        ):
            per_class = "  ".join(f"{c} {f:.3f}" for c, f in zip(PENTACLASS, scores, strict=True))
            lines.append(f"    {name}: {per_class}")
    lines.append(f"time: {report.seconds:.1f} s")
    return lines
