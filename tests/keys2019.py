"""The 2019 edition's keys, as the tests name them (data, not product code).

The product reads groups, bands and sub-indices from data/editions/; tests may name one year's
keys to say what they expect of that year's data.
"""

from __future__ import annotations

from enum import StrEnum


class Group(StrEnum):
    """The two groups the 2019 report ranks separately."""

    SO = "so"  # sở, ban, ngành tỉnh
    HUYEN = "huyen"  # UBND huyện, thị xã, thành phố


class Level(StrEnum):
    """The 2019 report's three bands of total score."""

    KHA = "kha"  # 150–200
    TRUNG_BINH = "trung_binh"  # 100–<150
    THAP = "thap"  # <100


class SubIndex(StrEnum):
    """The 2019 report's four sub-indices, in column order."""

    HTKT = "htkt"  # hạ tầng kỹ thuật
    UD = "ud"  # ứng dụng
    HTNL = "htnl"  # nguồn nhân lực
    CSDT = "csdt"  # chính sách và đầu tư

    @property
    def maximum(self) -> float:
        return SUBINDEX_MAXIMA[self]


SUBINDEX_MAXIMA: dict[SubIndex, float] = {
    SubIndex.HTKT: 25.0,
    SubIndex.UD: 110.0,
    SubIndex.HTNL: 30.0,
    SubIndex.CSDT: 35.0,
}
KHA_FROM = 150.0
TRUNG_BINH_FROM = 100.0


def level_for(total: float) -> Level:
    """The 2019 band a total falls in (khá ≥ 150, trung bình ≥ 100, else thấp)."""
    if total >= KHA_FROM:
        return Level.KHA
    if total >= TRUNG_BINH_FROM:
        return Level.TRUNG_BINH
    return Level.THAP
