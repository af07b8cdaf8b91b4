"""The web interface in a real headless Chromium (Debian's package, driven by Playwright): the
timeline, an event's highlighted evidence, the network, the map, the offline report, and
hostile text.

Screenshots go to ``$DATELINE_SCREENS`` (default ``build/screens``) for a person to look at.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.store.duck import Store
from dateline.web.report import build_report
from tests.api.seeded import HOSTILE_ID, HOSTILE_TEXT, build_store
from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
]
# Records every attempt to run inline script or handlers, before any page script runs.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(seeds_dir, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    """The app on a real uvicorn bound to a free loopback port."""
    import uvicorn

    from dateline.api.app import create_app

    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded: up to 10 s for the server to start
        if running.started:
            break
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    port = running.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def screens() -> Path:
    folder = Path(os.environ.get("DATELINE_SCREENS", REPO / "build" / "screens"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_timeline_click_opens_the_event_with_its_sentence_highlighted(
    page: Any, server: str
) -> None:
    page.goto(f"{server}/timeline")
    dot = page.locator("a.tl-event").filter(visible=True).first
    dot.wait_for()
    page.locator(".timeline").screenshot(path=str(screens() / "timeline.png"))
    dot.click()
    page.wait_for_url("**/events/**")
    trigger = page.locator(".mention .sentence .hl-trigger").first
    trigger.wait_for()
    assert trigger.is_visible()
    assert trigger.inner_text().strip()
    page.screenshot(path=str(screens() / "event.png"), full_page=True)


def test_hovering_an_event_shows_its_evidence_sentence(page: Any, server: str) -> None:
    page.goto(f"{server}/timeline")
    dot = page.locator("a.tl-event").filter(visible=True).first
    dot.hover()
    tip = page.locator(".timeline .tooltip")
    tip.wait_for(state="visible")
    event_id = dot.get_attribute("data-id")
    evidence = page.evaluate(
        "id => JSON.parse(document.querySelector('.timeline-data').textContent)"
        ".items.find(e => e.id === id).evidence",
        event_id,
    )
    assert evidence and evidence[:40] in tip.inner_text()


def test_zooming_the_timeline_spreads_the_events(page: Any, server: str) -> None:
    page.goto(f"{server}/timeline")
    page.locator("a.tl-event").filter(visible=True).first.wait_for()

    def spread() -> float:
        return float(
            page.evaluate(
                "() => { const xs = [...document.querySelectorAll('a.tl-event circle')]"
                ".map(c => +c.getAttribute('cx')); return Math.max(...xs) - Math.min(...xs); }"
            )
        )

    before = spread()
    page.click("[data-zoom=in]")
    assert spread() > before


def test_network_draws_actors_that_link_to_their_pages(page: Any, server: str) -> None:
    page.goto(f"{server}/network")
    node = page.locator("a.nw-node").first
    node.wait_for()
    assert page.locator("line.edge").count() > 0
    page.locator(".network").screenshot(path=str(screens() / "network.png"))
    node.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text().strip()


def test_map_dots_link_to_their_events_and_the_form_filters_them(page: Any, server: str) -> None:
    page.goto(f"{server}/map")
    dots = page.locator("a.map-event")
    dots.first.wait_for()
    placed = dots.count()
    assert placed >= 2
    assert page.locator(".map-svg path.land").count() > 170
    page.locator(".worldmap").screenshot(path=str(screens() / "map.png"))
    page.fill("form.filters input[name=country]", "AFG")  # the other fields sent blank
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/map?**country=AFG**")
    assert 0 < dots.count() < placed
    # a named city's dot (Kabul), drawn over the hollow dot of a country known from the parties
    # and over the dots of the country a clause names ("seized control of Afghanistan")
    kabul = page.locator("a.map-event:has(circle:not(.by-actors))").filter(
        has=page.locator("title", has_text="in Kabul")
    )
    kabul.first.click()
    page.wait_for_url("**/events/**")
    assert "Kabul" in page.locator("main").inner_text()


def hostile_urls(server: str, db: Path) -> list[str]:
    with Store(db, read_only=True) as store:
        fused = store.con.execute(
            "SELECT DISTINCT fused_id FROM fused_mentions WHERE article_id = ?", [HOSTILE_ID]
        ).fetchall()
    events = [f"{server}/events/{row[0]}" for row in fused]
    return [
        f"{server}/articles/{HOSTILE_ID}",
        f"{server}/articles",
        f"{server}/timeline?statements=true",
        f"{server}/map?statements=true&min_confidence=0",
        f"{server}/search?q=script",
        *events,
    ]


def test_hostile_article_text_is_shown_and_nothing_runs(page: Any, server: str, db: Path) -> None:
    for url in hostile_urls(server, db):
        page.goto(url)
        page.wait_for_load_state("load")
        for dot in page.locator("a.tl-event").all()[:40]:
            dot.focus()  # tooltips show parties and sentences too
        assert page.evaluate("() => window.__pwned") is None, url
        assert page.evaluate("() => window.__violations") == [], url
        assert page.dialogs == [], url
    page.goto(f"{server}/articles/{HOSTILE_ID}")
    shown = page.locator(".article-text").inner_text()
    assert '<script>window.__pwned = "text"</script>' in shown
    assert HOSTILE_TEXT.split("\n")[0][:40] in shown
    assert page.locator("a[href^='javascript:']").count() == 0


def test_report_opens_offline_with_its_own_script_only(
    browser: Any, db: Path, tmp_path: Path
) -> None:
    with Store(db, read_only=True) as store:
        report = tmp_path / "report.html"
        report.write_text(build_report(store), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    context.add_init_script(WATCH)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    opened = context.new_page()
    opened.goto(report.as_uri())
    opened.locator("a.tl-event").filter(visible=True).first.wait_for()
    assert opened.locator("a.nw-node").count() > 0
    assert opened.locator("a.map-event").count() > 0
    assert opened.evaluate("() => window.__violations") == []
    assert [url for url in requested if not url.startswith("file:")] == []
    opened.screenshot(path=str(screens() / "report.png"), full_page=False)
    context.close()
