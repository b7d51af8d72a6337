"""From a validated year table to stored results: totals, levels, ranks, changes, data notes.

The published figure always stays the official one; where code disagrees with it, the
disagreement becomes a data note shown beside the figure. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import wording
from .edition import Edition
from .models import YearResult
from .ranking import competition_ranks, duplicate_ranks, rank_change, rank_list
from .registry import UnitRegistry
from .table import TableRow, YearTable


def compute_year(
    table: YearTable,
    registry: UnitRegistry,
    edition: Edition,
    stored_ranks: Mapping[int, Mapping[str, int]] | None = None,
    source: str | None = None,
    previous: Mapping[tuple[str, str], tuple[int, int]] | None = None,
) -> list[YearResult]:
    """Results for every row of `table`, group by group (edition order), in row order.

    A rank change compares with the unit's rank in the same group in the last earlier year
    it was ranked (`previous`); a new unit has none.

    Args:
        edition: the methodology of the table's year (groups, weights, bands, decimals).
        stored_ranks: official ranks already stored for other years, to check the
            "Xếp hạng <year>" columns a table may carry against them.
        source: where the table was published, kept with every figure.
        previous: (unit id, group) → (year, rank) of the last earlier year the unit was
            ranked in that group, for rank changes; without it they are left empty.
    """
    results: dict[str, YearResult] = {}
    by_group: dict[str, list[TableRow]] = {}
    for row in table.rows:
        by_group.setdefault(registry.get(row.unit_id).group, []).append(row)
    for group in edition.group_keys:
        rows = by_group.get(group, [])
        for result in _compute_group(table.year, group, rows, edition, stored_ranks or {},
                                     source, previous or {}):
            results[result.unit_id] = result
    return [results[row.unit_id] for row in table.rows if row.unit_id in results]


def _band(edition: Edition, total: float | None) -> str | None:
    band = edition.level_for(total) if total is not None else None
    return band.key if band is not None else None


def _band_name(edition: Edition, key: str | None) -> str:
    band = edition.level(key) if key else None
    return band.name if band is not None else "không xếp mức"


def _compute_group(
    year: int,
    group: str,
    rows: list[TableRow],
    edition: Edition,
    stored_ranks: Mapping[int, Mapping[str, int]],
    source: str | None,
    previous: Mapping[tuple[str, str], tuple[int, int]],
) -> list[YearResult]:
    notes: dict[str, list[str]] = {row.unit_id: [] for row in rows}
    computed_totals: dict[str, float] = {}
    totals: dict[str, float] = {}
    tolerance = edition.tolerance()
    decimals = edition.decimals
    for row in rows:
        if row.scores is not None:
            computed_totals[row.unit_id] = edition.weighted_total(row.scores)
        official = row.total if row.total is not None else computed_totals.get(row.unit_id)
        if official is not None:
            totals[row.unit_id] = official

    computed_ranks = (competition_ranks(totals, decimals) if len(totals) == len(rows) else {})
    sub_ranks: dict[str, dict[str, int]] = {}  # unit → {key: rank}, in edition order
    if rows and all(r.scores is not None for r in rows):
        keys = edition.subindex_keys
        by_key = [rank_list([r.scores[key] for r in rows if r.scores], decimals)
                  for key in keys]
        sub_ranks = {row.unit_id: dict(zip(keys, ranks, strict=True))
                     for row, ranks in zip(rows, zip(*by_key, strict=True), strict=False)}

    for row in rows:
        unit_notes = notes[row.unit_id]
        computed = computed_totals.get(row.unit_id)
        if (row.total is not None and computed is not None
                and abs(row.total - computed) > tolerance):
            unit_notes.append(wording.note_total_mismatch(row.total, computed, decimals))
            published_band, computed_band = _band(edition, row.total), _band(edition, computed)
            if published_band != computed_band:
                unit_notes.append(wording.note_level_from_sum(
                    _band_name(edition, published_band), _band_name(edition, computed_band)))
        if row.level is not None and row.unit_id in totals:
            expected = _band(edition, totals[row.unit_id])
            if row.level != expected:
                unit_notes.append(wording.note_level_mismatch(
                    _band_name(edition, row.level), totals[row.unit_id],
                    _band_name(edition, expected), decimals))
        computed_rank = computed_ranks.get(row.unit_id)
        if row.rank is not None and computed_rank is not None and row.rank != computed_rank:
            unit_notes.append(wording.note_rank_mismatch(row.rank, computed_rank))
        for other_year, printed in sorted(row.ranks_by_year.items()) if row.ranks_by_year else ():
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
        since, before = previous.get((row.unit_id, group), (None, None))
        if rank is None or before is None:
            since = None
        results.append(YearResult(
            unit_id=row.unit_id,
            year=year,
            group=group,
            rank=rank,
            scores=dict(row.scores) if row.scores is not None else None,
            total=total,
            computed_total=computed_totals.get(row.unit_id),
            level=_band(edition, total),
            computed_rank=computed_ranks.get(row.unit_id),
            rank_change=rank_change(before, rank) if since is not None else None,
            rank_change_from=since,
            subindex_ranks=sub_ranks.get(row.unit_id) or None,
            notes=tuple(notes[row.unit_id]),
            source=source,
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
