"""Private messages that are not questions: stickers, photos, voice, locations, contacts,
dice… and commands the bot does not have. Each gets one short polite line saying what the
bot understands (a caption is answered as a question). Never in a group: a busy group must
not hear from the bot about every sticker or every other bot's command."""

from __future__ import annotations

import functools
import operator
from typing import cast

from telegram import Message, Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from bot.telegram.handlers import reply_query
from bot.words import telegram as words

# Message attributes in the order they are recognised (a venue also carries a location).
_MEDIA = {
    "sticker": filters.Sticker.ALL, "photo": filters.PHOTO, "voice": filters.VOICE,
    "audio": filters.AUDIO, "video": filters.VIDEO, "video_note": filters.VIDEO_NOTE,
    "animation": filters.ANIMATION, "venue": filters.VENUE, "location": filters.LOCATION,
    "contact": filters.CONTACT, "dice": filters.Dice.ALL, "poll": filters.POLL,
}
# Any of them: the filter of the handler that answers them (see bot/telegram/app.py).
MEDIA = functools.reduce(operator.or_, _MEDIA.values())


def message_kind(message: Message) -> str:
    """Which of `_MEDIA` the message carries ("" for none of them)."""
    return next((kind for kind in _MEDIA if getattr(message, kind, None)), "")


def command_name(text: str, bot_username: str) -> str | None:
    """`/xyz@bot args` → "xyz"; None when the command is addressed to another bot."""
    command, _, addressee = text.split(maxsplit=1)[0][1:].partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None
    return command.lower()


def known_commands(application: Application) -> frozenset[str]:
    """Every command some `CommandHandler` of the application answers, in any group."""
    return frozenset(name for handlers in application.handlers.values()
                     for handler in handlers if isinstance(handler, CommandHandler)
                     for name in handler.commands)


async def other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a caption as a question; otherwise say politely what the bot understands."""
    message = cast(Message, update.effective_message)
    if message.caption and message.caption.strip():
        await reply_query(update, context, message.caption)
        return
    await message.reply_html(words.cannot_read(message_kind(message)), do_quote=False)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the user a command does not exist, unless one of the bot's handlers knows it."""
    message = cast(Message, update.effective_message)
    command = command_name(message.text or "/", context.bot.username)
    if command is None or command in known_commands(context.application):
        return
    await message.reply_html(words.unknown_command(command[:32]), do_quote=False)
