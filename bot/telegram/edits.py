"""Editing a message a button was on: "message is not modified" is not an error.

Telegram refuses an edit that changes nothing (a button pressed twice, a card shown again);
for the bot that is success. Every edit of a button's message goes through here.
"""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest


def _unchanged(exc: BadRequest) -> bool:
    return "not modified" in exc.message.lower()


async def edit_text(query: CallbackQuery, html: str,
                    keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Replace the text (and buttons) of the message `query`'s button is on."""
    try:
        await query.edit_message_text(html, reply_markup=keyboard)
    except BadRequest as exc:
        if not _unchanged(exc):
            raise


async def edit_buttons(query: CallbackQuery, keyboard: InlineKeyboardMarkup | None) -> None:
    """Replace only the buttons (None takes them off)."""
    try:
        await query.edit_message_reply_markup(keyboard)
    except BadRequest as exc:
        if not _unchanged(exc):
            raise
