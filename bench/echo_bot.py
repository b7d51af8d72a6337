"""The framework's floor: a plain PTB echo bot with PTB's defaults (httpx, one update at a
time), for bench_bot.py to measure the same way as egov-bot.

Deliberately not configured like egov-bot: what we chose (the transport, concurrency, pool
sizes) must show up as our gain or our cost, not be given to the baseline too.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "-")


def main() -> None:
    application = (ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
                   .base_url(os.environ["TELEGRAM_API_BASE_URL"]).build())
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
