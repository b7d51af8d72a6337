"""Resolve unit names to registry ids by year: tolerant, never guessing.

One vocabulary for files and questions. A name is accepted when it spells exactly one unit
existing in the year through one of the registry's spellings (name, aliases, former names,
the id), after folding case, diacritics, NFC/NFD, "&"/"và", "hoá"/"hóa", spacing, the words
that only say what kind of body a unit is ("Sở", "UBND huyện", "Thành phố"…) and
half-abbreviations ("Nông nghiệp và PTNT"): the same exact tier as the question matcher
(bot/matcher.py), which shares `name_spellings`, `partial_initials` and `GENERIC_PHRASES`.
Fuzzy matching only ever *suggests* here. A spelling shared by units of different years
(huyện Mường Nhé until 2024, xã Mường Nhé from 2025) is settled by the year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from rapidfuzz import fuzz, process

from .models import Unit
from .registry import UnitRegistry
from .vietnamese import CLAUSE_SEPARATOR, name_key, query_tokens


def _folded(phrase: str) -> str:
    return " ".join(query_tokens(phrase))


# Written as officials write them and folded here, so that no folded word reads like a key.
_EXPANSIONS = {
    "ubnd": _folded("ủy ban nhân dân"),
    "tp": _folded("thành phố"),
    "tx": _folded("thị xã"),
    "h": _folded("huyện"),
}
_DROPPED = {"va"}
# Words that say what kind of body a unit is, not which one; longest phrase first.
GENERIC_PHRASES: tuple[str, ...] = tuple(map(_folded, (
    "ủy ban nhân dân", "tỉnh điện biên", "ủy ban", "ubnd", "thị xã", "thành phố", "tp", "tx",
    "h", "huyện", "sở", "ban", "tỉnh", "và",
)))  # the question matcher's list (bot/matcher.py): "xã Mường Nhé" is never "huyện Mường Nhé"
_GENERIC: dict[str, tuple[tuple[str, ...], ...]] = {}
for _phrase in sorted(GENERIC_PHRASES, key=lambda p: -len(p.split())):
    _words = tuple(_phrase.split())
    _GENERIC[_words[0]] = (*_GENERIC.get(_words[0], ()), _words)


@lru_cache(maxsize=65536)
def strict_key(name: str) -> str:
    """Key that ignores only spelling variants that can never change which unit is meant."""
    words = []
    for word in name_key(name).split():
        if word in _DROPPED:
            continue
        words.append(_EXPANSIONS.get(word, word))
    return " ".join(words)


def core_words(text: str) -> tuple[str, ...]:
    """The folded words of a name without the generic ones ("Sở", "UBND huyện", "và")."""
    tokens = [t for t in query_tokens(text) if t != CLAUSE_SEPARATOR]
    words: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in _GENERIC.get(tokens[i], ()):
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            words.append(tokens[i])
            i += 1
    return tuple(words)


def name_spellings(unit: Unit) -> Iterator[str]:
    """Every way the registry spells a unit: name, aliases, former names."""
    yield unit.name
    yield from unit.aliases
    for _, name in unit.former_names:
        yield name


def partial_initials(words: Sequence[str]) -> Iterator[str]:
    """Keys with one run of two or more words cut to initials, as officials half-abbreviate.

    >>> sorted(partial_initials(("nong", "nghiep", "phat", "trien")))
    ['nnphattrien', 'nnptrien', 'nongnghieppt', 'nongnpt', 'nongnptrien']
    """
    count = len(words)
    for start in range(count):
        for end in range(start + 2, count + 1):
            if end - start < count:
                yield "".join(
                    (*words[:start], "".join(w[0] for w in words[start:end]), *words[end:])
                )


def duplicate_key(name: str) -> str:
    """Key for "likely the same unit": case, diacritics, spacing and "&"/"và" ignored."""
    return "".join(w for w in name_key(name).split() if w != "va")


class UnknownUnit(LookupError):
    """No registered unit has this name; `suggestions` are the closest official names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        super().__init__(name)


class AmbiguousUnit(LookupError):
    """The name fits several units; `candidates` are their official names."""

    def __init__(self, name: str, candidates: list[str]):
        self.name = name
        self.candidates = candidates
        super().__init__(name)


