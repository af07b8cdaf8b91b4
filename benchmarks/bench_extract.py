"""Extraction benchmark: ``dateline extract`` end to end against its floor, spaCy alone.

Every measured run is a fresh process (the CLI itself, or this script with ``--child``), so its
peak memory and one-off costs are its own.  Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
from bench_ingest import CORPORA, ROOT, descendants, machine

import dateline.nlp.analyse as analyse_module
from dateline.config import IngestConfig
from dateline.extract.article import new_extractor
from dateline.extract.contract import extract_lines
from dateline.ingest.build import build_article
from dateline.ingest.jsonl import parse_line
from dateline.model import Article, Rejection
from dateline.nlp.analyse import PIPE_BATCH
from dateline.nlp.load import load_nlp

CORPUS = "news-2017"
RESULTS = ROOT / "benchmarks" / "results"
# The same batch size dateline's extractor gives nlp.pipe, so the floor is like for like.
_SPACY_BATCH = PIPE_BATCH
# Articles a call of the extractor gets, as ``dateline extract`` batches them.
_ARTICLE_BATCH = 16
# Enough articles for two of the extractor's batches, so a 2-worker start spawns both workers.
_STARTUP_ARTICLES = 32
_SAMPLE_SECONDS = 0.2
_PROFILE_ROWS = 40
Figures = dict[str, Any]


# --- child side: the floor (spaCy alone) and the profile --------------------------------------


def child_floor(texts_path: str, *, n_process: int) -> Figures:
    """Load the pipeline, then ``nlp.pipe`` over the cleaned texts (and, for 1 process, titles)."""
    started = time.perf_counter()
    nlp = load_nlp()
    loaded = time.perf_counter()
    texts, titles = _read_texts(texts_path)
    docs = nlp.pipe(texts, batch_size=_SPACY_BATCH, n_process=n_process)
    tokens = sum(len(doc) for doc in docs)
    piped = time.perf_counter()
    figures = {"load_s": loaded - started, "pipe_s": piped - loaded, "tokens": tokens}
    if n_process == 1:  # dateline also parses every title; its cost, for the record
        sum(1 for _ in nlp.pipe(titles, batch_size=_SPACY_BATCH))
        figures["titles_pipe_s"] = time.perf_counter() - piped
    return figures | {"articles": len(texts)}


def _read_texts(path: str) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    return [row["text"] for row in rows], [row["title"] for row in rows]


def child_profile(input_path: str, *, out: str) -> Figures:
    """A 1-worker ``extract_lines`` run under cProfile; a report of dateline's costs to ``out``."""
    lines = Path(input_path).read_bytes().splitlines()
    profiler = cProfile.Profile()
    count = profiler.runcall(_drain, lines)
    stats = pstats.Stats(profiler)
    Path(out).write_text(profile_report(stats, articles=count), encoding="utf-8")
    return {"articles": count, "seconds_by_package": _by_package(stats)}


def _drain(lines: Iterable[bytes]) -> int:
    return sum(1 for _ in extract_lines(lines, workers=1))


