"""Exports of the store: JSONL, CSV, Parquet (partitioned by publication date), GDELT, PLOVER."""
