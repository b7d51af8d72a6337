"""Which unit an official means: exact names and aliases first, then a weighted fuzzy match.

Officials type names every way there is: without diacritics, as abbreviations ("GD&ĐT",
"gddt", "Sở TT và TT"), with or without "Sở"/"UBND huyện", with a typo. Everything that does
not depend on the query is computed once in `NameIndex.__init__`; a query then costs one dict
lookup when it is a known spelling, and a small rapidfuzz search over the name vocabulary
otherwise. Nothing here does I/O or knows about Telegram.

Spellings are compared through their *core*: the folded words minus those every unit shares
("sở", "UBND huyện", "thị xã", "và", …), which only say which group a unit is in. Cores are
also compared without spaces, so "GD ĐT", "GD&ĐT", "gd-dt" and "GDĐT" are one key, "gddt".

Order of judgement: exact core (names, aliases, former names, half-abbreviations such as
"Nông nghiệp và PTNT"); then word-by-word fuzzy scores weighted by how rare a word is; then,
only if those do not settle it, the whole spelling compared as one string. Ambiguity is
reported, never resolved by a guess: "Sở Giao" is Giáo dục or Giao thông.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from rapidfuzz import fuzz, process

from scoring.edition import Edition
from scoring.models import Unit
from scoring.names import name_spellings, partial_initials  # one vocabulary with files
from scoring.vietnamese import CLAUSE_SEPARATOR, query_tokens
from storage.snapshot import shipped_editions

MatchStatus = Literal["unit", "ambiguous", "none"]

MAX_CANDIDATES = 8
MAX_CORE_TOKENS = 10  # no unit name has more distinctive words; longer input is not one name

# Scores are 0–100; an exact spelling scores 100. The values below were set by the test
# matrix (tests/query_cases.py) and by random typos of every name (bench/bench_query.py).
# Deciding:
UNIT_SCORE = 84.0  # at least this, and MARGIN clear of the runner-up: "this unit"
MARGIN = 8.0
SOLO_SCORE = 74.0  # the only candidate within SPREAD of the best, and at least this: "this unit"
ASK_SCORE = 62.0  # below this: "no idea"
SPREAD = 12.0  # candidates offered when asking: those this close to the best
SHARED_SLACK = 3.0  # runner-up's words this close to the best's: both names contain the query
FULL_COVERAGE = 0.95
# Word by word:
WORD_CUTOFF = 60.0  # word similarities below this are not worth keeping
TYPO_SIMILARITY = 75.0  # "chinr" for "chinh" (80), not "tim" for "tai" (33)
TOKEN_HIT = 70.0  # a query word at least this similar to a name word counts as that word
PREFIX_SIMILARITY = 85.0  # "giao" typed for "giáo": a word that starts a name word
SHORT_WORD = 3
SHORT_WORD_CUTOFF = 85.0  # a lone short word: "nv" ≠ "snv" (80); "gdd" ≈ "gddt" (86)
COVERAGE_FLOOR = 0.7  # share of the score that does not depend on covering the whole name
GENERIC_MISS_WEIGHT = 0.3  # an unmatched generic word barely counts (a name word weighs 1.4–3.4)
GENERIC_TYPO = 75.0  # "huyne", "ubdn": one letter or swap off a generic word
SHORT_GENERIC_TYPO = 50.0  # "sk", "os", "s" for "sở": one of two letters right
# Whole strings:
COMPACT_CUTOFF = 85.0  # spaces left out and a typo ("tuangiaoo"): whole-key similarity
COMPACT_MIN_LENGTH = 6  # shorter keys are abbreviations, compared word by word
COMPACT_LENGTH_RATIO = 0.85
WHOLE_SCORE = 88.0  # a whole registry spelling with a typo ("sở tià chính")
WHOLE_MARGIN = 6.0
WHOLE_MIN_LENGTH = 6

# Words that say which group a unit is in, not which unit. Which group each points to is
# data: the group whose words in the editions contain it ("huyện" → the group that calls
# itself "khối huyện"). Neutral words point to none; abbreviations point where their full
# form does.
_NEUTRAL_WORDS = ("ủy ban nhân dân", "tỉnh điện biên", "ủy ban", "ubnd", "và")
_GROUP_WORDS = ("thị xã", "thành phố", "huyện", "sở", "ban", "tỉnh")
_ABBREVIATIONS = {"tp": "thành phố", "tx": "thị xã", "h": "huyện"}


def _fold(phrase: str) -> str:
    return " ".join(t for t in query_tokens(phrase) if t not in (",", CLAUSE_SEPARATOR))


_FULL_FORM: dict[str, str] = {
    **{_fold(w): _fold(w) for w in _GROUP_WORDS},
    **{_fold(short): _fold(full) for short, full in _ABBREVIATIONS.items()},
}
_GENERIC_PHRASES: tuple[str, ...] = (*map(_fold, _NEUTRAL_WORDS), *_FULL_FORM)


def _phrase_table(phrases: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word → phrase words, longest phrase first, for one-pass scanning."""
    table: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in phrases:
        words = tuple(phrase.split())
        table[words[0]].append(words)
    return {first: tuple(sorted(entries, key=lambda e: -len(e)))
            for first, entries in table.items()}


