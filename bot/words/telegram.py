"""Words for how the bot meets Telegram: messages it cannot read, unknown commands, a user
pressing buttons too fast, and the operator's webhook secret."""

from __future__ import annotations

from html import escape

# A short toast (not an alert) for a button pressed while the user is being slowed down.
SLOW_DOWN_TOAST = "Chậm lại một chút nhé, xin chờ ít giây rồi bấm lại."

# What the bot got, for "Tôi chưa đọc được {what}" (a private chat only).
MESSAGE_KINDS: dict[str, str] = {
    "sticker": "nhãn dán",
    "photo": "ảnh",
    "voice": "tin nhắn thoại",
    "audio": "tệp âm thanh",
    "video": "video",
    "video_note": "video tròn",
    "animation": "ảnh động",
    "location": "vị trí",
    "venue": "địa điểm",
    "contact": "danh bạ",
    "dice": "xúc xắc",
    "poll": "bình chọn",
}
UNDERSTOOD = ("Tôi chỉ hiểu câu hỏi bằng chữ, ví dụ: <code>Sở Y tế 2019</code>, "
              "<code>top 3 sở</code>. Gõ /help để xem hướng dẫn.")


def cannot_read(kind: str) -> str:
    """The polite line for a sticker, photo, voice message… in a private chat."""
    what = MESSAGE_KINDS.get(kind, "tin nhắn này")
    return f"Cảm ơn bạn! Tôi chưa đọc được {what}. {UNDERSTOOD}"


def unknown_command(command: str) -> str:
    """The polite line for a command the bot does not have, such as /xyz."""
    return (f"Tôi không có lệnh <code>/{escape(command, quote=False)}</code>. "
            "Gõ /help để xem các lệnh, hoặc gõ câu hỏi bằng chữ, ví dụ: "
            "<code>Sở Y tế 2019</code>.")


WEBHOOK_SECRET_INVALID = (
    "EGOV_WEBHOOK_SECRET phải dài 32–256 ký tự, chỉ gồm A-Z, a-z, 0-9, _ và - "
    "(EGOV_WEBHOOK_SECRET must be 32-256 characters of A-Z, a-z, 0-9, _ and -; "
    "unset it to let the bot generate one)")
