"""A message as a structured question: what, which year(s), which measure, which operation.

The grammar reads numbers first (`query_numbers`), then walks the folded words once, taking
the longest phrase of `words.questions.GRAMMAR` or of the edition's vocabulary at each place.
Phrases that would cut a unit's name in two are left alone ("Sở Tư pháp" keeps its "tư").
What is left goes to the name layer of `bot.query` (unit mentions, list words, separators,
"about"/"improve" phrases). Common words that look like parts of names are dropped first,
unless a neighbour makes them a name ("xây dựng"). Pure: the clock comes in as `this_year`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from scoring.vietnamese import query_tokens

from . import query as names
from .matcher import NameIndex
from .query_measures import Vocabulary
from .query_numbers import (
    PLACEHOLDER,
    Numbers,
    full_year,
    mark_numbers,
    position_of,
    two_digit_year,
)
from .words import questions as words

Op = Literal[
    "card", "value", "list", "top", "position", "neighbour", "filter", "sort", "count",
    "aggregate", "compare", "clarify", "help", "greeting", "thanks", "out_of_scope", "about",
    "national", "improve", "needs_unit",
]
Stat = Literal["mean", "median", "max", "min", "count"]
Direction = Literal["up", "down", "same"]

PROVINCE_UNIT = "h-dien-bien"  # "Điện Biên" alone names this unit
_CONNECTORS = frozenset({"va", "&"})
_COMPARATIVES = frozenset({"hon", "kem", "chenh", "thua", "vuot"})
_GROUP_PREFIXES = frozenset({"so", "huyen", "ubnd", "ban", "tp", "tx", "xa", "pho"})


@dataclass(frozen=True)
class Question:
    """What a message asks, as data. Fields left at their defaults were not said."""

    op: Op
    unit_ids: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    group: str | None = None
    year: int | None = None
    year_phrase: str | None = None  # "năm ngoái": the answer says which year it took
    vs_previous: bool = False
    measure: str | None = None
    best: bool = True  # superlatives, positions and sorting: best first
    limit: int | None = None
    position: int | None = None  # N-th; -1 = last
    neighbour: int = 0  # -1: just above unit_ids[0]; +1: just below
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    level: str | None = None
    below_level: bool = False  # "chưa đạt khá": every level under `level`
    at_max: bool | None = None
    direction: Direction | None = None
    stat: Stat | None = None
    topic: str | None = None
    province: bool = False  # "Điện Biên" could be the province
    follow_up: bool = False  # only part of a question ("còn năm 2018?")
    said: frozenset[str] = frozenset()  # which parts the message gave
    text: str = ""

    @property
    def filtered(self) -> bool:
        return (self.low is not None or self.high is not None or self.level is not None
                or self.at_max is not None or self.direction is not None)


@dataclass
class _Seen:
    """What the grammar read (mutable while parsing only)."""

    years: list[int] = field(default_factory=list)
    year_phrase: str | None = None
    vs_previous: bool = False
    measure: str | None = None
    strong_measure: bool = False  # asked for that figure, not only named it
    rank_words: bool = False
    best: bool | None = None
    top: bool = False
    limit: int | None = None
    position: int | None = None
    neighbour: int = 0
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    level: str | None = None
    below_level: bool = False
    at_max: bool | None = None
    direction: Direction | None = None
    how_many: bool = False
    stat: Stat | None = None
    sort: bool = False
    difference: bool = False
    which: bool = False
    follow: bool = False
    greeting: bool = False
    thanks: bool = False
    out_of_scope: bool = False
    national: bool = False
    listing: bool = False
    negation: bool = False
    pending: str | None = None  # a comparator waiting for its number
    skip: int = 0  # words after a phrase that it also took ("thứ hai")
    last_tag: str | None = None
    improve: bool = False
    about: bool = False
    topic: bool = False  # a topic that shares words with names ("phát triển")
    topics: list[str] = field(default_factory=list)


_Entry = tuple[tuple[str, ...], str, str | None]


def _table(entries: Iterable[tuple[str, str, str | None]]) -> dict[str, tuple[_Entry, ...]]:
    """First word → (words, tag, argument), longest phrase first; first entry wins ties."""
    table: dict[str, dict[tuple[str, ...], tuple[str, str | None]]] = {}
    for phrase, tag, argument in entries:
        phrase_words = tuple(phrase.split())
        table.setdefault(phrase_words[0], {}).setdefault(phrase_words, (tag, argument))
    return {
        first: tuple((w, t, a) for w, (t, a) in sorted(found.items(), key=lambda e: -len(e[0])))
        for first, found in table.items()
    }


class Grammar:
    """The phrase tables for one vocabulary and one name index, built once."""

    def __init__(self, index: NameIndex, vocabulary: Vocabulary):
        self.index = index
        self.vocabulary = vocabulary
        entries: list[tuple[str, str, str | None]] = []
        entries += [(p, "oos", None) for p in words.OUT_OF_SCOPE]
        entries += [(p, "national", None) for p in words.NATIONAL]
        entries += [(p, "topic", None) for p in words.TOPICS]
        entries += [(p, "sub", key) for p, key in vocabulary.subindices.items()]
        # "trung bình" is a level and an average: decided where it stands (see _apply)
        entries += [(p, "average_or_level", None) for p in words.GRAMMAR["average_or_level"]]
        for phrase, key in vocabulary.levels.items():
            entries.append((phrase, "level", key))
        for key, synonyms in words.LEVEL_SYNONYMS.items():
            if key in vocabulary.levels.values():
                entries += [(p, "level", key) for p in synonyms]
        for tag, phrases in words.GRAMMAR.items():
            entries += [(p, tag, None) for p in phrases]
        # the name layer's polite phrases, so that a word of the grammar does not break one
        # ("thế nào" is not "thế" + "nào"); the grammar's own reading of a phrase wins
        entries += [(p, "filler", None) for p in names.FILLER_PHRASES if " " in p]
        entries += [(p, intent.kind, intent.topic) for p, intent in names.INTENT_PHRASES]
        self.table = _table(entries)
        self.greeting_words = frozenset(
            w for p in (*words.GREETINGS, *words.GREETING_FILLER) for w in p.split())
        self.thanks_words = frozenset(
            w for p in (*words.THANKS, *words.GREETING_FILLER) for w in p.split())
        self.greetings = frozenset(words.GREETINGS)
        self.thanks = frozenset(words.THANKS)
        self.bigrams = index.name_bigrams
        group_phrases = sorted(((tuple(p.split()), k) for p, k in vocabulary.groups.items()),
                               key=lambda e: -len(e[0]))
        self.group_phrases = tuple(group_phrases)

    # -- helpers ---------------------------------------------------------------------------

    def _protected(self, tokens: Sequence[str], start: int, end: int) -> bool:
        """Whether tokens[start:end] are part of a name with a neighbour ("và" skipped)."""
        before = start - 1
        while before >= 0 and tokens[before] in _CONNECTORS:
            before -= 1
        after = end
        while after < len(tokens) and tokens[after] in _CONNECTORS:
            after += 1
        return (before >= 0 and (tokens[before], tokens[start]) in self.bigrams) or (
            after < len(tokens) and (tokens[end - 1], tokens[after]) in self.bigrams)

    def _groups(self, tokens: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(len(tokens)):
            for phrase, key in self.group_phrases:
                if tuple(tokens[i:i + len(phrase)]) == phrase:
                    found.add(key)
                    break
        return found

    def _only(self, tokens: Sequence[str], vocabulary: frozenset[str],
              phrases: frozenset[str]) -> bool:
        """Every word is in `vocabulary` and some phrase of `phrases` is there."""
        if not tokens or any(t not in vocabulary for t in tokens):
            return False
        text = " " + " ".join(tokens) + " "
        return any(f" {p} " in text for p in phrases)

    # -- parsing ---------------------------------------------------------------------------

    def parse(self, text: str, this_year: int) -> Question:
        """The structured question in `text`; `this_year` is the calendar year (the clock)."""
        cleaned = names.clean_text(text)
        marked, numbers = mark_numbers(cleaned)
        tokens = [t for t in query_tokens(marked) if t != ","] if marked else []
        if not tokens:
            return Question("help", text=cleaned)
        if self._only(tokens, self.greeting_words, self.greetings):
            return Question("greeting", text=cleaned)
        if self._only(tokens, self.thanks_words, self.thanks):
            return Question("thanks", text=cleaned)
        seen = _Seen()
        rest = self._read(query_tokens(marked), numbers, seen, this_year)
        return self._compose(cleaned, tokens, rest, seen)

    def _read(self, tokens: list[str], numbers: Numbers, seen: _Seen,
              this_year: int) -> list[str]:
        """Take the grammar's phrases out of `tokens`; the rest is for the name layer."""
        rest: list[str] = []
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            placeholder = PLACEHOLDER.fullmatch(token)
            if placeholder:
                i = self._number(tokens, i, placeholder, numbers, seen, rest, this_year)
                continue
            for phrase, tag, argument in self.table.get(token, ()):
                end = i + len(phrase)
                if tuple(tokens[i:end]) != phrase or self._protected(tokens, i, end):
                    continue
                if self._apply(tag, argument, tokens, i, end, seen, this_year):
                    i, seen.skip = end + seen.skip, 0
                    break
            else:
                if token in words.COMMON_NOT_NAMES and not self._protected(tokens, i, i + 1):
                    i += 1
                    continue
                rest.append(token)
                i += 1
        return rest

    def _next_is_number(self, tokens: Sequence[str], end: int) -> bool:
        """A number follows, maybe after a measure word ("trên 180", "dưới mức 100 điểm")."""
        for j in range(end, min(end + 2, len(tokens))):
            if PLACEHOLDER.fullmatch(tokens[j]):
                return tokens[j][2] in "nf"
            if tokens[j] not in ("muc", "diem", "hang", "la"):
                return False
        return False

    def _apply(self, tag: str, argument: str | None, tokens: Sequence[str], i: int, end: int,
               seen: _Seen, this_year: int) -> bool:
        """Record one phrase; False leaves it to the name layer (it did not fit here)."""
        after = tokens[end] if end < len(tokens) else ""
        if tag in ("gt", "ge", "lt", "le"):
            if not self._next_is_number(tokens, end):
                return tag == "gt" and tokens[i] == "tren"  # "trên" alone is a common word
            seen.pending = tag
        elif tag == "to":
            if seen.pending != "range" or not self._next_is_number(tokens, end):
                return False
            seen.pending = "to"
        elif tag == "between":
            if not self._next_is_number(tokens, end):
                return False
            seen.pending = "ge"
        elif tag == "sub":
            seen.measure = f"rank:{argument}" if seen.last_tag == "rank_word" else argument
            seen.strong_measure = seen.strong_measure or seen.last_tag in ("rank_word",)
        elif tag == "total":
            if seen.measure is None:
                seen.measure = "total"
        elif tag == "rank_word":
            seen.rank_words = True
            if after in ("nhat", "nhi", "ba", "bet") and not self._protected(tokens, end, end + 1):
                seen.position, seen.skip = words.ORDINALS.get(after, -1), 1
            if seen.measure is None or seen.measure == "total":
                seen.measure = "rank"
        elif tag == "ask_rank":
            seen.measure = f"rank:{seen.measure}" if seen.measure not in (
                None, "total", "rank", "level", "rank_change") and not str(
                seen.measure).startswith("rank:") else (
                seen.measure if str(seen.measure).startswith("rank:") else "rank")
            seen.strong_measure = True
        elif tag == "nth":
            if after in words.ORDINALS and not self._protected(tokens, end, end + 1):
                seen.position, seen.skip = words.ORDINALS[after], 1
            elif self._next_is_number(tokens, end):
                seen.pending = "nth"
            else:
                return False
        elif tag == "ask_level":
            seen.measure, seen.strong_measure = "level", True
        elif tag == "level_word":
            if after not in {t[0][0] for t in self.table.get(after, ()) if t[1] == "level"} \
                    and after not in ("trung", "tb"):
                seen.measure, seen.strong_measure = "level", False
        elif tag == "level":
            seen.level = argument
            seen.below_level = seen.negation or seen.pending in ("lt",)
            seen.pending = None
        elif tag == "average_or_level":
            before = tokens[i - 1] if i else ""
            measure_after = after in self.vocabulary.subindices or after in ("diem", "cong")
            level = self.vocabulary.levels.get(" ".join(tokens[i:end]))
            if level is None:
                level = next((k for p, k in self.vocabulary.levels.items()
                              if p == "trung binh"), None)
            as_level = before in ("muc", "loai", "dat") or not (
                before == "diem" or seen.measure is not None or measure_after or seen.how_many)
            if as_level and level is not None:
                seen.level = level
                seen.below_level = seen.negation
            else:
                seen.stat = "mean"
        elif tag == "mean":
            seen.stat = "mean"
            if seen.measure is None:
                seen.measure = "total"
        elif tag == "median":
            seen.stat = "median"
        elif tag in ("best", "worst"):
            seen.best = tag == "best"
            if tag == "worst" and tokens[i] in ("cuoi", "bet", "dung") and seen.pending == "nth":
                seen.pending = None
        elif tag == "top":
            seen.top = True
            seen.pending = "limit"
        elif tag == "above":
            seen.neighbour = -1
        elif tag == "below":
            seen.neighbour = 1
        elif tag == "at_max":
            seen.at_max = not seen.negation
        elif tag == "not":
            seen.negation = True
        elif tag in ("up", "down", "same"):
            seen.direction = tag  # type: ignore[assignment]
            if seen.measure is None or seen.measure in ("rank", "total"):
                seen.measure = "rank_change"
        elif tag == "ask_change":
            seen.measure, seen.strong_measure = "rank_change", True
        elif tag == "vs_previous":
            seen.vs_previous = True
        elif tag == "how_many":
            seen.how_many = True
        elif tag == "sort":
            seen.sort = True
        elif tag == "difference":
            seen.difference = True
            if seen.measure is None:
                seen.measure = "total"
        elif tag == "which":
            seen.which = True
        elif tag == "all":
            seen.listing = True
        elif tag == "follow":
            if tokens[i] == "con" and i != 0:
                return False
            seen.follow = True
        elif tag == "this_year":
            seen.years.append(this_year)
            seen.year_phrase = words.RELATIVE_YEARS.get(" ".join(tokens[i:end]))
        elif tag == "last_year":
            if i >= 2 and tokens[i - 2:i] == ["so", "voi"]:
                seen.vs_previous = True
            else:
                seen.years.append(this_year - 1)
                seen.year_phrase = words.RELATIVE_YEARS.get(" ".join(tokens[i:end]))
        elif tag == "oos":
            seen.out_of_scope = True
        elif tag == "national":
            seen.national = True
        elif tag == "topic":
            if i and tokens[i - 1] in _GROUP_PREFIXES:
                return False  # "Sở Xây dựng chính quyền…": the unit, then the topic
            seen.topic = True
        elif tag == "filler":
            pass
        elif tag == "improve":
            seen.improve = True
        elif tag == "about":
            seen.about = True
            if argument is not None:
                seen.topics.append(argument)
        else:
            return False
        if tag not in ("not",):
            seen.negation = seen.negation and tag in ("level_word", "at_max")
        seen.last_tag = tag
        return True

    def _number(self, tokens: Sequence[str], i: int, placeholder, numbers: Numbers,
                seen: _Seen, rest: list[str], this_year: int) -> int:
        """Read the number at tokens[i]; returns where reading goes on."""
        kind, position = placeholder[1], position_of(placeholder[2])
        pending, seen.pending = seen.pending, None
        if kind == "y":
            seen.years.append(numbers.years[position])
            return i + 1
        if kind == "f":
            value, maximum = numbers.fractions[position]
            if seen.measure is None or seen.measure == "total":
                seen.measure = self.vocabulary.key_with_maximum(maximum) or seen.measure
            if value >= maximum:
                seen.at_max = not seen.negation
            else:
                seen.low, seen.high = value, value
            return i + 1
        value, digits = numbers.values[position], numbers.digits[position]
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        after2 = tokens[i + 2] if i + 2 < len(tokens) else ""
        if after == "nam" and after2 in ("truoc", "ve truoc", "qua"):
            seen.years.append(this_year - int(value))
            seen.year_phrase = words.YEARS_AGO.format(count=digits)
            return i + 3
        if rest and rest[-1] == "nam" and two_digit_year(value, digits) is not None:
            rest.pop()
            year = two_digit_year(value, digits)
            if pending != "nth":
                assert year is not None
                seen.years.append(year)
                return i + 1
        year = full_year(value, digits)
        if year is not None and pending not in ("gt", "ge", "lt", "le", "to"):
            seen.years.append(year)
            return i + 1
        if pending in ("gt", "ge"):
            seen.low, seen.low_open = value, pending == "gt"
            seen.pending = "range"
            if seen.measure is None:
                seen.measure = "rank" if seen.rank_words else "total"
        elif pending in ("lt", "le"):
            seen.high, seen.high_open = value, pending == "lt"
            if seen.measure is None:
                seen.measure = "rank" if seen.rank_words else "total"
        elif pending == "to":
            if seen.position is not None and seen.low is None:
                seen.low, seen.position = float(seen.position), None
            seen.high = value
            if seen.low is not None and seen.low > value:  # "từ 180 đến 160"
                seen.low, seen.high = value, seen.low
        elif pending == "nth" or (seen.last_tag == "rank_word" and seen.position is None):
            seen.position = int(value)
            seen.pending = "range"
        elif after in ("den", "toi") or after == "-":
            seen.low = value
            seen.pending = "range"
        elif 0 < value < 1000 and value == int(value) and seen.limit is None:
            seen.limit = int(value)
        return i + 1

    # -- composing -------------------------------------------------------------------------

    def _compose(self, cleaned: str, tokens: Sequence[str], rest: list[str],
                 seen: _Seen) -> Question:
        legacy = names.understand_tokens(cleaned, rest, self.index)
        groups = self._groups(tokens) | {str(g) for g in legacy.groups}
        group = next(iter(groups)) if len(groups) == 1 else None
        year = seen.years[0] if seen.years else legacy.year
        said = {name for name, given in (
            ("year", year is not None), ("measure", seen.measure is not None),
            ("group", group is not None), ("units", bool(legacy.unit_ids)),
        ) if given}
        follow = seen.follow or tokens[:2] == ["so", "voi"]
        if tokens[:2] == ["so", "voi"]:
            said.add("compare_with")
        base = dict(year=year, year_phrase=seen.year_phrase, group=group,
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
            return Question("about", topic=self._topic(seen, legacy, plain_at_max),
                            level=seen.level or legacy.level, **base)
        filters = dict(low=seen.low, high=seen.high, low_open=seen.low_open,
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
            province = (units[0] == PROVINCE_UNIT and self._bare_dien_bien(tokens))
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
        if seen.national or self._province_only(tokens):
            return Question("national", **base)
        listing = (legacy.listing or seen.listing or seen.which or seen.best is not None
                   or seen.position is not None or (group is not None and not legacy.unknown)
                   or (seen.rank_words and not seen.strong_measure and not legacy.unknown))
        measure = seen.measure
        if seen.stat in ("mean", "median"):
            return Question("aggregate", stat=seen.stat, **{**base, "measure": measure or "total"},
                            **filters)
        if seen.how_many and seen.best is not None and not seen.which:
            return Question("aggregate", stat="max" if best else "min",
                            **{**base, "measure": measure or "total"}, **filters)
        filtered = any(filters[k] is not None for k in ("low", "high", "level", "at_max",
                                                         "direction"))
        if seen.how_many and (listing or filtered) and not seen.strong_measure:
            return Question("count", stat="count", **{**base, "measure": measure or "total"},
                            **filters)
        superlative = (seen.best is not None and not seen.top and seen.limit is None
                       and seen.position is None and seen.low is None and seen.high is None)
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
        if seen.greeting:
            return Question("greeting", text=cleaned)
        return Question("help", **base)

    def _topic(self, seen: _Seen, legacy: names.Reading, scoring: bool) -> str | None:
        """A named sub-index first, then the level bands, then scoring; None: the index."""
        if seen.measure in self.vocabulary.maxima:
            return seen.measure
        if legacy.topic not in (None, "scoring", "levels"):
            return legacy.topic
        if seen.level is not None or "levels" in seen.topics or legacy.topic == "levels":
            return "levels"
        if scoring or "scoring" in seen.topics or legacy.topic == "scoring":
            return "scoring"
        return None

    def _bare_dien_bien(self, tokens: Sequence[str]) -> bool:
        """"Điện Biên" typed without "huyện"/"tỉnh"/"TP" in front, nor "Đông"/"Phủ" after."""
        for i in range(len(tokens) - 1):
            if tokens[i:i + 2] == ["dien", "bien"]:
                before = tokens[i - 1] if i else ""
                after = tokens[i + 2] if i + 2 < len(tokens) else ""
                if before not in ("huyen", "h", "tp", "pho", "tinh") and after not in (
                        "dong", "phu"):
                    return True
        return False

    def _province_only(self, tokens: Sequence[str]) -> bool:
        return any(tokens[i:i + 3] == ["tinh", "dien", "bien"] for i in range(len(tokens)))


_DEFAULT: dict[int, Grammar] = {}


def default_grammar(index: NameIndex) -> Grammar:
    """A grammar over the shipped editions (data/editions), for callers without a snapshot."""
    grammar = _DEFAULT.get(id(index))
    if grammar is None or grammar.index is not index:
        from pathlib import Path

        from scoring.edition import load_editions

        folder = Path(__file__).resolve().parents[1] / "data" / "editions"
        grammar = Grammar(index, Vocabulary.from_editions(load_editions(folder)))
        _DEFAULT.clear()
        _DEFAULT[id(index)] = grammar
    return grammar
