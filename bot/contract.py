"""The answer contract: what `egov ask --json` prints and what every front end renders.

Field names and meanings are relied on by other programs; `answer.schema.json` beside this
file is the same contract as a JSON Schema.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Kind = Literal[
    "unit", "list", "compare", "clarify", "no_data", "help", "about", "value", "stats",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Successor(_Strict):
    """The unit a merged or renamed unit became, from the year it took over."""

    unit: str
    unit_id: str
    from_year: int | None


class Predecessor(_Strict):
    """A unit merged into this one, with the last year it existed."""

    unit: str
    unit_id: str
    until_year: int | None


class Result(_Strict):
    """One unit in one year, as published (total and rank are the official figures).

    Keys follow the year's edition: `group` is a group key, `level` a band key (or null),
    `scores`/`subindex_ranks`/`maxima` are keyed by its sub-index keys in edition order.
    """

    unit: str
    unit_id: str
    group: str
    year: int
    rank: int | None
    total: float | None
    level: str | None
    level_name: str | None
    scores: dict[str, float] | None
    subindex_ranks: dict[str, int] | None
    maxima: dict[str, float] | None
    group_size: int
    rank_history: dict[str, int]
    rank_change: int | None
    successor: Successor | None
    predecessors: list[Predecessor]
    notes: list[str]


class Candidate(_Strict):
    unit: str
    unit_id: str
    group: str


class Stats(_Strict):
    """A figure over a set of units; null where it does not apply (a mean of levels)."""

    count: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None


class Answer(_Strict):
    """One answer to one message.

    `measure` is the figure the answer is about: null for a whole card, else "total", "rank",
    "level", "rank_change", a sub-index key or "rank:KEY". `order_by`/`descending` say how a
    list is sorted; `differences` maps each measure of a comparison to the second unit's
    figure minus the first's.
    """

    query: str
    kind: Kind
    year: int | None
    results: list[Result] = []
    candidates: list[Candidate] = []
    text: str = ""
    measure: str | None = None
    stats: Stats | None = None
    order_by: str | None = None
    descending: bool | None = None
    differences: dict[str, float | None] | None = None
    html: str = ""  # for the bot; not part of the JSON output

    def to_json(self) -> str:
        return self.model_dump_json(exclude={"html"})
