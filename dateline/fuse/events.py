"""Event fusion: the reports of one real-world event, across articles, become one FusedEvent.

Reports fuse when they agree on type and modality, name the same parties (in either order for
symmetric types such as CONSULT), and their dates can be the same day. The corpus is fused anew
from the stored per-article events each time, so the result never depends on arrival order.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import msgspec

from dateline.fuse.when import interval_of, narrow, with_year
from dateline.model import (
    DateBasis,
    DatePrecision,
    Disagreement,
    DisagreementValue,
    EventMentionRef,
    FusedEvent,
    Modality,
    Record,
)

FUSER = "dateline.fuse.events.v1"
# Meetings, calls and joint work have no direction: "X met Y" and "Y met X" are one event.
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})


class Report(Record, frozen=True, kw_only=True):
    """One per-article event as fusion sees it: its coding, its article's outlet and story."""

    article_id: str
    seq: int
    type: str
    cameo: str
    mode: str | None = None
    quad: int
    intensity: float
    actor_id: str | None = None
    recipient_id: str | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    date_basis: DateBasis = "unknown"
    location: str | None = None
    modality: Modality = "asserted"
    confidence: float = 1.0
    source: str
    published: datetime | None = None
    copy_of: str | None = None
    story_id: str | None = None


_GroupKey = tuple[str, str, str | None, str | None]


def fuse(reports: Iterable[Report]) -> list[FusedEvent]:
    """Fuse reports into real-world events, earliest first; every report lands in exactly one."""
    full: dict[_GroupKey, list[Report]] = defaultdict(list)
    # A report naming one party is weak evidence: such reports fuse only within one article
    # (and its copies), and join a full event only of their own story (``_fits``).
    partial: dict[tuple[_GroupKey, str], list[Report]] = defaultdict(list)
    clusters: list[list[Report]] = []
    for report in sorted(_years_from_stories(list(reports)), key=_canonical):
        key = group_key(report)
        if report.actor_id and report.recipient_id:
            full[key].append(report)
        elif report.actor_id or report.recipient_id:
            partial[(key, report.copy_of or report.article_id)].append(report)
        else:
            clusters.append([report])  # no party named: nothing to tell it from another
    full_clusters = [c for key in sorted(full, key=_sortable) for c in _by_date(full[key])]
    by_party = _index(full_clusters)
    for key, origin in sorted(partial, key=lambda k: (_sortable(k[0]), k[1])):
        known = key[2] or key[3]
        candidates = [full_clusters[i] for i in by_party.get((key[0], key[1], known), ())]
        for cluster in _by_date(partial[(key, origin)]):
            _attach(cluster, candidates, clusters)
    clusters += full_clusters
    fused = [_fused(cluster) for cluster in clusters]
    return sorted(fused, key=_fused_order)


def _fused_order(fused: FusedEvent) -> tuple[str, datetime, str]:
    """Date, then first report (an undated one last), then id; reports are UTC, compared naive."""
    first = fused.first_reported.replace(tzinfo=None) if fused.first_reported else _LAST
    return (fused.date or "9999", first, fused.id)


def _years_from_stories(reports: list[Report]) -> list[Report]:
    """A day without its year ("On Aug. 23" in an undated article) takes the year that fits the
    latest known day of its story: news stories run for weeks, not years."""
    latest: dict[str, date] = {}
    for report in reports:
        known = [report.published.date()] if report.published else []
        if report.date and report.date[:4].isdigit() and report.date_precision == "day":
            known.append(date.fromisoformat(report.date[:10]))
        if report.story_id and known:
            latest[report.story_id] = max([*known, latest.get(report.story_id, date.min)])
    return [_with_story_year(report, latest) for report in reports]


def _with_story_year(report: Report, latest: dict[str, date]) -> Report:
    if not (report.date and report.date.startswith("XXXX-") and report.story_id in latest):
        return report
    year = with_year(report.date, latest[report.story_id or ""])
    return msgspec.structs.replace(report, date=year) if year else report


def group_key(report: Report) -> _GroupKey:
    """Type, modality and the parties, in a fixed order when the type has no direction."""
    actor, recipient = report.actor_id, report.recipient_id
    if report.type in SYMMETRIC_TYPES and actor and recipient and recipient < actor:
        actor, recipient = recipient, actor
    return (report.type, report.modality, actor, recipient)


_LAST = datetime.max.replace(tzinfo=None)


