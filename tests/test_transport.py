"""Both HTTP transports keep PTB's contract: uploads, downloads, error mapping, timeouts, the
pool limit, connection reuse, the proxy and a clean shutdown."""

from __future__ import annotations

import asyncio
import gc
import json
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from pydantic import ValidationError
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.transport import AiohttpRequest, env_proxy, json_body, make_request
from tests.conftest import TRANSPORTS
from tests.support.fake_bot_api import FakeBotApi

OK_TRUE = b'{"ok": true, "result": true}'


class RawServer:
    """A bare HTTP/1.1 server on 127.0.0.1 that records request heads and connections, and
    answers `OK_TRUE` (or never, when `silent`): for what the fake Bot API cannot show."""

    def __init__(self, *, silent: bool = False):
        self.silent = silent
        self.heads: list[str] = []
        self.connections = 0
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._tasks.add(asyncio.current_task())  # type: ignore[arg-type]
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                self.heads.append(head)
                length = next((int(line.split(":", 1)[1]) for line in head.split("\r\n")
                               if line.lower().startswith("content-length:")), 0)
                await reader.readexactly(length)
                if self.silent:
                    await asyncio.Event().wait()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(OK_TRUE), OK_TRUE))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@asynccontextmanager
async def opened(request: BaseRequest) -> AsyncIterator[BaseRequest]:
    await request.initialize()
    try:
        yield request
    finally:
        await request.shutdown()


@asynccontextmanager
async def bot_on(transport: str, server: FakeBotApi) -> AsyncIterator[Bot]:
    request = make_request(transport, connection_pool_size=4)
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url,
                   request=request) as bot:
        yield bot


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    return request.param


async def test_upload_keeps_a_vietnamese_filename_and_the_bytes_download_back(transport):
    content = bytes(range(256)) * 40
    name = "Chỉ số Điện Biên năm 2019 (bản đầy đủ).xlsx"
    async with FakeBotApi() as server, bot_on(transport, server) as bot:
        message = await bot.send_document(5, content, filename=name, caption="Xuất <b>dữ</b>",
                                          parse_mode="HTML")
        [sent] = server.sent(5)
        file = await bot.get_file(message.document.file_id)
        downloaded = bytes(await file.download_as_bytearray())
    assert (sent.filename, sent.document, sent.caption) == (name, content, "Xuất dữ")
    assert downloaded == content


async def test_json_fields_arrive_as_telegram_reads_them(transport):
    async with FakeBotApi() as server, bot_on(transport, server) as bot:
        await bot.send_message(6, "<i>Sở Y tế</i> &amp; Tư pháp", parse_mode="HTML",
                               reply_markup={"inline_keyboard": [[
                                   {"text": "Biểu đồ", "callback_data": "g:so-y-te"}]]})
    [sent] = server.sent(6)
    assert sent.text == "Sở Y tế & Tư pháp"
    assert sent.callback_data == ["g:so-y-te"]


@pytest.mark.parametrize(("status", "error"), [
    (400, BadRequest), (403, Forbidden), (429, RetryAfter), (502, NetworkError),
    (500, NetworkError)])
async def test_error_statuses_become_ptbs_exceptions(transport, status, error):
    async with FakeBotApi() as server, bot_on(transport, server) as bot:
        server.fail_next(1, status=status)
        with pytest.raises(error):
            await bot.send_message(7, "xin chào")


async def test_a_dropped_connection_is_a_network_error(transport):
    async with FakeBotApi() as server, bot_on(transport, server) as bot:
        server.drop_next(1)
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(8, "xin chào")
    assert not isinstance(caught.value, TimedOut)


async def test_a_server_that_never_answers_times_out(transport):
    async with RawServer(silent=True) as server, opened(
            make_request(transport, connection_pool_size=2)) as request:
        started = asyncio.get_running_loop().time()
        with pytest.raises(TimedOut):
            await request.post(f"{server.url}/bot1:X/getMe", read_timeout=0.3)
        waited = asyncio.get_running_loop().time() - started
    assert 0.25 <= waited < 2.0  # the call's read timeout, not the 5 s default


async def test_nothing_listening_is_a_network_error_not_a_timeout(transport):
    async with RawServer() as server:
        url = server.url  # a port that was free a moment ago and is closed now
    async with opened(make_request(transport, connection_pool_size=2)) as request:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"{url}/bot1:X/getMe")
    assert not isinstance(caught.value, TimedOut)


async def test_a_full_pool_fails_after_the_pool_timeout_without_sending(transport):
    async with RawServer(silent=True) as server, opened(
            make_request(transport, connection_pool_size=1, pool_timeout=0.2)) as request:
        first = asyncio.create_task(request.post(f"{server.url}/bot1:X/a", read_timeout=3))
        await asyncio.sleep(0.1)
        with pytest.raises(TimedOut, match="Pool timeout"):
            await request.post(f"{server.url}/bot1:X/b")
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
    assert [head.split(" ")[1] for head in server.heads] == ["/bot1:X/a"]


