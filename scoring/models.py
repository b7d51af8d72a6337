"""The domain: groups, levels, sub-indices, units and one unit's result for one year."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# Group, Level and SubIndex name the 2019 edition's keys. Nothing in scoring/ or storage/ uses
# them any more (those read data/editions/); they stay until the last importer moves over.


class Group(StrEnum):
    """The two groups the report ranks separately."""

    SO = "so"  # sở, ban, ngành tỉnh
    HUYEN = "huyen"  # UBND huyện, thị xã, thành phố


class Level(StrEnum):
    """The report's three bands of total score."""

    KHA = "kha"  # 150–200
    TRUNG_BINH = "trung_binh"  # 100–<150
    THAP = "thap"  # <100


class SubIndex(StrEnum):
    """The four sub-indices, in the report's column order."""

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
TOTAL_MAX = 200.0
KHA_FROM = 150.0
TRUNG_BINH_FROM = 100.0


def level_for(total: float) -> Level:
    """The level band a total falls in (khá ≥ 150, trung bình ≥ 100, else thấp)."""
    if total >= KHA_FROM:
        return Level.KHA
    if total >= TRUNG_BINH_FROM:
        return Level.TRUNG_BINH
    return Level.THAP


def round_score(value: float) -> float:
    """Scores are published to one decimal; sums are compared at that precision."""
    return round(value + 0.0, 1)


class Unit(BaseModel):
    """A ranked agency as registered in data/units.csv.

    `from_year`/`until_year` bound the years it exists; `successor` names the unit it was
    merged into or renamed to, so its history stays reachable after a restructuring.
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    group: str = Field(pattern=r"^[a-z0-9_]+$")  # a group key of the editions it exists in
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    from_year: int | None = None
    until_year: int | None = None
    successor: str | None = None
    former_names: tuple[tuple[int, str], ...] = ()  # (last year the name was used, name)

    def exists_in(self, year: int) -> bool:
        """Whether the unit was ranked (or rankable) in `year`."""
        if self.from_year is not None and year < self.from_year:
            return False
        return not (self.until_year is not None and year > self.until_year)

    def name_in(self, year: int) -> str:
        """The name the unit carried in `year` (renames keep history under one id)."""
        for last_year, name in sorted(self.former_names):
            if year <= last_year:
                return name
        return self.name


@dataclass(frozen=True)
class YearResult:
    """One unit's stored result for one year: published figures and what code derived.

    Keys are the edition's: `group` a group key, `level` a band key (None without bands),
    `scores` and `subindex_ranks` keyed by sub-index key in edition order. For years where
    only ranks were published, `scores`, `total` and `level` are None. `total` and `rank` are
    the official (published) figures when published, otherwise the computed ones;
    disagreements are in `notes`. `rank_change` compares with `rank_change_from`, the last
    earlier year the unit was ranked in the same group; `source` says where the figures were
    published.
    """

    unit_id: str
    year: int
    group: str
    rank: int | None
    scores: dict[str, float] | None = None
    total: float | None = None
    computed_total: float | None = None
    level: str | None = None
    computed_rank: int | None = None
    rank_change: int | None = None
    subindex_ranks: dict[str, int] | None = None
    notes: tuple[str, ...] = field(default=())
    rank_change_from: int | None = None
    source: str | None = field(default=None, compare=False)  # provenance, not a figure
