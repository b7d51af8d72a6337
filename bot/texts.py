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
    "• So sánh: <i>so sánh Sở Y tế và Sở Tư pháp</i>\n"
    "• Cần cải thiện gì: <i>Sở Xây dựng cần cải thiện gì</i>\n"
    "• Về chỉ số: <i>HTKT là gì</i>, <i>cách tính điểm</i>, <i>mức khá là bao nhiêu điểm</i>"
)
NOT_UNDERSTOOD = "Xin lỗi, tôi chưa hiểu câu hỏi này."


def help_html(*, not_understood: bool = False) -> str:
    head = f"{NOT_UNDERSTOOD}\n\n" if not_understood else ""
    return f"{head}{HELP_HEAD}\n\n{HELP_BODY}"


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
CLARIFY_ONE = "Có phải bạn muốn hỏi đơn vị này không? Bấm để xem:"
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
WELCOME = ("Xin chào! " + HELP_HEAD + "\n\n" + HELP_BODY
           + "\n\nBấm một ví dụ bên dưới để thử:")

# Commands: name → description (setMyCommands, /help and the README list the same ones).
COMMANDS: dict[str, str] = {
    "start": "Giới thiệu và ví dụ",
    "help": "Hướng dẫn sử dụng",
    "tra": "Tra cứu một đơn vị hoặc danh sách, ví dụ /tra Sở Y tế 2019",
    "top": "Bảng xếp hạng, ví dụ /top 5 sở",
    "sosanh": "So sánh đơn vị, ví dụ /sosanh Sở Y tế và Sở Tư pháp",
    "xuat": "Tải bảng kết quả một năm (CSV và Excel), ví dụ /xuat 2019",
    "thaydoi": "Thay đổi so với năm trước, ví dụ /thaydoi 2019",
}


def commands_html() -> str:
    return "Các lệnh:\n" + "\n".join(f"/{name} – {desc}" for name, desc in COMMANDS.items())


# ---------------------------------------------------------------- charts (/bieudo, egov chart)

COMMANDS["bieudo"] = "Biểu đồ xếp hạng, ví dụ /bieudo Sở Y tế hoặc /bieudo khối huyện"

# Chart labels are plain text (matplotlib draws them); messages are plain too and escaped
# where they are put into HTML.

BUTTON_CHART = "📈 Biểu đồ"
CHART_BUTTONS = {
    "history": "📈 Lịch sử hạng",
    "profile": "📊 Chỉ số thành phần",
    "group": "🏆 Xếp hạng khối",
}
CHART_RANK_AXIS = "Hạng trong khối (1 = cao nhất)"
CHART_PERCENT_AXIS = "% điểm tối đa"
CHART_TOTAL_AXIS = "Tổng điểm (tối đa 200)"
CHART_MEDIAN = "Trung vị khối"
CHART_BEST = "Cao nhất khối"
CHART_RANK_ONLY_LEGEND = "chỉ công bố hạng"
CHART_SOURCE = "Nguồn: Chỉ số DienBien e-Gov index tỉnh Điện Biên"
CHART_LEVEL_LEGEND = {
    Level.KHA: "khá (150–200)",
    Level.TRUNG_BINH: "trung bình (100–<150)",
    Level.THAP: "thấp (<100)",
}


def chart_history_title(name: str, group: Group, size: int) -> str:
    return f"{name} – lịch sử xếp hạng ({GROUP_SHORT[group]}, {size} đơn vị)"


def chart_profile_title(name: str, year: int, group: Group, size: int) -> str:
    return f"{name} – chỉ số thành phần năm {year} ({GROUP_SHORT[group]}, {size} đơn vị)"


def chart_group_title(group: Group, year: int, size: int) -> str:
    return f"{GROUP_LONG[group]} – xếp hạng năm {year} ({size} đơn vị)"


def chart_compare_title(year: int, names: list[str]) -> str:
    who = " và ".join(names) if len(names) == 2 and sum(map(len, names)) <= 40 else (
        f"{len(names)} đơn vị")
    return f"So sánh {who} – chỉ số năm {year}"


def chart_axis_label(label: str, maximum: float) -> str:
    return f"{label}\n(tối đa {maximum:g})"


