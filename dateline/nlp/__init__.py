"""The NLP layer: the one place that loads spaCy and holds its Docs."""

from __future__ import annotations

import sys


def _import_spacy_without_torch() -> None:
    """Import spaCy with PyTorch hidden from thinc, its machine-learning library.

    thinc imports PyTorch whenever it is installed (the encoder's training extra installs it),
    for models with PyTorch layers. dateline's pipeline has none, and the import cost every
    process about 120 MiB of its own memory and 60 MiB of libraries (issue 12): three processes
    with two workers. A process that has imported PyTorch or thinc already is left as it is.
    """
    if "torch" in sys.modules or "thinc" in sys.modules:
        return
    # None in sys.modules makes ``import torch`` raise ImportError, as if it were not installed;
    # the entry is removed again, so that PyTorch stays importable for whoever needs it
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


# before any module of this package imports spaCy: its first import decides
_import_spacy_without_torch()
