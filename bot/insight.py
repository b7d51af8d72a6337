"""Year over year: the biggest rises and falls per group, units that changed band, and the
report-style summary ("Nhóm mức khá có 15 cơ quan, …"), all generated from the data.

Pure. Groups, bands and precision come from the edition of the year shown. Where the year
before published ranks only (2018), its bands are unknown and the answer says so instead of
guessing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.render import edition_group, esc
from bot.words import extras
from scoring.edition import Edition, LevelBand
from scoring.models import YearResult
from storage.snapshot import Snapshot

MOVES_SHOWN = 3  # rises and falls per group (more when tied with the last one shown)


@dataclass(frozen=True)
class Move:
    """One unit's change of rank (positive = up) and, when both years are scored, of total."""

    unit_id: str
    rank: int
    change: int
    total: float | None
    total_change: float | None


@dataclass(frozen=True)
class LevelChange:
    """A unit's band before and after, by key (each in its own year's edition)."""

    unit_id: str
    before: str
    after: str


@dataclass(frozen=True)
class GroupChange:
    """One group's year: moves, level changes (None: unknown) and units by level (None: none)."""

    group: str
    size: int
    rises: tuple[Move, ...]
    falls: tuple[Move, ...]
    level_changes: tuple[LevelChange, ...] | None
    by_level: dict[str, tuple[str, ...]] | None  # band key → unit ids in rank order
    previous_counts: dict[str, int] | None
    risers_by_level: dict[str, tuple[Move, ...]]  # every unit that rose, by its band


@dataclass(frozen=True)
class YearChange:
    year: int
    previous: int | None  # None: no year before to compare with
    scored: bool
    previous_scored: bool
    groups: tuple[GroupChange, ...]
    same_edition: bool = True  # False: the year before was scored under another methodology


def _move(result: YearResult, before: YearResult | None, edition: Edition) -> Move | None:
    if result.rank is None or result.rank_change is None:
        return None
    total_change = None
    if result.total is not None and before is not None and before.total is not None:
        total_change = edition.round(result.total - before.total)
    return Move(result.unit_id, result.rank, result.rank_change, result.total, total_change)


def _biggest(moves: list[Move], limit: int) -> tuple[Move, ...]:
    """The `limit` largest moves by size, and any tied with the last of them."""
    ordered = sorted(moves, key=lambda m: (-abs(m.change), m.rank))
    if len(ordered) <= limit:
        return tuple(ordered)
    edge = abs(ordered[limit - 1].change)
    return tuple(m for m in ordered if abs(m.change) >= edge)


def year_change(snapshot: Snapshot, year: int, *, limit: int = MOVES_SHOWN) -> YearChange:
    """What changed in `year` against the year before, group by group."""
    previous = year - 1 if year - 1 in snapshot.years else None
    scored = year in snapshot.scored_years
    previous_scored = previous is not None and previous in snapshot.scored_years
    # Totals and band counts compare only within one methodology: 412 of 500 points and
    # 0.82 of 1 are not "+411 points", and a "khá" of one edition is not another's.
    same_edition = previous is None or snapshot.edition(previous).year == snapshot.edition(
        year).year
    edition = snapshot.edition(year)
    bands = [band.key for band in edition.levels]
    groups = []
    for group in edition.group_keys:
        table = snapshot.table(year, group)
        if not table:
            continue
        moves: list[Move] = []
        level_changes: list[LevelChange] = []
        for result in table:
            before = snapshot.result(result.unit_id, previous) if previous else None
            move = _move(result, before if same_edition else None, edition)
            if move is not None:
                moves.append(move)
            if (before is not None and before.level is not None and result.level is not None
                    and before.level != result.level):
                level_changes.append(
                    LevelChange(result.unit_id, str(before.level), str(result.level)))
        by_level = None
        risers: dict[str, tuple[Move, ...]] = {}
        if scored and bands:
            levels = {r.unit_id: r.level for r in table}  # keys compare equal as strings
            by_level = {b: tuple(r.unit_id for r in table if levels[r.unit_id] == b)
                        for b in bands}
            risers = {b: tuple(m for m in moves if m.change > 0 and levels[m.unit_id] == b)
                      for b in bands}
        previous_counts = None
        if previous_scored and previous is not None and bands and same_edition:
            before_table = snapshot.table(previous, group)
            previous_counts = {b: sum(r.level == b for r in before_table) for b in bands}
        groups.append(GroupChange(
            group=group, size=len(table),
            rises=_biggest([m for m in moves if m.change > 0], limit),
            falls=_biggest([m for m in moves if m.change < 0], limit),
            level_changes=tuple(level_changes) if previous_scored and scored else None,
            by_level=by_level, previous_counts=previous_counts, risers_by_level=risers,
        ))
    return YearChange(year, previous, scored, previous_scored, tuple(groups), same_edition)


