"""Long answers split between lines, never inside a tag, each part valid on its own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.split import split_html, telegram_length


def test_short_message_is_one_part():
    assert split_html("<b>Sở Y tế</b>\n198,5") == ["<b>Sở Y tế</b>\n198,5"]


def test_long_message_splits_between_lines_within_the_limit():
    lines = [f"<code>{i:>3}.</code> Đơn vị số {i} · <b>{i},5</b>" for i in range(400)]
    parts = split_html("\n".join(lines), limit=1000)
    assert len(parts) > 1
    assert all(telegram_length(p) <= 1000 for p in parts)
    assert "\n".join(parts).split("\n") == lines  # nothing lost, nothing cut mid-line


def test_open_pre_block_is_closed_and_reopened_across_parts():
    html = "<b>Bảng</b>\n<pre>" + "\n".join(f"dòng {i:04d}" for i in range(300)) + "</pre>"
    parts = split_html(html, limit=500)
    assert len(parts) > 2
    for part in parts[1:]:
        assert part.startswith("<pre>")
        assert part.endswith("</pre>")
    assert parts[0].endswith("</pre>")


def test_length_counts_utf16_after_entity_parsing():
    assert telegram_length("<b>a&amp;b</b>") == 3
    assert telegram_length("😀") == 2


def test_one_very_long_line_is_cut_between_words():
    html = " ".join(["chữ"] * 3000)
    parts = split_html(html, limit=4096)
    assert all(telegram_length(p) <= 4096 for p in parts)
    assert " ".join(parts).split() == html.split()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcđơn vị <>&\"'", min_size=0, max_size=60), max_size=200))
def test_any_escaped_text_splits_into_parseable_parts(lines):
    import html as html_lib

    from tests.support.fake_bot_api import parse_telegram_html

    text = "<pre>" + "\n".join(html_lib.escape(line) for line in lines) + "x</pre>"
    for part in split_html(text, limit=300):
        plain, _ = parse_telegram_html(part)
        assert len(plain.encode("utf-16-le")) // 2 <= 300


@pytest.mark.parametrize("limit", [50, 200, 4096])
def test_parts_respect_any_limit(limit):
    html = "\n".join(f"<i>{i}</i> " + "x" * 30 for i in range(200))
    assert all(telegram_length(p) <= limit for p in split_html(html, limit=limit))
