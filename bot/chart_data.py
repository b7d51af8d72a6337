"""What a chart shows: the numbers and Vietnamese labels of each chart, read from the snapshot.

Pure and cheap (no matplotlib): a request is checked and turned into a spec here, so a chart
that cannot be drawn gets its polite answer before anything is rendered, and `charts` only
draws what it is given.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Literal

from scoring.models import TOTAL_MAX, Group, Level, SubIndex, YearResult, level_for
from storage.snapshot import Snapshot

from . import texts
from .matcher import NameIndex
from .query import Query, understand

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
    group: Group | None = None


@dataclass(frozen=True)
class HistoryPoint:
    year: int
    rank: int
    size: int
    level: Level | None  # None for years with ranks only


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
    level: Level
    footer: str


@dataclass(frozen=True)
class GroupBar:
    label: str
    rank: int | None
    total: float
    level: Level
    highlighted: bool


@dataclass(frozen=True)
class GroupChart:
    title: str
    bars: tuple[GroupBar, ...]  # rank order, best first


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
        raise ChartUnavailable(texts.CHART_NO_DATA)
    return ChartRequest(request.kind, request.unit_ids, year, request.group)


def cache_key(request: ChartRequest, snapshot: Snapshot) -> tuple:
    """What a rendered chart depends on: the resolved request and the data version."""
    resolved = resolve(request, snapshot)
    group = str(resolved.group) if resolved.group else ""  # a key; the old enum is a str
    return (resolved.kind, resolved.unit_ids, resolved.year, group, snapshot.version)


def chart_spec(request: ChartRequest, snapshot: Snapshot) -> ChartSpec:
    """The chart's content; raises ChartUnavailable with a polite reason."""
    request = resolve(request, snapshot)
    year = request.year
    assert year is not None
    if year not in snapshot.years:
        known = texts.years_list(list(snapshot.years),
                                 set(snapshot.years) - snapshot.scored_years)
        raise ChartUnavailable(texts.chart_no_year(year, known))
    for unit_id in request.unit_ids:
        if unit_id not in snapshot.registry:
            raise ChartUnavailable(texts.CHART_UNIT_UNKNOWN)
    if request.kind == "history":
        return history_chart(_one(request), year, snapshot)
    if year not in snapshot.scored_years:
        raise ChartUnavailable(texts.chart_rank_only(year))
    if request.kind == "profile":
        return profile_chart(_one(request), year, snapshot)
    if request.kind == "group":
        return group_chart(request, year, snapshot)
    return compare_chart(request.unit_ids, year, snapshot)


def _one(request: ChartRequest) -> str:
    if not request.unit_ids:
        raise ChartUnavailable(texts.CHART_UNIT_UNKNOWN)
    return request.unit_ids[0]


def _ranked(unit_id: str, year: int, snapshot: Snapshot) -> YearResult:
    stored = snapshot.result(unit_id, year)
    if stored is None or stored.rank is None:
        name = snapshot.registry.get(unit_id).name_in(year)
        raise ChartUnavailable(texts.chart_not_ranked(name, year))
    return stored


def _scored(unit_id: str, year: int, snapshot: Snapshot) -> YearResult:
    stored = snapshot.result(unit_id, year)
    if stored is None or stored.scores is None or stored.total is None:
        name = snapshot.registry.get(unit_id).name_in(year)
        raise ChartUnavailable(texts.chart_not_ranked(name, year))
    return stored


def history_chart(unit_id: str, year: int, snapshot: Snapshot) -> HistoryChart:
    """Rank by year up to `year`, with the group's size that year."""
    latest = _ranked(unit_id, year, snapshot)
    points = []
    for y in snapshot.years:
        stored = snapshot.result(unit_id, y)
        if y > year or stored is None or stored.rank is None:
            continue
        points.append(HistoryPoint(y, stored.rank, snapshot.group_size(y, stored.group),
                                   stored.level))
    unit = snapshot.registry.get(unit_id)
    size = snapshot.group_size(year, latest.group)
    return HistoryChart(texts.chart_history_title(unit.name_in(year), latest.group, size),
                        tuple(points))