def profile_report(stats: pstats.Stats, *, articles: int) -> str:
    """Own time per package, then the top dateline functions by own and by cumulative time."""
    text = io.StringIO()
    text.write(f"cProfile of dateline extract, 1 worker, {articles} articles\n\n")
    text.write("Own time (tottime) by package, seconds:\n")
    for package, seconds in _by_package(stats).items():
        text.write(f"  {package:<28} {seconds:8.2f}\n")
    events, total = _event_share(stats)
    text.write(
        f"\nEvent coding (candidates from the parse, coding, typing model): {events:.2f} s "
        f"cumulative of {total:.2f} s in all, {events / max(total - events, 1e-9):.1%} "
        "on top of the rest of extraction\n"
    )
    stats.stream = text  # type: ignore[attr-defined]  # pstats writes to its stream attribute
    # Only dateline's own functions: spaCy's would fill the list and are the floor anyway.
    text.write(f"\nTop {_PROFILE_ROWS} dateline functions by own time:\n")
    stats.sort_stats("tottime").print_stats(r"/dateline/", _PROFILE_ROWS)
    text.write(f"\nTop {_PROFILE_ROWS} dateline functions by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(r"/dateline/", _PROFILE_ROWS)
    return text.getvalue()


# The two entry points of event coding: everything events cost runs under one of them.
_EVENT_ENTRIES = (("dateline/nlp/events.py", "event_candidates"), ("events/coder.py", "code"))


def _event_share(stats: pstats.Stats) -> tuple[float, float]:
    """Cumulative seconds under the event-coding entry points, and the run's total seconds."""
    rows = stats.stats.items()  # type: ignore[attr-defined]
    events = sum(
        row[3]
        for (filename, _, name), row in rows
        if any(filename.endswith(path) and name == entry for path, entry in _EVENT_ENTRIES)
    )
    return events, float(stats.total_tt)  # type: ignore[attr-defined]


def _by_package(stats: pstats.Stats) -> dict[str, float]:
    totals: Counter[str] = Counter()
    for (filename, _, _), row in stats.stats.items():  # type: ignore[attr-defined]
        totals[_package(filename)] += row[2]  # row: calls, primitive calls, tottime, cumtime
    return {name: round(seconds, 3) for name, seconds in totals.most_common()}


def _package(filename: str) -> str:
    if filename == "~":  # C functions called from Python (builtins, methods of C types)
        return "(C builtins)"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if "/dateline/" in filename:
        return "dateline"
    if filename.endswith((".pyx", ".pxd")):  # Cython code compiled with profiling hooks
        return filename.split("/", 1)[0]
    if filename.startswith("<frozen"):
        return "(imports)"
    return "(stdlib and other)"


def child_events(input_path: str, *, rounds: int = 2) -> Figures:
    """What event coding adds to extraction: the same articles extracted in one process with
    event candidates on and off, alternating (off, on, off, on), CPU seconds of each round."""
    articles = _articles(Path(input_path))
    extractor = new_extractor()
    extractor.extract_batch(articles[:_ARTICLE_BATCH])  # warm: first-call costs in neither arm
    with_events = analyse_module.event_candidates
    seconds: dict[str, list[float]] = {"off": [], "on": []}
    for _ in range(rounds):
        for arm in ("off", "on"):
            analyse_module.event_candidates = (  # type: ignore[assignment]
                with_events if arm == "on" else _no_candidates
            )
            started = time.process_time()
            for first in range(0, len(articles), _ARTICLE_BATCH):
                extractor.extract_batch(articles[first : first + _ARTICLE_BATCH])
            seconds[arm].append(time.process_time() - started)
    analyse_module.event_candidates = with_events
    means = {arm: sum(values) / len(values) for arm, values in seconds.items()}
    return {
        "articles": len(articles),
        "round_cpu_s": seconds,
        "added_mean": means["on"] / means["off"] - 1,
        "added_best": min(seconds["on"]) / min(seconds["off"]) - 1,
    }


def _no_candidates(*_args: object, **_kwargs: object) -> Iterator[object]:
    return iter(())


def _articles(source: Path) -> list[Article]:
    """The input lines as the extractor's Articles, read and cleaned as ``extract_lines`` does
    (a line that gets an error there is skipped: the extractor never parses it)."""
    config, now, found = IngestConfig(), datetime.now(UTC), []
    with source.open("rb") as lines:
        for number, line in enumerate(lines):
            raw = parse_line(line, origin=f"<input>:{number + 1}")
            if isinstance(raw, Rejection) or raw.id is None:
                continue
            built = build_article(
                msgspec.structs.replace(raw, keep_text=True), config=config, now=now
            )
            if isinstance(built, Article):
                found.append(built)
    return found


def run_child(args: argparse.Namespace) -> None:
    if args.child == "floor":
        figures = child_floor(args.path, n_process=args.workers[0])
    elif args.child == "events":
        figures = child_events(args.path)
    else:
        figures = child_profile(args.path, out=args.profile_out)
    Path(args.result).write_text(json.dumps(figures), encoding="utf-8")


# --- parent side: run commands, sample their memory, gather figures --------------------------


def measured(command: Sequence[str], *, result: Path | None = None) -> Figures:
    """Run ``command``: wall and CPU seconds, peak memory, load average, its own JSON figures."""
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT)
    done, peak = threading.Event(), [0, 0]
    sampler = threading.Thread(target=_sample, args=(child.pid, done, peak), daemon=True)
    sampler.start()
    # wait4, not Popen.wait: its usage covers the child and every descendant it reaped.
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"benchmark run failed (exit {child.returncode}): {' '.join(command)}")
    figures: Figures = json.loads(result.read_text(encoding="utf-8")) if result else {}
    return figures | {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_tree_sampled_mib": peak[0] / 1024,
        "peak_pss_tree_sampled_mib": peak[1] / 1024,
        "peak_rss_largest_process_mib": usage.ru_maxrss / 1024,
        "loadavg_1min": {"before": load_before, "after": os.getloadavg()[0]},
    }