def group_hints(editions: Iterable[Edition]) -> dict[str, str]:
    """Generic word (folded) → the one group key whose words, name or short name contain it.

    A word found in two groups' words (across the editions given) hints at neither.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for edition in editions:
        for group in edition.groups:
            spoken = [f" {_fold(w)} " for w in (*group.words, group.name, group.short)]
            for generic, full in _FULL_FORM.items():
                if any(f" {full} " in words for words in spoken):
                    found[generic].add(group.key)
    return {generic: next(iter(keys)) for generic, keys in found.items() if len(keys) == 1}


_GENERIC = _phrase_table(_GENERIC_PHRASES)
GENERIC_WORDS: frozenset[str] = frozenset(w for p in _GENERIC_PHRASES for w in p.split())
GENERIC_PHRASES: frozenset[str] = frozenset(_GENERIC_PHRASES)
# Generic words whose typos are recognised; the words of "ủy ban nhân dân" are left out, as
# "ngân", "bàn", "dẫn"… are one letter away and mean other things.
_MISTYPED_GENERIC: tuple[str, ...] = tuple(
    map(_fold, ("huyện", "phố", "sở", "thành", "thị", "tỉnh", "ubnd", "xã")))
_SHORT_GENERIC: tuple[str, ...] = (_fold("sở"),)  # "sk", "s", "os": "h" would make "hà" generic


@dataclass(frozen=True)
class NameMatch:
    """What a piece of text names: one unit, several to ask about, or nothing."""

    status: MatchStatus
    unit_ids: tuple[str, ...]  # unit: exactly one; ambiguous: candidates, best first; none: ()
    score: float


NO_MATCH = NameMatch("none", (), 0.0)


@dataclass(frozen=True)
class Core:
    """The distinctive words of a text and the group its generic words point to, if any."""

    words: tuple[str, ...]
    hint: str | None  # a group key
    text: str = ""  # all the folded words, generic ones too, space-separated


@dataclass(frozen=True)
class Span:
    """Core words [start, end) that spell a known name or alias exactly."""

    start: int
    end: int
    unit_ids: tuple[str, ...]  # more than one only if two units share a spelling


@dataclass(frozen=True)
class _Score:
    """A unit's fuzzy score: `total` ranks; `words` and `coverage` explain it."""

    total: float
    words: float  # how well the query's words are found in the name
    coverage: float  # weighted share of the name's words the query spells


@dataclass(frozen=True)
class _Key:
    """One spelling of one unit, as vocabulary positions, for fuzzy scoring."""

    unit: int
    words: tuple[int, ...]
    weight: float  # sum of the words' weights (a repeated word counts each time)


def _typed_as(typed: str, word: str) -> bool:
    """`typed` is `word`, one typo off it, or its letters in another order."""
    return (typed == word or sorted(typed) == sorted(word)
            or fuzz.ratio(typed, word) >= TYPO_SIMILARITY)


