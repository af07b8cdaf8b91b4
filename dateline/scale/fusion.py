"""Event fusion on Spark (DESIGN §8): each story's reports fused by one task.

A fused event never spans two stories (two articles' reports fuse only within one; an article
without a story fuses only with itself and its copies), so the reports are grouped by story,
else by text, and each group goes through the local ``fuse``: the fused events equal a local
run's, ids included. Stories are themselves bounded in time (``dateline.scale.stories``), so a
group is a few days' reports of one story, never the corpus. The actor registry (the people
some article described, who name an unresolved party) travels to the tasks with the job.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from dateline.extract.actors.registry import Registry
from dateline.fuse.events import fuse
from dateline.scale.parts import python_value, to_ipc
from dateline.store.fusion import fused_tables, report_from_row

FUSION_TABLES = ("fused_events", "fused_mentions")
GROUP = "fusion_group"
_TABLE_PARTS = "table string, part binary"


def stage_fusion(spark: Any, staging: Path, *, reports: Path, registry: Registry) -> Path:
    """Fuse the reports in the Parquet file ``reports`` (``export_reports``) on Spark; the
    fused events' rows are staged as parts by table under the folder returned."""
    out = staging / "fusion_parts"
    (
        spark.read.parquet(str(reports))
        .groupBy(GROUP)
        .applyInPandas(partial(_fuse, registry=registry), _TABLE_PARTS)
        .write.partitionBy("table")
        .parquet(str(out))
    )
    return out


def _fuse(frame: pd.DataFrame, *, registry: Registry) -> pd.DataFrame:
    """One group's task: its reports fused, as parts of the two tables."""
    columns = [column for column in frame.columns if column != GROUP]
    rows = zip(*(frame[column] for column in columns), strict=True)
    reports = [report_from_row([python_value(v) for v in row], registry) for row in rows]
    events, mentions = fused_tables(fuse(reports))
    parts = [
        (table, to_ipc(found))
        for table, found in zip(FUSION_TABLES, (events, mentions), strict=True)
        if found.num_rows
    ]
    return pd.DataFrame(parts, columns=["table", "part"])
