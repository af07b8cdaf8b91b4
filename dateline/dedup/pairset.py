"""A labelled near-duplicate test set built from real news corpora (news-2017 and Reuters-21578).

Positives are synthetic republished copies (``copies``) plus the real duplicates the corpora
hold; negatives are distinct articles on the same topic.  Articles are split into dev and test by
a hash of their id, so no article's text is in both parts.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import partial
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Literal

import msgspec

from dateline.dedup.copies import PERTURBATIONS, make_copy
from dateline.dedup.hashing import hash_words
from dateline.model import Record

Split = Literal["dev", "test"]
NEWS = "corpora/news-articles-2017.jsonl.gz"
REUTERS = "corpora/reuters21578/reuters21578.jsonl.gz"
_TICKER = re.compile(r"&lt;[^>]*>|<[^>]*>")
_REVISION = re.compile(r"^(corrected|revised|correction|repeat)\s*[-:]\s*")
_RARE_DF = 200
_EARNINGS = re.compile(r"\b(QTR|YEAR|SHR|NET|LOSS|QUARTER)\b")


class CorpusArticle(Record, frozen=True, kw_only=True):
    """One article of a shared corpus, as its JSONL line gives it."""

    id: str
    title: str = ""
    text: str
    published: str | None = None
    source: str | None = None


class Doc(Record, frozen=True, kw_only=True):
    """A text the evaluation signs: headline and body, with the store's canonical-order key."""

    id: str
    text: str
    sort_key: tuple[str, str]


class Pair(Record, frozen=True, kw_only=True):
    """Two docs and whether they are copies of one article; ``kind`` says how the pair was made."""

    a: str
    b: str
    kind: str
    duplicate: bool


class PairSet(Record, frozen=True, kw_only=True):
    """The docs of one split and the labelled pairs over them."""

    docs: tuple[Doc, ...]
    pairs: tuple[Pair, ...]


class Corpus(Record, frozen=True, kw_only=True):
    """One corpus's articles (those of a split), with their words for the rare-word index."""

    articles: dict[str, CorpusArticle]
    words: dict[str, frozenset[str]]


def read_corpus(path: Path) -> list[CorpusArticle]:
    """The articles of a gzipped JSONL corpus."""
    decoder = msgspec.json.Decoder(CorpusArticle)
    with gzip.open(path, "rb") as lines:
        return [decoder.decode(line) for line in lines if line.strip()]


def split_of(article_id: str, *, seed: int) -> Split:
    """The split an article belongs to: a fixed hash of its id, half and half."""
    digest = hashlib.sha256(f"{seed}:{article_id}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def build_pairset(
    shared_root: Path, *, split: Split, seed: int = 17, sources: int = 350
) -> PairSet:
    """The docs and labelled pairs of ``split``: ``sources`` originals per corpus, with copies."""
    pairs: list[Pair] = []
    corpora = []
    for relative, reviewed in ((NEWS, reviewed_pairs()), (REUTERS, None)):
        articles = read_corpus(shared_root / relative)
        real = reviewed if reviewed is not None else reuters_pairs(articles)
        anchors = _anchors(real)
        kept = [a for a in articles if split_of(anchors.get(a.id, a.id), seed=seed) == split]
        corpus = _index(kept)
        corpora.append(corpus)
        pairs += [pair for pair in real if pair.a in corpus.articles and pair.b in corpus.articles]
        chosen = _sample(corpus, count=sources, seed=seed)
        pairs += _copy_pairs(chosen, seed=seed)
        pairs += _negative_pairs(corpus, chosen, known={(p.a, p.b) for p in pairs})
    docs = _docs(corpora, pairs, seed=seed)
    return PairSet(docs=tuple(docs), pairs=tuple(pairs))


def reviewed_pairs() -> list[Pair]:
    """The hand-labelled news-2017 pairs of ``data/dedup/news17_reviewed_pairs.tsv``."""
    source = resources.files("dateline.data").joinpath("dedup/news17_reviewed_pairs.tsv")
    pairs = []
    for row in source.read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            a, b, label, _note = row.split("\t")
            duplicate = label == "duplicate"
            pairs.append(
                Pair(
                    a=a, b=b, kind="real" if duplicate else "shared_background", duplicate=duplicate
                )
            )
    return pairs


