"""``dateline run --engine spark`` as a spark-submit application: the arguments are those of
``dateline run`` (input paths, ``--db FOLDER/``, ``--published``), the master the one
spark-submit was given. docs/scale.md shows the whole command.

    spark-submit --master yarn ... scripts/spark_submit_run.py /data/news/2017-03-01 --db /data/out/
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    from pyspark import SparkContext

    from dateline.cli.main import run_cli

    # Locally (spark-submit --master local[N]) the workers are this interpreter, as the engine
    # sets them; on a cluster spark.pyspark.python names the packed environment's.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # the context spark-submit configured: its master, which ``--master`` below must repeat,
    # since the engine's session builder sets one
    master = SparkContext.getOrCreate().master
    return run_cli(["run", *sys.argv[1:], "--engine", "spark", "--master", master])


if __name__ == "__main__":
    sys.exit(main())
