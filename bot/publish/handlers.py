"""Publishing from Telegram: an admin sends a results file, sees its faults or a preview, and
confirms or cancels with a button.

The file is validated by the same code as `egov publish` (a dry run) and only a valid file
is stored, as a pending upload in SQLite, so the buttons still work after a restart. Only
the admin who sent it can publish or cancel it; publishing also queues the notices for
subscribers (in the same transaction), which the outbox drainer then sends.
"""

from __future__ import annotations

import asyncio
import logging
from typing import cast

from sqlite_utils import Database
from telegram import Bot, CallbackQuery, Document, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.notices.drainer import wake_drainer
from bot.publish import views as upload_views
from bot.telegram.handlers import send_html, service_of
from bot.telegram.payloads import UploadDecision, is_upload_decision, parse
from bot.telegram.split import split_html
from bot.words import cards, uploads
from bot.words import files as words
from scoring.errors import DataFileError, YearExistsError
from scoring.limits import DEFAULT_LIMITS
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


def _is_admin(user: User | None, context: ContextTypes.DEFAULT_TYPE) -> bool:
    settings = cast(Settings, context.bot_data["settings"])
    return user is not None and user.id in settings.admins


async def results_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Check an admin's results file; reply with every fault, or a preview to confirm."""
    message = cast(Message, update.effective_message)
    if not _is_admin(update.effective_user, context):
        await message.reply_html(uploads.UPLOAD_NOT_ADMIN, do_quote=False)
        return
    document = cast(Document, message.document)
    filename = safe_filename(document.file_name or "")
    if not is_spreadsheet(filename):
        await message.reply_html(uploads.UPLOAD_WRONG_TYPE, do_quote=False)
        return
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.reply_html(uploads.upload_too_big(MAX_UPLOAD_MB), do_quote=False)
        return
    year = year_from(message.caption, filename)
    if year is None:
        await message.reply_html(uploads.UPLOAD_NEED_YEAR, do_quote=False)
        return
    content = bytes(await (await document.get_file()).download_as_bytearray())
    if len(content) > MAX_UPLOAD_BYTES:  # file_size is optional in the Bot API
        await message.reply_html(uploads.upload_too_big(MAX_UPLOAD_MB), do_quote=False)
        return
    db = service_of(context).db
    try:
        # the untrusted file is read in a thread: a big one never makes other users wait
        await asyncio.to_thread(validate_upload, filename, content, year,
                                registry_from_db(db), editions_from_db(db).for_year(year))
        outcome = check_upload(db, filename, content, year)  # a valid, small file by now
    except DataFileError as exc:
        await send_problems(context.bot, message.chat_id, filename, exc)
        return
    upload_id = store_upload(db, admin_id=cast(User, update.effective_user).id,
                             chat_id=message.chat_id, filename=filename, content=content,
                             year=year)
    log.info("upload %d: %s for %d stored, awaiting confirmation", upload_id, filename, year)
    await send_html(message, upload_views.preview_html(filename, outcome),
                    upload_views.decision_keyboard(upload_id, replace=outcome.replaced))


async def decide_upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Publish or cancel a previewed file, for the admin who sent it only."""
    query = cast(CallbackQuery, update.callback_query)
    decoded = parse(query.data)
    service = service_of(context)
    upload = (get_upload(service.db, decoded.upload_id)
              if isinstance(decoded, UploadDecision) else None)
    if not isinstance(decoded, UploadDecision) or upload is None:
        await query.answer(cards.BUTTON_GONE, show_alert=True)
        return
    decision = decoded.decision
    if query.from_user.id != upload.admin_id or not _is_admin(query.from_user, context):
        await query.answer(uploads.UPLOAD_NOT_YOURS, show_alert=True)
        return
    if upload.status != "pending":
        await query.answer(_already(upload.status), show_alert=True)
        return
    if decision == "cancel":
        if not cancel_upload(service.db, upload.id):
            await query.answer(_already(_status(service.db, upload.id)), show_alert=True)
            return
        await query.answer(uploads.UPLOAD_CANCELLED_SHORT)
        await _close(query)
        await context.bot.send_message(upload.chat_id, uploads.UPLOAD_CANCELLED)
        return
    try:
        outcome = publish_upload(service.db, upload, replace=decision == "replace")
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
    try:
        await query.edit_message_reply_markup(keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
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


def register(application: Application) -> None:
    """Results files in private chats, and the publish/cancel buttons of their previews.

    The button handler has a pattern and must be added before the catch-all button handler.
    """
    application.add_handler(CallbackQueryHandler(decide_upload,
                                                 pattern=is_upload_decision))
    application.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE,
                                           results_file))