def reuters_pairs(articles: list[CorpusArticle]) -> list[Pair]:
    """Real Reuters re-runs, and templated stories about different events, found by headline.

    Stories with the same headline (corrections and tickers ignored) sent within three days are
    re-runs when their words line up (ratio >= 0.85) and their figures agree (>= 0.9); with
    different figures (< 0.5) they are the same template reporting another event.  Everything
    between is left out as unsure.
    """
    blocks = defaultdict(list)
    for article in articles:
        blocks[title_key(article.title)].append(article)
    pairs = []
    for block in blocks.values():
        if 2 <= len(block) <= 30:
            words = {article.id: hash_words(article.text) for article in block}
            pairs += [pair for a, b in combinations(block, 2) if (pair := _judge(a, b, words))]
    return pairs


def title_key(title: str) -> str:
    """A headline's letters only, without correction prefixes or tickers."""
    title = _REVISION.sub("", _TICKER.sub("", title.casefold()))
    return " ".join(re.findall(r"[a-z]+", title))


def _judge(a: CorpusArticle, b: CorpusArticle, words: dict[str, list[str]]) -> Pair | None:
    if not a.published or not b.published:
        return None
    hours = (
        abs(
            (
                datetime.fromisoformat(a.published) - datetime.fromisoformat(b.published)
            ).total_seconds()
        )
        / 3600
    )
    words_a, words_b = words[a.id], words[b.id]
    if hours > 72 or min(len(words_a), len(words_b)) < 20:
        return None
    figures = _overlap(_figures(words_a), _figures(words_b))
    if figures < 0.5:
        return Pair(a=a.id, b=b.id, kind="template", duplicate=False)
    if figures >= 0.9 and _word_ratio(words_a, words_b) >= 0.85:
        return Pair(a=a.id, b=b.id, kind="real", duplicate=True)
    return None


