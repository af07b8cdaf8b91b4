from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.eval.suites import SUITES

runner = CliRunner()


def test_unknown_suite_is_a_usage_error() -> None:
    assert runner.invoke(app, ["eval", "nonsense"]).exit_code == 2


def test_missing_gold_is_a_usage_error(tmp_path: Path) -> None:
    assert runner.invoke(app, ["eval", "timex", "--data", str(tmp_path)]).exit_code == 2


@pytest.mark.shared
def test_eval_timex_prints_json_figures(shared: Path) -> None:
    result = runner.invoke(app, ["eval", "timex", "--data", str(shared), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 256
    assert report["value_f1"] > 0.7


@pytest.mark.parametrize("suite", SUITES, ids=lambda suite: suite.name)
def test_every_suite_names_a_real_function(suite: object) -> None:
    import importlib

    module = importlib.import_module(suite.module)  # type: ignore[attr-defined]
    assert callable(getattr(module, suite.function))  # type: ignore[attr-defined]
    assert callable(module.report_lines)
