"""The question matrix (tests/question_matrix.py): every kind of question, answered with the
figures computed independently from the data files, every answer valid against the schema."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.contract import Answer
from bot.service import AnswerService
from tests.question_matrix import CASE_LIST, CASES, Case
from tests.test_answers import VALIDATOR


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    from storage.store import ensure_database
    from tests.conftest import DATA

    db = ensure_database(tmp_path_factory.mktemp("db") / "q.db", DATA)
    yield db
    db.close()


@pytest.fixture(scope="module")
def services(database):
    made: dict[int, AnswerService] = {}

    def service(year: int) -> AnswerService:
        if year not in made:
            made[year] = AnswerService(database, today=lambda: date(year, 6, 1))
        return made[year]

    return service


def ask_all(service: AnswerService, case: Case) -> Answer:
    chat = f"chat-{case.id}"
    answer = None
    for text in case.texts:
        answer = service.ask(text, chat)
        VALIDATOR.validate(json.loads(answer.to_json()))
        assert answer.query == text
    assert answer is not None
    return answer


def check(answer: Answer, expect: dict) -> None:
    """Whole-value checks of the parts the case names."""
    if "kind" in expect:
        assert answer.kind == expect["kind"], answer.text[:300]
    if "not_kinds" in expect:
        assert answer.kind not in expect["not_kinds"], answer.text[:300]
    if "measure" in expect:
        assert answer.measure == expect["measure"]
    if "year" in expect:
        assert answer.year == expect["year"]
    if "units" in expect:
        assert [r.unit_id for r in answer.results] == expect["units"]
    if "unit_set" in expect:
        ids = [r.unit_id for r in answer.results]
        assert len(ids) == len(set(ids))
        assert set(ids) == expect["unit_set"], answer.text[:400]
    if "results" in expect:
        assert len(answer.results) == expect["results"]
    if "candidates" in expect:
        assert [c.unit_id for c in answer.candidates] == expect["candidates"]
    if "order_by" in expect:
        assert answer.order_by == expect["order_by"]
    if "stats" in expect:
        assert answer.stats is not None
        got = answer.stats.model_dump()
        for name, wanted in expect["stats"].items():
            assert got[name] == pytest.approx(wanted, abs=0.051), name
    if "differences" in expect:
        assert answer.differences is not None
        for name, wanted in expect["differences"].items():
            assert answer.differences[name] == pytest.approx(wanted, abs=1e-6), name
    first = answer.text.strip().splitlines()[0] if answer.text.strip() else ""
    if answer.kind == "value":
        first = next(line for line in answer.text.splitlines() if "năm" in line)
    for piece in expect.get("first_line", ()):
        assert piece in first, (piece, first)
    for piece in expect.get("text_has", ()):
        assert piece in answer.text, (piece, answer.text[:400])
    for piece in expect.get("text_lacks", ()):
        assert piece not in answer.text


def test_the_matrix_has_every_category_and_at_least_800_cases() -> None:
    assert len(CASE_LIST) >= 800
    for category in ("one figure", "superlative ud", "superlative rank_change", "position",
                     "threshold", "range", "at maximum", "level", "change", "count",
                     "aggregate", "comparison", "year two-digit", "year relative",
                     "conversation", "greeting", "thanks", "out of scope",
                     "distracting common words", "national"):
        assert CASES[category], category


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.category}: {c.id}") for c in CASE_LIST])
def test_question_matrix(services, case: Case) -> None:
    check(ask_all(services(case.today), case), case.expect)
