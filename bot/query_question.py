"""The structured question: what a message asks, as data (see `query_grammar`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Op = Literal[
    "card", "value", "list", "top", "position", "neighbour", "filter", "sort", "count",
    "aggregate", "compare", "clarify", "help", "greeting", "thanks", "out_of_scope", "about",
    "national", "improve", "needs_unit",
]
Stat = Literal["mean", "median", "max", "min", "count"]
Direction = Literal["up", "down", "same"]

PROVINCE_UNIT = "h-dien-bien"  # "Điện Biên" alone names this unit


@dataclass(frozen=True)
class Question:
    """What a message asks, as data. Fields left at their defaults were not said."""

    op: Op
    unit_ids: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    group: str | None = None
    year: int | None = None
    year_phrase: str | None = None  # "năm ngoái": the answer says which year it took
    vs_previous: bool = False
    measure: str | None = None
    best: bool = True  # superlatives, positions and sorting: best first
    limit: int | None = None
    position: int | None = None  # N-th; -1 = last
    neighbour: int = 0  # -1: just above unit_ids[0]; +1: just below
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    level: str | None = None
    below_level: bool = False  # "chưa đạt khá": every level under `level`
    at_max: bool | None = None
    direction: Direction | None = None
    stat: Stat | None = None
    topic: str | None = None
    province: bool = False  # "Điện Biên" could be the province
    follow_up: bool = False  # only part of a question ("còn năm 2018?")
    said: frozenset[str] = frozenset()  # which parts the message gave
    text: str = ""

    @property
    def filtered(self) -> bool:
        return (self.low is not None or self.high is not None or self.level is not None
                or self.at_max is not None or self.direction is not None)


@dataclass
class Seen:
    """What the grammar read (mutable while parsing only)."""

    years: list[int] = field(default_factory=list)
    year_phrase: str | None = None
    vs_previous: bool = False
    measure: str | None = None
    strong_measure: bool = False  # asked for that figure, not only named it
    rank_words: bool = False
    best: bool | None = None
    top: bool = False
    limit: int | None = None
    position: int | None = None
    neighbour: int = 0
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    level: str | None = None
    below_level: bool = False
    at_max: bool | None = None
    direction: Direction | None = None
    how_many: bool = False
    stat: Stat | None = None
    sort: bool = False
    ordered: bool = False  # "tăng dần"/"giảm dần": an order, not a superlative
    difference: bool = False
    which: bool = False
    follow: bool = False
    out_of_scope: bool = False
    national: bool = False
    listing: bool = False
    negation: bool = False
    pending: str | None = None  # a comparator waiting for its number
    skip: int = 0  # words after a phrase that it also took ("thứ hai")
    last_tag: str | None = None
    improve: bool = False
    about: bool = False
    topic: bool = False  # a topic that shares words with names ("phát triển")
    topics: list[str] = field(default_factory=list)
