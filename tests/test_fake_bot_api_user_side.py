"""The fake Bot API plays a user who sends stickers and photos and presses forged buttons,
and it holds answers to button presses to Telegram's rules (once, 200 UTF-16 units)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from tests.support.fake_bot_api import MEDIA_SAMPLES, FakeBotApi


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url,
                   base_file_url=server.base_file_url) as client:
        yield client


async def menu(bot: Bot) -> int:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    return (await bot.send_message(1, "menu", reply_markup=keyboard)).message_id


@pytest.mark.parametrize("kind", sorted(MEDIA_SAMPLES))
async def test_media_messages_reach_the_bot_as_telegram_sends_them(server, bot, kind):
    server.send_media(5, kind, caption="Sở Y tế" if kind == "photo" else None)
    [update] = await bot.get_updates(timeout=0)
    assert isinstance(update, Update)
    assert getattr(update.message, kind)
    assert update.message.caption == ("Sở Y tế" if kind == "photo" else None)


async def test_a_forged_press_carries_any_data_up_to_64_bytes(server, bot):
    message_id = await menu(bot)
    with pytest.raises(LookupError):
        server.press_button(1, message_id, "u:so-y-te:²")
    query_id = server.press_button(1, message_id, "u:so-y-te:²", forged=True)
    [update] = await bot.get_updates(timeout=0)
    assert update.callback_query.data == "u:so-y-te:²"
    assert server.open_callback_queries == {query_id}
    with pytest.raises(ValueError, match="64 bytes"):
        server.press_button(1, message_id, "²" * 33, forged=True)  # 66 bytes


async def test_a_press_is_answered_once_within_200_utf16_units(server, bot):
    message_id = await menu(bot)
    query_id = server.press_button(1, message_id, "a")
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await bot.answer_callback_query(query_id, text="😀" * 101)  # 202 units
    assert await bot.answer_callback_query(query_id, text="😀" * 100)
    assert server.open_callback_queries == frozenset()
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
