"""The timeline following new events, in a real headless Chromium (Debian's package, driven by
Playwright): ``serve --watch`` on a real uvicorn stores a feed item while the page is open, and
the page's own script shows its event, as text, without a reload."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dateline.api.app import create_app
from dateline.watch import FetchConfig, WatchConfig
from tests.watch.server import FixtureServer, Reply
from tests.watch.test_serve import HTML, PUBLISHED, TALKS, article, feed, listed, wait_until

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium"),
]
# Records every attempt to run inline script or handlers, before any page script runs.
WATCH_CSP = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""
HOSTILE = (
    f"<html><head><title>Talks</title>{PUBLISHED}</head><body><article><h1>Talks</h1>"
    + "<p>Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on "
    "Tuesday &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt; to discuss trade.</p>"
    * 4
    + "</article></body></html>"
)


@pytest.fixture
def fixtures() -> Iterator[FixtureServer]:
    running = FixtureServer().start()
    running.routes["/robots.txt"] = Reply(body=b"")
    running.routes["/talks"] = article(*TALKS)
    running.routes["/hostile"] = Reply(body=HOSTILE.encode(), headers=HTML)
    running.routes["/feed"] = feed(running, [])
    yield running
    running.stop()


@pytest.fixture
def served(fixtures: FixtureServer, tmp_path: Path) -> Iterator[str]:
    """``serve --watch`` of the fixture feed on a real uvicorn bound to a free loopback port."""
    import uvicorn

    config = WatchConfig(every=1.0, fetch=FetchConfig(allow_private=True, delay=0.0))
    app = create_app(tmp_path / "news.duckdb", watch=[fixtures.url("/feed")], watch_config=config)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_until(lambda: server.started, limit=60), "uvicorn did not start"
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=120)


@pytest.fixture
def page() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(WATCH_CSP)
        yield context.new_page()
        browser.close()


def test_the_timeline_follows_new_events_as_text(
    fixtures: FixtureServer, served: str, page: Any
) -> None:
    page.goto(f"{served}/timeline")
    assert page.locator("input[data-follow]").is_checked()  # a watching server follows
    assert page.locator("table.events tbody tr").count() == 0
    fixtures.routes["/feed"] = feed(fixtures, ["/talks", "/hostile"])  # two new items
    events = lambda: httpx.get(f"{served}/api/events", timeout=30).json()  # noqa: E731
    assert wait_until(lambda: listed(events(), "CONSULT", "Olaf Scholz"))
    assert wait_until(lambda: any("Moscow" in item["evidence"] for item in events()["items"]))
    # the page's own poll (every 15 s) brings the new events in, with no reload
    row = page.locator("table.events tbody tr.fresh", has_text="Moscow")
    row.first.wait_for(timeout=120_000)
    assert page.locator("table.events tbody tr", has_text="Olaf Scholz").count() >= 1
    assert page.locator("a.tl-event").count() >= 2
    assert "new event" in page.locator(".follow-note").inner_text()
    evidence = row.first.locator("td.evidence").inner_text()
    assert '<img src=x onerror="window.__pwned=1">' in evidence  # shown as text, not run
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__violations") == []
