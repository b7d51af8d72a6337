"""From a validated year table to stored results: totals, levels, ranks, changes, data notes.

The published figure always stays the official one; where code disagrees with it, the
disagreement becomes a data note shown beside the figure. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import wording
from .models import Group, SubIndex, YearResult, level_for, round_score
from .ranking import competition_ranks, duplicate_ranks, rank_change
from .registry import UnitRegistry
from .table import TableRow, YearTable

_TOLERANCE = 0.05  # figures are printed to one decimal
# TODO(editions): until compute reads the edition's bands, notes name the 2019 levels here.
_LEVEL_NAMES = {"kha": "khá", "trung_binh": "trung bình", "thap": "thấp"}


def compute_year(
    table: YearTable,
    registry: UnitRegistry,
    previous_ranks: Mapping[str, int],
    stored_ranks: Mapping[int, Mapping[str, int]] | None = None,
) -> list[YearResult]:
    """Results for every row of `table`, group by group, in the table's row order.

    Args:
        previous_ranks: official ranks of year − 1 by unit id (for rank changes).
        stored_ranks: official ranks already stored for other years, to check the
            "Xếp hạng <year>" columns a table may carry against them.
    """
    results: dict[str, YearResult] = {}
    for group in Group:
        rows = [r for r in table.rows if registry.get(r.unit_id).group is group]
        for result in _compute_group(table.year, group, rows, previous_ranks, stored_ranks or {}):
            results[result.unit_id] = result
    return [results[row.unit_id] for row in table.rows]


def _compute_group(
    year: int,
    group: Group,
    rows: list[TableRow],
    previous_ranks: Mapping[str, int],
    stored_ranks: Mapping[int, Mapping[str, int]],
) -> list[YearResult]:
    notes: dict[str, list[str]] = {row.unit_id: [] for row in rows}
    computed_totals: dict[str, float] = {}
    totals: dict[str, float] = {}
    for row in rows:
        if row.scores is not None:
            computed_totals[row.unit_id] = round_score(sum(row.scores.values()))
        official = row.total if row.total is not None else computed_totals.get(row.unit_id)
        if official is not None:
            totals[row.unit_id] = official

    computed_ranks = competition_ranks(totals) if len(totals) == len(rows) else {}
    sub_ranks: dict[SubIndex, dict[str, int]] = {}
    if rows and all(r.scores is not None for r in rows):
        sub_ranks = {
            sub: competition_ranks({r.unit_id: r.scores[sub] for r in rows if r.scores})
            for sub in SubIndex
        }

    for row in rows:
        unit_notes = notes[row.unit_id]
        computed = computed_totals.get(row.unit_id)
        if (row.total is not None and computed is not None
                and abs(row.total - computed) > _TOLERANCE):
            unit_notes.append(wording.note_total_mismatch(row.total, computed))
            if level_for(row.total) is not level_for(computed):
                unit_notes.append(wording.note_level_from_sum(
                    _LEVEL_NAMES[level_for(row.total)], _LEVEL_NAMES[level_for(computed)]))
        if row.level is not None and row.unit_id in totals:
            expected = level_for(totals[row.unit_id])
            if row.level is not expected:
                unit_notes.append(wording.note_level_mismatch(
                    _LEVEL_NAMES[row.level], totals[row.unit_id], _LEVEL_NAMES[expected]))
        computed_rank = computed_ranks.get(row.unit_id)
        if row.rank is not None and computed_rank is not None and row.rank != computed_rank:
            unit_notes.append(wording.note_rank_mismatch(row.rank, computed_rank))
        for other_year, printed in sorted(row.ranks_by_year.items()):
            stored = stored_ranks.get(other_year, {}).get(row.unit_id)
            if stored is not None and stored != printed:
                unit_notes.append(wording.note_other_year_rank(year, other_year, printed, stored))

    published = {r.unit_id: r.rank for r in rows if r.rank is not None}
    for note_unit, text in _rank_set_notes(published, len(rows), computed_ranks):
        notes[note_unit].append(text)

    results = []
    for row in rows:
        rank = row.rank if row.rank is not None else computed_ranks.get(row.unit_id)
        total = totals.get(row.unit_id)
        results.append(YearResult(
            unit_id=row.unit_id,
            year=year,
            group=group,
            rank=rank,
            scores=dict(row.scores) if row.scores is not None else None,
            total=total,
            computed_total=computed_totals.get(row.unit_id),
            level=level_for(total) if total is not None else None,
            computed_rank=computed_ranks.get(row.unit_id),
            rank_change=rank_change(previous_ranks.get(row.unit_id), rank),
            subindex_ranks={sub: sub_ranks[sub][row.unit_id] for sub in sub_ranks} or None,
            notes=tuple(notes[row.unit_id]),
        ))
    return results


def _rank_set_notes(
    published: Mapping[str, int], size: int, computed: Mapping[str, int]
) -> list[tuple[str, str]]:
    """One rank per place: shared ranks not explained by tied totals, ranks beyond the group."""
    found: list[tuple[str, str]] = []
    for rank, unit_ids in sorted(duplicate_ranks(published).items()):
        if computed and len({computed.get(u) for u in unit_ids}) == 1:
            continue  # a genuine tie
        for unit_id in unit_ids:
            found.append((unit_id, wording.note_rank_shared(rank, len(unit_ids))))
    for unit_id, rank in published.items():
        if rank > size:
            found.append((unit_id, wording.note_rank_out_of_range(rank, size)))
    return found
