"""The webhook's secret token and URL path, which reveal neither the bot token nor its id.

Telegram sends the secret in the `X-Telegram-Bot-Api-Secret-Token` header of every update,
where a proxy or a header log can see it; so it is random, never derived from the token:
`EGOV_WEBHOOK_SECRET` when the operator sets one, otherwise generated once with `secrets`
and kept in the database's `meta` table (the same secret after a restart). The URL path is
a hash of the secret: stable, and telling nothing about the bot or the secret.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlite_utils import Database

from storage.db import write_transaction

MIN_LENGTH = 32
MAX_LENGTH = 256  # Telegram's limit for secret_token
# Telegram allows only these characters in secret_token
SECRET_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{{MIN_LENGTH},{MAX_LENGTH}}}", re.ASCII)
META_KEY = "webhook_secret"
_GENERATED_BYTES = 48  # 64 URL-safe characters


def is_valid_secret(secret: str) -> bool:
    """32–256 characters of A-Z, a-z, 0-9, _ and -."""
    return SECRET_PATTERN.fullmatch(secret) is not None


def new_secret() -> str:
    """A fresh random secret (64 characters, all within Telegram's alphabet)."""
    return secrets.token_urlsafe(_GENERATED_BYTES)


def url_path(secret: str) -> str:
    """The webhook's path: derived from the secret by a one-way hash, so it is stable and
    reveals neither the secret nor the bot."""
    return "tg-" + hashlib.sha256(f"egov-webhook-path:{secret}".encode()).hexdigest()[:32]


def stored_secret(db: Database) -> str:
    """The secret kept in `meta`, generated and stored on first use (by one process only:
    a second one racing it reads the first one's secret)."""
    with write_transaction(db):
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                   [META_KEY, new_secret()])
    row = db.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    return str(row[0])
