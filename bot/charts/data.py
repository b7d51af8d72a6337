"""What a chart shows: the numbers and Vietnamese labels of each chart, read from the snapshot.

Pure and cheap (no matplotlib): a request is checked and turned into a spec here, so a chart
that cannot be drawn gets its polite answer before anything is rendered, and `charts` only
draws what it is given.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.matcher import NameIndex
from bot.query import Query, understand
from bot.render import as_mapping, edition_group, known_years
from bot.words import cards, charting
from scoring.edition import Edition, LevelBand
from scoring.models import YearResult
from storage.snapshot import Snapshot

ChartKind = Literal["history", "profile", "group", "compare"]
CHART_KINDS: tuple[ChartKind, ...] = ("history", "profile", "group", "compare")
KIND_CODES: dict[ChartKind, str] = {"history": "h", "profile": "p", "group": "g", "compare": "c"}
MAX_COMPARED = 6  # more bars per sub-index than this do not read on a phone


class ChartUnavailable(Exception):
    """The chart cannot be drawn; `message` (plain Vietnamese text) says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ChartRequest:
    """Which chart: `unit_ids` (history/profile: one; compare: several; group: the unit to
    highlight, or none with `group` set), `year` (None = the latest that fits)."""

    kind: ChartKind
    unit_ids: tuple[str, ...] = ()
    year: int | None = None
    group: str | None = None  # an edition's group key


@dataclass(frozen=True)
class LevelStyle:
    """A band as a chart shows it: its key, its position from the top (for the colour),
    and its legend ("khá (150–200)")."""

    key: str
    position: int  # 0 = the highest band
    count: int  # how many bands the edition has
    legend: str


def level_style(edition: Edition, key: object) -> LevelStyle | None:
    """The band `key` of `edition` as a chart draws it; None for no band."""
    band = edition.level(str(key)) if key is not None else None
    if band is None:
        return None
    return LevelStyle(band.key, edition.levels.index(band), len(edition.levels),
                      charting.chart_level_legend(edition, band))


def _band_for(edition: Edition, result: YearResult) -> LevelBand | None:
    if result.level is not None:
        return edition.level(str(result.level))
    return edition.level_for(result.total) if result.total is not None else None


def _style(edition: Edition, result: YearResult) -> LevelStyle | None:
    band = _band_for(edition, result)
    return level_style(edition, band.key) if band is not None else None


@dataclass(frozen=True)
class HistoryPoint:
    year: int
    rank: int
    size: int
    level: LevelStyle | None  # None for years with ranks only (or without bands)


@dataclass(frozen=True)
class HistoryChart:
    title: str
    points: tuple[HistoryPoint, ...]


@dataclass(frozen=True)
class ProfileChart:
    title: str
    unit: str
    categories: tuple[str, ...]
    maxima: tuple[float, ...]
    values: tuple[float, ...]
    median: tuple[float, ...]
    best: tuple[float, ...]
    level: LevelStyle | None
    footer: str
    decimals: int = 1


@dataclass(frozen=True)
class GroupBar:
    label: str
    rank: int | None
    total: float
    level: LevelStyle | None
    highlighted: bool


@dataclass(frozen=True)
class GroupChart:
    title: str
    bars: tuple[GroupBar, ...]  # rank order, best first
    total_maximum: float  # the edition's (the x axis runs to it)
    thresholds: tuple[float, ...]  # where the bands above the lowest start
    axis_label: str
    decimals: int = 1


@dataclass(frozen=True)
class CompareSeries:
    unit: str
    values: tuple[float, ...]  # per category, same order as `categories`


@dataclass(frozen=True)
class CompareChart:
    title: str
    categories: tuple[str, ...]
    maxima: tuple[float, ...]
    series: tuple[CompareSeries, ...]
    decimals: int = 1


ChartSpec = HistoryChart | ProfileChart | GroupChart | CompareChart


def resolve(request: ChartRequest, snapshot: Snapshot) -> ChartRequest:
    """The request with its year filled in (history: latest year; others: latest scored)."""
    if request.year is not None:
        return request
    if request.kind == "history":
        year = snapshot.latest_year
    else:
        year = max(snapshot.scored_years, default=snapshot.latest_year)
    if year is None:
        raise ChartUnavailable(charting.CHART_NO_DATA)
    return ChartRequest(request.kind, request.unit_ids, year, request.group)


def cache_key(request: ChartRequest, snapshot: Snapshot) -> tuple:
    """What a rendered chart depends on: the resolved request and the data version."""
    resolved = resolve(request, snapshot)
    group = resolved.group or ""
    return (resolved.kind, resolved.unit_ids, resolved.year, group, snapshot.version)


