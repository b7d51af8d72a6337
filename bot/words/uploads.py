"""Words of publishing from Telegram: previews, buttons, refusals."""

from __future__ import annotations

from html import escape

from scoring.edition import Edition, EditionGroup

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
