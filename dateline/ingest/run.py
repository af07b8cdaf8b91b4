"""Ingest inputs into a store: read, process in batches (in workers), write batches atomically."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence, Set

import msgspec

from dateline.config import IngestConfig
from dateline.ingest.items import RawDocument
from dateline.ingest.sources import printable_path, read_inputs
from dateline.model import Record, Rejection
from dateline.pipeline import process
from dateline.store.duck import Store
from dateline.store.inputs import KnownInputs

Progress = Callable[[int], None]


class IngestReport(Record, frozen=True, kw_only=True):
    """What one ingest run did."""

    added: int
    already_present: int
    rejections: tuple[Rejection, ...]
    seconds: float
    counted: int = 0  # rejections past the cap of their file, summarised rather than listed
    skipped_files: int = 0  # input files ingested whole before and unchanged: not read again

    @property
    def rejected(self) -> int:
        """Every input rejected: those listed and those a file's summary counts."""
        return len(self.rejections) + self.counted


def ingest(
    paths: Sequence[str],
    *,
    store: Store,
    config: IngestConfig | None = None,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Ingest every article in ``paths`` into ``store``; bad input becomes stored Rejections."""
    config = config or IngestConfig()
    files: set[str] = set()
    known = KnownInputs(store, config=config)
    items = read_inputs(
        paths,
        config=config,
        opened=files.add,
        skip=lambda path, origin: known.skip(path, origin=origin),
    )
    label = " ".join(printable_path(path) for path in paths)
    report = ingest_items(
        items,
        store=store,
        config=config,
        label=label,
        on_progress=on_progress,
        files=files,
        known=known,
    )
    known.record()  # only now: an interrupted run reads every file again
    return msgspec.structs.replace(
        report,
        already_present=report.already_present + known.skipped_articles,
        skipped_files=known.skipped_files,
    )


def ingest_items(
    items: Iterable[RawDocument | Rejection],
    *,
    store: Store,
    config: IngestConfig,
    label: str,
    on_progress: Progress | None = None,
    files: Set[str] = frozenset(),
    known: KnownInputs | None = None,
) -> IngestReport:
    """Ingest raw documents (records a program made, rather than files) into ``store``;
    ``files`` are the origins of the files they were read from (filled as they are opened),
    which the cap on rejections counts by, and ``known`` counts each file's items by."""
    started = time.perf_counter()
    run_id = store.begin_run("ingest " + label)
    added = present = 0
    rejections: list[Rejection] = []
    cap = RejectionCap(config.max_rejections_per_file, files=files)
    for batch in process(items, config=config, near_dup=store.near_dup):
        if known is not None:
            for result in batch:
                origin = result.origin if isinstance(result, Rejection) else result.article.origin
                known.tally(file_of(origin, files), is_article=not isinstance(result, Rejection))
        outcome = store.write_batch([r for r in batch if cap.admit(r)])
        added += len(outcome.added)
        present += outcome.already_present
        rejections.extend(outcome.rejections)
        if on_progress is not None:
            on_progress(len(batch))
    summaries = cap.summaries()
    if summaries:
        rejections.extend(store.write_batch(summaries).rejections)
    counted = cap.counted()  # the rejections the summaries stand for
    store.finish_run(run_id, added=added, rejected=len(rejections) + counted)
    return IngestReport(
        added=added,
        already_present=present,
        rejections=tuple(rejections),
        counted=counted,
        seconds=time.perf_counter() - started,
    )


# the line, record or item of a file that an origin names: "a.jsonl:12", "crawl.warc.gz#3"
_WITHIN_FILE = re.compile(r"(?::\d+|#[^/]*)$")


def file_of(origin: str, files: Set[str] = frozenset()) -> str:
    """The file an item's origin is in (the origin itself for a whole file): the longest of
    ``files`` the origin is or starts a line or item of ("a#1.jsonl:12" is in "a#1.jsonl"),
    else the origin without its line or item part."""
    if origin in files:
        return origin
    for cut in range(len(origin) - 1, 0, -1):
        if origin[cut] in ":#" and origin[:cut] in files:
            return origin[:cut]
    return _WITHIN_FILE.sub("", origin)


class RejectionCap:
    """Passes the first ``limit`` rejections of each input file; the rest of a file's are counted
    and become one summary rejection each file (a file of a million bad lines is a million
    rows of noise, and costs a million writes). Everything else passes."""

    def __init__(self, limit: int, *, files: Set[str] = frozenset()) -> None:
        self.limit = limit
        self.files = files  # the input files' origins, as far as read yet
        self.seen: Counter[str] = Counter()
        self.over: dict[str, Counter[str]] = {}

    def admit(self, item: object) -> bool:
        if not isinstance(item, Rejection):
            return True
        where = file_of(item.origin, self.files)
        self.seen[where] += 1
        if self.seen[where] <= self.limit:
            return True
        self.over.setdefault(where, Counter())[item.reason] += 1
        return False

    def counted(self) -> int:
        """How many rejections the summaries stand for (each summary itself listed)."""
        return sum(sum(reasons.values()) for reasons in self.over.values()) - len(self.over)

    def summaries(self) -> list[Rejection]:
        """One rejection per file past the cap: how many more, for which reasons."""
        found = []
        for where, reasons in sorted(self.over.items()):
            total = sum(reasons.values())
            listed = ", ".join(f"{reason} {count:,}" for reason, count in reasons.most_common())
            found.append(
                Rejection(
                    origin=where,
                    stage=SUMMARY_STAGE,
                    reason=reasons.most_common(1)[0][0],
                    detail=(
                        f"{total:,} more items of this file rejected past the first "
                        f"{self.limit:,} ({listed}); only the first {self.limit:,} are listed"
                    ),
                )
            )
        return found


SUMMARY_STAGE = "dateline.ingest.run.cap.v1"
