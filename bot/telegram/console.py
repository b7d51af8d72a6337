"""Console chat: the very same application and handlers, with Telegram replaced by the
terminal. What the bot would send is printed, buttons numbered; type a number to press one."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from typing import Any, TextIO

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.config import Settings
from bot.render import plain_text

CHAT_ID = 1
USER = {"id": CHAT_ID, "is_bot": False, "first_name": "Cán bộ", "language_code": "vi"}
BOT_USER = {"id": 0, "is_bot": True, "first_name": "egov", "username": "egov_console_bot",
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": True}


class ConsoleRequest(BaseRequest):
    """A Bot API that prints: sendMessage and friends go to `out` and answer like Telegram."""

    def __init__(self, out: TextIO):
        self.out = out
        self._ids = itertools.count(1)
        self.messages: dict[int, dict[str, Any]] = {}
        self.buttons: list[tuple[int, str]] = []  # (message_id, callback_data) by number

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        result = self._call(name, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _call(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "editMessageText"):
            return self._show(params, edited=name == "editMessageText")
        if name in ("sendPhoto", "sendDocument"):
            kind = "ảnh" if name == "sendPhoto" else "tệp"
            self.out.write(f"[{kind} đính kèm] {plain_text(str(params.get('caption', '')))}\n")
            return self._message(params, text=None)
        return True  # answerCallbackQuery, setMyCommands, sendChatAction, …

    def _message(self, params: dict[str, Any], text: str | None) -> dict[str, Any]:
        message_id = int(params.get("message_id") or next(self._ids))
        message = {"message_id": message_id, "date": int(time.time()),
                   "chat": {"id": int(params.get("chat_id") or CHAT_ID), "type": "private"},
                   "from": BOT_USER}
        if text is not None:
            message["text"] = text
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if markup:
            message["reply_markup"] = markup
        self.messages[message_id] = message
        return message

    def _show(self, params: dict[str, Any], *, edited: bool) -> dict[str, Any]:
        text = plain_text(str(params.get("text", "")))
        message = self._message(params, text)
        self.out.write(("(sửa tin nhắn)\n" if edited else "") + text + "\n")
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        if rows:
            self.buttons = []
            for row in rows:
                labels = []
                for button in row:
                    self.buttons.append((message["message_id"], button["callback_data"]))
                    labels.append(f"[{len(self.buttons)}] {button['text']}")
                self.out.write("   ".join(labels) + "\n")
        self.out.write("\n")
        self.out.flush()
        return message


def _update(update_id: int, text: str, request: ConsoleRequest) -> dict[str, Any]:
    """A typed line as a Telegram update: a button press if it is a shown button's number."""
    if text.isdigit() and 1 <= int(text) <= len(request.buttons):
        message_id, data = request.buttons[int(text) - 1]
        return {"update_id": update_id, "callback_query": {
            "id": str(update_id), "from": USER, "chat_instance": "console", "data": data,
            "message": request.messages[message_id]}}
    entities = []
    if text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": {
        "message_id": 10_000 + update_id, "date": int(time.time()), "text": text,
        "chat": {"id": CHAT_ID, "type": "private", "first_name": "Cán bộ"}, "from": USER,
        "entities": entities}}


async def run_console(settings: Settings, stdin: TextIO = sys.stdin,
                      out: TextIO = sys.stdout) -> None:
    """Chat in the terminal until end of input."""
    from bot.telegram.app import build_application, post_init, post_shutdown

    request = ConsoleRequest(out)
    application = build_application(settings.model_copy(update={"max_rate": 0}),
                                    request=request)
    await application.initialize()
    await post_init(application)  # PTB calls it only from run_polling/run_webhook
    out.write("Chế độ dòng lệnh (chưa có TELEGRAM_BOT_TOKEN). Gõ câu hỏi, "
              "gõ số để bấm nút, Ctrl+D để thoát.\n\n")
    interactive = stdin.isatty()
    try:
        await application.process_update(
            Update.de_json(_update(0, "/start", request), application.bot))
        for update_id in itertools.count(1):
            if interactive:
                out.write("> ")
                out.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            text = line.strip()
            if text:
                await application.process_update(
                    Update.de_json(_update(update_id, text, request), application.bot))
    finally:
        await post_shutdown(application)
        await application.shutdown()
