"""Plain-text tables for the command line, laid out like the report so they can be held
against it: unit, the edition's sub-indices, total, level, ranks for the last three years."""

from __future__ import annotations

import unicodedata

from storage.snapshot import Snapshot

from . import wording
from .claims import ClaimCheck
from .errors import MAX_PROBLEMS_SHOWN, DataFileError
from .export import title


def _width(text: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _num(value: float | None, decimals: int = 1) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def render_ranking(snapshot: Snapshot, year: int) -> str:
    """Every group's table for `year`, grouped by band as the report prints them; columns,
    sections, bands and precision from the year's edition."""
    history_years = [y for y in snapshot.years if y <= year][-3:][::-1]
    if not len(snapshot.editions):
        return f"Chưa có kết quả năm {year}.\n"
    edition = snapshot.edition(year)
    decimals = edition.decimals
    subs = edition.subindices if edition.has_scores else ()
    name_width = max((_width(u.name) for u in snapshot.registry), default=6)
    cell = max([7, *(_width(s.label) + 1 for s in subs)])
    total_width = max(8, ((edition.total_maximum and len(_num(edition.total_maximum, decimals)))
                          or 0) + 2)
    level_width = max([11, *(_width(b.name) + 1 for b in edition.levels)])
    header = (_pad("Đơn vị", name_width) + "".join(
        _pad(s.label, cell, right=True) for s in subs)
        + _pad("Tổng", total_width, right=True) + "  " + _pad("Mức", level_width)
        + "".join(_pad(str(y), 6, right=True) for y in history_years))
    lines = [title(edition, year), ""]
    for group in edition.groups:
        table = snapshot.table(year, group.key)
        if not table:
            continue
        lines += [wording.section_heading(edition, group), header, "-" * _width(header)]
        current_level: str | None = None
        for result in table:
            band = edition.level(str(result.level)) if result.level is not None else None
            if band is not None and band.key != current_level:
                current_level = band.key
                lines.append(wording.level_heading(edition, band))
            unit = snapshot.registry.get(result.unit_id)
            scores = result.scores or {}
            level = band.name if band is not None else ""
            ranks = []
            for y in history_years:
                past = snapshot.result(result.unit_id, y)
                ranks.append("" if past is None or past.rank is None else str(past.rank))
            lines.append(
                _pad(unit.name_in(year), name_width)
                + "".join(_pad(_num(scores.get(s.key), decimals), cell, right=True)
                          for s in subs)
                + _pad(_num(result.total, decimals), total_width, right=True) + "  "
                + _pad(level, level_width)
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
        for group in snapshot.edition(year).group_keys:
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


def render_problems(error: DataFileError, *,
                    limit: int | None = MAX_PROBLEMS_SHOWN) -> str:
    """The faults of a refused file: the first `limit` (None: all), then how many more."""
    count = len(error.problems)
    head = f"Không công bố: tệp có {count} lỗi, chưa ghi gì vào cơ sở dữ liệu."
    shown = error.problems if limit is None else error.problems[:limit]
    lines = [head, *(f"  - {p}" for p in shown)]
    if count > len(shown):
        lines.append(f"  … và {count - len(shown)} lỗi khác "
                     "(chạy lại với --all-errors để xem hết).")
    return "\n".join(lines) + "\n"