def chart_profile_footer(total: float, level: Level, rank: int | None, size: int) -> str:
    rank_part = f" · hạng {rank}/{size}" if rank else ""
    return f"Tổng {format_score(total)}/200 · mức {LEVEL_NAMES[level]}{rank_part}"


def chart_rank_point(rank: int, size: int) -> str:
    return f"{rank}/{size}"


BIEUDO_EMPTY = ("Gõ tên đơn vị sau lệnh, ví dụ: <code>/bieudo Sở Y tế</code>, "
                "<code>/bieudo khối huyện</code> hoặc "
                "<code>/bieudo Sở Y tế và Sở Tư pháp</code>.")
CHART_PICK_GROUP = ("Bạn muốn xem biểu đồ xếp hạng của khối nào? Gõ "
                    "<code>/bieudo sở</code> hoặc <code>/bieudo huyện</code>.")
CHART_CLARIFY = "Bạn muốn xem biểu đồ của đơn vị nào? Chọn một trong các đơn vị sau:"


def chart_unknown_unit(text_html: str) -> str:
    return (f"Xin lỗi, tôi không tìm thấy đơn vị «{text_html}» để vẽ biểu đồ. "
            "Mời bạn gõ tên đơn vị, ví dụ: <code>/bieudo Sở Y tế</code> hoặc "
            "<code>/bieudo khối huyện</code>.")


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
CHART_NEEDS_GROUP = "Hãy cho biết khối cần vẽ biểu đồ: khối sở hoặc khối huyện."


def chart_compare_too_many(limit: int) -> str:
    return f"Biểu đồ so sánh được tối đa {limit} đơn vị; mời bạn bớt đơn vị rồi hỏi lại."


def chart_unknown_name(name: str) -> str:
    return f"Không tìm thấy đơn vị «{name}». Hãy gõ tên đơn vị, hoặc «sở» / «huyện» cho cả khối."


def chart_ambiguous_name(name: str, candidates: list[str]) -> str:
    return f"«{name}» có thể là: {'; '.join(candidates)}. Mời bạn gõ rõ hơn."


def chart_saved(path: str, size_kb: int, title: str) -> str:
    return f"Đã lưu biểu đồ vào {path} ({size_kb} KB): {title}"


# ---------------------------------------------------------------- inline mode (issue 7)

INLINE_NOT_FOUND_BUTTON = "Chưa tìm thấy – mở bot xem cách hỏi"
INLINE_NO_DATA_TITLE = "Chưa có dữ liệu"


def inline_card_description(year: int, total: float | None, level: Level | None,
                            rank: int | None, size: int, group: Group) -> str:
    """One plain line under a unit's name in the inline results list."""
    parts = [f"Năm {year}"]
    if total is not None and level is not None:
        parts.append(f"{format_score(total)}/200 điểm, mức {LEVEL_NAMES[level]}")
    if rank is not None:
        parts.append(f"hạng {rank}/{size} {GROUP_SHORT[group]}")
    return " · ".join(parts)


def inline_compare_title(year: int, names: list[str]) -> str:
    return f"So sánh năm {year}: " + ", ".join(names)


def inline_both_groups_title(year: int, count: int) -> str:
    return f"Cả hai khối · năm {year} ({count} đơn vị)"


# ------------------------------------------------------- publishing from Telegram (issue 7)

UPLOAD_NOT_ADMIN = ("Xin lỗi, chỉ quản trị viên mới được công bố kết quả qua bot; tệp của bạn "
                    "chưa được lưu. Để tra cứu, bạn cứ gõ tên đơn vị, ví dụ <i>Sở Y tế</i>.")
UPLOAD_WRONG_TYPE = ("Tôi chỉ nhận tệp kết quả dạng <b>.csv</b> hoặc <b>.xlsx</b>. "
                     "Xin gửi lại tệp đúng định dạng.")
UPLOAD_NEED_YEAR = ("Tệp này là kết quả năm nào ạ? Xin gửi lại tệp và ghi năm vào phần chú "
                    "thích, ví dụ <code>2020</code> hoặc <code>công bố 2020</code>.")
