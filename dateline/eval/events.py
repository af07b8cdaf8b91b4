"""``dateline eval events``: the event coder on the ConfliBERT training sentences.

Two measures: the CAMEO pentaclass of each sentence's main event (macro-F1 over statement,
verbal and material cooperation, verbal and material conflict), and the source and target
phrases of that event against gold token spans (exact span F1).  The class is the typing
model's (``dateline.extract.events.typing_model``), trained on the class file, and the phrases
the span model's (``dateline.extract.events.span_model``), trained on the span file: both figures
here are training-set figures, pinned in CI so that a change cannot silently lose them;
``dateline eval events-model`` and ``events-spans`` give the held-out ones.  The lexicon is not
trained on these files, but they were looked at while building it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from dateline.eval.events_data import (
    PENTACLASS,
    Scores,
    macro_f1,
    read_class,
    read_spans,
    span_scores,
    tag_spans,
)
from dateline.extract.actors import load_kb
from dateline.extract.actors.resolve import ArticleResolver
from dateline.extract.events import load_lexicon, pentaclass
from dateline.extract.events.coder import EventCoder, parties_of
from dateline.extract.events.span_model import load_span_model
from dateline.extract.events.typing_model import load_typing_model
from dateline.model import Record, Span
from dateline.nlp.analyse import analyse
from dateline.nlp.events import EventCandidate
from dateline.nlp.load import load_nlp

CLASS_FILE = "cameo_class.train.tsv"
SPAN_FILE = "cameo_ner.train.txt"
_FALLBACK_CLASS = 0  # a sentence with no coded event is taken as a statement


class EventsEvalReport(Record, frozen=True, kw_only=True):
    sentences: int
    macro_f1: float
    per_class_f1: tuple[float, ...]
    coded_share: float
    span_sentences: int
    source: Scores
    target: Scores
    span_macro_f1: float
    seconds: float


def evaluate_events(root: Path) -> EventsEvalReport:
    """Score the coder on the ConfliBERT files under ``root`` (the ``conflibert`` folder)."""
    started = time.perf_counter()
    coder = EventCoder(load_lexicon(), model=load_typing_model(), spans=load_span_model())
    classes = read_class(root / CLASS_FILE)
    mains = [(code, c) for code, c, _ in _main_events(coder, [e.text for e in classes])]
    predicted = [pentaclass(code) if code else _FALLBACK_CLASS for code, _ in mains]
    score, per_class = macro_f1([example.label for example in classes], predicted)
    spans = read_spans(root / SPAN_FILE)
    texts, offsets = zip(*(joined(example.tokens) for example in spans), strict=True)
    span_mains = _main_events(coder, list(texts))
    source = span_scores(
        (tag_spans(e.tags, "S") for e in spans),
        (token_spans(r[0][:1], o) for (_, _, r), o in zip(span_mains, offsets, strict=True)),
    )
    target = span_scores(
        (tag_spans(e.tags, "T") for e in spans),
        (token_spans(r[1][:1], o) for (_, _, r), o in zip(span_mains, offsets, strict=True)),
    )
    return EventsEvalReport(
        sentences=len(classes),
        macro_f1=score,
        per_class_f1=per_class,
        coded_share=sum(1 for code, _ in mains if code) / max(len(mains), 1),
        span_sentences=len(spans),
        source=source,
        target=target,
        span_macro_f1=(source.f1 + target.f1) / 2,
        seconds=time.perf_counter() - started,
    )


Roles = tuple[tuple[Span, ...], tuple[Span, ...]]


def _main_events(
    coder: EventCoder, texts: Sequence[str]
) -> list[tuple[str | None, EventCandidate | None, Roles]]:
    """Each sentence's main event as the coder types it (the first coded candidate with a party,
    non-statements first, in the typing model's class), with its actor and recipient phrases as
    the coder picks them."""
    mains: list[tuple[str | None, EventCandidate | None, Roles]] = []
    kb = load_kb()
    for analysis in analyse(load_nlp(), texts):
        candidates = analysis.events
        lexical = [coder.decide(c) for c in candidates]
        found = coder.type_main(candidates, lexical)
        if found is None:
            mains.append((None, None, ((), ())))
            continue
        index, (code, _), _ = found
        candidate, decision = candidates[index], lexical[index]
        lexicon_code = decision[0] if decision is not None else code
        parties = parties_of(ArticleResolver(kb, on=None).resolve(analysis.mentions))
        # the phrases as the coder picks them: the span model reads the lexicon's code
        mains.append((code, candidate, coder.role_spans(candidate, lexicon_code, parties)))
    return mains


# The span file is tokenized ("Theresa May ’ s offer", "US - backed", "( PML - Q )"); the sentence
# is rebuilt as it was written, so that the parser reads "May’s offer" as a possessive.
_GLUE_BEFORE = frozenset({".", ",", ")", "'s", "’s", "’", "'", "%", ":", ";", "!", "?", "-", "n't"})
_GLUE_AFTER = frozenset({"(", "$", "€", "£", "-"})


def joined(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence the tokens were cut from, and each token's character span in it."""
    parts: list[str] = []
    offsets = []
    position = 0
    previous = ""
    for token in tokens:
        glued = not parts or token in _GLUE_BEFORE or previous in _GLUE_AFTER
        if previous in ("’", "'") and token == "s":
            glued = True  # "May ’ s" is "May’s"
        if not glued:
            parts.append(" ")
            position += 1
        offsets.append((position, position + len(token)))
        parts.append(token)
        position += len(token)
        previous = token
    return "".join(parts), offsets


def token_spans(spans: Sequence[Span], offsets: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Character spans as token spans: the tokens they overlap."""
    found = set()
    for span in spans:
        inside = [
            i for i, (start, end) in enumerate(offsets) if start < span.end and span.start < end
        ]
        if inside:
            found.add((inside[0], inside[-1] + 1))
    return found


def report_lines(report: EventsEvalReport) -> list[str]:
    per_class = "  ".join(
        f"{name} {f1:.3f}" for name, f1 in zip(PENTACLASS, report.per_class_f1, strict=True)
    )
    return [
        f"pentaclass of the main event, {report.sentences} sentences: "
        f"macro-F1 {report.macro_f1:.3f} ({report.coded_share:.0%} with a coded event)",
        f"  {per_class}",
        f"actor spans, {report.span_sentences} sentences: source P {report.source.precision:.3f}"
        f" R {report.source.recall:.3f} F1 {report.source.f1:.3f}; target P "
        f"{report.target.precision:.3f} R {report.target.recall:.3f} F1 {report.target.f1:.3f};"
        f" macro F1 {report.span_macro_f1:.3f}",
        f"time: {report.seconds:.1f} s",
    ]
