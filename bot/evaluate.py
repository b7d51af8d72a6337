"""A structured question, computed against the snapshot: which units, which figures.

Pure: the snapshot (and the national ranks) come in; an `Evaluation` goes out, holding the
contract's Answer without any text, and what the render step needs to word it. Every group
is ranked in its own group; two groups are never mixed into one ranking.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from bot.answer import candidate, to_result
from bot.contract import Answer, Kind, Result, Stats
from bot.national import NationalRank
from bot.query_grammar import Question
from scoring.models import YearResult
from storage.snapshot import Snapshot

Figure = float | str | None


@dataclass(frozen=True)
class Section:
    """One group's part of a list answer."""

    group: str
    results: tuple[Result, ...]
    tied: bool = False  # a superlative shared by every unit here


@dataclass(frozen=True)
class Evaluation:
    """The answer as data, and what the render step needs to say it."""

    answer: Answer
    question: Question
    reason: str | None = None  # no_data: "year", "unit_year", "rank_only"; help: the op
    sections: tuple[Section, ...] = ()
    national: tuple[NationalRank, ...] = ()
    missing: str | None = None  # the unit a no_data answer is about
    extra: dict[str, Any] = field(default_factory=dict)


# -- figures ---------------------------------------------------------------------------------


def _get(mapping: Any, key: str) -> Any:
    """A dict keyed by enum members or by plain strings (both compare equal to the key)."""
    if mapping is None:
        return None
    if isinstance(mapping, dict):
        return mapping.get(key)
    return getattr(mapping, key, None)


def figure(result: Any, measure: str) -> Figure:
    """One figure of a stored result (`YearResult` or the contract's `Result`)."""
    if measure == "total":
        return result.total
    if measure == "rank":
        return result.rank
    if measure == "level":
        level = result.level
        return None if level is None else str(getattr(level, "value", level))
    if measure == "rank_change":
        return result.rank_change
    if measure.startswith("rank:"):
        return _get(result.subindex_ranks, measure[5:])
    return _get(result.scores, measure)


def lower_is_better(measure: str) -> bool:
    return measure == "rank" or measure.startswith("rank:")


def _numeric(measure: str) -> str:
    """The number a measure is ordered by: a level by the total that made it."""
    return "total" if measure == "level" else measure


def maximum(snapshot: Snapshot, year: int, measure: str) -> float | None:
    edition = snapshot.edition(year)
    if measure in ("total", "level"):
        return edition.total_maximum
    sub = edition.subindex(measure)
    return sub.maximum if sub is not None else None


def valid_measure(snapshot: Snapshot, year: int, measure: str | None) -> bool:
    """Whether the edition in force knows `measure` (a sub-index key it has, or a common one)."""
    if measure is None or measure in ("total", "rank", "level", "rank_change"):
        return True
    key = measure[5:] if measure.startswith("rank:") else measure
    return snapshot.edition(year).subindex(key) is not None


# -- filters ---------------------------------------------------------------------------------


def _passes(result: Any, q: Question, snapshot: Snapshot, year: int) -> bool:
    measure = q.measure or "total"
    if q.low is not None or q.high is not None:
        value = figure(result, _numeric(measure))
        if not isinstance(value, int | float):
            return False
        if q.low is not None and (value <= q.low if q.low_open else value < q.low):
            return False
        if q.high is not None and (value >= q.high if q.high_open else value > q.high):
            return False
    if q.level is not None:
        level = figure(result, "level")
        if level is None:
            return False
        if q.below_level:
            keys = [band.key for band in snapshot.edition(year).levels]
            if level not in keys or q.level not in keys:
                return False
            if keys.index(level) <= keys.index(q.level):
                return False
        elif level != q.level:
            return False
    if q.at_max is not None:
        top = maximum(snapshot, year, _numeric(measure))
        value = figure(result, _numeric(measure))
        if top is None or not isinstance(value, int | float):
            return False
        if (value >= top) != q.at_max:
            return False
    if q.direction is not None:
        change = result.rank_change
        if change is None:
            return False
        if {"up": change <= 0, "down": change >= 0, "same": change != 0}[q.direction]:
            return False
    return True


def _sort_key(measure: str, best_first: bool) -> Callable[[Any], tuple]:
    """Best first by `measure` (rank: smallest first), ties kept in rank order."""
    numeric = _numeric(measure)
    sign = 1 if lower_is_better(numeric) else -1
    if not best_first:
        sign = -sign

    def key(result: Any) -> tuple:
        value = figure(result, numeric)
        missing = not isinstance(value, int | float)
        return (missing, 0 if missing else sign * cast(float, value), result.rank or 10**6)

    return key


# -- the evaluation ----------------------------------------------------------------------------