UPLOAD_PROBLEMS_FOOT = "Xin sửa các lỗi trên rồi gửi lại tệp."
UPLOAD_CONFIRM_HINT = "Bấm «Công bố» để công bố cho mọi người, hoặc «Hủy» để bỏ tệp này."
UPLOAD_REPLACE_HINT = ("Bấm «Thay thế» để thay kết quả đã công bố bằng tệp này, "
                       "hoặc «Hủy» để giữ nguyên.")
UPLOAD_NO_NOTES = "Ghi chú dữ liệu: không có."
UPLOAD_NOTES_HEADING = "⚠️ Ghi chú dữ liệu (số công bố khác số tính lại):"
BUTTON_PUBLISH = "✅ Công bố"
BUTTON_REPLACE = "♻️ Thay thế"
BUTTON_CANCEL = "✖️ Hủy"
UPLOAD_NOT_YOURS = ("Xin lỗi, chỉ quản trị viên đã gửi tệp này mới được công bố hoặc hủy. "
                    "Dữ liệu không thay đổi.")
UPLOAD_ALREADY_PUBLISHED = "Tệp này đã được công bố rồi ạ."
UPLOAD_ALREADY_CANCELLED = "Tệp này đã được hủy. Nếu muốn công bố, xin gửi lại tệp."
UPLOAD_PUBLISHED_SHORT = "Đã công bố."
UPLOAD_CANCELLED_SHORT = "Đã hủy."
UPLOAD_CANCELLED = "Đã hủy, không công bố gì. Dữ liệu hiện có giữ nguyên."


def upload_too_big(limit_mb: int) -> str:
    return (f"Tệp lớn hơn {limit_mb} MB nên tôi chưa nhận. Bảng kết quả chỉ có vài chục dòng; "
            "xin kiểm tra lại tệp rồi gửi lại.")


def upload_problems_head(filename_html: str, count: int) -> str:
    return (f"Tệp «{filename_html}» có {count} lỗi nên chưa công bố, "
            "chưa ghi gì vào cơ sở dữ liệu:")


def upload_preview_head(filename_html: str, year: int, count: int) -> str:
    return (f"Tệp «{filename_html}» hợp lệ. <b>Xem trước kết quả năm {year}</b> "
            f"({count} đơn vị), chưa công bố:")


def upload_replace_warning(year: int) -> str:
    return f"⚠️ Năm {year} đã được công bố; công bố tệp này sẽ thay toàn bộ kết quả năm {year}."


def upload_level_counts(counts: dict[Level, int]) -> str:
    return "Số đơn vị theo mức: " + " · ".join(
        f"{LEVEL_NAMES[level]} {counts.get(level, 0)}" for level in Level)


def upload_changes_heading(previous_year: int) -> str:
    return f"Thay đổi thứ hạng lớn nhất so với năm {previous_year}:"


def upload_no_previous(previous_year: int) -> str:
    return f"Chưa có thứ hạng năm {previous_year} để so sánh."


def upload_no_moves(previous_year: int) -> str:
    return f"Không đơn vị nào thay đổi thứ hạng so với năm {previous_year}."


def upload_rank_move(name_html: str, before: int, after: int, group: Group) -> str:
    arrow = "↑" if after < before else "↓"
    return (f"{arrow}{abs(before - after)} {name_html}: hạng {before} → {after} "
            f"({GROUP_SHORT[group]})")


def upload_more_notes(count: int) -> str:
    return f"… và {count} ghi chú khác."


def upload_ignored_columns(columns_html: str) -> str:
    return f"Bỏ qua các cột không dùng: {columns_html}."


def upload_notices(count: int) -> str:
    if count == 0:
        return "Chưa có ai đăng ký nhận thông báo."
    return f"Khi công bố, {count} người/nhóm đăng ký sẽ nhận thông báo."


def upload_year_exists(year: int) -> str:
    return f"Năm {year} vừa được công bố từ nơi khác. Muốn thay bằng tệp này, bấm «Thay thế»."


