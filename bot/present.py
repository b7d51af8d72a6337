"""The render step: an evaluated answer (data) worded as Telegram HTML and plain text.

One function, `present`, for every kind; the console and `egov ask` print the plain text,
inline mode and the bot send the HTML. Values are escaped here, where they are formatted.
Figures are read from the contract's results; names of groups, sub-indices and levels from
the edition in force for the answer's year.
"""

from __future__ import annotations

from typing import Any, cast

from bot import render
from bot.contract import Answer, Result, Stats
from bot.evaluate import Evaluation, figure, lower_is_better, maximum
from bot.help_examples import help_examples
from bot.words import cards, extras
from bot.words import questions as words
from bot.words.editions import merged_into
from scoring.wording import format_score
from storage.snapshot import Snapshot


def present(evaluation: Evaluation, snapshot: Snapshot) -> Answer:
    """The answer with its `html` and `text` filled in."""
    html = _html(evaluation, snapshot)
    if evaluation.question.year_phrase and evaluation.answer.year is not None:
        note = _capital(words.RELATIVE_YEAR.format(phrase=evaluation.question.year_phrase,
                                                   year=evaluation.answer.year))
        html = f"{note}\n{html}"
    return evaluation.answer.model_copy(update={"html": html, "text": render.plain_text(html)})


def _capital(text: str) -> str:
    """First letter up, whatever markup comes first ("<i>năm ngoái…" → "<i>Năm ngoái…")."""
    for i, ch in enumerate(text):
        if ch == "<":
            end = text.find(">", i)
            if end < 0:
                return text
            continue
        if ch.isalpha() and (i == 0 or text[:i].count("<") == text[:i].count(">")):
            return text[:i] + ch.upper() + text[i + 1:]
    return text


def _figure_text(value: float) -> str:
    """A bound as typed: 160 stays "160", 180.5 is "180,5", 0.8 is "0,8"."""
    return cards.max_text(value)


def _known_years(snapshot: Snapshot) -> str:
    return render.known_years(snapshot) or "chưa có"


def _html(e: Evaluation, snapshot: Snapshot) -> str:
    a, q = e.answer, e.question
    if e.reason == "national":
        return _national(e)
    if a.kind == "help":
        return _help(e, snapshot)
    if a.kind == "clarify":
        head = cards.CLARIFY if len(a.candidates) > 1 else cards.CLARIFY_ONE
        if q.province:
            head = words.PROVINCE_OR_DISTRICT
        lines = [f"{i}. {render.esc(c.unit)}" for i, c in enumerate(a.candidates, start=1)]
        return "\n".join([head, *lines, cards.CLARIFY_TYPE])
    if a.kind == "about":  # the edition of the year asked, or of the latest year
        from bot.about import about_html

        asked = q.year if q.year is not None else snapshot.latest_year
        edition = snapshot.edition(asked) if asked is not None and len(snapshot.editions) else None
        return about_html(q.topic, q.level, edition)
    if a.kind == "no_data":
        return _no_data(e, snapshot)
    if a.kind == "unit":
        return _card(e, snapshot)
    if a.kind == "value":
        return "\n".join(_value_sentence(r, a.measure or "total", snapshot) for r in a.results)
    if a.kind == "compare":
        return _compare(e, snapshot)
    if a.kind == "stats":
        return _stats(e, snapshot)
    return _list(e, snapshot)


def _help(e: Evaluation, snapshot: Snapshot | None) -> str:
    reason = e.reason
    examples = help_examples(snapshot)
    if reason == "greeting":
        return f"{words.GREETING}\n{words.greeting_hint(examples)}"
    if reason == "thanks":
        return words.THANKS_REPLY
    if reason == "out_of_scope":
        return f"{words.OUT_OF_SCOPE_REPLY}\n{words.greeting_hint(examples)}"
    if reason == "needs_unit":
        return words.NEEDS_CONTEXT
    asked = "help" in e.question.said  # "hướng dẫn": help, not "I did not understand"
    return cards.help_html(examples, not_understood=bool(e.question.text.strip()) and not asked)