def _canonical(report: Report) -> tuple[date, datetime, str, int]:
    span = interval_of(report.date, report.date_precision, report.date_basis)
    published = report.published.replace(tzinfo=None) if report.published else _LAST
    return (span[0] if span else date.max, published, report.article_id, report.seq)


def _sortable(key: _GroupKey) -> tuple[str, ...]:
    return tuple(part or "" for part in key)


def _by_date(reports: Sequence[Report]) -> list[list[Report]]:
    """Split reports of one group into events: a report joins the first event whose every report
    could be the same event as it (complete link, so no chain of near days drifts)."""
    clusters: list[list[Report]] = []
    for report in reports:
        for cluster in clusters:
            if all(same_event(report, member) for member in cluster):
                cluster.append(report)
                break
        else:
            clusters.append([report])
    return clusters


def same_event(left: Report, right: Report) -> bool:
    """Whether two reports of the same type, modality and parties can be one real-world event.

    In one article (or a copy of it) dates that meet are enough. Across articles a report is
    weaker evidence: they must share a story, and then explicit dates must meet; dates that are
    only the publication day must be the same day with the same CAMEO code; an explicit day may
    fall in the days before a publication; undated reports need the same CAMEO code.
    """
    left_span = interval_of(left.date, left.date_precision, left.date_basis)
    right_span = interval_of(right.date, right.date_precision, right.date_basis)
    if _one_text(left, right):
        return left_span is None or right_span is None or narrow(left_span, right_span) is not None
    if left.story_id is None or left.story_id != right.story_id:
        return False
    if left_span is None or right_span is None:
        return left_span is right_span and left.cameo == right.cameo
    bases = {left.date_basis, right.date_basis}
    if bases == {"publication"}:
        return left.date == right.date and left.cameo == right.cameo
    if bases == {"explicit", "publication"}:
        explicit = left if left.date_basis == "explicit" else right
        if explicit.date_precision != "day":
            return False
    return narrow(left_span, right_span) is not None


def _one_text(left: Report, right: Report) -> bool:
    """The same article, or an article and its copy (the same sentences, republished)."""
    left_origin = left.copy_of or left.article_id
    right_origin = right.copy_of or right.article_id
    return left_origin == right_origin


def _index(clusters: Sequence[list[Report]]) -> dict[tuple[str, str, str | None], list[int]]:
    """Which full events name a party, by type and modality: where a partial report may go."""
    index: dict[tuple[str, str, str | None], list[int]] = defaultdict(list)
    for position, cluster in enumerate(clusters):
        first = cluster[0]
        for party in dict.fromkeys((first.actor_id, first.recipient_id)):
            index[(first.type, first.modality, party)].append(position)
    return index


def _attach(cluster: list[Report], full: list[list[Report]], lone: list[list[Report]]) -> None:
    """A report naming one party joins the one full event it fits, if exactly one fits."""
    fits = [candidate for candidate in full if _fits(cluster, candidate)]
    if len(fits) == 1:
        fits[0].extend(cluster)
    else:
        lone.append(cluster)


def _fits(cluster: Sequence[Report], candidate: Sequence[Report]) -> bool:
    first, other = cluster[0], candidate[0]
    if (first.type, first.modality) != (other.type, other.modality):
        return False
    known = first.actor_id or first.recipient_id
    if first.type in SYMMETRIC_TYPES:
        named = known in (other.actor_id, other.recipient_id)
    elif first.actor_id:
        named = first.actor_id == other.actor_id
    else:
        named = first.recipient_id == other.recipient_id
    return named and all(same_event(a, b) for a in cluster for b in candidate)


def _story(reports: Sequence[Report]) -> str | None:
    stories = Counter(r.story_id for r in reports if r.story_id)
    return min(stories, key=lambda s: (-stories[s], s)) if stories else None


def _fused(reports: Sequence[Report]) -> FusedEvent:
    ordered = sorted(reports, key=_report_order)
    first = ordered[0]
    cameo = _cameo(ordered)
    coded = next(r for r in ordered if r.cameo == cameo)
    actor, recipient = _parties(ordered)
    independent = _independent(ordered)
    when = _date(ordered)
    return FusedEvent(
        id=_fused_id(first),
        type=first.type,
        mode=_most_common([r.mode for r in ordered]),
        cameo=cameo,
        quad=coded.quad,
        intensity=coded.intensity,
        actor_id=actor,
        recipient_id=recipient,
        is_symmetric=first.type in SYMMETRIC_TYPES,
        date=when[0],
        date_precision=when[1],
        date_basis=when[2],
        location=_most_common([r.location for r in ordered]),
        modality=first.modality,
        confidence=_corroborated([r.confidence for r in independent]),
        story_id=_story(ordered),
        mentions=tuple(_mention(r) for r in ordered),
        num_mentions=len(ordered),
        num_articles=len({r.article_id for r in ordered}),
        num_sources=len(_sources(independent)),
        sources=_sources(independent),
        first_article_id=first.article_id,
        first_reported=first.published,
        disagreements=_disagreements(ordered),
    )