def upload_published(year: int, count: int, notices: int, *, replaced: bool) -> str:
    verb = "Đã thay thế kết quả" if replaced else "Đã công bố kết quả"
    queued = (f"{notices} thông báo đang chờ gửi cho người đăng ký." if notices
              else "Chưa có ai đăng ký nhận thông báo.")
    return f"✅ {verb} năm {year}: {count} đơn vị. {queued}"


# ---------------------------------------------------------------- subscriptions and notices
# (/subscribe, /follow, /subscriptions; notices of a publication; admins' /thongke,
# /guithongbao). `*_html` arguments are already escaped.

COMMANDS.update({
    "subscribe": "Đăng ký nhận thông báo khi có kết quả mới",
    "dangky": "Đăng ký nhận thông báo (như /subscribe)",
    "unsubscribe": "Hủy đăng ký nhận thông báo",
    "huydangky": "Hủy đăng ký nhận thông báo (như /unsubscribe)",
    "follow": "Theo dõi một đơn vị, ví dụ /follow Sở Y tế",
    "theodoi": "Theo dõi một đơn vị (như /follow)",
    "unfollow": "Bỏ theo dõi một đơn vị, ví dụ /unfollow Sở Y tế",
    "subscriptions": "Xem chat này đang nhận thông báo gì",
    "thongke": "(Quản trị) Thống kê người đăng ký và tình trạng gửi thông báo",
    "guithongbao": "(Quản trị) Gửi thông báo tới mọi người đăng ký",
})

SUBSCRIBED = ("✅ Đã đăng ký. Chat này sẽ nhận thông báo khi có kết quả Chỉ số e-Gov mới.\n"
              "Gõ <code>/follow Sở Y tế</code> để theo dõi riêng một đơn vị, "
              "/unsubscribe để hủy đăng ký.")
RESUBSCRIBED = ("✅ Đã đăng ký lại. Chat này sẽ tiếp tục nhận thông báo khi có kết quả mới; "
                "các đơn vị bạn theo dõi vẫn được giữ nguyên.")
ALREADY_SUBSCRIBED = ("Chat này đã đăng ký nhận thông báo rồi. "
                      "Gõ /subscriptions để xem chi tiết.")
UNSUBSCRIBED = ("Đã hủy đăng ký: chat này sẽ không nhận thông báo nữa. Danh sách đơn vị "
                "theo dõi vẫn được giữ lại; gõ /subscribe nếu muốn nhận lại.")
NOT_SUBSCRIBED = "Chat này chưa đăng ký nhận thông báo. Gõ /subscribe để đăng ký."
FOLLOW_EMPTY = ("Gõ tên đơn vị sau lệnh, ví dụ: <code>/follow Sở Y tế</code> hoặc "
                "<code>/follow Sở Y tế và Sở Tư pháp</code>")
FOLLOW_PICK = "Bạn muốn theo dõi đơn vị nào? Chọn một trong các đơn vị sau:"
UNFOLLOW_PICK = "Chọn đơn vị muốn bỏ theo dõi:"
NO_FOLLOWS = ("Chat này chưa theo dõi đơn vị nào. "
              "Gõ <code>/follow Sở Y tế</code> để theo dõi một đơn vị.")
BUTTON_UNFOLLOW = "✖️ {name}"
BUTTON_UNFOLLOW_ALL = "✖️ Bỏ theo dõi tất cả"
BUTTON_RANKING = "📋 Bảng xếp hạng năm {year}"
BUTTON_SEE_UNIT = "🔎 {name}"


def follow_unknown(text_html: str) -> str:
    return (f"Không tìm thấy đơn vị «{text_html}». Hãy gõ tên đơn vị, ví dụ: "
            "<code>/follow Sở Y tế</code>")


def names_list(names_html: list[str]) -> str:
    return ", ".join(f"<b>{n}</b>" for n in names_html)


