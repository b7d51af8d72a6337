"""The new kinds of answer in inline mode: results Telegram accepts, each answer's text."""

from __future__ import annotations

import pytest

from bot.service import AnswerService
from bot.telegram.inline import build_results
from tests.support.fake_bot_api import parse_telegram_html
from tests.test_inline_mode import _text, _within_limits

QUESTIONS = ["Sở Y tế được bao nhiêu điểm", "bao nhiêu sở đạt mức khá",
             "sở nào có điểm HTKT cao nhất", "Sở Y tế hơn Sở Tư pháp bao nhiêu điểm",
             "sở nào chưa đạt tối đa CS&ĐT", "Điện Biên xếp thứ mấy cả nước",
             "Điểm trung bình khối sở", "huyện nào đứng cuối", "Điện Biên xếp thứ mấy",
             "các huyện hạng 5 đến 10", "sắp xếp các sở theo UD tăng dần"]


@pytest.fixture
def service(db) -> AnswerService:
    return AnswerService(db)


@pytest.mark.parametrize("text", QUESTIONS)
def test_new_kinds_give_inline_results_telegram_accepts(service, text):
    answer = service.ask(text)
    articles = build_results([answer], service.snapshot)
    assert articles
    _within_limits(articles)
    if answer.kind == "clarify":  # inline offers each candidate's card instead
        assert [a.title for a in articles] == [c.unit for c in answer.candidates]
        return
    first = answer.text.splitlines()[0]
    assert any(first in parse_telegram_html(_text(a))[0] for a in articles)
