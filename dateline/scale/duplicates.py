"""Exact and near duplicates on Spark (DESIGN §8): candidate pairs by joining articles on their
MinHash LSH band values, each verified as the local grouper verifies it, groups as the connected
components of "same content hash or verified pair", found by passing the smallest id along the
links until nothing changes; each group's earliest copy is its canonical one.

The bands, the check and each member's status are the local grouper's own
(``dateline.dedup.grouper``), so the links equal a local run's; only the bookkeeping is Spark's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from dateline.dedup import NearDupConfig
from dateline.dedup.grouper import band_ranges, duplicate_state, is_similar
from dateline.dedup.minhash import HashValues, hash_values
from dateline.scale.parts import DUPLICATES

_BANDS = "id string, band int, key binary"
_PAIRS = "src string, dst string"
_LINKS = (
    "article_id string, duplicate_of string, duplicate_kind string, duplicate_similarity double"
)
_MAX_ROUNDS = 1_000  # a chain of copies this long would be a bug, not news


def stage_duplicates(spark: Any, staging: Path, *, config: NearDupConfig) -> int:
    """Find the duplicate links of the staged articles and stage them (``DUPLICATES``); how
    many rounds the components took."""
    from pyspark.sql import functions as F

    members = _members(spark, staging)
    edges = _verified(members, config=config).unionByName(_same_hash(members))
    labels, rounds = components(edges)
    first = (
        labels.join(members, "id")
        .groupBy("label")
        .agg(F.min(F.struct("undated", "stamp", "id")).alias("first"))
        .select("label", F.col("first.id").alias("canonical"))
    )
    canonical = members.select(
        F.col("id").alias("canonical"),
        F.col("content_hash").alias("canonical_hash"),
        F.col("signature").alias("canonical_signature"),
    )
    (
        labels.join(first, "label")
        .where(F.col("id") != F.col("canonical"))
        .join(members, "id")
        .join(canonical, "canonical")
        .mapInPandas(partial(_links, config=config), _LINKS)
        .write.parquet(str(staging / DUPLICATES))
    )
    return rounds


def _members(spark: Any, staging: Path) -> Any:
    """Each staged article with its content hash, signature and earliest-copy order (an
    estimated date orders as undated, as the local grouper orders it)."""
    from pyspark.sql import functions as F

    articles = spark.read.parquet(str(staging / "articles"))
    signatures = spark.read.parquet(str(staging / "article_signatures"))
    precise = F.col("published_precision").isNull() & F.col("published").isNotNull()
    return articles.join(signatures, articles.id == signatures.article_id, "left").select(
        "id",
        "content_hash",
        F.coalesce(F.col("signature"), F.lit(b"")).alias("signature"),
        (~precise).alias("undated"),
        F.when(precise, F.col("published")).alias("stamp"),
    )


def _verified(members: Any, *, config: NearDupConfig) -> Any:
    """Pairs that share an LSH band and pass the similarity check."""
    from pyspark.sql import functions as F

    ranges = band_ranges(config)
    bands = members.where(F.length("signature") > 0).mapInPandas(
        partial(_bands, config=config, ranges=ranges), _BANDS
    )
    one, other = bands.alias("one"), bands.alias("other")
    candidates = (
        one.join(other, ["band", "key"])
        .where(F.col("one.id") < F.col("other.id"))
        .select(F.col("one.id").alias("src"), F.col("other.id").alias("dst"))
        .distinct()
    )
    signed = members.select("id", "signature")
    return (
        candidates.join(signed.toDF("src", "src_signature"), "src")
        .join(signed.toDF("dst", "dst_signature"), "dst")
        .mapInPandas(partial(_similar, config=config), _PAIRS)
    )


def _same_hash(members: Any) -> Any:
    """Each article linked to the first (smallest id) of those with its content hash."""
    from pyspark.sql import functions as F

    first = members.groupBy("content_hash").agg(F.min("id").alias("dst"))
    return (
        members.join(first, "content_hash")
        .where(F.col("id") != F.col("dst"))
        .select(F.col("id").alias("src"), "dst")
    )


def components(edges: Any) -> tuple[Any, int]:
    """(id, label) for every linked article, the label the smallest id of its component."""
    from pyspark.sql import functions as F

    links = edges.unionByName(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    links = links.distinct().localCheckpoint()
    labels = links.select(F.col("src").alias("id"), F.col("src").alias("label")).distinct()
    for rounds in range(1, _MAX_ROUNDS + 1):
        passed = links.join(labels, links.src == labels.id).select(
            F.col("dst").alias("id"), "label"
        )
        smaller = (
            labels.unionByName(passed).groupBy("id").agg(F.min("label").alias("label"))
        ).localCheckpoint()
        changed = (
            smaller.join(labels.withColumnRenamed("label", "before"), "id")
            .where(F.col("label") != F.col("before"))
            .count()
        )
        labels = smaller
        if not changed:
            return labels, rounds
    raise RuntimeError(f"duplicate groups did not settle in {_MAX_ROUNDS} rounds")


def _bands(
    frames: Iterable[pd.DataFrame], *, config: NearDupConfig, ranges: list[tuple[int, int]]
) -> Iterator[pd.DataFrame]:
    for frame in frames:
        rows = [
            (article_id, band, values[start:end].tobytes())
            for article_id, signature in zip(frame["id"], frame["signature"], strict=True)
            for values in (hash_values(bytes(signature), config=config),)
            for band, (start, end) in enumerate(ranges)
        ]
        yield pd.DataFrame(rows, columns=["id", "band", "key"])


def _similar(frames: Iterable[pd.DataFrame], *, config: NearDupConfig) -> Iterator[pd.DataFrame]:
    for frame in frames:
        pairs = zip(
            frame["src"], frame["dst"], frame["src_signature"], frame["dst_signature"], strict=True
        )
        keep = [
            (src, dst)
            for src, dst, a, b in pairs
            if is_similar(_values(a, config), _values(b, config), config=config)
        ]
        yield pd.DataFrame(keep, columns=["src", "dst"])


def _links(frames: Iterable[pd.DataFrame], *, config: NearDupConfig) -> Iterator[pd.DataFrame]:
    """Each member's link to its group's canonical copy, as the local grouper states it."""
    for frame in frames:
        columns = ("id", "content_hash", "signature", "canonical", "canonical_hash")
        members = zip(*(frame[name] for name in columns), frame["canonical_signature"], strict=True)
        rows = [
            (article_id, *duplicate_state(
                canonical,
                (digest, _values_or_none(signature, config)),
                (canonical_digest, _values_or_none(canonical_signature, config)),
            ))
            for article_id, digest, signature, canonical, canonical_digest, canonical_signature
            in members
        ]  # fmt: skip
        yield pd.DataFrame(rows, columns=list(_LINK_COLUMNS))


_LINK_COLUMNS = ("article_id", "duplicate_of", "duplicate_kind", "duplicate_similarity")


def _values(signature: bytes, config: NearDupConfig) -> HashValues:
    return hash_values(bytes(signature), config=config)


def _values_or_none(signature: bytes, config: NearDupConfig) -> HashValues | None:
    return hash_values(bytes(signature), config=config) if signature else None
