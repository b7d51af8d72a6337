"""The one strict parser of button payloads (callback data).

Telegram hands the bot whatever `callback_data` a client sends, so a payload is untrusted
input: a modified client can send "u:so-y-te:²", a 40-digit upload id or "f::0". The button
router (bot/telegram/router.py) decodes every press here, once; anything this module does
not accept is a `StaleButton`, answered with "this button is old" and nothing else.
Accepted payloads are exactly those the bot itself encodes (the canonical form
round-trips), so an accepted year fits four ASCII digits and an upload id fits SQLite's
64-bit integers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from bot.charts.data import KIND_CODES
from bot.publish.views import Decision, encode_decision
from bot.telegram.callbacks import CODES, MAX_BYTES, Action, Callback, encode
from scoring.edition import KEY_PATTERN


@dataclass(frozen=True)
class UploadDecision:
    """The publish / replace / cancel button under an uploaded file's preview."""

    decision: Decision
    upload_id: int


@dataclass(frozen=True)
class StaleButton:
    """A payload the bot did not make (forged, garbled, or from an older version)."""

    data: str


Payload = Callback | UploadDecision | StaleButton

_UNIT = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_BUTTON = re.compile(
    rf"(?P<code>[a-z]):(?P<units>{_UNIT}(?:\+{_UNIT})*)?:(?P<year>0|[1-9][0-9]{{3}})"
    r"(?::(?P<extra>[a-z0-9_]+(?:-[a-z0-9_]+)*))?", re.ASCII)  # group keys may have "_"
# up to 18 digits: always within SQLite's signed 64-bit integers
_UPLOAD = re.compile(r"up:(?P<code>[a-z]):(?P<id>[1-9][0-9]{0,17})", re.ASCII)
# Any edition's group key: which groups exist is data, decided by the chart handler.
_GROUP_KEY = re.compile(KEY_PATTERN, re.ASCII)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
_CHART_KINDS = frozenset(KIND_CODES.values())
_UNFOLLOW_ALL = "all"


def _one_unit(c: Callback) -> bool:
    return len(c.unit_ids) == 1 and not c.extra


def _chart(c: Callback) -> bool:
    """`g:unit:year`, `g:unit:year:p`, `g:a+b:year:c`, or a group's chart `g::year:g-huyen`."""
    if not c.extra:
        return bool(c.unit_ids)
    kind, _, group = c.extra.partition("-")
    if kind not in _CHART_KINDS:
        return False
    if group:
        return _GROUP_KEY.match(group) is not None and not c.unit_ids
    return bool(c.unit_ids)


def _unfollow(c: Callback) -> bool:
    if c.year:
        return False
    return (bool(c.unit_ids) and not c.extra) or (not c.unit_ids and c.extra == _UNFOLLOW_ALL)


# What each action carries: which units, which year, which extra.
_RULES: dict[Action, Callable[[Callback], bool]] = {
    "unit": _one_unit,
    "detail": _one_unit,
    "history": _one_unit,
    "compare_pick": _one_unit,
    "improve": _one_unit,
    "compare": lambda c: len(c.unit_ids) >= 2 and not c.extra,
    "chart": _chart,
    "page": lambda c: not c.unit_ids and not c.year and re.fullmatch(r"ex[0-9]", c.extra,
                                                                     re.ASCII) is not None,
    "follow": lambda c: bool(c.unit_ids) and not c.year and not c.extra,
    "unfollow": _unfollow,
    "ranking": lambda c: not c.unit_ids and not c.extra,
    # a question's folded words: no unit ids, a year, no "_" (that is for group keys)
    "ask": lambda c: not c.unit_ids and bool(c.year) and _SLUG.fullmatch(c.extra) is not None,
}


def parse(data: object) -> Payload:
    """What a button means, or `StaleButton` for anything the bot would not have encoded.

    Never raises: non-ASCII digits, huge numbers, empty or extra fields and payloads over
    64 bytes are all stale.
    """
    if not isinstance(data, str) or not data.isascii() or len(data) > MAX_BYTES:
        return StaleButton(str(data)[:MAX_BYTES])
    found = _parse_upload(data) if data.startswith("up:") else _parse_button(data)
    return found if found is not None else StaleButton(data)


def _parse_button(data: str) -> Callback | None:
    match = _BUTTON.fullmatch(data)
    if match is None or match["code"] not in CODES:
        return None
    units = tuple(match["units"].split("+")) if match["units"] else ()
    callback = Callback(CODES[match["code"]], units, int(match["year"]), match["extra"] or "")
    if not _RULES[callback.action](callback):
        return None
    return callback if encode(callback) == data else None


def _parse_upload(data: str) -> UploadDecision | None:
    match = _UPLOAD.fullmatch(data)
    if match is None:
        return None
    upload_id = int(match["id"])
    for decision in get_args(Decision):
        if encode_decision(decision, upload_id) == data:
            return UploadDecision(decision, upload_id)
    return None
