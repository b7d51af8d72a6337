"""Publishing from Telegram: an admin sends a results file, sees its faults or a preview, and
confirms or cancels with a button.

The file is validated by the same code as `egov publish` (a dry run) and only a valid file
is stored, as a pending upload in SQLite, so the buttons still work after a restart. Only
the admin who sent it can publish or cancel it; publishing also queues the notices for
subscribers (in the same transaction), which the outbox drainer then sends.

An edition (.toml) or units file (.csv with `id,group,name,…`) sent before the results is
checked at once and kept, pending, for the admin's next results file: that file is then
checked, previewed and published together with them, as `egov publish --edition --units`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import cast

from sqlite_utils import Database
from telegram import Bot, CallbackQuery, Document, InlineKeyboardMarkup, Message, Update, User
from telegram.ext import (
    ContextTypes,
)

from bot.notices.drainer import wake_drainer
from bot.publish import views as upload_views
from bot.telegram.admins import is_admin
from bot.telegram.db_writes import write
from bot.telegram.edits import edit_buttons
from bot.telegram.handlers import send_html, service_of
from bot.telegram.payloads import UploadDecision
from bot.telegram.split import split_html
from bot.words import cards, uploads
from bot.words import companions as companion_words
from bot.words import files as words
from scoring.errors import DataFileError, FileLimitError, YearExistsError
from scoring.limits import DEFAULT_LIMITS
from storage.companions import (
    EDITION_SUFFIX,
    CompanionKind,
    check_companion,
    companion_kind,
    keep_companion,
    pending_companions,
)
from storage.snapshot import editions_from_db, registry_from_db
from storage.uploads import (
    Upload,
    UploadDecided,
    cancel_upload,
    check_upload,
    get_upload,
    is_spreadsheet,
    publish_upload,
    safe_filename,
    store_upload,
    validate_upload,
    year_from,
)

log = logging.getLogger(__name__)

MAX_UPLOAD_MB = int(DEFAULT_LIMITS.max_mb)  # refused before downloading
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024


async def results_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Check an admin's file; keep an edition or units file for the results file, or reply
    to a results file with every fault, or a preview to confirm."""
    message = cast(Message, update.effective_message)
    if not is_admin(update.effective_user, context):
        await message.reply_html(uploads.UPLOAD_NOT_ADMIN, do_quote=False)
        return
    document = cast(Document, message.document)
    filename = safe_filename(document.file_name or "")
    if not (is_spreadsheet(filename) or filename.lower().endswith(EDITION_SUFFIX)):
        await message.reply_html(companion_words.WRONG_TYPE, do_quote=False)
        return
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.reply_html(uploads.upload_too_big(MAX_UPLOAD_MB), do_quote=False)
        return
    content = bytes(await (await document.get_file()).download_as_bytearray())
    if len(content) > MAX_UPLOAD_BYTES:  # file_size is optional in the Bot API
        await message.reply_html(uploads.upload_too_big(MAX_UPLOAD_MB), do_quote=False)
        return
    kind = companion_kind(filename, content)
    if kind is not None:
        await _companion_file(message, context, kind, filename, content)
        return
    year = year_from(message.caption, filename)
    if year is None:
        await message.reply_html(uploads.UPLOAD_NEED_YEAR, do_quote=False)
        return
    db = service_of(context).db
    admin_id = cast(User, update.effective_user).id
    companions = pending_companions(db, admin_id)
    try:
        # the untrusted file is read in a thread: a big one never makes other users wait
        await asyncio.to_thread(validate_upload, filename, content, year,
                                registry_from_db(db), editions_from_db(db).for_year(year),
                                companions)
    except FileLimitError as exc:
        await send_problems(context.bot, message.chat_id, filename, exc)
        return
    except DataFileError as exc:
        if not companions:
            await send_problems(context.bot, message.chat_id, filename, exc)
            return
        # read within the limits: the full check below names the other files' faults too
    try:
        # a small, valid file by now; the dry run takes the write lock, so it runs in the
        # writer thread: another process publishing never freezes the bot
        outcome = await write(context, check_upload, filename, content, year, companions)
    except DataFileError as exc:  # the pending edition and units files stay pending
        await send_problems(context.bot, message.chat_id, filename, exc)
        return
    upload_id = await write(context, store_upload, admin_id=admin_id,
                            chat_id=message.chat_id, filename=filename, content=content,
                            year=year, companions=companions)
    log.info("upload %d: %s for %d (with %d companion files) stored, awaiting confirmation",
             upload_id, filename, year, len(companions))
    await send_html(message, upload_views.preview_html(
                        filename, outcome, [c.filename for c in companions]),
                    upload_views.decision_keyboard(upload_id, replace=outcome.replaced))


