"""Notices of a publication reach every subscriber once, and nobody else, whatever Telegram
answers: blocked users, upgraded groups, 5xx, dropped connections, flood waits."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from collections import Counter

import pytest

from bot.config import Settings
from bot.words import notices as notices_words
from storage.store import publish
from storage.subscriptions import follow, subscribe, unsubscribe
from tests.conftest import REPO
from tests.support.bot_harness import running_bot

HEADING = "Đã công bố kết quả Chỉ số DienBien e-Gov index năm 2020"
ADMIN = 900


def notices(api, heading: str = HEADING) -> Counter[int]:
    return Counter(m.chat_id for m in api.sent() if m.text and heading in m.text)


def outbox_rows(db_path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT chat_id, status, attempts FROM outbox ORDER BY id").fetchall()
    finally:
        conn.close()


def subscription(db_path, chat_id: int) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT active, inactive_reason FROM subscriptions "
                            "WHERE chat_id = ?", [chat_id]).fetchall()
    finally:
        conn.close()


async def publish_in_another_process(path) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "publish", str(path), "--year", "2020", cwd=REPO,
        env=dict(os.environ), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


@pytest.mark.usefixtures("bot_app")
async def test_publish_in_another_process_reaches_every_subscriber_once(
        fake_api, db, db_path, write_sheet):
    subscribers = [11, 12, 13, 14, 15, -2001]
    for chat in [*subscribers, 16]:
        subscribe(db, chat)
    unsubscribe(db, 16)
    follow(db, 12, ["so-y-te", "h-muong-nhe"])
    out = await publish_in_another_process(write_sheet())
    assert "6 thông báo chờ gửi" in out
    await fake_api.wait_for(lambda s: len(notices(s)) == len(subscribers), timeout=5)
    await fake_api.wait_for(lambda s: [r[1] for r in outbox_rows(db_path)] == ["sent"] * 6)
    await asyncio.sleep(0.5)  # a duplicate, if there were one, would come now
    assert notices(fake_api) == dict.fromkeys(subscribers, 1)
    assert {m.chat_id for m in fake_api.sent()} == set(subscribers)

    follower = fake_api.sent(12)[0]
    assert "Đơn vị bạn theo dõi" in follower.text
    assert "Sở Y tế\n  Tổng điểm: " in follower.text
    assert "UBND huyện Mường Nhé\n  Tổng điểm: " in follower.text
    assert follower.callback_data == ["u:so-y-te:2020", "u:h-muong-nhe:2020", "r::2020"]
    plain = fake_api.sent(11)[0]
    assert "Đơn vị bạn theo dõi" not in plain.text
    assert "Khối sở, ban, ngành tỉnh · 3 đơn vị dẫn đầu" in plain.text
    assert plain.callback_data == ["r::2020"]


@pytest.mark.usefixtures("bot_app")
async def test_notice_buttons_show_the_unit_and_the_ranking(fake_api, db, write_sheet):
    follow(db, 21, ["so-tu-phap"])
    publish(db, write_sheet(), 2020)
    [notice] = await fake_api.wait_for_messages(21, 1)
    fake_api.press_button(21, notice.message_id, "r::2020")
    [_, ranking] = await fake_api.wait_for_messages(21, 2)
    assert "Khối UBND huyện, thị xã, thành phố · năm 2020 (10 đơn vị)" in ranking.text
    fake_api.press_button(21, notice.message_id, "u:so-tu-phap:2020")
    await fake_api.wait_for(lambda s: s.message(21, notice.message_id).edits)
    assert "Chỉ số e-Gov năm 2020" in fake_api.message(21, notice.message_id).text


@pytest.mark.usefixtures("bot_app")
async def test_blocked_chat_is_kept_inactive_until_it_subscribes_again(
        fake_api, db, db_path, write_sheet):
    for chat in (31, 32, 33):
        subscribe(db, chat)
    follow(db, 32, ["so-y-te"])
    fake_api.block(32)
    publish(db, write_sheet(), 2020)
    expected = [(31, "sent", 1), (32, "cancelled", 0), (33, "sent", 1)]
    await fake_api.wait_for(lambda s: outbox_rows(db_path) == expected)
    assert notices(fake_api) == {31: 1, 33: 1}
    assert subscription(db_path, 32) == [(0, "blocked")]
    fake_api.unblock(32)
    fake_api.send_text(32, "/subscribe")
    [reply] = await fake_api.wait_for_messages(32, 1)
    assert reply.html == notices_words.RESUBSCRIBED
    assert subscription(db_path, 32) == [(1, None)]


@pytest.mark.usefixtures("bot_app")
async def test_migrated_group_gets_the_notice_at_its_new_id(fake_api, db, db_path, write_sheet):
    old, new = -3001, -100_3001
    subscribe(db, old, chat_type="group")
    follow(db, old, ["h-dien-bien"])
    fake_api.migrate(old, new)
    publish(db, write_sheet(), 2020)
    await fake_api.wait_for(lambda s: outbox_rows(db_path) == [(new, "sent", 1)])
    assert notices(fake_api) == {new: 1}
    assert "UBND huyện Điện Biên\n" in fake_api.sent(new)[0].text
    assert subscription(db_path, old) == []
    assert subscription(db_path, new) == [(1, None)]


async def test_flaky_api_retries_until_each_chat_has_its_notice_once(
        fake_api, db, db_path, write_sheet):
    chats = [41, 42, 43, 44]
    for chat in chats:
        subscribe(db, chat)
    fake_api.fail_next(2, status=500)
    fake_api.drop_next(1)
    fake_api.fail_next(1, status=502)
    async with running_bot(fake_api, outbox_retry_seconds=0.05):
        publish(db, write_sheet(), 2020)
        await fake_api.wait_for(lambda s: len(notices(s)) == len(chats), timeout=5)
        await asyncio.sleep(0.3)
    assert notices(fake_api) == dict.fromkeys(chats, 1)
    rows = outbox_rows(db_path)
    assert [status for _, status, _ in rows] == ["sent"] * 4
    assert sum(attempts for *_, attempts in rows) == 4 + 4  # four faults, four deliveries


async def test_flood_wait_is_waited_out_not_counted_as_a_failure(fake_api, db, db_path,
                                                                  write_sheet):
    subscribe(db, 51)
    fake_api.fail_next(1, status=429)
    async with running_bot(fake_api, outbox_max_attempts=1):
        publish(db, write_sheet(), 2020)
        await fake_api.wait_for(lambda s: notices(s) == {51: 1}, timeout=5)
    assert outbox_rows(db_path) == [(51, "sent", 1)]
    assert fake_api.count_429 == 1


async def test_a_row_failing_every_time_is_marked_failed_and_reported(fake_api, db, db_path,
                                                                       write_sheet):
    subscribe(db, 61)
    fake_api.block(ADMIN)  # an admin who never opened the bot must not break the report
    async with running_bot(fake_api, outbox_max_attempts=3, outbox_retry_seconds=0.05,
                           admins=frozenset({ADMIN, ADMIN + 1})):
        fake_api.fail_next(3, status=500)
        publish(db, write_sheet(), 2020)
        await fake_api.wait_for(lambda s: s.sent(ADMIN + 1), timeout=5)
    [report] = fake_api.sent(ADMIN + 1)
    assert "1 thông báo không gửi được" in report.text
    assert "chat 61: Internal Server Error" in report.text
    assert outbox_rows(db_path) == [(61, "failed", 3)]
    assert notices(fake_api) == {}


@pytest.mark.limiter
async def test_a_question_during_a_broadcast_is_answered_before_it_ends(fake_api, db,
                                                                         write_sheet):
    chats = list(range(1000, 1090))  # three seconds of notices at 30/s
    for chat in chats:
        subscribe(db, chat)
    async with running_bot(fake_api):
        publish(db, write_sheet(), 2020)
        await fake_api.wait_for(lambda s: len(notices(s)) >= 10, timeout=5)
        fake_api.send_text(7, "Sở Y tế 2019")
        [reply] = await fake_api.wait_for_messages(7, 1)
        answered_after = len(notices(fake_api))
        await fake_api.wait_for(lambda s: len(notices(s)) == len(chats), timeout=10)
    assert "Sở Y tế" in reply.text
    assert answered_after < len(chats) - 30  # not queued behind the remaining notices
    assert notices(fake_api) == dict.fromkeys(chats, 1)
    assert fake_api.count_429 == 0


async def test_a_publish_is_noticed_within_five_seconds_at_the_default_poll(
        fake_api, db, write_sheet):
    subscribe(db, 71)
    poll = Settings().outbox_poll_seconds
    async with running_bot(fake_api, outbox_poll_seconds=poll):
        await asyncio.sleep(poll / 2)  # the drainer is idle, between two looks at the outbox
        publish(db, write_sheet(), 2020)
        await fake_api.wait_for(lambda s: notices(s) == {71: 1}, timeout=5)
