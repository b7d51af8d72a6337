"""Per-user flood guard: a user sending too fast is told once to slow down; nobody else waits."""

from __future__ import annotations

from collections import deque
from enum import Enum


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"  # first message over the limit: tell the user, once
    DROP = "drop"  # still over the limit: ignore quietly


class FloodGuard:
    """Sliding window of `limit` messages per `window` seconds for each user."""

    def __init__(self, limit: int = 20, window: float = 10.0):
        self.limit = limit
        self.window = window
        self._seen: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int, now: float) -> Verdict:
        times = self._seen.setdefault(user_id, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self._warned.discard(user_id)
            return Verdict.OK
        if user_id in self._warned:
            return Verdict.DROP
        self._warned.add(user_id)
        return Verdict.WARN

    def forget_idle(self, now: float) -> None:
        """Drop users with no recent messages, so memory stays bounded."""
        for user_id in [u for u, t in self._seen.items() if not t or now - t[-1] >= self.window]:
            del self._seen[user_id]
            self._warned.discard(user_id)
