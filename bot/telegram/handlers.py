"""Telegram handlers: turn updates into answers and send them. Each handler is thin; the
thinking is in `service` (answers) and `render`/`views` (HTML)."""

from __future__ import annotations

import logging
import time
from typing import cast

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import views
from bot.answer import build_answer
from bot.ask_again import question_text
from bot.contract import Answer
from bot.help_examples import help_examples
from bot.query import Query
from bot.service import AnswerService
from bot.telegram.answer_bot import AnswerBot
from bot.telegram.callbacks import Callback
from bot.telegram.db_writes import answer_database_problem
from bot.telegram.edits import edit_text
from bot.telegram.flood import FloodGuard, Verdict
from bot.telegram.keyboards import (
    answer_keyboard,
    back_keyboard,
    compare_pick_keyboard,
    examples_keyboard,
)
from bot.telegram.split import split_html
from bot.words import cards, commands
from bot.words import telegram as telegram_words

log = logging.getLogger(__name__)


def service_of(context: ContextTypes.DEFAULT_TYPE) -> AnswerService:
    service = cast(AnswerService, context.bot_data["service"])
    service.refresh()  # one PRAGMA; picks up a publish made by another process
    return service


async def send_html(message: Message, html: str,
                    keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Reply with `html`, split between lines if too long; buttons go on the last part."""
    bot = cast(AnswerBot, message.get_bot())
    thread = message.message_thread_id if message.is_topic_message else None
    parts = split_html(html)
    for i, part in enumerate(parts):
        await bot.send_html(message.chat_id, part, message_thread_id=thread,
                            reply_markup=keyboard if i == len(parts) - 1 else None)


async def send_answer(message: Message, answer: Answer, service: AnswerService) -> None:
    await send_html(message, answer.html, answer_keyboard(answer, service.snapshot))


async def reply_query(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Answer `text` in the update's chat (a follow-up uses that chat's previous question)."""
    service = service_of(context)
    message = cast(Message, update.effective_message)
    await send_answer(message, service.ask(text, message.chat_id), service)


# ---------------------------------------------------------------- guards

async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Slow down one user who floods the bot; stop their update before any other handler."""
    user = update.effective_user
    if user is None:
        return
    guard = cast(FloodGuard, context.bot_data["flood"])
    verdict = guard.check(user.id, time.monotonic())
    if verdict is Verdict.OK:
        return
    if update.callback_query is not None:
        # always answered, or the button keeps spinning: the alert once, then a short toast
        await update.callback_query.answer(
            cards.SLOW_DOWN if verdict is Verdict.WARN else telegram_words.SLOW_DOWN_TOAST,
            show_alert=verdict is Verdict.WARN)
    elif verdict is Verdict.WARN and update.effective_message is not None:
        await update.effective_message.reply_html(cards.SLOW_DOWN, do_quote=False)
    raise ApplicationHandlerStop


# ---------------------------------------------------------------- commands

async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome the user with what the bot does and three tappable examples."""
    message = cast(Message, update.effective_message)
    examples = help_examples(service_of(context).snapshot)
    await message.reply_html(cards.welcome_html(examples),
                             reply_markup=examples_keyboard(examples), do_quote=False)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what can be asked, and list the commands."""
    message = cast(Message, update.effective_message)
    examples = help_examples(service_of(context).snapshot)
    await message.reply_html(cards.help_html(examples) + "\n\n" + commands.commands_html(),
                             do_quote=False)


async def tra(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question after /tra (the way to ask in a group chat)."""
    text = " ".join(context.args or [])
    if not text.strip():
        await cast(Message, update.effective_message).reply_html(cards.TRA_EMPTY, do_quote=False)
        return
    await reply_query(update, context, text)


async def top(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with a ranking table: /top, /top 5 sở, /top huyện 2019."""
    args = " ".join(context.args or []).strip()
    await reply_query(update, context, f"top {args}" if args else "bảng xếp hạng")


async def sosanh(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Compare the units named after /sosanh."""
    text = " ".join(context.args or [])
    if not text.strip():
        await cast(Message, update.effective_message).reply_html(
            cards.SOSANH_EMPTY, do_quote=False)
        return
    await reply_query(update, context, f"so sánh {text}")


# ---------------------------------------------------------------- free text

async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Treat any text in a private chat as a question."""
    await reply_query(update, context, cast(Message, update.effective_message).text or "")


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, answer only messages that mention the bot or reply to it."""
    message = cast(Message, update.effective_message)
    username = f"@{context.bot.username}".lower()
    text = message.text or ""
    replied_to_bot = (message.reply_to_message is not None
                      and message.reply_to_message.from_user is not None
                      and message.reply_to_message.from_user.id == context.bot.id)
    if username not in text.lower() and not replied_to_bot:
        return
    cleaned = " ".join(w for w in text.split() if w.lower() != username)
    await reply_query(update, context, cleaned)


# ---------------------------------------------------------------- buttons

async def show_view(query: CallbackQuery, callback: Callback,
                    context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show what a card's button asks for (the card, its detail, history, a comparison) in
    place of the message it is on; "page" sends an example question's answer."""
    service = service_of(context)
    snapshot = service.snapshot
    year = callback.year or (snapshot.latest_year or 0)
    message = query.message if isinstance(query.message, Message) else None
    if callback.action == "page" and message is not None:
        await query.answer()
        questions = cards.example_questions(help_examples(snapshot))
        if not questions:
            await query.answer(cards.BUTTON_GONE, show_alert=True)
            return
        example = questions[int(callback.extra[2:]) % len(questions)]
        await send_answer(message, service.ask(example), service)
        return
    if callback.action == "ask" and message is not None:  # a missing year's "ask again"
        await query.answer()
        text = question_text(callback.extra, year)
        await send_answer(message, service.ask(text, message.chat_id), service)
        return
    html, keyboard = _button_view(callback.action, callback.unit_ids, year, service)
    if html is None:  # answered once: a second answerCallbackQuery is refused by Telegram
        await query.answer(cards.BUTTON_GONE, show_alert=True)
        return
    await query.answer()
    await edit_text(query, html, keyboard)


def _button_view(
    action: str, unit_ids: tuple[str, ...], year: int, service: AnswerService
) -> tuple[str | None, InlineKeyboardMarkup | None]:
    snapshot = service.snapshot
    unit_id = unit_ids[0] if unit_ids else ""
    if action == "unit" and unit_id:
        answer = build_answer("", Query(kind="unit", unit_ids=(unit_id,), year=year), snapshot)
        return answer.html, answer_keyboard(answer, snapshot)
    if action == "detail" and unit_id:
        return views.detail_view(unit_id, year, snapshot), back_keyboard(unit_id, year)
    if action == "history" and unit_id:
        return views.history_view(unit_id, snapshot), back_keyboard(unit_id, year)
    if action == "compare_pick" and unit_id:
        return (views.compare_pick_view(unit_id, year, snapshot),
                compare_pick_keyboard(unit_id, year, snapshot))
    if action == "compare" and len(unit_ids) >= 2:
        answer = build_answer("", Query(kind="compare", unit_ids=unit_ids, year=year), snapshot)
        return answer.html, back_keyboard(unit_id, year)
    return None, None


# ---------------------------------------------------------------- errors

async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback; tell the user politely, never the details."""
    log.error("error while handling an update", exc_info=context.error)
    if await answer_database_problem(update, context):  # a full disk, a lock held too long
        return
    if isinstance(update, Update) and update.effective_chat is not None:
        if update.effective_chat.type != ChatType.PRIVATE and update.effective_message is None:
            return
        try:
            await context.bot.send_message(update.effective_chat.id, cards.ERROR)
        except Exception:  # the chat may be gone; the log already has the cause
            log.warning("could not tell the user about the error", exc_info=True)
