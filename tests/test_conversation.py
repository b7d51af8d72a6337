"""Follow-ups in a chat: context per chat, for 30 minutes, in memory; whole questions ignore it."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest

from bot.conversation import CONTEXT_SECONDS, Conversations
from bot.service import AnswerService
from tests.question_matrix import BY_ID
from tests.test_answers import SCHEMA
from tests.test_ask_cli import egov


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(db, clock) -> AnswerService:
    return AnswerService(db, clock=clock)


def test_a_follow_up_takes_the_unit_and_figure_from_the_chat(service):
    service.ask("Sở Y tế được bao nhiêu điểm", chat=1)
    answer = service.ask("còn Sở Tư pháp thì sao?", chat=1)
    assert (answer.kind, answer.measure, [r.unit_id for r in answer.results]) == (
        "value", "total", ["so-tu-phap"])
    assert answer.text.startswith(f"Sở Tư pháp năm 2019 được {BY_ID['so-tu-phap'].total:.1f}"
                                  .replace(".", ","))


def test_a_year_alone_changes_the_year_of_the_previous_question(service):
    service.ask("Sở Nội vụ xếp thứ mấy", chat=1)
    answer = service.ask("còn năm 2018?", chat=1)
    assert (answer.kind, answer.year, answer.measure) == ("value", 2018, "rank")
    assert answer.results[0].rank == BY_ID["so-noi-vu"].rank_2018


def test_context_is_kept_per_chat(service):
    service.ask("Sở Y tế", chat=1)
    service.ask("Tuần Giáo", chat=2)
    assert service.ask("xếp thứ mấy?", chat=1).results[0].unit_id == "so-y-te"
    assert service.ask("xếp thứ mấy?", chat=2).results[0].unit_id == "h-tuan-giao"


def test_context_is_forgotten_after_30_minutes(service, clock):
    service.ask("Sở Y tế", chat=1)
    clock.now += CONTEXT_SECONDS - 1
    assert service.ask("xếp thứ mấy?", chat=1).kind == "value"
    clock.now += CONTEXT_SECONDS + 1
    assert service.ask("xếp thứ mấy?", chat=1).kind == "help"


def test_a_whole_question_ignores_the_context(service):
    service.ask("Sở Y tế được bao nhiêu điểm", chat=1)
    answer = service.ask("Sở Xây dựng 2019", chat=1)
    assert (answer.kind, answer.measure, answer.results[0].unit_id) == (
        "unit", None, "so-xay-dung")


def test_without_a_chat_nothing_is_remembered(service):
    service.ask("Sở Y tế")
    assert service.ask("xếp thứ mấy?").kind == "help"


def test_so_voi_compares_with_the_previous_unit(service):
    service.ask("Sở Y tế được bao nhiêu điểm", chat=7)
    answer = service.ask("so với Sở Nội vụ?", chat=7)
    assert [r.unit_id for r in answer.results] == ["so-y-te", "so-noi-vu"]
    assert answer.differences is not None
    assert answer.differences["total"] == pytest.approx(
        BY_ID["so-noi-vu"].total - BY_ID["so-y-te"].total)


def test_the_store_forgets_the_oldest_chats_first():
    store = Conversations(ttl=60, clock=lambda: 0.0)
    from bot.query_grammar import Question

    store.put("a", Question("card", unit_ids=("so-y-te",)))
    assert store.get("a") is not None
    assert store.get("b") is None


def test_ask_conversation_reads_stdin_as_one_chat(db_path):
    lines = ["Sở Y tế được bao nhiêu điểm", "còn Sở Tư pháp thì sao?", "xếp thứ mấy?",
             "so với Sở Nội vụ?", "cảm ơn"]
    proc = egov("ask", "--json", "--conversation", "-", stdin=subprocess.PIPE,
                stdout=subprocess.PIPE)
    assert proc.stdin is not None
    assert proc.stdout is not None
    answers = []
    for line in lines:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        answers.append(json.loads(proc.stdout.readline()))  # flushed per line, or this hangs
    proc.stdin.close()
    assert proc.wait(timeout=10) == 0
    proc.stdout.close()
    for answer in answers:
        jsonschema.validate(answer, SCHEMA)
    assert [(a["kind"], a["measure"]) for a in answers] == [
        ("value", "total"), ("value", "total"), ("value", "rank"), ("compare", "rank"),
        ("help", None)]
    assert [r["unit_id"] for r in answers[2]["results"]] == ["so-tu-phap"]
    assert [r["unit_id"] for r in answers[3]["results"]] == ["so-tu-phap", "so-noi-vu"]
    assert answers[4]["text"].startswith("Không có gì")


def test_ask_without_conversation_keeps_lines_independent(db_path):
    proc = subprocess.run(
        [*egov_args(), "ask", "--json", "-"], input="Sở Y tế\nxếp thứ mấy?\n",
        capture_output=True, text=True, check=True, cwd=_repo())
    kinds = [json.loads(line)["kind"] for line in proc.stdout.splitlines()]
    assert kinds == ["unit", "help"]


def egov_args() -> list[str]:
    import sys

    return [sys.executable, "-m", "bot.cli"]


def _repo():
    from tests.conftest import REPO

    return REPO