def _national(e: Evaluation) -> str:
    lines = []
    if e.answer.kind == "help" and e.question.year is not None:
        lines.append(words.NATIONAL_NONE.format(year=e.question.year))
    lines.append(words.NATIONAL_HEADING)
    for row in e.national:
        name = words.NATIONAL_INDEX_NAMES.get(row.index, row.index)
        lines.append(f"• {render.esc(name)} {row.year}: <b>{row.rank}/{row.of}</b> "
                     f"({render.esc(row.grouping)}). {words.SOURCE_LABEL}: "
                     f"{render.esc(row.source)}")
    return "\n".join(lines)


def _no_data(e: Evaluation, snapshot: Snapshot) -> str:
    year = e.answer.year
    if e.reason == "unit_year" and e.missing is not None and year is not None:
        name = render.esc(snapshot.registry.get(e.missing).name)
        return (cards.no_data_unit_year(name, year) + "\n"
                + cards.known_years(_known_years(snapshot)))
    if e.reason == "rank_only" and year is not None:
        if e.question.level is not None:
            scored = max(snapshot.scored_years, default=None)
            bands = snapshot.edition(scored).levels if scored is not None else ()
            return cards.rank_only_no_levels(year, [b.name for b in bands])
        return cards.rank_only_year(year)
    if e.reason == "measure" and year is not None:
        return words.UNKNOWN_MEASURE.format(year=year) + "\n" + cards.known_years(
            _known_years(snapshot))
    asked = e.question.year if e.question.year is not None else (year or 0)
    text = cards.no_data_year(asked, _known_years(snapshot))
    if snapshot.latest_year is not None:
        text += "\n" + words.LATEST_HINT.format(year=snapshot.latest_year)
    return text


def _card(e: Evaluation, snapshot: Snapshot) -> str:
    result = e.answer.results[0]
    if e.question.op == "improve":
        from bot.improve import improvement, improvement_html

        found = improvement(snapshot, result.unit_id, result.year)
        if found is None:
            return extras.improve_rank_only(render.esc(result.unit), result.year)
        return improvement_html(found, snapshot)
    card = render.unit_card(result, snapshot)
    merged = e.extra.get("merged_from")
    if merged is not None:  # asked after a merger: the successor's card, said so
        unit = snapshot.registry.get(merged)
        since = (unit.until_year or result.year - 1) + 1
        return merged_into(unit.name, result.unit, since) + "\n" + card
    return card


# -- figures in words --------------------------------------------------------------------------


def _label(snapshot: Snapshot, year: int, measure: str) -> str:
    """"HTKT", "tổng điểm": what a measure is called in the edition in force."""
    key = measure[5:] if measure.startswith("rank:") else measure
    sub = snapshot.edition(year).subindex(key)
    if sub is not None:
        return render.esc(sub.label)
    return render.esc(words.MEASURE_NAMES.get(key, key))


def _group_short(snapshot: Snapshot, year: int, group: str) -> str:
    found = snapshot.edition(year).group(group)
    return render.esc(found.short if found is not None else group)


def _group_noun(snapshot: Snapshot, year: int, group: str) -> str:
    """"sở", "huyện": the first word officials use for a unit of the group."""
    found = snapshot.edition(year).group(group)
    return render.esc(found.words[0] if found is not None and found.words else words.UNIT_NOUN)


def _level_name(snapshot: Snapshot, year: int, key: str | None) -> str:
    if key is None:
        return "–"
    band = snapshot.edition(year).level(key)
    return render.esc(band.name if band is not None else key)


def _score(value: Any, top: float | None, decimals: int = 1) -> str:
    if not isinstance(value, int | float):
        return "–"
    shown = format_score(value, decimals)
    return f"{shown}/{cards.max_text(top)}" if top is not None else shown


