"""Composing the structured question from what the grammar read and the names it left.

Decides the operation: a unit's card or one figure, a comparison, a superlative, a position,
a filter, a count or aggregate, a list, a question back, help. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot import query as names
from bot.query_question import PROVINCE_UNIT, Question, Seen
from scoring.vietnamese import query_tokens

if TYPE_CHECKING:
    from bot.query_grammar import Grammar

_COMPARATIVES = frozenset({"hon", "kem", "chenh", "thua", "vuot"})
_COMPARED_WITH = query_tokens("so với")  # folded words are written in Vietnamese: "so" is "sở"
# words before "Điện Biên" that make it a unit's name, not the province
_NAME_PREFIXES = frozenset(query_tokens("huyện h tp phố tỉnh"))


def compose(grammar: Grammar, cleaned: str, tokens: Sequence[str], rest: list[str],
            seen: Seen) -> Question:
    """The question the phrases read in `seen` and the names in `rest` make together."""
    legacy = names.understand_tokens(cleaned, rest, grammar.index)
    groups = _groups(grammar, tokens) | {str(g) for g in legacy.groups}
    group = next(iter(groups)) if len(groups) == 1 else None
    year = seen.years[0] if seen.years else legacy.year
    said = {name for name, given in (
        ("year", year is not None), ("measure", seen.measure is not None),
        ("group", group is not None), ("units", bool(legacy.unit_ids)),
        ("help", legacy.asked_help),
    ) if given}
    follow = seen.follow or tokens[:2] == _COMPARED_WITH
    if tokens[:2] == _COMPARED_WITH:
        said.add("compare_with")
    base: dict[str, Any] = dict(year=year, year_phrase=seen.year_phrase, group=group,
                measure=seen.measure, text=cleaned, said=frozenset(said),
                follow_up=follow)
    if seen.out_of_scope:
        return Question("out_of_scope", **base)
    units = legacy.unit_ids
    if seen.national and set(units) <= {PROVINCE_UNIT}:
        return Question("national", **base)
    if legacy.kind == "clarify":
        return Question("clarify", candidates=legacy.candidates, **base)
    plain_at_max = (seen.at_max and not units and group is None and not seen.which
                    and not seen.listing and seen.measure in (None, "total"))
    if (legacy.kind == "about" or seen.about or plain_at_max) and not units:
        return Question("about", topic=_topic(grammar, seen, legacy, bool(plain_at_max)),
                        level=seen.level or legacy.level, **base)
    filters: dict[str, Any] = dict(low=seen.low, high=seen.high, low_open=seen.low_open,
                   high_open=seen.high_open, level=seen.level,
                   below_level=seen.below_level, at_max=seen.at_max,
                   direction=seen.direction)
    best = seen.best if seen.best is not None else True
    if seen.direction == "down":
        best = not best  # "tụt hạng (nhiều nhất)": the most negative change first
    if len(units) >= 2:
        comparative = seen.difference or legacy.compare or any(
            t in _COMPARATIVES for t in tokens)  # "A hơn B bao nhiêu điểm"
        one_figure = (seen.strong_measure or (seen.measure and seen.how_many)) and not (
            comparative)
        return Question("value" if one_figure else "compare", unit_ids=units,
                        vs_previous=seen.vs_previous, **base)
    if len(units) == 1:
        province = (units[0] == PROVINCE_UNIT and _bare_dien_bien(tokens))
        if seen.neighbour:
            return Question("neighbour", unit_ids=units, neighbour=seen.neighbour, **base)
        if legacy.improve or seen.improve:
            return Question("improve", unit_ids=units, **base)
        if seen.vs_previous:
            return Question("value", unit_ids=units, vs_previous=True,
                            **{**base, "measure": "rank_change"})
        if seen.strong_measure or (seen.measure and seen.how_many) or (
                seen.measure not in (None, "total", "rank")):
            if province and seen.measure in ("rank", None):
                return Question("clarify", candidates=units, province=True, **base)
            return Question("value", unit_ids=units, **base)
        if province and (seen.rank_words or seen.how_many or seen.topic
                         or seen.national or legacy.unknown):
            return Question("clarify", candidates=units, province=True, **base)
        return Question("card", unit_ids=units, **base)
    # no unit named
    if seen.national or _province_only(tokens):
        return Question("national", **base)
    listing = (legacy.listing or seen.listing or seen.which or seen.best is not None
               or seen.position is not None or (group is not None and not legacy.unknown)
               or (seen.rank_words and not seen.strong_measure and not legacy.unknown))
    measure = seen.measure
    if seen.stat in ("mean", "median"):
        return Question("aggregate", stat=seen.stat, **{**base, "measure": measure or "total"},
                        **filters)
    if seen.how_many and seen.best is not None and not seen.which and not seen.ordered:
        return Question("aggregate", stat="max" if best else "min",
                        **{**base, "measure": measure or "total"}, **filters)
    filtered = any(filters[k] is not None for k in ("low", "high", "level", "at_max",
                                                     "direction"))
    if seen.how_many and (listing or filtered) and not seen.strong_measure:
        return Question("count", stat="count", **{**base, "measure": measure or "total"},
                        **filters)
    superlative = (seen.best is not None and not seen.top and seen.limit is None
                   and seen.position is None and seen.low is None and seen.high is None
                   and not seen.ordered)
    if superlative:
        return Question("top", best=best, **{**base, "measure": measure or (
            "rank_change" if seen.direction else "total")}, **filters)
    if seen.position is not None and seen.low is None:
        return Question("position", position=seen.position,
                        **{**base, "measure": "rank" if measure in (None, "total", "rank")
                           else measure})
    only_level = (seen.level is not None and not seen.below_level and seen.at_max is None
                  and seen.direction is None and seen.low is None and seen.high is None
                  and seen.measure in (None, "total", "level"))
    if only_level:  # "huyện khá": the group's list at that level, in rank order
        return Question("list", best=best, limit=seen.limit, level=seen.level,
                        **{**base, "measure": None})
    if filtered:
        return Question("filter", best=best, limit=seen.limit,
                        **{**base, "measure": measure or "total"}, **filters)
    if seen.sort and measure is not None:
        return Question("sort", best=best, limit=seen.limit, **base)
    if seen.best is not None or seen.top or (seen.limit is not None and listing):
        return Question("list", best=best, limit=seen.limit,
                        **{**base, "measure": None if measure in (None, "total", "rank")
                           else measure})
    if seen.measure is not None and (seen.strong_measure or seen.how_many):
        return Question("needs_unit", **base)
    if legacy.kind == "list" or listing or (year is not None and not rest):
        return Question("list", limit=seen.limit, level=None, **{**base, "measure": None})
    if seen.follow or (year is not None and seen.measure is None):
        return Question("needs_unit", **{**base, "follow_up": True})
    return Question("help", **base)

def _topic(grammar: Grammar, seen: Seen, legacy: names.Reading, scoring: bool) -> str | None:
    """A named sub-index first, then the level bands, then scoring; None: the index."""
    if seen.measure in grammar.vocabulary.maxima:
        return seen.measure
    if legacy.topic not in (None, "scoring", "levels"):
        return legacy.topic
    if seen.level is not None or "levels" in seen.topics or legacy.topic == "levels":
        return "levels"
    if scoring or "scoring" in seen.topics or legacy.topic == "scoring":
        return "scoring"
    return None

def _bare_dien_bien(tokens: Sequence[str]) -> bool:
    """"Điện Biên" typed without "huyện"/"tỉnh"/"TP" in front, nor "Đông"/"Phủ" after."""
    for i in range(len(tokens) - 1):
        if tokens[i:i + 2] == ["dien", "bien"]:
            before = tokens[i - 1] if i else ""
            after = tokens[i + 2] if i + 2 < len(tokens) else ""
            if before not in _NAME_PREFIXES and after not in (
                    "dong", "phu"):
                return True
    return False

def _province_only(tokens: Sequence[str]) -> bool:
    return any(tokens[i:i + 3] == ["tinh", "dien", "bien"] for i in range(len(tokens)))


def _groups(grammar: Grammar, tokens: Sequence[str]) -> set[str]:
    """The edition's group words in the message ("sở", "khối huyện")."""
    found: set[str] = set()
    for i in range(len(tokens)):
        for phrase, key in grammar.group_phrases:
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                found.add(key)
                break
    return found
