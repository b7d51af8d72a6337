"""/bieudo and the chart buttons: a chart sent as a photo, drawn off the event loop.

Charts are drawn in the chart process (`chart_worker`), so matplotlib is never imported by
the bot and the event loop keeps answering other questions while a chart is drawn. Drawn
charts are kept in a `ChartCache`; a chart already being drawn is awaited, not drawn twice.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Hashable
from typing import cast

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from bot.charts.cache import ChartCache
from bot.charts.data import (
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
from bot.charts.worker import RENDERER
from bot.query import understand
from bot.render import esc
from bot.telegram.callbacks import Callback, encode
from bot.telegram.handlers import service_of
from bot.telegram.lengths import CALLBACK_ANSWER_LIMIT, CAPTION_LIMIT, shorten
from bot.words import cards, charting
from scoring.edition import Edition
from storage.snapshot import Snapshot

log = logging.getLogger(__name__)

CACHE = "chart_cache"
DRAWING = "charts_being_drawn"
_KINDS = {code: kind for kind, code in KIND_CODES.items()}
_SWITCHABLE: tuple[ChartKind, ...] = ("history", "profile", "group")
_GROUP_KEY = re.compile(r"^[a-z0-9_]+$")  # an edition's group key; which ones exist is per year


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
    if kind is None or (group and not _GROUP_KEY.match(group)):
        return None
    return ChartRequest(kind, callback.unit_ids, callback.year or None, group or None)


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
        buttons.append(InlineKeyboardButton(charting.CHART_BUTTONS[kind],
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
    await message.reply_photo(png, caption=f"<b>{esc(shorten(spec.title, CAPTION_LIMIT))}</b>",
                              reply_markup=chart_keyboard(request, snapshot), do_quote=False)


# ---------------------------------------------------------------- handlers

def _latest_edition(snapshot: Snapshot) -> Edition:
    """The edition whose group words a hint should use: that of the newest year shown."""
    return snapshot.edition(snapshot.latest_year or snapshot.editions.first_year or 0)


async def bieudo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the chart named after /bieudo: a unit's rank history, a group, a comparison."""
    message = cast(Message, update.effective_message)
    text = " ".join(context.args or []).strip()
    if not text:
        service = service_of(context)
        await message.reply_html(charting.bieudo_empty(_latest_edition(service.snapshot)),
                                 do_quote=False)
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
        await message.reply_html(charting.CHART_CLARIFY, reply_markup=InlineKeyboardMarkup(rows),
                                 do_quote=False)
    elif query.kind == "list":
        await message.reply_html(charting.chart_pick_group(_latest_edition(service.snapshot)),
                                 do_quote=False)
    else:
        await message.reply_html(
            charting.chart_unknown_unit(esc(text[:100]), _latest_edition(service.snapshot)),
            do_quote=False)


async def chart_button(query: CallbackQuery, callback: Callback,
                       context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the chart a "📈 Biểu đồ" (or chart-switching) button asks for as a new photo."""
    request = request_from_callback(callback)
    snapshot = service_of(context).snapshot
    message = query.message if isinstance(query.message, Message) else None
    if (request is None or message is None
            or (request.group is not None
                and all(e.group(request.group) is None for e in snapshot.editions))):
        await query.answer(cards.BUTTON_GONE, show_alert=True)
        return
    try:
        request = resolve(request, snapshot)
        spec = chart_spec(request, snapshot)
    except ChartUnavailable as exc:
        await query.answer(shorten(exc.message, CALLBACK_ANSWER_LIMIT), show_alert=True)
        return
    await query.answer()
    await reply_photo(message, context, request, spec, snapshot)
