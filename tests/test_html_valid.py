"""Every answer is HTML the strict server accepts: every matrix query, every unit and year,
every button view; every button's data fits Telegram's 64 bytes."""

from __future__ import annotations

import pytest

from bot import views
from bot.answer import build_answer
from bot.query import Query
from bot.service import AnswerService
from bot.telegram.keyboards import answer_keyboard, compare_pick_keyboard, unit_keyboard
from bot.telegram.split import split_html
from tests.query_cases import all_texts
from tests.support.fake_bot_api import fix_formatted_text, parse_telegram_html, utf16_len


def assert_sendable(html: str) -> None:
    for part in split_html(html):
        text, _ = fix_formatted_text(*parse_telegram_html(part))
        assert 0 < utf16_len(text) <= 4096, part


def assert_buttons_fit(markup) -> None:
    if markup is None:
        return
    for row in markup.inline_keyboard:
        for button in row:
            assert button.text
            assert 1 <= len(button.callback_data.encode()) <= 64


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> AnswerService:
    from storage.store import ensure_database
    from tests.conftest import DATA

    return AnswerService(ensure_database(tmp_path_factory.mktemp("db") / "e.db", DATA))


def test_every_matrix_query_renders_sendable_html(service):
    texts = all_texts()
    assert len(texts) >= 300
    for text in texts:
        answer = service.ask(text)
        assert_sendable(answer.html)
        assert_buttons_fit(answer_keyboard(answer, service.snapshot))


def test_every_unit_year_and_button_view_is_sendable(service):
    snapshot = service.snapshot
    for unit in snapshot.registry:
        assert_sendable(views.history_view(unit.id, snapshot))
        for year in snapshot.years:
            answer = build_answer("", Query(kind="unit", unit_ids=(unit.id,), year=year),
                                  snapshot)
            assert answer.kind == "unit"
            assert_sendable(answer.html)
            assert_buttons_fit(unit_keyboard(unit.id, year, snapshot))
            assert_buttons_fit(compare_pick_keyboard(unit.id, year, snapshot))
            assert_sendable(views.compare_pick_view(unit.id, year, snapshot))
            detail = views.detail_view(unit.id, year, snapshot)
            assert (detail is None) == (year not in snapshot.scored_years)
            if detail is not None:
                assert_sendable(detail)


def test_hostile_text_is_escaped_not_echoed(service):
    for text in ["<b>Sở Y tế", "Sở Y tế</pre>", "&amp; <a href='x'>", "<script>x</script>"]:
        answer = service.ask(text)
        assert_sendable(answer.html)
        assert "<script>" not in answer.html
        assert "<a href" not in answer.html
