"""The bot object: PTB's ExtBot plus one way to send an answer without decoding Telegram's
copy of it.

`send_message` turns Telegram's reply into a `Message` (entities, keyboard and all), which
costs more CPU than answering the question; the answer handlers never read it. The keyboard
goes out as a plain dict: PTB's generic `to_dict` walks every button's slots and was a fifth
of the CPU an answer costs. Rate limiting and error mapping are unchanged: this goes through
ExtBot's `_post`/`_do_post` like every other call.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.ext import ExtBot

# InlineKeyboardButton's fields that hold plain JSON values, and those that hold objects
# (a button using one of those is left to PTB's own `to_dict`).
_PLAIN = ("callback_data", "icon_custom_emoji_id", "pay", "style", "switch_inline_query",
          "switch_inline_query_current_chat", "text", "url")
_OBJECTS = ("callback_game", "copy_text", "login_url", "switch_inline_query_chosen_chat",
            "web_app")


def button_json(button: InlineKeyboardButton) -> dict[str, Any]:
    """`button.to_dict()`, computed directly for buttons of plain values."""
    if button.api_kwargs or any(getattr(button, name) is not None for name in _OBJECTS):
        return button.to_dict()
    return {name: value for name in _PLAIN if (value := getattr(button, name)) is not None}


def keyboard_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    """`markup.to_dict()`, without PTB's generic walk over every object's slots."""
    if markup.api_kwargs:
        return markup.to_dict()
    return {"inline_keyboard": [[button_json(button) for button in row]
                                for row in markup.inline_keyboard]}


class AnswerBot(ExtBot[int]):
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
            data["reply_markup"] = keyboard_json(reply_markup)
        if message_thread_id is not None:
            data["message_thread_id"] = message_thread_id
        await self._post("sendMessage", data)
