"""The bot's commands: one list for setMyCommands, /help and the README."""

from __future__ import annotations

# name → description: setMyCommands, /help and the README's table list the same ones,
# in this order.
COMMANDS: dict[str, str] = {
    "start": "Giới thiệu và ví dụ",
    "help": "Hướng dẫn sử dụng",
    "tra": "Tra cứu một đơn vị hoặc danh sách, ví dụ /tra Sở Y tế 2019",
    "top": "Bảng xếp hạng, ví dụ /top 5 sở",
    "sosanh": "So sánh đơn vị, ví dụ /sosanh Sở Y tế và Sở Tư pháp",
    "xuat": "Tải bảng kết quả một năm (CSV và Excel), ví dụ /xuat 2019",
    "thaydoi": "Thay đổi so với năm trước, ví dụ /thaydoi 2019",
    "bieudo": "Biểu đồ xếp hạng, ví dụ /bieudo Sở Y tế hoặc /bieudo khối huyện",
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
}


def commands_html() -> str:
    return "Các lệnh:\n" + "\n".join(f"/{name} – {desc}" for name, desc in COMMANDS.items())


def readme_table() -> str:
    """The README's rows for these commands (cog writes them; CI checks they are current)."""
    return "".join(f"| `/{name}` | {desc} |\n" for name, desc in COMMANDS.items())
