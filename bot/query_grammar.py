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

from bot import query as names
from bot.matcher import GENERIC_PHRASES, NameIndex
from bot.query_compose import compose
from bot.query_measures import Vocabulary
from bot.query_numbers import (
    PLACEHOLDER,
    Numbers,
    full_year,
    mark_numbers,
    position_of,
    two_digit_year,
)
from bot.query_question import Question, Seen
from bot.words import questions as words
from scoring.vietnamese import query_tokens

__all__ = ["Grammar", "Question", "default_grammar"]

_CONNECTORS = frozenset({"va", "&"})
# folded words are written in Vietnamese, so that none reads like an edition's key
_GROUP_PREFIXES = frozenset(query_tokens("sở huyện ubnd ban tp tx xã phố"))
_COMPARED_WITH = query_tokens("so với")

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
        # a group word the name layer does not know ("xã" of a new edition) is read here;
        # "sở", "huyện"… stay for the name layer, where they also say which unit is meant
        entries += [(p, "group", key) for p, key in vocabulary.groups.items()
                    if p not in GENERIC_PHRASES | names.keyword_phrases(index)
                    and p.split()[0] not in GENERIC_PHRASES]
        # "trung bình" is a level and an average: decided where it stands (see _apply)
        entries += [(p, "average_or_level", None) for p in words.GRAMMAR["average_or_level"]]
        for phrase, key in vocabulary.levels.items():
            entries.append((phrase, "level", key))
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
        seen = Seen()
        rest = self._read(query_tokens(marked), numbers, seen, this_year)
        return compose(self, cleaned, tokens, rest, seen)

    def _read(self, tokens: list[str], numbers: Numbers, seen: Seen,
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
               seen: Seen, this_year: int) -> bool:
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
            asked_rank = seen.measure == "rank" and seen.strong_measure  # "hạng mấy về UD"
            seen.measure = (f"rank:{argument}" if seen.last_tag == "rank_word" or asked_rank
                            else argument)
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
            seen.measure, seen.strong_measure = _rank_of(seen.measure), True
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
            names_a_level = any(t[1] in ("level", "average_or_level")
                                for t in self.table.get(after, ()))
            if not names_a_level:  # "mức" alone asks for the level, not a filter
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
        elif tag in ("ascending", "descending"):
            seen.sort = True
            seen.best = tag == "descending"
            seen.ordered = True
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
            if i >= 2 and tokens[i - 2:i] == _COMPARED_WITH:
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
        elif tag == "group":
            seen.listing = True
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
                seen: Seen, rest: list[str], this_year: int) -> int:
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

def _rank_of(measure: str | None) -> str:
    """The rank a "thứ mấy" asks for: of the sub-index named before it, else the total's."""
    if measure is None or measure in ("total", "rank", "level", "rank_change"):
        return "rank"
    return measure if measure.startswith("rank:") else f"rank:{measure}"


_DEFAULT: dict[int, Grammar] = {}


def default_grammar(index: NameIndex) -> Grammar:
    """A grammar over the shipped editions (data/editions), for callers without a snapshot."""
    grammar = _DEFAULT.get(id(index))
    if grammar is None or grammar.index is not index:
        grammar = Grammar(index, Vocabulary.from_editions(index.editions))
        _DEFAULT.clear()
        _DEFAULT[id(index)] = grammar
    return grammar
