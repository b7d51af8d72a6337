"""Read side: all results in memory, for answers in microseconds.

The whole index is a few thousand rows at most, so the bot loads it once and reloads when
SQLite's `data_version` says another connection (an `egov publish`) changed the file.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlite_utils import Database

from scoring import wording
from scoring.edition import Edition, EditionBook, edition_toml, load_editions, parse_edition
from scoring.models import Unit, YearResult
from scoring.registry import UnitRegistry

from .db import DEFAULT_DATA_DIR


@dataclass(frozen=True)
class Snapshot:
    """Every stored year and result, indexed the ways the answers need."""

    registry: UnitRegistry
    years: tuple[int, ...]  # ascending
    scored_years: frozenset[int]
    results: dict[tuple[str, int], YearResult]
    tables: dict[tuple[int, str], list[YearResult]] = field(default_factory=dict)
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

    def table(self, year: int, group: str) -> list[YearResult]:
        """The group's results for `year` in rank order (unranked last)."""
        return self.tables.get((year, group), [])

    def group_size(self, year: int, group: str) -> int:
        """How many units were ranked in the group that year."""
        return sum(1 for r in self.tables.get((year, group), ()) if r.rank is not None)

    def groups(self, year: int) -> tuple[str, ...]:
        """The group keys of `year`'s edition, in edition order (then any other stored)."""
        keys = self.edition(year).group_keys if len(self.editions) else ()
        stored = sorted(g for y, g in self.tables if y == year and g not in keys)
        return (*keys, *stored)

    def rank_history(self, unit_id: str) -> dict[int, int]:
        """Official rank by year, oldest first, for the years the unit was ranked."""
        history = {}
        for year in self.years:
            result = self.results.get((unit_id, year))
            if result is not None and result.rank is not None:
                history[year] = result.rank
        return history


def _json_tuple(text: str | None) -> tuple:
    """A stored JSON list; most units have no aliases or former names ("[]")."""
    return tuple(json.loads(text)) if text and text != "[]" else ()


def registry_from_db(db: Database) -> UnitRegistry:
    """The registry as stored (the running system's source of truth)."""
    units = []
    for unit_id, group, name, aliases, from_year, until_year, successor, former in db.execute(
            "SELECT id, grp, name, aliases, from_year, until_year, successor, former_names "
            "FROM units ORDER BY position, id"):
        fields = {
            "id": unit_id, "group": group, "name": name, "aliases": _json_tuple(aliases),
            "from_year": from_year, "until_year": until_year, "successor": successor,
            "former_names": tuple((int(y), n) for y, n in _json_tuple(former)),
        }
        # Validating (pydantic-core) costs a third of model_construct's Python loop; a row
        # stored under older rules is taken as it is, as before.
        try:
            units.append(Unit.model_validate(fields))
        except ValidationError:
            units.append(Unit.model_construct(**fields))
    return UnitRegistry(units)


def _scores_by_result(rows: list[dict]) -> dict[tuple[str, int], list[dict]]:
    found: dict[tuple[str, int], list[dict]] = {}
    for row in rows:
        found.setdefault((row["unit_id"], row["year"]), []).append(row)
    return found


def _result_from_row(row: dict, scores: list[dict], notes: tuple[str, ...] = ()) -> YearResult:
    """A results row with its score rows (already in edition order)."""
    ranked = scores and all(s["rank"] is not None for s in scores)
    return YearResult(
        unit_id=row["unit_id"],
        year=row["year"],
        group=row["grp"],
        rank=row["rank"],
        scores={s["key"]: s["value"] for s in scores} if scores else None,
        total=row["total"],
        computed_total=row["computed_total"],
        level=row["level"] or None,
        computed_rank=row["computed_rank"],
        rank_change=row["rank_change"],
        subindex_ranks={s["key"]: s["rank"] for s in scores} if ranked else None,
        notes=(*json.loads(row["notes"] or "[]"), *notes),
        rank_change_from=row["rank_change_from"],
        source=row["source"],
    )


def results_from_db(db: Database, year: int | None = None) -> list[YearResult]:
    """Stored results (of one year, or all) in rank order within year and group."""
    where, params = ("WHERE year = ?", [year]) if year is not None else ("", [])
    rows = list(db.query(
        f"SELECT * FROM results {where} ORDER BY year, grp, rank IS NULL, rank", params))
    scores = _scores_by_result(list(db.query(
        f"SELECT unit_id, year, key, value, rank FROM scores {where} "
        "ORDER BY unit_id, year, position", params)))
    return [_result_from_row(r, scores.get((r["unit_id"], r["year"]), [])) for r in rows]


def _other_figure_notes(figures: list[dict], rows: dict[tuple[str, int], dict],
                        editions: EditionBook) -> dict[tuple[str, int], list[str]]:
    """Figures from other sources (a notice) as data notes on the result of record."""
    notes: dict[tuple[str, int], list[str]] = {}
    for figure in figures:
        key = (figure["unit_id"], figure["year"])
        record = rows.get(key)
        decimals = editions.for_year(figure["year"]).decimals if len(editions) else 1
        if record is not None and figure["rank"] is not None and record["rank"] is not None \
                and figure["rank"] != record["rank"]:
            text = wording.note_other_source_disagrees(
                figure["source"], figure["year"], figure["rank"], figure["total"],
                record["source"] or "bảng xếp hạng", record["rank"], decimals)
        else:
            text = wording.note_other_source(figure["source"], figure["year"], figure["total"],
                                             figure["rank"], decimals)
        notes.setdefault(key, []).append(text)
    return notes


@functools.cache
def shipped_editions(folder: Path = DEFAULT_DATA_DIR / "editions") -> EditionBook:
    """The editions in a data folder (the repository's by default), read once: for callers
    without a database at hand (a database from before editions, benchmarks, tools)."""
    return load_editions(folder)


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
        score_rows = list(db.query(
            "SELECT unit_id, year, key, value, rank FROM scores ORDER BY unit_id, year, position"))
        figures = list(db.query("SELECT * FROM other_figures ORDER BY year, unit_id, source"))
    version = _version(registry, years, scored, rows, editions, score_rows, figures)
    scores = _scores_by_result(score_rows)
    extra = _other_figure_notes(figures, {(r["unit_id"], r["year"]): r for r in rows}, editions)
    results: dict[tuple[str, int], YearResult] = {}
    tables: dict[tuple[int, str], list[YearResult]] = {}
    for row in rows:
        key = (row["unit_id"], row["year"])
        result = _result_from_row(row, scores.get(key, []), tuple(extra.get(key, ())))
        results[key] = result
        tables.setdefault((result.year, result.group), []).append(result)
    return Snapshot(registry, tuple(years), frozenset(scored), results, tables, version, editions)


def edition_key(edition: Edition) -> str:
    return json.dumps(edition_toml(edition), sort_keys=True, ensure_ascii=False)


def _version(registry: UnitRegistry, years: list[int], scored: set[int], rows: list[dict],
             editions: EditionBook, score_rows: list[dict], figures: list[dict]) -> str:
    """A short digest of the loaded data, so caches (charts) can key on what they show."""
    digest = hashlib.sha256(repr((list(registry), years, sorted(scored))).encode())
    digest.update(repr([edition_key(e) for e in editions]).encode())
    digest.update(json.dumps(rows, sort_keys=True, default=str).encode())
    digest.update(json.dumps(score_rows, default=str).encode())
    digest.update(json.dumps(figures, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def data_version(db: Database) -> int:
    """Changes whenever another connection commits to the database file."""
    return db.execute("PRAGMA data_version").fetchone()[0]
