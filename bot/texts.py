"""Every Vietnamese sentence the bot, the console and `egov ask` show a person.

Templates take already-escaped HTML fragments only where the name says `_html`; plain
values are escaped by the renderer, where they are formatted.
"""

from __future__ import annotations

from html import escape

from scoring.edition import Edition, EditionGroup, LevelBand, SubIndexSpec
from scoring.wording import band_range, format_number, format_score, level_name

from .words.about import count_word

__all__ = ["band_range", "format_number", "format_score", "level_name"]

BOT_NAME = "Tra cứu Chỉ số DienBien e-Gov index"


# ---------------------------------------------------------------- words an edition implies
# Group, sub-index and band words come from the edition of the year shown, never from here.

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


# ---------------------------------------------------------------- inline mode (issue 7)

INLINE_NOT_FOUND_BUTTON = "Chưa tìm thấy – mở bot xem cách hỏi"
INLINE_NO_DATA_TITLE = "Chưa có dữ liệu"


def inline_card_description(edition: Edition, year: int, total: float | None,
                            level: str | None, rank: int | None, size: int,
                            group: EditionGroup) -> str:
    """One plain line under a unit's name in the inline results list."""
    parts = [f"Năm {year}"]
    if total is not None:
        maximum = "" if edition.total_maximum is None else f"/{max_text(edition.total_maximum)}"
        name = level_name(edition, level)
        parts.append(f"{score(total, edition)}{maximum} điểm"
                     + (f", mức {name}" if name else ""))
    if rank is not None:
        parts.append(f"hạng {rank}/{size} {group.short}")
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


def upload_level_counts(edition: Edition, counts: dict[str, int]) -> str:
    """Every band of the edition, highest first, with how many units fall in it."""
    return "Số đơn vị theo mức: " + " · ".join(
        f"{escape(band.name)} {counts.get(band.key, 0)}" for band in edition.levels)


def upload_changes_heading(previous_year: int) -> str:
    return f"Thay đổi thứ hạng lớn nhất so với năm {previous_year}:"


def upload_no_previous(previous_year: int) -> str:
    return f"Chưa có thứ hạng năm {previous_year} để so sánh."


def upload_no_moves(previous_year: int) -> str:
    return f"Không đơn vị nào thay đổi thứ hạng so với năm {previous_year}."


def upload_rank_move(name_html: str, before: int, after: int, group: EditionGroup) -> str:
    arrow = "↑" if after < before else "↓"
    return (f"{arrow}{abs(before - after)} {name_html}: hạng {before} → {after} "
            f"({escape(group.short)})")


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


def notice_group_heading(group: EditionGroup, count: int) -> str:
    return f"<b>{escape(group_heading(group))}</b> · {count} đơn vị dẫn đầu:"


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

def compact_score(value: float, decimals: int = 1) -> str:
    """Like format_score but without all-zero decimals: 63.0 → "63", 7.2 → "7,2"."""
    text = format_score(value, decimals)
    whole, _, fraction = text.partition(",")
    return whole if not fraction.strip("0") else text


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
def improve_top_level(band: LevelBand) -> str:
    return f"Đã đạt mức {escape(band.name)}, mức cao nhất"


def improve_level_with_best(count: int) -> str:
    return (f"Ở cả {count_word(count)} chỉ số thành phần, "
            "đơn vị đã bằng đơn vị cao nhất khối.")


IMPROVE_ABOVE = "Các đơn vị ngay phía trên:"
IMPROVE_FIRST = "Đơn vị đang đứng đầu khối."
IMPROVE_COLUMNS = ("Chỉ số", "Điểm", "Thiếu", "Cao nhất khối")


def improve_heading(edition: Edition, year: int, group: EditionGroup, total: float,
                    level: str | None, rank: int | None, size: int) -> str:
    rank_part = f", hạng {rank}/{size} {escape(group.short)}" if rank else ""
    name = level_name(edition, level)
    band = f", mức {escape(name)}" if name else ""
    return (f"Cần cải thiện gì · năm {year}: {score(total, edition)} điểm"
            f"{band}{rank_part}")


def improve_points(edition: Edition, points: float, band: LevelBand) -> str:
    return (f"Cần thêm <b>{compact_score(points, edition.decimals)}</b> điểm để đạt mức "
            f"{escape(band.name)}")


def improve_largest_gap(edition: Edition, sub: SubIndexSpec, value: float) -> str:
    return (f"khoảng cách lớn nhất: chỉ số {escape(sub.label)} "
            f"<b>{compact_score(value, edition.decimals)}/{max_text(sub.maximum)}</b>")


def improve_behind_best(edition: Edition, sub: SubIndexSpec, value: float, best: float,
                        behind: float) -> str:
    d = edition.decimals
    return (f"So với đơn vị cao nhất khối, kém nhiều nhất ở chỉ số "
            f"{escape(sub.label)}: "
            f"{compact_score(value, d)} so với {compact_score(best, d)} "
            f"(kém {compact_score(behind, d)} điểm).")


