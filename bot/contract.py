"""The answer contract: what `egov ask --json` prints and what every front end renders.

Field names and meanings are relied on by other programs; `answer.schema.json` beside this
file is the same contract as a JSON Schema.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Kind = Literal["unit", "list", "compare", "clarify", "no_data", "help", "about"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scores(_Strict):
    htkt: float
    ud: float
    htnl: float
    csdt: float


class SubindexRanks(_Strict):
    htkt: int
    ud: int
    htnl: int
    csdt: int


class Result(_Strict):
    """One unit in one year, as published (total and rank are the official figures)."""

    unit: str
    unit_id: str
    group: Literal["so", "huyen"]
    year: int
    rank: int | None
    total: float | None
    level: Literal["kha", "trung_binh", "thap"] | None
    scores: Scores | None
    subindex_ranks: SubindexRanks | None
    rank_history: dict[str, int]
    rank_change: int | None
    notes: list[str]


class Candidate(_Strict):
    unit: str
    unit_id: str
    group: Literal["so", "huyen"]


class Answer(_Strict):
    """One answer to one message."""

    query: str
    kind: Kind
    year: int | None
    results: list[Result] = []
    candidates: list[Candidate] = []
    text: str = ""
    html: str = ""  # for the bot; not part of the JSON output

    def to_json(self) -> str:
        return self.model_dump_json(exclude={"html"})
