"""The event encoder: a small fine-tuned transformer that reads a whole sentence and says what
event it reports (pentaclass, PLOVER type) and which words name its source and target.

It runs with onnxruntime and the tokenizers library on the CPU, from files shipped in
``dateline/data/events/encoder/`` (trained by ``scripts/train_event_encoder.py``; the model
card is that folder's README). No PyTorch and no download at run time.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from dateline.model import Record

log = logging.getLogger(__name__)

# The PLOVER 2.0 types the encoder tells apart, in the order of its output.
PLOVER_LABELS = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "COOPERATE", "AID", "RETREAT",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
# The sentence classes: ConfliBERT's pentaclass (0 statement, 1 verbal cooperation, 2 material
# cooperation, 3 verbal conflict, 4 material conflict), then "none": no political event (sport,
# markets, culture), learnt from sentences of such articles.
PENTA_LABELS = ("statement", "verbal-cooperation", "material-cooperation", "verbal-conflict",
                "material-conflict", "none")  # fmt: skip
NO_EVENT = PENTA_LABELS.index("none")
# Word tags: B-/I- begin and continue the phrase naming the source (S) or target (T).
TAGS = ("O", "B-S", "I-S", "B-T", "I-T")
MAX_TOKENS = 128  # longer sentences are read up to here; their later words get no role
_DEV_PERCENT = 15
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def dev_key(text: str) -> str:
    """A sentence's identity across files: its letters and digits, lower-cased."""
    return _NOT_WORD.sub("", text.lower())


