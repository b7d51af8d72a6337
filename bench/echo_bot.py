"""The framework's floor: a minimal PTB echo bot, configured like egov-bot (HTML defaults,
concurrent updates, long polling), for bench_bot.py to measure the same way."""

from __future__ import annotations

import html
import os

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults, MessageHandler, filters

# The same as bot.app's settings (not imported: the floor must not load egov-bot).
CONCURRENT_UPDATES = 16
CONNECTION_POOL = 32
POOL_TIMEOUT_S = 30.0


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back (escaped: the parse mode is HTML, as in egov-bot)."""
    assert update.effective_message is not None
    text = html.escape(update.effective_message.text or "-")
    await update.effective_message.reply_text(text, do_quote=False)


def main() -> None:
    base = os.environ["TELEGRAM_API_BASE_URL"]
    application = (
        ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"]).base_url(base)
        .defaults(Defaults(parse_mode=ParseMode.HTML)).concurrent_updates(CONCURRENT_UPDATES)
        .connection_pool_size(CONNECTION_POOL).pool_timeout(POOL_TIMEOUT_S).build())
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
