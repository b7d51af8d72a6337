"""Words of the charts (/bieudo, egov chart): titles, axes, legends, messages."""

from __future__ import annotations

from html import escape

from bot.words.cards import group_heading, max_text, score
from scoring.edition import Edition, EditionGroup, LevelBand
from scoring.wording import format_number, level_name

BUTTON_CHART = "📈 Biểu đồ"


CHART_BUTTONS = {
    "history": "📈 Lịch sử hạng",
    "profile": "📊 Chỉ số thành phần",
    "group": "🏆 Xếp hạng khối",
}


CHART_RANK_AXIS = "Hạng trong khối (1 = cao nhất)"


CHART_PERCENT_AXIS = "% điểm tối đa"


def chart_total_axis(maximum: float) -> str:
    return f"Tổng điểm (tối đa {max_text(maximum)})"


CHART_MEDIAN = "Trung vị khối"


CHART_BEST = "Cao nhất khối"


CHART_RANK_ONLY_LEGEND = "chỉ công bố hạng"


CHART_SOURCE = "Nguồn: Chỉ số DienBien e-Gov index tỉnh Điện Biên"


def chart_level_legend(edition: Edition, band: LevelBand) -> str:
    """A band in a chart's key: "khá (150–200)", "trung bình (100–<150)", "thấp (<100)"."""
    ceiling = edition.band_ceiling(band.key)
    start = format_number(band.from_)
    if edition.next_band(band.key) is None:
        span = f"{start}–{format_number(ceiling)}" if ceiling is not None else f"≥{start}"
    elif band.from_ == 0:
        span = f"<{format_number(ceiling or 0)}"
    else:
        span = f"{start}–<{format_number(ceiling or 0)}"
    return f"{band.name} ({span})"


def chart_history_title(name: str, group: EditionGroup, size: int) -> str:
    return f"{name} – lịch sử xếp hạng ({group.short}, {size} đơn vị)"


def chart_profile_title(name: str, year: int, group: EditionGroup, size: int) -> str:
    return f"{name} – chỉ số thành phần năm {year} ({group.short}, {size} đơn vị)"


def chart_group_title(group: EditionGroup, year: int, size: int) -> str:
    return f"{group_heading(group)} – xếp hạng năm {year} ({size} đơn vị)"


def chart_compare_title(year: int, names: list[str]) -> str:
    who = " và ".join(names) if len(names) == 2 and sum(map(len, names)) <= 40 else (
        f"{len(names)} đơn vị")
    return f"So sánh {who} – chỉ số năm {year}"


def chart_axis_label(label: str, maximum: float) -> str:
    return f"{label}\n(tối đa {max_text(maximum)})"


def chart_profile_footer(edition: Edition, total: float, level: str | None, rank: int | None,
                         size: int) -> str:
    rank_part = f" · hạng {rank}/{size}" if rank else ""
    maximum = "" if edition.total_maximum is None else f"/{max_text(edition.total_maximum)}"
    name = level_name(edition, level)
    band = f" · mức {name}" if name else ""
    return f"Tổng {score(total, edition)}{maximum}{band}{rank_part}"


def chart_rank_point(rank: int, size: int) -> str:
    return f"{rank}/{size}"


def _group_word(group: EditionGroup) -> str:
    """The shortest thing an official types for the group ("sở", "huyện", "phường")."""
    return group.words[0] if group.words else group.short


def bieudo_empty(edition: Edition) -> str:
    example = escape(edition.groups[-1].short)
    return ("Gõ tên đơn vị sau lệnh, ví dụ: <code>/bieudo Sở Y tế</code>, "
            f"<code>/bieudo {example}</code> hoặc "
            "<code>/bieudo Sở Y tế và Sở Tư pháp</code>.")


def chart_pick_group(edition: Edition) -> str:
    choices = " hoặc ".join(f"<code>/bieudo {escape(_group_word(g))}</code>"
                            for g in edition.groups)
    return f"Bạn muốn xem biểu đồ xếp hạng của khối nào? Gõ {choices}."


CHART_CLARIFY = "Bạn muốn xem biểu đồ của đơn vị nào? Chọn một trong các đơn vị sau:"


def chart_unknown_unit(text_html: str, edition: Edition) -> str:
    example = escape(edition.groups[-1].short)
    return (f"Xin lỗi, tôi không tìm thấy đơn vị «{text_html}» để vẽ biểu đồ. "
            "Mời bạn gõ tên đơn vị, ví dụ: <code>/bieudo Sở Y tế</code> hoặc "
            f"<code>/bieudo {example}</code>.")


def chart_rank_only(year: int) -> str:
    return (f"Năm {year} báo cáo chỉ công bố thứ hạng, không có điểm để vẽ biểu đồ này. "
            "Mời bạn xem biểu đồ lịch sử xếp hạng.")


def chart_not_ranked(name: str, year: int) -> str:
    return f"{name} không có trong bảng xếp hạng năm {year}, nên chưa có biểu đồ."


def chart_no_year(year: int, known: str) -> str:
    return f"Chưa có kết quả năm {year} để vẽ biểu đồ. Các năm đã có dữ liệu: {known}."


CHART_NO_DATA = "Chưa có kết quả nào để vẽ biểu đồ."


CHART_COMPARE_NEEDS_TWO = "Cần ít nhất hai đơn vị để vẽ biểu đồ so sánh."


CHART_UNIT_UNKNOWN = "Không tìm thấy đơn vị này trong bảng xếp hạng."


def chart_needs_group(edition: Edition) -> str:
    return ("Hãy cho biết khối cần vẽ biểu đồ: "
            + " hoặc ".join(g.short for g in edition.groups) + ".")


def chart_compare_too_many(limit: int) -> str:
    return f"Biểu đồ so sánh được tối đa {limit} đơn vị; mời bạn bớt đơn vị rồi hỏi lại."


def chart_unknown_name(name: str, edition: Edition) -> str:
    groups = " / ".join(f"«{_group_word(g)}»" for g in edition.groups)
    return f"Không tìm thấy đơn vị «{name}». Hãy gõ tên đơn vị, hoặc {groups} cho cả khối."


def chart_ambiguous_name(name: str, candidates: list[str]) -> str:
    return f"«{name}» có thể là: {'; '.join(candidates)}. Mời bạn gõ rõ hơn."


def chart_saved(path: str, size_kb: int, title: str) -> str:
    return f"Đã lưu biểu đồ vào {path} ({size_kb} KB): {title}"
