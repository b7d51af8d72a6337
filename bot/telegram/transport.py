"""PTB's HTTP layer on aiohttp: the same contract as `HTTPXRequest`, at a fraction of its CPU.

Answering a question spent most of its time inside httpx building, sending and reading
requests (python-telegram-bot issue #4560 discusses the same). This `BaseRequest` keeps what
PTB relies on — `do_request` returns `(status, body)` and `BaseRequest.post` maps status codes
to `BadRequest`, `Forbidden`, `RetryAfter`…; transport failures become `TimedOut` or
`NetworkError` — and changes only how the bytes travel:

- bodies without files are sent as one JSON object (Telegram accepts it; one `json.dumps`),
  bodies with files as multipart form data, as HTTPXRequest does;
- at most `connection_pool_size` requests are in flight; one more waits up to `pool_timeout`
  for a free connection, then fails with PTB's "Pool timeout" `TimedOut`, never sent;
- aiohttp times reading from when the body is sent, but has no write timeout: the exchange as
  a whole is also bounded by connect + write + read;
- a proxy URL (http:// or https://) is used as given; without one, `HTTPS_PROXY`,
  `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` are honoured as httpx honours them.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections.abc import Callable
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

POOL_TIMEOUT_MESSAGE = (
    "Pool timeout: All connections in the connection pool are occupied. Request was *not* "
    "sent to Telegram. Consider adjusting the connection pool size or the pool timeout."
)
TRANSPORTS = ("aiohttp", "httpx")
JSON_HEADERS = {"Content-Type": "application/json"}


def _resolve(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _total(*parts: float | None) -> float | None:
    return None if any(part is None for part in parts) else sum(parts)  # type: ignore[arg-type]


def json_body(request_data: RequestData) -> bytes:
    """The parameters as one JSON object in UTF-8. (PTB's `json_payload` first encodes each
    object-valued field to a JSON string and then the whole, so every keyboard is encoded
    twice and sent as a string; Telegram reads either form.)"""
    return json.dumps(request_data.parameters, ensure_ascii=False,
                      separators=(",", ":")).encode()


def env_proxy(url: str) -> str | None:
    """The proxy the environment asks for `url` (scheme and host only), or None."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(scheme) or proxies.get("all")
    # in the standard library since 3.0, but missing from typeshed
    bypass: Callable[[str, dict[str, str]], bool] = (
        urllib.request.proxy_bypass_environment)  # type: ignore[attr-defined]
    if not proxy or (host and bypass(host, proxies)):
        return None
    return proxy


class AiohttpRequest(BaseRequest):
    """`telegram.request.BaseRequest` on one `aiohttp.ClientSession` (created in `initialize`,
    closed in `shutdown`). The arguments and defaults are HTTPXRequest's."""

    __slots__ = ("_media_write_timeout", "_pool_size", "_proxies", "_proxy", "_session",
                 "_slots", "_timeouts")

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        proxy: str | None = None,
        media_write_timeout: float | None = 20.0,
    ):
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        if proxy is not None and not proxy.startswith(("http://", "https://")):
            raise ValueError(f"only http:// and https:// proxies are supported, got {proxy!r}")
        self._pool_size = connection_pool_size
        self._timeouts = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        self._media_write_timeout = media_write_timeout
        self._proxy = proxy
        self._proxies: dict[str, str | None] = {}  # origin → proxy from the environment
        self._session: aiohttp.ClientSession | None = None
        self._slots = asyncio.Semaphore(connection_pool_size)

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds the long-poll time to it for getUpdates)."""
        return self._timeouts[0]

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0)
            self._slots = asyncio.Semaphore(self._pool_size)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT},
                skip_auto_headers=("Accept-Encoding",), auto_decompress=False)

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    def _proxy_for(self, url: str) -> str | None:
        if self._proxy is not None:
            return self._proxy
        end = url.find("/", url.find("://") + 3)
        origin = url if end < 0 else url[:end]
        if origin not in self._proxies:
            self._proxies[origin] = env_proxy(origin)
        return self._proxies[origin]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """See `BaseRequest.do_request`: the status and body; transport errors as PTB's."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        default_read, default_write, default_connect, default_pool = self._timeouts

        files = request_data.multipart_data if request_data is not None else None
        data: Any = None
        headers = None
        if files:
            form = aiohttp.FormData(quote_fields=False)
            for name, value in request_data.json_parameters.items():  # type: ignore[union-attr]
                form.add_field(name, value)
            for name, (filename, content, mimetype) in files.items():
                form.add_field(name, content, filename=filename, content_type=mimetype)
            data = form
            default_write = self._media_write_timeout
        elif request_data is not None:
            data = json_body(request_data)
            headers = JSON_HEADERS
        read = _resolve(read_timeout, default_read)
        connect = _resolve(connect_timeout, default_connect)
        timeout = aiohttp.ClientTimeout(
            total=_total(connect, _resolve(write_timeout, default_write), read),
            sock_connect=connect, sock_read=read)

        await self._take_slot(_resolve(pool_timeout, default_pool))
        try:
            async with session.request(method, url, data=data, headers=headers,
                                       timeout=timeout, proxy=self._proxy_for(url)) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's timeouts are TimeoutError subclasses
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err
        finally:
            self._slots.release()

    async def _take_slot(self, pool_timeout: float | None) -> None:
        if not self._slots.locked():
            await self._slots.acquire()  # free: returns at once
            return
        try:
            async with asyncio.timeout(pool_timeout):
                await self._slots.acquire()
        except TimeoutError as err:
            raise TimedOut(message=POOL_TIMEOUT_MESSAGE) from err


def make_request(transport: str, *, connection_pool_size: int, pool_timeout: float = 1.0,
                 proxy: str | None = None) -> BaseRequest:
    """A `BaseRequest` for `transport` ("aiohttp" or "httpx"), PTB's other defaults kept."""
    if transport == "aiohttp":
        return AiohttpRequest(connection_pool_size=connection_pool_size,
                              pool_timeout=pool_timeout, proxy=proxy)
    if transport == "httpx":
        return HTTPXRequest(connection_pool_size=connection_pool_size,
                            pool_timeout=pool_timeout, proxy=proxy)
    raise ValueError(f"unknown transport {transport!r}; expected one of {TRANSPORTS}")
