"""A user flooding the bot is slowed down politely; other users are answered at once."""

from __future__ import annotations

import time

import pytest

from bot.words import cards
from tests.support.bot_harness import running_bot


@pytest.mark.limiter
async def test_flooding_user_is_told_once_and_others_are_not_slowed(fake_api, db_path):
    async with running_bot(fake_api, flood_messages=3, flood_seconds=10):
        for i in range(8):
            fake_api.send_text(900, f"top {i % 3 + 1} sở", user_id=900)
        await fake_api.wait_for(lambda s: len(s.sent(900)) >= 1)
        started = time.monotonic()
        fake_api.send_text(901, "so y te", user_id=901)
        await fake_api.wait_for(lambda s: s.sent(901), timeout=5)
        other_latency = time.monotonic() - started
        await fake_api.wait_for(lambda s: len(s.sent(900)) >= 4, timeout=10)
    replies = [m.text for m in fake_api.sent(900)]
    assert len(replies) == 4  # three answers and one request to slow down; the rest dropped
    assert sum(cards.SLOW_DOWN in r for r in replies) == 1
    assert other_latency < 1.0
    assert fake_api.count_429 == 0
