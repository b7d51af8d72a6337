"""Words for editions and restructurings: methodology used, new and retired units,
mergers, predecessors, comparisons with a year that is not the previous one."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from scoring.edition import Edition
from scoring.models import Unit


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def edition_used(edition: Edition, is_new: bool) -> str:
    """One line: which methodology the year was read with."""
    subs = ", ".join(f"{s.label} {_number(s.maximum)}" for s in edition.subindices)
    head = "Ấn bản mới" if is_new else "Ấn bản đang áp dụng"
    total = f", tổng {_number(edition.total_maximum)} điểm" if edition.total_maximum else ""
    levels = ", ".join(b.name for b in edition.levels)
    bands = f"; mức: {levels}" if levels else ""
    return f"{head} (từ năm {edition.year}): {edition.name} — {subs}{total}{bands}."


def units_changed(new: Sequence[Unit], retired: Sequence[Unit]) -> list[str]:
    lines = []
    if new:
        lines.append(f"Đơn vị mới ({len(new)}): {', '.join(u.name for u in new)}.")
    if retired:
        lines.append(f"Đơn vị dừng ({len(retired)}): " + ", ".join(
            f"{u.name} (đến {u.until_year})" for u in retired) + ".")
    return lines


def merged_into(unit: str, successor: str, from_year: int) -> str:
    """HTML: the unit asked about no longer exists; the successor's result is shown."""
    return (f"<i>{escape(unit)} đã hợp nhất vào {escape(successor)} từ năm {from_year}; "
            "dưới đây là kết quả của đơn vị mới.</i>")


def predecessors_line(parts: Sequence[tuple[str, int | None, int | None]]) -> str:
    """HTML: the units merged into this one, with their last rank: (name, year, rank)."""
    shown = []
    for name, year, rank in parts:
        last = f" (hạng {rank} năm {year})" if rank is not None and year is not None else ""
        shown.append(f"{escape(name)}{last}")
    return "Hợp nhất từ: " + "; ".join(shown) + "."


def rank_change_since(change: int, year: int) -> str:
    """"↑2 so với 2019": the comparison year is not the previous one."""
    arrow = "↑" if change > 0 else ("↓" if change < 0 else "=")
    amount = str(abs(change)) if change else ""
    return f"{arrow}{amount} so với {year}"


def group_size_changed(rank: int, size: int, year: int, old_rank: int, old_size: int) -> str:
    """"hạng 3/14, năm 2022: 5/19": the group's size changed since the compared year."""
    return f"hạng {rank}/{size}, năm {year}: {old_rank}/{old_size}"
