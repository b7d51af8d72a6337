"""Build and run the Telegram application: a wiring list, nothing clever."""

from __future__ import annotations

import logging
from typing import TypedDict

from sqlite_utils import Database
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.charts import handlers as chart_handlers
from bot.charts.worker import RENDERER
from bot.config import Settings
from bot.notices import handlers as subscription_handlers
from bot.notices.backups import start_backups
from bot.publish import handlers as upload_handlers
from bot.service import AnswerService
from bot.telegram import handlers, inline, other_messages
from bot.telegram import reports as extras_handlers
from bot.telegram.answer_bot import AnswerBot
from bot.telegram.db_writes import close_writer
from bot.telegram.flood import FloodGuard
from bot.telegram.ratelimit import TelegramRateLimiter
from bot.telegram.transport import make_request
from bot.telegram.webhook_secret import stored_secret, url_path
from bot.words import commands
from storage.store import ensure_database

log = logging.getLogger(__name__)

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


def register_handlers(application: Application) -> None:
    """Handlers by group: the flood guard (-1) runs first and can stop an update."""
    application.add_handler(TypeHandler(Update, handlers.flood_guard), group=-1)

    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("tra", handlers.tra))
    application.add_handler(CommandHandler("top", handlers.top))
    application.add_handler(CommandHandler("sosanh", handlers.sosanh))
    # Before the catch-all button handler: upload buttons match by pattern and would
    # otherwise be answered as stale buttons.
    upload_handlers.register(application)
    inline.register(application)
    subscription_handlers.register(application)  # also its buttons and the outbox drainer
    start_backups(application)  # daily, rotated: see storage/backup.py
    chart_handlers.register(application)  # /bieudo and the "g:" chart buttons
    extras_handlers.register(application)  # /xuat, /thaydoi and the "i:" improve buttons
    application.add_handler(CallbackQueryHandler(handlers.button))
    # Free text: every message in a private chat; in groups only mentions and replies,
    # so the bot never answers every message of a busy group.
    text = filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE,
                                           handlers.private_text))
    application.add_handler(MessageHandler(text & filters.ChatType.GROUPS, handlers.group_text))
    # Last: stickers, photos… and unknown commands in private chats get a polite line.
    other_messages.register(application)

    application.add_error_handler(handlers.error_handler)


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
