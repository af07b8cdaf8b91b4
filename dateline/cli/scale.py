"""``dateline run --engine spark``: the options' checks and the call; ``main`` prints the same
summary as for a local run, read back from the dataset."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer
from rich.console import Console

from dateline.errors import DatelineError
from dateline.scale import DEFAULT_MASTER

if TYPE_CHECKING:
    from dateline.scale.spark import SparkRunSummary

Engine = Literal["local", "spark"]
__all__ = ["DEFAULT_MASTER", "Engine", "run_spark"]

_err = Console(stderr=True, markup=False, highlight=False)


def run_spark(
    paths: list[str], *, db: Path, master: str, published: str | None, quiet: bool
) -> SparkRunSummary:
    """Run on Spark into the folder ``db``; a configuration error is one line and exit 2."""
    from dateline.scale.spark import run_on_spark

    if not quiet:
        _err.print(f"Running on Spark ({master}) into the Parquet dataset {db} ...")
    try:
        return run_on_spark(paths, db=db, master=master, published=published)
    except DatelineError as err:
        _err.print(str(err))
        raise typer.Exit(2) from err
