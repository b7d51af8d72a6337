"""The domain: units and one unit's result for one year (keys come from the editions)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field


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
