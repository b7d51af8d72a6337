"""What a notice says, rendered from the shipped 2019 data (hand-checkable against the report)."""

from __future__ import annotations

import pytest

from bot.notices.views import MAX_ANNOUNCEMENT, notice_message, publication_html
from bot.render import plain_text
from bot.telegram.callbacks import decode
from storage.outbox import Notice
from storage.snapshot import load_snapshot
from storage.subscriptions import MAX_FOLLOWS
from tests.support.fake_bot_api import parse_telegram_html, utf16_len


@pytest.fixture
def snapshot(db):
    return load_snapshot(db)


def notice(kind: str = "publish", year: int | None = 2019, text: str | None = None) -> Notice:
    return Notice(1, 1, 5, 0, kind, year, text)


def test_notice_names_the_year_and_each_groups_leaders(snapshot):
    html, keyboard = notice_message(notice(), snapshot, ())
    text = plain_text(html)
    assert text.startswith("📢 Đã công bố kết quả Chỉ số DienBien e-Gov index năm 2019\n")
    assert ("Khối sở, ban, ngành tỉnh · 3 đơn vị dẫn đầu:\n1. Sở Y tế · 198,5\n"
            "2. Sở Thông tin và Truyền thông · 196,5 ↑4\n"
            "3. Sở Giáo dục và Đào tạo · 193,0 ↑2\n") in text
    assert "1. UBND Thành Phố Điện Biên Phủ · 189,0" in text
    assert "Đơn vị bạn theo dõi" not in text
    assert [[decode(b.callback_data) for b in row] for row in keyboard.inline_keyboard] == [
        [decode("r::2019")]]


def test_followed_units_show_total_level_rank_and_change(snapshot):
    html, keyboard = notice_message(notice(), snapshot, ("so-tttt", "h-muong-nhe"))
    text = plain_text(html)
    assert ("• Sở Thông tin và Truyền thông\n  Tổng điểm: 196,5/200 · mức khá\n"
            "  Xếp hạng: 2/19 khối sở (↑ tăng 4 bậc so với 2018)") in text
    assert ("• UBND huyện Mường Nhé\n  Tổng điểm: 148,3/200 · mức trung bình\n"
            "  Xếp hạng: 10/10 khối huyện (↓ giảm 1 bậc so với 2018)") in text
    assert [b.callback_data for row in keyboard.inline_keyboard for b in row] == [
        "u:so-tttt:2019", "u:h-muong-nhe:2019", "r::2019"]


def test_a_replaced_year_says_it_was_updated(snapshot):
    html, _ = notice_message(notice("replace"), snapshot, ())
    assert plain_text(html).startswith(
        "🔄 Kết quả Chỉ số DienBien e-Gov index năm 2019 đã được cập nhật")


def test_the_longest_notice_fits_one_telegram_message(snapshot):
    follows = tuple(u.id for u in snapshot.registry)[:MAX_FOLLOWS]
    html = publication_html(2019, snapshot, follows, replaced=True)
    text, _ = parse_telegram_html(html)
    assert utf16_len(text) <= 4096


def test_announcement_is_escaped_and_keeps_its_lines(snapshot):
    html, keyboard = notice_message(
        notice("announcement", None, "Họp <b>gấp</b> & đúng giờ\nPhòng 2"), snapshot, ())
    assert keyboard is None
    assert html.endswith("Họp &lt;b&gt;gấp&lt;/b&gt; &amp; đúng giờ\nPhòng 2")
    longest, _ = notice_message(notice("announcement", None, "&" * MAX_ANNOUNCEMENT),
                                snapshot, ())
    text, _ = parse_telegram_html(longest)
    assert utf16_len(text) <= 4096
