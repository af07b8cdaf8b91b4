"""The per-article ingest stages: build an Article from a raw document, then sign it for dedup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

from dateline.config import IngestConfig
from dateline.dedup import NearDupConfig, signature
from dateline.errors import Reason
from dateline.ingest.build import build_article
from dateline.ingest.items import RawDocument
from dateline.model import Article, Record, Rejection
from dateline.registry import stages


class Signed(Record, frozen=True, kw_only=True):
    """An article with its MinHash signature (empty for texts too short to compare)."""

    article: Article
    signature: bytes


@stages.register
class BuildStage:
    """Raw document to clean Article (or Rejection)."""

    name: ClassVar[str] = "dateline.ingest.build.v1"
    requires: ClassVar[tuple[str, ...]] = ("raw",)
    assigns: ClassVar[tuple[str, ...]] = (
        "text",
        "title",
        "published",
        "published_basis",
        "language",
        "content_hash",
        "segments",
    )

    def __init__(self, *, config: IngestConfig) -> None:
        self.config = config

    def setup(self) -> None:
        """Nothing heavy: the language model loads lazily on first use."""

    def __call__(self, batch: Sequence[RawDocument]) -> list[Article | Rejection]:
        now = datetime.now(UTC)
        return [_guarded(raw, config=self.config, now=now) for raw in batch]


@stages.register
class SignatureStage:
    """Article to Article plus MinHash signature, for near-duplicate detection."""

    name: ClassVar[str] = "dateline.dedup.signature.v1"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ("signature",)

    def __init__(self, *, config: NearDupConfig) -> None:
        self.config = config

    def setup(self) -> None:
        """MinHash permutations are drawn per call by datasketch from a fixed seed."""

    def __call__(self, batch: Sequence[Article]) -> list[Signed | Rejection]:
        return [
            Signed(article=article, signature=signature(article.text, config=self.config))
            for article in batch
        ]


def _guarded(raw: RawDocument, *, config: IngestConfig, now: datetime) -> Article | Rejection:
    # Third-party parsers (trafilatura, lxml, feedparser) can fail in ways no one documents; one
    # bad page must not stop a run of thousands, so such a failure is stored as a Rejection
    # with the exception named, where a person can find it and report it.
    try:
        return build_article(raw, config=config, now=now)
    except (
        ValueError,
        TypeError,
        LookupError,
        ArithmeticError,
        RecursionError,
        UnicodeError,
        AssertionError,
    ) as err:
        return Rejection(
            origin=raw.origin,
            stage=BuildStage.name,
            reason=Reason.PROCESSING_FAILED.value,
            detail=f"{type(err).__name__}: {err}",
        )
