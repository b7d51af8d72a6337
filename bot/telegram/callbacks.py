"""Button payloads: short ASCII strings (≤ 64 bytes) that carry everything needed to answer,
so a button still works after the bot restarts (no in-memory state)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MAX_BYTES = 64
_SAFE = re.compile(r"^[a-z0-9_-]*$")  # "_": an edition's group key in a chart's extra

# "up:…" belongs to upload_views (publish/cancel a file); its handler runs before this one's.
# "follow", "unfollow" and "ranking" belong to subscription_handlers (run before this one's).
Action = Literal["unit", "detail", "history", "compare_pick", "compare", "chart", "page",
                 "follow", "unfollow", "ranking", "improve", "ask"]
CODES: dict[str, Action] = {
    "u": "unit", "d": "detail", "h": "history", "p": "compare_pick", "c": "compare",
    "g": "chart", "n": "page", "f": "follow", "x": "unfollow", "r": "ranking",
    "i": "improve",  # extras_handlers: "🎯 Cần cải thiện" (runs before this one's)
    "a": "ask",  # a question again for another year: `a::2019:so-y-te` (see bot.ask_again)
}
_ACTIONS = {action: code for code, action in CODES.items()}


@dataclass(frozen=True)
class Callback:
    """A decoded button: what to show, for which units, which year (0 = latest)."""

    action: Action
    unit_ids: tuple[str, ...] = ()
    year: int = 0
    extra: str = ""


def encode(callback: Callback) -> str:
    """`u:so-y-te:2019`, `c:so-y-te+so-tu-phap:2019`; raises ValueError if over 64 bytes."""
    for part in (*callback.unit_ids, callback.extra):
        if not _SAFE.match(part):
            raise ValueError(f"unsafe callback part {part!r}")
    data = f"{_ACTIONS[callback.action]}:{'+'.join(callback.unit_ids)}:{callback.year}"
    if callback.extra:
        data += f":{callback.extra}"
    if len(data.encode("ascii")) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def decode(data: str) -> Callback | None:
    """The button's meaning, or None for anything this bot did not produce (strictly, by
    `payloads.parse`, the one parser of button payloads)."""
    from bot.telegram.payloads import (
        parse,  # payloads builds on this module: import when first needed
    )

    payload = parse(data)
    return payload if isinstance(payload, Callback) else None
