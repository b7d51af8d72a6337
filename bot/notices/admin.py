"""Administrators' commands (EGOV_ADMINS): /thongke (subscribers and delivery) and
/guithongbao (an announcement to every subscriber, through the same outbox as notices).
Anyone else gets a polite refusal and nothing changes."""

from __future__ import annotations

import math
from typing import cast

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.notices.drainer import wake_drainer
from bot.notices.views import MAX_ANNOUNCEMENT
from bot.telegram.admins import is_admin
from bot.telegram.db_writes import write
from bot.telegram.handlers import service_of
from bot.telegram.lengths import utf16_length
from bot.words import notices
from storage import outbox
from storage.store import queue_announcement
from storage.subscriptions import subscriber_counts

RECENT_PUBLICATIONS = 3


def _text_after_command(message: Message) -> str:
    """The message without its first word (/guithongbao or /guithongbao@bot), line breaks
    kept: an announcement may have several paragraphs."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def _reply(update: Update, html: str) -> None:
    await cast(Message, update.effective_message).reply_html(html, do_quote=False)


async def thongke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show admins the subscribers and how the latest notices were delivered."""
    if not is_admin(update.effective_user, context):
        await _reply(update, notices.ADMIN_ONLY)
        return
    db = service_of(context).db
    counts = subscriber_counts(db)
    lines = [notices.STATS_HEADING, "",
             notices.stats_subscribers(counts.active, counts.active_groups, counts.unsubscribed,
                                     counts.blocked, counts.following_chats, counts.follows),
             ""]
    recent = outbox.recent_publications(db, RECENT_PUBLICATIONS)
    if recent:
        lines.append(notices.STATS_RECENT)
        lines += [notices.stats_publication(p.kind, p.year, p.created_at, p.total, p.counts)
                  for p in recent]
    else:
        lines.append(notices.STATS_NONE)
    lines.append(notices.stats_pending(outbox.pending_count(db)))
    await _reply(update, "\n".join(lines))


async def guithongbao(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue the admin's announcement for every subscriber; the drainer sends it."""
    if not is_admin(update.effective_user, context):
        await _reply(update, notices.ADMIN_ONLY)
        return
    text = _text_after_command(cast(Message, update.effective_message))
    if not text:
        await _reply(update, notices.ANNOUNCE_EMPTY)
        return
    length = utf16_length(text)  # as Telegram counts: "😀" is 2
    if length > MAX_ANNOUNCEMENT:
        await _reply(update, notices.announce_too_long(MAX_ANNOUNCEMENT, length))
        return
    settings = cast(Settings, context.bot_data["settings"])
    count = await write(context, queue_announcement, text)
    wake_drainer(context.application)
    seconds = math.ceil(count / max(settings.max_rate or 30.0, 1.0)) + 1
    await _reply(update, notices.announce_queued(count, seconds))
