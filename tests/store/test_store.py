from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.dedup import signature
from dateline.ingest.run import ingest
from dateline.ingest.stages import Signed
from dateline.model import Article, Segment
from dateline.store.duck import Store
from dateline.store.query import get_article, list_articles
from dateline.store.schema import SCHEMA_VERSION, current_version

_text = st.text(min_size=1, max_size=200)
_opt = st.none() | st.text(max_size=40)
_when = st.none() | st.datetimes(
    min_value=datetime(1980, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    text = draw(_text)
    return Article(
        id=draw(st.text(min_size=1, max_size=20)),
        url=draw(_opt),
        source=draw(_opt),
        title=draw(_opt),
        published=draw(_when),
        published_basis=draw(st.sampled_from(["metadata", "text", "user", "estimated", "unknown"])),
        language=draw(st.none() | st.sampled_from(["en", "de"])),
        text=text,
        content_hash=draw(st.text(min_size=1, max_size=64)),
        ingested_at=datetime(2026, 1, 1, tzinfo=UTC),
        origin=draw(st.text(min_size=1)),
        format=draw(st.sampled_from(["text", "html", "jsonl", "warc", "feed"])),
        raw_text=text,
        segments=(Segment(start=0, raw_start=0, length=len(text)),),
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(article=articles())
def test_article_round_trips_through_duckdb(tmp_path: Path, article: Article) -> None:
    with Store(":memory:") as store:
        store.write_batch([Signed(article=article, signature=b"")])
        assert get_article(store, article.id) == article


def test_new_store_is_migrated(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        assert current_version(store.con) == SCHEMA_VERSION


def _article(identifier: str, text: str, *, day: int) -> Signed:
    article = Article(
        id=identifier,
        text=text,
        raw_text=text,
        content_hash=f"h-{text}",
        published=datetime(2021, 8, day, tzinfo=UTC),
        ingested_at=datetime(2026, 1, 1, tzinfo=UTC),
        origin="test",
        format="jsonl",
    )
    from dateline.dedup import NearDupConfig

    return Signed(article=article, signature=signature(text, config=NearDupConfig()))


def test_same_id_same_content_is_a_no_op_and_different_content_is_a_conflict() -> None:
    with Store(":memory:") as store:
        store.write_batch([_article("a", "one text here", day=1)])
        again = store.write_batch([_article("a", "one text here", day=1)])
        changed = store.write_batch([_article("a", "another text", day=1)])
        assert (again.added, again.already_present) == ((), 1)
        assert [r.reason for r in changed.rejections] == ["id_conflict"]
        assert [a.text for a in list_articles(store)] == ["one text here"]


def test_exact_copy_points_to_the_earliest_whatever_the_order() -> None:
    text = "The Taliban called on Turkey to help rebuild the country after decades of war. " * 3
    with Store(":memory:") as store:
        store.write_batch([_article("late", text, day=20)])
        store.write_batch([_article("early", text, day=2)])
        found = {a.id: (a.duplicate_of, a.duplicate_kind) for a in list_articles(store)}
    assert found == {"early": (None, None), "late": ("early", "exact")}


def test_a_copy_earlier_in_the_same_batch_makes_its_original_a_duplicate() -> None:
    text = "The Taliban called on Turkey to help rebuild the country after decades of war. " * 3
    batch = [_article("late", text, day=20), _article("early", text + " (AFP)", day=2)]
    with Store(":memory:") as store:
        store.write_batch(batch)
        found = {a.id: (a.duplicate_of, a.duplicate_kind) for a in list_articles(store)}
    assert found == {"early": (None, None), "late": ("early", "near")}


def _corpus(folder: Path, count: int) -> Path:
    path = folder / "corpus.jsonl"
    with path.open("w") as out:
        for number in range(count):
            words = " ".join(f"w{number}x{k}" for k in range(60))
            text = f"Report {number}. {words}. The ministers met on Monday."
            out.write(
                json.dumps(
                    {
                        "id": f"a{number}",
                        "text": text,
                        "published": f"2021-08-{1 + number % 28:02d}",
                    }
                )
                + "\n"
            )
            if number % 10 == 0:  # a syndicated copy under another id
                out.write(
                    json.dumps(
                        {"id": f"copy{number}", "text": text + " (AFP)", "published": "2021-09-01"}
                    )
                    + "\n"
                )
    return path


def _ingest_cmd(corpus: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dateline.cli.main",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--quiet",
    ]


def _state(db: Path) -> list[tuple[object, ...]]:
    with Store(db, read_only=True) as store:
        articles = store.con.execute(
            "SELECT id, text, content_hash, duplicate_of, duplicate_kind FROM articles ORDER BY id"
        ).fetchall()
        rejections = store.con.execute(
            "SELECT origin, reason FROM rejections ORDER BY 1"
        ).fetchall()
    return articles + rejections


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    with Store(db, read_only=True) as store:
        return int(store.con.execute("SELECT count(*) FROM articles").fetchall()[0][0])


def _consistent(db: Path) -> bool:
    """Every article has its signature and every duplicate link points at a stored article."""
    if not db.exists():  # killed before the store was created
        return True
    with Store(db, read_only=True) as store:
        unsigned, dangling = store.con.execute(
            """SELECT (SELECT count(*) FROM articles a ANTI JOIN article_signatures s
                       ON s.article_id = a.id),
                      (SELECT count(*) FROM articles a WHERE duplicate_of IS NOT NULL
                       AND duplicate_of NOT IN (SELECT id FROM articles))"""
        ).fetchone() or (1, 1)
    return unsigned == 0 and dangling == 0


# Runs an ingest in a child process and, when told, kills that process (SIGKILL, no cleanup)
# at a point of the run's own progress: inside the Nth batch's write, after S statements of
# it. Prints how many batches the whole run wrote when it is not killed.
_KILLING_INGEST = """
import os, signal, sys
from dateline.ingest.run import ingest
from dateline.store.duck import Store

corpus, db = sys.argv[1], sys.argv[2]
kill_batch, kill_statement = int(sys.argv[3]), int(sys.argv[4])
batches = 0


class Dying:
    def __init__(self, con):
        self.con, self.statements = con, 0

    def __getattr__(self, name):
        return getattr(self.con, name)

    def execute(self, *args, **kwargs):
        if self.statements == kill_statement:
            os.kill(os.getpid(), signal.SIGKILL)
        self.statements += 1
        return self.con.execute(*args, **kwargs)


real_write = Store.write_batch


def write_batch(self, batch):
    global batches
    batches += 1
    if batches != kill_batch:
        return real_write(self, batch)
    self.con = Dying(self.con)
    return real_write(self, batch)


Store.write_batch = write_batch
with Store(db) as store:
    ingest([corpus], store=store)
print(batches)
"""


def _killing_ingest(corpus: Path, db: Path, *, batch: int = 0, statement: int = 0) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _KILLING_INGEST, str(corpus), str(db), str(batch), str(statement)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def test_killed_run_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 3000)
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    batches = int(_killing_ingest(corpus, clean_db))
    assert batches >= 5
    # Kills at points of the run's own progress (never a clock): between two batches, and in
    # the middle of a batch's writes, early, half-way and late in the run.
    partial: list[int] = []
    for at, statement in ((0.3, 0), (0.5, 3), (0.7, 1)):
        finished = _killing_ingest(corpus, killed_db, batch=max(1, round(at * batches)),
                                   statement=statement)  # fmt: skip
        assert finished == ""  # it was killed
        partial.append(_count(killed_db))
        assert _consistent(killed_db)
    total = _count(clean_db)
    assert all(0 < count < total for count in partial), (partial, total)
    assert partial == sorted(partial)
    _killing_ingest(corpus, killed_db)
    assert _state(killed_db) == _state(clean_db)


def test_changed_near_dup_settings_resign_and_regroup(tmp_path: Path) -> None:
    from dateline.dedup import NearDupConfig

    base = " ".join(f"word{k}" for k in range(80))
    db = tmp_path / "s.duckdb"
    with Store(db, near_dup=NearDupConfig(threshold=0.95)) as store:
        store.write_batch(
            [
                _article("a", base, day=1),
                _article("b", base + " " + " ".join(f"new{k}" for k in range(20)), day=2),
            ]
        )
        assert [x.duplicate_of for x in list_articles(store)] == [None, None]
    with Store(db, near_dup=NearDupConfig(threshold=0.5)) as store:
        assert [x.duplicate_of for x in list_articles(store)] == [None, "a"]


# Extracts a store's pending articles in a child process and, when told, SIGKILLs it as the Nth
# batch of extractions is about to be written; then stories and fusion, when not killed.
_KILLING_EXTRACT = """
import os, signal, sys
import dateline.extract.run as run
from dateline.store.duck import Store
from dateline.store.fusion import fuse_store
from dateline.store.stories import update_stories

db, kill_batch = sys.argv[1], int(sys.argv[2])
written = 0
real_write = run.write_extractions


def write_extractions(store, batch):
    global written
    written += 1
    if written == kill_batch:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_write(store, batch)


run.write_extractions = write_extractions
with Store(db) as store:
    run.extract_pending(store)
    update_stories(store)
    fuse_store(store)
print(written)
"""

_PEOPLE = (
    "Zambian Foreign Minister Chanda Mwitwa arrived in Nairobi on Monday for talks on trade.",
    "On Tuesday, Mwitwa accused Kenya of breaking the trade agreement.",
    "Kenyan Trade Minister Otieno Kamau met Mwitwa in Nairobi on Wednesday.",
    "On Thursday, Kamau said Kenya would not accept new tariffs.",
)


def _people(folder: Path, count: int) -> Path:
    """A JSONL corpus of ``count`` short reports about the people of ``_PEOPLE``, four a day."""
    corpus = folder / "people.jsonl"
    with corpus.open("w") as out:
        for number in range(count):
            text = f"{_PEOPLE[number % 4]} Report {number} on the talks followed."
            day = f"2024-03-{1 + number // 4:02d}"
            out.write(json.dumps({"id": f"p{number:02d}", "text": text, "published": day}) + "\n")
    return corpus


def _extracted(db: Path) -> list[tuple[object, ...]]:
    with Store(db, read_only=True) as store:
        return [
            *store.con.execute(
                "SELECT article_id, start_char, text, actor_id FROM mentions ORDER BY 1, 2, 3"
            ).fetchall(),
            *store.con.execute(
                """SELECT article_id, seq, type, actor_id, recipient_id, confidence FROM events
                   ORDER BY 1, 2"""
            ).fetchall(),
            *store.con.execute(
                "SELECT type, actor_id, recipient_id, num_mentions FROM fused_events ORDER BY ALL"
            ).fetchall(),
        ]


def test_extraction_killed_and_resumed_gives_the_uninterrupted_store(tmp_path: Path) -> None:
    corpus = _people(tmp_path, 72)  # three batches of extraction
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    for db in (clean, killed):
        with Store(db) as store:
            ingest([str(corpus)], store=store)

    def extract(db: Path, kill: int) -> str:
        done = subprocess.run(
            [sys.executable, "-c", _KILLING_EXTRACT, str(db), str(kill)],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    assert int(extract(clean, 0)) == 3
    assert extract(killed, 2) == ""  # killed as the second batch was written
    extract(killed, 0)  # resumed: extracts what is pending, then stories and fusion
    assert _extracted(killed) == _extracted(clean)


# Runs extraction, stories and fusion on a store in a child process, SIGKILLing it at the Nth
# statement (execute or executemany) of the named phase's write: inside its transaction.
_KILLING_PHASE = """
import os, signal, sys
import dateline.store.fusion as fusion
import dateline.store.stories as stories
from dateline.extract.run import extract_pending
from dateline.store.duck import Store

db, phase, kill_statement = sys.argv[1], sys.argv[2], int(sys.argv[3])


class Dying:
    def __init__(self, con):
        self.con, self.statements = con, 0

    def __getattr__(self, name):
        return getattr(self.con, name)

    def _count(self):
        self.statements += 1
        if self.statements == kill_statement:
            os.kill(os.getpid(), signal.SIGKILL)

    def execute(self, *args, **kwargs):
        self._count()
        return self.con.execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):
        self._count()
        return self.con.executemany(*args, **kwargs)


def dying(module):
    real = module._replace

    def replace(store, found):
        store.con = Dying(store.con)
        return real(store, found)

    module._replace = replace


if kill_statement:
    dying({"stories": stories, "fusion": fusion}[phase])
with Store(db) as store:
    extract_pending(store)
    stories.update_stories(store)
    fusion.fuse_store(store)
print("done")
"""


def _tables(db: Path) -> list[tuple[object, ...]]:
    with Store(db, read_only=True) as store:
        stories = store.con.execute(
            "SELECT article_id, story_id FROM article_stories ORDER BY ALL"
        ).fetchall()
    return _extracted(db) + stories


@pytest.mark.parametrize(("phase", "statements"), [("stories", (3, 5)), ("fusion", (2, 6))])
def test_a_run_killed_while_writing_stories_or_fusion_resumes_to_the_uninterrupted_store(
    tmp_path: Path, phase: str, statements: tuple[int, ...]
) -> None:
    corpus = _people(tmp_path, 24)

    def run(db: Path, kill: int) -> str:
        done = subprocess.run(
            [sys.executable, "-c", _KILLING_PHASE, str(db), phase, str(kill)],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    clean = tmp_path / "clean.duckdb"
    with Store(clean) as store:
        ingest([str(corpus)], store=store)
    assert run(clean, 0) == "done"
    expected = _tables(clean)
    for kill in statements:
        killed = tmp_path / f"killed-{kill}.duckdb"
        with Store(killed) as store:
            ingest([str(corpus)], store=store)
        assert run(killed, kill) == ""  # killed inside the phase's transaction
        assert run(killed, 0) == "done"  # the same run again, from what the kill left
        assert _tables(killed) == expected


# Runs ``dateline run`` with the size of any file it writes capped (RLIMIT_FSIZE, the signal
# ignored so that a write past it fails as on a full disk) or, with a cap of 0, uncapped.
_CAPPED_RUN = """
import resource, signal, sys
cap = int(sys.argv[1])
if cap:
    resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
sys.argv = ["dateline", "run", sys.argv[2], "--db", sys.argv[3], "--quiet"]
from dateline.cli.main import main
main()
"""


def test_a_run_that_runs_out_of_disk_says_so_in_one_line_and_resumes(tmp_path: Path) -> None:
    corpus = _people(tmp_path, 12)

    def run(cap: int, db: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", _CAPPED_RUN, str(cap), str(corpus), str(db)],
            capture_output=True,
            text=True,
            check=False,
        )

    clean, full = tmp_path / "clean.duckdb", tmp_path / "full.duckdb"
    assert run(0, clean).returncode == 0
    failed = run(300_000, full)
    assert failed.returncode == 3  # an environment failure, not "some inputs rejected" (1)
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and "environment error" in lines[0], failed.stderr
    assert "Traceback" not in failed.stderr
    assert run(0, full).returncode == 0  # space again: the same command finishes the store
    assert _tables(full) == _tables(clean)
