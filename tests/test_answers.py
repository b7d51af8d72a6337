"""Answers: the right figures for each kind of question, in the contract's shape."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from bot.contract import Answer
from bot.service import AnswerService

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "bot" / "answer.schema.json")
                    .read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


@pytest.fixture
def service(db) -> AnswerService:
    return AnswerService(db)


def ask(service: AnswerService, text: str) -> Answer:
    answer = service.ask(text)
    VALIDATOR.validate(json.loads(answer.to_json()))
    return answer


def test_unit_answer_has_every_published_figure(service):
    answer = ask(service, "Sở Thông tin và Truyền thông 2019")
    assert json.loads(answer.to_json())["results"] == [{
        "unit": "Sở Thông tin và Truyền thông", "unit_id": "so-tttt", "group": "so",
        "year": 2019, "rank": 2, "total": 196.5, "level": "kha", "level_name": "khá",
        "scores": {"htkt": 25.0, "ud": 106.5, "htnl": 30.0, "csdt": 35.0},
        "subindex_ranks": {"htkt": 1, "ud": 2, "htnl": 1, "csdt": 1},
        "maxima": {"total": 200.0, "htkt": 25.0, "ud": 110.0, "htnl": 30.0, "csdt": 35.0},
        "group_size": 19,
        "rank_history": {"2017": 4, "2018": 6, "2019": 2},
        "rank_change": 4, "successor": None, "predecessors": [], "notes": [],
    }]
    assert (answer.kind, answer.year) == ("unit", 2019)
    assert "196,5" in answer.text
    assert "2/19" in answer.text
    assert "tăng 4 bậc" in answer.text


def test_no_year_means_the_latest_published_year(service):
    assert ask(service, "so noi vu").year == 2019


def test_data_note_is_shown_beside_the_figure(service):
    answer = ask(service, "Tủa Chùa")
    assert answer.results[0].total == 180.4
    assert answer.results[0].notes == [
        "Tổng công bố 180,4; cộng các chỉ số thành phần được 180,5."]
    assert "Tổng công bố 180,4; cộng các chỉ số thành phần được 180,5." in answer.text


def test_rank_only_year_says_so_instead_of_inventing_scores(service):
    answer = ask(service, "Sở Nội vụ 2018")
    result = answer.results[0]
    assert (answer.kind, result.rank, result.total, result.scores, result.level) == (
        "unit", 12, None, None, None)
    assert result.rank_change == -7
    assert "chỉ công bố thứ hạng" in answer.text


@pytest.mark.parametrize("text", ["Sở Y tế 2020", "năm 1999", "huyện khá 2031"])
def test_year_without_data_lists_the_years_that_exist(service, text):
    answer = ask(service, text)
    assert answer.kind == "no_data"
    assert answer.results == []
    assert "2017 (chỉ có xếp hạng), 2018 (chỉ có xếp hạng), 2019" in answer.text


def test_level_list_in_rank_order(service):
    answer = ask(service, "huyện khá")
    assert answer.kind == "list"
    assert [r.rank for r in answer.results] == list(range(1, 10))
    assert {r.level for r in answer.results} == {"kha"}


def test_empty_list_is_a_real_answer(service):
    answer = ask(service, "danh sách đơn vị mức thấp")
    assert (answer.kind, answer.results) == ("list", [])
    assert answer.text.count("không có đơn vị nào") == 2


def test_top_and_bottom(service):
    assert [r.unit_id for r in ask(service, "top 3 sở").results] == [
        "so-y-te", "so-tttt", "so-gddt"]
    assert [r.rank for r in ask(service, "5 sở thấp nhất").results] == [19, 18, 17, 16, 15]


def test_levels_in_a_rank_only_year_are_not_invented(service):
    answer = ask(service, "sở khá 2018")
    assert answer.kind == "no_data"
    assert "chỉ công bố thứ hạng" in answer.text


def test_compare_shows_who_leads_each_subindex(service):
    answer = ask(service, "so sánh Sở Y tế và Sở Tư pháp")
    assert answer.kind == "compare"
    assert [r.unit_id for r in answer.results] == ["so-y-te", "so-tu-phap"]
    assert "HTKT     25,0   20,0  A" in answer.text
    assert "HTNL     30,0   30,0  =" in answer.text


def test_ambiguous_name_asks_which(service):
    answer = ask(service, "so giao")
    assert answer.kind == "clarify"
    assert answer.results == []
    assert {c.unit_id for c in answer.candidates} == {"so-gddt", "so-gtvt"}


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "asdkjhqwe", "<script>alert(1)</script>",
                                  "'; DROP TABLE results; --", "x" * 5000])
def test_anything_else_gets_polite_help(service, text):
    answer = ask(service, text)
    assert answer.kind == "help"
    assert "<script>" not in answer.html
    assert "Sở Y tế 2019" in answer.text


def test_answer_follows_a_publish_from_another_connection(db, db_path, data_dir, write_sheet):
    from storage.store import ensure_database, publish

    service = AnswerService(db)
    other = ensure_database(db_path, data_dir)
    publish(other, write_sheet(), 2020)
    other.close()
    service.refresh()
    assert ask(service, "Sở Y tế").year == 2020


@pytest.fixture(scope="module")
def shared_service(tmp_path_factory) -> AnswerService:
    from storage.store import ensure_database
    from tests.conftest import DATA

    return AnswerService(ensure_database(tmp_path_factory.mktemp("db") / "p.db", DATA))


def test_every_matrix_answer_validates_against_the_schema(shared_service):
    from tests.query_cases import all_texts

    for text in all_texts():
        ask(shared_service, text)


def test_random_text_always_gets_a_valid_answer(shared_service):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.text(max_size=300))
    def check(text: str) -> None:
        answer = ask(shared_service, text)
        assert answer.query == text

    check()
