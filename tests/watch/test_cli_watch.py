"""``dateline watch`` as users touch it: through typer's runner, against the local server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from tests.watch.server import FixtureServer, Reply

runner = CliRunner()
PAGE = (
    b"<html><head><title>Talks in Ankara</title></head><body><article><p>"
    + b"Turkish Foreign Minister Mevlut Cavusoglu met U.S. Secretary of State Antony Blinken "
    + b"in Ankara on Monday to discuss Afghanistan. " * 4
    + b"</p></article></body></html>"
)


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    running = FixtureServer().start()
    running.routes["/robots.txt"] = Reply(body=b"")
    running.routes["/talks"] = Reply(body=PAGE, headers=(("Content-Type", "text/html"),))
    yield running
    running.stop()


def test_watch_once_then_status(server: FixtureServer, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    url = server.url("/talks")
    done = runner.invoke(
        app, ["watch", url, "--once", "--allow-private", "--delay", "0", "--db", db]
    )
    assert done.exit_code == 0, done.output
    assert "1 pages fetched, 0 failed, 1 articles added" in done.output
    shown = runner.invoke(app, ["watch", "--status", "--db", db], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    assert url in shown.output and "ok" in shown.output


def test_watch_refuses_private_addresses_by_default(server: FixtureServer, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    done = runner.invoke(app, ["watch", server.url("/talks"), "--once", "--db", db])
    assert done.exit_code == 1
    assert not server.hits
    shown = runner.invoke(app, ["watch", "--status", "--db", db], env={"COLUMNS": "250"})
    assert "private or local address" in shown.output


@pytest.mark.parametrize(
    "args",
    [["file:///etc/passwd", "--once"], ["https://a.example/rss", "--every", "soon"], ["--once"]],
)
def test_watch_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    done = runner.invoke(app, ["watch", *args, "--db", str(tmp_path / "d.duckdb")])
    assert done.exit_code == 2
    assert "E00" in done.output
