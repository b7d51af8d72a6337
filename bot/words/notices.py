"""Words of subscriptions, follows, notices and the admins' commands."""

from __future__ import annotations

from html import escape

from bot.words.cards import group_heading
from scoring.edition import EditionGroup

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
