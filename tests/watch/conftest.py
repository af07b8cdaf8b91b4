"""Fixtures of the serve tests (``test_serve``, ``test_shared_store``): the fixture server with
two articles and a feed of one, an empty store, and another process that holds the store."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dateline.store.duck import Store
from tests.watch.server import FixtureServer, Reply
from tests.watch.test_serve import ACCUSES, HOLDER, TALKS, article, feed

Holder = Callable[..., subprocess.Popen[str]]


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    running = FixtureServer().start()
    running.routes["/robots.txt"] = Reply(body=b"User-agent: *\nAllow: /\n")
    running.routes["/talks"] = article(*TALKS)
    running.routes["/accuses"] = article(*ACCUSES)
    running.routes["/feed"] = feed(running, ["/talks"])
    yield running
    running.stop()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    Store(path).close()  # an empty store of the current schema
    return path


@pytest.fixture
def holder(db: Path) -> Iterator[Holder]:
    """Starts another process that takes the store for writing (running the SQL given) and
    holds it until told to let go (a line on its stdin)."""
    started: list[subprocess.Popen[str]] = []

    def hold(*sql: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), *sql],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None and process.stdout.readline() == "held\n"
        return process

    yield hold
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
