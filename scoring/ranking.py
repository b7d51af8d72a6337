"""Pure ranking rules: competition ranks within a group, levels, rank changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K")


def competition_ranks(values: Mapping[K, float], decimals: int = 1) -> dict[K, int]:
    """Rank by value, highest first; values equal at the edition's published precision
    (`decimals`) share a rank: 1, 2, 2, 4."""
    keys = list(values)
    # -0.0 equals 0.0, so no `+ 0.0` is needed for comparing; a stable sort keeps ties in
    # the mapping's order (reverse=True keeps stability).
    rounded = [round(value, decimals) for value in values.values()]
    ranks: dict[K, int] = {}
    previous: float | None = None
    rank = 0
    for position, index in enumerate(
            sorted(range(len(keys)), key=rounded.__getitem__, reverse=True), start=1):
        value = rounded[index]
        if value != previous:
            rank, previous = position, value
        ranks[keys[index]] = rank
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
