"""``dateline serve`` and ``dateline report`` as users run them."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from tests.api.seeded import build_store

runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(seeds_dir, tmp_path_factory.mktemp("cli"))


def test_report_writes_one_html_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(out), "--title", "Seeds"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<title>Seeds</title>" in html
    assert 'class="timeline-data"' in html and 'class="network-data"' in html


def test_report_filters_its_events(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "consult.html"
    args = ["report", "--db", str(db), "-o", str(out), "--type", "CONSULT"]
    assert runner.invoke(app, args).exit_code == 0
    types = set(re.findall(r'"type":"([A-Z]+)"', out.read_text(encoding="utf-8")))
    assert types == {"CONSULT"}


@pytest.mark.parametrize("command", ["serve", "report"])
def test_a_missing_store_is_a_usage_error(command: str, tmp_path: Path) -> None:
    args = [command, "--db", str(tmp_path / "none.duckdb")]
    if command == "report":
        args += ["-o", str(tmp_path / "r.html")]
    assert runner.invoke(app, args).exit_code == 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(db: Path) -> Iterator[int]:
    """``dateline serve`` as a real process on a free port; yields the port once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):  # bounded: up to about 20 s to start
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_answers_on_loopback_as_a_real_process(served: int) -> None:
    answer = httpx.get(f"http://127.0.0.1:{served}/api/overview", timeout=10)
    assert answer.status_code == 200
    assert answer.json()["counts"]["articles"] > 0


def test_serve_drops_a_client_that_stalls_mid_request(served: int) -> None:
    with socket.create_connection(("127.0.0.1", served), timeout=60) as stalled:
        stalled.sendall(b"GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        try:
            closed = stalled.recv(1) == b""  # blocks until the server gives up on it
        except ConnectionResetError:
            closed = True
    assert closed
    assert httpx.get(f"http://127.0.0.1:{served}/api/overview", timeout=10).status_code == 200


@pytest.mark.parametrize("command", ["serve", "report"])
def test_web_commands_have_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
