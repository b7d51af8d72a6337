"""Inline keyboards for answers. Every button's data is a stateless `callbacks` payload."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.ask_again import question_slug
from bot.contract import Answer
from bot.help_examples import HelpExamples
from bot.telegram.callbacks import Callback, encode
from bot.words import cards, charting, extras, latest_year
from storage.snapshot import Snapshot


def _button(text: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(callback))


def unit_keyboard(unit_id: str, year: int, snapshot: Snapshot) -> InlineKeyboardMarkup:
    """Other years, sub-index detail, rank history, compare with…"""
    rows: list[list[InlineKeyboardButton]] = []
    years = [y for y in snapshot.years if y != year and snapshot.result(unit_id, y)]
    if years:
        rows.append([_button(cards.BUTTON_YEAR.format(year=y), Callback("unit", (unit_id,), y))
                     for y in years[-4:]])
    stored = snapshot.result(unit_id, year)
    second = []
    if stored is not None and stored.scores is not None:
        second.append(_button(cards.BUTTON_DETAIL, Callback("detail", (unit_id,), year)))
    second.append(_button(cards.BUTTON_HISTORY, Callback("history", (unit_id,), year)))
    rows.append(second)
    if stored is not None and stored.scores is not None:
        rows.append([_button(extras.BUTTON_IMPROVE, Callback("improve", (unit_id,), year))])
    rows.append([_button(cards.BUTTON_COMPARE, Callback("compare_pick", (unit_id,), year)),
                 _button(charting.BUTTON_CHART, Callback("chart", (unit_id,), year))])
    return InlineKeyboardMarkup(rows)


def back_keyboard(unit_id: str, year: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(cards.BUTTON_BACK, Callback("unit", (unit_id,), year))]])


def compare_pick_keyboard(unit_id: str, year: int, snapshot: Snapshot) -> InlineKeyboardMarkup:
    """The other units of the same group, two per row, then a way back."""
    unit = snapshot.registry.get(unit_id)
    others = [u for u in snapshot.registry.in_group(unit.group, year) if u.id != unit_id]
    buttons = [_button(_short(u.name), Callback("compare", (unit_id, u.id), year))
               for u in others]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(cards.BUTTON_BACK, Callback("unit", (unit_id,), year))])
    return InlineKeyboardMarkup(rows)


def _short(name: str) -> str:
    """Button labels without the "UBND <kind>" words a local government's name starts with."""
    for prefix in ("UBND huyện ", "UBND thị xã ", "UBND Thành Phố ", "UBND thành phố ",
                   "UBND xã ", "UBND phường "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


_KEYBOARDS: dict[tuple, InlineKeyboardMarkup | None] = {}
_KEYBOARDS_SIZE = 4096


def answer_keyboard(answer: Answer, snapshot: Snapshot) -> InlineKeyboardMarkup | None:
    """The buttons that go with an answer, if any (built once per answer and data version:
    keyboards are immutable and building one costs more than the answer itself)."""
    key = (snapshot.version, answer.kind, answer.year,
           tuple((r.unit_id, r.year) for r in answer.results[:1]),
           tuple(c.unit_id for c in answer.candidates),
           answer.query if answer.kind == "no_data" else "")
    if key not in _KEYBOARDS:
        if len(_KEYBOARDS) >= _KEYBOARDS_SIZE:
            _KEYBOARDS.clear()
        _KEYBOARDS[key] = _build_answer_keyboard(answer, snapshot)
    return _KEYBOARDS[key]


def _build_answer_keyboard(answer: Answer, snapshot: Snapshot) -> InlineKeyboardMarkup | None:
    if answer.kind == "unit" and answer.results:
        result = answer.results[0]
        return unit_keyboard(result.unit_id, result.year, snapshot)
    if answer.kind == "clarify":
        year = answer.year or 0
        return InlineKeyboardMarkup([
            [_button(c.unit, Callback("unit", (c.unit_id,), year))] for c in answer.candidates])
    if answer.kind == "no_data":
        return latest_year_keyboard(answer, snapshot)
    return None


def latest_year_keyboard(answer: Answer, snapshot: Snapshot) -> InlineKeyboardMarkup | None:
    """For a year with no data: the same question for the latest published year, if the
    question fits a payload (see `bot.ask_again`)."""
    latest = snapshot.latest_year
    if latest is None or (answer.year is not None and answer.year in snapshot.years):
        return None  # not a missing year (a unit absent that year, ranks only…)
    slug = question_slug(answer.query)
    if slug is None:
        return None
    try:
        data = encode(Callback("ask", (), latest, slug))
    except ValueError:  # longer than a payload's 64 bytes
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        latest_year.BUTTON_LATEST_YEAR.format(year=latest), callback_data=data)]])


def examples_keyboard(examples: HelpExamples | None) -> InlineKeyboardMarkup | None:
    """Tappable examples for /start (they run as if typed); None when nothing is published."""
    questions = cards.example_questions(examples)[:3]
    if not questions:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(cards.BUTTON_EXAMPLE.format(example=e),
                              callback_data=encode(Callback("page", (), 0, extra=f"ex{i}")))]
        for i, e in enumerate(questions)])