def chart_spec(request: ChartRequest, snapshot: Snapshot) -> ChartSpec:
    """The chart's content; raises ChartUnavailable with a polite reason."""
    request = resolve(request, snapshot)
    year = request.year
    if year is None:  # `resolve` takes the latest year; none means nothing is published
        raise ChartUnavailable(charting.CHART_NO_DATA)
    if year not in snapshot.years:
        raise ChartUnavailable(charting.chart_no_year(year, known_years(snapshot)))
    for unit_id in request.unit_ids:
        if unit_id not in snapshot.registry:
            raise ChartUnavailable(charting.CHART_UNIT_UNKNOWN)
    if request.kind == "history":
        return history_chart(_one(request), year, snapshot)
    if year not in snapshot.scored_years:
        raise ChartUnavailable(charting.chart_rank_only(year))
    if request.kind == "profile":
        return profile_chart(_one(request), year, snapshot)
    if request.kind == "group":
        return group_chart(request, year, snapshot)
    return compare_chart(request.unit_ids, year, snapshot)


def _one(request: ChartRequest) -> str:
    if not request.unit_ids:
        raise ChartUnavailable(charting.CHART_UNIT_UNKNOWN)
    return request.unit_ids[0]


def _ranked(unit_id: str, year: int, snapshot: Snapshot) -> YearResult:
    stored = snapshot.result(unit_id, year)
    if stored is None or stored.rank is None:
        name = snapshot.registry.get(unit_id).name_in(year)
        raise ChartUnavailable(charting.chart_not_ranked(name, year))
    return stored


@dataclass(frozen=True)
class _Scored:
    """A result known to carry scores and a total (what a profile or comparison draws)."""

    result: YearResult
    scores: Mapping[str, float]
    total: float


def _scored(unit_id: str, year: int, snapshot: Snapshot) -> _Scored:
    stored = snapshot.result(unit_id, year)
    if stored is None or stored.scores is None or stored.total is None:
        name = snapshot.registry.get(unit_id).name_in(year)
        raise ChartUnavailable(charting.chart_not_ranked(name, year))
    return _Scored(stored, as_mapping(stored.scores), stored.total)


def history_chart(unit_id: str, year: int, snapshot: Snapshot) -> HistoryChart:
    """Rank by year up to `year`, with the group's size that year."""
    latest = _ranked(unit_id, year, snapshot)
    points = []
    for y in snapshot.years:
        stored = snapshot.result(unit_id, y)
        if y > year or stored is None or stored.rank is None:
            continue
        style = level_style(snapshot.edition(y), stored.level)
        points.append(HistoryPoint(y, stored.rank, snapshot.group_size(y, stored.group),
                                   style))
    unit = snapshot.registry.get(unit_id)
    size = snapshot.group_size(year, latest.group)
    group = edition_group(snapshot.edition(year), latest.group)
    return HistoryChart(charting.chart_history_title(unit.name_in(year), group, size),
                        tuple(points))


def _group_scores(year: int, group: str, snapshot: Snapshot) -> list[YearResult]:
    return [r for r in snapshot.table(year, group) if r.scores is not None]


def profile_chart(unit_id: str, year: int, snapshot: Snapshot) -> ProfileChart:
    """The unit's sub-indices beside its group's median and best."""
    scored = _scored(unit_id, year, snapshot)
    stored, scores = scored.result, scored.scores
    edition = snapshot.edition(year)
    table = [as_mapping(r.scores) for r in _group_scores(year, stored.group, snapshot)]
    subs = [s for s in edition.subindices if s.key in scores]
    columns = [[row[s.key] for row in table if s.key in row] for s in subs]
    name = snapshot.registry.get(unit_id).name_in(year)
    band = _band_for(edition, stored)
    group = edition_group(edition, stored.group)
    return ProfileChart(
        title=charting.chart_profile_title(name, year, group, len(table)),
        unit=name,
        categories=tuple(s.label for s in subs),
        maxima=tuple(s.maximum for s in subs),
        values=tuple(scores[s.key] for s in subs),
        median=tuple(statistics.median(c) for c in columns),
        best=tuple(max(c) for c in columns),
        level=level_style(edition, band.key) if band is not None else None,
        footer=charting.chart_profile_footer(edition, scored.total,
                                          band.key if band is not None else None, stored.rank,
                                          snapshot.group_size(year, stored.group)),
        decimals=edition.decimals,
    )


