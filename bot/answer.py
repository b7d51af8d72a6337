"""Look up what a parsed query asks for and build the contract's Answer. Pure: the snapshot
is passed in, nothing is read or written here."""

from __future__ import annotations

import dataclasses

from bot import render
from bot.about import about_html
from bot.contract import Answer, Candidate, Predecessor, Result, Successor
from bot.improve import improvement, improvement_html
from bot.query import Query
from bot.words import cards, extras
from bot.words.editions import merged_into
from scoring.models import YearResult
from storage.snapshot import Snapshot


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


def _settled_by_year(query: Query, year: int | None, snapshot: Snapshot) -> Query:
    """A name shared by units of different years (huyện and xã Mường Nhé) is settled by the
    year asked (or the latest): only units existing that year remain."""
    if year is None:
        return query
    existing = [u for u in query.candidates if snapshot.registry.get(u).exists_in(year)]
    if len(existing) == 1 and len(existing) < len(query.candidates):
        return dataclasses.replace(query, kind="unit", unit_ids=(existing[0],), candidates=())
    if existing and len(existing) < len(query.candidates):
        return dataclasses.replace(query, candidates=tuple(existing))
    return query


def _answer(text: str, kind: str, year: int | None, html: str, **fields) -> Answer:
    return Answer(query=text, kind=kind, year=year, html=html,
                  text=render.plain_text(html), **fields)


def _known_years(snapshot: Snapshot) -> str:
    rank_only = set(snapshot.years) - snapshot.scored_years
    return cards.years_list(list(snapshot.years), rank_only) or "chưa có"


def help_answer(text: str, *, not_understood: bool = True) -> Answer:
    return _answer(text, "help", None, cards.help_html(not_understood=not_understood))


def build_answer(text: str, query: Query, snapshot: Snapshot) -> Answer:
    """The one answer to `text`, already understood as `query`."""
    if query.kind == "help":
        return help_answer(text, not_understood=bool(text.strip()))
    if query.kind == "clarify":
        query = _settled_by_year(query, query.year or snapshot.latest_year, snapshot)
    if query.kind == "clarify":
        head = cards.CLARIFY if len(query.candidates) > 1 else cards.CLARIFY_ONE
        html = head + "\n" + "\n".join(
            f"{i}. {render.esc(snapshot.registry.get(u).name)}"
            for i, u in enumerate(query.candidates, start=1)) + "\n" + cards.CLARIFY_TYPE
        return _answer(text, "clarify", query.year, html,
                       candidates=[candidate(u, snapshot) for u in query.candidates])
    if query.kind == "about":  # the edition of the year asked, or of the latest year
        asked = query.year if query.year is not None else snapshot.latest_year
        edition = snapshot.edition(asked) if asked is not None and len(snapshot.editions) else None
        return _answer(text, "about", None, about_html(query.topic, query.level, edition))
    year = query.year if query.year is not None else snapshot.latest_year
    if year is None or year not in snapshot.years:
        return _answer(text, "no_data", query.year,
                       cards.no_data_year(year or 0, _known_years(snapshot)))
    if query.kind == "unit" and query.improve:
        return improve_answer(text, query.unit_ids[0], year, snapshot)
    if query.kind == "unit":
        return _unit_answer(text, query.unit_ids[0], year, snapshot)
    if query.kind == "compare":
        return _compare_answer(text, query, year, snapshot)
    return _list_answer(text, query, year, snapshot)


def _unit_answer(text: str, unit_id: str, year: int, snapshot: Snapshot) -> Answer:
    stored = snapshot.result(unit_id, year)
    successor = _successor_in(unit_id, year, snapshot)
    if stored is None and successor is not None:  # merged: answer with the successor's result
        unit = snapshot.registry.get(unit_id)
        result = to_result(snapshot.result(successor, year), snapshot)
        head = merged_into(unit.name, result.unit, (unit.until_year or year - 1) + 1)
        return _answer(text, "unit", year, head + "\n" + render.unit_card(result, snapshot),
                       results=[result])
    if stored is None:
        name = render.esc(snapshot.registry.get(unit_id).name)
        html = (cards.no_data_unit_year(name, year) + "\n"
                + cards.known_years(_known_years(snapshot)))
        return _answer(text, "no_data", year, html)
    result = to_result(stored, snapshot)
    return _answer(text, "unit", year, render.unit_card(result, snapshot), results=[result])


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


