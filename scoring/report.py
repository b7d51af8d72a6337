"""Plain-text tables for the command line, laid out like the report so they can be held
against it: unit, four sub-indices, total, level, ranks for the last three years."""

from __future__ import annotations

import unicodedata

from storage.snapshot import Snapshot

from . import wording
from .claims import ClaimCheck
from .errors import DataFileError


def _width(text: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _num(value: float | None, decimals: int = 1) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def render_ranking(snapshot: Snapshot, year: int) -> str:
    """Every group's table for `year` (the year's edition: its columns, bands, decimals),
    grouped by level as the report prints them."""
    edition = snapshot.edition(year)
    decimals = edition.decimals
    width = max(7, decimals + 5)
    history_years = [y for y in snapshot.years if y <= year][-3:][::-1]
    name_width = max(_width(u.name) for u in snapshot.registry)
    header = (_pad("Đơn vị", name_width) + "".join(
        _pad(s.label, max(width, _width(s.label) + 1), right=True) for s in edition.subindices)
        + _pad("Tổng", width + 1, right=True) + "  " + _pad("Mức", 11)
        + "".join(_pad(str(y), 6, right=True) for y in history_years))
    lines = [edition.name.replace(str(edition.year), str(year)), ""]
    for number, group in enumerate(snapshot.groups(year), start=1):
        table = snapshot.table(year, group)
        if not table:
            continue
        spec = edition.group(group)
        section = _ROMAN[number - 1] + ". " + (spec.name if spec else group)
        lines += [section, header, "-" * _width(header)]
        current_level: str | None = None
        for result in table:
            band = edition.level(result.level) if result.level else None
            if band is not None and result.level != current_level:
                current_level = result.level
                ceiling = edition.band_ceiling(band.key)
                lines.append(wording.level_heading(band.name, band.from_, ceiling,
                                                   band is edition.levels[0]))
            unit = snapshot.registry.get(result.unit_id)
            scores = result.scores or {}
            ranks = []
            for y in history_years:
                past = snapshot.result(result.unit_id, y)
                ranks.append("" if past is None or past.rank is None else str(past.rank))
            lines.append(
                _pad(unit.name_in(year), name_width)
                + "".join(_pad(_num(scores.get(s.key), decimals),
                               max(width, _width(s.label) + 1), right=True)
                          for s in edition.subindices)
                + _pad(_num(result.total, decimals), width + 1, right=True) + "  "
                + _pad(band.name if band else "", 11)
                + "".join(_pad(r, 6, right=True) for r in ranks))
        lines.append("")
    if len(lines) == 2:
        lines.append(f"Chưa có kết quả năm {year}.")
    return "\n".join(lines).rstrip() + "\n"


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def render_check(snapshot: Snapshot, checks: list[ClaimCheck]) -> str:
    """Every data note, then each prose claim the table contradicts."""
    lines = ["Ghi chú dữ liệu (số công bố khác với số tính lại):"]
    count = 0
    for year in snapshot.years:
        for group in snapshot.groups(year):
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
