"""The one button router: every press is decoded once, checked against the data once, and
handed to the family that owns its action.

Telegram hands the bot whatever callback data a client sends, and a press must be answered
exactly once. So there is one `CallbackQueryHandler`, this one: a payload the strict parser
does not accept, or one naming a unit or year that is not in the data (any more), is
answered "this button is old" here, and every family's button function receives a payload
it can trust.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

from telegram import CallbackQuery, Update
from telegram.ext import ContextTypes

from bot.charts.handlers import chart_button
from bot.notices.handlers import subscription_button
from bot.publish.handlers import decide_upload
from bot.telegram.callbacks import Action, Callback
from bot.telegram.handlers import service_of, show_view
from bot.telegram.payloads import UploadDecision, parse
from bot.telegram.reports import improve_button
from bot.words import cards
from storage.snapshot import Snapshot

ButtonAction = Callable[[CallbackQuery, Callback, ContextTypes.DEFAULT_TYPE], Awaitable[None]]

ROUTES: dict[Action, ButtonAction] = {
    "unit": show_view, "detail": show_view, "history": show_view,
    "compare_pick": show_view, "compare": show_view, "page": show_view, "ask": show_view,
    "chart": chart_button,
    "follow": subscription_button, "unfollow": subscription_button,
    "ranking": subscription_button,
    "improve": improve_button,
}


def _current(callback: Callback, snapshot: Snapshot) -> bool:
    """Its units are registered and its year (0 = the latest) is published."""
    return (all(u in snapshot.registry for u in callback.unit_ids)
            and (not callback.year or callback.year in snapshot.years))


async def route(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press: decode it once and send it to the family that owns it."""
    query = cast(CallbackQuery, update.callback_query)  # this handler only sees presses
    payload = parse(query.data)
    if isinstance(payload, UploadDecision):  # checked against the uploads table there
        await decide_upload(query, payload, context)
        return
    action = ROUTES.get(payload.action) if isinstance(payload, Callback) else None
    if (action is None or not isinstance(payload, Callback)
            or not _current(payload, service_of(context).snapshot)):
        await query.answer(cards.BUTTON_GONE, show_alert=True)
        return
    await action(query, payload, context)