# ---------------------------------------------------------------- rendering

def year_change_html(change: YearChange, snapshot: Snapshot) -> str:
    """The /thaydoi answer: per group, rises, falls, level changes, then the summary."""
    def name(unit_id: str) -> str:
        return esc(snapshot.registry.get(unit_id).name_in(change.year))

    if change.previous is None:
        return extras.insight_no_previous(change.year)
    edition = snapshot.edition(change.year)
    before_edition = snapshot.edition(change.previous)
    d = edition.decimals
    sections = [extras.insight_heading(change.year, change.previous)]
    for group in change.groups:
        words = edition_group(edition, group.group)
        lines = [extras.insight_group_heading(words, group.size)]
        lines.append(extras.INSIGHT_RISES)
        lines += [extras.insight_move(m.rank, name(m.unit_id), m.change, m.total_change, d)
                  for m in group.rises] or [extras.INSIGHT_NONE]
        lines.append(extras.INSIGHT_FALLS)
        lines += [extras.insight_move(m.rank, name(m.unit_id), m.change, m.total_change, d)
                  for m in group.falls] or [extras.INSIGHT_NONE]
        lines.append(extras.INSIGHT_LEVEL_CHANGES)
        if group.level_changes is None:
            lines.append(extras.insight_levels_unknown(
                change.year if not change.scored else change.previous))
        else:
            lines += [_level_change(c, edition, before_edition, name)
                      for c in group.level_changes] or [extras.INSIGHT_NO_LEVEL_CHANGE]
        lines.append(extras.INSIGHT_SUMMARY)
        lines += _summary(group, change, name, edition)
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def _level_change(c: LevelChange, edition: Edition, before_edition: Edition,
                  name: Callable[[str], str]) -> str:
    """"lên/xuống mức …": compared by position within one edition, by the share of the
    maximum the bands start at when the two years' editions differ."""
    after, before = edition.level(c.after), before_edition.level(c.before)
    if edition is before_edition and after is not None and before is not None:
        up = edition.levels.index(after) < edition.levels.index(before)
    else:  # by where the bands start as a share of the maximum, then by their place
        up = _standing(after, edition) > _standing(before, before_edition)
    return extras.insight_level_change(
        name(c.unit_id), before.name if before else c.before, after.name if after else c.after,
        up=up)


def _standing(band: LevelBand | None, edition: Edition) -> tuple[float, float]:
    if band is None or not edition.total_maximum:
        return (0.0, 0.0)
    place = 1 - edition.levels.index(band) / max(len(edition.levels) - 1, 1)
    return (band.from_ / edition.total_maximum, place)


def _summary(group: GroupChange, change: YearChange, name: Callable[[str], str],
             edition: Edition) -> list[str]:
    """The report's sentences: each band's count, who rose in it, and the change in count."""
    if group.by_level is None:
        return [extras.insight_no_levels(change.year)]
    words = edition_group(edition, group.group)
    top = edition.levels[0]
    lines = []
    for band in edition.levels:
        members = group.by_level[band.key]
        # As the report words it: who rose, for the top band; who is in it, for the others.
        risers, names = [], []
        if band.key == top.key:
            risers = [extras.insight_riser(name(m.unit_id), m.change)
                      for m in sorted(group.risers_by_level[band.key], key=lambda m: m.rank)]
        else:
            names = [name(u) for u in members]
        lines.append(extras.insight_level_sentence(edition, words, band, len(members), names,
                                                  risers))
    if group.previous_counts is None and not change.same_edition and change.previous_scored:
        lines.append(extras.insight_counts_other_edition(change.previous or change.year - 1))
    elif group.previous_counts is None:
        lines.append(extras.insight_counts_unknown(change.previous or change.year - 1))
    else:
        now = len(group.by_level[top.key])
        lines.append(extras.insight_top_growth(words, top, now - group.previous_counts[top.key],
                                              change.previous or change.year - 1))
    return lines
