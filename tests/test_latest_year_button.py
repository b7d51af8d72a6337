"""A year with no data offers the same question for the latest published year (issue 11)."""

from __future__ import annotations

import pytest

from bot.ask_again import question_slug, question_text
from bot.telegram.callbacks import Callback, encode
from bot.telegram.payloads import StaleButton, parse
from bot.words import cards
from bot.words.latest_year import BUTTON_LATEST_YEAR

pytestmark = pytest.mark.usefixtures("bot_transport", "bot_app")
USER = 502
LATEST = 2019  # the shipped data's latest published year


async def ask(api, text: str, chat_id: int = USER):
    before = len(api.sent(chat_id))
    api.send_text(chat_id, text)
    await api.wait_for(lambda s: len(s.sent(chat_id)) > before, timeout=5)
    return api.sent(chat_id)[before:]


async def press(api, message, data: str, chat_id: int = USER):
    before = len(api.sent(chat_id))
    api.press_button(chat_id, message.message_id, data)
    await api.wait_for(lambda s: len(s.sent(chat_id)) > before, timeout=5)
    return api.sent(chat_id)[before:]


async def test_a_missing_year_offers_the_latest_year_and_the_button_asks_again(fake_api):
    [reply] = await ask(fake_api, "Sở Y tế năm 2016")
    assert "Chưa có kết quả năm 2016" in reply.text
    assert reply.callback_data == ["a::2019:so-y-te"]
    assert BUTTON_LATEST_YEAR.format(year=LATEST) in [b["text"] for row in reply.buttons
                                                      for b in row]
    [card] = await press(fake_api, reply, reply.callback_data[0])
    assert "Sở Y tế" in card.text
    assert "198,5/200" in card.text  # the 2019 report: Sở Y tế 198.5 of 200
    assert "2016" not in card.text
    assert fake_api.callback_answers


async def test_a_list_for_a_missing_year_is_listed_for_the_latest_year(fake_api):
    [reply] = await ask(fake_api, "bảng xếp hạng khối huyện năm 2015")
    [data] = reply.callback_data
    assert data == "a::2019:bang-xep-hang-khoi-huyen"
    [listing] = await press(fake_api, reply, data)
    assert "2019" in listing.text
    assert "Mường Ảng" in listing.text
    assert "Sở Y tế" not in listing.text


async def test_other_no_data_answers_have_no_such_button(fake_api):
    # a published year of ranks only: no scores that year, but the year is not missing
    [reply] = await ask(fake_api, "điểm HTKT của Sở Y tế năm 2018")
    assert "2018" in reply.text
    assert "Chưa có kết quả năm" not in reply.text
    assert not any(d.startswith("a:") for d in reply.callback_data)


async def test_an_ask_button_for_an_unpublished_year_is_stale(fake_api):
    [reply] = await ask(fake_api, "Sở Y tế")
    fake_api.press_button(USER, reply.message_id, "a::2031:so-y-te", forged=True)
    await fake_api.wait_for(lambda s: s.callback_answers, timeout=5)
    assert [(a.text, a.show_alert) for a in fake_api.callback_answers] == [
        (cards.BUTTON_GONE, True)]


@pytest.mark.parametrize(("text", "slug"), [
    ("Sở Y tế năm 2016", "so-y-te"),
    ("Sở Y tế 2016", "so-y-te"),
    ("Sở Y tế năm 16", "so-y-te"),
    ("Sở Y tế '16", "so-y-te"),
    ("top 5 sở năm ngoái", "top-5-so"),
    ("Sở Y tế 2 năm trước", "so-y-te"),
    ("huyện nào trên 180,5 điểm năm 2015", None),  # a decimal cannot travel
    ("sở nào đạt 35/35 năm 2015", None),
    ("2015", None),  # nothing left to ask
])
def test_the_question_travels_without_its_year(text: str, slug: str | None) -> None:
    assert question_slug(text) == slug


def test_the_carried_question_is_asked_for_the_given_year() -> None:
    assert question_text("so-y-te", 2019) == "so y te nam 2019"


@pytest.mark.parametrize(("data", "expected"), [
    ("a::2019:so-y-te", Callback("ask", (), 2019, "so-y-te")),
    ("g::2025:g-xa", Callback("chart", (), 2025, "g-xa")),
    ("g::2025:g-xa_phuong", Callback("chart", (), 2025, "g-xa_phuong")),
])
def test_new_payloads_round_trip(data: str, expected: Callback) -> None:
    assert parse(data) == expected
    assert encode(expected) == data


@pytest.mark.parametrize("data", [
    "a::0:so-y-te", "a:so-y-te:2019:so-y-te", "a::2019", "a::2019:so_y_te", "a::2019:-so",
    "g:so-y-te:2025:g-xa",
])
def test_malformed_ask_and_group_payloads_are_stale(data: str) -> None:
    assert isinstance(parse(data), StaleButton)