def _sample(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.is_set():
        rss, pss = tree_memory_kib(pid)
        peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
        done.wait(_SAMPLE_SECONDS)


def tree_memory_kib(root: int) -> tuple[int, int]:
    """The summed RSS and PSS (KiB) of ``root`` and all its descendants (Linux only).

    RSS counts a page that several processes share (a library, or memory a worker forked from
    its parent has not written to) in each of them; PSS divides it among them, so the PSS sum is
    what the processes hold together and the RSS sum counts shared pages more than once."""
    rss = pss = 0
    for pid in descendants(root):
        memory = _rollup_kib(pid)
        rss, pss = rss + memory.get("Rss", 0), pss + memory.get("Pss", 0)
    return rss, pss


def _rollup_kib(pid: int) -> dict[str, int]:
    """The totals of ``/proc/PID/smaps_rollup`` ("Rss", "Pss", ...), in KiB."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
    except OSError:  # the process ended between listing and reading
        return {}
    return {line.split(":")[0]: int(line.split()[1]) for line in lines}


def cli_run(source: Path, *, out: Path, workers: int) -> Figures:
    """``dateline extract`` as a user runs it, from the virtualenv's own entry point."""
    command = [str(_dateline_bin()), "extract", "-i", str(source), "-o", str(out)]
    return measured([*command, "--workers", str(workers)])


def _dateline_bin() -> Path:
    entry = Path(sys.executable).with_name("dateline")
    if not entry.is_file():
        raise SystemExit(f"{entry} not found: run with the virtualenv's python (make install)")
    return entry


def child_run(mode: str, path: Path, *, work: Path, extra: Sequence[str] = ()) -> Figures:
    """This script again with ``--child mode``, measured."""
    result = work / f"{mode}-{time.monotonic_ns()}.json"
    command = [sys.executable, __file__, "--child", mode, "--path", str(path)]
    return measured([*command, "--result", str(result), *extra], result=result)


def first_lines(source: Path, *, limit: int | None, target: Path) -> int:
    """Decompress the first ``limit`` lines (all when None) of ``source`` to ``target``."""
    count = 0
    with gzip.open(source, "rb") as lines, target.open("wb") as out:
        for line in lines:
            if limit is not None and count >= limit:
                break
            out.write(line)
            count += 1
    return count


def clean_texts(source: Path, *, target: Path) -> int:
    """The cleaned text and title of every article, as dateline's extractor gives them to spaCy."""
    articles = _articles(source)
    with target.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps({"text": article.text, "title": article.title or ""}) + "\n")
    return len(articles)


def output_counts(path: Path) -> Figures:
    """Lines, errors, and mentions, quotes and timexes per article in an extraction JSONL."""
    totals: Counter[str] = Counter()
    with path.open("rb") as lines:
        for line in lines:
            row = json.loads(line)
            totals["lines"] += 1
            totals["errors"] += row["error"] is not None
            for kind in ("mentions", "quotes", "timexes", "events"):
                totals[kind] += len(row[kind])
            totals["mentions_with_actor"] += sum(m["actor"] is not None for m in row["mentions"])
    per = max(1, totals["lines"] - totals["errors"])
    return dict(totals) | {
        f"{kind}_per_article": totals[kind] / per
        for kind in ("mentions", "mentions_with_actor", "quotes", "timexes", "events")
    }


