"""The SQLite database: where it lives, how it is opened, and its numbered migrations.

WAL mode lets the bot keep reading while `egov publish` writes from another process.
Tables holding users' data (subscriptions, follows, outbox) are only ever changed by
migrations that keep their rows; results tables are rebuilt from data/ at will.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database, Migrations

from .problems import DatabaseProblem, Problem

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
BUSY_TIMEOUT_MS = 10_000

migrations = Migrations("egov")


def database_path() -> Path:
    """`EGOV_DB`, or egov.db inside the data directory (git-ignored)."""
    return Path(os.environ.get("EGOV_DB") or data_dir() / "egov.db")


def data_dir() -> Path:
    """`EGOV_DATA_DIR`, or the repository's data/ folder."""
    return Path(os.environ.get("EGOV_DATA_DIR") or DEFAULT_DATA_DIR)


def database_problem(path: str | Path, *, full: bool = False) -> DatabaseProblem | None:
    """What is wrong with the database file at `path`, or None if it can be opened.

    A missing file is fine (it is created and built from data/). A file that exists but is
    empty, unreadable, not SQLite, or fails `PRAGMA quick_check` (`integrity_check` with
    `full`) is a problem: opening it would rebuild over users' data. Reads only.
    """
    path = Path(path)
    # Only stat() and SQLite itself touch the file: opening and closing a descriptor on it
    # would drop this process's POSIX locks, and another process could then delete the
    # WAL under the connections still open here (SQLite's "how to corrupt", 2.2).
    try:
        if not path.exists():
            return None
        if path.is_dir():
            return DatabaseProblem(path, Problem.UNREADABLE, "is a directory")
        size = path.stat().st_size
    except OSError as exc:
        return DatabaseProblem(path, Problem.UNREADABLE, exc.strerror or str(exc))
    if size == 0:
        wal = path.with_name(path.name + "-wal")
        if not (wal.is_file() and wal.stat().st_size > 0):
            return DatabaseProblem(path, Problem.EMPTY, "0 bytes")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            pragma = "integrity_check" if full else "quick_check"
            found = [row[0] for row in conn.execute(f"PRAGMA {pragma}(20)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return _refined(DatabaseProblem.from_error(exc, path))
    if found != ["ok"]:
        return DatabaseProblem(path, Problem.CORRUPT, "; ".join(found[:3]))
    return None


def writable(path: str | Path) -> bool:
    """Whether the file (if it exists) and its folder can be written (a read-only mount
    counts; plain permissions do not stop root, a mount does)."""
    path = Path(path)
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def open_database(path: str | Path, *, migrate: bool = True, check: bool = True) -> Database:
    """Open (creating if needed) the database in WAL mode with all migrations applied.

    Raises DatabaseProblem, and changes nothing, when the file exists but is empty,
    unreadable or damaged (`check=False` skips that, for `egov doctor`), or when it cannot
    be opened for writing (read-only file or directory, full disk).
    """
    if check and (problem := database_problem(path)) is not None:
        raise problem
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        raise _refined(DatabaseProblem.from_error(exc, path)) from exc
    db = Database(conn)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.enable_wal()
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            migrations.apply(db)
    except sqlite3.Error as exc:
        conn.close()
        raise _refined(DatabaseProblem.from_error(exc, path)) from exc
    return db


def _refined(problem: DatabaseProblem) -> DatabaseProblem:
    """"Unable to open" where the folder or file cannot be written means read-only: WAL needs
    its -wal and -shm beside the file."""
    if problem.kind is Problem.UNREADABLE and not writable(problem.path):
        return DatabaseProblem(problem.path, Problem.READ_ONLY, problem.detail)
    return problem


def probe_write(db: Database) -> None:
    """Write one meta row: DatabaseProblem now (read-only, full disk) rather than at the
    first subscriber's /subscribe."""
    from datetime import UTC, datetime

    try:
        with write_transaction(db):
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_start', ?)",
                       [datetime.now(UTC).isoformat(timespec="seconds")])
    except sqlite3.Error as exc:
        raise DatabaseProblem.from_error(exc, database_file(db)) from exc


def database_file(db: Database) -> Path:
    """The file behind an open database (for a second connection, a backup)."""
    for _, name, file in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file)
    raise ValueError("no main database")


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """BEGIN IMMEDIATE … COMMIT: take the write lock up front so concurrent writers queue
    instead of failing, and roll everything back on any exception (or a kill: SQLite's
    journal makes an uncommitted transaction vanish)."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


@migrations()
def m001_results(db: Database) -> None:
    """Units, published years and per-unit results with their data notes."""
    db.table("units").create({
        "id": str, "grp": str, "name": str, "aliases": str, "from_year": int,
        "until_year": int, "successor": str, "former_names": str, "position": int,
    }, pk="id")
    db.table("years").create({
        "year": int, "has_scores": int, "source": str, "origin": str, "published_at": str,
    }, pk="year")
    db.table("results").create({
        "unit_id": str, "year": int, "grp": str,
        "htkt": float, "ud": float, "htnl": float, "csdt": float,
        "total": float, "computed_total": float, "level": str,
        "rank": int, "computed_rank": int, "rank_change": int,
        "rank_htkt": int, "rank_ud": int, "rank_htnl": int, "rank_csdt": int,
        "notes": str,
    }, pk=("unit_id", "year"))
    db.table("results").create_index(["year", "grp", "rank"])
    db.table("meta").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_subscriptions(db: Database) -> None:
    """Users' data: subscriptions, followed units, and the outbox of notices to deliver."""
    db.table("subscriptions").create({
        "chat_id": int, "active": int, "chat_type": str, "title": str,
        "created_at": str, "updated_at": str,
    }, pk="chat_id")
    db.table("follows").create({"chat_id": int, "unit_id": str, "created_at": str},
                         pk=("chat_id", "unit_id"))
    db.execute("""
        CREATE TABLE publications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            year INTEGER,
            kind TEXT NOT NULL,
            text TEXT,
            created_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            publication_id INTEGER NOT NULL REFERENCES publications(id),
            chat_id INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT
        )""")
    db.execute("CREATE INDEX outbox_status ON outbox(status, id)")


