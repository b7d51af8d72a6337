"""Configuration from environment variables, with the defaults documented in the README."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.telegram.webhook_secret import is_valid_secret
from bot.words.telegram import WEBHOOK_SECRET_INVALID

TELEGRAM_API = "https://api.telegram.org/bot"


class ConfigError(ValueError):
    """An environment variable holds something the bot cannot use; it refuses to start.

    `name` is the variable, `value` the bad entry as written.
    """

    def __init__(self, name: str, value: str, reason: str):
        self.name, self.value, self.reason = name, value, reason
        super().__init__(f"{name}: «{value}» {reason}")


def parse_admins(text: str) -> frozenset[int]:
    """EGOV_ADMINS: Telegram user ids separated by commas or semicolons ("12, 34").

    Raises ConfigError naming the first entry that is not a user id: a typo must not
    silently leave an official without the right to publish.
    """
    admins = set()
    for part in text.replace(";", ",").split(","):
        entry = part.strip()
        if not entry:
            continue
        if not (entry.isascii() and entry.isdigit() and len(entry) <= 19 and int(entry)):
            raise ConfigError("EGOV_ADMINS", entry,
                              "không phải mã người dùng Telegram (một số nguyên dương)")
        admins.add(int(entry))
    return frozenset(admins)


class Settings(BaseModel):
    """Everything the bot reads from its environment, validated once at start-up."""

    # errors name the variable but never echo its value: the token and secret stay out of logs
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    token: str | None = None  # TELEGRAM_BOT_TOKEN; none → console chat
    api_base_url: str = TELEGRAM_API  # TELEGRAM_API_BASE_URL (PTB's base_url)
    admins: frozenset[int] = frozenset()  # EGOV_ADMINS: comma-separated user ids
    max_rate: float = Field(default=30.0, ge=0)  # EGOV_MAX_RATE: messages/s; 0 = no limiter
    log_level: str = "INFO"  # EGOV_LOG_LEVEL
    webhook_url: str | None = None  # EGOV_WEBHOOK_URL: set → webhook mode
    webhook_listen: str = "0.0.0.0"  # EGOV_WEBHOOK_LISTEN
    webhook_port: int = 8443  # EGOV_WEBHOOK_PORT (or PORT, as PaaS hosts set it)
    # EGOV_WEBHOOK_SECRET: 32-256 of A-Z a-z 0-9 _ -; unset → generated, kept in the database
    webhook_secret: str | None = Field(default=None, repr=False)
    flood_messages: int = 20  # EGOV_FLOOD_MESSAGES per EGOV_FLOOD_SECONDS per user
    flood_seconds: float = 10.0
    outbox_poll_seconds: float = 2.0  # EGOV_OUTBOX_POLL: how often to look for new notices
    outbox_max_attempts: int = Field(default=6, ge=1)  # EGOV_OUTBOX_ATTEMPTS before "failed"
    outbox_retry_seconds: float = Field(default=2.0, gt=0)  # EGOV_OUTBOX_RETRY: first backoff
    transport: Literal["aiohttp", "httpx"] = "aiohttp"  # EGOV_TRANSPORT: the HTTP client
    proxy: str | None = Field(default=None, pattern=r"^https?://")  # EGOV_PROXY

    @field_validator("api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return value.strip() or TELEGRAM_API

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_secret(value):
            raise ValueError(WEBHOOK_SECRET_INVALID)
        return value

    @property
    def base_file_url(self) -> str:
        """The file download base that matches `api_base_url` (…/bot → …/file/bot)."""
        base = self.api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        admins = parse_admins(get("EGOV_ADMINS") or "")
        values: dict[str, object] = {"token": get("TELEGRAM_BOT_TOKEN"), "admins": admins}
        optional = {
            "api_base_url": "TELEGRAM_API_BASE_URL", "max_rate": "EGOV_MAX_RATE",
            "log_level": "EGOV_LOG_LEVEL", "webhook_url": "EGOV_WEBHOOK_URL",
            "webhook_listen": "EGOV_WEBHOOK_LISTEN", "flood_messages": "EGOV_FLOOD_MESSAGES",
            "webhook_secret": "EGOV_WEBHOOK_SECRET",
            "flood_seconds": "EGOV_FLOOD_SECONDS", "outbox_poll_seconds": "EGOV_OUTBOX_POLL",
            "outbox_max_attempts": "EGOV_OUTBOX_ATTEMPTS",
            "outbox_retry_seconds": "EGOV_OUTBOX_RETRY", "transport": "EGOV_TRANSPORT",
            "proxy": "EGOV_PROXY",
        }
        for field, name in optional.items():
            if get(name) is not None:
                values[field] = get(name)
        port = get("EGOV_WEBHOOK_PORT") or get("PORT")
        if port:
            values["webhook_port"] = port
        return cls.model_validate(values)
