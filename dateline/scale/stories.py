"""Stories on Spark (DESIGN §8): the pieces of ``dateline.fuse.story_parts``, each a Spark task.

Every canonical article goes to the time windows that must hold it (its own and those within
twice the story reach), every undated one to all of them; a window finds its own articles'
edges and vectors, told the corpus-wide frequencies of the undated articles' terms by a join.
The parts are the connected components of the edges (as duplicates' are); each part's stories
and states are worked out by one task from its articles and their vectors. The stories equal a
local run's whatever the windows' span, since every piece is the local code over all it needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import pandas as pd
import pyarrow as pa

from dateline.fuse.stories import StoryConfig, StoryInput
from dateline.fuse.story_features import Channel
from dateline.fuse.story_parts import (
    Terms,
    home_window,
    part_piece,
    term_rows,
    terms_of,
    window_piece,
    windows_of,
)
from dateline.fuse.story_windows import Frequencies, Vector
from dateline.scale.duplicates import components
from dateline.scale.parts import DUPLICATES, python_value, to_ipc

STORY_TABLES = ("stories", "article_stories", "story_state")

_INPUTS = "id string, root string, day long, article binary, terms binary"
_TERMS = "channel string, term string"
_PLACED = "home long, windows array<long>, terms binary"
_FOUND = "kind string, src string, dst string, vector binary"
_TABLE_PARTS = "table string, part binary"
_EDGE, _VECTOR = "edge", "vector"
_ARTICLE, _FREQUENCY = "article", "frequency"


def stage_stories(
    spark: Any,
    staging: Path,
    *,
    config: StoryConfig,
    span: int,
    schemas: Mapping[str, pa.Schema],
) -> Path:
    """Group the staged articles into stories on Spark; their rows are staged as parts by
    table under the folder returned (``table=<name>``, Arrow IPC, as extraction stages them)."""
    from pyspark.sql import functions as F

    inputs = _inputs(spark, staging, config=config)
    canonical = inputs.where(F.col("root").isNull())
    found = _windows(spark, canonical, config=config, span=span)
    found.write.parquet(str(staging / "story_windows"))
    found = spark.read.parquet(str(staging / "story_windows"))
    edges = found.where(F.col("kind") == _EDGE).select("src", "dst")
    labels, _ = components(edges)
    vectors = found.where(F.col("kind") == _VECTOR).select("src", "vector")
    parted = (
        canonical.join(labels, "id", "left")
        .join(vectors.withColumnRenamed("src", "id"), "id", "left")
        .withColumn("part", F.coalesce("label", "id"))
        .select("part", "id", "root", "article", "vector")
    )
    copies = (
        inputs.where(F.col("root").isNotNull())
        .join(labels.withColumnRenamed("id", "root"), "root", "left")
        .withColumn("part", F.coalesce("label", "root"))
        .select("part", "id", "root", "article", F.lit(None).cast("binary").alias("vector"))
    )
    out = staging / "story_parts"
    (
        parted.unionByName(copies)
        .groupBy("part")
        .applyInPandas(
            partial(_part, config=config, schemas={t: schemas[t] for t in STORY_TABLES}),
            _TABLE_PARTS,
        )
        .write.partitionBy("table")
        .parquet(str(out))
    )
    return out


def _inputs(spark: Any, staging: Path, *, config: StoryConfig) -> Any:
    """Each staged article as grouping reads it (``stored_inputs``' columns), the canonical
    one it copies (``root``: Spark's links lead straight to a group's canonical copy, which
    copies nothing), its day and, if canonical, its terms; staged, as several jobs read it."""
    from pyspark.sql import functions as F

    articles = spark.read.parquet(str(staging / "articles"))
    if (staging / "mentions").is_dir():
        actors = (
            spark.read.parquet(str(staging / "mentions"))
            .where(F.col("actor_id").isNotNull())
            .groupBy("article_id")
            .agg(F.array_sort(F.collect_set("actor_id")).alias("actors"))
        )
    else:  # no article named anyone
        actors = spark.createDataFrame([], "article_id string, actors array<string>")
    rows = articles.select(
        "id",
        "text",
        "title",
        # an estimated date only bounds the article, as ``stored_inputs`` reads it
        F.when(F.col("published_precision").isNull(), F.to_date("published")).alias("published"),
        "source",
    ).join(actors.withColumnRenamed("article_id", "id"), "id", "left")
    links = staging / DUPLICATES
    if links.is_dir():
        rows = rows.join(
            spark.read.parquet(str(links)).select(F.col("article_id").alias("id"), "duplicate_of"),
            "id",
            "left",
        )
    else:
        rows = rows.withColumn("duplicate_of", F.lit(None).cast("string"))
    rows.mapInPandas(partial(_story_inputs, config=config), _INPUTS).write.parquet(
        str(staging / "story_inputs")
    )
    return spark.read.parquet(str(staging / "story_inputs"))


def _windows(spark: Any, canonical: Any, *, config: StoryConfig, span: int) -> Any:
    """Every window's edges and vectors: each window's articles, with every undated article
    and the frequencies of their terms, grouped into one task (the undated alone in one more)."""
    from pyspark.sql import functions as F

    dated = canonical.where(F.col("day").isNotNull())
    undated = canonical.where(F.col("day").isNull())
    placed = dated.mapInPandas(partial(_placed, config=config, span=span), _PLACED)
    homes = placed.select(F.col("home").alias("window")).distinct()
    held = placed.select(F.explode("windows").alias("window"), "terms").join(homes, "window")
    everywhere = homes.unionByName(spark.createDataFrame([(None,)], "window long"))
    rows = held.select("window", F.lit(_ARTICLE).alias("kind"), F.col("terms").alias("payload"))
    rows = rows.unionByName(
        undated.crossJoin(everywhere).select(
            "window", F.lit(_ARTICLE).alias("kind"), F.col("terms").alias("payload")
        )
    )
    told = _frequencies(canonical, undated)
    rows = rows.unionByName(
        told.crossJoin(everywhere).select("window", F.lit(_FREQUENCY).alias("kind"), "payload")
    )
    total = canonical.count()
    return rows.groupBy("window").applyInPandas(
        partial(_window, config=config, span=span, total=total), _FOUND
    )


def _frequencies(canonical: Any, undated: Any) -> Any:
    """Of the undated articles' terms, how many canonical articles hold each (per channel),
    one row each, packed: what an undated article's IDF reads."""
    from pyspark.sql import functions as F

    terms = canonical.select("terms").mapInPandas(_term_rows, _TERMS)
    wanted = undated.select("terms").mapInPandas(_term_rows, _TERMS).distinct()
    counted = (
        terms.join(wanted, ["channel", "term"], "left_semi").groupBy("channel", "term").count()
    )
    packed = F.udf(_packed_frequency, "binary")
    return counted.select(packed("channel", "term", "count").alias("payload"))


def _story_inputs(frames: Iterable[pd.DataFrame], *, config: StoryConfig) -> Iterator[pd.DataFrame]:
    for frame in frames:
        rows = []
        for row in frame.itertuples(index=False):
            article = StoryInput(
                id=row.id,
                text=row.text,
                title=python_value(row.title),
                published=python_value(row.published),
                source=python_value(row.source),
                actors=python_value(row.actors) or (),
                duplicate_of=python_value(row.duplicate_of),
            )
            root = article.duplicate_of
            terms = None if root else msgspec.msgpack.encode(terms_of(article, config=config))
            day = article.published.toordinal() if article.published is not None else None
            rows.append((article.id, root, day, msgspec.msgpack.encode(article), terms))
        yield pd.DataFrame(rows, columns=["id", "root", "day", "article", "terms"])


def _placed(
    frames: Iterable[pd.DataFrame], *, config: StoryConfig, span: int
) -> Iterator[pd.DataFrame]:
    """Each dated article's home window and every window that must hold it."""
    for frame in frames:
        days = [int(day) for day in frame["day"]]
        yield pd.DataFrame(
            {
                "home": [home_window(day, span=span) for day in days],
                "windows": [list(windows_of(day, span=span, config=config)) for day in days],
                "terms": frame["terms"],
            }
        )


def _term_rows(frames: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for frame in frames:
        rows = [
            pair
            for payload in frame["terms"]
            for pair in term_rows(msgspec.msgpack.decode(payload, type=Terms))
        ]
        yield pd.DataFrame(rows, columns=["channel", "term"])


def _packed_frequency(channel: str, term: str, count: int) -> bytes:
    return msgspec.msgpack.encode((channel, term, count))


def _window(frame: pd.DataFrame, *, config: StoryConfig, span: int, total: int) -> pd.DataFrame:
    """One window's task: its edges and its own articles' vectors."""
    window = python_value(frame["window"].iloc[0])
    articles = [
        msgspec.msgpack.decode(payload, type=Terms)
        for kind, payload in zip(frame["kind"], frame["payload"], strict=True)
        if kind == _ARTICLE
    ]
    counts: dict[Channel, dict[str, int]] = {channel: {} for channel in config.channels}
    for kind, payload in zip(frame["kind"], frame["payload"], strict=True):
        if kind == _FREQUENCY:
            channel, term, count = msgspec.msgpack.decode(payload, type=tuple[Channel, str, int])
            counts[channel][term] = count
    everywhere = {c: Frequencies(total=total, counts=found) for c, found in counts.items()}
    piece = window_piece(
        articles,
        window=None if window is None else int(window),
        span=span,
        everywhere=everywhere,
        config=config,
    )
    rows: list[tuple[str, str, str | None, bytes | None]] = [
        (_EDGE, left, right, None) for left, right in piece.edges
    ]
    rows += [(_VECTOR, i, None, _packed_vectors(v)) for i, v in sorted(piece.vectors.items())]
    return pd.DataFrame(rows, columns=["kind", "src", "dst", "vector"])


def _part(
    frame: pd.DataFrame, *, config: StoryConfig, schemas: Mapping[str, pa.Schema]
) -> pd.DataFrame:
    """One connected part's task: its stories, article links and states, as table parts."""
    canonical, copies, vectors = [], [], {}
    for root, payload, vector in zip(frame["root"], frame["article"], frame["vector"], strict=True):
        article = msgspec.msgpack.decode(payload, type=StoryInput)
        if python_value(root) is None:
            canonical.append(article)
            vectors[article.id] = _unpacked_vectors(vector)
        else:
            copies.append((article, str(root)))
    stories, states = part_piece(canonical, copies, vectors, config=config)
    rows = {
        "stories": [
            {"id": s.id, "label": s.label, "first_date": s.first_date,
             "last_date": s.last_date, "num_articles": len(s.article_ids)}
            for s in stories
        ],
        "article_stories": [
            {"article_id": article_id, "story_id": s.id}
            for s in stories for article_id in s.article_ids
        ],
        "story_state": [
            {"article_id": i, "fingerprint": st.fingerprint, "day": st.day,
             "is_canonical": st.is_canonical, "part": st.part}
            for i, st in sorted(states.items())
        ],
    }  # fmt: skip
    parts = [
        (table, to_ipc(pa.Table.from_pylist(found, schema=schemas[table])))
        for table, found in rows.items()
        if found
    ]
    return pd.DataFrame(parts, columns=["table", "part"])


def _packed_vectors(vectors: Mapping[Channel, Vector]) -> bytes:
    return msgspec.msgpack.encode(
        {channel: (terms, weights.tolist()) for channel, (terms, weights) in vectors.items()}
    )


def _unpacked_vectors(payload: bytes) -> dict[Channel, Vector]:
    found = msgspec.msgpack.decode(payload, type=dict[Channel, tuple[tuple[str, ...], list[float]]])
    return {
        channel: (terms, np.array(weights, dtype=np.float64))
        for channel, (terms, weights) in found.items()
    }