class UnitResolver:
    """Registry spellings indexed by exact keys; `year` (here or per call) narrows to the
    units existing that year."""

    def __init__(self, registry: UnitRegistry | Iterable[Unit], year: int | None = None):
        self._units = {u.id: u for u in registry}
        self._year = year
        self._by_key: dict[str, set[str]] = defaultdict(set)  # strict keys, for suggestions too
        for unit in self._units.values():
            for name in (*name_spellings(unit), unit.id.replace("-", " ")):
                self._by_key[strict_key(name)].add(unit.id)
        self._keys = list(self._by_key)
        self._spans = {u.id: (u.from_year, u.until_year) for u in self._units.values()}
        # Built on the first name the strict keys miss (files usually spell names in full);
        # a dict so that every `for_year` clone shares the one table.
        self._lazy: dict[str, tuple[dict[str, set[str]], dict[str, set[str]]]] = {}

    def _core_tables(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Core keys ("nongnghiepphattriennongthon") and half-abbreviated ones
        ("nongnghiepptnt"); a registry spelling always wins over an abbreviation."""
        tables = self._lazy.get("core")
        if tables is None:
            spelled: dict[str, set[str]] = defaultdict(set)
            cores: list[tuple[str, tuple[str, ...]]] = []
            for unit in self._units.values():
                for name in (*name_spellings(unit), unit.id.replace("-", " ")):
                    core = core_words(name)
                    tokens = "".join(t for t in query_tokens(name) if t != CLAUSE_SEPARATOR)
                    for key in ("".join(core), tokens):
                        if key:
                            spelled[key].add(unit.id)
                    cores.append((unit.id, core))
            abbreviated: dict[str, set[str]] = defaultdict(set)
            for unit_id, core in cores:
                for key in partial_initials(core):
                    if key not in spelled:
                        abbreviated[key].add(unit_id)
            tables = self._lazy["core"] = (dict(spelled), dict(abbreviated))
        return tables

    def for_year(self, year: int | None) -> UnitResolver:
        """The same vocabulary, narrowed to `year` by default."""
        clone = object.__new__(UnitResolver)
        clone.__dict__.update(self.__dict__)
        clone._year = year
        return clone

    def _exists(self, unit_id: str, year: int) -> bool:
        first, last = self._spans[unit_id]
        return (first is None or year >= first) and (last is None or year <= last)

    def units_named(self, name: str) -> list[Unit]:
        """Every unit, of any year, that `name` spells exactly (registry order)."""
        ids = self._lookup(name)
        return [u for u in self._units.values() if u.id in ids]

    def _lookup(self, name: str) -> AbstractSet[str]:
        """The ids `name` spells: the index's own set, for reading only (a big file
        resolves thousands of names)."""
        found = self._by_key.get(strict_key(name))
        if found:
            return found
        spelled, abbreviated = self._core_tables()
        core = "".join(core_words(name))
        tokens = "".join(t for t in query_tokens(name) if t != CLAUSE_SEPARATOR)
        for key in (core, tokens):
            if key in spelled:
                return spelled[key]
        return abbreviated.get(core, frozenset())

    def resolve(self, name: str, year: int | None = None) -> str:
        """Return the unit id for `name` or raise UnknownUnit / AmbiguousUnit.

        With a year (given here or to the resolver), only units existing that year count.
        """
        year = year if year is not None else self._year
        ids: AbstractSet[str] | list[str] = self._lookup(name)
        if year is not None:
            ids = [i for i in ids if self._exists(i, year)]
        if not ids:
            raise UnknownUnit(name, self.suggest(name))
        if len(ids) > 1:
            raise AmbiguousUnit(name, sorted(self._units[i].name for i in ids))
        return next(iter(ids))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The official names closest to `name`, best first."""
        found = process.extract(strict_key(name), self._keys, scorer=fuzz.ratio, limit=limit * 3)
        names: list[str] = []
        for key, _, _ in found:
            for unit_id in sorted(self._by_key[key]):
                official = self._units[unit_id].name
                if official not in names:
                    names.append(official)
        return names[:limit]
