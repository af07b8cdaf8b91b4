"""Dating the store's undated articles from the articles around them (DESIGN §5, "estimated").

An article's own text rarely names its year (news says "on Monday", "on Aug. 25"). Within a
store it is not alone: the dated articles of its story were written within weeks of it, and a
store gathered about one crisis spans months, not decades. ``date_from_store`` gives each
undated article the month (or year) those neighbours and its own text agree on:

1. its text's own estimate, where the text alone gives a month;
2. else near the dated articles of its story (within ``STORY_REACH`` of them): the month of
   the days it names there, or the story's month where all of them fall in one;
3. else near the dated articles of the whole store, when they span at most a year (within
   ``STORE_REACH``): the month of two or more days it names there, or the year;
4. else its text's estimate (a year), or none.

Its own text always has a say: an office it names rules out a period ("Secretary of State
Antony Blinken" cannot be 2019). A second pass lets a month found so date the rest of its
story (never the article it came from); the result depends only on what is stored, never on
the order articles came in. An article whose estimate changes is extracted again, so that
its events take it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date

from dateline.extract.actors import load_kb
from dateline.extract.dating import (
    STORE_REACH,
    STORY_REACH,
    PublishedEstimate,
    TextCues,
    estimate,
    estimate_near,
    text_cues,
)
from dateline.store.duck import Store
from dateline.store.extracted import estimate_cells

_ANCHORED = ("metadata", "user", "text")
_PILE_SPAN_DAYS = 366  # a store whose dated articles span more is not one period's news


def date_from_store(store: Store) -> int:
    """Estimate the publication month or year of every undated article from its story and
    store; returns how many articles' estimates changed (those are extracted again)."""
    # the texts of the undated articles only: a dated one is read for its date and story
    rows = store.con.execute(
        """SELECT a.id, CASE WHEN undated THEN a.text END, CASE WHEN undated THEN a.title END,
                  a.published, a.published_basis, a.published_precision, a.published_cues,
                  s.story_id
           FROM (SELECT *, published IS NULL OR published_precision IS NOT NULL AS undated
                 FROM articles) a
           LEFT JOIN article_stories s ON s.article_id = a.id
           ORDER BY a.id"""
    ).fetchall()
    anchored = {
        row[0]: row[3].astimezone(UTC).date()
        for row in rows
        if row[3] is not None and row[5] is None and row[4] in _ANCHORED
    }
    undated = [row for row in rows if row[3] is None or row[5] is not None]
    if not undated:
        return 0
    kb = load_kb()
    cues = {row[0]: text_cues(kb, row[1], row[2]) for row in undated}
    stories = {row[0]: row[7] for row in rows}
    chosen = _estimates(cues, anchored, stories)
    changed = [
        (row[0], cells)
        for row in undated
        if (cells := estimate_cells(chosen.get(row[0]))) != list(row[3:7])
    ]
    if not changed:
        return 0
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany(
            """UPDATE articles SET published = ?, published_basis = ?, published_precision = ?,
                                   published_cues = ?
               WHERE id = ?""",
            [[*cells, article_id] for article_id, cells in changed],
        )
        # extracted again by the run, so that its events and days of the month take the date
        con.execute(
            "DELETE FROM extractions WHERE article_id IN (SELECT unnest(?))",
            [[article_id for article_id, _ in changed]],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(changed)


def _estimates(
    cues: dict[str, TextCues], anchored: dict[str, date], stories: dict[str, str | None]
) -> dict[str, PublishedEstimate]:
    dated_pile = sorted(anchored.values())
    pile = (
        dated_pile
        if dated_pile and (dated_pile[-1] - dated_pile[0]).days <= _PILE_SPAN_DAYS
        else []
    )
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story in stories.items():
        if story is not None:
            members[story].append(article_id)
    # first from dated articles only; then, for the rest, also from the months so found in
    # their stories (never from a month the story itself gave: no article dates itself)
    first = {
        article_id: guess
        for article_id, own in cues.items()
        if (guess := _one(article_id, own=own, anchored=anchored, months={},
                          stories=stories, members=members, pile=pile))
    }  # fmt: skip
    months = {article_id: guess for article_id, guess in first.items() if guess.month}
    return {
        article_id: guess
        for article_id, own in cues.items()
        if (guess := months.get(article_id) or _one(
            article_id, own=own, anchored=anchored, months=months, stories=stories,
            members=members, pile=pile))
    }  # fmt: skip


def _one(
    article_id: str,
    *,
    own: TextCues,
    anchored: dict[str, date],
    months: dict[str, PublishedEstimate],
    stories: dict[str, str | None],
    members: dict[str, list[str]],
    pile: list[date],
) -> PublishedEstimate | None:
    alone = estimate(own)
    if alone is not None and alone.precision == "month":
        return alone
    story = stories.get(article_id)
    near: list[date] = []
    for other in members.get(story, []) if story is not None else []:
        if other in anchored:
            near.append(anchored[other])
        elif other != article_id and (guess := months.get(other)) and guess.month:
            near.append(date(guess.year, guess.month, 15))
    found = estimate_near(own, near, reach=STORY_REACH, label=f"its story ({len(near)} dated)")
    if found is None:
        found = estimate_near(own, pile, reach=STORE_REACH, label="the store's dated articles")
    if found is None or (alone is not None and found.precision != "month"):
        return alone
    return found
