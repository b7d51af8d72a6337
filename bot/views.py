"""What a button shows: the sub-index detail, the rank history, the "compare with" picker.
Pure HTML builders over the snapshot, like `render`."""

from __future__ import annotations

import statistics

from bot.render import as_mapping, edition_group, esc
from bot.words import cards
from storage.snapshot import Snapshot


def detail_view(unit_id: str, year: int, snapshot: Snapshot) -> str | None:
    """Each sub-index in full: score/max, rank in group, the group's median and best."""
    stored = snapshot.result(unit_id, year)
    if stored is None or stored.scores is None:
        return None
    edition = snapshot.edition(year)
    table = [as_mapping(r.scores) for r in snapshot.table(year, stored.group) if r.scores]
    unit = snapshot.registry.get(unit_id)
    lines = [f"<b>{esc(unit.name_in(year))}</b>",
             cards.detail_heading(year, edition_group(edition, stored.group), len(table))]
    scores, ranks = as_mapping(stored.scores), as_mapping(stored.subindex_ranks)
    for sub in edition.subindices:
        values = [row[sub.key] for row in table if sub.key in row]
        if sub.key not in scores or not values:
            continue
        lines.append(cards.detail_block(
            edition, sub, scores[sub.key], ranks.get(sub.key), len(table),
            statistics.median(values), max(values)))
    return "\n\n".join(lines)


def history_view(unit_id: str, snapshot: Snapshot) -> str:
    """Rank by year with group size and change, oldest first."""
    unit = snapshot.registry.get(unit_id)
    lines = [f"<b>{esc(unit.name)}</b>", cards.HISTORY_HEADING]
    rows = []
    for year in snapshot.years:
        stored = snapshot.result(unit_id, year)
        if stored is None or stored.rank is None:
            continue
        size = snapshot.group_size(year, stored.group)
        total = ("" if stored.total is None
                 else cards.score(stored.total, snapshot.edition(year)))
        change = "" if stored.rank_change is None else f"{stored.rank_change:+d}"
        rows.append(f"{year}  {stored.rank:>2}/{size:<2} {change:>4} {total:>6}".rstrip())
    lines.append("<pre>" + esc("\n".join([cards.HISTORY_COLUMNS, *rows])) + "</pre>")
    return "\n".join(lines)


def compare_pick_view(unit_id: str, year: int, snapshot: Snapshot) -> str:
    """Ask which unit of the same group to compare with (the buttons list them)."""
    name = esc(snapshot.registry.get(unit_id).name_in(year))
    return cards.compare_pick(name) + "\n" + cards.COMPARE_PICK_HINT
