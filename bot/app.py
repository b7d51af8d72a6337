"""Build and run the Telegram application: a wiring list, nothing clever."""

from __future__ import annotations

import logging

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

from scoring.store import ensure_database

from . import handlers, texts
from .config import Settings
from .flood import FloodGuard
from .ratelimit import TelegramRateLimiter
from .service import AnswerService

log = logging.getLogger(__name__)


async def post_init(application: Application) -> None:
    """Open the database and build the name index before the first update arrives."""
    if "service" not in application.bot_data:
        application.bot_data["service"] = AnswerService(ensure_database())
    await application.bot.set_my_commands(
        [BotCommand(name, desc) for name, desc in texts.COMMANDS.items()])


async def post_shutdown(application: Application) -> None:
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
    application.add_handler(CallbackQueryHandler(handlers.button))
    # Free text: every message in a private chat; in groups only mentions and replies,
    # so the bot never answers every message of a busy group.
    text = filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE,
                                           handlers.private_text))
    application.add_handler(MessageHandler(text & filters.ChatType.GROUPS, handlers.group_text))

    application.add_error_handler(handlers.error_handler)


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    service: AnswerService | None = None,
) -> Application:
    """The application with all handlers; `request` replaces HTTP (console mode)."""
    builder = (
        ApplicationBuilder()
        .token(settings.token or "0:console")
        .base_url(settings.api_base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .concurrent_updates(True)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if settings.max_rate > 0:
        builder = builder.rate_limiter(TelegramRateLimiter(settings.max_rate))
    application = builder.build()
    application.bot_data["settings"] = settings
    application.bot_data["flood"] = FloodGuard(settings.flood_messages, settings.flood_seconds)
    if service is not None:
        application.bot_data["service"] = service
    register_handlers(application)
    return application


def run(settings: Settings) -> None:
    """Run until stopped: webhook when EGOV_WEBHOOK_URL is set, long polling otherwise."""
    application = build_application(settings)
    if settings.webhook_url:
        path = (settings.token or "").partition(":")[0] or "telegram"
        application.run_webhook(
            listen=settings.webhook_listen, port=settings.webhook_port, url_path=path,
            webhook_url=f"{settings.webhook_url.rstrip('/')}/{path}",
            secret_token=(settings.token or "x").replace(":", "_")[-64:],
            allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