def _report_order(report: Report) -> tuple[datetime, str, int]:
    published = report.published.replace(tzinfo=None) if report.published else _LAST
    return (published, report.article_id, report.seq)


def _fused_id(first: Report) -> str:
    """Named after its earliest report, so later reports of it keep the id."""
    digest = hashlib.sha256(f"{first.article_id}\x1f{first.seq}".encode()).hexdigest()
    return "f-" + digest[:16]


def _cameo(reports: Sequence[Report]) -> str:
    """The code most reports give; a tie goes to the more specific code (not a root "..0")."""
    counts = Counter(r.cameo for r in reports)
    return min(counts, key=lambda code: (-counts[code], code.endswith("0"), -len(code), code))


def _most_common(values: Sequence[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def _parties(reports: Sequence[Report]) -> tuple[str | None, str | None]:
    """The direction most reports give (the earliest report breaks a tie)."""
    pairs = Counter((r.actor_id, r.recipient_id) for r in reports if r.actor_id and r.recipient_id)
    if pairs:
        seen = list(dict.fromkeys((r.actor_id, r.recipient_id) for r in reports))
        return min(pairs, key=lambda pair: (-pairs[pair], seen.index(pair)))
    first = reports[0]
    return first.actor_id, first.recipient_id


def _independent(reports: Sequence[Report]) -> list[Report]:
    """Reports that are not copies of another article reporting the same event."""
    articles = {r.article_id for r in reports}
    return [r for r in reports if r.copy_of is None or r.copy_of not in articles]


def _sources(reports: Sequence[Report]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.source for r in reports))


def _corroborated(confidences: Sequence[float]) -> float:
    """Independent reports each add evidence: the chance that not all of them are wrong."""
    doubt = 1.0
    for confidence in confidences:
        doubt *= 1.0 - min(max(confidence, 0.0), 1.0)
    return round(1.0 - doubt, 4)


_PRECISE: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3}


def _date(reports: Sequence[Report]) -> tuple[str | None, DatePrecision | None, DateBasis]:
    """An explicit date the most precise reports agree on, else the earliest publication day."""
    explicit = [r for r in reports if r.date_basis == "explicit" and r.date]
    if explicit:
        best = min(_PRECISE.get(r.date_precision or "year", 3) for r in explicit)
        sharpest = [r for r in explicit if _PRECISE.get(r.date_precision or "year", 3) == best]
        value = _most_common([r.date for r in sharpest])
        chosen = next(r for r in sharpest if r.date == value)
        return chosen.date, chosen.date_precision, "explicit"
    dated = [r for r in reports if r.date]
    if dated:
        return dated[0].date, dated[0].date_precision, dated[0].date_basis
    return None, None, "unknown"


def _disagreements(reports: Sequence[Report]) -> tuple[Disagreement, ...]:
    found: list[Disagreement] = []
    explicit = [r for r in reports if r.date_basis == "explicit"]
    for field, values in (
        ("date", [(r.date, r) for r in explicit]),
        ("location", [(r.location, r) for r in reports]),
    ):
        by_value: dict[str, list[Report]] = defaultdict(list)
        for value, report in values:
            if value:
                by_value[value].append(report)
        if len(by_value) > 1:
            found.append(
                Disagreement(
                    field=field,
                    values=tuple(
                        DisagreementValue(
                            value=value,
                            sources=tuple(dict.fromkeys(r.source for r in members)),
                            article_ids=tuple(dict.fromkeys(r.article_id for r in members)),
                        )
                        for value, members in sorted(by_value.items())
                    ),
                )
            )
    return tuple(found)


def _mention(report: Report) -> EventMentionRef:
    return EventMentionRef(
        article_id=report.article_id,
        seq=report.seq,
        source=report.source,
        published=report.published,
        copy_of=report.copy_of,
    )