def _value_sentence(r: Result, measure: str, snapshot: Snapshot) -> str:
    """One figure of one unit in one sentence, as the contract's `text` opens."""
    year, name = r.year, render.esc(r.unit)
    size = snapshot.group_size(year, r.group)
    short = _group_short(snapshot, year, r.group)
    rank = f"hạng {r.rank}/{size} {short}" if r.rank is not None else words.NOT_RANKED
    decimals = snapshot.edition(year).decimals
    total = _score(r.total, maximum(snapshot, year, "total"), decimals)
    if measure == "total":
        return words.VALUE_TOTAL.format(name=name, year=year, total=total, rank=rank)
    if measure == "rank":
        tail = f", {total} điểm" if r.total is not None else ""
        return words.VALUE_RANK.format(name=name, year=year, rank=rank, tail=tail)
    if measure == "level":
        return words.VALUE_LEVEL.format(name=name, year=year,
                                        level=_level_name(snapshot, year, r.level), total=total)
    if measure == "rank_change":
        return _change_sentence(r, rank)
    label = _label(snapshot, year, measure)
    key = measure[5:] if measure.startswith("rank:") else measure
    value = _score(figure(r, key), maximum(snapshot, year, key), decimals)
    sub_rank = figure(r, f"rank:{key}")
    sub_rank_text = f"hạng {sub_rank}/{size} {short}" if sub_rank is not None else ""
    if measure.startswith("rank:") and sub_rank is not None:
        return words.VALUE_SUB_RANK.format(name=name, year=year, rank=sub_rank_text,
                                           label=label, value=value)
    return words.VALUE_SUB.format(name=name, year=year, value=value, label=label,
                                  rank=sub_rank_text).replace(", .", ".").replace(" ,", ",")


def _change_sentence(r: Result, rank: str) -> str:
    name, change = render.esc(r.unit), r.rank_change
    previous = [int(y) for y in r.rank_history if int(y) < r.year]
    before = max(previous) if previous else r.year - 1
    if change is None:
        return words.CHANGE_NONE.format(name=name, year=r.year, before=before)
    if change > 0:
        return words.CHANGE_UP.format(name=name, year=r.year, count=change, before=before,
                                      rank=rank)
    if change < 0:
        return words.CHANGE_DOWN.format(name=name, year=r.year, count=-change, before=before,
                                        rank=rank)
    return words.CHANGE_SAME.format(name=name, year=r.year, before=before, rank=rank)


def _compare(e: Evaluation, snapshot: Snapshot) -> str:
    results, year = e.answer.results, e.answer.year or 0
    edition = snapshot.edition(year)
    lines = [cards.compare_heading(year)]
    for letter, r in zip("ABCDEFGHIJ", results, strict=False):
        size = snapshot.group_size(year, r.group)
        rank = f"hạng {r.rank}/{size} {_group_short(snapshot, year, r.group)}" if r.rank else ""
        total = f", {cards.score(r.total, edition)} điểm" if r.total is not None else ""
        lines.append(f"<b>{letter}</b> = {render.esc(r.unit)} ({rank}{total})")
    if all(r.scores is None for r in results):
        lines.append(cards.rank_only_year(year))
    else:
        lines.append(f"<pre>{render.compare_table(results, edition)}</pre>")
    if e.answer.differences:
        lines.append(_differences(e, snapshot))
    if len({r.group for r in results}) > 1:
        lines.append(cards.DIFFERENT_GROUPS)
    for r in results:
        for note in r.notes:
            lines.append(f"{cards.NOTE_LABEL} ({render.esc(r.unit)}): {render.esc(note)}")
    return "\n".join(lines)


def _differences(e: Evaluation, snapshot: Snapshot) -> str:
    """"B − A: tổng điểm −2,0; hạng +1…": the asked measure first."""
    a, b = e.answer.results[0], e.answer.results[1]
    year = e.answer.year or 0
    decimals = snapshot.edition(year).decimals
    diffs = dict(e.answer.differences or {})
    asked = e.answer.measure
    order = [asked] if asked in diffs else []
    order += [m for m in diffs if m not in order and m not in ("rank_change",)]
    parts = []
    for measure in order:
        value = diffs[measure]
        if value is None:
            continue
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        shown = format_score(abs(value), decimals)
        parts.append(f"{_label(snapshot, year, measure)} {sign}{shown}"
                     if measure not in ("rank",) else
                     f"{_label(snapshot, year, measure)} {sign}{abs(int(value))}")
    head = words.DIFFERENCE.format(first=render.esc(a.unit), second=render.esc(b.unit))
    sentence = ""
    if asked in diffs and diffs[asked] is not None and asked not in ("rank", "rank_change"):
        value = diffs[asked] or 0.0
        more = words.MORE if value > 0 else words.LESS
        label = "" if asked == "total" else " " + _label(snapshot, year, asked)
        sentence = "\n" + words.DIFFERENCE_SENTENCE.format(
            second=render.esc(b.unit), more=more, value=format_score(abs(value), decimals),
            label=label, first=render.esc(a.unit)) if value else (
            "\n" + words.DIFFERENCE_EQUAL.format(label=_label(snapshot, year, asked)))
    return head + "; ".join(parts) + sentence


