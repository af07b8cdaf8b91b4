"""Test-set building blocks: splits, headline keys, the Reuters re-run rule, and pair scoring."""

from __future__ import annotations

import pytest

from dateline.dedup import NearDupConfig
from dateline.dedup.pairset import (
    CorpusArticle,
    Doc,
    Pair,
    PairSet,
    reuters_pairs,
    split_of,
    title_key,
)
from dateline.eval.dedup import kind_balanced, report_lines, score, sign

BODY = " ".join(f"word{i} figure {i * 7} said officials" for i in range(12))


def _article(article_id: str, text: str, published: str = "1987-03-01T10:00:00") -> CorpusArticle:
    return CorpusArticle(id=article_id, title="FED ADDS RESERVES", text=text, published=published)


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("CORRECTED - C.O.M.B &lt;CMCO> TO HAVE OPTIONS", "c o m b to have options"),
        ("GM &lt;GM> MID-MARCH CAR SALES OFF 15.5 PCT", "gm mid march car sales off pct"),
        ("Fed adds reserves", "fed adds reserves"),
    ],
)
def test_title_key(title: str, key: str) -> None:
    assert title_key(title) == key


def test_split_is_stable_and_uses_both_parts() -> None:
    splits = [split_of(f"a{i}", seed=17) for i in range(100)]
    assert splits == [split_of(f"a{i}", seed=17) for i in range(100)]
    assert {"dev", "test"} == set(splits)


def test_rerun_with_same_figures_is_real_duplicate() -> None:
    pairs = reuters_pairs([_article("r1", BODY), _article("r2", BODY + " Reuter")])
    assert pairs == [Pair(a="r1", b="r2", kind="real", duplicate=True)]


def test_same_template_with_other_figures_is_negative() -> None:
    other = " ".join(f"word{i} figure {i * 11 + 1} said officials" for i in range(12))
    pairs = reuters_pairs([_article("r1", BODY), _article("r2", other)])
    assert pairs == [Pair(a="r1", b="r2", kind="template", duplicate=False)]


def test_stories_days_apart_are_not_paired() -> None:
    late = _article("r2", BODY, published="1987-03-09T10:00:00")
    assert reuters_pairs([_article("r1", BODY), late]) == []


def test_score_counts_pairs_by_kind() -> None:
    text = "The council approved the budget after a long debate on roads and housing. " * 3
    docs = (
        Doc(id="a", text=text, sort_key=("2024", "a")),
        Doc(id="a~copy", text="Share this\n" + text, sort_key=("2024", "a~copy")),
        Doc(id="b", text=BODY, sort_key=("2024", "b")),
    )
    pairs = (
        Pair(a="a", b="a~copy", kind="boilerplate", duplicate=True),
        Pair(a="a", b="b", kind="same_topic", duplicate=False),
    )
    config = NearDupConfig()
    report = score(
        PairSet(docs=docs, pairs=pairs), sign(docs, config=config), config=config, started=0.0
    )
    assert (report.precision, report.recall, report.pairs, report.positives) == (1.0, 1.0, 2, 1)
    assert kind_balanced(report) == 1.0
    assert report_lines(report)[0].startswith("shingle_size=")
