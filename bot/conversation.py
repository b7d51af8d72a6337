"""Follow-ups in a chat: "còn năm 2018?", "so với Sở Nội vụ?", "xếp thứ mấy?".

`follow` (pure) completes a partial question from the previous one; `Conversations` keeps
the last question per chat for `ttl` seconds, in memory only (gone with a restart).
"""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from bot.query_grammar import Question

CONTEXT_SECONDS = 30 * 60
MAX_CHATS = 10_000  # oldest chats are forgotten first
_STANDALONE = frozenset({"greeting", "thanks", "out_of_scope", "clarify", "about", "national"})
_ABOUT_UNITS = frozenset({"card", "value", "compare", "neighbour", "improve"})
_SET_OPS = frozenset({"list", "top", "position", "filter", "sort", "count", "aggregate"})


def is_partial(q: Question) -> bool:
    """Whether `q` only makes sense with a previous question."""
    if q.op in _STANDALONE:
        return False
    if q.op == "needs_unit" or "compare_with" in q.said:
        return True
    return q.follow_up


def follow(previous: Question | None, q: Question) -> Question:
    """`q` completed from `previous`; `q` itself when it stands on its own."""
    if previous is None or not is_partial(q) or previous.op not in _ABOUT_UNITS | _SET_OPS:
        return q
    taken = q if "year" in q.said else previous
    year: dict[str, Any] = dict(year=taken.year, year_phrase=taken.year_phrase)
    measure = q.measure if "measure" in q.said else previous.measure
    said = previous.said | q.said
    if "compare_with" in q.said and q.unit_ids and previous.unit_ids:
        units = tuple(dict.fromkeys((*previous.unit_ids[:1], *q.unit_ids)))
        if len(units) >= 2:
            return Question("compare", unit_ids=units, measure=measure, text=q.text,
                            said=said, **year)
    if q.unit_ids:
        op = previous.op if previous.op in _ABOUT_UNITS else "card"
        if op == "compare" or len(q.unit_ids) > 1:
            op = "compare" if len(q.unit_ids) > 1 else ("value" if measure else "card")
        return dataclasses.replace(previous, op=op, unit_ids=q.unit_ids, measure=measure,
                                   text=q.text, said=said, follow_up=True, **year)
    if previous.op in _ABOUT_UNITS:
        op = previous.op
        if "measure" in q.said:
            op = "value" if previous.op != "compare" else "compare"
        return dataclasses.replace(previous, op=op, measure=measure, text=q.text, said=said,
                                   follow_up=True, **year)
    group = q.group if "group" in q.said else previous.group
    return dataclasses.replace(previous, group=group, measure=measure, text=q.text,
                               said=said, follow_up=True, **year)


class Conversations:
    """The last question of each chat, forgotten after `ttl` seconds of silence."""

    def __init__(self, ttl: float = CONTEXT_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._last: OrderedDict[Hashable, tuple[float, Question]] = OrderedDict()

    def get(self, chat: Hashable) -> Question | None:
        found = self._last.get(chat)
        if found is None:
            return None
        if self.clock() - found[0] > self.ttl:
            del self._last[chat]
            return None
        return found[1]

    def put(self, chat: Hashable, question: Question) -> None:
        self._last[chat] = (self.clock(), question)
        self._last.move_to_end(chat)
        while len(self._last) > MAX_CHATS:
            self._last.popitem(last=False)
