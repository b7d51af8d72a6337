"""Year over year: the biggest rises and falls per group, units that changed level, and the
report-style summary ("Nhóm mức khá có 15 cơ quan, …"), all generated from the data.

Pure. Where the year before published ranks only (2018), its levels are unknown and the
answer says so instead of guessing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scoring.models import Group, Level, YearResult, round_score
from storage.snapshot import Snapshot

from . import texts
from .render import esc

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
    unit_id: str
    before: Level
    after: Level


@dataclass(frozen=True)
class GroupChange:
    """One group's year: moves, level changes (None: unknown) and units by level (None: none)."""

    group: Group
    size: int
    rises: tuple[Move, ...]
    falls: tuple[Move, ...]
    level_changes: tuple[LevelChange, ...] | None
    by_level: dict[Level, tuple[str, ...]] | None  # unit ids in rank order
    previous_counts: dict[Level, int] | None
    risers_by_level: dict[Level, tuple[Move, ...]]  # every unit that rose, by its level


@dataclass(frozen=True)
class YearChange:
    year: int
    previous: int | None  # None: no year before to compare with
    scored: bool
    previous_scored: bool
    groups: tuple[GroupChange, ...]


def _move(result: YearResult, before: YearResult | None) -> Move | None:
    if result.rank is None or result.rank_change is None:
        return None
    total_change = None
    if result.total is not None and before is not None and before.total is not None:
        total_change = round_score(result.total - before.total)
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
    groups = []
    for group in Group:
        table = snapshot.table(year, group)
        if not table:
            continue
        moves: list[Move] = []
        level_changes: list[LevelChange] = []
        for result in table:
            before = snapshot.result(result.unit_id, previous) if previous else None
            move = _move(result, before)
            if move is not None:
                moves.append(move)
            if (before is not None and before.level is not None and result.level is not None
                    and before.level != result.level):
                level_changes.append(LevelChange(result.unit_id, before.level, result.level))
        by_level = None
        risers: dict[Level, tuple[Move, ...]] = {}
        if scored:
            by_level = {lv: tuple(r.unit_id for r in table if r.level == lv) for lv in Level}
            levels = {r.unit_id: r.level for r in table}
            risers = {lv: tuple(m for m in moves if m.change > 0 and levels[m.unit_id] == lv)
                      for lv in Level}
        previous_counts = None
        if previous_scored and previous is not None:
            before_table = snapshot.table(previous, group)
            previous_counts = {lv: sum(r.level == lv for r in before_table) for lv in Level}
        groups.append(GroupChange(
            group=group, size=len(table),
            rises=_biggest([m for m in moves if m.change > 0], limit),
            falls=_biggest([m for m in moves if m.change < 0], limit),
            level_changes=tuple(level_changes) if previous_scored and scored else None,
            by_level=by_level, previous_counts=previous_counts, risers_by_level=risers,
        ))
    return YearChange(year, previous, scored, previous_scored, tuple(groups))


# ---------------------------------------------------------------- rendering

def year_change_html(change: YearChange, snapshot: Snapshot) -> str:
    """The /thaydoi answer: per group, rises, falls, level changes, then the summary."""
    def name(unit_id: str) -> str:
        return esc(snapshot.registry.get(unit_id).name_in(change.year))

    if change.previous is None:
        return texts.insight_no_previous(change.year)
    sections = [texts.insight_heading(change.year, change.previous)]
    for group in change.groups:
        lines = [texts.insight_group_heading(group.group, group.size)]
        lines.append(texts.INSIGHT_RISES)
        lines += [texts.insight_move(m.rank, name(m.unit_id), m.change, m.total_change)
                  for m in group.rises] or [texts.INSIGHT_NONE]
        lines.append(texts.INSIGHT_FALLS)
        lines += [texts.insight_move(m.rank, name(m.unit_id), m.change, m.total_change)
                  for m in group.falls] or [texts.INSIGHT_NONE]
        lines.append(texts.INSIGHT_LEVEL_CHANGES)
        if group.level_changes is None:
            lines.append(texts.insight_levels_unknown(
                change.year if not change.scored else change.previous))
        else:
            lines += [texts.insight_level_change(name(c.unit_id), c.before, c.after)
                      for c in group.level_changes] or [texts.INSIGHT_NO_LEVEL_CHANGE]
        lines.append(texts.INSIGHT_SUMMARY)
        lines += _summary(group, change, name)
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def _summary(group: GroupChange, change: YearChange, name: Callable[[str], str]) -> list[str]:
    """The report's sentences: each level's count, who rose in it, and the change in count."""
    if group.by_level is None:
        return [texts.insight_no_levels(change.year)]
    lines = []
    for level in Level:
        members = group.by_level[level]
        # As the report words it: who rose, for the khá group; who is in it, for the others.
        risers, names = [], []
        if level is Level.KHA:
            risers = [texts.insight_riser(name(m.unit_id), m.change)
                      for m in sorted(group.risers_by_level[level], key=lambda m: m.rank)]
        else:
            names = [name(u) for u in members]
        lines.append(texts.insight_level_sentence(group.group, level, len(members), names,
                                                  risers))
    if group.previous_counts is None:
        lines.append(texts.insight_counts_unknown(change.previous or change.year - 1))
    else:
        now = len(group.by_level[Level.KHA])
        lines.append(texts.insight_kha_growth(group.group, now - group.previous_counts[Level.KHA],
                                              change.previous or change.year - 1))
    return lines
