"""Lengths are counted as Telegram counts them (UTF-16 code units of the text after entity
parsing) wherever a limit applies: announcements, splitting, captions, inline results."""

from __future__ import annotations

import sqlite3

import pytest

from bot.notices.views import MAX_ANNOUNCEMENT
from bot.telegram.inline import _shorten
from bot.telegram.lengths import shorten, telegram_length, utf16_length, utf16_prefix
from bot.telegram.split import split_html
from bot.words import notices
from storage.subscriptions import subscribe
from tests.support.bot_harness import running_bot
from tests.support.fake_bot_api import parse_telegram_html

ADMIN = 77
SUBSCRIBERS = (611, 612)


@pytest.mark.parametrize(("text", "expected"), [
    ("", 0), ("abc", 3), ("Điện Biên", 9), ("😀", 2), ("😀" * 3000, 6000), ("a😀b", 4),
    ("\U0001F1FB\U0001F1F3", 4),  # a flag: two regional indicators
])
def test_utf16_length(text, expected):
    assert utf16_length(text) == expected


@pytest.mark.parametrize(("html", "expected"), [
    ("<b>a&amp;b</b>", 3), ("&lt;b&gt;", 3), ("<pre>😀</pre>", 2),
    ('<a href="https://x.vn">xem</a>', 3), ("<b></b>", 0),
])
def test_telegram_length_counts_after_entity_parsing(html, expected):
    assert telegram_length(html) == expected


def test_prefix_never_splits_a_surrogate_pair():
    assert utf16_prefix("😀😀", 3) == "😀"
    assert utf16_prefix("a😀", 2) == "a"
    assert utf16_prefix("abc", 10) == "abc"


@pytest.mark.parametrize("limit", [1, 2, 3, 10, 100])
def test_shorten_fits_utf16_limits(limit):
    for text in ("😀" * 80, "Sở Y tế " * 30, "a😀" * 50):
        short = shorten(text, limit)
        assert utf16_length(short) <= limit
        assert short.endswith("…")
    assert shorten("ngắn", 10) == "ngắn"


def test_inline_titles_are_shortened_in_utf16_units():
    title = _shorten("😀" * 80, 100)
    assert len(title.encode("utf-16-le")) // 2 <= 100


def test_a_long_line_is_never_cut_inside_an_entity():
    html = "x&amp;" * 2000  # no spaces: it has to be cut inside the word
    parts = split_html(html, limit=1000)
    plain = [parse_telegram_html(part)[0] for part in parts]  # raises on a cut "&amp;"
    assert all(len(p.encode("utf-16-le")) // 2 <= 1000 for p in plain)
    assert "".join(plain).replace("\n", "") == "x&" * 2000  # cuts become line breaks


def test_a_long_line_of_emoji_is_cut_within_the_limit():
    parts = split_html("😀" * 5000, limit=1001)
    assert all(len(p.encode("utf-16-le")) // 2 <= 1001 for p in parts)
    assert "".join(parts).replace("\n", "") == "😀" * 5000


# ---------------------------------------------------------------- announcements

@pytest.fixture
async def admin_bot(fake_api, db):
    for chat in SUBSCRIBERS:
        subscribe(db, chat)
    async with running_bot(fake_api, admins=frozenset({ADMIN})) as application:
        yield application


def queued(db_path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.usefixtures("admin_bot")
@pytest.mark.parametrize(("emoji", "units"), [(3000, 6000), (2000, 4000), (1751, 3502)])
async def test_announcement_of_emoji_over_the_limit_is_refused_before_queueing(
        fake_api, db_path, emoji, units):
    fake_api.send_text(ADMIN, "/guithongbao " + "😀" * emoji)
    await fake_api.wait_for(lambda s: s.sent(ADMIN), timeout=5)
    [reply] = fake_api.sent(ADMIN)
    assert reply.html == notices.announce_too_long(MAX_ANNOUNCEMENT, units)
    assert f"dài {units} ký tự" in reply.text
    assert queued(db_path) == 0


@pytest.mark.usefixtures("admin_bot")
async def test_announcement_at_the_limit_reaches_every_subscriber(fake_api, db_path):
    text = "😀" * (MAX_ANNOUNCEMENT // 2)  # exactly the limit, in UTF-16 units
    fake_api.send_text(ADMIN, "/guithongbao " + text)
    await fake_api.wait_for(
        lambda s: all(any(text in (m.text or "") for m in s.sent(c)) for c in SUBSCRIBERS),
        timeout=10)
    assert queued(db_path) == len(SUBSCRIBERS)
