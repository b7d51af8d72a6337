"""Inline mode: `@bot sở y tế` offers cards and lists within Telegram's limits."""

from __future__ import annotations

import json

import pytest

from bot.contract import Answer
from bot.service import AnswerService
from bot.telegram.inline import CACHE_SECONDS, MAX_RESULTS, build_results, default_answers
from bot.words import inline_mode
from tests.keys2019 import Group
from tests.support.fake_bot_api import parse_telegram_html, utf16_len

USER = 601
QUERIES = ["sở y tế", "huyện khá", "so giao", "xếp hạng", "top 3 sở", "5 huyện thấp nhất",
           "so sánh Sở Y tế và Sở Tư pháp", "năm 1999", "Sở Nội vụ 2018", "<b>&</b>",
           "các đơn vị mức trung bình 2019", "Mường Nhé", "stttt", "cách tính điểm"]


@pytest.fixture
def service(db) -> AnswerService:
    return AnswerService(db)


def _text(article) -> str:
    return article.input_message_content.message_text


def _within_limits(articles) -> None:
    assert len(articles) <= MAX_RESULTS
    ids = [a.id for a in articles]
    assert len(set(ids)) == len(ids)
    for article in articles:
        assert 1 <= len(article.id.encode()) <= 64
        assert article.title.strip()
        plain, _ = parse_telegram_html(_text(article))  # raises where Telegram would refuse
        assert 0 < utf16_len(plain) <= 4096


@pytest.mark.parametrize("text", QUERIES)
def test_every_kind_of_query_gives_results_telegram_accepts(service, text):
    _within_limits(build_results([service.ask(text)], service.snapshot))


def test_unit_query_offers_the_same_card_as_a_private_chat(service):
    answer = service.ask("sở y tế")
    [card] = build_results([answer], service.snapshot)
    assert card.title == "Sở Y tế"
    assert _text(card) == answer.html
    assert "hạng 1/19 khối sở" in card.description


def test_list_comes_first_then_each_listed_units_card(service):
    answer = service.ask("huyện khá")
    articles = build_results([answer], service.snapshot)
    assert _text(articles[0]) == answer.html
    assert [a.title for a in articles[1:]] == [r.unit for r in answer.results]
    assert all(a.id == f"u:{r.unit_id}:{r.year}" for a, r in zip(
        articles[1:], answer.results, strict=True))


def test_clarify_offers_one_card_per_candidate(service):
    answer = service.ask("so giao")
    assert answer.kind == "clarify"
    articles = build_results([answer], service.snapshot)
    assert [a.title for a in articles] == [c.unit for c in answer.candidates]


def test_list_of_both_groups_is_titled_for_both(service):
    articles = build_results([service.ask("xếp hạng")], service.snapshot)
    assert articles[0].title == inline_mode.inline_both_groups_title(2019, 29)
    assert len(articles) == 30


def test_results_are_capped_at_fifty_without_duplicates(service):
    every = [r for year in (2017, 2018, 2019)
             for r in service.ask(f"xếp hạng {year}").results]
    huge = Answer(query="", kind="list", year=2019, results=every + every[:5],
                  html="<b>Danh sách</b>", text="Danh sách")
    articles = build_results([huge], service.snapshot)
    assert len(every) > MAX_RESULTS
    assert len(articles) == MAX_RESULTS
    _within_limits(articles)


def test_nothing_understood_gives_no_result(service):
    assert build_results([service.ask("asdkjh qwe")], service.snapshot) == []


def test_empty_query_offers_the_top_of_each_group(service):
    answers = default_answers(service.snapshot)
    articles = build_results(answers, service.snapshot)
    assert [a.kind for a in answers] == ["list", "list"]
    assert [len(a.results) for a in answers] == [5, 5]
    assert articles[0].title.startswith("Khối sở, ban, ngành tỉnh")
    assert articles[1].title.startswith("Khối UBND huyện, thị xã, thành phố")
    assert articles[2].title == service.snapshot.registry.get(
        service.snapshot.table(2019, Group.SO)[0].unit_id).name
    _within_limits(articles)


# ---------------------------------------------------------------- through the fake Bot API

async def _inline(api, text: str) -> tuple[list[dict], dict]:
    query_id = api.send_inline_query(USER, text)
    await api.wait_for(lambda s: query_id in s.inline_answers, timeout=5)
    return api.inline_answers[query_id], api.inline_answer_options[query_id]


@pytest.mark.usefixtures("bot_app")
async def test_inline_query_answers_with_the_units_card(fake_api):
    results, options = await _inline(fake_api, "sở y tế")
    assert [r["title"] for r in results] == ["Sở Y tế"]
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "Tổng điểm: <b>198,5</b>/200" in content["message_text"]
    assert int(options["cache_time"]) == CACHE_SECONDS
    assert options["is_personal"] == "false"


@pytest.mark.usefixtures("bot_app")
async def test_inline_list_and_defaults_stay_within_limits(fake_api):
    listed, _ = await _inline(fake_api, "huyện khá")
    assert len(listed) == 10
    assert listed[0]["title"].startswith("Khối UBND huyện, thị xã, thành phố")
    defaults, _ = await _inline(fake_api, "")
    assert len(defaults) == 12
    everything, _ = await _inline(fake_api, "xếp hạng")
    assert len(everything) == 30


@pytest.mark.usefixtures("bot_app")
async def test_inline_query_not_understood_offers_a_way_into_the_bot(fake_api):
    results, options = await _inline(fake_api, "asdkjh qwe")
    assert results == []
    assert json.loads(options["button"]) == {"text": inline_mode.INLINE_NOT_FOUND_BUTTON,
                                             "start_parameter": "help"}