def _compare_answer(text: str, query: Query, year: int, snapshot: Snapshot) -> Answer:
    stored = [snapshot.result(u, year) for u in query.unit_ids]
    missing = [u for u, r in zip(query.unit_ids, stored, strict=True) if r is None]
    if missing:
        name = render.esc(snapshot.registry.get(missing[0]).name)
        return _answer(text, "no_data", year, cards.no_data_unit_year(name, year))
    results = [to_result(r, snapshot) for r in stored if r is not None]
    edition = snapshot.edition(year)
    lines = [cards.compare_heading(year)]
    for letter, r in zip("ABCDEFGHIJ", results, strict=False):
        size = snapshot.group_size(year, r.group)
        short = render.esc(render.edition_group(edition, r.group).short)
        rank = f"hạng {r.rank}/{size} {short}" if r.rank else ""
        total = f", {cards.score(r.total, edition)} điểm" if r.total is not None else ""
        lines.append(f"<b>{letter}</b> = {render.esc(r.unit)} ({rank}{total})")
    if all(r.scores is None for r in results):
        lines.append(cards.rank_only_year(year))
    else:
        lines.append(f"<pre>{render.compare_table(results, edition)}</pre>")
    if len({r.group for r in results}) > 1:
        lines.append(cards.DIFFERENT_GROUPS)
    for r in results:
        for note in r.notes:
            lines.append(f"{cards.NOTE_LABEL} ({render.esc(r.unit)}): {render.esc(note)}")
    return _answer(text, "compare", year, "\n".join(lines), results=results)


def _list_answer(text: str, query: Query, year: int, snapshot: Snapshot) -> Answer:
    edition = snapshot.edition(year)
    if query.level is not None and year not in snapshot.scored_years:
        scored = max(snapshot.scored_years, default=None)
        bands = snapshot.edition(scored).levels if scored is not None else ()
        return _answer(text, "no_data", year,
                       cards.rank_only_no_levels(year, [b.name for b in bands]))
    groups = [query.group] if query.group else list(edition.group_keys)
    band = edition.level(str(query.level)) if query.level is not None else None
    sections: list[str] = []
    results: list[Result] = []
    for group in groups:
        table = [r for r in snapshot.table(year, group)
                 if query.level is None or r.level == query.level]
        if query.order == "worst":
            table = table[::-1]
        group_words = render.edition_group(edition, group)
        if query.limit is not None:
            table = table[: query.limit]
            heading = cards.top_heading(group_words, year, len(table), query.order == "worst")
        else:
            heading = cards.list_heading(group_words, year, band, len(table))
        chunk = [to_result(r, snapshot) for r in table]
        results += chunk
        body = render.ranked_lines(chunk, snapshot) or [cards.NONE_IN_LIST]
        sections.append("\n".join([heading, *body]))
    if year not in snapshot.scored_years:
        sections.append(cards.rank_only_year(year))
    return _answer(text, "list", year, "\n\n".join(sections), results=results)


def improve_answer(text: str, unit_id: str, year: int, snapshot: Snapshot) -> Answer:
    """Kind "unit": the unit's figures, with what it needs to reach the next level as text."""
    stored = snapshot.result(unit_id, year)
    if stored is None:
        return _unit_answer(text, unit_id, year, snapshot)  # says the unit has no result
    found = improvement(snapshot, unit_id, year)
    html = (improvement_html(found, snapshot) if found is not None else extras.improve_rank_only(
        render.esc(snapshot.registry.get(unit_id).name_in(year)), year))
    return _answer(text, "unit", year, html, results=[to_result(stored, snapshot)])
