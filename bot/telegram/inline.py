"""Inline mode: `@bot sở y tế` in any chat offers the unit's card to drop into the conversation.

The results are built by a pure function from the same answers the bot gives in a private
chat: a unit's card, a list (then each listed unit's card), a comparison (then each unit's
card), or one card per candidate when the name is ambiguous. Telegram's limits are kept
here: at most 50 results, ids of at most 64 bytes, message text within 4096 characters.
"""

from __future__ import annotations

import hashlib
from typing import cast

from telegram import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.answer import build_answer
from bot.contract import Answer, Result
from bot.query import Query
from bot.render import edition_group, plain_text
from bot.telegram.handlers import service_of
from bot.telegram.lengths import shorten
from bot.telegram.split import split_html
from bot.words import inline_mode
from storage.snapshot import Snapshot

MAX_RESULTS = 50
MAX_ID_BYTES = 64
MAX_TITLE_CHARS = 100
MAX_DESCRIPTION_CHARS = 160
CACHE_SECONDS = 45  # short: a publish should show up within a minute
DEFAULT_TOP = 5
HELP_START_PARAMETER = "help"


# ---------------------------------------------------------------- pure result builder

def _shorten(text: str, limit: int) -> str:
    return shorten(" ".join(text.split()), limit)


def _result_id(*parts: object) -> str:
    """A stable id within Telegram's 64 bytes (long keys are hashed)."""
    key = ":".join(str(p) for p in parts)
    if len(key.encode()) <= MAX_ID_BYTES:
        return key
    return f"{parts[0]}:{hashlib.sha1(key.encode()).hexdigest()}"


def _article(result_id: str, title: str, description: str,
             html: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=result_id,
        title=_shorten(title, MAX_TITLE_CHARS),
        description=_shorten(description, MAX_DESCRIPTION_CHARS) or None,
        input_message_content=InputTextMessageContent(
            split_html(html)[0], parse_mode=ParseMode.HTML),
    )


def _card(unit_id: str, year: int, snapshot: Snapshot) -> InlineQueryResultArticle | None:
    """The unit's card for `year`, as the bot shows it in a private chat."""
    answer = build_answer("", Query(kind="unit", unit_ids=(unit_id,), year=year), snapshot)
    if answer.kind != "unit" or not answer.results:
        return None
    result = answer.results[0]
    return _article(_result_id("u", unit_id, year), result.unit,
                    _card_description(result, snapshot), answer.html)


def _card_description(result: Result, snapshot: Snapshot) -> str:
    edition = snapshot.edition(result.year)
    return inline_mode.inline_card_description(
        edition, result.year, result.total, result.level, result.rank,
        snapshot.group_size(result.year, result.group), edition_group(edition, result.group))


def _primary(answer: Answer) -> InlineQueryResultArticle | None:
    """The answer itself as one result (a list, a comparison, a "no data" sentence)."""
    digest = hashlib.sha1(answer.html.encode()).hexdigest()[:24]
    if answer.kind == "list" and answer.year is not None:
        headings = [plain_text(section.partition("\n")[0])
                    for section in answer.html.split("\n\n")]
        if len({r.group for r in answer.results}) > 1:
            title = inline_mode.inline_both_groups_title(answer.year, len(answer.results))
            description = "; ".join(headings[:2])
        else:
            title = headings[0]
            description = ", ".join(r.unit for r in answer.results[:4]) or answer.text
        return _article(_result_id("l", digest), title, description, answer.html)
    if answer.kind == "compare" and answer.year is not None:
        title = inline_mode.inline_compare_title(answer.year, [r.unit for r in answer.results])
        return _article(_result_id("c", digest), title, "", answer.html)
    if answer.kind == "no_data":
        return _article(_result_id("n", digest), inline_mode.INLINE_NO_DATA_TITLE, answer.text,
                        answer.html)
    if answer.kind != "help" and answer.text.strip():  # e.g. "about": how scores are made
        heading, _, rest = answer.text.strip().partition("\n")
        return _article(_result_id(answer.kind[:1], digest), heading, rest, answer.html)
    return None


def build_results(answers: list[Answer], snapshot: Snapshot) -> list[InlineQueryResultArticle]:
    """Each answer's own result first, then the cards of the units they name; ≤ 50, no twins.

    A help answer (nothing understood) gives no result: the handler offers a way into the
    bot instead of a message nobody in the group asked for.
    """
    primaries: list[InlineQueryResultArticle | None] = []
    cards: list[InlineQueryResultArticle | None] = []
    for answer in answers:
        if answer.kind == "unit" and answer.results:
            result = answer.results[0]
            primaries.append(_article(_result_id("u", result.unit_id, result.year), result.unit,
                                      _card_description(result, snapshot), answer.html))
        elif answer.kind == "clarify":
            year = answer.year or snapshot.latest_year or 0
            primaries += [_card(c.unit_id, year, snapshot) for c in answer.candidates]
        else:
            primaries.append(_primary(answer))
            cards += [_card(r.unit_id, r.year, snapshot) for r in answer.results]
    unique: dict[str, InlineQueryResultArticle] = {}
    for article in (*primaries, *cards):
        if article is not None and article.id not in unique:
            unique[article.id] = article
    return list(unique.values())[:MAX_RESULTS]


def default_answers(snapshot: Snapshot) -> list[Answer]:
    """For an empty query: the top of each group in the latest year."""
    year = snapshot.latest_year
    if year is None:
        return []
    return [build_answer("", Query(kind="list", group=group, limit=DEFAULT_TOP, year=year),
                         snapshot)
            for group in snapshot.edition(year).group_keys if snapshot.table(year, group)]


# ---------------------------------------------------------------- handler

async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the card, list or candidates for what is typed after the bot's name."""
    query = cast(InlineQuery, update.inline_query)
    service = service_of(context)
    text = query.query.strip()
    answers = [service.ask(text)] if text else default_answers(service.snapshot)
    results = build_results(answers, service.snapshot)
    button = None if results else InlineQueryResultsButton(
        inline_mode.INLINE_NOT_FOUND_BUTTON, start_parameter=HELP_START_PARAMETER)
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False, button=button)
