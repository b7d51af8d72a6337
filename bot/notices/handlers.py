"""Telegram commands for notices: /subscribe, /unsubscribe, /follow, /unfollow,
/subscriptions (with their Vietnamese aliases), their buttons, and group migrations.

Every change is committed to SQLite before the bot confirms it, in private and group chats
alike. Unit names go through the same matcher as questions; an ambiguous name is answered
with buttons, an unknown one with a polite sentence and no change.
"""

from __future__ import annotations

from typing import Literal, cast

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.ext import (
    ContextTypes,
)

from bot.answer import build_answer
from bot.query import Query, understand
from bot.render import esc
from bot.service import AnswerService
from bot.telegram.callbacks import Callback, encode
from bot.telegram.db_writes import write
from bot.telegram.edits import edit_text
from bot.telegram.handlers import send_answer, service_of
from bot.words import notices
from storage import subscriptions
from storage.subscriptions import MAX_FOLLOWS, Subscribed

_ALL = "all"


def _chat(update: Update) -> Chat:
    return cast(Chat, update.effective_chat)


def _title(chat: Chat) -> str | None:
    """Group titles help admins read /thongke; private users' names are not stored."""
    return chat.title if chat.type != ChatType.PRIVATE else None


async def _reply(update: Update, html: str,
                 keyboard: InlineKeyboardMarkup | None = None) -> None:
    await cast(Message, update.effective_message).reply_html(
        html, reply_markup=keyboard, do_quote=False)


def _names(unit_ids: tuple[str, ...] | list[str], service: AnswerService) -> list[str]:
    registry = service.snapshot.registry
    return [esc(registry.get(u).name) if u in registry else esc(u) for u in unit_ids]


def _units_named(text: str, service: AnswerService) -> Query:
    """What `text` names: kind "unit"/"compare" (unit_ids), "clarify" (candidates) or other."""
    return understand(text, service.index)


def _pick_keyboard(action: Literal["follow", "unfollow"], unit_ids: tuple[str, ...],
                   service: AnswerService, *, with_all: bool = False) -> InlineKeyboardMarkup:
    """One button per unit (follow it / stop following it), and "all" for unfollowing."""
    label = notices.BUTTON_UNFOLLOW if action == "unfollow" else "{name}"
    registry = service.snapshot.registry
    rows = [[InlineKeyboardButton(label.format(name=registry.get(u).name),
                                  callback_data=encode(Callback(action, (u,), 0)))]
            for u in unit_ids]
    if with_all:
        rows.append([InlineKeyboardButton(
            notices.BUTTON_UNFOLLOW_ALL,
            callback_data=encode(Callback("unfollow", (), 0, extra=_ALL)))])
    return InlineKeyboardMarkup(rows)


def _follow_html(outcome: subscriptions.FollowOutcome, service: AnswerService) -> str:
    return notices.follow_done(
        _names(outcome.added, service), _names(outcome.already, service),
        _names(outcome.over_limit, service), MAX_FOLLOWS,
        newly_subscribed=outcome.subscribed is not Subscribed.ALREADY)


# ---------------------------------------------------------------- commands

async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe this chat to notices of new results."""
    chat = _chat(update)
    outcome = await write(context, subscriptions.subscribe, chat.id, chat_type=chat.type,
                          title=_title(chat))
    await _reply(update, {Subscribed.NEW: notices.SUBSCRIBED,
                          Subscribed.REACTIVATED: notices.RESUBSCRIBED,
                          Subscribed.ALREADY: notices.ALREADY_SUBSCRIBED}[outcome])


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop notices to this chat, keeping its followed units for a later /subscribe."""
    was_active = await write(context, subscriptions.unsubscribe, _chat(update).id)
    await _reply(update, notices.UNSUBSCRIBED if was_active else notices.NOT_SUBSCRIBED)


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Follow the units named after /follow (and subscribe); ask when a name is ambiguous."""
    text = " ".join(context.args or []).strip()
    if not text:
        await _reply(update, notices.FOLLOW_EMPTY)
        return
    service = service_of(context)
    query = _units_named(text, service)
    if query.kind == "clarify":
        await _reply(update, notices.FOLLOW_PICK,
                     _pick_keyboard("follow", query.candidates, service))
        return
    if query.kind not in ("unit", "compare"):
        await _reply(update, notices.follow_unknown(esc(text)))
        return
    chat = _chat(update)
    outcome = await write(context, subscriptions.follow, chat.id, query.unit_ids,
                          chat_type=chat.type, title=_title(chat))
    await _reply(update, _follow_html(outcome, service))


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop following the unit named after /unfollow; without a name, offer buttons."""
    service = service_of(context)
    chat_id = _chat(update).id
    following = subscriptions.followed_units(service.db, chat_id)
    text = " ".join(context.args or []).strip()
    if not following:
        await _reply(update, notices.NO_FOLLOWS)
        return
    if not text:
        await _reply(update, notices.UNFOLLOW_PICK,
                     _pick_keyboard("unfollow", following, service, with_all=True))
        return
    query = _units_named(text, service)
    named = query.candidates if query.kind == "clarify" else query.unit_ids
    followed = tuple(u for u in named if u in following)
    if query.kind == "clarify" and len(followed) > 1:
        await _reply(update, notices.UNFOLLOW_PICK,
                     _pick_keyboard("unfollow", followed, service))
        return
    if not followed:
        shown = _names(named[:1], service)[0] if named else esc(text)
        await _reply(update, notices.not_following(shown))
        return
    removed = await write(context, subscriptions.unfollow, chat_id, followed)
    await _reply(update, notices.unfollow_done(_names(removed, service)))


async def show_subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show whether this chat gets notices and which units it follows."""
    service = service_of(context)
    found = subscriptions.chat_subscription(service.db, _chat(update).id)
    if found is None:
        await _reply(update, notices.subscriptions_html(False, None, [], MAX_FOLLOWS))
        return
    await _reply(update, notices.subscriptions_html(
        found.active, found.inactive_reason, _names(found.follows, service), MAX_FOLLOWS))


# ---------------------------------------------------------------- buttons

async def subscription_button(query: CallbackQuery, callback: Callback,
                              context: ContextTypes.DEFAULT_TYPE) -> None:
    """Follow or unfollow the unit on the pressed button, or send the year's ranking."""
    service = service_of(context)
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    if callback.action == "ranking":
        year = callback.year or service.snapshot.latest_year
        answer = build_answer("", Query(kind="list", year=year), service.snapshot)
        await send_answer(message, answer, service)
        return
    chat = message.chat
    if callback.action == "follow":
        outcome = await write(context, subscriptions.follow, chat.id, callback.unit_ids,
                              chat_type=chat.type, title=_title(chat))
        html = _follow_html(outcome, service)
    else:
        removed = await write(context, subscriptions.unfollow, chat.id,
                              None if callback.extra == _ALL else callback.unit_ids)
        html = notices.unfollow_done(_names(removed, service)) if removed else notices.NO_FOLLOWS
    await edit_text(query, html)


# ---------------------------------------------------------------- group upgrades

async def chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Move the subscription of a group upgraded to a supergroup to its new id."""
    message = cast(Message, update.effective_message)
    if message.migrate_to_chat_id:
        await write(context, subscriptions.migrate_chat, message.chat.id,
                    message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await write(context, subscriptions.migrate_chat, message.migrate_from_chat_id,
                    message.chat.id)
