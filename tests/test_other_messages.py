"""Stickers, photos, voice, locations, contacts, dice and unknown commands in a private chat
get one short polite line saying what the bot understands; in a group, nothing."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.fake_bot_api import MEDIA_SAMPLES

USER = 520
GROUP = -5200
# what the user sent, as the reply should name it (Vietnamese, written by hand)
NAMED = {"sticker": "nhãn dán", "photo": "ảnh", "voice": "tin nhắn thoại",
         "location": "vị trí", "contact": "danh bạ", "dice": "xúc xắc"}


async def replies(api, chat_id: int, before: int, count: int = 1):
    await api.wait_for(lambda s: len(s.sent(chat_id)) >= before + count, timeout=10)
    return api.sent(chat_id)[before:]


def test_every_sample_kind_is_covered():
    assert set(NAMED) == set(MEDIA_SAMPLES)


@pytest.mark.parametrize("kind", sorted(NAMED))
async def test_private_media_gets_one_polite_line(bot_app, fake_api, kind):
    fake_api.send_media(USER, kind)
    [reply] = await replies(fake_api, USER, 0)
    assert NAMED[kind] in reply.text
    assert "/help" in reply.text
    assert "Sở Y tế 2019" in reply.text  # an example of what it does understand


async def test_photo_caption_is_answered_as_a_question(bot_app, fake_api):
    fake_api.send_text(USER + 1, "Sở Y tế 2019")
    [expected] = await replies(fake_api, USER + 1, 0)
    fake_api.send_media(USER, "photo", caption="Sở Y tế 2019")
    [reply] = await replies(fake_api, USER, 0)
    assert reply.text == expected.text
    assert "Sở Y tế" in reply.text


@pytest.mark.parametrize("command", ["/xyz", "/xyz@test_bot", "/XYZ abc"])
async def test_unknown_command_is_answered_politely(bot_app, fake_api, command):
    fake_api.send_text(USER, command)
    [reply] = await replies(fake_api, USER, 0)
    assert "/xyz" in reply.text.lower()
    assert "/help" in reply.text


@pytest.mark.parametrize("command", ["/help", "/start", "/tra so y te", "/subscriptions",
                                     "/thongke", "/bieudo"])
async def test_known_commands_are_not_called_unknown(bot_app, fake_api, command):
    fake_api.send_text(USER, command)
    await replies(fake_api, USER, 0)
    await asyncio.sleep(0.3)  # a second reply, if any, would have come by now
    [reply] = fake_api.sent(USER)
    assert "Tôi không có lệnh" not in reply.text


async def test_nothing_is_said_in_groups_or_to_other_bots_commands(bot_app, fake_api):
    for kind in NAMED:
        fake_api.send_media(GROUP, kind, user_id=USER)
    fake_api.send_text(GROUP, "/xyz", user_id=USER)
    fake_api.send_text(USER, "/xyz@other_bot")
    fake_api.send_text(USER + 2, "/help")  # a barrier: updates are taken in order
    await replies(fake_api, USER + 2, 0)
    await asyncio.sleep(0.3)
    assert fake_api.sent(GROUP) == []
    assert fake_api.sent(USER) == []
