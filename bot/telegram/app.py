"""Build and run the Telegram application: a wiring list, nothing clever."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypedDict

from sqlite_utils import Database
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.charts import handlers as chart_handlers
from bot.charts.worker import RENDERER
from bot.config import Settings
from bot.notices import admin
from bot.notices import handlers as notice_handlers
from bot.notices.backups import start_backups
from bot.notices.drainer import start_drainer
from bot.publish import handlers as publish_handlers
from bot.service import AnswerService
from bot.telegram import handlers, inline, other_messages, reports, router
from bot.telegram.answer_bot import AnswerBot
from bot.telegram.db_writes import close_writer
from bot.telegram.flood import FloodGuard
from bot.telegram.ratelimit import TelegramRateLimiter
from bot.telegram.transport import make_request
from bot.telegram.webhook_secret import stored_secret, url_path
from bot.words import commands
from storage.store import ensure_database

log = logging.getLogger(__name__)

HandlerCallback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]

# Updates handled at once: enough that one chat waiting for its per-chat send slot does not
# hold up everyone else, few enough that httpx's connection pool stays efficient.
CONCURRENT_UPDATES = 16
# httpx scans its whole pool on every request: keep it sized to what can be in flight
# (the updates above plus notices and chart uploads), and let a request queue for a free
# connection under a burst rather than fail after PTB's default 1 s.
CONNECTION_POOL = 32
POOL_TIMEOUT_S = 30.0


async def post_init(application: Application) -> None:
    """Open the database and build the name index before the first update arrives."""
    if "service" not in application.bot_data:
        application.bot_data["service"] = AnswerService(ensure_database())
    await application.bot.set_my_commands(
        [BotCommand(name, desc) for name, desc in commands.COMMANDS.items()])


async def post_shutdown(application: Application) -> None:
    """Stop the chart process and close the database."""
    RENDERER.close()
    close_writer(application)
    service = application.bot_data.pop("service", None)
    if service is not None:
        service.db.close()


# Commands → their handlers; names and descriptions live in bot/words/commands.py.
COMMAND_HANDLERS: dict[str, HandlerCallback] = {
    "start": handlers.start, "help": handlers.help_command, "tra": handlers.tra,
    "top": handlers.top, "sosanh": handlers.sosanh,
    "xuat": reports.xuat, "thaydoi": reports.thaydoi, "bieudo": chart_handlers.bieudo,
    "subscribe": notice_handlers.subscribe, "dangky": notice_handlers.subscribe,
    "unsubscribe": notice_handlers.unsubscribe, "huydangky": notice_handlers.unsubscribe,
    "follow": notice_handlers.follow, "theodoi": notice_handlers.follow,
    "unfollow": notice_handlers.unfollow,
    "subscriptions": notice_handlers.show_subscriptions,
    "thongke": admin.thongke, "guithongbao": admin.guithongbao,
}


def handler_list() -> list[tuple[int, BaseHandler]]:
    """Every handler of the bot, as (group, handler), in the order PTB tries them.

    The order, explained once: PTB gives an update to the first matching handler of each
    group, groups in ascending order.
    - Group -1, the flood guard, sees every update first and can stop it.
    - Group 0: commands; then the one button router (every button press, decoded once);
      inline queries; group upgrades; documents (an admin's results, edition and units files)
      before text, so a file's caption is not taken for a question; free text (every message
      in a private chat, in groups only mentions and replies, never every message of a busy
      group); last, stickers, photos and the like in private chats get a polite line.
    - Group 1: "unknown command", so that a command handled in group 0 is never called
      unknown.
    """
    text = filters.TEXT & ~filters.COMMAND
    private = filters.ChatType.PRIVATE
    return [
        (-1, TypeHandler(Update, handlers.flood_guard)),
        *((0, CommandHandler(name, callback)) for name, callback in COMMAND_HANDLERS.items()),
        (0, CallbackQueryHandler(router.route)),
        (0, InlineQueryHandler(inline.inline_query)),
        (0, MessageHandler(filters.StatusUpdate.MIGRATE, notice_handlers.chat_migrated)),
        (0, MessageHandler(filters.Document.ALL & private, publish_handlers.results_file)),
        (0, MessageHandler(text & private, handlers.private_text)),
        (0, MessageHandler(text & filters.ChatType.GROUPS, handlers.group_text)),
        (0, MessageHandler(private & filters.UpdateType.MESSAGE & other_messages.MEDIA,
                           other_messages.other_message)),
        (1, MessageHandler(private & filters.UpdateType.MESSAGE & filters.COMMAND,
                           other_messages.unknown_command)),
    ]


def register_handlers(application: Application) -> None:
    """Add `handler_list()` and the error handler; start the notices and backup jobs."""
    for group, handler in handler_list():
        application.add_handler(handler, group=group)
    application.add_error_handler(handlers.error_handler)
    start_drainer(application)  # the outbox drainer (notices), on the JobQueue
    start_backups(application)  # daily, rotated: see storage/backup.py


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    service: AnswerService | None = None,
) -> Application:
    """The application with all handlers; `request` replaces HTTP (console mode)."""
    defaults = Defaults(parse_mode=ParseMode.HTML,
                        link_preview_options=LinkPreviewOptions(is_disabled=True))
    limiter = TelegramRateLimiter(settings.max_rate) if settings.max_rate > 0 else None
    bot = AnswerBot(
        settings.token or "0:console",
        base_url=settings.api_base_url,
        base_file_url=settings.base_file_url,
        request=request or make_request(settings.transport, proxy=settings.proxy,
                                        connection_pool_size=CONNECTION_POOL,
                                        pool_timeout=POOL_TIMEOUT_S),
        get_updates_request=request or make_request(settings.transport, proxy=settings.proxy,
                                                    connection_pool_size=1),
        defaults=defaults,
        rate_limiter=limiter,
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .concurrent_updates(CONCURRENT_UPDATES)
    )
    application = builder.build()
    application.bot_data["settings"] = settings
    application.bot_data["flood"] = FloodGuard(settings.flood_messages, settings.flood_seconds)
    if service is not None:
        application.bot_data["service"] = service
    register_handlers(application)
    return application


class WebhookOptions(TypedDict):
    """The keyword arguments of PTB's `run_webhook`/`start_webhook` that we set."""

    listen: str
    port: int
    url_path: str
    webhook_url: str
    secret_token: str


def webhook_options(settings: Settings, db: Database | None = None) -> WebhookOptions:
    """Where the webhook server listens and what Telegram is told: a random secret token
    (EGOV_WEBHOOK_SECRET, or the one kept in the database, `db` or EGOV_DB) and a path
    hashed from it, so only Telegram's calls are accepted and neither reveals the bot."""
    if not settings.webhook_url:
        raise ValueError("webhook_options needs EGOV_WEBHOOK_URL")
    secret = settings.webhook_secret
    if secret is None:
        own = db is None
        db = ensure_database() if db is None else db
        try:
            secret = stored_secret(db)
        finally:
            if own:
                db.close()
    path = url_path(secret)
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": path,
        "webhook_url": f"{settings.webhook_url.rstrip('/')}/{path}",
        "secret_token": secret,
    }


def run(settings: Settings, *, service: AnswerService | None = None) -> None:
    """Run until stopped: webhook when EGOV_WEBHOOK_URL is set, long polling otherwise."""
    application = build_application(settings, service=service)
    if settings.webhook_url:
        application.run_webhook(**webhook_options(settings), allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