def follow_done(added_html: list[str], already_html: list[str], over_html: list[str],
                limit: int, *, newly_subscribed: bool) -> str:
    lines = []
    if added_html:
        lines.append(f"✅ Đã theo dõi {names_list(added_html)}. Khi có kết quả mới, thông "
                     "báo sẽ kèm điểm, mức và thứ hạng của đơn vị này.")
    if already_html:
        lines.append(f"Chat này đã theo dõi {names_list(already_html)} rồi.")
    if over_html:
        lines.append(f"Chưa theo dõi được {names_list(over_html)}: mỗi chat theo dõi tối đa "
                     f"{limit} đơn vị. Gõ /unfollow để bỏ bớt.")
    if newly_subscribed:
        lines.append("Chat này cũng đã được đăng ký nhận thông báo.")
    return "\n".join(lines)


def unfollow_done(names_html: list[str]) -> str:
    return f"Đã bỏ theo dõi {names_list(names_html)}."


def not_following(name_html: str) -> str:
    return f"Chat này không theo dõi <b>{name_html}</b>. Gõ /subscriptions để xem danh sách."


def subscriptions_html(active: bool, reason: str | None, follows_html: list[str],
                       limit: int) -> str:
    if active:
        head = "🔔 Chat này <b>đang nhận</b> thông báo khi có kết quả Chỉ số e-Gov mới."
    elif reason == "blocked":
        head = ("🔕 Chat này đã ngừng nhận thông báo vì bot bị chặn hoặc bị mời ra khỏi nhóm. "
                "Gõ /subscribe để nhận lại.")
    else:
        head = "🔕 Chat này <b>chưa nhận</b> thông báo. Gõ /subscribe để đăng ký."
    if not follows_html:
        return head + "\n\n" + NO_FOLLOWS
    listed = "\n".join(f"• {n}" for n in follows_html)
    return (f"{head}\n\nĐơn vị đang theo dõi ({len(follows_html)}/{limit}):\n{listed}\n\n"
            "Gõ <code>/follow [tên đơn vị]</code> để thêm, "
            "<code>/unfollow [tên đơn vị]</code> để bỏ.")


def notice_heading(year: int, *, replaced: bool) -> str:
    if replaced:
        return f"🔄 <b>Kết quả Chỉ số DienBien e-Gov index năm {year} đã được cập nhật</b>"
    return f"📢 <b>Đã công bố kết quả Chỉ số DienBien e-Gov index năm {year}</b>"


def notice_group_heading(group: Group, count: int) -> str:
    return f"<b>{GROUP_LONG[group]}</b> · {count} đơn vị dẫn đầu:"


NOTICE_FOLLOWED = "<b>Đơn vị bạn theo dõi:</b>"
NOTICE_MORE = "Bấm nút bên dưới để xem thêm, hoặc gõ tên đơn vị để tra cứu."
NOTICE_UNSUBSCRIBE = "Không muốn nhận thông báo nữa? Gõ /unsubscribe."


def notice_not_ranked(name_html: str, year: int) -> str:
    return f"• <b>{name_html}</b>: không có trong bảng xếp hạng năm {year}."


def announcement_html(text_html: str) -> str:
    return f"📣 <b>Thông báo từ quản trị viên</b>\n\n{text_html}"


ADMIN_ONLY = "Xin lỗi, lệnh này chỉ dành cho quản trị viên của bot."
ANNOUNCE_EMPTY = ("Gõ nội dung thông báo sau lệnh, ví dụ: "
                  "<code>/guithongbao Kết quả năm 2020 sẽ công bố vào thứ Hai.</code>")


def announce_too_long(limit: int, length: int) -> str:
    return (f"Thông báo dài {length} ký tự, quá giới hạn {limit} ký tự. "
            "Mời bạn rút gọn rồi gửi lại; chưa có gì được gửi.")


def announce_queued(count: int, seconds: int) -> str:
    if count == 0:
        return "Chưa có ai đăng ký nhận thông báo nên chưa gửi cho ai."
    return (f"✅ Đã xếp hàng {count} thông báo. Bot gửi dần theo giới hạn của Telegram, "
            f"dự kiến xong trong khoảng {seconds} giây. Gõ /thongke để theo dõi.")


PUBLICATION_KINDS = {"publish": "công bố năm {year}", "replace": "cập nhật năm {year}",
                     "announcement": "thông báo của quản trị viên"}
STATUS_NAMES = {"sent": "đã gửi", "pending": "đang chờ", "failed": "lỗi",
                "cancelled": "hủy (chat đã hủy đăng ký hoặc chặn bot)"}