# -- lists and statistics ---------------------------------------------------------------------


def _line(r: Result, measure: str | None, snapshot: Snapshot) -> str:
    """One unit of a list: rank, name, and the figure it is listed by."""
    if measure in (None, "total", "rank"):
        return render.ranked_lines([r], snapshot)[0]
    rank = str(r.rank or "–")
    if measure == "rank_change":
        change = r.rank_change
        shown = "–" if change is None else (f"↑{change}" if change > 0 else (
            f"↓{-change}" if change < 0 else "="))
        return f"<code>{rank}.</code> {render.esc(r.unit)} · <b>{shown}</b>"
    if measure == "level":
        return (f"<code>{rank}.</code> {render.esc(r.unit)} · "
                f"{_level_name(snapshot, r.year, r.level)}")
    key = measure[5:] if measure.startswith("rank:") else measure
    value = _score(figure(r, key), maximum(snapshot, r.year, key),
                   snapshot.edition(r.year).decimals)
    sub_rank = figure(r, f"rank:{key}")
    tail = f" (#{sub_rank})" if sub_rank is not None else ""
    return f"<code>{rank}.</code> {render.esc(r.unit)} · <b>{value}</b>{tail}"


def _describe(e: Evaluation, snapshot: Snapshot) -> str:
    """What the list holds, in words: "tổng điểm trên 180", "chưa đạt mức khá"…"""
    q, year = e.question, e.answer.year or 0
    measure = e.answer.measure or "total"
    label = _label(snapshot, year, measure)
    parts = []
    if q.op == "top":
        which = words.HIGHEST if q.best else words.LOWEST
        if lower_is_better(measure):
            which = words.FIRST if q.best else words.LAST
            return which if measure == "rank" else f"{which} {words.ABOUT} {label}"
        if measure == "rank_change":
            which = words.MOST_DOWN if not q.best else words.MOST_UP
            return which
        return f"{label} {which}"
    if q.op == "list" and q.limit is not None:
        return f"{label} {words.HIGHEST if q.best else words.LOWEST}"
    if q.op == "position":
        return words.POSITION_LAST if q.position == -1 else words.POSITION.format(n=q.position)
    if q.op == "neighbour":
        of = e.extra.get("of")
        name = render.esc(of.unit) if of is not None else ""
        return (words.JUST_ABOVE if q.neighbour < 0 else words.JUST_BELOW).format(name=name)
    if q.low is not None and q.high is not None:
        parts.append(words.RANGE.format(label=label, low=_figure_text(q.low),
                                        high=_figure_text(q.high)))
    elif q.low is not None:
        parts.append(f"{label} {words.ABOVE if q.low_open else words.AT_LEAST} "
                     f"{_figure_text(q.low)}")
    elif q.high is not None:
        parts.append(f"{label} {words.BELOW if q.high_open else words.AT_MOST} "
                     f"{_figure_text(q.high)}")
    if q.level is not None:
        name = _level_name(snapshot, year, q.level)
        parts.append((words.BELOW_LEVEL if q.below_level else words.AT_LEVEL).format(level=name))
    if q.at_max is not None:
        top = maximum(snapshot, year, measure if measure != "level" else "total")
        parts.append((words.AT_MAX if q.at_max else words.NOT_AT_MAX).format(
            label=label, maximum=f"{top:g}" if top is not None else ""))
    if q.direction is not None:
        parts.append(words.DIRECTION_NAMES[q.direction])
    if q.op == "sort" or not parts:
        parts.append(words.SORTED_BY.format(label=label)
                     + ("" if q.best else f" ({words.ASCENDING})"))
    return ", ".join(parts)