def bench(
    source: Path, *, workers: Sequence[int], work: Path, profile_limit: int, out: Path
) -> Figures:
    """Every figure for one (already decompressed) input file."""
    articles = clean_texts(source, target=work / "texts.jsonl")
    startup = work / "startup.jsonl"
    startup.write_bytes(b"".join(source.read_bytes().splitlines(True)[:_STARTUP_ARTICLES]))
    runs: dict[str, Figures] = {}
    for count in workers:
        print(f"  dateline extract, {count} worker(s) ...", flush=True)
        start = cli_run(startup, out=work / f"startup-w{count}.jsonl", workers=count)
        runs[str(count)] = cli_run(source, out=work / f"out-w{count}.jsonl", workers=count)
        runs[str(count)]["startup_wall_s"] = start["wall_s"]
    floors: dict[str, Figures] = {}
    for count in workers:
        print(f"  spaCy alone, n_process={count} ...", flush=True)
        floors[str(count)] = child_run(
            "floor", work / "texts.jsonl", work=work, extra=["--workers", str(count)]
        )
    profiled = _profile(source, limit=profile_limit, work=work, out=out)
    print("  event coding on and off, 1 process, 2 rounds each ...", flush=True)
    events = child_run("events", source, work=work)
    return summarise(runs, floors, work=work, articles=articles) | {
        "profile": profiled,
        "event_coding": events,
    }


def _profile(source: Path, *, limit: int, work: Path, out: Path) -> Figures:
    print(f"  cProfile, 1 worker, first {limit} articles ...", flush=True)
    subset = work / "profile.jsonl"
    subset.write_bytes(b"".join(source.read_bytes().splitlines(True)[:limit]))
    out.mkdir(parents=True, exist_ok=True)
    report = out.resolve() / "extract_profile.txt"
    figures = child_run("profile", subset, work=work, extra=["--profile-out", str(report)])
    shown = report.relative_to(ROOT) if report.is_relative_to(ROOT) else report
    return figures | {"report": str(shown)}


def summarise(
    runs: dict[str, Figures], floors: dict[str, Figures], *, work: Path, articles: int
) -> Figures:
    for count, run in runs.items():
        _rates(run, floors[count], articles=articles)
    outputs = [(work / f"out-w{count}.jsonl").read_bytes() for count in runs]
    return {
        "articles": articles,
        "extract": runs,
        "spacy_floor": floors,
        "output": output_counts(work / f"out-w{next(iter(runs))}.jsonl"),
        "outputs_identical_across_workers": all(out == outputs[0] for out in outputs),
    }


def _rates(run: Figures, floor: Figures, *, articles: int) -> None:
    """Throughputs and the ratios of dateline to spaCy alone, written into ``run``."""
    # Steady state: the run minus a run of the first few articles (start-up, model and
    # knowledge-base loading, worker spawning), per remaining article.
    steady = (run["wall_s"] - run["startup_wall_s"]) / (articles - _STARTUP_ARTICLES)
    floor["articles_per_s"] = articles / floor["pipe_s"]
    floor["articles_per_s_with_load"] = articles / floor["wall_s"]
    run["articles_per_s"] = articles / run["wall_s"]
    run["articles_per_s_steady"] = 1 / steady
    run["vs_spacy"] = {
        "wall": run["wall_s"] / floor["wall_s"],
        "steady": floor["articles_per_s"] * steady,
        "cpu": run["cpu_s"] / floor["cpu_s"],
    }


# --- report -----------------------------------------------------------------------------------


