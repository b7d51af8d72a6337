"""Writing results to SQLite: build from data/, publish a new year, all-or-nothing.

A build or publish computes everything in memory first, then writes in one transaction
(`write_transaction`). Users' tables (subscriptions, follows) are read here, never written,
except that a publish adds one outbox row per active subscription in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import cast

from sqlite_utils import Database

from scoring.compute import compute_year
from scoring.edition import Edition, EditionBook, edition_toml, load_editions, read_edition
from scoring.errors import DataFileError, DataFileProblem, FileLimitError, YearExistsError
from scoring.models import Unit, YearResult
from scoring.names import UnitResolver
from scoring.registry import UnitRegistry, read_unit_rows
from scoring.sheets import read_sheet
from scoring.sources import OtherFigure, load_other_figures
from scoring.table import TableRow, YearTable, parse_year_table
from scoring.unit_rules import (
    group_problems,
    likely_duplicates,
    merge_units,
    retired_units,
)

from .db import DEFAULT_DATA_DIR, data_dir, database_path, open_database, write_transaction
from .snapshot import Snapshot, editions_from_db, load_snapshot, registry_from_db

SEED_FINGERPRINT_KEY = "seed_fingerprint"
Step = Callable[[str], None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _no_step(_: str) -> None:
    """Default for the `on_step` hook that crash tests use to stop a publish mid-way."""


# ---------------------------------------------------------------- reading data/

def seed_files(data: Path) -> list[Path]:
    """The files a build reads, in a stable order (their content is the fingerprint)."""
    files = [data / "units.csv", *sorted(editions_folder(data).glob("*.toml")),
             *sorted((data / "results").glob("*.csv")),
             *sorted((data / "sources").glob("*.csv"))]
    return [f for f in files if f.is_file()]


def editions_folder(data: Path) -> Path:
    """data/editions, or the shipped editions for a data folder made before editions were."""
    folder = data / "editions"
    return folder if folder.is_dir() else DEFAULT_DATA_DIR / "editions"


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


def load_seed(
    data: Path,
) -> tuple[UnitRegistry, list[YearTable], EditionBook, UnitResolver]:
    """Read and validate everything in data/; every problem of every file is reported."""
    problems: list[DataFileProblem] = []
    unit_rows: list[tuple[int, Unit]] = []
    book = EditionBook([])
    try:
        unit_rows = read_unit_rows(data / "units.csv")
    except DataFileError as exc:
        problems.extend(exc.problems)
    try:
        book = load_editions(editions_folder(data))
    except DataFileError as exc:
        problems.extend(exc.problems)
    if problems:
        raise DataFileError(problems)
    registry = UnitRegistry(u for _, u in unit_rows)
    problems.extend(group_problems(unit_rows, book, str(data / "units.csv")))
    resolver = UnitResolver(registry)
    tables: list[YearTable] = []
    for path in sorted((data / "results").glob("*.csv")):
        try:
            year = _year_of(path)
            tables.append(parse_year_table(read_sheet(path), registry, year,
                                           require_scores=False, resolver=resolver,
                                           edition=book.for_year(year)))
        except DataFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataFileError(problems)
    tables.extend(rank_only_tables(tables))
    return registry, sorted(tables, key=lambda t: t.year), book, resolver


# ---------------------------------------------------------------- writing rows

def _unit_row(unit: Unit, position: int) -> dict:
    return {
        "id": unit.id, "grp": unit.group, "name": unit.name,
        "aliases": json.dumps(list(unit.aliases), ensure_ascii=False),
        "from_year": unit.from_year, "until_year": unit.until_year,
        "successor": unit.successor,
        "former_names": json.dumps([list(p) for p in unit.former_names], ensure_ascii=False),
        "position": position,
    }


_RESULT_COLUMNS = ("unit_id", "year", "grp", "total", "computed_total", "level", "rank",
                   "computed_rank", "rank_change", "rank_change_from", "notes", "source")


def _result_row(result: YearResult) -> tuple:
    notes = json.dumps(list(result.notes), ensure_ascii=False) if result.notes else "[]"
    return (result.unit_id, result.year, result.group, result.total, result.computed_total,
            result.level, result.rank, result.computed_rank, result.rank_change,
            result.rank_change_from, notes, result.source)


def _score_rows(results: Iterable[YearResult]) -> Iterator[tuple]:
    """(year, unit, key, position, value, sub-index rank) for every score of `results`, in
    the table's key order (unit, then key): the inserts append to the tree, and the 20,000
    rows of a big year are never all held at once."""
    order: list[tuple[int, str]] = []
    keys: tuple[str, ...] = ()
    for result in sorted(results, key=attrgetter("unit_id")):
        if not result.scores:
            continue
        if tuple(result.scores) != keys:  # the same edition's keys for the whole year
            keys = tuple(result.scores)
            order = sorted(enumerate(keys), key=itemgetter(1))
        scores, ranks = result.scores, result.subindex_ranks or {}
        year, unit_id = result.year, result.unit_id
        for position, key in order:
            yield (year, unit_id, key, position, scores[key], ranks.get(key))


def official_ranks(db: Database, year: int) -> dict[str, int]:
    return {
        unit_id: rank for unit_id, rank in db.execute(
            "SELECT unit_id, rank FROM results WHERE year = ? AND rank IS NOT NULL", [year])
    }


def previous_ranks(db: Database, year: int) -> dict[tuple[str, str], tuple[int, int]]:
    """(unit, group) → (year, rank) of the last year before `year` it was ranked in."""
    return {(unit_id, group): (last, rank) for unit_id, group, last, rank in db.execute(
        """SELECT r.unit_id, r.grp, r.year, r.rank FROM results AS r
           JOIN (SELECT unit_id, grp, MAX(year) AS last FROM results
                 WHERE year < ? AND rank IS NOT NULL GROUP BY unit_id, grp) AS m
             ON r.unit_id = m.unit_id AND r.grp = m.grp AND r.year = m.last""", [year])}


def _stored_ranks(db: Database, years: Iterable[int]) -> dict[int, dict[str, int]]:
    return {year: official_ranks(db, year) for year in years}


def refresh_rank_changes(db: Database, from_year: int | None = None) -> None:
    """Rank change against the last earlier year the unit was ranked in the same group.

    Every year from `from_year` on (all years when None) is recomputed: publishing a year
    can become the comparison year of any later one.
    """
    where, params = ("WHERE year >= ?", [from_year]) if from_year is not None else ("", [])
    db.execute(f"""
        UPDATE results SET rank_change_from = CASE WHEN rank IS NULL THEN NULL ELSE (
            SELECT MAX(prev.year) FROM results AS prev
            WHERE prev.unit_id = results.unit_id AND prev.grp = results.grp
              AND prev.year < results.year AND prev.rank IS NOT NULL) END
        {where}""", params)
    db.execute(f"""
        UPDATE results SET rank_change = (
            SELECT prev.rank FROM results AS prev
            WHERE prev.unit_id = results.unit_id AND prev.year = results.rank_change_from
        ) - rank
        {where}""", params)


def _source_of(table: YearTable, book: EditionBook, origin: str) -> str:
    """Where a table's figures were published: the report's table, or the file published.

    A rank-only year read from a later table's "Xếp hạng <năm>" column is sourced to that
    table's report.
    """
    name = Path(table.path).name
    if origin == "publish":
        return f"tệp {name}"
    stem = Path(table.path).stem
    report_year = int(stem) if stem.isdigit() else table.year
    report = book.for_year(report_year).name if len(book) else name
    if report_year != table.year:
        return f"{report}, cột «Xếp hạng {table.year}»"
    return f"{report}, bảng xếp hạng"


def _write_year(db: Database, table: YearTable, registry: UnitRegistry, book: EditionBook,
                origin: str, *, rank_changes: bool = True) -> list[YearResult]:
    """Compute and store one year; `rank_changes=False` leaves them to the caller's
    `refresh_rank_changes` (a build, which refreshes every year at the end)."""
    other_years = {y for row in table.rows for y in row.ranks_by_year}
    source = _source_of(table, book, origin)
    edition = book.for_year(table.year)
    results = compute_year(table, registry, edition, _stored_ranks(db, other_years), source,
                           previous_ranks(db, table.year) if rank_changes else None)
    db.execute("DELETE FROM results WHERE year = ?", [table.year])
    db.execute("DELETE FROM scores WHERE year = ?", [table.year])
    db.conn.executemany(
        f"INSERT INTO results ({', '.join(_RESULT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_RESULT_COLUMNS))})",
        map(_result_row, results))
    db.conn.executemany(
        "INSERT INTO scores (year, unit_id, key, position, value, rank) VALUES (?, ?, ?, ?, ?, ?)",
        _score_rows(results))
    db.table("years").upsert({
        "year": table.year, "has_scores": int(table.has_scores),
        "source": Path(table.path).name, "origin": origin, "published_at": _now(),
    }, pk="year")
    return results


def _write_other_figures(db: Database, figures: Iterable[OtherFigure]) -> None:
    db.execute("DELETE FROM other_figures")
    db.table("other_figures").insert_all(
        ({"year": f.year, "unit_id": f.unit_id, "total": f.total, "rank": f.rank,
          "source": f.source, "quote": f.quote} for f in figures),
        pk=("year", "unit_id", "source"))


# ---------------------------------------------------------------- build

def write_editions(db: Database, editions: Iterable[Edition]) -> None:
    """Store editions (replacing any of the same first year); call inside a transaction."""
    db.table("editions").upsert_all(
        ({"year": e.year, "content": json.dumps(edition_toml(e), ensure_ascii=False),
          "source_file": Path(e.path).name} for e in editions), pk="year")


def rebuild_from_data(db: Database, data: Path) -> None:
    """Replace units and the years found in data/ with what the files say, atomically.

    Years published with `egov publish` that data/ does not contain are kept; users'
    tables are not touched.
    """
    registry, tables, editions, resolver = load_seed(data)
    figures = load_other_figures(data / "sources", resolver)
    fingerprint = data_fingerprint(data)
    with write_transaction(db):
        write_editions(db, editions)
        db.table("units").upsert_all(
            (_unit_row(u, i) for i, u in enumerate(registry)), pk="id")
        for table in tables:
            _write_year(db, table, registry, editions, "data", rank_changes=False)
        refresh_rank_changes(db)
        _write_other_figures(db, figures)
        db.table("meta").upsert({"key": SEED_FINGERPRINT_KEY, "value": fingerprint}, pk="key")


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
    """What a publish wrote (or, for a dry run, would write).

    `edition` is the methodology the year was read with (the one sent, or the one in
    force); `new_units` and `retired_units` come from the units file, if one was sent.
    """

    year: int
    results: list[YearResult]
    replaced: bool
    notices: int
    dry_run: bool
    ignored_columns: list[str]
    snapshot: Snapshot | None  # with `with_snapshot`: the database as it is (would be) after
    edition: Edition | None = None
    edition_is_new: bool = False
    new_units: list[Unit] = field(default_factory=list)
    retired_units: list[Unit] = field(default_factory=list)


@dataclass(frozen=True)
class PublishPlan:
    """Three files validated together; nothing written yet."""

    table: YearTable
    registry: UnitRegistry
    book: EditionBook
    edition: Edition
    new_edition: Edition | None
    unit_rows: list[Unit]
    new_units: list[Unit]
    retired_units: list[Unit]


def _edition_problems(edition: Edition, year: int, stored: EditionBook,
                      published: list[int]) -> list[DataFileProblem]:
    """An edition sent with a year must start by that year and leave other years alone."""
    if edition.year > year:
        return [DataFileProblem(edition.path, 0, "year",
                                f"ấn bản bắt đầu từ năm {edition.year}, sau năm công bố {year}")]
    book = stored.with_edition(edition)
    changed = [y for y in published if y != year and len(stored)
               and book.for_year(y) is not stored.for_year(y)]
    return [DataFileProblem(edition.path, 0, "year",
                            f"ấn bản năm {edition.year} sẽ thay phương pháp của năm {y} đã "
                            f"công bố; hãy đặt year = {year}") for y in changed]


def plan_publish(
    db: Database, path: str | Path, year: int, *,
    edition_path: str | Path | None = None, units_path: str | Path | None = None,
) -> PublishPlan:
    """Read and validate the results, edition and units files together; writes nothing.

    Raises DataFileError carrying every fault of every file.
    """
    stored_registry = registry_from_db(db)
    stored_book = editions_from_db(db)
    published = [r[0] for r in db.execute("SELECT year FROM years")]
    problems: list[DataFileProblem] = []
    new_edition = None
    if edition_path is not None:
        try:
            new_edition = read_edition(edition_path)
            problems += _edition_problems(new_edition, year, stored_book, published)
        except DataFileError as exc:
            problems += exc.problems
    book = stored_book.with_edition(new_edition) if new_edition is not None else stored_book
    unit_lines: list[tuple[int, Unit]] = []
    if units_path is not None:
        try:
            unit_lines = read_unit_rows(units_path, known_ids=(u.id for u in stored_registry))
        except DataFileError as exc:
            problems += exc.problems
    if problems:
        raise DataFileError(problems)
    registry = merge_units(stored_registry, [u for _, u in unit_lines])
    new_lines = [(line, u) for line, u in unit_lines if u.id not in stored_registry]
    units_file = str(units_path or "")
    if new_lines:
        problems += likely_duplicates(new_lines, registry, units_file)
    file_ids = {u.id for _, u in unit_lines}
    problems += group_problems(unit_lines, book, units_file)
    if new_edition is not None:  # units already stored must fit the new edition too
        problems += group_problems(
            [(0, u) for u in registry if u.id not in file_ids], book, new_edition.path,
            stored=True)
    edition = book.for_year(year)
    table = None
    try:
        table = parse_year_table(read_sheet(path), registry, year,
                                 require_scores=not edition.ranks_only, edition=edition)
    except FileLimitError:
        raise  # over a reading limit: the rest of the file was not read, nothing else counts
    except DataFileError as exc:
        problems += exc.problems
    if problems or table is None:
        raise DataFileError(problems)
    return PublishPlan(
        table, registry, book, edition, new_edition, [u for _, u in unit_lines],
        [u for _, u in new_lines], retired_units(stored_registry, registry))


def prepare_publish(db: Database, path: str | Path, year: int) -> YearTable:
    """Read and validate an official's file against the stored registry; writes nothing."""
    return plan_publish(db, path, year).table