def _list(e: Evaluation, snapshot: Snapshot) -> str:
    q, a = e.question, e.answer
    year = a.year or 0
    sections: list[str] = []
    legacy = q.op == "list" and a.measure is None
    for section in e.sections:
        results = list(section.results)
        if legacy:
            edition = snapshot.edition(year)
            group = render.edition_group(edition, section.group)
            if q.limit is not None:
                heading = cards.top_heading(group, year, len(results), not q.best)
            else:
                band = edition.level(q.level) if q.level is not None else None
                heading = cards.list_heading(group, year, band, len(results))
        else:
            heading = words.LIST_HEADING.format(
                group=_capital(_group_short(snapshot, year, section.group)),
                year=year, what=_describe(e, snapshot), count=len(results))
        body = [_line(r, None if legacy else a.measure, snapshot) for r in results]
        if section.tied and results:
            measure = a.measure or "total"
            value = figure(results[0], measure)
            top = maximum(snapshot, year, measure)
            shown = (f"{_figure_text(value)}/{top:g}" if isinstance(value, int | float)
                     and top is not None and measure not in ("rank", "rank_change")
                     else str(value))
            body.insert(0, words.TIED.format(
                count=len(results), group=_group_noun(snapshot, year, section.group),
                figure=f"{shown} {_label(snapshot, year, measure)}"))
        sections.append("\n".join([heading, *(body or [cards.NONE_IN_LIST])]))
    if year not in snapshot.scored_years:
        sections.append(cards.rank_only_year(year))
    return "\n\n".join(sections)


def _stats(e: Evaluation, snapshot: Snapshot) -> str:
    q, a = e.question, e.answer
    year = a.year or 0
    stats = cast(Stats, a.stats)  # kind "stats" always carries them
    measure = a.measure or "total"
    label = _label(snapshot, year, measure)
    scope = (_group_short(snapshot, year, q.group) if q.group else words.BOTH_GROUPS)
    lines: list[str] = []
    filtered = q.filtered
    if q.op == "count" or filtered:
        noun = _group_noun(snapshot, year, q.group) if q.group else words.UNIT_NOUN
        what = _describe(e, snapshot) if filtered else ""
        lines.append(words.COUNT_SENTENCE.format(count=stats.count, noun=noun, year=year,
                                                 what=f" {what}" if what else "",
                                                 scope=scope).replace("  ", " "))
    top = maximum(snapshot, year, measure)

    def shown(value: float | None) -> str:
        if value is None:
            return "–"
        decimals = snapshot.edition(year).decimals
        return format_score(value, decimals) if lower_is_better(measure) or top is None else (
            f"{format_score(value, decimals)}/{cards.max_text(top)}")

    first = {"mean": stats.mean, "median": stats.median, "max": stats.max,
             "min": stats.min}.get(q.stat or "")
    if q.stat in ("mean", "median", "max", "min"):
        lines.append(_capital(words.STAT_SENTENCE.format(
            stat=words.STAT_NAMES[q.stat].lower(), label=label, scope=scope, year=year,
            value=shown(first))))
    lines.append(words.STATS_LINE.format(
        count=stats.count, mean=shown(stats.mean), median=shown(stats.median),
        low=shown(stats.min), high=shown(stats.max)))
    if q.stat in ("max", "min") and stats.count:
        wanted = stats.max if q.stat == "max" else stats.min
        holders = [r for r in a.results if figure(r, measure) == wanted]
        lines.append(", ".join(render.esc(r.unit) for r in holders))
    elif q.op == "count" or filtered:
        for section in e.sections:
            if section.results:
                lines.append("")
                short = _capital(_group_short(snapshot, year, section.group))
                lines.append(f"<b>{short}</b> ({len(section.results)})")
                lines += [_line(r, None if measure in ("total", "rank") else measure, snapshot)
                          for r in section.results]
    return "\n".join(lines)
