"""Telegram handlers for exports (/xuat), year-over-year changes (/thaydoi) and the
"🎯 Cần cải thiện" button. Thin: the work is in scoring.export, insight and improve."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from typing import cast

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes

from bot.answer import improve_answer
from bot.insight import year_change, year_change_html
from bot.render import known_years
from bot.telegram.callbacks import Callback
from bot.telegram.edits import edit_text
from bot.telegram.handlers import send_html, service_of
from bot.telegram.keyboards import back_keyboard
from bot.words import cards, extras
from scoring.export import FORMATS, export_bytes, export_filename
from storage.snapshot import Snapshot

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def requested_year(args: Sequence[str] | None, snapshot: Snapshot) -> int | None:
    """The year after the command ("2019", "năm 2019"), the latest when none; None if unclear."""
    text = " ".join(args or []).strip()
    if not text:
        return snapshot.latest_year
    found = _YEAR.findall(text)
    words = [w for w in re.split(r"\W+", text.lower()) if w and w not in ("năm", "nam")]
    if len(found) != 1 or len(words) != 1:
        return None
    return int(found[0])


async def _check_year(message: Message, year: int | None, snapshot: Snapshot,
                      bad_year: str) -> bool:
    """Reply politely and return False when there is nothing to show for `year`."""
    if not snapshot.years:
        await message.reply_html(extras.NO_YEARS, do_quote=False)
        return False
    if year is None:
        await message.reply_html(bad_year, do_quote=False)
        return False
    if year not in snapshot.years:
        await message.reply_html(cards.no_data_year(year, known_years(snapshot)),
                                 do_quote=False)
        return False
    return True


async def xuat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the year's full table as a CSV and an XLSX document."""
    message = cast(Message, update.effective_message)
    snapshot = service_of(context).snapshot
    year = requested_year(context.args, snapshot)
    if not await _check_year(message, year, snapshot, extras.XUAT_BAD_YEAR):
        return
    year = cast(int, year)
    for fmt in FORMATS:
        # a workbook takes tens of milliseconds to build: keep the event loop free meanwhile
        data = await asyncio.to_thread(export_bytes, snapshot, year, fmt)
        await message.reply_document(data, filename=export_filename(year, fmt),
                                     caption=extras.xuat_caption(year, fmt), do_quote=False)


async def thaydoi(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the year's biggest rises and falls, level changes and summary."""
    message = cast(Message, update.effective_message)
    snapshot = service_of(context).snapshot
    year = requested_year(context.args, snapshot)
    if not await _check_year(message, year, snapshot, extras.THAYDOI_BAD_YEAR):
        return
    await send_html(message, year_change_html(year_change(snapshot, cast(int, year)), snapshot))


async def improve_button(query: CallbackQuery, callback: Callback,
                         context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show what the unit needs to improve in place of the card the button was on."""
    snapshot = service_of(context).snapshot
    await query.answer()
    unit_id = callback.unit_ids[0]
    year = callback.year or snapshot.latest_year or 0
    answer = improve_answer("", unit_id, year, snapshot)
    await edit_text(query, answer.html, back_keyboard(unit_id, year))