def _answer(q: Question, kind: Kind, year: int | None, **fields: Any) -> Answer:
    return Answer(query=q.text, kind=kind, year=year, **fields)


def evaluate(q: Question, snapshot: Snapshot,
             national: Sequence[NationalRank] = ()) -> Evaluation:
    """The answer to `q` as data (no text yet)."""
    if q.op in ("help", "greeting", "thanks", "out_of_scope", "needs_unit"):
        return Evaluation(_answer(q, "help", None), q, reason=q.op)
    if q.op == "clarify":
        q = _settled_by_year(q, q.year if q.year is not None else snapshot.latest_year,
                             snapshot)
    if q.op == "clarify":
        return Evaluation(_answer(q, "clarify", q.year, candidates=[
            candidate(u, snapshot) for u in q.candidates]), q)
    if q.op == "about":
        return Evaluation(_answer(q, "about", None), q)
    if q.op == "national":
        rows = tuple(r for r in national if q.year is None or r.year == q.year)
        return Evaluation(_answer(q, "help" if not rows else "about", q.year), q,
                          reason="national", national=rows or tuple(national))
    year = q.year if q.year is not None else snapshot.latest_year
    if year is None or year not in snapshot.years:
        return Evaluation(_answer(q, "no_data", q.year), q, reason="year")
    scored = year in snapshot.scored_years
    if not valid_measure(snapshot, year, q.measure):
        reason = "measure" if scored else "rank_only"
        return Evaluation(_answer(q, "no_data", year), q, reason=reason)
    if not scored and q.measure == "total" and "measure" not in q.said and q.op in (
            "top", "sort", "list"):
        q = dataclasses.replace(q, measure="rank")  # "đứng đầu" in a year of ranks only
    needs_scores = q.measure is not None and not (
        q.measure in ("rank", "rank_change") or (q.op == "card"))
    if q.op in ("card", "improve"):
        return _card(q, year, snapshot)
    if needs_scores and not scored and q.op not in ("compare",):
        return Evaluation(_answer(q, "no_data", year, measure=q.measure), q, reason="rank_only")
    if q.level is not None and not scored:
        return Evaluation(_answer(q, "no_data", year), q, reason="rank_only")
    if q.op in ("value", "compare"):
        return _units(q, year, snapshot)
    if q.op == "neighbour":
        return _neighbour(q, year, snapshot)
    if q.op in ("count", "aggregate"):
        return _stats(q, year, snapshot)
    return _list(q, year, snapshot)


def _card(q: Question, year: int, snapshot: Snapshot) -> Evaluation:
    unit_id = q.unit_ids[0]
    stored = snapshot.result(unit_id, year)
    successor = _successor_in(unit_id, year, snapshot) if stored is None else None
    if stored is None and successor is not None:  # merged: the successor's result, said so
        carried = cast(YearResult, snapshot.result(successor, year))
        return Evaluation(_answer(q, "unit", year, results=[to_result(carried, snapshot)]), q,
                          extra={"merged_from": unit_id})
    if stored is None:
        return Evaluation(_answer(q, "no_data", year), q, reason="unit_year", missing=unit_id)
    return Evaluation(_answer(q, "unit", year, results=[to_result(stored, snapshot)]), q)


def _successor_in(unit_id: str, year: int, snapshot: Snapshot) -> str | None:
    """The unit that carries `unit_id`'s results in `year`, after a merger (or a chain)."""
    unit = snapshot.registry.get(unit_id)
    seen = {unit_id}
    while unit.until_year is not None and year > unit.until_year and unit.successor:
        if unit.successor in seen or unit.successor not in snapshot.registry:
            return None
        seen.add(unit.successor)
        unit = snapshot.registry.get(unit.successor)
    return unit.id if unit.id != unit_id and snapshot.result(unit.id, year) else None


def _settled_by_year(q: Question, year: int | None, snapshot: Snapshot) -> Question:
    """A name shared by units of different years (huyện and xã Mường Nhé) is settled by the
    year asked (or the latest): only units existing that year remain."""
    if year is None:
        return q
    existing = [u for u in q.candidates if snapshot.registry.get(u).exists_in(year)]
    if len(existing) == 1 and len(existing) < len(q.candidates):
        return dataclasses.replace(q, op="card", unit_ids=(existing[0],), candidates=())
    if existing and len(existing) < len(q.candidates):
        return dataclasses.replace(q, candidates=tuple(existing))
    return q