def is_dev(key: str) -> bool:
    """Whether a sentence (by ``dev_key``) is in the development part, never trained on."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100 < _DEV_PERCENT


DATA_DIR = "data/events/encoder"
ENCODER_NAME = "encoder.onnx"


class SentenceReading(Record, frozen=True, kw_only=True):
    """What the encoder reads in one sentence: class and type probabilities, and the character
    spans (relative to the sentence) of the phrases naming the source and the target."""

    penta: tuple[float, ...]
    plover: tuple[float, ...]
    sources: tuple[tuple[int, int], ...] = ()
    targets: tuple[tuple[int, int], ...] = ()
    truncated: bool = False  # longer than the encoder reads: later words get no role

    @property
    def klass(self) -> int:
        """The likeliest of the five classes of a political event (0 statement … 4)."""
        return int(np.argmax(self.penta[:NO_EVENT]))

    @property
    def no_event(self) -> float:
        """The probability that the sentence reports no political event at all."""
        return self.penta[NO_EVENT] if len(self.penta) > NO_EVENT else 0.0

    def type_in(self, allowed: Sequence[str]) -> tuple[str, float]:
        """The likeliest PLOVER type among ``allowed``, with its probability within them."""
        scores = {label: self.plover[PLOVER_LABELS.index(label)] for label in allowed}
        best = max(scores, key=lambda label: scores[label])
        total = sum(scores.values())
        return best, (scores[best] / total if total > 0 else 0.0)


class EventEncoder:
    """The ONNX event encoder and its tokenizer, loaded once per process."""

    def __init__(self, folder: Path, *, threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        # one thread: parallelism comes from worker processes, as with spaCy
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # no memory arena: batches differ in shape, and an arena keeps the largest one's memory
        # (about 90 MiB a process) for the rest of the run
        options.enable_cpu_mem_arena = False
        self.session = onnxruntime.InferenceSession(
            str(folder / "encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.pad = self.tokenizer.token_to_id("[PAD]") or 0

    def read(self, texts: Sequence[str]) -> list[SentenceReading]:
        """One reading per text, in order (an empty text reads as no event)."""
        encodings = self.tokenizer.encode_batch(list(texts))
        # Each text alone: the model's int8 layers quantise their input with one scale for the
        # whole batch, so a sentence read beside a longer one (its padding, its values) read
        # differently, by as much as 0.4 in a class probability. Alone, a sentence reads the
        # same whatever article, batch or worker it comes in; it costs about a third more
        # encoder time.
        return [self._run([encoding])[0] for encoding in encodings]

    def _run(self, encodings: Sequence[Any]) -> list[SentenceReading]:
        width = max(len(encoding.ids) for encoding in encodings)
        ids = np.full((len(encodings), width), self.pad, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        penta, plover, tags = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
        penta, plover = _softmax(penta), _softmax(plover)
        return [
            SentenceReading(
                penta=tuple(round(float(p), 6) for p in penta[row]),
                plover=tuple(round(float(p), 6) for p in plover[row]),
                **_roles(encoding, tags[row]),
                truncated=bool(encoding.overflowing),
            )
            for row, encoding in enumerate(encodings)
        ]


def _softmax(logits: Any) -> Any:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _roles(encoding: Any, tags: Any) -> dict[str, tuple[tuple[int, int], ...]]:
    """The source and target phrases: for each role, the run of words whose tags make the
    likeliest phrase (a ``B-`` word then ``I-`` words) against their ``O`` reading, or none where
    no run is likelier than none. One contiguous phrase per role, never scattered words."""
    words: dict[int, list[Any]] = {}  # word -> [start, end, tag log-probabilities]
    for index, word in enumerate(encoding.word_ids):
        if word is None:
            continue
        start, end = encoding.offsets[index]
        if word not in words:
            words[word] = [start, end, _log_softmax(tags[index])]
        else:
            words[word][1] = end
    ordered = [words[word] for word in sorted(words)]
    runs = {role: _role_run(ordered, role) for role in ("S", "T")}
    source, target = runs["S"], runs["T"]
    if source and target and source[0] <= target[1] and target[0] <= source[1]:
        # one phrase is one party: the words both runs claim go to the role the encoder gives
        # them more weight, and the other role is read again without them ("Erdogan accused
        # the media": a target read over the source's words, whose O reading is low, is not)
        shared = range(max(source[0], target[0]), min(source[1], target[1]) + 1)
        weight = {role: sum(_role_weight(ordered[i][2], role) for i in shared) for role in runs}
        keeper, kept = ("S", source) if weight["S"] >= weight["T"] else ("T", target)
        loser = "T" if keeper == "S" else "S"
        runs[loser] = _role_run(ordered, loser, taken=range(kept[0], kept[1] + 1))
    return {
        name: ((ordered[run[0]][0], ordered[run[1]][1]),) if (run := runs[role]) else ()
        for role, name in (("S", "sources"), ("T", "targets"))
    }


def _role_run(
    ordered: Sequence[list[Any]], role: str, *, taken: range = range(0)
) -> tuple[int, int] | None:
    """The words of the likeliest phrase for one role, each word's ``B-``/``I-`` tag against its
    ``O`` reading; words ``taken`` by the other role are not in it."""
    begin, inside = TAGS.index(f"B-{role}"), TAGS.index(f"I-{role}")
    barred = -np.inf
    return _best_run(
        [barred if i in taken else w[2][begin] - w[2][0] for i, w in enumerate(ordered)],
        [barred if i in taken else w[2][inside] - w[2][0] for i, w in enumerate(ordered)],
    )


def _role_weight(log_probabilities: Any, role: str) -> float:
    """The probability the encoder gives a word of being in ``role``'s phrase."""
    return float(
        np.exp(log_probabilities[TAGS.index(f"B-{role}")])
        + np.exp(log_probabilities[TAGS.index(f"I-{role}")])
    )


def _log_softmax(logits: Any) -> Any:
    shifted = logits - logits.max()
    return shifted - np.log(np.exp(shifted).sum())


def _best_run(begin: Sequence[float], inside: Sequence[float]) -> tuple[int, int] | None:
    """The words ``[i, j]`` maximising begin[i] + inside[i+1..j] (each a log-odds against
    ``O``), when that total is above zero; in one pass, as the best run ending at each word."""
    best: tuple[float, int, int] | None = None
    ending: tuple[float, int] | None = None  # the best run ending at the previous word
    for index, (b, i) in enumerate(zip(begin, inside, strict=True)):
        extended = (ending[0] + i, ending[1]) if ending is not None else None
        ending = max(filter(None, [(b, index), extended]))
        if ending[0] > 0 and (best is None or ending[0] > best[0]):
            best = (ending[0], ending[1], index)
    return (best[1], best[2]) if best is not None else None


@cache
def load_encoder() -> EventEncoder | None:
    """The shipped encoder, or None when the package carries no model file (logged)."""
    folder = Path(str(resources.files("dateline").joinpath(DATA_DIR)))
    if not (folder / "encoder.onnx").exists():
        log.warning("no event encoder at %s: events are typed by the lexicon alone", folder)
        return None
    return EventEncoder(folder)
