"""Pure ranking rules: competition ranks within a group, levels, rank changes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import itemgetter
from typing import TypeVar

K = TypeVar("K")


def competition_ranks(values: Mapping[K, float], decimals: int = 1) -> dict[K, int]:
    """Rank by value, highest first; values equal at the edition's published precision
    (`decimals`) share a rank: 1, 2, 2, 4. The mapping comes back in rank order."""
    keys = list(values)
    ranks = rank_list(list(values.values()), decimals)
    return {keys[i]: ranks[i] for i in sorted(range(len(keys)), key=ranks.__getitem__)}


def rank_list(values: Sequence[float], decimals: int = 1) -> list[int]:
    """`competition_ranks` of a sequence, position by position (no mapping to build: a
    year of 2,000 units ranks each of its sub-indices this way)."""
    # -0.0 equals 0.0, so comparing needs no `+ 0.0`; the sort is stable (reverse=True
    # keeps ties in their order).
    ordered = sorted(zip(map(round, values, repeat(decimals)), range(len(values)), strict=True),
                     key=itemgetter(0), reverse=True)
    ranks = [0] * len(values)
    previous: float | None = None
    rank = 0
    for position, (rounded, index) in enumerate(ordered, start=1):
        if rounded != previous:
            rank, previous = position, rounded
        ranks[index] = rank
    return ranks


def rank_change(previous: int | None, current: int | None) -> int | None:
    """Previous year's rank minus this year's: positive means the unit moved up."""
    if previous is None or current is None:
        return None
    return previous - current


def duplicate_ranks(ranks: Mapping[K, int]) -> dict[int, list[K]]:
    """Ranks given to more than one unit (legitimate only for tied totals)."""
    by_rank: dict[int, list[K]] = {}
    for key, rank in ranks.items():
        by_rank.setdefault(rank, []).append(key)
    return {rank: keys for rank, keys in by_rank.items() if len(keys) > 1}
