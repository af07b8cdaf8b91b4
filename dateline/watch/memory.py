"""What a watcher's process keeps of a poll once it is done: nothing of the words it parsed.

spaCy remembers every word it has seen in the pipeline that a process shares (its vocabulary and
string store, the tokenizer's cache, the lemmatizer's cache), which a command that runs once
never notices and a watcher that runs for weeks does: memory that grows with every article.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def forgetting_words(*, workers: int) -> Iterator[None]:
    """Run a poll's pipeline inside a spaCy memory zone: the words its articles brought are
    dropped at the end. Only words: the records extraction made are plain Python values, and no
    spaCy object outlives the run (``dateline.nlp.analyse`` is the one place Docs live)."""
    if workers > 1:  # parsed in worker processes that end with the run
        yield
        return
    from dateline.nlp.load import load_nlp

    nlp = load_nlp()  # loaded before the zone: the model's own strings are never transient
    try:
        with nlp.memory_zone():
            yield
    finally:
        for _, pipe in nlp.pipeline:
            # The lemmatizer's cache, keyed by word, is one no memory zone clears. Not found by
            # its class: importing spacy.pipeline before the model loads imports torch (+180 MB).
            cache = getattr(pipe, "cache", None)
            if isinstance(cache, dict):
                cache.clear()
