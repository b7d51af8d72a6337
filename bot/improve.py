"""What a unit needs to improve: points to the next band, its biggest gaps, who is just above.

Pure: figures come from the snapshot, the bands, maxima and precision from the edition of the
year asked, decisions here, words from `texts`. The official total decides the band (as in
the report), so the points to the next band are counted from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.render import as_mapping, edition_group, esc
from bot.words import extras
from scoring.edition import Edition, SubIndexSpec
from storage.snapshot import Snapshot

NEIGHBOURS = 2  # units just above that are shown


@dataclass(frozen=True)
class Gap:
    """One sub-index: the unit's score against the maximum and against the group's best."""

    sub: SubIndexSpec
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
    group: str
    total: float
    level: str | None  # the band's key; None in an edition without bands
    rank: int | None
    group_size: int
    next_level: str | None  # the next band's key; None: already in the top band (or none)
    points_to_next: float | None
    gaps: tuple[Gap, ...]  # edition order
    furthest_from_max: Gap | None  # None only for a perfect score
    furthest_from_best: Gap | None  # None when level with the group's best everywhere
    above: tuple[Neighbour, ...]  # nearest first
    edition: Edition


def improvement(
    snapshot: Snapshot, unit_id: str, year: int, *, neighbours: int = NEIGHBOURS
) -> Improvement | None:
    """The unit's improvement figures for `year`; None when that year has no scores for it."""
    stored = snapshot.result(unit_id, year)
    if stored is None or stored.scores is None or stored.total is None:
        return None
    edition = snapshot.edition(year)
    scores = as_mapping(stored.scores)
    # stored scores are dicts keyed by the edition's keys (plain or enum strings): read as is
    table = [r.scores for r in snapshot.table(year, stored.group) if r.scores is not None]
    gaps = tuple(
        _gap(edition, sub, scores[sub.key], max(row[sub.key] for row in table))
        for sub in edition.subindices if sub.key in scores
    )
    band = (edition.level(str(stored.level)) if stored.level is not None
            else edition.level_for(stored.total))
    level = band.key if band is not None else None
    next_level = edition.next_band(level) if level is not None else None
    points = edition.round(next_level.from_ - stored.total) if next_level is not None else None
    above = sorted(
        (r for r in snapshot.table(year, stored.group)
         if r.scores is not None and r.total is not None and r.total > stored.total),
        key=lambda r: (r.total, -(r.rank or 0)),
    )[:neighbours]
    return Improvement(
        unit_id=unit_id, year=year, group=str(stored.group), total=stored.total,
        level=level, rank=stored.rank, group_size=snapshot.group_size(year, stored.group),
        next_level=next_level.key if next_level is not None else None,
        points_to_next=points, gaps=gaps,
        furthest_from_max=_largest(gaps, "to_max"),
        furthest_from_best=_largest(gaps, "to_best"),
        above=tuple(
            Neighbour(r.unit_id, r.rank, r.total, edition.round(r.total - stored.total))
            for r in above if r.total is not None
        ),
        edition=edition,
    )


def _gap(edition: Edition, sub: SubIndexSpec, score: float, group_best: float) -> Gap:
    return Gap(sub, score, edition.round(sub.maximum - score), group_best,
               edition.round(group_best - score))


def _largest(gaps: tuple[Gap, ...], field: str) -> Gap | None:
    """The gap with the most points missing (the first in edition order on a tie); None if 0."""
    if not gaps:
        return None
    best = max(gaps, key=lambda g: getattr(g, field))
    return best if getattr(best, field) > 0 else None


def improvement_html(found: Improvement, snapshot: Snapshot) -> str:
    """The improvement answer: the headline sentence first, then the table of gaps."""
    edition = found.edition
    unit = snapshot.registry.get(found.unit_id)
    lines = [f"<b>{esc(unit.name_in(found.year))}</b>",
             extras.improve_heading(edition, found.year, edition_group(edition, found.group),
                                   found.total, found.level, found.rank, found.group_size)]
    headline = []
    next_band = edition.level(found.next_level) if found.next_level is not None else None
    if next_band is not None and found.points_to_next is not None:
        headline.append(extras.improve_points(edition, found.points_to_next, next_band))
    elif edition.levels:
        headline.append(extras.improve_top_level(edition.levels[0]))
    if found.furthest_from_max is not None:
        gap = found.furthest_from_max
        headline.append(extras.improve_largest_gap(edition, gap.sub, gap.score))
    if headline:
        lines.append("🎯 " + "; ".join(headline) + ".")
    if found.furthest_from_best is not None:
        gap = found.furthest_from_best
        lines.append(extras.improve_behind_best(edition, gap.sub, gap.score, gap.group_best,
                                               gap.to_best))
    else:
        lines.append(extras.improve_level_with_best(len(found.gaps)))
    lines.append(f"<pre>{esc(extras.improve_table(found.gaps, edition.decimals))}</pre>")
    if found.above:
        lines.append(extras.IMPROVE_ABOVE)
        for neighbour in found.above:
            name = snapshot.registry.get(neighbour.unit_id).name_in(found.year)
            lines.append(extras.improve_neighbour(edition, neighbour.rank, esc(name),
                                                 neighbour.total, neighbour.ahead_by))
    else:
        lines.append(extras.IMPROVE_FIRST)
    return "\n".join(lines)
