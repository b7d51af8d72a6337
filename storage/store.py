"""Writing results to SQLite: build from data/, publish a new year, all-or-nothing.

A build or publish computes everything in memory first, then writes in one transaction
(`write_transaction`). Users' tables (subscriptions, follows) are read here, never written,
except that a publish adds one outbox row per active subscription in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from scoring.compute import compute_year
from scoring.edition import Edition, edition_toml, load_editions
from scoring.errors import DataFileError, YearExistsError
from scoring.models import SubIndex, Unit, YearResult
from scoring.names import UnitResolver
from scoring.registry import UnitRegistry, load_registry
from scoring.sheets import read_sheet
from scoring.table import TableRow, YearTable, parse_year_table

from .db import data_dir, database_path, open_database, write_transaction
from .snapshot import Snapshot, load_snapshot, registry_from_db

SEED_FINGERPRINT_KEY = "seed_fingerprint"
Step = Callable[[str], None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _no_step(_: str) -> None:
    """Default for the `on_step` hook that crash tests use to stop a publish mid-way."""


# ---------------------------------------------------------------- reading data/

def seed_files(data: Path) -> list[Path]:
    """The files a build reads, in a stable order (their content is the fingerprint)."""
    files = [data / "units.csv", *sorted((data / "editions").glob("*.toml")),
             *sorted((data / "results").glob("*.csv"))]
    return [f for f in files if f.is_file()]


def data_fingerprint(data: Path) -> str:
    digest = hashlib.sha256()
    for path in seed_files(data):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _year_of(path: Path) -> int:
    try:
        return int(path.stem)
    except ValueError:
        raise DataFileError.single(
            path, 0, "", "tên tệp kết quả phải là năm, ví dụ 2019.csv") from None


def rank_only_tables(tables: Iterable[YearTable]) -> list[YearTable]:
    """Years known only from "Xếp hạng <năm>" columns of a later year's table."""
    tables = list(tables)
    have = {t.year for t in tables}
    derived: dict[int, YearTable] = {}
    for table in sorted(tables, key=lambda t: t.year, reverse=True):
        years = {y for row in table.rows for y in row.ranks_by_year}
        for year in sorted(years - have - set(derived)):
            rows = [
                TableRow(line=row.line, unit_id=row.unit_id, scores=None, total=None,
                         rank=row.ranks_by_year[year])
                for row in table.rows if year in row.ranks_by_year
            ]
            derived[year] = YearTable(table.path, year, rows, has_scores=False)
    return list(derived.values())


def load_seed(data: Path) -> tuple[UnitRegistry, list[YearTable]]:
    """Read and validate everything in data/; every problem of every file is reported."""
    registry = load_registry(data / "units.csv")
    resolver = UnitResolver(registry)
    tables: list[YearTable] = []
    problems = []
    for path in sorted((data / "results").glob("*.csv")):
        try:
            year = _year_of(path)
            tables.append(parse_year_table(read_sheet(path), registry, year,
                                           require_scores=False, resolver=resolver))
        except DataFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataFileError(problems)
    tables.extend(rank_only_tables(tables))
    return registry, sorted(tables, key=lambda t: t.year)


# ---------------------------------------------------------------- writing rows

def _unit_row(unit: Unit, position: int) -> dict:
    return {
        "id": unit.id, "grp": unit.group.value, "name": unit.name,
        "aliases": json.dumps(list(unit.aliases), ensure_ascii=False),
        "from_year": unit.from_year, "until_year": unit.until_year,
        "successor": unit.successor,
        "former_names": json.dumps([list(p) for p in unit.former_names], ensure_ascii=False),
        "position": position,
    }


def _result_row(result: YearResult) -> dict:
    scores = result.scores or {}
    sub_ranks = result.subindex_ranks or {}
    row = {
        "unit_id": result.unit_id, "year": result.year, "grp": result.group.value,
        "total": result.total, "computed_total": result.computed_total,
        "level": result.level.value if result.level else None,
        "rank": result.rank, "computed_rank": result.computed_rank,
        "rank_change": result.rank_change,
        "notes": json.dumps(list(result.notes), ensure_ascii=False),
    }
    for sub in SubIndex:
        row[sub.value] = scores.get(sub)
        row[f"rank_{sub.value}"] = sub_ranks.get(sub)
    return row


def official_ranks(db: Database, year: int) -> dict[str, int]:
    return {
        unit_id: rank for unit_id, rank in db.execute(
            "SELECT unit_id, rank FROM results WHERE year = ? AND rank IS NOT NULL", [year])
    }


def _stored_ranks(db: Database, years: Iterable[int]) -> dict[int, dict[str, int]]:
    return {year: official_ranks(db, year) for year in years}


def _refresh_rank_changes(db: Database, years: Iterable[int]) -> None:
    """Recompute rank_change for `years` from the stored ranks of the year before."""
    for year in sorted(set(years)):
        db.execute(
            """UPDATE results SET rank_change = (
                   SELECT prev.rank FROM results AS prev
                   WHERE prev.unit_id = results.unit_id AND prev.year = results.year - 1
               ) - rank
               WHERE year = ?""",
            [year],
        )


