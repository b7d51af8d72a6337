"""The contract's Answer for a question: computed by `evaluate`, worded by `present`.

Pure: the snapshot is passed in, nothing is read or written here. `to_result` and
`candidate` put stored rows into the contract's shape for every answer module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.contract import Answer, Candidate, Predecessor, Result, Successor
from bot.query import Query
from scoring.models import YearResult
from storage.snapshot import Snapshot, shipped_editions

if TYPE_CHECKING:
    from bot.national import NationalRank
    from bot.query_grammar import Question


def to_result(result: YearResult, snapshot: Snapshot) -> Result:
    """A stored result in the contract's shape, with the unit's whole rank history."""
    unit = snapshot.registry.get(result.unit_id)
    edition = snapshot.edition(result.year)
    band = edition.level(result.level) if result.level else None
    successor = snapshot.registry.successor_of(unit.id)
    return Result(
        unit=unit.name_in(result.year),
        unit_id=unit.id,
        group=result.group,
        year=result.year,
        rank=result.rank,
        total=result.total,
        level=result.level,
        level_name=band.name if band is not None else None,
        scores=dict(result.scores) if result.scores else None,
        subindex_ranks=dict(result.subindex_ranks) if result.subindex_ranks else None,
        maxima=edition.maxima() if result.scores else None,
        group_size=snapshot.group_size(result.year, result.group),
        rank_history={str(y): r for y, r in snapshot.rank_history(unit.id).items()},
        rank_change=result.rank_change,
        successor=Successor(
            unit=successor.name, unit_id=successor.id,
            from_year=unit.until_year + 1 if unit.until_year is not None else successor.from_year,
        ) if successor is not None else None,
        predecessors=[
            Predecessor(unit=p.name_in(p.until_year or result.year), unit_id=p.id,
                        until_year=p.until_year)
            for p in snapshot.registry.predecessors_of(unit.id)],
        notes=list(result.notes),
    )


def candidate(unit_id: str, snapshot: Snapshot) -> Candidate:
    unit = snapshot.registry.get(unit_id)
    return Candidate(unit=unit.name, unit_id=unit.id, group=unit.group)


def help_answer(text: str, *, not_understood: bool = True) -> Answer:
    """The help text (with "not understood" when something was typed and `not_understood`)."""
    from bot.query_grammar import Question

    question = Question("help", text=text if not_understood else "")
    return _finish(question, None).model_copy(update={"query": text})


def answer_question(question: Question, snapshot: Snapshot | None,
                    national: Sequence[NationalRank] = ()) -> Answer:
    """The whole answer to a structured question: computed, then rendered."""
    return _finish(question, snapshot, national)


def _finish(question: Question, snapshot: Snapshot | None,
            national: Sequence[NationalRank] = ()) -> Answer:
    from bot.evaluate import Evaluation, evaluate
    from bot.present import present

    if snapshot is None or question.op == "help":
        evaluation = Evaluation(
            Answer(query=question.text, kind="help", year=None), question, reason="help")
        return present(evaluation, snapshot)  # type: ignore[arg-type]
    if not len(snapshot.editions):  # a database from before editions: the shipped ones
        snapshot = dataclasses.replace(snapshot, editions=shipped_editions())
    return present(evaluate(question, snapshot, national), snapshot)


def question_of(text: str, query: Query) -> Question:
    """The structured question a short-form `Query` stands for (buttons, inline, /top)."""
    from bot.query_grammar import Question

    op = {"unit": "improve" if query.improve else "card", "compare": "compare",
          "clarify": "clarify", "about": "about", "help": "help"}.get(query.kind, "list")
    return Question(
        op, unit_ids=query.unit_ids, candidates=query.candidates,  # type: ignore[arg-type]
        group=None if query.group is None else str(query.group), year=query.year,
        level=None if query.level is None else str(query.level), limit=query.limit,
        best=query.order == "best", topic=query.topic, text=text)


def build_answer(text: str, query: Query, snapshot: Snapshot) -> Answer:
    """The one answer to `text`, already understood as `query`."""
    return answer_question(question_of(text, query), snapshot)


def improve_answer(text: str, unit_id: str, year: int, snapshot: Snapshot) -> Answer:
    """Kind "unit": the unit's figures, with what it needs to reach the next level as text."""
    return build_answer(text, Query("unit", year, unit_ids=(unit_id,), improve=True), snapshot)
