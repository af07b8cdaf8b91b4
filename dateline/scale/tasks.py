"""What Spark's Python workers run: the local pipeline's own functions (``ingest``, the
extractor, ``write_extractions``), each batch written into a small in-memory store whose table
rows go back to Spark as Arrow IPC parts, so Spark rows equal the local store's rows cell for cell.

Nothing here imports Spark: the functions take and yield pandas frames (``mapInPandas``) or
Arrow batches (``mapInArrow``), and the driver (``dateline.scale.spark``) wires them up.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import pandas as pd
import pyarrow as pa

from dateline.config import IngestConfig
from dateline.extract.article import Extractor, new_extractor
from dateline.ingest.run import ingest
from dateline.scale.parts import ARTICLE, FIRST_SEQ, PART_COLUMNS, from_ipc, to_ipc
from dateline.store.duck import Store, id_conflict
from dateline.store.extracted import pending_articles, write_extractions
from dateline.store.query import get_article
from dateline.store.rows import ARTICLE_COLUMNS, article_from_row

# What extraction writes (``actors`` comes with the seq of the first article that named each).
EXTRACTED = (
    "articles",
    "article_signatures",
    "extractions",
    "mentions",
    "timexes",
    "quotes",
    "events",
    "actors",
    "actor_roles",
    "rejections",
)


def ingest_files(frames: Iterable[pd.DataFrame], *, config: IngestConfig) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over (file_index, path): each file through ``ingest`` into its own
    in-memory store (so its rejections are capped per file as locally), its articles one part
    each, its rejections and input record one part per table."""
    for frame in frames:
        for file_index, path in zip(frame["file_index"], frame["path"], strict=True):
            yield _ingested(int(file_index), str(path), config=config)


def _ingested(file_index: int, path: str, *, config: IngestConfig) -> pd.DataFrame:
    with Store(":memory:") as store:
        ingest([path], store=store, config=config)
        articles = store.con.sql(
            """SELECT a.*, s.signature FROM articles a
               LEFT JOIN article_signatures s ON s.article_id = a.id ORDER BY a.seq"""
        ).to_arrow_table()
        rows = [
            (file_index, one["seq"][0].as_py(), ARTICLE, one["id"][0].as_py(),
             one["content_hash"][0].as_py(), to_ipc(one))
            for one in (articles.slice(n, 1) for n in range(articles.num_rows))
        ]  # fmt: skip
        rows += [
            (file_index, None, table, None, None, to_ipc(found))
            for table in ("rejections", "inputs")
            if (found := _table(store, table)).num_rows
        ]
    return pd.DataFrame(rows, columns=list(PART_COLUMNS))


def extract_articles(frames: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over article parts (with their global ``seq``): each batch into an
    in-memory store, extracted by this worker's extractor (set up once per Python worker) with
    the local run's code, and every table it wrote back as one part."""
    for frame in frames:
        yield _extracted(frame, _extractor())


@functools.cache
def _extractor() -> Extractor:
    # once per Python worker process: Spark reuses its workers, so the models load once each
    return new_extractor()


def _extracted(frame: pd.DataFrame, extractor: Extractor) -> pd.DataFrame:
    incoming = _with_seq(frame).sort_by("seq")
    with Store(":memory:") as store:
        store.con.register("incoming", incoming)
        store.con.execute("INSERT INTO articles SELECT * EXCLUDE (signature) FROM incoming")
        store.con.execute(
            """INSERT INTO article_signatures SELECT id, signature FROM incoming
               WHERE signature IS NOT NULL"""
        )
        store.con.unregister("incoming")
        pending = [get_article(store, article_id) for article_id in pending_articles(store)]
        articles = [article for article in pending if article is not None]
        extractions = extractor(articles) if articles else []
        write_extractions(store, extractions)
        # the first article (by seq) that named each actor: the one whose row a local run keeps
        seqs = dict(store.con.execute("SELECT id, seq FROM articles").fetchall())
        first: dict[str, int] = {}
        for extraction in extractions:
            for actor in extraction.actors:
                first.setdefault(actor.id, seqs[extraction.article_id])
        store.con.register(
            "first_seen",
            pa.table({"id": list(first), FIRST_SEQ: pa.array(first.values(), pa.int64())}),
        )
        rows = [
            (None, None, table, None, None, to_ipc(found))
            for table in EXTRACTED
            if (found := _extracted_table(store, table)).num_rows
        ]
    return pd.DataFrame(rows, columns=list(PART_COLUMNS))


def _with_seq(frame: pd.DataFrame) -> pa.Table:
    """The article rows of ``frame``'s parts, with the global ``seq`` the driver gave each."""
    table = pa.concat_tables([from_ipc(part) for part in frame["part"]])
    where = table.schema.get_field_index("seq")
    return table.set_column(where, "seq", pa.array(frame["seq"].tolist(), pa.int64()))


def _with_order(frame: pd.DataFrame) -> pa.Table:
    """The article rows of ``frame``'s parts with the file each came from (``seq`` stays its
    place in that file)."""
    table = pa.concat_tables([from_ipc(part) for part in frame["part"]])
    return table.append_column("file_index", pa.array(frame["file_index"].tolist(), pa.int64()))


def _extracted_table(store: Store, table: str) -> pa.Table:
    if table == "actors":
        return store.con.sql(
            f"SELECT a.*, f.{FIRST_SEQ} FROM actors a JOIN first_seen f ON f.id = a.id"
        ).to_arrow_table()
    return _table(store, table)


def conflict_rejections(frames: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over article parts whose id an earlier article took with other content:
    the local store's ``id_conflict`` rejection for each, as one part per batch."""
    for frame in frames:
        if frame.empty:
            continue
        with Store(":memory:") as store:
            articles = _with_order(frame)
            store.con.register("incoming", articles)
            rows = store.con.execute(
                f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM incoming ORDER BY file_index, seq"
            ).fetchall()
            store.con.unregister("incoming")
            store.insert_rejections([id_conflict(article_from_row(row)) for row in rows])
            part = to_ipc(_table(store, "rejections"))
        yield pd.DataFrame(
            [(None, None, "rejections", None, None, part)], columns=list(PART_COLUMNS)
        )


def _table(store: Store, table: str) -> pa.Table:
    # ``table`` comes from this module's constant lists, never from input.
    return store.con.sql(f"SELECT * FROM {table}").to_arrow_table()
