"""The bot end to end: real PTB network code against the fake Bot API over HTTP."""

from __future__ import annotations

import pytest

from bot.words import commands
from tests.support.bot_harness import running_bot

# Once per transport (EGOV_TRANSPORT), set before the bot is built.
pytestmark = pytest.mark.usefixtures("bot_transport", "bot_app")
USER = 501


async def ask(api, text: str, chat_id: int = USER, **kwargs):
    before = len(api.sent(chat_id))
    api.send_text(chat_id, text, **kwargs)
    await api.wait_for(lambda s: len(s.sent(chat_id)) > before, timeout=5)
    return api.sent(chat_id)[before:]


async def test_commands_are_registered_like_help_lists_them(fake_api):
    await fake_api.wait_for(lambda s: s.commands, timeout=5)
    assert [c["command"] for c in fake_api.commands] == list(commands.COMMANDS)
    [reply] = await ask(fake_api, "/help")
    for name in commands.COMMANDS:
        assert f"/{name}" in reply.text


async def test_start_offers_three_tappable_examples(fake_api):
    [reply] = await ask(fake_api, "/start")
    assert len(reply.callback_data) == 3
    fake_api.press_button(USER, reply.message_id, reply.callback_data[0])
    await fake_api.wait_for(lambda s: len(s.sent(USER)) >= 2)
    assert "Sở Y tế" in fake_api.sent(USER)[-1].text


async def test_unit_answer_card(fake_api):
    [reply] = await ask(fake_api, "so tt&tt")
    assert "Sở Thông tin và Truyền thông" in reply.text
    assert "196,5/200" in reply.text
    assert "2/19 khối sở" in reply.text
    assert "↑" in reply.text
    assert any(e["type"] == "pre" for e in reply.entities)
    assert all(len(d.encode()) <= 64 for d in reply.callback_data)


async def test_button_edits_the_message_instead_of_flooding(fake_api):
    [reply] = await ask(fake_api, "Sở Y tế")
    detail = next(d for d in reply.callback_data if d.startswith("d:"))
    fake_api.press_button(USER, reply.message_id, detail)
    await fake_api.wait_for(lambda s: s.message(USER, reply.message_id).edits)
    assert len(fake_api.sent(USER)) == 1
    assert "Trung vị khối" in fake_api.message(USER, reply.message_id).text
    assert fake_api.callback_answers


async def test_every_kind_of_answer_is_accepted_by_the_strict_server(fake_api):
    queries = ["Sở Y tế 2019", "huyện khá", "top 3 sở", "so sánh Sở Y tế và Sở Tư pháp",
               "so giao", "năm 1999", "<b>&</b>", "Sở Nội vụ 2018"]
    for chat_id, text in enumerate(queries, start=1000):
        [reply] = await ask(fake_api, text, chat_id=chat_id)
        assert reply.text


async def test_clarify_buttons_pick_a_unit(fake_api):
    [reply] = await ask(fake_api, "so giao")
    assert len(reply.callback_data) == 2
    fake_api.press_button(USER, reply.message_id, reply.callback_data[1])
    await fake_api.wait_for(lambda s: s.message(USER, reply.message_id).edits)
    assert "Chỉ số e-Gov năm 2019" in fake_api.message(USER, reply.message_id).text


async def test_group_chat_answers_commands_and_mentions_only(fake_api):
    group = -1001
    fake_api.send_text(group, "hôm nay họp lúc mấy giờ?", chat_type="supergroup", user_id=7)
    fake_api.send_text(group, "Sở Y tế", chat_type="supergroup", user_id=7)
    [reply] = await ask(fake_api, "/tra Sở Tư pháp", chat_id=group, chat_type="supergroup",
                        user_id=7)
    assert "Sở Tư pháp" in reply.text
    [mention] = await ask(fake_api, "@test_bot huyện khá", chat_id=group,
                          chat_type="supergroup", user_id=7)
    assert "Mường Ảng" in mention.text
    assert len(fake_api.sent(group)) == 2


async def test_button_survives_a_restart(fake_api, bot_app):
    [reply] = await ask(fake_api, "Sở Y tế")
    history = next(d for d in reply.callback_data if d.startswith("h:"))
    await bot_app.updater.stop()
    await bot_app.stop()
    async with running_bot(fake_api):
        fake_api.press_button(USER, reply.message_id, history)
        await fake_api.wait_for(lambda s: s.message(USER, reply.message_id).edits)
    assert "Lịch sử xếp hạng" in fake_api.message(USER, reply.message_id).text
    await bot_app.start()
    await bot_app.updater.start_polling(poll_interval=0, timeout=1)
