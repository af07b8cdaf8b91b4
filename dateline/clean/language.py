"""Identify an article's language, so non-English articles are stored and marked, not lost.

py3langid is small, fast and needs no download.  The model loads once per process, lazily,
because loading it costs about a second and many commands never need it.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from typing import Any

# 2,000 characters identify a language as well as the whole text and cost a fraction of it.
_SAMPLE_CHARS = 2000
_LETTER = re.compile(r"[^\W\d_]")
_MIN_LETTERS = 20
_MIN_PROBABILITY = 0.8  # below it (short or mixed texts) the language is left unknown


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when too short or too unsure to say."""
    sample = text[:_SAMPLE_CHARS]
    letters = islice(_LETTER.finditer(sample), _MIN_LETTERS)
    if sum(1 for _ in letters) < _MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= _MIN_PROBABILITY else None