def group_chart(request: ChartRequest, year: int, snapshot: Snapshot) -> GroupChart:
    """The group's totals in rank order; the requested unit (if any) is highlighted."""
    group = request.group
    highlight = set(request.unit_ids)
    if request.unit_ids:
        group = _scored(request.unit_ids[0], year, snapshot).result.group
    edition = snapshot.edition(year)
    if group is None or edition.group(str(group)) is None:
        raise ChartUnavailable(charting.chart_needs_group(edition))
    table = _group_scores(year, group, snapshot)
    bars = tuple(
        GroupBar(label=short_name(snapshot.registry.get(r.unit_id).name_in(year)),
                 rank=r.rank, total=r.total or 0.0, level=_style(edition, r),
                 highlighted=r.unit_id in highlight)
        for r in table)
    maximum = edition.total_maximum or max((b.total for b in bars), default=1.0)
    return GroupChart(
        charting.chart_group_title(edition_group(edition, group), year, len(table)), bars,
        total_maximum=maximum,
        thresholds=tuple(sorted(b.from_ for b in edition.levels if b.from_ > 0)),
        axis_label=charting.chart_total_axis(maximum), decimals=edition.decimals)


def compare_chart(unit_ids: tuple[str, ...], year: int, snapshot: Snapshot) -> CompareChart:
    """Several units' sub-indices and totals side by side (as a share of each maximum)."""
    unique = tuple(dict.fromkeys(unit_ids))
    if len(unique) < 2:
        raise ChartUnavailable(charting.CHART_COMPARE_NEEDS_TWO)
    if len(unique) > MAX_COMPARED:
        raise ChartUnavailable(charting.chart_compare_too_many(MAX_COMPARED))
    stored = [_scored(u, year, snapshot) for u in unique]
    edition = snapshot.edition(year)
    subs = edition.subindices
    series = []
    for scored in stored:
        series.append(CompareSeries(
            snapshot.registry.get(scored.result.unit_id).name_in(year),
            (*(scored.scores.get(s.key, 0.0) for s in subs), scored.total)))
    return CompareChart(
        title=charting.chart_compare_title(year, [s.unit for s in series]),
        categories=(*(s.label for s in subs), cards.TOTAL_LABEL),
        maxima=(*(s.maximum for s in subs), edition.total_maximum or 1.0),
        series=tuple(series),
        decimals=edition.decimals,
    )


def short_name(name: str) -> str:
    """A district's name without "UBND" ("huyện Mường Nhé", "TP Điện Biên Phủ")."""
    if not name.startswith("UBND "):
        return name
    rest = name.removeprefix("UBND ")
    for city in ("Thành Phố ", "thành phố "):
        if rest.startswith(city):
            return "TP " + rest.removeprefix(city)
    return rest


def request_for_query(query: Query, kind: ChartKind | None = None) -> ChartRequest | None:
    """The chart a parsed question asks for: a unit's history, a comparison, a group's
    ranking (or `kind` when given); None when the question names no unit or group."""
    year = query.year
    if query.kind == "unit":
        return ChartRequest(kind or "history", query.unit_ids, year)
    if query.kind == "compare":
        return ChartRequest(kind or "compare", query.unit_ids, year)
    if query.kind == "list" and query.group is not None:
        return ChartRequest(kind or "group", (), year, query.group)
    return None


def request_for_names(names: list[str], index: NameIndex, snapshot: Snapshot, *,
                      kind: ChartKind | None = None, year: int | None = None) -> ChartRequest:
    """The chart `egov chart` is asked for: each name is a unit (or several), or "sở" /
    "huyện"; raises ChartUnavailable naming a name that is unknown or ambiguous."""
    unit_ids: list[str] = []
    group: str | None = None
    for name in names:
        query = understand(name, index)
        year = year or query.year
        if query.kind in ("unit", "compare"):
            unit_ids.extend(query.unit_ids)
        elif query.kind == "list" and query.group is not None:
            group = query.group
        elif query.kind == "clarify":
            candidates = [snapshot.registry.get(u).name for u in query.candidates]
            raise ChartUnavailable(charting.chart_ambiguous_name(name, candidates))
        else:
            latest = snapshot.latest_year or snapshot.editions.first_year or 0
            raise ChartUnavailable(charting.chart_unknown_name(name, snapshot.edition(latest)))
    unique = tuple(dict.fromkeys(unit_ids))
    if kind is None:
        kind = "compare" if len(unique) > 1 else "history" if unique else "group"
    return ChartRequest(kind, unique, year, None if unique else group)
