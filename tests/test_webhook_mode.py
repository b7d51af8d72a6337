"""Webhook mode: Telegram POSTs updates to us; only requests with the secret are accepted.
The secret is random (EGOV_WEBHOOK_SECRET, or generated once and kept in the database) and
neither it nor the URL path reveals the bot's token or id."""

from __future__ import annotations

import json
import re
import socket

import httpx
import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.telegram.app import build_application, post_init, post_shutdown, webhook_options
from storage.store import ensure_database
from tests.support.bot_harness import settings_for

TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")  # Telegram's alphabet, at least 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_update_is_answered_and_forged_one_refused(fake_api, db_path):
    settings = settings_for(fake_api, webhook_url="https://egov.example.vn/hook",
                            webhook_listen="127.0.0.1", webhook_port=free_port())
    options = webhook_options(settings)
    application = build_application(settings)
    await application.initialize()
    await post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_webhook(**options)
    try:
        assert fake_api.webhook_url == options["webhook_url"]
        bot_id, _, token_secret = fake_api.token.partition(":")
        secret = str(options["secret_token"])
        assert TELEGRAM_SECRET.fullmatch(secret)
        assert token_secret not in secret
        assert bot_id not in secret
        assert bot_id not in str(options["url_path"])
        assert bot_id not in fake_api.webhook_url
        assert secret not in fake_api.webhook_url
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 0, "text": "so y te",
            "chat": {"id": 77, "type": "private"},
            "from": {"id": 77, "is_bot": False, "first_name": "A"}}}
        url = f"http://127.0.0.1:{options['port']}/{options['url_path']}"
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, content=json.dumps(update),
                                       headers={"Content-Type": "application/json"})
            assert forged.status_code == 403
            old_style = await client.post(url, content=json.dumps(update), headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": "".join(
                    ch for ch in fake_api.token if ch.isalnum())})
            assert old_style.status_code == 403
            ok = await client.post(url, content=json.dumps(update), headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": str(options["secret_token"])})
            assert ok.status_code == 200
        await fake_api.wait_for(lambda s: s.sent(77))
        assert "Sở Y tế" in fake_api.sent(77)[0].text
        assert len(fake_api.sent(77)) == 1
    finally:
        await application.updater.stop()
        await application.stop()
        await post_shutdown(application)
        await application.shutdown()


def webhook_settings(**overrides) -> Settings:
    return Settings(token="123456:SECRETPART", webhook_url="https://egov.example.vn/",
                    **overrides)


def test_generated_secret_is_kept_in_the_database_and_stable(db_path, tmp_path, data_dir):
    first = webhook_options(webhook_settings())
    again = webhook_options(webhook_settings())
    assert first["secret_token"] == again["secret_token"]
    assert first["url_path"] == again["url_path"]
    other = ensure_database(tmp_path / "other.db", data_dir)
    try:
        elsewhere = webhook_options(webhook_settings(), other)
    finally:
        other.close()
    assert elsewhere["secret_token"] != first["secret_token"]  # random, not from the token
    assert elsewhere["url_path"] != first["url_path"]
    for options in (first, elsewhere):
        assert TELEGRAM_SECRET.fullmatch(str(options["secret_token"]))
        assert "123456" not in str(options["webhook_url"])
        assert "SECRETPART" not in str(options["secret_token"])


def test_egov_webhook_secret_is_used_and_not_put_in_the_path(db_path):
    secret = "s3cr3t_-" * 5
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123456:SECRETPART",
                                  "EGOV_WEBHOOK_URL": "https://egov.example.vn/",
                                  "EGOV_WEBHOOK_SECRET": secret})
    options = webhook_options(settings)
    assert options["secret_token"] == secret
    assert secret not in str(options["webhook_url"])
    assert "123456" not in str(options["webhook_url"])


@pytest.mark.parametrize("secret", [
    "x" * 31,  # too short
    "x" * 257,  # over Telegram's 256
    "a" * 31 + ":",  # ":" as in a bot token
    "a" * 31 + "é",  # not ASCII
    "a" * 20 + " " + "a" * 20,  # a space inside
])
def test_invalid_egov_webhook_secret_is_refused_with_a_clear_message(secret):
    with pytest.raises(ValidationError, match="EGOV_WEBHOOK_SECRET") as raised:
        Settings.from_env({"EGOV_WEBHOOK_SECRET": secret})
    message = str(raised.value)
    assert "32" in message
    assert "256" in message
    assert "A-Z" in message
    assert secret not in message  # the (mistyped) secret never reaches a log
