"""What a unit needs to improve: points to the next level, its biggest gaps, who is just above.

Pure: figures come from the snapshot, decisions here, words from `texts`. The official total
decides the level (as in the report), so the points to the next level are counted from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.models import KHA_FROM, TRUNG_BINH_FROM, Group, Level, SubIndex, round_score
from storage.snapshot import Snapshot

from . import texts
from .render import esc

NEXT_LEVEL: dict[Level, tuple[Level, float]] = {
    Level.THAP: (Level.TRUNG_BINH, TRUNG_BINH_FROM),
    Level.TRUNG_BINH: (Level.KHA, KHA_FROM),
}
NEIGHBOURS = 2  # units just above that are shown


@dataclass(frozen=True)
class Gap:
    """One sub-index: the unit's score against the maximum and against the group's best."""

    sub: SubIndex
    score: float
    to_max: float
    group_best: float
    to_best: float


@dataclass(frozen=True)
class Neighbour:
    """A unit ranked just above, and by how many points it leads."""

    unit_id: str
    rank: int | None
    total: float
    ahead_by: float


@dataclass(frozen=True)
class Improvement:
    """Everything the improvement answer says, as numbers."""

    unit_id: str
    year: int
    group: Group
    total: float
    level: Level
    rank: int | None
    group_size: int
    next_level: Level | None  # None: already khá, the top band
    points_to_next: float | None
    gaps: tuple[Gap, ...]  # report order
    furthest_from_max: Gap | None  # None only for a perfect 200
    furthest_from_best: Gap | None  # None when level with the group's best everywhere
    above: tuple[Neighbour, ...]  # nearest first


def improvement(
    snapshot: Snapshot, unit_id: str, year: int, *, neighbours: int = NEIGHBOURS
) -> Improvement | None:
    """The unit's improvement figures for `year`; None when that year has no scores for it."""
    stored = snapshot.result(unit_id, year)
    if stored is None or stored.scores is None or stored.total is None or stored.level is None:
        return None
    table = [r for r in snapshot.table(year, stored.group) if r.scores is not None]
    gaps = tuple(
        _gap(sub, stored.scores[sub], max(r.scores[sub] for r in table if r.scores))
        for sub in SubIndex
    )
    next_level, points = None, None
    if stored.level in NEXT_LEVEL:
        next_level, threshold = NEXT_LEVEL[stored.level]
        points = round_score(threshold - stored.total)
    above = sorted(
        (r for r in table if r.total is not None and r.total > stored.total),
        key=lambda r: (r.total, -(r.rank or 0)),
    )[:neighbours]
    return Improvement(
        unit_id=unit_id, year=year, group=stored.group, total=stored.total,
        level=stored.level, rank=stored.rank, group_size=snapshot.group_size(year, stored.group),
        next_level=next_level, points_to_next=points, gaps=gaps,
        furthest_from_max=_largest(gaps, "to_max"),
        furthest_from_best=_largest(gaps, "to_best"),
        above=tuple(
            Neighbour(r.unit_id, r.rank, r.total, round_score(r.total - stored.total))
            for r in above if r.total is not None
        ),
    )


def _gap(sub: SubIndex, score: float, group_best: float) -> Gap:
    return Gap(sub, score, round_score(sub.maximum - score), group_best,
               round_score(group_best - score))


def _largest(gaps: tuple[Gap, ...], field: str) -> Gap | None:
    """The gap with the most points missing (the first in report order on a tie); None if 0."""
    best = max(gaps, key=lambda g: getattr(g, field))
    return best if getattr(best, field) > 0 else None


def improvement_html(found: Improvement, snapshot: Snapshot) -> str:
    """The improvement answer: the headline sentence first, then the table of gaps."""
    unit = snapshot.registry.get(found.unit_id)
    lines = [f"<b>{esc(unit.name_in(found.year))}</b>",
             texts.improve_heading(found.year, found.group, found.total, found.level,
                                   found.rank, found.group_size)]
    headline = []
    if found.next_level is not None and found.points_to_next is not None:
        headline.append(texts.improve_points(found.points_to_next, found.next_level))
    else:
        headline.append(texts.IMPROVE_TOP_LEVEL)
    if found.furthest_from_max is not None:
        gap = found.furthest_from_max
        headline.append(texts.improve_largest_gap(gap.sub, gap.score))
    lines.append("🎯 " + "; ".join(headline) + ".")
    if found.furthest_from_best is not None:
        gap = found.furthest_from_best
        lines.append(texts.improve_behind_best(gap.sub, gap.score, gap.group_best, gap.to_best))
    else:
        lines.append(texts.IMPROVE_LEVEL_WITH_BEST)
    lines.append(f"<pre>{esc(texts.improve_table(found.gaps))}</pre>")
    if found.above:
        lines.append(texts.IMPROVE_ABOVE)
        for neighbour in found.above:
            name = snapshot.registry.get(neighbour.unit_id).name_in(found.year)
            lines.append(texts.improve_neighbour(neighbour.rank, esc(name), neighbour.total,
                                                 neighbour.ahead_by))
    else:
        lines.append(texts.IMPROVE_FIRST)
    return "\n".join(lines)
