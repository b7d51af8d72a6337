"""Run the real bot application against the fake Bot API: in-process for most tests, as an
`egov bot` subprocess where a test must kill it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.config import Settings
from bot.telegram.app import build_application, post_init, post_shutdown

from .fake_bot_api import FakeBotApi

REPO = Path(__file__).resolve().parents[2]


class HandlerErrors(list):
    """Errors raised inside handlers; PTB would otherwise only log them."""

    async def collect(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.append(context.error)


def settings_for(server: FakeBotApi, **overrides: Any) -> Settings:
    """Settings for a bot talking to `server`, with the transport from EGOV_TRANSPORT (as
    `egov bot` reads it; the `bot_transport` fixture sets it).

    The rate limiter is on only against a server that enforces Telegram's flood limits (tests
    marked `limiter`, and the benches): elsewhere it would make every test wait about 1 s per
    message to the same chat, and pacing is not what those tests test.
    """
    values: dict[str, Any] = {
        "token": server.token, "api_base_url": server.base_url, "outbox_poll_seconds": 0.2,
        "max_rate": Settings().max_rate if server.enforce_rate_limits else 0}
    transport = os.environ.get("EGOV_TRANSPORT", "").strip()
    if transport:
        values["transport"] = transport
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def polling(application: Application) -> AsyncIterator[Application]:
    """Start `application` as run_polling would (post_init included) and stop it after."""
    await application.initialize()
    await post_init(application)  # PTB calls it only from run_polling
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await post_shutdown(application)
        await application.shutdown()


@asynccontextmanager
async def running_bot(server: FakeBotApi, **overrides: Any) -> AsyncIterator[Application]:
    """The bot polling `server`, as `egov bot` runs it, until the block ends.

    Fails the test if any handler raised (unless the test empties `app.bot_data["errors"]`).
    """
    application = build_application(settings_for(server, **overrides))
    errors = HandlerErrors()
    application.bot_data["errors"] = errors
    application.add_error_handler(errors.collect)
    async with polling(application):
        yield application
    if errors:
        raise AssertionError(f"handlers raised: {errors!r}") from errors[0]


def bot_process(server: FakeBotApi, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`egov bot` in its own process, talking to `server` (for kill and restart tests), its
    limiter on or off as in `settings_for`."""
    full_env = {**os.environ, "TELEGRAM_BOT_TOKEN": server.token,
                "TELEGRAM_API_BASE_URL": server.base_url, "EGOV_LOG_LEVEL": "WARNING",
                "EGOV_MAX_RATE": str(settings_for(server).max_rate), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "bot"], cwd=REPO, env=full_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
