"""Pure ranking rules: competition ranks within a group, levels, rank changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K")


def competition_ranks(values: Mapping[K, float], decimals: int = 1) -> dict[K, int]:
    """Rank by value, highest first; values equal at the edition's published precision
    (`decimals`) share a rank: 1, 2, 2, 4."""
    ordered = sorted(((round(value + 0.0, decimals), key) for key, value in values.items()),
                     key=lambda item: -item[0])
    ranks: dict[K, int] = {}
    previous: float | None = None
    rank = 0
    for position, (rounded, key) in enumerate(ordered, start=1):
        if rounded != previous:
            rank, previous = position, rounded
        ranks[key] = rank
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
