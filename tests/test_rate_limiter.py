"""Our side of Telegram's flood limits: pacing, per-chat buckets, people before notices."""

from __future__ import annotations

import asyncio
import time

from bot.telegram.ratelimit import (
    NOTICES,
    PEOPLE,
    ChatBucket,
    SlidingWindowPacer,
    TelegramRateLimiter,
)


async def test_pacer_never_exceeds_the_window():
    pacer = SlidingWindowPacer(10, 0.2, spacing=0.02, margin=0.0)
    stamps: list[float] = []

    async def one() -> None:
        await pacer.acquire()
        stamps.append(time.monotonic())

    await asyncio.gather(*(one() for _ in range(35)))
    for i in range(len(stamps) - 10):
        assert stamps[i + 10] - stamps[i] >= 0.2 - 0.003


async def test_people_are_served_before_waiting_notices():
    pacer = SlidingWindowPacer(5, 0.1, spacing=0.02)
    order: list[str] = []

    async def one(name: str, priority: int) -> None:
        await pacer.acquire(priority)
        order.append(name)

    notices = [asyncio.create_task(one(f"n{i}", NOTICES)) for i in range(20)]
    await asyncio.sleep(0.05)
    await one("person", PEOPLE)
    await asyncio.gather(*notices)
    assert order.index("person") <= 3


def test_chat_bucket_allows_a_burst_then_one_per_second():
    bucket = ChatBucket(burst=3, rate=1.0, now=0.0)
    assert [bucket.delay(0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.delay(0.0) == 1.0
    assert bucket.delay(0.0) == 2.0


async def test_retry_after_is_waited_out_and_retried():
    from telegram.error import RetryAfter

    calls: list[float] = []

    async def flaky() -> dict:
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise RetryAfter(0)
        return {"ok": True}

    limiter = TelegramRateLimiter(30)
    result = await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert result == {"ok": True}
    assert len(calls) == 2


async def test_window_is_measured_from_the_answer_when_a_grant_is_completed():
    pacer = SlidingWindowPacer(2, 0.1, margin=0.0)
    start = time.monotonic()
    first, second = await pacer.acquire(), await pacer.acquire()
    await asyncio.sleep(0.05)  # the answers take 50 ms to come back
    pacer.complete(first)
    pacer.complete(second)
    await pacer.acquire()
    # the server may have counted both as late as their answers: 50 ms + the 100 ms window
    assert time.monotonic() - start >= 0.15 - 0.003
