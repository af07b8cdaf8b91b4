"""Each kind of bad input becomes a stored Rejection with a stable reason; good input is kept."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from dateline.config import IngestConfig
from dateline.ingest.run import ingest
from dateline.store.duck import Store
from dateline.store.query import list_articles, list_rejections

GOOD = "A good article\n\nThe minister met his counterpart in Ankara on Tuesday to discuss trade.\n"
PAGE_WITHOUT_ARTICLE = (
    "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
)
BROKEN_FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title'


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _truncated_gzip() -> bytes:
    lines = "".join(json.dumps({"id": f"g{i}", "text": GOOD * 20}) + "\n" for i in range(200))
    whole = gzip.compress(lines.encode())
    return whole[: len(whole) // 2]


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty_file"),
    "binary.txt": (bytes(range(256)) * 40, "binary_content"),
    "photo.html": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "unsupported_format"),
    "truncated.jsonl.gz": (_truncated_gzip(), "corrupt_compression"),
    "no-article.html": (PAGE_WITHOUT_ARTICLE.encode(), "no_article_text"),
    "broken-feed.xml": (BROKEN_FEED.encode(), "malformed_feed"),
    "title-only.txt": (b"Just a title\n", "empty_text"),
}


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "test.duckdb")


def _run(store: Store, paths: list[Path], **options: int) -> tuple[int, dict[str, str]]:
    config = IngestConfig(**options) if options else IngestConfig()
    report = ingest([str(p) for p in paths], store=store, config=config)
    reasons = {
        Path(r.origin.split(":")[0].split("#")[0]).name: r.reason for r in list_rejections(store)
    }
    return report.added, reasons


@pytest.mark.parametrize(("name", "reason"), [(n, r) for n, (_, r) in BAD_FILES.items()])
def test_bad_file_is_rejected_with_its_reason(
    tmp_path: Path, store: Store, name: str, reason: str
) -> None:
    bad = _write(tmp_path, name, BAD_FILES[name][0])
    good = _write(tmp_path, "good.txt", GOOD.encode())
    _, reasons = _run(store, [bad, good])
    assert reasons.get(name) == reason
    assert any(a.title == "A good article" for a in list_articles(store))


def test_truncated_gzip_keeps_the_lines_before_the_damage(tmp_path: Path, store: Store) -> None:
    added, reasons = _run(store, [_write(tmp_path, "t.jsonl.gz", _truncated_gzip())])
    assert reasons == {"t.jsonl.gz": "corrupt_compression"}
    assert added > 10


def test_invalid_utf8_and_windows_1252_are_read(tmp_path: Path, store: Store) -> None:
    cp1252 = "Café talks\n\nThe minister’s “historic” visit – to the café – ended.\n" * 3
    invalid = b"Bad bytes\n\nThe talks \xff\xfe went on for hours in the capital city today.\n"
    _run(
        store,
        [_write(tmp_path, "w.txt", cp1252.encode("cp1252")), _write(tmp_path, "u.txt", invalid)],
    )
    texts = {a.title: a.text for a in list_articles(store)}
    assert "“historic”" in texts["Café talks"]
    assert "talks" in texts["Bad bytes"]


def test_enormous_file_is_rejected_without_reading_it_all(tmp_path: Path, store: Store) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as out:
        for _ in range(50):
            out.write(b"word " * 200_000 + b"\n")  # 50 MB
    _, reasons = _run(store, [big, _write(tmp_path, "good.txt", GOOD.encode())])
    assert reasons == {"huge.txt": "too_large"}


def test_enormous_article_in_jsonl_is_rejected(tmp_path: Path, store: Store) -> None:
    line = json.dumps({"id": "big", "text": "word " * 300_000}) + "\n"
    good = json.dumps({"id": "ok", "text": GOOD}) + "\n"
    path = _write(tmp_path, "a.jsonl", (line + good).encode())
    added, reasons = _run(store, [path])
    assert added == 1
    assert reasons == {"a.jsonl": "too_large"}


def test_malformed_jsonl_line_among_good_ones(tmp_path: Path, store: Store) -> None:
    lines = [json.dumps({"id": f"n{i}", "text": GOOD + str(i) * 40}) for i in range(5)]
    lines.insert(2, '{"id": "broken", "text": ')
    path = _write(tmp_path, "mixed.jsonl", ("\n".join(lines) + "\n").encode())
    added, _ = _run(store, [path])
    assert added == 5
    rejections = list_rejections(store)
    assert [(r.origin.rsplit(":", 1)[1], r.reason) for r in rejections] == [("3", "malformed_json")]


def test_folder_with_unreadable_entries(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "good.txt", GOOD.encode())
    (folder / "dangling.txt").symlink_to(folder / "missing-target.txt")
    os.mkfifo(folder / "pipe.txt")
    added, reasons = _run(store, [folder])
    assert added == 1
    assert reasons == {"dangling.txt": "unreadable", "pipe.txt": "not_a_file"}


def test_missing_path_is_rejected(tmp_path: Path, store: Store) -> None:
    _, reasons = _run(store, [tmp_path / "nowhere.txt"])
    assert reasons == {"nowhere.txt": "not_found"}


def test_rejections_are_not_duplicated_by_a_rerun(tmp_path: Path, store: Store) -> None:
    bad = _write(tmp_path, "empty.txt", b"")
    _run(store, [bad])
    _run(store, [bad])
    assert len(list_rejections(store)) == 1


def test_an_enormous_title_is_cut_and_the_article_kept(tmp_path: Path, store: Store) -> None:
    title = "Minister resigns " * 90_000  # 1.5 million characters
    line = json.dumps({"id": "t1", "title": title, "text": "The minister resigned. " * 20})
    path = _write(tmp_path, "big-title.jsonl", line.encode() + b"\n")
    added, rejected = _run(store, [path])
    assert (added, rejected) == (1, {})
    (article,) = list_articles(store)
    assert article.title is not None
    assert 0 < len(article.title) <= 1_000
    assert article.title.startswith("Minister resigns Minister")


def test_a_file_name_that_is_not_utf8_is_read_and_stored(tmp_path: Path, store: Store) -> None:
    odd = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt")  # a Latin-1 name on a UTF-8 system
    Path(odd).write_bytes(GOOD.replace("A good article", "Odd name").encode())
    bad = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9-empty.txt"))
    bad.write_bytes(b"")
    good = _write(tmp_path, "good.txt", GOOD.encode())
    report = ingest([str(tmp_path)], store=store, config=IngestConfig())
    assert report.added == 2
    origins = {a.title: a.origin for a in list_articles(store)}
    assert origins["Odd name"].endswith("caf\\xe9.txt")
    assert origins["A good article"] == str(good)
    reasons = {r.origin.rsplit("/", 1)[-1]: r.reason for r in list_rejections(store)}
    assert reasons["caf\\xe9-empty.txt"] == "empty_file"


def test_a_file_of_bad_lines_is_summarised_past_the_cap(tmp_path: Path, store: Store) -> None:
    lines = [b"not json"] * 40 + [b'{"title": "no text"}'] * 30 + [b"{}"] * 5
    good = json.dumps({"id": "g", "text": GOOD}).encode()
    bad = _write(tmp_path, "bad.jsonl", b"\n".join([good, *lines]) + b"\n")
    report = ingest([str(bad)], store=store, config=IngestConfig(max_rejections_per_file=10))
    assert report.added == 1
    assert report.rejected == 75  # every bad line counted, 11 of them listed
    stored = list_rejections(store)
    assert len(stored) == 11
    summary = [r for r in stored if r.origin == str(bad)]
    assert len(summary) == 1
    assert summary[0].detail.startswith("65 more items of this file rejected past the first 10")
    assert "malformed_json 30" in summary[0].detail and "missing_field 35" in summary[0].detail
    again = ingest([str(bad)], store=store, config=IngestConfig(max_rejections_per_file=10))
    assert again.added == 0
    assert len(list_rejections(store)) == 11  # a rerun stores nothing twice


def test_files_whose_names_look_like_lines_or_items_have_caps_of_their_own(
    tmp_path: Path, store: Store
) -> None:
    # "notes#1.jsonl" and "notes#2.jsonl" are two files, "data:12" is a file, not line 12 of
    # "data": each file's rejections are counted against its own cap
    bad = b"\n".join([b'{"title": "no text"}'] * 6) + b"\n"
    names = ["notes#1.jsonl", "notes#2.jsonl", "data:12.jsonl", "data:13.jsonl"]
    paths = [str(_write(tmp_path, name, bad)) for name in names]
    report = ingest(paths, store=store, config=IngestConfig(max_rejections_per_file=4))
    assert report.rejected == 24
    stored = list_rejections(store)
    summaries = sorted(r.origin.rsplit("/", 1)[-1] for r in stored if "more items" in r.detail)
    assert summaries == sorted(names)
    assert len(stored) == 4 * (4 + 1)


def test_text_over_the_size_limit_is_rejected_before_any_repair(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a few KB of blank lines that would cost minutes of mojibake repair, line by line
    from dateline.ingest import decode

    repaired: list[int] = []
    real = decode.ftfy.fix_text
    monkeypatch.setattr(
        decode.ftfy, "fix_text", lambda text, *a: repaired.append(len(text)) or real(text, *a)
    )
    lines = _write(tmp_path, "lines.txt", b" \n" * 5_000)
    record = json.dumps({"id": "j", "text": "word " * 3_000}).encode() + b"\n"
    field = _write(tmp_path, "long.jsonl", record)
    good = _write(tmp_path, "good.txt", GOOD.encode())
    config = IngestConfig(max_article_chars=5_000)
    report = ingest([str(lines), str(field), str(good)], store=store, config=config)
    assert report.added == 1
    assert sorted(r.reason for r in list_rejections(store)) == ["too_large", "too_large"]
    assert repaired and max(repaired) < 5_000  # only the good article was repaired


def test_a_reader_failing_on_one_file_costs_that_file_only(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.ingest import sources

    real = sources.read_jsonl

    def failing(stream, *, origin, config):  # type: ignore[no-untyped-def]
        for number, item in enumerate(real(stream, origin=origin, config=config)):
            if "broken" in origin and number == 1:
                raise AttributeError("a parser's own bug")
            yield item

    monkeypatch.setattr(sources, "read_jsonl", failing)
    lines = {n: json.dumps({"id": n, "text": GOOD}) + "\n" for n in "abcz"}
    broken = _write(tmp_path, "broken.jsonl", "".join(lines[n] for n in "abc").encode())
    fine = _write(tmp_path, "fine.jsonl", lines["z"].encode())
    report = ingest([str(broken), str(fine)], store=store)
    assert sorted(a.id for a in list_articles(store)) == ["a", "z"]  # before the failure, after
    (failed,) = list_rejections(store)
    assert failed.origin == str(broken) and failed.reason == "processing_failed"
    assert "after 1 items: AttributeError" in failed.detail
    assert report.added == 2
