"""The parts Spark carries between dateline's stages: rows of a store table from one file or
one batch, as Arrow IPC bytes, and their decoding into a typed table. Light on purpose (pyarrow
only): a Spark worker that only decodes never imports the NLP.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import Any

import pyarrow as pa

# One row per part: an article (its own row of ``articles`` with its signature) or a table's
# rows from one file or one batch. ``file_index`` and ``seq`` order articles as a local run
# stores them: by input file, then by place within the file (later, by the global ``seq``).
PART_SCHEMA = "file_index long, seq long, table string, id string, content_hash string, part binary"
PART_COLUMNS = ("file_index", "seq", "table", "id", "content_hash", "part")
ARTICLE = "article"  # the ``table`` of a part holding one article row and its signature
FIRST_SEQ = "first_seq"  # the column ``actors`` parts carry: the first article naming each
DUPLICATES = "duplicates"  # the staged links: article_id, duplicate_of, kind, similarity
# The days of each stories window: a dated article is held by (30 + 4 x 30-day reach) / 30 = 5
# windows. The stories do not depend on it, the work does: longer windows hold less twice over,
# and more at once.
SPAN_DAYS = 30


def decode_parts(
    batches: Iterable[pa.RecordBatch], *, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` over parts of one table: their rows, cast to ``schema`` (the Spark
    table's own Arrow types)."""
    for batch in batches:
        for part in batch.column("part").to_pylist():
            yield from from_ipc(part).select(schema.names).cast(schema).to_batches()


def python_value(value: Any) -> Any:
    """A pandas cell as Python: None where missing, a tuple for an array, a plain number for
    NumPy's, an aware UTC datetime for a timestamp (Spark's session time zone is UTC)."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.ndarray):
        return tuple(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=UTC)
    return value


def to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def from_ipc(part: bytes) -> pa.Table:
    return pa.ipc.open_stream(part).read_all()