def year_exists(db: Database, year: int) -> bool:
    return db.execute("SELECT 1 FROM years WHERE year = ?", [year]).fetchone() is not None


def _upsert_units(db: Database, units: list[Unit], registry: UnitRegistry) -> None:
    """Known ids keep their place in the registry's order; new ones go last."""
    positions = {u.id: i for i, u in enumerate(registry)}
    db.table("units").upsert_all((_unit_row(u, positions[u.id]) for u in units), pk="id")


def publish(
    db: Database,
    path: str | Path,
    year: int,
    *,
    edition_path: str | Path | None = None,
    units_path: str | Path | None = None,
    replace: bool = False,
    dry_run: bool = False,
    with_snapshot: bool = False,
    on_step: Step = _no_step,
) -> PublishOutcome:
    """Validate `path` as `year`'s results (with a new edition and units file, if given) and
    store all of it, with one notice per subscriber, in one transaction.

    Raises DataFileError (every fault of every file, nothing written) or YearExistsError.
    With `dry_run`, computes everything inside a transaction that is then rolled back.
    `with_snapshot` loads the resulting read model into the outcome (costly for big
    registries; the CLI wants it to print the table). `on_step` is called between writes
    (crash tests stop the process there).
    """
    plan = plan_publish(db, path, year, edition_path=edition_path, units_path=units_path)

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
            if plan.new_edition is not None:
                write_editions(db, [plan.new_edition])
            if plan.unit_rows:
                _upsert_units(db, plan.unit_rows, plan.registry)
                on_step("units")
            written = _write_year(db, plan.table, plan.registry, plan.book, origin="publish")
            on_step("results")
            refresh_rank_changes(db, year + 1)  # later years may now compare with this one
            notices = _queue_notices(db, year, "replace" if existed else "publish")
            on_step("notices")
            outcome = PublishOutcome(
                year, written, existed, notices, dry_run,
                plan.table.ignored_columns, load_snapshot(db) if with_snapshot else None,
                plan.edition, plan.new_edition is not None, plan.new_units,
                plan.retired_units)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return cast(PublishOutcome, outcome)  # set inside the transaction before any exit


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