def _group_scores(year: int, group: Group, snapshot: Snapshot) -> list[YearResult]:
    return [r for r in snapshot.table(year, group) if r.scores is not None]


def profile_chart(unit_id: str, year: int, snapshot: Snapshot) -> ProfileChart:
    """The unit's sub-indices beside its group's median and best."""
    stored = _scored(unit_id, year, snapshot)
    assert stored.scores is not None
    assert stored.total is not None
    table = _group_scores(year, stored.group, snapshot)
    subs = list(SubIndex)
    columns = [[r.scores[s] for r in table if r.scores is not None] for s in subs]
    name = snapshot.registry.get(unit_id).name_in(year)
    level = stored.level or level_for(stored.total)
    return ProfileChart(
        title=texts.chart_profile_title(name, year, stored.group, len(table)),
        unit=name,
        categories=tuple(texts.SUBINDEX_LABELS[s] for s in subs),
        maxima=tuple(s.maximum for s in subs),
        values=tuple(stored.scores[s] for s in subs),
        median=tuple(statistics.median(c) for c in columns),
        best=tuple(max(c) for c in columns),
        level=level,
        footer=texts.chart_profile_footer(stored.total, level, stored.rank,
                                          snapshot.group_size(year, stored.group)),
    )


def group_chart(request: ChartRequest, year: int, snapshot: Snapshot) -> GroupChart:
    """The group's totals in rank order; the requested unit (if any) is highlighted."""
    group = request.group
    highlight = set(request.unit_ids)
    if request.unit_ids:
        group = _scored(request.unit_ids[0], year, snapshot).group
    if group is None:
        raise ChartUnavailable(texts.CHART_NEEDS_GROUP)
    table = _group_scores(year, group, snapshot)
    bars = tuple(
        GroupBar(label=short_name(snapshot.registry.get(r.unit_id).name_in(year)),
                 rank=r.rank, total=r.total or 0.0, level=r.level or level_for(r.total or 0),
                 highlighted=r.unit_id in highlight)
        for r in table)
    return GroupChart(texts.chart_group_title(group, year, len(table)), bars)


def compare_chart(unit_ids: tuple[str, ...], year: int, snapshot: Snapshot) -> CompareChart:
    """Several units' sub-indices and totals side by side (as a share of each maximum)."""
    unique = tuple(dict.fromkeys(unit_ids))
    if len(unique) < 2:
        raise ChartUnavailable(texts.CHART_COMPARE_NEEDS_TWO)
    if len(unique) > MAX_COMPARED:
        raise ChartUnavailable(texts.chart_compare_too_many(MAX_COMPARED))
    stored = [_scored(u, year, snapshot) for u in unique]
    subs = list(SubIndex)
    series = []
    for result in stored:
        assert result.scores is not None
        assert result.total is not None
        series.append(CompareSeries(
            snapshot.registry.get(result.unit_id).name_in(year),
            (*(result.scores[s] for s in subs), result.total)))
    return CompareChart(
        title=texts.chart_compare_title(year, [s.unit for s in series]),
        categories=(*(texts.SUBINDEX_LABELS[s] for s in subs), texts.TOTAL_LABEL),
        maxima=(*(s.maximum for s in subs), TOTAL_MAX),
        series=tuple(series),
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
    group: Group | None = None
    for name in names:
        query = understand(name, index)
        year = year or query.year
        if query.kind in ("unit", "compare"):
            unit_ids.extend(query.unit_ids)
        elif query.kind == "list" and query.group is not None:
            group = query.group
        elif query.kind == "clarify":
            candidates = [snapshot.registry.get(u).name for u in query.candidates]
            raise ChartUnavailable(texts.chart_ambiguous_name(name, candidates))
        else:
            raise ChartUnavailable(texts.chart_unknown_name(name))
    unique = tuple(dict.fromkeys(unit_ids))
    if kind is None:
        kind = "compare" if len(unique) > 1 else "history" if unique else "group"
    return ChartRequest(kind, unique, year, None if unique else group)