async def _companion_file(message: Message, context: ContextTypes.DEFAULT_TYPE,
                          kind: CompanionKind, filename: str, content: bytes) -> None:
    """Check an edition or units file at once; keep it for the next results file."""
    db = service_of(context).db
    known = [u.id for u in registry_from_db(db)]
    try:
        check = await asyncio.to_thread(check_companion, kind, filename, content, known)
    except DataFileError as exc:
        await send_problems(context.bot, message.chat_id, filename, exc)
        return
    admin_id = cast(User, message.from_user).id
    replaced = any(c.kind == kind for c in pending_companions(db, admin_id))
    await write(context, keep_companion, admin_id=admin_id, kind=kind, filename=filename,
                content=content)
    log.info("%s file %s kept for admin %d's next results file", kind, filename, admin_id)
    if check.edition is not None:
        reply = companion_words.edition_kept(filename, check.edition, replaced)
    else:
        known_ids = set(known)
        new = sum(u.id not in known_ids for u in check.units)
        reply = companion_words.units_kept(filename, new, len(check.units) - new, replaced)
    await message.reply_html(reply, do_quote=False)


async def decide_upload(query: CallbackQuery, decoded: UploadDecision,
                        context: ContextTypes.DEFAULT_TYPE) -> None:
    """Publish or cancel a previewed file, for the admin who sent it only."""
    service = service_of(context)
    upload = get_upload(service.db, decoded.upload_id)
    if upload is None:
        await query.answer(cards.BUTTON_GONE, show_alert=True)
        return
    decision = decoded.decision
    if query.from_user.id != upload.admin_id or not is_admin(query.from_user, context):
        await query.answer(uploads.UPLOAD_NOT_YOURS, show_alert=True)
        return
    if upload.status != "pending":
        await query.answer(_already(upload.status), show_alert=True)
        return
    if decision == "cancel":
        if not await write(context, cancel_upload, upload.id):
            await query.answer(_already(_status(service.db, upload.id)), show_alert=True)
            return
        await query.answer(uploads.UPLOAD_CANCELLED_SHORT)
        await _close(query)
        await context.bot.send_message(upload.chat_id, uploads.UPLOAD_CANCELLED)
        return
    try:
        outcome = await write(context, publish_upload, upload, replace=decision == "replace")
    except UploadDecided:
        await query.answer(_already(_status(service.db, upload.id)), show_alert=True)
        return
    except YearExistsError:
        await query.answer(uploads.upload_year_exists(upload.year), show_alert=True)
        await _offer_replace(query, upload, context)
        return
    except DataFileError as exc:  # the stored units changed since the preview
        await query.answer()
        await send_problems(context.bot, upload.chat_id, upload.filename, exc)
        return
    # PRAGMA data_version does not change for the connection that wrote
    service.refresh(force=True)
    wake_drainer(context.application)  # the notices were queued in the publish transaction
    log.info("upload %d published as %d; %d notices queued", upload.id, outcome.year,
             outcome.notices)
    await query.answer(uploads.UPLOAD_PUBLISHED_SHORT)
    await _close(query)
    await context.bot.send_message(upload.chat_id, uploads.upload_published(
        outcome.year, len(outcome.results), outcome.notices, replaced=outcome.replaced))


async def send_problems(bot: Bot, chat_id: int, filename: str, error: DataFileError) -> None:
    """The first faults as a message; past those, the full list as an attached text file."""
    for part in split_html(upload_views.problems_html(filename, error)):
        await bot.send_message(chat_id, part)
    attachment = upload_views.problems_file(filename, error)
    if attachment is not None:
        name, data = attachment
        await bot.send_document(chat_id, data, filename=name,
                                caption=words.problems_caption(len(error.problems)))


def _already(status: str) -> str:
    return (uploads.UPLOAD_ALREADY_PUBLISHED if status == "published"
            else uploads.UPLOAD_ALREADY_CANCELLED)


def _status(db: Database, upload_id: int) -> str:
    upload = get_upload(db, upload_id)
    return "cancelled" if upload is None else upload.status


async def _set_buttons(query: CallbackQuery, keyboard: InlineKeyboardMarkup | None) -> bool:
    """Change the preview's buttons; False if the message is too old for the bot to edit."""
    if not isinstance(query.message, Message):
        return False
    await edit_buttons(query, keyboard)
    return True


async def _close(query: CallbackQuery) -> None:
    """Take the buttons off the preview so it cannot be pressed again."""
    await _set_buttons(query, None)  # on an old preview a press now answers "already…"


async def _offer_replace(query: CallbackQuery, upload: Upload,
                         context: ContextTypes.DEFAULT_TYPE) -> None:
    """Swap "Công bố" for "Thay thế" (in a new message if the preview can't be edited)."""
    keyboard = upload_views.decision_keyboard(upload.id, replace=True)
    if not await _set_buttons(query, keyboard):
        await context.bot.send_message(upload.chat_id, uploads.upload_year_exists(upload.year),
                                       reply_markup=keyboard)