async def test_sequential_requests_reuse_one_connection(transport):
    async with RawServer() as server, opened(
            make_request(transport, connection_pool_size=8)) as request:
        for _ in range(20):
            assert await request.post(f"{server.url}/bot1:X/getMe") is True
    assert (len(server.heads), server.connections) == (20, 1)


async def test_concurrent_requests_open_at_most_the_pool_size(transport):
    async with RawServer() as server, opened(
            make_request(transport, connection_pool_size=3, pool_timeout=5)) as request:
        await asyncio.gather(*(request.post(f"{server.url}/bot1:X/getMe") for _ in range(30)))
    assert len(server.heads) == 30
    assert server.connections <= 3


async def test_requests_go_through_the_configured_proxy(transport):
    async with RawServer() as proxy, opened(
            make_request(transport, connection_pool_size=2, proxy=proxy.url)) as request:
        assert await request.post("http://api.telegram.invalid/bot1:X/getMe") is True
    [head] = proxy.heads
    assert head.startswith("POST http://api.telegram.invalid/bot1:X/getMe HTTP/1.1\r\n")


async def test_the_proxy_is_taken_from_the_environment(transport, monkeypatch):
    async with RawServer() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        async with opened(make_request(transport, connection_pool_size=2)) as request:
            assert await request.post("http://api.telegram.invalid/bot1:X/getMe") is True
    assert proxy.heads[0].startswith("POST http://api.telegram.invalid/bot1:X/getMe ")


@pytest.mark.parametrize(("env", "url", "expected"), [
    ({}, "https://api.telegram.org", None),
    ({"HTTPS_PROXY": "http://p:3128"}, "https://api.telegram.org", "http://p:3128"),
    ({"HTTPS_PROXY": "http://p:3128"}, "http://127.0.0.1:8081", None),
    ({"ALL_PROXY": "http://p:1"}, "http://api.telegram.org:81", "http://p:1"),
    ({"HTTPS_PROXY": "http://p:3128", "NO_PROXY": "telegram.org"},
     "https://api.telegram.org", None),
])
def test_env_proxy_follows_the_usual_variables(monkeypatch, env, url, expected):
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert env_proxy(url) == expected


async def test_shutdown_closes_the_session_without_warnings_and_initialize_reopens():
    async with RawServer() as server:
        request = AiohttpRequest(connection_pool_size=2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            async with opened(request):
                assert await request.post(f"{server.url}/bot1:X/getMe") is True
            with pytest.raises(NetworkError, match="not initialized"):
                await request.post(f"{server.url}/bot1:X/getMe")
            async with opened(request):
                assert await request.post(f"{server.url}/bot1:X/getMe") is True
            del request
            gc.collect()
            await asyncio.sleep(0)
    assert [str(w.message) for w in caught] == []


def test_the_default_read_timeout_is_what_getupdates_adds_the_poll_to():
    assert AiohttpRequest(read_timeout=7.5).read_timeout == 7.5
    assert AiohttpRequest().read_timeout == HTTPXRequest().read_timeout == 5.0


def test_egov_transport_chooses_the_bots_http_client():
    defaults = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:X"})
    chosen = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:X", "EGOV_TRANSPORT": "httpx",
                                "EGOV_PROXY": "http://proxy.local:3128"})
    assert (defaults.transport, defaults.proxy) == ("aiohttp", None)
    assert (chosen.transport, chosen.proxy) == ("httpx", "http://proxy.local:3128")
    for settings, kind in ((defaults, AiohttpRequest), (chosen, HTTPXRequest)):
        bot = build_application(settings).bot
        assert isinstance(bot.request, kind)
        assert isinstance(bot._request[0], kind)  # getUpdates' own client


@pytest.mark.parametrize("env", [{"EGOV_TRANSPORT": "requests"},
                                 {"EGOV_PROXY": "proxy.local:3128"}])
def test_a_bad_transport_or_proxy_setting_is_refused(env):
    with pytest.raises(ValidationError):
        Settings.from_env(env)



def test_a_json_body_is_one_utf8_object_with_nested_values_as_json():
    data = RequestData([RequestParameter.from_input(name, value) for name, value in {
        "chat_id": 5, "text": "Sở Y tế", "message_thread_id": None,
        "reply_markup": {"inline_keyboard": [[{"text": "Năm 2018",
                                               "callback_data": "u:so-y-te:2018"}]]},
    }.items()])
    body = json_body(data)
    assert json.loads(body) == {
        "chat_id": 5, "text": "Sở Y tế",
        "reply_markup": {"inline_keyboard": [[{"text": "Năm 2018",
                                               "callback_data": "u:so-y-te:2018"}]]}}
    assert "Sở Y tế".encode() in body  # UTF-8, not \\u escapes
