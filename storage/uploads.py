"""Results files an admin sent to the bot, kept in SQLite until they confirm or cancel.

The file's bytes are stored (not held in memory) so a preview's buttons still work after a
restart: a button carries only the upload's id. Only valid files are stored; a file with
faults, or one from a non-admin, leaves the database untouched.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

from scoring.edition import Edition
from scoring.registry import UnitRegistry
from scoring.sheets import read_sheet
from scoring.table import parse_year_table

from .backup import backup_before_change
from .companions import (
    Companion,
    apply_companions,
    attach_companions,
    companions_of,
    publish_paths,
)
from .db import write_transaction
from .store import PublishOutcome, publish

UploadStatus = Literal["pending", "published", "cancelled"]

SUFFIXES = (".csv", ".xlsx", ".xlsm")
MAX_FILENAME_CHARS = 120
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


@dataclass(frozen=True)
class Upload:
    """One stored file and what became of it."""

    id: int
    admin_id: int
    chat_id: int
    filename: str
    content: bytes
    year: int
    status: UploadStatus
    created_at: str


class UploadDecided(Exception):
    """The upload was already published or cancelled (an earlier press won); nothing changed."""

    def __init__(self, upload_id: int):
        self.upload_id = upload_id
        super().__init__(f"upload {upload_id} is no longer pending")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def safe_filename(name: str) -> str:
    """The file's own name without folders or characters a file system refuses ("" if none)."""
    base = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    if len(base) > MAX_FILENAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        base = stem[: MAX_FILENAME_CHARS - len(suffix) - 1] + dot + suffix if dot else base[
            :MAX_FILENAME_CHARS]
    return base


def is_spreadsheet(filename: str) -> bool:
    return filename.lower().endswith(SUFFIXES)


def year_from(caption: str | None, filename: str) -> int | None:
    """The year an admin means: the caption's ("2020", "công bố 2020") before the filename's."""
    for text in (caption or "", filename):
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


@contextmanager
def _as_file(filename: str, content: bytes) -> Iterator[Path]:
    """The bytes as a file named like the admin's, so every fault names their file."""
    with tempfile.TemporaryDirectory(prefix="egov-upload-") as folder:
        path = Path(folder) / (safe_filename(filename) or "upload.csv")
        path.write_bytes(content)
        yield path


def validate_upload(
    filename: str, content: bytes, year: int, registry: UnitRegistry, edition: Edition,
    companions: Sequence[Companion] = (),
) -> None:
    """Read and validate the file against `registry`, touching no database: safe to run in a
    thread while the bot goes on answering. Raises DataFileError with every fault found.

    This is where an oversized or hostile file is refused, within the reading limits in
    force; `check_upload` then only ever reads a file that passed. With `companions` (the
    edition and units files sent before it) the file is read against those.
    """
    if companions:
        registry, sent = apply_companions(companions, registry)
        if sent is not None and edition.year <= sent.year <= year:  # as EditionBook.for_year
            edition = sent
    with _as_file(filename, content) as path:
        parse_year_table(read_sheet(path), registry, year, require_scores=not edition.ranks_only,
                         edition=edition)


def check_upload(db: Database, filename: str, content: bytes, year: int,
                 companions: Sequence[Companion] = ()) -> PublishOutcome:
    """Validate and compute the file (with its edition and units files) exactly as
    `egov publish --dry-run [--edition E] [--units U]` does; writes nothing.

    Raises DataFileError with every fault found.
    """
    with _as_file(filename, content) as path, publish_paths(companions) as files:
        return publish(db, path, year, dry_run=True, with_snapshot=True, **files)


def store_upload(
    db: Database, *, admin_id: int, chat_id: int, filename: str, content: bytes, year: int,
    companions: Sequence[Companion] = (),
) -> int:
    """Keep a validated file as a pending upload, with the companion files it was checked
    with; returns its id."""
    with write_transaction(db):
        cursor = db.execute(
            """INSERT INTO uploads (admin_id, chat_id, filename, content, year, status,
                                    created_at)
               VALUES (?, ?, ?, ?, ?, 'pending', ?)""",
            [admin_id, chat_id, filename, content, year, _now()])
        upload_id = cursor.lastrowid
        assert upload_id is not None
        attach_companions(db, upload_id, companions)
    return upload_id


def get_upload(db: Database, upload_id: int) -> Upload | None:
    row = db.execute(
        """SELECT id, admin_id, chat_id, filename, content, year, status, created_at
           FROM uploads WHERE id = ?""", [upload_id]).fetchone()
    if row is None:
        return None
    return Upload(row[0], row[1], row[2], row[3], bytes(row[4]), row[5], row[6], row[7])


def _decide(db: Database, upload_id: int, status: UploadStatus) -> bool:
    """Move a pending upload to `status`; False if it was not pending any more."""
    cursor = db.execute(
        "UPDATE uploads SET status = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
        [status, _now(), upload_id])
    return cursor.rowcount == 1


def cancel_upload(db: Database, upload_id: int) -> bool:
    """Mark a pending upload cancelled; False if it was already published or cancelled."""
    with write_transaction(db):
        return _decide(db, upload_id, "cancelled")


def publish_upload(db: Database, upload: Upload, *, replace: bool) -> PublishOutcome:
    """Publish the upload's file, with the edition and units files that came with it, and
    mark it published in the same transaction.

    Two presses of the button cannot both publish: the second finds the upload no longer
    pending and raises UploadDecided (before anything, or, from another process meanwhile,
    inside the transaction, which is then rolled back). Also raises
    DataFileError and YearExistsError as `publish` does (nothing written then either).
    """

    def claim(step: str) -> None:
        # publish() calls this inside its write transaction, after the notices are queued
        if step == "notices" and not _decide(db, upload.id, "published"):
            raise UploadDecided(upload.id)

    current = get_upload(db, upload.id)
    if current is None or current.status != "pending":  # a press that came second
        raise UploadDecided(upload.id)
    backup_before_change(db)
    companions = companions_of(db, upload.id)
    with _as_file(upload.filename, upload.content) as path, \
            publish_paths(companions) as files:
        return publish(db, path, upload.year, replace=replace, on_step=claim, **files)