def _figures(words: list[str]) -> set[str]:
    return {word for word in words if any(char.isdigit() for char in word)}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _word_ratio(a: list[str], b: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= 0.6 else 0.0


def _anchors(pairs: Iterable[Pair]) -> dict[str, str]:
    # Both ends of a labelled corpus pair must land in the same split.
    anchors: dict[str, str] = {}
    for pair in pairs:
        low = min(pair.a, pair.b, anchors.get(pair.a, pair.a), anchors.get(pair.b, pair.b))
        anchors[pair.a] = anchors[pair.b] = low
    return anchors


def _index(articles: list[CorpusArticle]) -> Corpus:
    return Corpus(
        articles={a.id: a for a in articles},
        words={a.id: frozenset(hash_words(a.text)) for a in articles},
    )


def _sample(corpus: Corpus, *, count: int, seed: int) -> list[CorpusArticle]:
    # Copies need room for edits: at least 50 words.  Shorter texts stay in as negatives.
    eligible = [
        a
        for a in corpus.articles.values()
        if len(corpus.words[a.id]) >= 40 and len(a.text.split()) >= 50
    ]
    eligible.sort(key=lambda a: hashlib.sha256(f"{seed}:{a.id}".encode()).hexdigest())
    return eligible[:count]


def _copy_pairs(chosen: list[CorpusArticle], *, seed: int) -> list[Pair]:
    return [
        Pair(a=article.id, b=f"{article.id}~{kind}", kind=kind, duplicate=True)
        for article in chosen
        for kind in PERTURBATIONS
    ]


def _negative_pairs(
    corpus: Corpus, chosen: list[CorpusArticle], *, known: set[tuple[str, str]]
) -> list[Pair]:
    rare = _RareWords(corpus)
    pairs = []
    for article in chosen:
        for kind, accept in _neighbour_kinds(corpus, article):
            other = rare.nearest(article.id, accept=accept)
            if other and (article.id, other) not in known and (other, article.id) not in known:
                pairs.append(Pair(a=article.id, b=other, kind=kind, duplicate=False))
                known.add((article.id, other))
    pairs += _earnings_pairs(corpus, rare, known=known)
    return pairs


def _neighbour_kinds(
    corpus: Corpus, article: CorpusArticle
) -> Iterator[tuple[str, Callable[[str], bool]]]:
    yield "same_topic", lambda other: True
    if article.source != "Reuters":
        day = (article.published or "")[:10]
        yield "same_outlet_week", lambda other: _same_week(corpus.articles[other], article, day)


def _same_week(other: CorpusArticle, article: CorpusArticle, day: str) -> bool:
    if other.source != article.source or not day or not other.published:
        return False
    gap = datetime.fromisoformat(other.published[:10]) - datetime.fromisoformat(day)
    return abs(gap.days) <= 7


def _earnings_pairs(corpus: Corpus, rare: _RareWords, *, known: set[tuple[str, str]]) -> list[Pair]:
    # Reuters' templated earnings reports ("Shr 12 cts vs 10 cts Net ...") of other companies.
    reports = sorted(
        a.id
        for a in corpus.articles.values()
        if _EARNINGS.search(a.title) and a.text.lstrip().startswith("Shr")
    )
    companies = {report: title_key(corpus.articles[report].title) for report in reports}
    pairs = []
    for article_id in reports[:: max(1, len(reports) // 150)]:
        accept = partial(_other_company, companies=companies, own=companies[article_id])
        other = rare.nearest(article_id, accept=accept)
        if other and (article_id, other) not in known and (other, article_id) not in known:
            pairs.append(Pair(a=article_id, b=other, kind="earnings", duplicate=False))
    return pairs


def _other_company(other: str, *, companies: dict[str, str], own: str) -> bool:
    return other in companies and companies[other] != own


class _RareWords:
    """Nearest distinct article by the summed inverse document frequency of shared words."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.df = Counter(word for words in corpus.words.values() for word in words)
        self.rarest = {
            article_id: self._rarest(words) for article_id, words in corpus.words.items()
        }
        self.postings: defaultdict[str, list[str]] = defaultdict(list)
        for article_id, rarest in self.rarest.items():
            for word in rarest:
                self.postings[word].append(article_id)

    def _rarest(self, words: frozenset[str]) -> list[str]:
        # Words seen once can't link two articles and common ones don't mark a topic: the 30
        # rarest of those in between characterise it.
        shared = [(self.df[word], word) for word in words if 1 < self.df[word] <= _RARE_DF]
        return [word for _, word in heapq.nsmallest(30, shared)]

    def nearest(self, article_id: str, *, accept: Callable[[str], bool]) -> str | None:
        """The best-scoring other article that ``accept`` allows and that is not a copy of it."""
        scores: defaultdict[str, float] = defaultdict(float)
        for word in self.rarest[article_id]:
            for other in self.postings[word]:
                scores[other] += 1.0 / self.df[word]
        for other in heapq.nlargest(40, sorted(scores), key=scores.__getitem__):
            if other != article_id and accept(other) and not self._copies(article_id, other):
                return other
        return None

    def _copies(self, a: str, b: str) -> bool:
        # A guard independent of shingles: pairs whose word sequences mostly align are
        # probably unlabelled re-runs, so they are kept out of the negatives.
        words = self.corpus.articles
        return _word_ratio(hash_words(words[a].text), hash_words(words[b].text)) >= 0.6


def _docs(corpora: list[Corpus], pairs: list[Pair], *, seed: int) -> list[Doc]:
    articles = {k: v for corpus in corpora for k, v in corpus.articles.items()}
    docs: dict[str, Doc] = {}
    for pair in pairs:
        for doc_id in (pair.a, pair.b):
            if doc_id not in docs:
                docs[doc_id] = _doc(doc_id, articles, seed=seed)
    return sorted(docs.values(), key=lambda doc: doc.id)


def _doc(doc_id: str, articles: dict[str, CorpusArticle], *, seed: int) -> Doc:
    source_id, _, kind = doc_id.partition("~")
    article = articles[source_id]
    title, text = article.title, article.text
    if kind:
        copy = make_copy(title, text, kind=kind, seed=f"{seed}:{doc_id}")
        title, text = copy.title, copy.text
    return Doc(id=doc_id, text=f"{title}\n\n{text}", sort_key=(article.published or "9999", doc_id))
