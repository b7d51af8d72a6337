"""Backups with SQLite's online backup API, their rotation, and restoring the latest one.

A backup is a consistent copy taken while the bot keeps running (the API copies committed
pages only). It is written to a temporary name, checked with `PRAGMA quick_check`, then
renamed, so a backup folder never holds a half-written file. Names sort by time:
`egov-YYYYMMDD-HHMMSS[-n].db`, UTC.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from .db import database_file, database_problem
from .problems import DatabaseProblem, Problem

KEEP = 7  # daily backups kept: a week to notice that something went wrong
DAILY_SECONDS = 24 * 3600
PREFIX = "egov-"


def backup_dir(db_path: str | Path) -> Path:
    """`EGOV_BACKUP_DIR`, or a `backups` folder beside the database."""
    configured = os.environ.get("EGOV_BACKUP_DIR", "").strip()
    return Path(configured) if configured else Path(db_path).parent / "backups"


def backups(folder: str | Path) -> list[Path]:
    """The backups in `folder`, oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{PREFIX}*.db") if p.is_file())


def copy_database(source: str | Path, target: str | Path) -> Path:
    """Copy the database `source` to the file `target` (replaced) with the backup API.

    Raises DatabaseProblem (about `target`) when it cannot be written, e.g. a full disk;
    `target` is then left as it was.
    """
    target = Path(target)
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        src = sqlite3.connect(str(source))
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise DatabaseProblem(target, Problem.CORRUPT, "the copy failed quick_check")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseProblem.from_error(exc, target) from exc
    except DatabaseProblem:
        partial.unlink(missing_ok=True)
        raise
    return target


def backup_name(folder: str | Path, now: datetime | None = None) -> Path:
    """A new file name in `folder` for a backup taken `now` (UTC)."""
    folder = Path(folder)
    now = now or datetime.now(UTC)
    stem = f"{PREFIX}{now:%Y%m%d-%H%M%S}"
    target, n = folder / f"{stem}.db", 1
    while target.exists():
        target, n = folder / f"{stem}-{n}.db", n + 1
    return target


def take_backup(source: str | Path, folder: str | Path | None = None, *,
                keep: int = KEEP, now: datetime | None = None) -> Path:
    """A new timestamped backup of `source` in `folder` (default `backup_dir`), then only
    the newest `keep` are kept. Returns the new file."""
    folder = Path(folder) if folder is not None else backup_dir(source)
    target = copy_database(source, backup_name(folder, now))
    rotate(folder, keep)
    return target


def backup_before_change(db: Database) -> Path | None:
    """Publishing and unpublishing take a rotated backup first (none for an in-memory
    database). Raises DatabaseProblem if it cannot be written: better stop than publish
    without a way back."""
    source = database_file(db)
    return take_backup(source) if str(source) else None


def rotate(folder: str | Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns those deleted."""
    found = backups(folder)
    old = found[:-keep] if keep > 0 else found
    for path in old:
        path.unlink(missing_ok=True)
    return old


def backup_due(folder: str | Path, every: float = DAILY_SECONDS) -> bool:
    """Whether the newest backup is older than `every` seconds (or there is none)."""
    found = backups(folder)
    return not found or time.time() - found[-1].stat().st_mtime >= every


def latest_good_backup(folder: str | Path) -> Path | None:
    """The newest backup that passes `integrity_check`."""
    for path in reversed(backups(folder)):
        if database_problem(path, full=True) is None:
            return path
    return None


def restore(backup: str | Path, target: str | Path) -> list[Path]:
    """Put `backup` in place of the database `target`; the old file and its -wal/-shm are
    renamed aside (never deleted). Returns the renamed files. Stop the bot first."""
    backup, target = Path(backup), Path(target)
    problem = database_problem(backup, full=True)
    if problem is not None:
        raise problem
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    incoming = target.with_name(f".{target.name}.restoring")
    copy_database(backup, incoming)
    kept = []
    for suffix in ("", "-wal", "-shm"):
        old = target.with_name(target.name + suffix)
        if old.exists():
            aside = old.with_name(f"{target.name}.damaged-{stamp}{suffix}")
            os.replace(old, aside)
            kept.append(aside)
    os.replace(incoming, target)
    return kept
