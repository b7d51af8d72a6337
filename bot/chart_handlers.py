"""/bieudo and the chart buttons: a chart sent as a photo, drawn off the event loop.

Charts are drawn in the chart process (`chart_worker`), so matplotlib is never imported by
the bot and the event loop keeps answering other questions while a chart is drawn. Drawn
charts are kept in a `ChartCache`; a chart already being drawn is awaited, not drawn twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Hashable
from typing import cast

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from scoring.models import Group
from storage.snapshot import Snapshot

from . import texts
from .callbacks import Callback, decode, encode
from .chart_cache import ChartCache
from .chart_data import (
    KIND_CODES,
    ChartKind,
    ChartRequest,
    ChartSpec,
    ChartUnavailable,
    cache_key,
    chart_spec,
    request_for_query,
    resolve,
)
from .chart_worker import RENDERER
from .handlers import service_of
from .query import understand
from .render import esc

log = logging.getLogger(__name__)

CACHE = "chart_cache"
DRAWING = "charts_being_drawn"
_KINDS = {code: kind for kind, code in KIND_CODES.items()}
_SWITCHABLE: tuple[ChartKind, ...] = ("history", "profile", "group")


def register(application: Application) -> None:
    """Add /bieudo and the chart buttons (before the generic button handler)."""
    application.add_handler(CommandHandler("bieudo", bieudo))
    application.add_handler(CallbackQueryHandler(chart_button, pattern=r"^g:"))


# ---------------------------------------------------------------- button payloads

def chart_callback(request: ChartRequest) -> Callback:
    """`g:so-y-te:2019:p`; a group's chart without a unit is `g::2019:g-huyen`."""
    extra = KIND_CODES[request.kind]
    if request.group is not None and not request.unit_ids:
        extra += f"-{request.group}"
    return Callback("chart", request.unit_ids, request.year or 0, extra)


def request_from_callback(callback: Callback) -> ChartRequest | None:
    """The chart a button asks for; None for a payload this bot did not make."""
    code, _, group = callback.extra.partition("-")
    kind = _KINDS.get(code or KIND_CODES["history"])
    if kind is None or (group and group not in {g.value for g in Group}):
        return None
    return ChartRequest(kind, callback.unit_ids, callback.year or None,
                        Group(group) if group else None)


def chart_keyboard(request: ChartRequest, snapshot: Snapshot) -> InlineKeyboardMarkup | None:
    """Buttons to the unit's other charts of the same year (those that can be drawn)."""
    if len(request.unit_ids) != 1:
        return None
    buttons = []
    for kind in _SWITCHABLE:
        if kind == request.kind:
            continue
        other = ChartRequest(kind, request.unit_ids, request.year)
        try:
            chart_spec(other, snapshot)
        except ChartUnavailable:
            continue
        buttons.append(InlineKeyboardButton(texts.CHART_BUTTONS[kind],
                                            callback_data=encode(chart_callback(other))))
    return InlineKeyboardMarkup([buttons]) if buttons else None


# ---------------------------------------------------------------- rendering

def chart_cache(context: ContextTypes.DEFAULT_TYPE) -> ChartCache:
    return cast(ChartCache, context.bot_data.setdefault(CACHE, ChartCache()))


async def _draw(cache: ChartCache, key: tuple[Hashable, ...], spec: ChartSpec) -> bytes:
    png = await RENDERER.render(spec)
    cache.put(key, png)
    return png


async def chart_png(context: ContextTypes.DEFAULT_TYPE, chat_id: int, request: ChartRequest,
                    spec: ChartSpec, snapshot: Snapshot) -> bytes:
    """The chart from the cache, or drawn in the chart process while the chat shows
    "sending a photo…"."""
    cache = chart_cache(context)
    key = cache_key(request, snapshot)
    png = cache.get(key)
    if png is not None:
        return png
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    drawing = cast(dict, context.bot_data.setdefault(DRAWING, {}))
    task = drawing.get(key)
    if task is None:
        task = drawing[key] = asyncio.ensure_future(_draw(cache, key, spec))
        task.add_done_callback(lambda _: drawing.pop(key, None))
    # shield: one impatient waiter must not cancel the drawing others wait for too
    return await asyncio.shield(task)


async def send_chart(message: Message, context: ContextTypes.DEFAULT_TYPE,
                     request: ChartRequest) -> None:
    """Reply with the chart as a photo, or with why it cannot be drawn."""
    snapshot = service_of(context).snapshot
    try:
        request = resolve(request, snapshot)
        spec = chart_spec(request, snapshot)
    except ChartUnavailable as exc:
        await message.reply_html(esc(exc.message), do_quote=False)
        return
    await reply_photo(message, context, request, spec, snapshot)


async def reply_photo(message: Message, context: ContextTypes.DEFAULT_TYPE,
                      request: ChartRequest, spec: ChartSpec, snapshot: Snapshot) -> None:
    png = await chart_png(context, message.chat_id, request, spec, snapshot)
    await message.reply_photo(png, caption=f"<b>{esc(spec.title)}</b>",
                              reply_markup=chart_keyboard(request, snapshot), do_quote=False)


# ---------------------------------------------------------------- handlers

async def bieudo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the chart named after /bieudo: a unit's rank history, a group, a comparison."""
    message = cast(Message, update.effective_message)
    text = " ".join(context.args or []).strip()
    if not text:
        await message.reply_html(texts.BIEUDO_EMPTY, do_quote=False)
        return
    service = service_of(context)
    query = understand(text, service.index)
    request = request_for_query(query)
    if request is not None:
        await send_chart(message, context, request)
    elif query.kind == "clarify":
        rows = [[InlineKeyboardButton(
            service.snapshot.registry.get(unit_id).name,
            callback_data=encode(chart_callback(ChartRequest("history", (unit_id,),
                                                             query.year))))]
            for unit_id in query.candidates]
        await message.reply_html(texts.CHART_CLARIFY, reply_markup=InlineKeyboardMarkup(rows),
                                 do_quote=False)
    elif query.kind == "list":
        await message.reply_html(texts.CHART_PICK_GROUP, do_quote=False)
    else:
        await message.reply_html(texts.chart_unknown_unit(esc(text[:100])), do_quote=False)


async def chart_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the chart a "📈 Biểu đồ" (or chart-switching) button asks for as a new photo."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data or "")
    request = request_from_callback(callback) if callback is not None else None
    snapshot = service_of(context).snapshot
    message = query.message if isinstance(query.message, Message) else None
    if (request is None or message is None
            or any(u not in snapshot.registry for u in request.unit_ids)):
        await query.answer(texts.BUTTON_GONE, show_alert=True)
        return
    try:
        request = resolve(request, snapshot)
        spec = chart_spec(request, snapshot)
    except ChartUnavailable as exc:
        await query.answer(exc.message[:200], show_alert=True)
        return
    await query.answer()
    await reply_photo(message, context, request, spec, snapshot)