def markdown(results: Figures) -> str:
    host, corpus = results["machine"], results["corpus"]
    lines = [
        "# Extraction benchmark",
        "",
        f"{host['date']}, commit {host['git_commit']}: {host['cpu_cores']} cores "
        f"({host['cpu_model']}), {host['memory_gib']} GiB, Python {host['python']}. "
        f"Corpus {results['corpus_name']}{_limited(results['limit'])}: {corpus['articles']} "
        "articles (lines that got an error excluded).",
        "",
        "| run | workers | articles/s | steady articles/s | s | CPU s | peak MiB (PSS / RSS sum) "
        "| × spaCy (wall / steady / CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [_extract_row(count, run) for count, run in corpus["extract"].items()]
    lines += [_floor_row(count, floor) for count, floor in corpus["spacy_floor"].items()]
    memory = (
        "Peak memory: the run's process and all its descendants, sampled every "
        f"{_SAMPLE_SECONDS} s from /proc/PID/smaps_rollup. PSS sum: a page that several "
        "processes share (libraries; pages a forked process has not written) divided among "
        "them, what they hold together. RSS sum: such a page counted once in each process."
    )
    return "\n".join([*lines, "", memory, "", *_output_lines(corpus)]) + "\n"


def _limited(limit: int | None) -> str:
    return f", first {limit} lines (--limit {limit})" if limit else ""


def _extract_row(count: str, run: Figures) -> str:
    ratio = run["vs_spacy"]
    return (
        f"| dateline extract | {count} | {run['articles_per_s']:.1f} "
        f"| {run['articles_per_s_steady']:.1f} | {run['wall_s']:.1f} | {run['cpu_s']:.1f} "
        f"| {_peaks(run)} "
        f"| {ratio['wall']:.2f} / {ratio['steady']:.2f} / {ratio['cpu']:.2f} |"
    )


def _floor_row(count: str, floor: Figures) -> str:
    return (
        f"| spaCy nlp.pipe alone | {count} | {floor['articles_per_s_with_load']:.1f} "
        f"| {floor['articles_per_s']:.1f} | {floor['wall_s']:.1f} | {floor['cpu_s']:.1f} "
        f"| {_peaks(floor)} | 1 |"
    )


def _peaks(run: Figures) -> str:
    return f"{run['peak_pss_tree_sampled_mib']:.0f} / {run['peak_rss_tree_sampled_mib']:.0f}"


def _output_lines(corpus: Figures) -> list[str]:
    output, profile = corpus["output"], corpus["profile"]
    spacy = sum(profile["seconds_by_package"].get(name, 0.0) for name in ("spacy", "thinc"))
    return [
        f"Per article: {output['mentions_per_article']:.1f} mentions "
        f"({output['mentions_with_actor_per_article']:.1f} resolved to an actor), "
        f"{output['quotes_per_article']:.1f} quotes, {output['timexes_per_article']:.1f} timexes "
        f"({output['errors']} error lines). Outputs identical across worker counts: "
        f"{corpus['outputs_identical_across_workers']}.",
        "",
        f"Profile ({profile['articles']} articles, 1 worker, `{profile['report']}`): own time "
        f"in dateline {profile['seconds_by_package'].get('dateline', 0.0):.1f} s, "
        f"in spacy + thinc {spacy:.1f} s.",
        *_event_lines(corpus.get("event_coding")),
    ]


def _event_lines(events: Figures | None) -> list[str]:
    if not events:
        return []
    rounds = "; ".join(
        f"{arm} {', '.join(f'{s:.1f}' for s in seconds)} s"
        for arm, seconds in events["round_cpu_s"].items()
    )
    return [
        "",
        f"Event coding (the same {events['articles']} articles extracted in one process with "
        f"event candidates off and on, alternating; CPU seconds {rounds}): adds "
        f"{events['added_mean']:.0%} to extraction (means), {events['added_best']:.0%} (best "
        "of each). The profile's share above is inflated by cProfile's cost per Python call.",
    ]


# --- command line -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--limit", type=int, help="only the first N articles of the corpus")
    parser.add_argument(
        "--profile-limit", type=int, default=500, help="articles in the profiled run"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for extract.json/.md")
    # Internal: how the parent starts one measured run.
    parser.add_argument("--child", choices=("floor", "profile", "events"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit <= 2 * _STARTUP_ARTICLES:
        parser.error(
            f"--limit must be over {2 * _STARTUP_ARTICLES}: the start-up runs take "
            f"the first {_STARTUP_ARTICLES} articles"
        )
    return args


def run_parent(args: argparse.Namespace) -> None:
    path = (ROOT / CORPORA[CORPUS]).resolve()
    if not path.is_file():
        print(f"skipping {CORPUS}: {path} not found (../shared is absent); nothing measured")
        return
    results: Figures = {"machine": machine(), "workers": args.workers, "limit": args.limit}
    with tempfile.TemporaryDirectory(prefix="dateline-bench-extract-") as folder:
        work = Path(folder)
        source = work / "articles.jsonl"
        lines = first_lines(path, limit=args.limit, target=source)
        print(f"{CORPUS}: {lines} lines from {path}", flush=True)
        profile_limit = min(args.profile_limit, lines)
        corpus = bench(
            source, workers=args.workers, work=work, profile_limit=profile_limit, out=args.out
        )
    results |= {"corpus_name": CORPUS, "corpus": corpus}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "extract.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "extract.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        run_child(args)
    else:
        run_parent(args)


if __name__ == "__main__":
    main()