def stats_subscribers(active: int, groups: int, unsubscribed: int, blocked: int,
                      following_chats: int, follows: int) -> str:
    return (f"👥 Người đăng ký: <b>{active}</b> đang nhận ({active - groups} cá nhân, "
            f"{groups} nhóm); {unsubscribed} đã hủy; {blocked} đã chặn bot hoặc không còn.\n"
            f"🔎 Theo dõi đơn vị: {follows} lượt của {following_chats} chat.")


def stats_publication(kind: str, year: int | None, created_at: str, total: int,
                      counts: dict[str, int]) -> str:
    what = PUBLICATION_KINDS.get(kind, kind).format(year=year)
    parts = ", ".join(f"{counts[s]} {name}" for s, name in STATUS_NAMES.items() if counts.get(s))
    return f"• {what} ({created_at[:16].replace('T', ' ')} UTC): {total} thông báo" + (
        f" – {parts}" if parts else "")


STATS_HEADING = "📊 <b>Thống kê thông báo</b>"
STATS_RECENT = "Các lần gửi gần nhất:"
STATS_NONE = "Chưa có lần công bố hay thông báo nào."


def stats_pending(count: int) -> str:
    return f"Đang chờ gửi (tất cả): <b>{count}</b>."


def delivery_failures_report(count: int, lines_html: list[str]) -> str:
    more = f"\n… và {count - len(lines_html)} thông báo khác." if count > len(lines_html) else ""
    return (f"⚠️ <b>{count} thông báo không gửi được</b> sau nhiều lần thử:\n"
            + "\n".join(lines_html) + more)


def delivery_failure_line(chat_id: int, error_html: str) -> str:
    return f"• chat <code>{chat_id}</code>: {error_html}"


# ---------------------------------------------------------------- exports, year-over-year,
# improvement and "about" questions (/xuat, /thaydoi, 🎯 Cần cải thiện, "HTKT là gì")

def compact_score(value: float) -> str:
    """Like format_score but without a trailing ",0": 63.0 → "63", 7.2 → "7,2"."""
    text = format_score(value)
    return text[:-2] if text.endswith(",0") else text


XUAT_BAD_YEAR = ("Năm không hợp lệ. Gõ ví dụ: <code>/xuat 2019</code> "
                 "(bỏ trống để lấy năm mới nhất).")
THAYDOI_BAD_YEAR = ("Năm không hợp lệ. Gõ ví dụ: <code>/thaydoi 2019</code> "
                    "(bỏ trống để xem năm mới nhất).")
NO_YEARS = "Chưa có kết quả nào được công bố."


def xuat_caption(year: int, fmt: str) -> str:
    kind = "Excel" if fmt == "xlsx" else "CSV"
    return (f"Bảng kết quả Chỉ số e-Gov năm {year} ({kind}), trình bày như báo cáo; "
            "có thể sửa rồi gửi lại để công bố.")


# improvement
BUTTON_IMPROVE = "🎯 Cần cải thiện"
IMPROVE_TOP_LEVEL = "Đã đạt mức khá, mức cao nhất"
IMPROVE_LEVEL_WITH_BEST = "Ở cả bốn chỉ số thành phần, đơn vị đã bằng đơn vị cao nhất khối."
IMPROVE_ABOVE = "Các đơn vị ngay phía trên:"
IMPROVE_FIRST = "Đơn vị đang đứng đầu khối."
IMPROVE_COLUMNS = ("Chỉ số", "Điểm", "Thiếu", "Cao nhất khối")


def improve_heading(year: int, group: Group, total: float, level: Level, rank: int | None,
                    size: int) -> str:
    rank_part = f", hạng {rank}/{size} {GROUP_SHORT[group]}" if rank else ""
    return (f"Cần cải thiện gì · năm {year}: {format_score(total)} điểm, "
            f"mức {LEVEL_NAMES[level]}{rank_part}")


def improve_points(points: float, level: Level) -> str:
    return f"Cần thêm <b>{compact_score(points)}</b> điểm để đạt mức {LEVEL_NAMES[level]}"


