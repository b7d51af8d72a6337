"""Admins' /thongke and /guithongbao; everyone else is refused and nothing changes."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from bot.notices.views import MAX_ANNOUNCEMENT
from bot.words import notices
from storage.subscriptions import InactiveReason, deactivate, follow, subscribe
from tests.support.bot_harness import running_bot

ADMIN = 77
SUBSCRIBERS = (301, 302, -303)


@pytest.fixture
async def admin_bot(fake_api, db):
    for chat in SUBSCRIBERS:
        subscribe(db, chat)
    follow(db, 302, ["so-y-te"])
    subscribe(db, 304)
    deactivate(db, 304, InactiveReason.BLOCKED)
    async with running_bot(fake_api, admins=frozenset({ADMIN})) as application:
        yield application


async def ask(api, text: str, chat_id: int, **kwargs):
    before = len(api.sent(chat_id))
    api.send_text(chat_id, text, **kwargs)
    await api.wait_for(lambda s: len(s.sent(chat_id)) > before, timeout=5)
    return api.sent(chat_id)[before:]


def pending(db_path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
    finally:
        conn.close()


def publications(db_path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM publications").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.usefixtures("admin_bot")
@pytest.mark.parametrize("text", ["/thongke", "/guithongbao Nghỉ lễ 2/9", "/guithongbao"])
async def test_non_admins_are_refused_politely_and_nothing_is_queued(fake_api, db_path, text):
    [reply] = await ask(fake_api, text, 301)
    assert reply.html == notices.ADMIN_ONLY
    [reply] = await ask(fake_api, text, -303, chat_type="group", user_id=302)
    assert reply.html == notices.ADMIN_ONLY
    assert publications(db_path) == 0


@pytest.mark.usefixtures("admin_bot")
async def test_announcement_reaches_every_subscriber_once_with_line_breaks(fake_api, db_path):
    [reply] = await ask(fake_api, "/guithongbao Kính gửi các đơn vị:\n<b>Họp</b> lúc 9h & 14h",
                        ADMIN)
    assert reply.text.startswith("✅ Đã xếp hàng 3 thông báo")
    heading = "Thông báo từ quản trị viên"
    await fake_api.wait_for(
        lambda s: len([m for m in s.sent() if heading in (m.text or "")]) == 3, timeout=5)
    received = [m for m in fake_api.sent() if heading in (m.text or "")]
    assert Counter(m.chat_id for m in received) == dict.fromkeys(SUBSCRIBERS, 1)
    assert received[0].text.endswith("Kính gửi các đơn vị:\n<b>Họp</b> lúc 9h & 14h")
    assert publications(db_path) == 1


@pytest.mark.usefixtures("admin_bot")
@pytest.mark.parametrize(("text", "expected"), [
    ("/guithongbao   ", notices.ANNOUNCE_EMPTY),
    ("/guithongbao " + "x" * (MAX_ANNOUNCEMENT + 1),
     notices.announce_too_long(MAX_ANNOUNCEMENT, MAX_ANNOUNCEMENT + 1)),
])
async def test_empty_or_too_long_announcement_is_refused(fake_api, db_path, text, expected):
    [reply] = await ask(fake_api, text, ADMIN)
    assert reply.html == expected
    assert publications(db_path) == 0


@pytest.mark.usefixtures("admin_bot")
async def test_thongke_shows_subscribers_and_the_last_delivery(fake_api, db_path):
    await ask(fake_api, "/guithongbao Thử hệ thống", ADMIN)
    await fake_api.wait_for(lambda s: pending(db_path) == 0, timeout=5)
    [reply] = await ask(fake_api, "/thongke", ADMIN)
    assert "Người đăng ký: 3 đang nhận (2 cá nhân, 1 nhóm)" in reply.text
    assert "1 đã chặn bot" in reply.text
    assert "Theo dõi đơn vị: 1 lượt của 1 chat" in reply.text
    assert "thông báo của quản trị viên" in reply.text
    assert "3 thông báo – 3 đã gửi" in reply.text
    assert "Đang chờ gửi (tất cả): 0." in reply.text
