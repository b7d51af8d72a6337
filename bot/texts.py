"""Every Vietnamese sentence the bot, the console and `egov ask` show a person.

Templates take already-escaped HTML fragments only where the name says `_html`; plain
values are escaped by the renderer, where they are formatted.
"""

from __future__ import annotations

from html import escape

from scoring.models import Group, Level, SubIndex
from scoring.wording import LEVEL_NAMES, format_score

__all__ = ["LEVEL_NAMES", "format_score"]

BOT_NAME = "Tra cứu Chỉ số DienBien e-Gov index"

GROUP_SHORT = {Group.SO: "khối sở", Group.HUYEN: "khối huyện"}
GROUP_LONG = {
    Group.SO: "Khối sở, ban, ngành tỉnh",
    Group.HUYEN: "Khối UBND huyện, thị xã, thành phố",
}
SUBINDEX_LABELS = {
    SubIndex.HTKT: "HTKT", SubIndex.UD: "UD", SubIndex.HTNL: "HTNL", SubIndex.CSDT: "CS&ĐT",
}
SUBINDEX_NAMES = {
    SubIndex.HTKT: "Hạ tầng kỹ thuật CNTT",
    SubIndex.UD: "Ứng dụng CNTT",
    SubIndex.HTNL: "Nguồn nhân lực CNTT",
    SubIndex.CSDT: "Chính sách và đầu tư CNTT",
}
LEVEL_BANDS = {
    Level.KHA: "từ 150 đến 200 điểm",
    Level.TRUNG_BINH: "từ 100 đến dưới 150 điểm",
    Level.THAP: "dưới 100 điểm",
}

EXAMPLES = ("Sở Y tế 2019", "huyện khá", "top 3 sở", "so sánh Sở Y tế và Sở Tư pháp")

HELP_HEAD = (
    "Tôi tra cứu <b>Chỉ số DienBien e-Gov index</b>: điểm, mức, thứ hạng của các sở, ban, "
    "ngành và UBND huyện, thị xã, thành phố tỉnh Điện Biên."
)
HELP_BODY = (
    "Bạn có thể gõ, có dấu hay không dấu đều được:\n"
    "• Tên đơn vị, có thể kèm năm: <i>Sở Y tế 2019</i>, <i>so noi vu</i>, <i>STTTT</i>\n"
    "• Danh sách theo khối, mức: <i>huyện khá</i>, <i>các sở mức trung bình</i>\n"
    "• Bảng xếp hạng: <i>top 3 sở</i>, <i>5 sở thấp nhất</i>, <i>xếp hạng khối huyện</i>\n"
    "• So sánh: <i>so sánh Sở Y tế và Sở Tư pháp</i>"
)
NOT_UNDERSTOOD = "Xin lỗi, tôi chưa hiểu câu hỏi này."


def help_html(*, not_understood: bool = False) -> str:
    head = f"{NOT_UNDERSTOOD}\n\n" if not_understood else ""
    return f"{head}{HELP_HEAD}\n\n{HELP_BODY}"


def years_list(years: list[int], rank_only: set[int]) -> str:
    return ", ".join(f"{y} (chỉ có xếp hạng)" if y in rank_only else str(y) for y in years)


def no_data_year(year: int, known: str) -> str:
    return f"Chưa có kết quả năm {year}. Các năm đã có dữ liệu: {known}."


def no_data_unit_year(name_html: str, year: int) -> str:
    return f"{name_html} không có trong bảng xếp hạng năm {year}."


def rank_only_year(year: int) -> str:
    return (f"Năm {year} báo cáo chỉ công bố thứ hạng, không công bố điểm các chỉ số "
            "thành phần và tổng điểm.")


def rank_only_no_levels(year: int) -> str:
    return (f"Năm {year} báo cáo chỉ công bố thứ hạng nên không có mức khá, trung bình, "
            "thấp để lọc.")


def unit_heading(year: int, group: Group) -> str:
    return f"Chỉ số e-Gov năm {year} · {GROUP_SHORT[group]}"


def total_line(total: float, level: Level) -> str:
    return f"Tổng điểm: <b>{format_score(total)}</b>/200 · mức <b>{LEVEL_NAMES[level]}</b>"


def rank_line(rank: int, size: int, group: Group) -> str:
    return f"Xếp hạng: <b>{rank}/{size}</b> {GROUP_SHORT[group]}"


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


def list_heading(group: Group, year: int, level: Level | None, count: int) -> str:
    level_part = f" · mức {LEVEL_NAMES[level]}" if level else ""
    return f"<b>{GROUP_LONG[group]}</b> · năm {year}{level_part} ({count} đơn vị)"


def top_heading(group: Group, year: int, limit: int, worst: bool) -> str:
    which = "thấp nhất" if worst else "cao nhất"
    return f"<b>{GROUP_LONG[group]}</b> · năm {year} · {limit} đơn vị {which}"


NONE_IN_LIST = "không có đơn vị nào"


def compare_heading(year: int) -> str:
    return f"<b>So sánh năm {year}</b>"


TOTAL_LABEL = "Tổng"
LEADS_LABEL = "Dẫn đầu"
EQUAL_MARK = "="
DIFFERENT_GROUPS = ("Lưu ý: các đơn vị thuộc hai khối khác nhau, thứ hạng được xếp riêng "
                    "trong từng khối.")
CLARIFY = "Bạn muốn hỏi đơn vị nào? Chọn một trong các đơn vị sau:"
CLARIFY_TYPE = "Hoặc gõ rõ hơn tên đơn vị."


def detail_heading(year: int, group: Group, size: int) -> str:
    return f"Chi tiết chỉ số thành phần năm {year} · {GROUP_SHORT[group]} ({size} đơn vị)"


def detail_block(sub: SubIndex, value: float, rank: int | None, size: int,
                 median: float, best: float) -> str:
    rank_part = f" · hạng {rank}/{size}" if rank else ""
    return (f"<b>{escape(SUBINDEX_LABELS[sub])}</b> – {SUBINDEX_NAMES[sub]}\n"
            f"Điểm: <b>{format_score(value)}</b>/{sub.maximum:g}{rank_part}\n"
            f"Trung vị khối: {format_score(median)} · cao nhất khối: {format_score(best)}")


HISTORY_HEADING = "Lịch sử xếp hạng (hạng/số đơn vị, thay đổi, tổng điểm):"
HISTORY_COLUMNS = "Năm   Hạng  +/-   Tổng"


def compare_pick(name_html: str) -> str:
    return f"So sánh {name_html} với đơn vị nào?"


def compare_pick_hint(group: str) -> str:
    return ("Chọn một đơn vị cùng khối bên dưới, hoặc gõ: "
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
WELCOME = ("Xin chào! " + HELP_HEAD + "\n\n" + HELP_BODY
           + "\n\nBấm một ví dụ bên dưới để thử:")

# Commands: name → description (setMyCommands, /help and the README list the same ones).
COMMANDS: dict[str, str] = {
    "start": "Giới thiệu và ví dụ",
    "help": "Hướng dẫn sử dụng",
    "tra": "Tra cứu một đơn vị hoặc danh sách, ví dụ /tra Sở Y tế 2019",
    "top": "Bảng xếp hạng, ví dụ /top 5 sở",
    "sosanh": "So sánh đơn vị, ví dụ /sosanh Sở Y tế và Sở Tư pháp",
}


def commands_html() -> str:
    return "Các lệnh:\n" + "\n".join(f"/{name} – {desc}" for name, desc in COMMANDS.items())