def improve_largest_gap(sub: SubIndex, score: float) -> str:
    return (f"khoảng cách lớn nhất: chỉ số {escape(SUBINDEX_LABELS[sub])} "
            f"<b>{compact_score(score)}/{sub.maximum:g}</b>")


def improve_behind_best(sub: SubIndex, score: float, best: float, behind: float) -> str:
    return (f"So với đơn vị cao nhất khối, kém nhiều nhất ở chỉ số "
            f"{escape(SUBINDEX_LABELS[sub])}: "
            f"{compact_score(score)} so với {compact_score(best)} "
            f"(kém {compact_score(behind)} điểm).")


def improve_table(gaps) -> str:
    """Plain rows for <pre> (the caller escapes): score/max, points missing, group's best."""
    label, score, missing, best = IMPROVE_COLUMNS
    rows = [f"{label:<6}{score:>10} {missing:>6} {best:>14}"]
    for gap in gaps:
        score = f"{compact_score(gap.score)}/{gap.sub.maximum:g}"
        rows.append(f"{SUBINDEX_LABELS[gap.sub]:<6}{score:>10} {compact_score(gap.to_max):>6} "
                    f"{compact_score(gap.group_best):>14}")
    return "\n".join(rows)


def improve_neighbour(rank: int | None, name_html: str, total: float, ahead_by: float) -> str:
    place = f"hạng {rank} · " if rank else ""
    return (f"• {place}{name_html}: {format_score(total)} điểm "
            f"(hơn {compact_score(ahead_by)} điểm)")


def improve_rank_only(name_html: str, year: int) -> str:
    return (f"{name_html}: năm {year} báo cáo chỉ công bố thứ hạng, không công bố điểm, "
            "nên chưa tính được cần cải thiện chỉ số nào. Mời bạn hỏi năm có điểm, ví dụ "
            "năm mới nhất.")


# year over year (/thaydoi)
INSIGHT_RISES = "<b>Tăng hạng nhiều nhất</b>"
INSIGHT_FALLS = "<b>Giảm hạng nhiều nhất</b>"
INSIGHT_NONE = "• không có"
INSIGHT_LEVEL_CHANGES = "<b>Đổi mức</b>"
INSIGHT_NO_LEVEL_CHANGE = "• không đơn vị nào đổi mức"
INSIGHT_SUMMARY = "<b>Tóm tắt</b>"
_GROUP_NOUN = {Group.SO: "cơ quan", Group.HUYEN: "đơn vị"}
_LEVEL_RANGE = {
    Level.KHA: "150 điểm trở lên",
    Level.TRUNG_BINH: "từ 100 đến dưới 150 điểm",
    Level.THAP: "dưới 100 điểm",
}


def insight_no_previous(year: int) -> str:
    return f"Chưa có kết quả năm {year - 1} nên chưa so sánh được năm {year} với năm trước."


def insight_heading(year: int, previous: int) -> str:
    return f"<b>Thay đổi năm {year} so với năm {previous}</b>"


def insight_group_heading(group: Group, size: int) -> str:
    return f"<b>{GROUP_LONG[group]}</b> ({size} {_GROUP_NOUN[group]})"


def insight_move(rank: int, name_html: str, change: int, total_change: float | None) -> str:
    verb = f"tăng {change} bậc" if change > 0 else f"giảm {-change} bậc"
    points = ""
    if total_change is not None:
        sign = "+" if total_change >= 0 else "−"
        points = f", {sign}{compact_score(abs(total_change))} điểm"
    return f"• {name_html}: {verb} (hạng {rank}{points})"


def insight_levels_unknown(year: int) -> str:
    return (f"• Năm {year} báo cáo chỉ công bố thứ hạng nên không biết mức của năm đó; "
            "không xác định được đơn vị nào đổi mức.")


def insight_level_change(name_html: str, before: Level, after: Level) -> str:
    order = list(Level)
    verb = "lên" if order.index(after) < order.index(before) else "xuống"
    return f"• {name_html}: {verb} mức {LEVEL_NAMES[after]} (từ mức {LEVEL_NAMES[before]})"


