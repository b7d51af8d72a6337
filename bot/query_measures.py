"""The words of the edition in force: sub-indices, groups and levels as a question names them.

Built from the editions (key, label, name, group words, level names), never from constants,
so a new methodology brings its own words. Pure; built once per set of editions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scoring.edition import Edition
from scoring.vietnamese import query_tokens

_NAME_NOISE = ("chi so ", " cong nghe thong tin", " cntt")


def _folded(text: str) -> str:
    return " ".join(query_tokens(text)).replace(" , ", " ").strip(" ,")


@dataclass(frozen=True)
class Vocabulary:
    """Folded phrase → key, for every edition's sub-indices, groups and levels."""

    subindices: dict[str, str]
    groups: dict[str, str]
    levels: dict[str, str]
    maxima: dict[str, float]  # sub-index key → its maximum in the latest edition that has it
    total_maxima: frozenset[float]

    def key_with_maximum(self, maximum: float) -> str | None:
        """"đạt 35/35": the one sub-index whose maximum is 35; None if none or several."""
        if maximum in self.total_maxima:
            return "total"
        keys = [key for key, value in self.maxima.items() if value == maximum]
        return keys[0] if len(keys) == 1 else None

    @classmethod
    def from_editions(cls, editions: Iterable[Edition]) -> Vocabulary:
        editions = tuple(editions)
        subindices: dict[str, str] = {}
        groups: dict[str, str] = {}
        levels: dict[str, str] = {}
        maxima: dict[str, float] = {}
        totals: set[float] = set()
        for edition in editions:
            if edition.total_maximum is not None:
                totals.add(edition.total_maximum)
            maxima.update({sub.key: sub.maximum for sub in edition.subindices})
            for sub in edition.subindices:
                name = _folded(sub.name)
                phrases = {sub.key, _folded(sub.label), _folded(sub.label).replace(" va ", " "),
                           name, *map(_folded, sub.words)}
                for noise in _NAME_NOISE:
                    name = name.replace(noise, "")
                phrases |= {name, name.replace(" va ", " ")}
                for phrase in phrases:
                    if phrase:
                        subindices.setdefault(phrase, sub.key)
            for group in edition.groups:
                for word in (*group.words, group.short, group.key):
                    groups.setdefault(_folded(word), group.key)
            for band in edition.levels:
                levels.setdefault(_folded(band.name), band.key)
                levels.setdefault(band.key.replace("_", " "), band.key)
        for edition in editions:  # after every band's own name: a name wins over a synonym
            for band in edition.levels:
                for word in band.words:
                    levels.setdefault(_folded(word), band.key)
        return cls(subindices, groups, levels, maxima, frozenset(totals))