def split_core(tokens: Sequence[str], group_hints: Mapping[str, str] | None = None) -> Core:
    """Drop generic words ("sở", "UBND huyện", "và", …); note which group they point to.

    `group_hints` (see `group_hints`) says where each generic word points; without it no
    group is hinted.
    """
    words: list[str] = []
    hints: set[str] = set()
    hinted = group_hints or {}
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        for phrase in _GENERIC.get(token, ()):
            end = i + len(phrase)
            if end <= n and (len(phrase) == 1 or tuple(tokens[i:end]) == phrase):
                group = hinted.get(" ".join(phrase))
                if group is not None:
                    hints.add(group)
                i = end
                break
        else:
            if token != CLAUSE_SEPARATOR:
                words.append(token)
            i += 1
    hint = next(iter(hints)) if len(hints) == 1 else None
    return Core(tuple(words), hint, " ".join(t for t in tokens if t != CLAUSE_SEPARATOR))


class NameIndex:
    """Every spelling of every unit, precomputed for exact lookups and fuzzy scoring."""

    def __init__(self, units: Iterable[Unit], editions: Iterable[Edition] | None = None):
        """`editions` give the groups' words (default: the shipped data/editions)."""
        self._units: tuple[Unit, ...] = tuple(units)
        self.editions: tuple[Edition, ...] = tuple(
            shipped_editions() if editions is None else editions)
        self.group_hints: dict[str, str] = group_hints(self.editions)
        self._ids: tuple[str, ...] = tuple(u.id for u in self._units)
        self._position = {unit_id: i for i, unit_id in enumerate(self._ids)}
        exact: dict[str, list[int]] = defaultdict(list)
        cores: list[set[tuple[str, ...]]] = [set() for _ in self._units]
        whole: dict[str, int] = {}
        for i, unit in enumerate(self._units):
            for spelling in name_spellings(unit):
                tokens = [t for t in query_tokens(spelling) if t != CLAUSE_SEPARATOR]
                whole.setdefault(" ".join(tokens), i)
                core = split_core(tokens).words
                for key in ("".join(core), "".join(tokens)):
                    if key and i not in exact[key]:
                        exact[key].append(i)
                if core:
                    cores[i].add(core)
        abbreviated: dict[str, set[int]] = defaultdict(set)
        for i, unit_cores in enumerate(cores):
            for core in unit_cores:
                for key in partial_initials(core):
                    abbreviated[key].add(i)
        for key, positions in abbreviated.items():
            if key not in exact:  # a spelling from the registry always wins
                exact[key] = sorted(positions)
        self._exact: dict[str, tuple[str, ...]] = {
            key: tuple(self._ids[i] for i in positions) for key, positions in exact.items()
        }
        self._prefixes: frozenset[str] = frozenset(
            key[:end] for key in self._exact for end in range(1, len(key) + 1)
        )
        self._whole_spellings: tuple[str, ...] = tuple(whole)
        self._whole_units: tuple[int, ...] = tuple(whole.values())
        self._build_fuzzy(cores)
        self._similarity_cache: dict[str, dict[int, float]] = {}

    def _build_fuzzy(self, cores: list[set[tuple[str, ...]]]) -> None:
        """Vocabulary, word weights (rarer word, more weight), keys and the word → key index."""
        units_with: dict[str, set[int]] = defaultdict(set)
        for i, unit_cores in enumerate(cores):
            for core in unit_cores:
                for word in core:
                    units_with[word].add(i)
        self._vocabulary: tuple[str, ...] = tuple(sorted(units_with))
        count = len(self._units)
        self._weights: tuple[float, ...] = tuple(
            math.log(1 + count / len(units_with[w])) for w in self._vocabulary
        )
        self._max_weight = max(self._weights, default=1.0)
        self._slots: dict[str, int] = {word: i for i, word in enumerate(self._vocabulary)}
        slot = self._slots
        self._keys: list[_Key] = []
        self._keys_with: list[list[int]] = [[] for _ in self._vocabulary]
        compact: dict[str, set[int]] = defaultdict(set)
        compact_words: dict[str, int] = {}
        for i, unit_cores in enumerate(cores):
            for core in sorted(unit_cores):
                words = tuple(slot[w] for w in core)
                for w in set(words):
                    self._keys_with[w].append(len(self._keys))
                self._keys.append(_Key(i, words, sum(self._weights[w] for w in words)))
                joined = "".join(core)
                compact[joined].add(i)
                compact_words[joined] = min(len(core), compact_words.get(joined, len(core)))
        self._compact_keys: tuple[str, ...] = tuple(compact)
        self._compact_words: tuple[int, ...] = tuple(compact_words[k] for k in compact)
        self._compact_units: tuple[frozenset[int], ...] = tuple(
            frozenset(units) for units in compact.values()
        )
        self._bigrams: frozenset[tuple[str, str]] = frozenset(
            pair for unit_cores in cores for core in unit_cores for pair in pairwise(core)
        )

    # -- lookups ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._units)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._position

    @property
    def unit_ids(self) -> tuple[str, ...]:
        return self._ids

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every distinctive word of every spelling: text parsers must not eat these."""
        return frozenset(self._vocabulary)

    @property
    def name_bigrams(self) -> frozenset[tuple[str, str]]:
        """Adjacent distinctive words of some spelling ("xa hoi", "nam po")."""
        return self._bigrams

    def like_a_bigram(self, first: str, second: str) -> bool:
        """Whether two words are two neighbouring words of some name: one spelled exactly,
        the other with its last letter doubled ("Nậm Pồo", "Muongg Nhé"); not another word a
        letter away ("đen biển", "vàng tài", "học con" are not Điện Biên, Vận tải, KH&CN)."""
        def close(typed: str, word: str) -> bool:
            return typed in (word, word + word[-1])

        return any((first == a or second == b) and close(first, a) and close(second, b)
                   for a, b in self._bigrams)

    def spelled_in_order(self, words: Sequence[str], unit_id: str) -> bool:
        """Whether each word is a word of one of the unit's spellings, in the spelling's order,
        exactly, with a typo (similarity ≥ TYPO_SIMILARITY) or with letters swapped
        ("tià" for "tài"): "Sở Tià Chính" is Tài Chính, "sở hình tài" is not."""
        unit = self._position[unit_id]
        for key in self._keys:
            if key.unit != unit:
                continue
            names = [self._vocabulary[w] for w in key.words]
            at = 0
            for word in words:
                while at < len(names) and not _typed_as(word, names[at]):
                    at += 1
                if at == len(names):
                    break
                at += 1
            else:
                return True
        return False

    def group_of(self, unit_id: str) -> str:
        return self._units[self._position[unit_id]].group

    def split_core(self, tokens: Sequence[str]) -> Core:
        """`split_core` with the group hints of this index's editions."""
        return split_core(tokens, self.group_hints)

    def match(self, text: str, group: str | None = None) -> NameMatch:
        """The unit `text` names; `group` (a key) restricts the answer to one group."""
        return self.match_core(self.split_core(query_tokens(text)), group)

    def find_many(self, texts: Iterable[str], group: str | None = None) -> list[NameMatch]:
        """`match` for each text, in order (for comparisons and batch checks)."""
        return [self.match(text, group) for text in texts]

    def match_core(self, core: Core, group: str | None = None) -> NameMatch:
        """Exact spelling first, then fuzzy; `core.hint` prefers a group, `group` requires it."""
        words = core.words
        if not words or len(words) > MAX_CORE_TOKENS:
            return NO_MATCH
        exact = self.exact(words, group)
        if exact:
            status: MatchStatus = "unit" if len(exact) == 1 else "ambiguous"
            return NameMatch(status, exact, 100.0)
        decided = self._decide(self._fuzzy_scores(words), group or core.hint, bool(group))
        if decided.status != "unit":
            return self._whole_spelling(core.text, group) or decided
        return decided

    def exact(self, words: Sequence[str], group: str | None = None) -> tuple[str, ...]:
        """Units spelled exactly by `words` (spaces ignored), in `group` if given."""
        ids = self._exact.get("".join(words), ())
        if group is not None:
            ids = tuple(i for i in ids if self.group_of(i) == group)
        return ids

    def spans(self, words: Sequence[str]) -> list[Span]:
        """Exact spellings inside a run of core words, leftmost-longest, not overlapping.

        Lets "nội vụ ngoại vụ" name two units, and a sentence keep its name when other words
        around it are unknown.
        """
        found: list[Span] = []
        i, n = 0, len(words)
        while i < n:
            best: Span | None = None
            joined = ""
            for j in range(i, n):
                joined += words[j]
                if joined not in self._prefixes:
                    break
                ids = self._exact.get(joined)
                if ids:
                    best = Span(i, j + 1, ids)
            if best is None:
                i += 1
            else:
                found.append(best)
                i = best.end
        return found

    # -- fuzzy -----------------------------------------------------------------------------

    def _similarities(self, word: str) -> dict[int, float]:
        """Vocabulary positions similar to `word`, with their similarity (memoised per word)."""
        cached = self._similarity_cache.get(word)
        if cached is not None:
            return cached
        hits = process.extract(
            word, self._vocabulary, scorer=fuzz.ratio, processor=None,
            score_cutoff=WORD_CUTOFF, limit=None,
        )
        similar = {position: score for _, score, position in hits}
        if len(word) > SHORT_WORD:
            for position, name_word in enumerate(self._vocabulary):
                if name_word.startswith(word) and similar.get(position, 0.0) < PREFIX_SIMILARITY:
                    similar[position] = PREFIX_SIMILARITY
        if len(self._similarity_cache) >= 4096:
            self._similarity_cache.clear()
        self._similarity_cache[word] = similar
        return similar

    def _miss_weight(self, word: str) -> float:
        """How much a query word costs when no name word matches it.

        An unknown word costs as much as the rarest name word, so gibberish around a name
        word does not pass for the name ("Hà Nội" is not "Nội vụ"). A generic word, or one
        mistyped ("phố" left without "thành", "huyne", "ubdn", "sk"), costs almost nothing:
        it never said which unit.
        """
        if word in GENERIC_WORDS or self._mistyped_generic(word):
            return GENERIC_MISS_WEIGHT
        return self._max_weight

    def _mistyped_generic(self, word: str) -> bool:
        """A word more like a generic word than like any name word ("huyne", "ubdn", "sk")."""
        if len(word) < 3:
            return word not in self._slots and any(
                fuzz.ratio(word, short) >= SHORT_GENERIC_TYPO for short in _SHORT_GENERIC
            )
        like_name = max(self._similarities(word).values(), default=0.0)
        hit = process.extractOne(
            word, _MISTYPED_GENERIC, scorer=fuzz.ratio, processor=None,
            score_cutoff=GENERIC_TYPO,
        )
        return hit is not None and hit[1] > like_name

    def _fuzzy_scores(self, words: tuple[str, ...]) -> dict[int, _Score]:
        """Best score per unit position over its spellings.

        A key scores the weighted mean similarity of the query's words to its words (see
        `_miss_weight` for unmatched words), scaled down when the query covers only part of
        the key, so "điện biên" prefers "Điện Biên" to "Điện Biên Đông". A lone short word is
        an abbreviation or a syllable: one wrong letter makes it another ("nv" is not "snv"),
        so alone it must match almost exactly. When the query has fewer word breaks than a
        key, a whole-key comparison without spaces catches a typo as well ("tuangiaoo").
        """
        similar = [self._similarities(word) for word in words]
        misses = [self._miss_weight(word) for word in words]
        if len(words) == 1 and len(words[0]) <= SHORT_WORD:
            similar = [{p: s for p, s in similar[0].items() if s >= SHORT_WORD_CUTOFF}]
        keys = {k for sims in similar for position in sims for k in self._keys_with[position]}
        scores: dict[int, _Score] = {}
        for k in keys:
            key = self._keys[k]
            score = self._key_score(key, similar, misses)
            if key.unit not in scores or score.total > scores[key.unit].total:
                scores[key.unit] = score
        joined = "".join(words)
        if len(joined) >= COMPACT_MIN_LENGTH:
            for compact, similarity, k in process.extract(
                joined, self._compact_keys, scorer=fuzz.ratio, processor=None,
                score_cutoff=COMPACT_CUTOFF, limit=None,
            ):
                if len(words) >= self._compact_words[k]:
                    continue  # same word breaks: the word-by-word score already judged it
                shorter, longer = sorted((len(compact), len(joined)))
                if shorter < COMPACT_LENGTH_RATIO * longer:
                    continue  # a prefix ("muongg" of "muongang") is not a typo of the whole
                for unit in self._compact_units[k]:
                    if unit not in scores or similarity > scores[unit].total:
                        scores[unit] = _Score(similarity, similarity, 1.0)
        return scores

    def _key_score(
        self, key: _Key, similar: list[dict[int, float]], misses: list[float]
    ) -> _Score:
        """Pair query words with the key's words one to one, most similar pairs first.

        One name word cannot vouch for two query words: "ngân hàng" is not "Mường Ảng" twice.
        """
        pairs = sorted(
            (
                (sims[word], q, slot)
                for q, sims in enumerate(similar)
                for slot, word in enumerate(key.words)
                if word in sims
            ),
            reverse=True,
        )
        best: dict[int, tuple[float, int]] = {}
        used: set[int] = set()
        for score, q, slot in pairs:
            if q not in best and slot not in used:
                best[q] = (score, slot)
                used.add(slot)
        weights = self._weights
        total = weighted = covered = 0.0
        for q in range(len(similar)):
            score, slot = best.get(q, (0.0, -1))
            if score >= TOKEN_HIT:
                weight = weights[key.words[slot]]
                covered += weight
            else:
                weight = misses[q]
            total += weight
            weighted += weight * score
        words_score = weighted / total
        coverage = covered / key.weight
        return _Score(
            words_score * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage), words_score, coverage
        )

    def _whole_spelling(self, text: str, group: str | None) -> NameMatch | None:
        """A registry spelling typed whole with a typo, clearly closer than any other unit's.

        Word by word, one wrong letter in a three-letter syllable ("tià", "nộh") loses the
        word; against the whole spelling, "sở"/"UBND huyện" give enough context to see the
        typo. Generic words also make different units look alike ("UBND huyện Mường Ảng" and
        "… Mường Chà"), hence the margin over every other unit.
        """
        if len(text) < WHOLE_MIN_LENGTH:
            return None
        best: dict[int, float] = {}
        for _, score, k in process.extract(
            text, self._whole_spellings, scorer=fuzz.ratio, processor=None,
            score_cutoff=WHOLE_SCORE - WHOLE_MARGIN, limit=None,
        ):
            unit = self._whole_units[k]
            if group is None or self._units[unit].group == group:
                best[unit] = max(score, best.get(unit, 0.0))
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < WHOLE_SCORE:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < WHOLE_MARGIN:
            return None
        return NameMatch("unit", (self._ids[ranked[0][0]],), round(ranked[0][1], 1))

    def _decide(self, scores: dict[int, _Score], group: str | None, strict: bool) -> NameMatch:
        """Turn per-unit scores into "this unit", "ask which" or "no idea".

        When the runner-up contains the query's words as well as the best does, and the best
        is not fully spelled out either, coverage alone must not pick: "công" is in Công
        thương and in Khoa học và Công nghệ, so ask.
        """
        ranked = sorted(scores.items(), key=lambda item: (-item[1].total, item[0]))
        if group is not None:
            in_group = [(u, s) for u, s in ranked if self._units[u].group == group]
            if strict or (in_group and in_group[0][1].total >= ASK_SCORE):
                ranked = in_group
        if not ranked or ranked[0][1].total < ASK_SCORE:
            return NameMatch("none", (), round(ranked[0][1].total, 1) if ranked else 0.0)
        best = ranked[0][1]
        runner_up = ranked[1][1] if len(ranked) > 1 else _Score(0.0, 0.0, 0.0)
        candidates = [u for u, s in ranked if s.total >= max(ASK_SCORE, best.total - SPREAD)]
        shared = runner_up.words >= best.words - SHARED_SLACK and best.coverage < FULL_COVERAGE
        clear = best.total >= UNIT_SCORE and best.total - runner_up.total >= MARGIN
        alone = len(candidates) == 1 and best.total >= SOLO_SCORE
        if (clear or alone) and not shared:
            return NameMatch("unit", (self._ids[ranked[0][0]],), round(best.total, 1))
        ids = tuple(self._ids[u] for u in candidates[:MAX_CANDIDATES])
        return NameMatch("ambiguous", ids, round(best.total, 1))
