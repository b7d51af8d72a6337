"""What a notice says: pure functions from a snapshot (and the chat's follows) to HTML and
buttons. The drainer (`notices`) sends what these return."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answer import to_result
from bot.render import compared_year, edition_group, esc, ranked_lines
from bot.telegram.callbacks import Callback, encode
from bot.words import cards, notices
from storage.outbox import Notice
from storage.snapshot import Snapshot

TOP_PER_GROUP = 3
UNIT_BUTTONS = 4  # "see more" buttons for followed units; the rest are one /tra away
MAX_ANNOUNCEMENT = 3500  # UTF-16 units, as Telegram counts: room for the heading in 4096


def _button(text: str, callback: Callback) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(callback))


def followed_line(unit_id: str, year: int, snapshot: Snapshot) -> str:
    """One followed unit: total, level, rank in its group and the change since last year."""
    unit = snapshot.registry.get(unit_id)
    name = esc(unit.name_in(year))
    result = snapshot.result(unit_id, year)
    if result is None:
        return notices.notice_not_ranked(name, year)
    edition = snapshot.edition(year)
    lines = [f"• <b>{name}</b>"]
    if result.total is not None:
        lines.append("  " + cards.total_line(edition, result.total, result.level))
    if result.rank is not None:
        size = snapshot.group_size(year, result.group)
        group = edition_group(edition, result.group)
        lines.append("  " + cards.rank_line(result.rank, size, group)
                     + cards.rank_change_text(result.rank_change,
                                              compared_year(unit_id, year, snapshot)))
    return "\n".join(lines)


def publication_html(year: int, snapshot: Snapshot, follows: tuple[str, ...], *,
                     replaced: bool) -> str:
    """The year is out: each group's leaders, then the chat's followed units."""
    parts = [notices.notice_heading(year, replaced=replaced)]
    for group in snapshot.edition(year).groups:
        table = snapshot.table(year, group.key)[:TOP_PER_GROUP]
        if table:
            lines = ranked_lines([to_result(r, snapshot) for r in table], snapshot)
            parts.append(notices.notice_group_heading(group, len(table)) + "\n"
                         + "\n".join(lines))
    known = [u for u in follows if u in snapshot.registry]
    if known:
        parts.append(notices.NOTICE_FOLLOWED + "\n"
                     + "\n".join(followed_line(u, year, snapshot) for u in known))
    parts.append(notices.NOTICE_MORE + "\n" + notices.NOTICE_UNSUBSCRIBE)
    return "\n\n".join(parts)


def publication_keyboard(year: int, snapshot: Snapshot,
                         follows: tuple[str, ...]) -> InlineKeyboardMarkup:
    """A card button per followed unit (the existing "unit" view) and the year's ranking."""
    rows = [[_button(notices.BUTTON_SEE_UNIT.format(name=snapshot.registry.get(u).name_in(year)),
                     Callback("unit", (u,), year))]
            for u in follows if u in snapshot.registry][:UNIT_BUTTONS]
    rows.append([_button(notices.BUTTON_RANKING.format(year=year), Callback("ranking", (), year))])
    return InlineKeyboardMarkup(rows)


def notice_message(notice: Notice, snapshot: Snapshot,
                   follows: tuple[str, ...]) -> tuple[str, InlineKeyboardMarkup | None]:
    """The HTML and buttons one outbox row is delivered as."""
    if notice.kind == "announcement" or notice.year is None:
        return notices.announcement_html(esc(notice.text or "")), None
    return (publication_html(notice.year, snapshot, follows, replaced=notice.kind == "replace"),
            publication_keyboard(notice.year, snapshot, follows))
