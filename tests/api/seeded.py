"""A store built from the seed articles plus one hostile article, for the API and browser tests."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.store.duck import Store
from dateline.store.fusion import fuse_store
from dateline.store.stories import update_stories

HOSTILE_ID = "hostile-1"
# Each payload would set window.__pwned if any page let it run.
HOSTILE_TITLE = '<script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=1">'
HOSTILE_TEXT = (
    "Antony Blinken met Mevlüt Çavuşoğlu in Ankara on Monday "
    '<script>window.__pwned = "text"</script> to discuss Afghanistan.\n\n'
    'Blinken criticised the Taliban <img src=x onerror="window.__pwned=2"> on Tuesday, '
    'and Çavuşoğlu thanked Blinken <a href="javascript:window.__pwned=3">here</a>.'
)
HOSTILE = {
    "id": HOSTILE_ID,
    "title": HOSTILE_TITLE,
    "text": HOSTILE_TEXT,
    "url": "javascript:window.__pwned=4",
    "source": '<b onmouseover="window.__pwned=5">Evil Wire</b>',
    "published": "2021-08-26",
}


def build_store(seeds: Path, folder: Path) -> Path:
    """Run the whole pipeline (``dateline run``) on the seeds and the hostile article."""
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = folder / "web.duckdb"
    args = ["run", str(seeds), str(hostile), "--db", str(db), "--published", "2021-08-25", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        # Stories then fusion again, so fused events carry their story (both steps are
        # rebuilt whole, so this is a no-op where ``dateline run`` did them already).
        update_stories(store)
        fuse_store(store)
    return db
