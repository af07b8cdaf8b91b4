"""Loading spaCy: PyTorch, installed or not, is never imported for it (issue 12)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

_PIPELINE = (
    "import sys\n"
    "from dateline.nlp.load import load_nlp\n"
    "nlp = load_nlp()\n"
    "print([ent.text for ent in nlp('Antony Blinken met Mevlut Cavusoglu in Rome.').ents])\n"
    "print('torch' in sys.modules)\n"
)


def test_the_pipeline_loads_and_runs_without_importing_pytorch() -> None:
    done = subprocess.run([sys.executable, "-c", _PIPELINE], capture_output=True, check=True)
    entities, imported = done.stdout.decode().splitlines()
    assert "Rome" in entities
    assert imported == "False"


def test_pytorch_stays_importable_after_spacy() -> None:
    if importlib.util.find_spec("torch") is None:  # the training extra: not in a default install
        pytest.skip("PyTorch is not installed")
    script = "import dateline.nlp.load\nimport torch\nprint(torch.tensor([1, 2]).sum().item())\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert done.stdout.strip() == b"3"
