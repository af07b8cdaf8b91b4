"""Synthetic republished copies of real articles, the positives of the near-duplicate evaluation.

Each kind imitates one thing outlets do when they run another's story: a new headline, site
furniture, a few words edited, a sentence dropped or added, the end trimmed, a wire credit.
``republished`` combines several, as a real syndicated copy usually does.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from dateline.model import Record

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(A-Z0-9])")
# Blank lines separate paragraphs in most feeds; Reuters indents each new paragraph instead.
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=[ \t]{2,}\S)")
_EDITABLE = re.compile(r"\b[A-Za-z]{4,}\b")
_PLACES = ("LONDON", "WASHINGTON", "NEW YORK", "BRUSSELS", "MOSCOW", "BEIJING", "GENEVA")


class Copy(Record, frozen=True, kw_only=True):
    """A republished version of an article's title and body."""

    title: str
    text: str


Perturbation = Callable[[Copy, random.Random], Copy]


@lru_cache(maxsize=1)
def furniture() -> dict[str, tuple[str, ...]]:
    """The boilerplate lines of ``data/dedup/boilerplate.tsv``, by category."""
    source = resources.files("dateline.data").joinpath("dedup/boilerplate.tsv")
    lines: defaultdict[str, list[str]] = defaultdict(list)
    for row in source.read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            category, line = row.split("\t", 1)
            lines[category].append(line)
    return {category: tuple(found) for category, found in lines.items()}


def sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends (a heuristic: good enough to drop or add one)."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def new_headline(copy: Copy, rng: random.Random) -> Copy:
    """Rewrite the headline: a desk prefix, a shortened title, or the lead's opening words."""
    words = copy.title.split()
    lead = sentences(copy.text)[:1] or [copy.title]
    options = (
        f"{rng.choice(furniture()['headline'])} {copy.title}",
        " ".join(words[: max(3, len(words) * 2 // 3)]),
        " ".join(lead[0].split()[:10]).rstrip(",;:"),
    )
    return Copy(title=rng.choice(options), text=copy.text)


def add_boilerplate(copy: Copy, rng: random.Random) -> Copy:
    """Put share and navigation lines above the body and newsletter and copyright lines below."""
    lines = furniture()
    top = rng.sample(lines["share"], 1) + rng.sample(lines["navigation"], rng.randint(1, 2))
    bottom = rng.sample(lines["newsletter"], 1) + rng.sample(lines["copyright"], 1)
    return Copy(title=copy.title, text="\n".join([*top, copy.text, *bottom]))


def edit_words(copy: Copy, rng: random.Random, *, count: int = 0) -> Copy:
    """Change a few words (3 to 5 unless ``count`` says): drop some, swap others for text words."""
    spots = list(_EDITABLE.finditer(copy.text))
    if not spots:
        return copy
    chosen = sorted(
        rng.sample(spots, min(len(spots), count or rng.randint(3, 5))),
        key=lambda match: match.start(),
        reverse=True,
    )
    text = copy.text
    for match in chosen:  # from the end, so earlier offsets stay valid
        replacement = rng.choice(spots).group() if rng.random() < 0.5 else ""
        text = text[: match.start()] + replacement + text[match.end() :]
    return Copy(title=copy.title, text=re.sub(r"[ \t]{2,}", " ", text))


def drop_sentence(copy: Copy, rng: random.Random) -> Copy:
    """Remove one sentence other than the lead."""
    parts = sentences(copy.text)
    if len(parts) < 3:
        return copy
    del parts[rng.randrange(1, len(parts))]
    return Copy(title=copy.title, text=" ".join(parts))


def add_sentence(copy: Copy, rng: random.Random) -> Copy:
    """Insert an editor's sentence after a random sentence."""
    parts = sentences(copy.text)
    parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(furniture()["added"]))
    return Copy(title=copy.title, text=" ".join(parts))


def trim_end(copy: Copy, rng: random.Random) -> Copy:
    """Cut the last paragraph, or the last 10-25% of sentences when there are no paragraphs."""
    paragraphs = [part for part in _PARAGRAPH.split(copy.text) if part.strip()]
    if len(paragraphs) >= 4:
        return Copy(title=copy.title, text="\n\n".join(paragraphs[:-1]))
    parts = sentences(copy.text)
    if len(parts) < 3:
        return copy
    cut = max(1, round(len(parts) * rng.uniform(0.10, 0.25)))
    return Copy(title=copy.title, text=" ".join(parts[:-cut]))


def add_credit(copy: Copy, rng: random.Random) -> Copy:
    """Add a wire dateline before the first word or a credit line after the body."""
    lines = furniture()
    if rng.random() < 0.5:
        lead_in = rng.choice(lines["dateline"]).format(place=rng.choice(_PLACES))
        return Copy(title=copy.title, text=f"{lead_in} {copy.text.lstrip()}")
    return Copy(title=copy.title, text=f"{copy.text.rstrip()}\n{rng.choice(lines['credit'])}")


def republish(copy: Copy, rng: random.Random) -> Copy:
    """A typical syndicated copy: new headline, furniture, credit, two edits and one cut or add."""
    change = rng.choice((drop_sentence, add_sentence, trim_end))
    copy = edit_words(change(new_headline(copy, rng), rng), rng, count=2)
    return add_boilerplate(add_credit(copy, rng), rng)


PERTURBATIONS: dict[str, Perturbation] = {
    "headline": new_headline,
    "boilerplate": add_boilerplate,
    "word_edits": edit_words,
    "sentence_dropped": drop_sentence,
    "sentence_added": add_sentence,
    "end_trimmed": trim_end,
    "agency_credit": add_credit,
    "republished": republish,
}


def make_copy(title: str, text: str, *, kind: str, seed: str) -> Copy:
    """The ``kind`` copy of an article; the same ``seed`` always gives the same copy."""
    return PERTURBATIONS[kind](Copy(title=title, text=text), random.Random(seed))
