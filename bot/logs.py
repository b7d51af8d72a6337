"""Logging set-up: the token never reaches a log line (httpx logs every URL, token included)."""

from __future__ import annotations

import logging


class RedactTokenFilter(logging.Filter):
    """Replace the bot token (and its numeric-id-free secret part) in every record."""

    def __init__(self, token: str | None):
        super().__init__()
        self._secrets = [s for s in {token, (token or "").partition(":")[2]} if s and len(s) > 8]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in self._secrets:
            redacted = redacted.replace(secret, "[TOKEN]")
        if redacted != message or record.exc_info:
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                for secret in self._secrets:
                    record.exc_text = record.exc_text.replace(secret, "[TOKEN]")
            record.msg, record.args = redacted, None
        return True


def setup_logging(level: str, token: str | None) -> None:
    """Root logging at `level`, httpx quieted to WARNING, the token redacted everywhere."""
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line per job run
    redactor = RedactTokenFilter(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
