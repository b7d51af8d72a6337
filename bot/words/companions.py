"""Words for the edition (.toml) and units (.csv) files an admin sends before a results file,
and for the preview's account of the new methodology and the new and retired units (HTML)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from scoring.edition import Edition
from scoring.models import Unit
from scoring.wording import band_range, format_number

WRONG_TYPE = ("Tôi chỉ nhận tệp kết quả dạng <b>.csv</b> hoặc <b>.xlsx</b>, tệp ấn bản "
              "(phương pháp) dạng <b>.toml</b> và danh sách đơn vị dạng <b>.csv</b> "
              "(cột <code>id,group,name,…</code>). Xin gửi lại đúng loại tệp.")
NEXT_RESULTS = "Tệp được giữ lại cho tệp kết quả gửi tiếp theo (chú thích ghi năm công bố)."


def edition_kept(filename: str, edition: Edition, replaced: bool) -> str:
    """An edition file passed its checks and waits for the results file."""
    lines = [f"📐 Đã nhận tệp ấn bản <b>{escape(filename)}</b>: {escape(edition.name)} "
             f"(áp dụng từ năm {edition.year})."]
    if replaced:
        lines.append("Tệp này thay cho tệp ấn bản gửi trước đó.")
    lines.append(NEXT_RESULTS)
    return "\n".join(lines)


def units_kept(filename: str, new: int, updated: int, replaced: bool) -> str:
    """A units file passed its checks and waits for the results file."""
    lines = [f"🏛 Đã nhận danh sách đơn vị <b>{escape(filename)}</b>: {new} đơn vị mới, "
             f"{updated} đơn vị cập nhật."]
    if replaced:
        lines.append("Tệp này thay cho danh sách đơn vị gửi trước đó.")
    lines.append(NEXT_RESULTS)
    return "\n".join(lines)


def files_used(filenames: Sequence[str]) -> str:
    """The preview names the edition and units files checked with the results."""
    return "Kèm theo: " + ", ".join(f"<b>{escape(n)}</b>" for n in filenames) + "."


def _weight(value: float) -> str:
    return "" if value == 1 else f", trọng số {format_number(round(value, 4))}"


def edition_preview(edition: Edition) -> str:
    """The new methodology in full: what officials must check before publishing it."""
    lines = [f"📐 <b>Ấn bản mới</b> (áp dụng từ năm {edition.year}): {escape(edition.name)}"]
    if edition.source:
        lines.append(f"Nguồn: {escape(edition.source)}")
    lines.append("Khối: " + "; ".join(escape(g.name) for g in edition.groups) + ".")
    if edition.subindices:
        lines.append("Chỉ số thành phần:")
        lines += [f"• {escape(s.label)} — {escape(s.name)} (tối đa "
                  f"{format_number(s.maximum)}{_weight(s.weight)})" for s in edition.subindices]
    if edition.total_maximum is not None:
        lines.append(f"Tổng điểm tối đa: {format_number(edition.total_maximum)}; "
                     f"{edition.decimals} chữ số thập phân.")
    if edition.ranks_only:
        lines.append("Chỉ công bố thứ hạng.")
    if edition.levels:
        lines.append("Mức: " + "; ".join(
            f"{escape(b.name)} ({band_range(edition, b)})" for b in edition.levels) + ".")
    return "\n".join(lines)


def units_preview(new: Sequence[Unit], retired: Sequence[Unit],
                  names: dict[str, str]) -> str:
    """New units and units that stop (with their successor, named via `names`: id → name)."""
    lines = []
    if new:
        lines.append(f"🆕 <b>Đơn vị mới ({len(new)}):</b> "
                     + ", ".join(escape(u.name) for u in new) + ".")
    if retired:
        shown = []
        for unit in retired:
            successor = names.get(unit.successor or "")
            into = f", hợp nhất vào {escape(successor)}" if successor else ""
            shown.append(f"{escape(unit.name)} (đến {unit.until_year}{into})")
        lines.append(f"🔚 <b>Đơn vị dừng ({len(retired)}):</b> " + "; ".join(shown) + ".")
    return "\n".join(lines)
