"""Words of the answers: cards, lists, comparisons, questions back, help, buttons."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from scoring.edition import Edition, EditionGroup, LevelBand, SubIndexSpec
from scoring.wording import format_number, format_score, level_name

if TYPE_CHECKING:
    from bot.help_examples import HelpExamples

BOT_NAME = "Tra cứu Chỉ số DienBien e-Gov index"


def group_heading(group: EditionGroup) -> str:
    """A group as a list or chart heading names it (the edition's `heading`, else its name)."""
    return str((group.model_extra or {}).get("heading") or group.name)


def group_noun(group: EditionGroup) -> str:
    """How the report counts the group's units ("cơ quan", "đơn vị")."""
    return str((group.model_extra or {}).get("noun") or "đơn vị")


def subindex_short(sub: SubIndexSpec) -> str:
    """A sub-index's name beside its label (the edition's `short_name`, else its name)."""
    return str((sub.model_extra or {}).get("short_name") or sub.name)


def max_text(maximum: float) -> str:
    return format_number(maximum)


def score(value: float, edition: Edition) -> str:
    """A figure at the edition's precision: "196,5", "412,35", "0,81979"."""
    return format_score(value, edition.decimals)


HELP_HEAD = (
    "Tôi tra cứu <b>Chỉ số DienBien e-Gov index</b>: điểm, mức, thứ hạng của các cơ quan, "
    "đơn vị nhà nước tỉnh Điện Biên."
)
NOT_UNDERSTOOD = "Xin lỗi, tôi chưa hiểu câu hỏi này."


def example_questions(ex: HelpExamples | None) -> tuple[str, ...]:
    """Three questions to tap under /start (plain text, sent as if typed)."""
    if ex is None:
        return ()
    listed = f"{ex.last_group} {ex.band}" if ex.band else f"xếp hạng {ex.last_group_short}"
    return (f"{ex.unit} {ex.year}", listed, f"top 3 {ex.first_group}",
            f"so sánh {ex.unit} và {ex.other_unit}")


def _i(*examples: str | None) -> str:
    return ", ".join(f"<i>{escape(e)}</i>" for e in examples if e)


def help_body(ex: HelpExamples | None) -> str:
    """What can be asked, with examples made from the latest published year."""
    if ex is None:
        return ("Bạn có thể gõ, có dấu hay không dấu đều được: tên đơn vị (có thể kèm năm), "
                "danh sách theo khối và mức, bảng xếp hạng, so sánh, cần cải thiện gì, "
                "và các câu hỏi về chỉ số.")
    levels = _i(f"{ex.last_group} {ex.band}" if ex.band else None,
                f"các {ex.first_group} mức {ex.lower_band}" if ex.lower_band else None)
    about = _i(f"{ex.label} là gì" if ex.label else None, "cách tính điểm",
               f"mức {ex.band} là bao nhiêu điểm" if ex.band else None)
    units = _i(f"{ex.unit} {ex.year}", ex.plain_unit, ex.abbreviation)
    tops = _i(f"top 3 {ex.first_group}", f"5 {ex.first_group} thấp nhất",
              f"xếp hạng {ex.last_group_short}")
    lines = [
        "Bạn có thể gõ, có dấu hay không dấu đều được:",
        f"• Tên đơn vị, có thể kèm năm: {units}",
        *([f"• Danh sách theo khối, mức: {levels}"] if levels else []),
        f"• Bảng xếp hạng: {tops}",
        f"• So sánh: {_i(f'so sánh {ex.unit} và {ex.other_unit}')}",
        f"• Cần cải thiện gì: {_i(f'{ex.low_unit} cần cải thiện gì')}",
        f"• Về chỉ số: {about}",
    ]
    return "\n".join(lines)


def help_html(ex: HelpExamples | None = None, *, not_understood: bool = False) -> str:
    head = f"{NOT_UNDERSTOOD}\n\n" if not_understood else ""
    return f"{head}{HELP_HEAD}\n\n{help_body(ex)}"


def welcome_html(ex: HelpExamples | None) -> str:
    tail = "\n\nBấm một ví dụ bên dưới để thử:" if example_questions(ex) else ""
    return f"Xin chào! {HELP_HEAD}\n\n{help_body(ex)}{tail}"


def years_list(years: list[int], rank_only: set[int]) -> str:
    return ", ".join(f"{y} (chỉ có xếp hạng)" if y in rank_only else str(y) for y in years)


def known_years(known: str) -> str:
    return f"Các năm đã có dữ liệu: {known}."


def no_data_year(year: int, known: str) -> str:
    return f"Chưa có kết quả năm {year}. {known_years(known)}"


def no_data_unit_year(name_html: str, year: int) -> str:
    return f"{name_html} không có trong bảng xếp hạng năm {year}."


def rank_only_year(year: int) -> str:
    return (f"Năm {year} báo cáo chỉ công bố thứ hạng, không công bố điểm các chỉ số "
            "thành phần và tổng điểm.")


def rank_only_no_levels(year: int, band_names: list[str]) -> str:
    """`band_names`: the bands a scored year would have (the latest scored edition's)."""
    bands = f"mức {escape(', '.join(band_names))}" if band_names else "mức"
    return f"Năm {year} báo cáo chỉ công bố thứ hạng nên không có {bands} để lọc."


def unit_heading(year: int, group: EditionGroup) -> str:
    return f"Chỉ số e-Gov năm {year} · {escape(group.short)}"


def total_line(edition: Edition, total: float, level: str | None) -> str:
    """"Tổng điểm: <b>196,5</b>/200 · mức <b>khá</b>" (no band part in editions without bands)."""
    maximum = "" if edition.total_maximum is None else f"/{max_text(edition.total_maximum)}"
    name = level_name(edition, level)
    band = f" · mức <b>{escape(name)}</b>" if name else ""
    return f"Tổng điểm: <b>{score(total, edition)}</b>{maximum}{band}"


def rank_line(rank: int, size: int, group: EditionGroup) -> str:
    return f"Xếp hạng: <b>{rank}/{size}</b> {escape(group.short)}"


def rank_change_text(change: int | None, previous_year: int) -> str:
    if change is None:
        return ""
    if change > 0:
        return f" (↑ tăng {change} bậc so với {previous_year})"
    if change < 0:
        return f" (↓ giảm {-change} bậc so với {previous_year})"
    return f" (giữ nguyên hạng so với {previous_year})"


SUBINDEX_HEADING = "Chỉ số thành phần (điểm/tối đa, hạng trong khối):"


HISTORY_LABEL = "Lịch sử xếp hạng"


NOTE_LABEL = "⚠️ Ghi chú dữ liệu"


def list_heading(group: EditionGroup, year: int, band: LevelBand | None, count: int) -> str:
    level_part = f" · mức {escape(band.name)}" if band else ""
    return f"<b>{escape(group_heading(group))}</b> · năm {year}{level_part} ({count} đơn vị)"


def top_heading(group: EditionGroup, year: int, limit: int, worst: bool) -> str:
    which = "thấp nhất" if worst else "cao nhất"
    return f"<b>{escape(group_heading(group))}</b> · năm {year} · {limit} đơn vị {which}"


NONE_IN_LIST = "không có đơn vị nào"


def compare_heading(year: int) -> str:
    return f"<b>So sánh năm {year}</b>"


TOTAL_LABEL = "Tổng"


LEADS_LABEL = "Dẫn đầu"


EQUAL_MARK = "="


DIFFERENT_GROUPS = ("Lưu ý: các đơn vị thuộc hai khối khác nhau, thứ hạng được xếp riêng "
                    "trong từng khối.")


CLARIFY = "Bạn muốn hỏi đơn vị nào? Chọn một trong các đơn vị sau:"


CLARIFY_ONE = "Có phải bạn muốn hỏi đơn vị này không? Bấm để xem:"


CLARIFY_TYPE = "Hoặc gõ rõ hơn tên đơn vị."


def detail_heading(year: int, group: EditionGroup, size: int) -> str:
    return f"Chi tiết chỉ số thành phần năm {year} · {escape(group.short)} ({size} đơn vị)"


def detail_block(edition: Edition, sub: SubIndexSpec, value: float, rank: int | None,
                 size: int, median: float, best: float) -> str:
    rank_part = f" · hạng {rank}/{size}" if rank else ""
    return (f"<b>{escape(sub.label)}</b> – {escape(subindex_short(sub))}\n"
            f"Điểm: <b>{score(value, edition)}</b>/{max_text(sub.maximum)}{rank_part}\n"
            f"Trung vị khối: {score(median, edition)} · "
            f"cao nhất khối: {score(best, edition)}")


HISTORY_HEADING = "Lịch sử xếp hạng (hạng/số đơn vị, thay đổi, tổng điểm):"


HISTORY_COLUMNS = "Năm   Hạng  +/-   Tổng"


def compare_pick(name_html: str) -> str:
    return f"So sánh {name_html} với đơn vị nào?"


COMPARE_PICK_HINT = ("Chọn một đơn vị cùng khối bên dưới, hoặc gõ: "
                     "<i>so sánh [đơn vị 1] và [đơn vị 2]</i>.")


BUTTON_DETAIL = "📊 Chỉ số thành phần"


BUTTON_HISTORY = "📈 Lịch sử hạng"


BUTTON_COMPARE = "⚖️ So sánh với…"


BUTTON_BACK = "↩️ Quay lại"


BUTTON_YEAR = "Năm {year}"


BUTTON_EXAMPLE = "🔎 {example}"


BUTTON_GONE = "Nút này đã cũ, mời bạn hỏi lại."


SLOW_DOWN = ("Bạn gửi tin nhắn nhanh quá. Xin chờ ít giây rồi hỏi tiếp, "
             "tôi sẽ trả lời ngay khi có thể.")


ERROR = ("Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút; "
         "nếu vẫn lỗi, hãy báo cho quản trị viên.")


TRA_EMPTY = "Gõ câu hỏi sau lệnh, ví dụ: <code>/tra Sở Y tế 2019</code>"


SOSANH_EMPTY = "Gõ các đơn vị cần so sánh, ví dụ: <code>/sosanh Sở Y tế và Sở Tư pháp</code>"