def insight_no_levels(year: int) -> str:
    return f"Năm {year} báo cáo chỉ công bố thứ hạng nên không có mức để tổng hợp."


def insight_riser(name_html: str, change: int) -> str:
    return f"{name_html} tăng {change} bậc"


def insight_level_sentence(group: Group, level: Level, count: int, names_html: list[str],
                           risers_html: list[str]) -> str:
    head = f"- Nhóm mức {LEVEL_NAMES[level]} ({_LEVEL_RANGE[level]})"
    if not count:
        return f"{head}: không có."
    noun = _GROUP_NOUN[group]
    if risers_html:
        return f"{head} có {count} {noun}, trong đó tăng hạng: {'; '.join(risers_html)}."
    if names_html:
        return f"{head} có {count} {noun}: {', '.join(names_html)}."
    return f"{head} có {count} {noun}."


def insight_counts_unknown(previous: int) -> str:
    return (f"Năm {previous} báo cáo chỉ công bố thứ hạng, nên không so sánh được số "
            f"đơn vị mỗi mức với năm {previous}.")


def insight_kha_growth(group: Group, difference: int, previous: int) -> str:
    noun = _GROUP_NOUN[group]
    if difference > 0:
        moved = f"tăng {difference} {noun}"
    elif difference < 0:
        moved = f"giảm {-difference} {noun}"
    else:
        moved = "giữ nguyên số đơn vị"
    return f"So với năm {previous}, nhóm mức khá {moved}."


# what the index means ("HTKT là gì", "cách tính điểm", "mức khá là bao nhiêu điểm")
ABOUT_MORE = ("Hỏi thêm: <i>HTKT là gì</i>, <i>chỉ số UD gồm những gì</i>, "
              "<i>cách tính điểm</i>, <i>mức khá là bao nhiêu điểm</i>.")
ABOUT_GROUPS = "Báo cáo đánh giá, xếp hạng riêng hai khối:"
ABOUT_LEVELS_HEADING = "<b>Ba mức theo tổng điểm</b> (báo cáo, mục I.2):"
ABOUT_LEVEL_BY_TOTAL = "Mức được xác định theo tổng điểm công bố."
ABOUT_SCORING_HEADING = "<b>Cách tính điểm Chỉ số e-Gov</b>"
ABOUT_RANKING = ("Mỗi khối (sở, ban, ngành; UBND huyện, thị xã, thành phố) được xếp hạng "
                 "riêng theo tổng điểm, cao nhất là hạng 1.")
ABOUT_NO_WEIGHTS = ("Báo cáo không công bố cách cho điểm từng tiêu chí bên trong mỗi chỉ số; "
                    "năm 2017 và 2018 báo cáo chỉ công bố thứ hạng.")
ABOUT_NO_INDICATORS = ("Mục II của báo cáo không liệt kê tiêu chí riêng cho chỉ số này. "
                       "Phần đánh giá chung của báo cáo có nhắc:")


def about_source(source_html: str) -> str:
    return f"Nguồn: {source_html}."


def about_overview_heading(name_html: str) -> str:
    return (f"<b>{name_html}</b> đánh giá, xếp hạng mức độ ứng dụng và phát triển công nghệ "
            "thông tin của các cơ quan hành chính Nhà nước tỉnh Điện Biên.")


def about_total(maximum: float) -> str:
    return (f"Tổng điểm (tối đa {maximum:g}) là tổng của bốn chỉ số thành phần "
            "(điểm tối đa trong ngoặc):")


def about_subindex_line(label_html: str, name_html: str, maximum: float) -> str:
    return f"• <b>{label_html}</b> – {name_html} ({maximum:g} điểm)"


def about_subindex_heading(label_html: str, name_html: str) -> str:
    return f"<b>Chỉ số {label_html}</b>: {name_html}"


def about_subindex_maximum(maximum: float, total: float) -> str:
    share = f"{maximum / total * 100:.1f}".replace(".", ",").removesuffix(",0")
    return f"Điểm tối đa: <b>{maximum:g}</b> trên tổng {total:g} điểm ({share}%)."


def about_indicators(section_html: str) -> str:
    return f"Các tiêu chí báo cáo nêu ở mục II.{section_html}:"
