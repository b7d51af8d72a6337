"""The bot object: PTB's ExtBot plus one way to send an answer without decoding Telegram's
copy of it.

`send_message` turns Telegram's reply into a `Message` (entities, keyboard and all), which
costs more CPU than answering the question; the answer handlers never read it. Rate
limiting and error mapping are unchanged: this goes through ExtBot's `_post`/`_do_post`
like every other call.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.ext import ExtBot


class AnswerBot(ExtBot[None]):
    """ExtBot with `send_html`, a `sendMessage` whose result is not decoded."""

    async def send_html(self, chat_id: int, html: str, *,
                        reply_markup: InlineKeyboardMarkup | None = None,
                        message_thread_id: int | None = None) -> None:
        """Send `html` (HTML parse mode, no link previews); raises like `send_message`."""
        data: dict[str, object] = {
            "chat_id": chat_id, "text": html, "parse_mode": ParseMode.HTML,
            "link_preview_options": {"is_disabled": True},
        }
        if reply_markup is not None:
            data["reply_markup"] = reply_markup
        if message_thread_id is not None:
            data["message_thread_id"] = message_thread_id
        await self._post("sendMessage", data)
