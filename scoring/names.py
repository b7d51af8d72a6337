"""Resolve unit names written in an official's file to registry ids: tolerant, never guessing.

Case, diacritics, NFC/NFD, "&"/"và", "hoá"/"hóa", spacing, "UBND"/"Ủy ban nhân dân", "TP"/
"Thành phố" and the registered abbreviations all resolve; anything else is an error that
suggests the closest registered names. Fuzzy matching only ever *suggests* here.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from .models import Unit
from .registry import UnitRegistry
from .vietnamese import name_key

_EXPANSIONS = {
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
    "tx": "thi xa",
    "h": "huyen",
}
_DROPPED = {"va"}


@lru_cache(maxsize=65536)
def strict_key(name: str) -> str:
    """Key that ignores only spelling variants that can never change which unit is meant."""
    words = []
    for word in name_key(name).split():
        if word in _DROPPED:
            continue
        words.append(_EXPANSIONS.get(word, word))
    return " ".join(words)


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
    """Registry names, aliases and former names indexed by `strict_key`."""

    def __init__(self, registry: UnitRegistry):
        self._registry = registry
        self._by_key: dict[str, set[str]] = {}
        for unit in registry:
            for name in self._names_of(unit):
                self._by_key.setdefault(strict_key(name), set()).add(unit.id)
        self._keys = list(self._by_key)

    @staticmethod
    def _names_of(unit: Unit) -> list[str]:
        names = [unit.name, unit.id.replace("-", " "), *unit.aliases]
        names.extend(name for _, name in unit.former_names)
        return names

    def resolve(self, name: str) -> str:
        """Return the unit id for `name` or raise UnknownUnit / AmbiguousUnit."""
        ids = self._by_key.get(strict_key(name))
        if ids is None:
            raise UnknownUnit(name, self.suggest(name))
        if len(ids) > 1:
            raise AmbiguousUnit(name, sorted(self._registry.get(i).name for i in ids))
        return next(iter(ids))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The official names closest to `name`, best first."""
        found = process.extract(strict_key(name), self._keys, scorer=fuzz.ratio, limit=limit * 3)
        names: list[str] = []
        for key, _, _ in found:
            for unit_id in sorted(self._by_key[key]):
                official = self._registry.get(unit_id).name
                if official not in names:
                    names.append(official)
        return names[:limit]
