"""Plain-text tables for the command line, laid out like the report so they can be held
against it: unit, four sub-indices, total, level, ranks for the last three years."""

from __future__ import annotations

import unicodedata

from storage.snapshot import Snapshot

from . import wording
from .claims import ClaimCheck
from .errors import DataFileError
from .models import Group, Level, SubIndex

_SUB_LABELS = {SubIndex.HTKT: "HTKT", SubIndex.UD: "UD", SubIndex.HTNL: "HTNL",
               SubIndex.CSDT: "CS&ĐT"}


def _width(text: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def render_ranking(snapshot: Snapshot, year: int) -> str:
    """Both groups' tables for `year`, grouped by level as the report prints them."""
    history_years = [y for y in snapshot.years if y <= year][-3:][::-1]
    name_width = max(_width(u.name) for u in snapshot.registry)
    header = (_pad("Đơn vị", name_width) + "".join(
        _pad(_SUB_LABELS[s], 7, right=True) for s in SubIndex)
        + _pad("Tổng", 8, right=True) + "  " + _pad("Mức", 11)
        + "".join(_pad(str(y), 6, right=True) for y in history_years))
    lines = [f"Chỉ số DienBien e-Gov index {year}", ""]
    for group in Group:
        table = snapshot.table(year, group)
        if not table:
            continue
        lines += [wording.SECTIONS[group], header, "-" * _width(header)]
        current_level: Level | None = None
        for result in table:
            if result.level is not None and result.level != current_level:
                current_level = result.level
                lines.append(wording.LEVEL_HEADINGS[current_level])
            unit = snapshot.registry.get(result.unit_id)
            scores = result.scores or {}
            level = wording.LEVEL_NAMES[result.level] if result.level else ""
            ranks = []
            for y in history_years:
                past = snapshot.result(result.unit_id, y)
                ranks.append("" if past is None or past.rank is None else str(past.rank))
            lines.append(
                _pad(unit.name_in(year), name_width)
                + "".join(_pad(_num(scores.get(s)), 7, right=True) for s in SubIndex)
                + _pad(_num(result.total), 8, right=True) + "  " + _pad(level, 11)
                + "".join(_pad(r, 6, right=True) for r in ranks))
        lines.append("")
    if len(lines) == 2:
        lines.append(f"Chưa có kết quả năm {year}.")
    return "\n".join(lines).rstrip() + "\n"


def render_check(snapshot: Snapshot, checks: list[ClaimCheck]) -> str:
    """Every data note, then each prose claim the table contradicts."""
    lines = ["Ghi chú dữ liệu (số công bố khác với số tính lại):"]
    count = 0
    for year in snapshot.years:
        for group in Group:
            for result in snapshot.table(year, group):
                for note in result.notes:
                    unit = snapshot.registry.get(result.unit_id)
                    lines.append(f"  {year} · {unit.name_in(year)}: {note}")
                    count += 1
    if not count:
        lines.append("  không có")
    wrong = [c for c in checks if not c.holds]
    lines += ["", f"Khẳng định trong lời văn báo cáo: {len(checks)}, "
                  f"bảng số liệu mâu thuẫn với {len(wrong)}:"]
    for check in wrong:
        lines.append(f"  {check.claim.year} · «{check.claim.quote}»: {check.explanation}")
    if not wrong:
        lines.append("  không có")
    return "\n".join(lines) + "\n"


def render_problems(error: DataFileError) -> str:
    count = len(error.problems)
    head = f"Không công bố: tệp có {count} lỗi, chưa ghi gì vào cơ sở dữ liệu."
    return "\n".join([head, *(f"  - {p}" for p in error.problems)]) + "\n"