def _write_year(db: Database, table: YearTable, registry: UnitRegistry, origin: str) -> list[
        YearResult]:
    other_years = {y for row in table.rows for y in row.ranks_by_year}
    results = compute_year(table, registry, official_ranks(db, table.year - 1),
                           _stored_ranks(db, other_years))
    db.execute("DELETE FROM results WHERE year = ?", [table.year])
    rows = [_result_row(r) for r in results]
    if rows:
        columns = list(rows[0])
        db.conn.executemany(
            f"INSERT INTO results ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            [tuple(row[c] for c in columns) for row in rows])
    db["years"].upsert({
        "year": table.year, "has_scores": int(table.has_scores),
        "source": Path(table.path).name, "origin": origin, "published_at": _now(),
    }, pk="year")
    return results


# ---------------------------------------------------------------- build

def write_editions(db: Database, editions: Iterable[Edition]) -> None:
    """Store editions (replacing any of the same first year); call inside a transaction."""
    db["editions"].upsert_all(
        ({"year": e.year, "content": json.dumps(edition_toml(e), ensure_ascii=False),
          "source_file": Path(e.path).name} for e in editions), pk="year")


def rebuild_from_data(db: Database, data: Path) -> None:
    """Replace units and the years found in data/ with what the files say, atomically.

    Years published with `egov publish` that data/ does not contain are kept; users'
    tables are not touched.
    """
    registry, tables = load_seed(data)
    editions = load_editions(data / "editions")
    fingerprint = data_fingerprint(data)
    with write_transaction(db):
        write_editions(db, editions)
        db["units"].upsert_all(
            (_unit_row(u, i) for i, u in enumerate(registry)), pk="id")
        for table in tables:
            _write_year(db, table, registry, origin="data")
        seeded = {t.year for t in tables}
        _refresh_rank_changes(db, {y + 1 for y in seeded} | seeded)
        db["meta"].upsert({"key": SEED_FINGERPRINT_KEY, "value": fingerprint}, pk="key")


def ensure_database(path: str | Path | None = None, data: str | Path | None = None) -> Database:
    """Open the database, building it from data/ when missing or older than the files."""
    data_path = Path(data) if data is not None else data_dir()
    db = open_database(path if path is not None else database_path())
    stored = db.execute(
        "SELECT value FROM meta WHERE key = ?", [SEED_FINGERPRINT_KEY]).fetchone()
    if stored is None or stored[0] != data_fingerprint(data_path):
        rebuild_from_data(db, data_path)
    return db


# ---------------------------------------------------------------- publish

@dataclass(frozen=True)
class PublishOutcome:
    """What a publish wrote (or, for a dry run, would write)."""

    year: int
    results: list[YearResult]
    replaced: bool
    notices: int
    dry_run: bool
    ignored_columns: list[str]
    snapshot: Snapshot | None  # with `with_snapshot`: the database as it is (would be) after


def prepare_publish(db: Database, path: str | Path, year: int) -> YearTable:
    """Read and validate an official's file against the stored registry; writes nothing."""
    return parse_year_table(read_sheet(path), registry_from_db(db), year, require_scores=True)


def year_exists(db: Database, year: int) -> bool:
    return db.execute("SELECT 1 FROM years WHERE year = ?", [year]).fetchone() is not None


def publish(
    db: Database,
    path: str | Path,
    year: int,
    *,
    replace: bool = False,
    dry_run: bool = False,
    with_snapshot: bool = False,
    on_step: Step = _no_step,
) -> PublishOutcome:
    """Validate `path` as `year`'s results and store them with one notice per subscriber.

    Raises DataFileError (every fault, nothing written) or YearExistsError. With
    `dry_run`, computes everything inside a transaction that is then rolled back.
    `with_snapshot` loads the resulting read model into the outcome (costly for big
    registries; the CLI wants it to print the table). `on_step` is called between writes
    (crash tests stop the process there).
    """
    registry = registry_from_db(db)
    table = parse_year_table(read_sheet(path), registry, year, require_scores=True)

    class _DryRun(Exception):
        pass

    outcome: PublishOutcome | None = None
    try:
        with write_transaction(db):
            # inside the write lock: of two concurrent publishes of a new year, the second
            # sees the first one's year and stops here
            existed = year_exists(db, year)
            if existed and not replace and not dry_run:
                raise YearExistsError(year)
            on_step("begin")
            results = _write_year(db, table, registry, origin="publish")
            on_step("results")
            _refresh_rank_changes(db, [year + 1])
            notices = _queue_notices(db, year, "replace" if existed else "publish")
            on_step("notices")
            outcome = PublishOutcome(year, results, existed, notices, dry_run,
                                     table.ignored_columns,
                                     load_snapshot(db) if with_snapshot else None)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert outcome is not None
    return outcome


def _queue_notices(db: Database, year: int | None, kind: str, text: str | None = None) -> int:
    """One publication row and one pending outbox row per active subscription."""
    now = _now()
    cursor = db.execute(
        "INSERT INTO publications (year, kind, text, created_at) VALUES (?, ?, ?, ?)",
        [year, kind, text, now])
    publication_id = cursor.lastrowid
    cursor = db.execute(
        """INSERT INTO outbox (publication_id, chat_id, status, attempts, created_at)
           SELECT ?, chat_id, 'pending', 0, ? FROM subscriptions WHERE active = 1
           ORDER BY chat_id""",
        [publication_id, now])
    return cursor.rowcount


def queue_announcement(db: Database, text: str) -> int:
    """Queue an admin's announcement to every active subscriber; returns the row count."""
    with write_transaction(db):
        return _queue_notices(db, None, "announcement", text)
