"""``scripts/spark_submit_run.py`` under a real ``spark-submit`` (pyspark's own, ``local[2]``):
the application a cluster runs (docs/scale.md) writes the dataset a ``dateline run`` would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.store.duck import Store

pytest.importorskip("pyspark", reason="the spark extra is not installed (make install-spark)")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

pytestmark = [pytest.mark.spark, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SUBMIT = Path(sys.executable).parent / "spark-submit"


@pytest.mark.skipif(not SUBMIT.exists(), reason="pyspark's spark-submit is not beside python")
def test_spark_submit_runs_dateline_on_the_master_it_was_given(
    tmp_path: Path, seeds_dir: Path
) -> None:
    env = {
        **os.environ,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "PYSPARK_DRIVER_PYTHON": sys.executable,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    db = tmp_path / "dataset"
    command = [str(SUBMIT), "--master", "local[2]", str(ROOT / "scripts" / "spark_submit_run.py")]
    done = subprocess.run(
        [*command, str(seeds_dir), "--db", str(db), "-q"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with Store(db, read_only=True) as store:
        found = store.con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)"
        ).fetchall()[0]
    assert found[0] == len(list(seeds_dir.iterdir()))
    assert found[1] >= 1
