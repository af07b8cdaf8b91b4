"""The quality harness behind ``dateline eval SUITE``: each suite, its gold data and its report.

Suites import lazily: scoring timexes should not load the HTML extractor, and vice versa.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import msgspec

from dateline.errors import Errors, config_error
from dateline.model import Record


class Suite(Record, frozen=True, kw_only=True):
    """One evaluation: the module with ``report_lines``, its function, and where its gold is."""

    name: str
    module: str
    function: str
    gold: str  # relative to the shared data folder; "" means the folder itself
    about: str


SUITES: tuple[Suite, ...] = (
    Suite(
        name="html",
        module="dateline.eval.html",
        function="evaluate_html",
        gold="dev/html/scrapinghub",
        about="main-text extraction: token P/R/F1 against 181 human-cleaned pages",
    ),
    Suite(
        name="dedup",
        module="dateline.eval.dedup",
        function="evaluate_dedup",
        gold="",
        about="near-duplicate detection: P/R/F1 on copies built from real articles (test part)",
    ),
    Suite(
        name="events",
        module="dateline.eval.events",
        function="evaluate_events",
        gold="dev/events",
        about="event coding through `dateline extract`: pentaclass and PLOVER type macro-F1, "
        "source/target span F1 (development part of ConfliBERT and PLV, never trained on)",
    ),
    Suite(
        name="quotes",
        module="dateline.eval.quotes",
        function="evaluate_quotes",
        gold="dev/quotes/polnear",
        about="quotes: content P/R/F1 and speaker accuracy on PolNeAR dev, all and direct",
    ),
    Suite(
        name="stories",
        module="dateline.eval.stories",
        function="evaluate_stories",
        gold="",
        about="stories: B-cubed and pairwise P/R/F1 against ECB+ sub-topics, with a baseline",
    ),
    Suite(
        name="timex",
        module="dateline.eval.timex",
        function="evaluate_timex",
        gold="dev/timex/TBAQ-cleaned",
        about="time expressions: TempEval-3 span F1, value accuracy and value F1 on TBAQ",
    ),
)


class SuiteResult(Record, frozen=True, kw_only=True):
    suite: str
    lines: tuple[str, ...]
    report: dict[str, Any]


def suite_names() -> list[str]:
    return [suite.name for suite in SUITES]


def run_suite(name: str, *, shared: Path) -> SuiteResult:
    """Run the suite called ``name`` on the gold data under ``shared``."""
    suite = next((suite for suite in SUITES if suite.name == name), None)
    if suite is None:
        raise config_error(Errors.E004, detail=f"unknown suite {name!r}; known: {suite_names()}")
    gold = shared / suite.gold if suite.gold else shared
    if not gold.exists():
        raise config_error(Errors.E004, detail=f"gold data for {name!r} not found at {gold}")
    module = importlib.import_module(suite.module)
    report = getattr(module, suite.function)(gold)
    lines = tuple(module.report_lines(report))
    return SuiteResult(suite=name, lines=lines, report=msgspec.to_builtins(report))
