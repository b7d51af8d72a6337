"""Configuration from the environment; the token never reaches a log line."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from bot.config import TELEGRAM_API, Settings
from bot.logs import RedactTokenFilter

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_defaults_without_environment():
    settings = Settings.from_env({})
    assert (settings.token, settings.api_base_url, settings.max_rate, settings.admins) == (
        None, TELEGRAM_API, 30.0, frozenset())


def test_environment_variables_are_read():
    settings = Settings.from_env({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
        "EGOV_ADMINS": "12, 34", "EGOV_MAX_RATE": "0", "EGOV_WEBHOOK_URL": "https://x.vn/h",
    })
    assert settings.token == TOKEN
    assert settings.base_file_url == "http://127.0.0.1:9/file/bot"
    assert settings.admins == frozenset({12, 34})
    assert settings.max_rate == 0
    assert settings.webhook_url == "https://x.vn/h"


def test_negative_rate_is_refused():
    with pytest.raises(ValidationError):
        Settings.from_env({"EGOV_MAX_RATE": "-1"})


def test_token_is_redacted_from_messages_and_tracebacks():
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1,
                               "POST https://api.telegram.org/bot%s/getMe", (TOKEN,), None)
    RedactTokenFilter(TOKEN).filter(record)
    assert TOKEN not in record.getMessage()
    assert "[TOKEN]" in record.getMessage()
    try:
        raise RuntimeError(f"failed url /bot{TOKEN}/sendMessage")
    except RuntimeError:
        import sys

        error = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    RedactTokenFilter(TOKEN).filter(error)
    assert TOKEN.partition(":")[2] not in (error.exc_text or "")
