"""The DuckDB store: articles, rejections and duplicate links, written one atomic batch at a time.

Each batch (its articles, its rejections, and every duplicate link it changes) commits in one
transaction, so a run killed at any instant leaves the store as it was after some whole batch.
Articles are keyed by id and skipped when already present, which makes a re-run a resume: it
ends with the store an uninterrupted run gives.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import msgspec

from dateline.dedup import DuplicateChange, DuplicateGrouper, NearDupConfig, signature
from dateline.errors import DatelineError, Errors, Reason, config_error
from dateline.ingest.stages import Signed
from dateline.model import Article, Rejection
from dateline.store import rows
from dateline.store.dataset import is_dataset, open_dataset
from dateline.store.schema import migrate

log = logging.getLogger(__name__)

DEFAULT_PATH = Path("dateline.duckdb")
STAGE = "dateline.store.write.v1"
_LOCKED = "Could not set lock on file"  # DuckDB's words for a file another process holds


class BatchOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """What one batch changed in the store."""

    added: tuple[str, ...]
    already_present: int
    rejections: tuple[Rejection, ...]


class Store:
    """One DuckDB file (or ``:memory:``), opened for reading or for writing."""

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        read_only: bool = False,
        near_dup: NearDupConfig | None = None,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.near_dup = near_dup or NearDupConfig()
        self._grouper: DuplicateGrouper | None = None
        if is_dataset(path):  # a folder: the Parquet dataset a Spark run wrote (DESIGN §8)
            if not read_only:
                detail = f"{path} is a Parquet-dataset store: only --engine spark writes one"
                raise config_error(Errors.E004, detail=detail)
            self.con = open_dataset(Path(path))
            return
        self.con = _connect(self.path, read_only=read_only)
        if not read_only:
            migrate(self.con, path=self.path)
            self._sync_near_dup_config()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def write_batch(self, results: Sequence[Signed | Rejection]) -> BatchOutcome:
        """Store one batch atomically: new articles, rejections, duplicate links."""
        grouper = self._loaded_grouper()
        signed, conflicts, present = self._new_articles(
            [r for r in results if isinstance(r, Signed)]
        )
        rejections = [r for r in results if isinstance(r, Rejection)] + conflicts
        self.con.execute("BEGIN TRANSACTION")
        try:
            changes = self._insert_articles(signed, grouper)
            self._apply_changes(changes)
            self.insert_rejections(rejections)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            self._grouper = None  # rebuilt from the store on next use
            raise
        added = tuple(item.article.id for item in signed)
        return BatchOutcome(added=added, already_present=present, rejections=tuple(rejections))

    def _new_articles(self, signed: list[Signed]) -> tuple[list[Signed], list[Rejection], int]:
        known = self._known_hashes([item.article.id for item in signed])
        fresh: list[Signed] = []
        conflicts: list[Rejection] = []
        present = 0
        for item in signed:
            article = item.article
            stored = known.get(article.id)
            if stored is None:
                known[article.id] = article.content_hash
                fresh.append(item)
            elif stored == article.content_hash:
                present += 1
            else:
                conflicts.append(id_conflict(article))
        return fresh, conflicts, present

    def _known_hashes(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        found = self.con.execute(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))", [ids]
        ).fetchall()
        return {row[0]: row[1] for row in found}

    def _insert_articles(
        self, signed: list[Signed], grouper: DuplicateGrouper
    ) -> list[DuplicateChange]:
        if not signed:
            return []
        start = self._next_seq()
        table = rows.articles_table([item.article for item in signed], first_seq=start)
        self.con.register("new_articles", table)
        self.con.execute("INSERT INTO articles SELECT * FROM new_articles")
        self.con.unregister("new_articles")
        self.con.executemany(
            "INSERT INTO article_signatures VALUES (?, ?)",
            [[item.article.id, item.signature] for item in signed],
        )
        changes: list[DuplicateChange] = []
        for item in signed:
            changes.extend(
                grouper.add(
                    item.article.id,
                    sort_key=rows.sort_key(item.article),
                    content_hash=item.article.content_hash,
                    signature=item.signature,
                )
            )
        return changes

    def _apply_changes(self, changes: list[DuplicateChange]) -> None:
        if not changes:
            return
        # One article can change twice in a batch (a later copy makes it a duplicate): the last
        # change is its state, and UPDATE ... FROM with two rows for it would pick either.
        latest = list({change.article_id: change for change in changes}.values())
        table = rows.changes_table(latest)
        self.con.register("dup_changes", table)
        self.con.execute(
            """UPDATE articles SET duplicate_of = c.duplicate_of, duplicate_kind = c.kind,
                   duplicate_similarity = c.similarity
               FROM dup_changes AS c WHERE articles.id = c.article_id"""
        )
        self.con.unregister("dup_changes")

    def insert_rejections(self, rejections: Sequence[Rejection]) -> None:
        """Store rejections inside the caller's transaction (one already stored is kept)."""
        if not rejections:
            return
        now = datetime.now(UTC)
        self.con.executemany(
            "INSERT INTO rejections VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                [r.origin, r.stage, r.reason, r.detail, r.sample, r.rejected_at or now]
                for r in rejections
            ],
        )

    def _next_seq(self) -> int:
        return int(self._scalar("SELECT coalesce(max(seq), 0) + 1 FROM articles"))

    def forget_duplicate_index(self) -> None:
        """Let go of the duplicate index, every stored article's signature in memory; the next
        batch rebuilds it from the store. For a writer that lives for weeks (``dateline serve
        --watch``): it keeps nothing per article between its batches."""
        self._grouper = None

    def _loaded_grouper(self) -> DuplicateGrouper:
        """The duplicate grouper, rebuilt from stored signatures the first time it is needed."""
        if self._grouper is None:
            self._dedup_state(rebuild=True)
        assert self._grouper is not None  # set by _dedup_state
        return self._grouper

    def _dedup_state(self, *, rebuild: bool = False) -> list[DuplicateChange]:
        """Rebuild the duplicate grouper from stored signatures; the changes it finds.

        On a consistent store the changes are what is stored already; after a settings
        change (``rebuild``) they are the new duplicate links to write.
        """
        changes: list[DuplicateChange] = []
        if self._grouper is None or rebuild:
            grouper = DuplicateGrouper(config=self.near_dup)
            stored = self.con.execute(
                # an estimated date ("2021-08") is no day to order copies by: they sort as undated
                """SELECT a.id, CASE WHEN a.published_precision IS NULL THEN a.published END,
                          a.content_hash, s.signature
                   FROM articles a JOIN article_signatures s ON s.article_id = a.id
                   ORDER BY a.seq"""
            ).fetchall()
            for identifier, published, digest, sig in stored:
                key = rows.sort_key_of(identifier, published)
                changes.extend(
                    grouper.add(identifier, sort_key=key, content_hash=digest, signature=bytes(sig))
                )
            self._grouper = grouper
        return changes

    def _sync_near_dup_config(self) -> None:
        """Re-sign every article and regroup duplicates when the near-duplicate settings changed.

        Signatures made with other settings cannot be compared with new ones, so a store
        written by another configuration is brought over whole, in one transaction.
        """
        wanted = msgspec.json.encode(self.near_dup).decode()
        found = self.con.execute("SELECT value FROM meta WHERE key = 'near_dup_config'").fetchall()
        if found and found[0][0] == wanted:
            return
        self.con.execute("BEGIN TRANSACTION")
        stored = self.con.execute("SELECT id, text FROM articles ORDER BY seq").fetchall()
        self.con.execute("DELETE FROM article_signatures")
        if stored:
            self.con.executemany(
                "INSERT INTO article_signatures VALUES (?, ?)",
                [
                    [identifier, signature(text, config=self.near_dup)]
                    for identifier, text in stored
                ],
            )
        self.con.execute(
            "UPDATE articles SET duplicate_of = NULL, duplicate_kind = NULL, "
            "duplicate_similarity = NULL"
        )
        self._apply_changes(self._dedup_state(rebuild=True))
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('near_dup_config', ?)", [wanted])
        self.con.execute("COMMIT")

    def begin_run(self, command: str) -> int:
        run_id = int(self._scalar("SELECT coalesce(max(id), 0) + 1 FROM runs"))
        self.con.execute(
            "INSERT INTO runs (id, started_at, command) VALUES (?, ?, ?)",
            [run_id, datetime.now(UTC), command],
        )
        return run_id

    def finish_run(self, run_id: int, *, added: int, rejected: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, added = ?, rejected = ? WHERE id = ?",
            [datetime.now(UTC), added, rejected, run_id],
        )

    def _scalar(self, sql: str, params: list[object] | None = None) -> Any:
        # fetchall, not fetchone: DuckDB refuses register() while a result is half-read.
        return self.con.execute(sql, params or []).fetchall()[0][0]


def id_conflict(article: Article) -> Rejection:
    """The rejection of an article whose id a different stored article already has."""
    detail = (
        f"an article with id {article.id!r} but different content is already stored; "
        "the stored one was kept"
    )
    return Rejection(
        origin=article.origin,
        stage=STAGE,
        reason=Reason.ID_CONFLICT.value,
        detail=detail,
        sample=article.text[:300],
    )


def is_busy(err: DatelineError) -> bool:
    """Whether ``err`` (E006) says that another process holds the store's file, so that opening
    it again later may work, rather than that the file is no store or cannot be read."""
    cause = err.__cause__
    return isinstance(cause, duckdb.IOException) and _LOCKED in str(cause)


def _connect(path: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as err:
        raise config_error(Errors.E006, path=path, detail=str(err)) from err
    con.execute("SET TimeZone = 'UTC'")
    return con
