"""/subscribe, /unsubscribe, /follow, /unfollow, /subscriptions end to end: what the bot says
is already in SQLite when it says it, in private and group chats."""

from __future__ import annotations

import sqlite3

import pytest

from bot.words import notices

pytestmark = pytest.mark.usefixtures("bot_app")
USER = 601
GROUP = -4001


async def ask(api, text: str, chat_id: int = USER, **kwargs):
    before = len(api.sent(chat_id))
    api.send_text(chat_id, text, **kwargs)
    await api.wait_for(lambda s: len(s.sent(chat_id)) > before, timeout=5)
    return api.sent(chat_id)[before:]


def rows(db_path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def subscription(db_path, chat_id: int) -> list[tuple]:
    return rows(db_path, "SELECT active, inactive_reason FROM subscriptions WHERE chat_id = ?",
                chat_id)


def follows(db_path, chat_id: int) -> list[str]:
    return [r[0] for r in rows(db_path, "SELECT unit_id FROM follows WHERE chat_id = ? "
                                        "ORDER BY created_at, rowid", chat_id)]


async def test_subscribe_round_trip_with_aliases(fake_api, db_path):
    [reply] = await ask(fake_api, "/subscribe")
    assert reply.html == notices.SUBSCRIBED
    assert subscription(db_path, USER) == [(1, None)]
    [reply] = await ask(fake_api, "/dangky")
    assert reply.html == notices.ALREADY_SUBSCRIBED
    [reply] = await ask(fake_api, "/huydangky")
    assert reply.html == notices.UNSUBSCRIBED
    assert subscription(db_path, USER) == [(0, "unsubscribed")]
    [reply] = await ask(fake_api, "/unsubscribe")
    assert reply.html == notices.NOT_SUBSCRIBED
    [reply] = await ask(fake_api, "/subscribe")
    assert reply.html == notices.RESUBSCRIBED
    assert subscription(db_path, USER) == [(1, None)]


async def test_group_chat_subscribes_with_the_bot_name_suffix(fake_api, db_path):
    [reply] = await ask(fake_api, "/subscribe@test_bot", chat_id=GROUP, chat_type="group",
                        user_id=7)
    assert reply.html == notices.SUBSCRIBED
    assert rows(db_path, "SELECT active, chat_type, title FROM subscriptions "
                         "WHERE chat_id = ?", GROUP) == [(1, "group", f"Group {GROUP}")]
    [reply] = await ask(fake_api, "/theodoi@test_bot huyện Mường Nhé", chat_id=GROUP,
                        chat_type="group", user_id=8)
    assert "UBND huyện Mường Nhé" in reply.text
    assert follows(db_path, GROUP) == ["h-muong-nhe"]


async def test_follow_subscribes_and_subscriptions_lists_the_units(fake_api, db_path):
    [reply] = await ask(fake_api, "/follow so y te va so tu phap")
    assert "Đã theo dõi" in reply.text
    assert "Sở Y tế" in reply.text
    assert "đã được đăng ký" in reply.text
    assert follows(db_path, USER) == ["so-y-te", "so-tu-phap"]
    assert subscription(db_path, USER) == [(1, None)]
    [reply] = await ask(fake_api, "/theodoi Sở Y tế")
    assert "đã theo dõi" in reply.text
    assert "Đã theo dõi" not in reply.text
    [reply] = await ask(fake_api, "/subscriptions")
    assert "đang nhận" in reply.text
    assert "• Sở Y tế\n• Sở Tư pháp" in reply.text


async def test_ambiguous_follow_asks_with_buttons_and_a_press_follows(fake_api, db_path):
    [reply] = await ask(fake_api, "/follow so giao")
    assert reply.html == notices.FOLLOW_PICK
    assert follows(db_path, USER) == []
    data = [d for d in reply.callback_data if d.startswith("f:")]
    assert len(data) == 2
    fake_api.press_button(USER, reply.message_id, data[1])
    await fake_api.wait_for(lambda s: s.message(USER, reply.message_id).edits)
    unit_id = data[1].split(":")[1]
    assert follows(db_path, USER) == [unit_id]
    assert "Đã theo dõi" in fake_api.message(USER, reply.message_id).text


@pytest.mark.parametrize("text", ["/follow", "/follow Sở Ma Thuật", "/follow top 3 huyện"])
async def test_bad_follow_gets_a_polite_answer_and_changes_nothing(fake_api, db_path, text):
    [reply] = await ask(fake_api, text)
    assert reply.text.startswith(("Gõ tên đơn vị", "Không tìm thấy đơn vị"))
    assert follows(db_path, USER) == []
    assert subscription(db_path, USER) == []


async def test_unfollow_by_name_and_by_buttons(fake_api, db_path):
    await ask(fake_api, "/follow Sở Y tế, Sở Nội vụ và huyện Nậm Pồ")
    assert follows(db_path, USER) == ["so-y-te", "so-noi-vu", "h-nam-po"]
    [reply] = await ask(fake_api, "/unfollow so noi vu")
    assert reply.text == "Đã bỏ theo dõi Sở Nội vụ."
    [reply] = await ask(fake_api, "/unfollow Sở Tư pháp")
    assert "không theo dõi" in reply.text
    [reply] = await ask(fake_api, "/unfollow")
    assert reply.html == notices.UNFOLLOW_PICK
    fake_api.press_button(USER, reply.message_id, "x:h-nam-po:0")
    await fake_api.wait_for(lambda s: s.message(USER, reply.message_id).edits)
    assert follows(db_path, USER) == ["so-y-te"]
    [reply] = await ask(fake_api, "/unfollow")
    fake_api.press_button(USER, reply.message_id, "x::0:all")
    await fake_api.wait_for(lambda s: s.message(USER, reply.message_id).edits)
    assert follows(db_path, USER) == []
    assert subscription(db_path, USER) == [(1, None)]  # unfollowing is not unsubscribing
    [reply] = await ask(fake_api, "/unfollow")
    assert reply.html == notices.NO_FOLLOWS


async def test_unsubscribe_keeps_follows_for_the_next_subscribe(fake_api, db_path):
    await ask(fake_api, "/follow Sở Y tế")
    await ask(fake_api, "/unsubscribe")
    [reply] = await ask(fake_api, "/subscriptions")
    assert "chưa nhận" in reply.text
    assert "Sở Y tế" in reply.text
    assert follows(db_path, USER) == ["so-y-te"]
    [reply] = await ask(fake_api, "/dangky")
    assert reply.html == notices.RESUBSCRIBED


async def test_a_group_upgrade_message_moves_the_subscription(fake_api, db_path):
    await ask(fake_api, "/theodoi Sở Y tế", chat_id=GROUP, chat_type="group", user_id=7)
    fake_api.migrate(GROUP, -100_4001)
    fake_api._queue_update("message", {
        **fake_api._user_message(GROUP, 7, "group", None, None, None),
        "migrate_to_chat_id": -100_4001})
    await fake_api.wait_for(
        lambda s: not s.pending_updates and subscription(db_path, -100_4001), timeout=5)
    assert subscription(db_path, GROUP) == []
    assert follows(db_path, -100_4001) == ["so-y-te"]
