"""The other framework's floor: a plain aiogram 3 echo bot with aiogram's defaults (aiohttp,
updates handled as tasks), pointed at the fake Bot API, for bench_bot.py.

Needs the bench extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

dispatcher = Dispatcher()


@dispatcher.message(F.text)
async def echo(message: Message) -> None:
    """Send the text back."""
    await message.answer(message.text or "-")


async def main() -> None:
    # TELEGRAM_API_BASE_URL is PTB's form (…/bot); aiogram wants the server's root.
    base = os.environ["TELEGRAM_API_BASE_URL"].removesuffix("/").removesuffix("/bot")
    session = AiohttpSession(api=TelegramAPIServer.from_base(base))
    bot = Bot(os.environ["TELEGRAM_BOT_TOKEN"], session=session)
    await dispatcher.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