def _units(q: Question, year: int, snapshot: Snapshot) -> Evaluation:
    stored = [snapshot.result(u, year) for u in q.unit_ids]
    for unit_id, found in zip(q.unit_ids, stored, strict=True):
        if found is None:
            return Evaluation(_answer(q, "no_data", year), q, reason="unit_year",
                              missing=unit_id)
    results = [to_result(r, snapshot) for r in stored if r is not None]
    if q.op == "value":
        return Evaluation(_answer(q, "value", year, results=results, measure=q.measure), q)
    edition = snapshot.edition(year)
    measures = ["total", "rank", "rank_change", *edition.subindex_keys]
    differences: dict[str, float | None] = {}
    for measure in measures:
        first, second = figure(results[0], measure), figure(results[1], measure)
        differences[measure] = (round(second - first, edition.decimals + 1)
                                if isinstance(first, int | float)
                                and isinstance(second, int | float) else None)
    return Evaluation(_answer(q, "compare", year, results=results, measure=q.measure,
                              differences=differences), q)


def _groups(q: Question, snapshot: Snapshot, year: int) -> list[str]:
    keys = list(snapshot.edition(year).group_keys)
    return [q.group] if q.group in keys else keys


def _neighbour(q: Question, year: int, snapshot: Snapshot) -> Evaluation:
    unit_id = q.unit_ids[0]
    stored = snapshot.result(unit_id, year)
    if stored is None or stored.rank is None:
        return Evaluation(_answer(q, "no_data", year), q, reason="unit_year", missing=unit_id)
    table = [r for r in snapshot.table(year, str(stored.group)) if r.rank is not None]
    ranks = sorted({cast(int, r.rank) for r in table})  # the table keeps ranked units only
    above = [rank for rank in ranks if rank < stored.rank]
    below = [rank for rank in ranks if rank > stored.rank]
    target = (above[-1] if above else None) if q.neighbour < 0 else (below[0] if below else None)
    found = tuple(to_result(r, snapshot) for r in table if r.rank == target)
    group = str(getattr(stored.group, "value", stored.group))
    return Evaluation(
        _answer(q, "list", year, results=list(found), order_by="rank", descending=False,
                measure="rank"),
        q, sections=(Section(group, found),), extra={"of": to_result(stored, snapshot)})


def _list(q: Question, year: int, snapshot: Snapshot) -> Evaluation:
    sections: list[Section] = []
    measure = q.measure or ("rank_change" if q.direction else "total")
    order_by: str | None = _numeric(measure)
    descending = not lower_is_better(_numeric(measure))
    for group in _groups(q, snapshot, year):
        table = list(snapshot.table(year, group))
        tied = False
        if q.op == "list" and q.measure is None:
            chosen = [r for r in table if q.level is None or figure(r, "level") == q.level]
            if not q.best:
                chosen = chosen[::-1]
            if q.limit is not None:
                chosen = chosen[:q.limit]
            order_by, descending = "rank", not q.best
        elif q.op == "position":
            ranks = [r.rank for r in table if r.rank is not None]
            wanted = max(ranks, default=None) if q.position == -1 else q.position
            chosen = [r for r in table if r.rank == wanted and wanted is not None]
            order_by, descending = "rank", False
        else:
            chosen = [r for r in table if _passes(r, q, snapshot, year)]
            key = _sort_key(measure, q.best)
            chosen = [r for r in sorted(chosen, key=key)
                      if isinstance(figure(r, order_by or "total"), int | float)]
            if q.op == "top" and chosen and q.limit is None:
                best = figure(chosen[0], _numeric(measure))
                chosen = [r for r in chosen if figure(r, _numeric(measure)) == best]
                tied = len(chosen) > 1
            elif q.limit is not None:
                chosen = chosen[:q.limit]
            if not q.best:
                descending = not descending
        sections.append(Section(group, tuple(to_result(r, snapshot) for r in chosen), tied))
    results = [r for s in sections for r in s.results]
    return Evaluation(
        _answer(q, "list", year, results=results, order_by=order_by, descending=descending,
                measure=None if q.op == "list" and q.measure is None else _numeric(measure)),
        q, sections=tuple(sections))


def _stats(q: Question, year: int, snapshot: Snapshot) -> Evaluation:
    measure = q.measure or "total"
    chosen = [r for group in _groups(q, snapshot, year) for r in snapshot.table(year, group)
              if _passes(r, q, snapshot, year)]
    values = [v for v in (figure(r, measure) for r in chosen) if isinstance(v, int | float)]
    decimals = snapshot.edition(year).decimals
    stats = Stats(
        count=len(chosen),
        mean=round(statistics.fmean(values), decimals + 1) if values else None,
        median=round(statistics.median(values), decimals + 1) if values else None,
        min=min(values) if values else None,
        max=max(values) if values else None,
    )
    results = [to_result(r, snapshot) for r in chosen]
    sections = tuple(
        Section(group, tuple(r for r in results if r.group == group))
        for group in _groups(q, snapshot, year))
    return Evaluation(_answer(q, "stats", year, results=results, measure=measure, stats=stats),
                      q, sections=sections)