def improve_table(gaps, decimals: int = 1) -> str:
    """Plain rows for <pre> (the caller escapes): score/max, points missing, group's best."""
    label, head_score, missing, best = IMPROVE_COLUMNS
    width = max([6, *(len(gap.sub.label) + 1 for gap in gaps)])
    values = [(f"{compact_score(gap.score, decimals)}/{max_text(gap.sub.maximum)}",
               compact_score(gap.to_max, decimals), compact_score(gap.group_best, decimals))
              for gap in gaps]
    score_width = max([10, *(len(v[0]) + 1 for v in values)])
    missing_width = max([6, *(len(v[1]) for v in values)])
    rows = [f"{label:<{width}}{head_score:>{score_width}} {missing:>{missing_width}} {best:>14}"]
    for gap, (value, to_max, group_best) in zip(gaps, values, strict=True):
        rows.append(f"{gap.sub.label:<{width}}{value:>{score_width}} "
                    f"{to_max:>{missing_width}} {group_best:>14}")
    return "\n".join(rows)


def improve_neighbour(edition: Edition, rank: int | None, name_html: str, total: float,
                      ahead_by: float) -> str:
    place = f"hạng {rank} · " if rank else ""
    return (f"• {place}{name_html}: {score(total, edition)} điểm "
            f"(hơn {compact_score(ahead_by, edition.decimals)} điểm)")


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


def insight_no_previous(year: int) -> str:
    return f"Chưa có kết quả năm {year - 1} nên chưa so sánh được năm {year} với năm trước."


def insight_heading(year: int, previous: int) -> str:
    return f"<b>Thay đổi năm {year} so với năm {previous}</b>"


def insight_group_heading(group: EditionGroup, size: int) -> str:
    return f"<b>{escape(group_heading(group))}</b> ({size} {escape(group_noun(group))})"


def insight_move(rank: int, name_html: str, change: int, total_change: float | None,
                 decimals: int = 1) -> str:
    verb = f"tăng {change} bậc" if change > 0 else f"giảm {-change} bậc"
    points = ""
    if total_change is not None:
        sign = "+" if total_change >= 0 else "−"
        points = f", {sign}{compact_score(abs(total_change), decimals)} điểm"
    return f"• {name_html}: {verb} (hạng {rank}{points})"


def insight_levels_unknown(year: int) -> str:
    return (f"• Năm {year} báo cáo chỉ công bố thứ hạng nên không biết mức của năm đó; "
            "không xác định được đơn vị nào đổi mức.")


def insight_level_change(name_html: str, before: str, after: str, *, up: bool) -> str:
    """`before` and `after` are the bands' names as published; `up` says which way."""
    verb = "lên" if up else "xuống"
    return f"• {name_html}: {verb} mức {escape(after)} (từ mức {escape(before)})"


def insight_no_levels(year: int) -> str:
    return f"Năm {year} báo cáo chỉ công bố thứ hạng nên không có mức để tổng hợp."


def insight_riser(name_html: str, change: int) -> str:
    return f"{name_html} tăng {change} bậc"


def insight_level_sentence(edition: Edition, group: EditionGroup, band: LevelBand, count: int,
                           names_html: list[str], risers_html: list[str]) -> str:
    span = band_range(edition, band, open_top=True)
    head = f"- Nhóm mức {escape(band.name)} ({span})"
    if not count:
        return f"{head}: không có."
    noun = escape(group_noun(group))
    if risers_html:
        return f"{head} có {count} {noun}, trong đó tăng hạng: {'; '.join(risers_html)}."
    if names_html:
        return f"{head} có {count} {noun}: {', '.join(names_html)}."
    return f"{head} có {count} {noun}."


def insight_counts_other_edition(previous: int) -> str:
    return (f"Năm {previous} được đánh giá theo bộ chỉ số khác, nên không so sánh được số "
            f"đơn vị mỗi mức với năm {previous}.")


def insight_counts_unknown(previous: int) -> str:
    return (f"Năm {previous} báo cáo chỉ công bố thứ hạng, nên không so sánh được số "
            f"đơn vị mỗi mức với năm {previous}.")


def insight_top_growth(group: EditionGroup, band: LevelBand, difference: int,
                       previous: int) -> str:
    """How the highest band's count changed since `previous` ("nhóm mức khá tăng 3 cơ quan")."""
    noun = escape(group_noun(group))
    if difference > 0:
        moved = f"tăng {difference} {noun}"
    elif difference < 0:
        moved = f"giảm {-difference} {noun}"
    else:
        moved = "giữ nguyên số đơn vị"
    return f"So với năm {previous}, nhóm mức {escape(band.name)} {moved}."
