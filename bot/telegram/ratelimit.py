"""Telegram's flood limits, held on our side so the API never has to say 429.

PTB's AIORateLimiter paces the overall rate and group chats, but not one private chat
(Telegram allows about one message a second there) and it serves requests first come,
first served. Officials waiting for an answer must not queue behind a 10,000-chat broadcast,
so this limiter serves waiting requests by priority: answers to people (0) before notices (1).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

PEOPLE = 0
NOTICES = 1
_SENDING = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption",
    "editMessageReplyMarkup", "sendMediaGroup", "copyMessage", "forwardMessage",
})


class Grant:
    """One admitted request. `at` is when it was admitted, and once `complete`d, when its
    answer came back: the server counted it somewhere in between, so measuring the window
    from the answer means our jitter can never make the server see `count + 1` in it."""

    __slots__ = ("at",)

    def __init__(self, at: float):
        self.at = at


class SlidingWindowPacer:
    """At most `count` acquisitions per `window` seconds, at least `spacing` apart, served
    by priority then arrival. `margin` absorbs network jitter between us and the server;
    grants passed to `complete` need almost none (see `Grant`)."""

    def __init__(self, count: int, window: float, *, spacing: float = 0.0,
                 margin: float = 0.008, clock: Callable[[], float] = time.monotonic):
        self.count = max(1, count)
        self.window = window + margin
        self.spacing = spacing
        self._clock = clock
        self._times: deque[Grant] = deque()
        self._last = -math.inf  # when the latest grant was made (for `spacing`)
        self._waiters: list[tuple[int, int, asyncio.Future[Grant]]] = []
        self._seq = itertools.count()
        self._runner: asyncio.Task[None] | None = None

    def waiting(self, priority: int | None = None) -> int:
        return sum(1 for p, _, f in self._waiters
                   if not f.done() and (priority is None or p == priority))

    async def acquire(self, priority: int = PEOPLE) -> Grant:
        future: asyncio.Future[Grant] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._seq), future))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._serve())
        return await future

    def complete(self, grant: Grant) -> None:
        """The request's answer has come back: count it in the window from now."""
        grant.at = max(grant.at, self._clock())

    def _next_slot(self, now: float) -> float:
        while self._times and now - self._times[0].at >= self.window:
            self._times.popleft()
        slot = max(now, self._last + self.spacing)
        if len(self._times) >= self.count:
            # completed grants are not in `at` order: the count-th latest decides
            latest = heapq.nlargest(self.count, (g.at for g in self._times))[-1]
            slot = max(slot, latest + self.window)
        return slot

    async def _serve(self) -> None:
        while self._waiters:
            now = self._clock()
            slot = self._next_slot(now)
            if slot > now:
                await asyncio.sleep(slot - now)
                continue
            _, _, future = heapq.heappop(self._waiters)
            if future.done():  # the waiting request was cancelled
                continue
            grant = Grant(now)
            self._times.append(grant)
            self._last = now
            future.set_result(grant)


class ChatBucket:
    """Token bucket for one chat: `burst` messages at once, then `rate` per second."""

    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, burst: float, rate: float, now: float):
        self.burst, self.rate, self.tokens, self.stamp = burst, rate, burst, now

    def delay(self, now: float) -> float:
        """Take a token; the seconds to wait before using it."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class TelegramRateLimiter(BaseRateLimiter[int]):
    """Overall `overall_rate` messages/s, ~1/s per private chat, 20/min per group chat;
    RetryAfter (should it still come) is waited out and retried up to `max_retries` times.

    `rate_limit_args` is the priority: `PEOPLE` (default) or `NOTICES`.
    """

    def __init__(self, overall_rate: float = 30.0, *, chat_burst: float = 3,
                 chat_rate: float = 1.0,
                 group_per_minute: int = 19, max_retries: int = 5,
                 clock: Callable[[], float] = time.monotonic):
        # Spaced a little tighter than the rate, so a late wake-up now and then is absorbed
        # by the window instead of lowering the steady rate below the limit. The window is
        # measured from each answer (`Grant`), so a 2 ms margin is enough at any jitter.
        self.overall = SlidingWindowPacer(int(overall_rate), 1.0, spacing=0.9 / overall_rate,
                                          margin=0.002, clock=clock)
        self.chat_burst, self.chat_rate = chat_burst, chat_rate
        self.group_per_minute = group_per_minute
        self.max_retries = max_retries
        self._clock = clock
        self._chats: dict[int, ChatBucket] = {}
        self._groups: dict[int, SlidingWindowPacer] = {}

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _chat_delay(self, chat_id: int) -> float:
        now = self._clock()
        if len(self._chats) > 10_000:  # forget chats whose bucket has refilled
            self._chats = {c: b for c, b in self._chats.items()
                           if (now - b.stamp) * b.rate < b.burst - b.tokens}
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = self._chats[chat_id] = ChatBucket(self.chat_burst, self.chat_rate, now)
        return bucket.delay(now)

    async def _admit(self, chat_id: int | None,
                     priority: int) -> list[tuple[SlidingWindowPacer, Grant]]:
        """Wait for the chat's and the overall limits; the grants to `complete` afterwards."""
        grants = []
        if chat_id is not None and chat_id < 0:
            group = self._groups.get(chat_id)
            if group is None:
                group = self._groups[chat_id] = SlidingWindowPacer(
                    self.group_per_minute, 60.0, clock=self._clock)
            grants.append((group, await group.acquire(priority)))
        elif chat_id is not None:
            delay = self._chat_delay(chat_id)
            if delay > 0:
                await asyncio.sleep(delay)
        grants.append((self.overall, await self.overall.acquire(priority)))
        return grants

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        priority = rate_limit_args if rate_limit_args is not None else PEOPLE
        chat_id: int | None = None
        try:
            chat_id = int(data["chat_id"]) if "chat_id" in data else None
        except (TypeError, ValueError):
            chat_id = None
        limited = endpoint in _SENDING
        for attempt in range(self.max_retries + 1):
            grants = await self._admit(chat_id, priority) if limited else []
            try:
                try:
                    return await callback(*args, **kwargs)
                finally:
                    for pacer, grant in grants:
                        pacer.complete(grant)
            except RetryAfter as exc:
                if attempt == self.max_retries:
                    raise
                wait = exc.retry_after
                seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
                log.info("Telegram asked to wait %.1f s (%s)", seconds, endpoint)
                await asyncio.sleep(seconds + 0.1)
        raise AssertionError("unreachable")