@migrations()
def m003_uploads(db: Database) -> None:
    """Results files admins sent to the bot, pending until they confirm or cancel."""
    db.execute("""
        CREATE TABLE uploads (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            admin_id INTEGER NOT NULL,
            chat_id INTEGER NOT NULL,
            filename TEXT NOT NULL,
            content BLOB NOT NULL,
            year INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            created_at TEXT NOT NULL,
            decided_at TEXT
        )""")


@migrations()
def m004_notice_delivery(db: Database) -> None:
    """Notice delivery: retry schedule and Telegram message id per outbox row, why a
    subscription went inactive, and an index to find a chat's rows (block, migrate)."""
    db.table("outbox").add_column("next_attempt_at", str)
    db.table("outbox").add_column("message_id", int)
    db.table("subscriptions").add_column("inactive_reason", str)
    db.execute("CREATE INDEX outbox_chat ON outbox(chat_id, status)")


@migrations()
def m005_editions(db: Database) -> None:
    """Editions (methodologies) by first year, as the validated TOML content in JSON."""
    db.table("editions").create({"year": int, "content": str, "source_file": str}, pk="year")


@migrations()
def m006_leases(db: Database) -> None:
    """Leases: which process may drain the outbox (one holder, renewed, taken over when
    it expires or its process is gone)."""
    db.table("leases").create({"name": str, "holder": str, "expires_at": float, "renewed_at": str},
                        pk="name")


@migrations()
def m007_score_rows(db: Database) -> None:
    """Scores as rows (unit, year, sub-index key, value, sub-index rank) instead of one
    column per sub-index, so any edition's sub-indices fit; each result keeps its source and
    the year its rank change compares with; figures published elsewhere (a notice) get their
    own table. Existing results move over; users' tables are not touched.

    The old sub-index columns are recognised by their `rank_<key>` partner column, so this
    names no sub-index of any year.
    """
    # Keyed by year first: a publish replaces one year's rows (DELETE … WHERE year = ?).
    db.execute("""
        CREATE TABLE scores (
            year INTEGER NOT NULL, unit_id TEXT NOT NULL, key TEXT NOT NULL,
            position INTEGER NOT NULL, value FLOAT, rank INTEGER,
            PRIMARY KEY (year, unit_id, key)
        ) WITHOUT ROWID""")
    columns = list(db.table("results").columns_dict)
    keys = [c for c in columns if f"rank_{c}" in columns]
    for position, key in enumerate(keys):
        db.execute(
            f"""INSERT INTO scores (unit_id, year, key, position, value, rank)
                SELECT unit_id, year, ?, ?, "{key}", "rank_{key}" FROM results
                WHERE "{key}" IS NOT NULL""",
            [key, position])
    kept = [c for c in columns if c not in keys and not (
        c.startswith("rank_") and c.removeprefix("rank_") in keys)]
    db.execute("""
        CREATE TABLE results_new (
            unit_id TEXT, year INTEGER, grp TEXT, total FLOAT, computed_total FLOAT,
            level TEXT, rank INTEGER, computed_rank INTEGER, rank_change INTEGER,
            rank_change_from INTEGER, notes TEXT, source TEXT,
            PRIMARY KEY (unit_id, year)
        )""")
    shared = [c for c in kept if c in {
        "unit_id", "year", "grp", "total", "computed_total", "level", "rank",
        "computed_rank", "rank_change", "notes"}]
    names = ", ".join(shared)
    db.execute(f"INSERT INTO results_new ({names}) SELECT {names} FROM results")
    db.execute("""
        UPDATE results_new SET rank_change_from = year - 1
        WHERE rank_change IS NOT NULL""")
    db.execute("DROP TABLE results")
    db.execute("ALTER TABLE results_new RENAME TO results")
    db.table("results").create_index(["year", "grp", "rank"])
    db.table("other_figures").create({
        "year": int, "unit_id": str, "total": float, "rank": int, "source": str,
        "quote": str,
    }, pk=("year", "unit_id", "source"))


@migrations()
def m008_upload_companions(db: Database) -> None:
    """Edition and units files an admin sent to the bot ahead of a results file: pending
    (upload_id NULL) until the next results file takes them, then tied to that upload, so a
    restart keeps both the pending files and a preview's three files."""
    db.execute("""
        CREATE TABLE upload_companions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            admin_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            filename TEXT NOT NULL,
            content BLOB NOT NULL,
            upload_id INTEGER REFERENCES uploads(id),
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX upload_companions_admin ON upload_companions(admin_id, upload_id)")


@migrations()
def m009_rank_history_index(db: Database) -> None:
    """Results by (unit, group, year), carrying the rank: a publish finds each unit's last
    ranked year, and a build each rank change, from this index alone (20,000 unit-years)."""
    db.execute("CREATE INDEX results_unit_grp_year ON results(unit_id, grp, year, rank)")
