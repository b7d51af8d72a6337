"""Webhook mode: Telegram POSTs updates to us; only requests with the secret are accepted."""

from __future__ import annotations

import json
import socket

import httpx

from bot.app import build_application, post_init, post_shutdown, webhook_options
from tests.support.bot_harness import settings_for


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
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 0, "text": "so y te",
            "chat": {"id": 77, "type": "private"},
            "from": {"id": 77, "is_bot": False, "first_name": "A"}}}
        url = f"http://127.0.0.1:{options['port']}/{options['url_path']}"
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, content=json.dumps(update),
                                       headers={"Content-Type": "application/json"})
            assert forged.status_code == 403
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
