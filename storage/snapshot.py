"""Read side: all results in memory, for answers in microseconds.

The whole index is a few thousand rows at most, so the bot loads it once and reloads when
SQLite's `data_version` says another connection (an `egov publish`) changed the file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from scoring.edition import Edition, EditionBook, edition_toml, parse_edition
from scoring.models import Group, Level, SubIndex, Unit, YearResult
from scoring.registry import UnitRegistry


@dataclass(frozen=True)
class Snapshot:
    """Every stored year and result, indexed the ways the answers need."""

    registry: UnitRegistry
    years: tuple[int, ...]  # ascending
    scored_years: frozenset[int]
    results: dict[tuple[str, int], YearResult]
    tables: dict[tuple[int, Group], list[YearResult]] = field(default_factory=dict)
    version: str = ""  # digest of everything loaded: changes exactly when the data does
    editions: EditionBook = field(default_factory=lambda: EditionBook([]))

    def edition(self, year: int) -> Edition:
        """The methodology in force in `year`: groups, sub-indices, maxima, bands, decimals."""
        return self.editions.for_year(year)

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    def result(self, unit_id: str, year: int) -> YearResult | None:
        return self.results.get((unit_id, year))

    def table(self, year: int, group: Group) -> list[YearResult]:
        """The group's results for `year` in rank order (unranked last)."""
        return self.tables.get((year, group), [])

    def group_size(self, year: int, group: Group) -> int:
        return len(self.tables.get((year, group), ()))

    def rank_history(self, unit_id: str) -> dict[int, int]:
        """Official rank by year, oldest first, for the years the unit was ranked."""
        history = {}
        for year in self.years:
            result = self.results.get((unit_id, year))
            if result is not None and result.rank is not None:
                history[year] = result.rank
        return history


def registry_from_db(db: Database) -> UnitRegistry:
    """The registry as stored (the running system's source of truth)."""
    units = []
    for row in db.query("SELECT * FROM units ORDER BY position, id"):
        units.append(Unit(
            id=row["id"], group=Group(row["grp"]), name=row["name"],
            aliases=tuple(json.loads(row["aliases"] or "[]")),
            from_year=row["from_year"], until_year=row["until_year"],
            successor=row["successor"],
            former_names=tuple((int(y), n) for y, n in json.loads(row["former_names"] or "[]")),
        ))
    return UnitRegistry(units)


def _result_from_row(row: dict) -> YearResult:
    has_scores = row["htkt"] is not None
    return YearResult(
        unit_id=row["unit_id"],
        year=row["year"],
        group=Group(row["grp"]),
        rank=row["rank"],
        scores={s: row[s.value] for s in SubIndex} if has_scores else None,
        total=row["total"],
        computed_total=row["computed_total"],
        level=Level(row["level"]) if row["level"] else None,
        computed_rank=row["computed_rank"],
        rank_change=row["rank_change"],
        subindex_ranks=(
            {s: row[f"rank_{s.value}"] for s in SubIndex}
            if row["rank_htkt"] is not None else None
        ),
        notes=tuple(json.loads(row["notes"] or "[]")),
    )


def editions_from_db(db: Database) -> EditionBook:
    """The stored editions (validated again: the database may have been written by hand)."""
    return EditionBook(
        parse_edition(json.loads(row["content"]), row["source_file"] or "")
        for row in db.query("SELECT year, content, source_file FROM editions ORDER BY year"))


def load_snapshot(db: Database) -> Snapshot:
    """Read the registry, years and results in one read transaction (a consistent view)."""
    with db.atomic():
        registry = registry_from_db(db)
        editions = editions_from_db(db)
        years = [r["year"] for r in db.query("SELECT year FROM years ORDER BY year")]
        scored = {r["year"] for r in db.query("SELECT year FROM years WHERE has_scores = 1")}
        rows = list(db.query("SELECT * FROM results ORDER BY year, grp, rank IS NULL, rank"))
    version = _version(registry, years, scored, rows, editions)
    results: dict[tuple[str, int], YearResult] = {}
    tables: dict[tuple[int, Group], list[YearResult]] = {}
    for row in rows:
        result = _result_from_row(row)
        results[(result.unit_id, result.year)] = result
        tables.setdefault((result.year, result.group), []).append(result)
    return Snapshot(registry, tuple(years), frozenset(scored), results, tables, version, editions)


def edition_key(edition: Edition) -> str:
    return json.dumps(edition_toml(edition), sort_keys=True, ensure_ascii=False)


def _version(registry: UnitRegistry, years: list[int], scored: set[int], rows: list[dict],
             editions: EditionBook) -> str:
    """A short digest of the loaded data, so caches (charts) can key on what they show."""
    digest = hashlib.sha256(repr((list(registry), years, sorted(scored))).encode())
    digest.update(repr([edition_key(e) for e in editions]).encode())
    digest.update(json.dumps(rows, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def data_version(db: Database) -> int:
    """Changes whenever another connection commits to the database file."""
    return db.execute("PRAGMA data_version").fetchone()[0]
