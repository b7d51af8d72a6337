"""The new kinds of answer through Telegram: a strict server accepts them, and a follow-up
uses the context of its own chat only (the handlers pass the chat id)."""

from __future__ import annotations

import pytest

from tests.test_bot_e2e import ask

pytestmark = pytest.mark.usefixtures("bot_app")


async def test_follow_ups_use_the_context_of_their_own_chat(fake_api):
    await ask(fake_api, "Sở Y tế được bao nhiêu điểm", chat_id=801)
    await ask(fake_api, "UBND huyện Tuần Giáo", chat_id=802)
    [first] = await ask(fake_api, "xếp thứ mấy?", chat_id=801)
    [second] = await ask(fake_api, "xếp thứ mấy?", chat_id=802)
    assert first.text.startswith("Sở Y tế năm 2019 xếp hạng 1/19")
    assert second.text.startswith("UBND huyện Tuần Giáo năm 2019 xếp hạng 7/10")


async def test_new_kinds_are_accepted_by_the_strict_server(fake_api):
    queries = ["Sở Y tế được bao nhiêu điểm", "bao nhiêu sở đạt mức khá",
               "sở nào có điểm HTKT cao nhất", "Sở Y tế hơn Sở Tư pháp bao nhiêu điểm",
               "sở nào chưa đạt tối đa CS&ĐT", "Điện Biên xếp thứ mấy cả nước", "chào anh",
               "số điện thoại Sở Y tế", "Điện Biên xếp thứ mấy"]
    for chat_id, text in enumerate(queries, start=900):
        [reply] = await ask(fake_api, text, chat_id=chat_id)
        assert reply.text
        assert "chưa hiểu" not in reply.text
