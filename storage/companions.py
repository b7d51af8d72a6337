"""Edition (.toml) and units (.csv) files an admin sends to the bot before a results file.

They are the `--edition` and `--units` of `egov publish`: each is checked as soon as it
arrives (by the same readers as the command line) and kept in SQLite, pending, until the
admin's next results file takes them; from then on they belong to that upload, are shown
in its preview and are published, or dropped, with it. One pending file of each kind per
admin: a second edition replaces the first.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypedDict

from sqlite_utils import Database

from scoring.edition import Edition, read_edition
from scoring.models import Unit
from scoring.registry import REGISTRY_COLUMNS, UnitRegistry, read_unit_rows
from scoring.unit_rules import merge_units

from .db import write_transaction

CompanionKind = Literal["edition", "units"]
KINDS: tuple[CompanionKind, ...] = ("edition", "units")
EDITION_SUFFIX = ".toml"
_UNITS_HEADER = REGISTRY_COLUMNS[:3]  # id,group,name: no results file starts like this


@dataclass(frozen=True)
class Companion:
    """One stored edition or units file."""

    id: int
    admin_id: int
    kind: CompanionKind
    filename: str
    content: bytes


@dataclass(frozen=True)
class CompanionCheck:
    """What a valid companion file holds: the edition, or the units rows."""

    kind: CompanionKind
    edition: Edition | None = None
    units: list[Unit] = field(default_factory=list)


def companion_kind(filename: str, content: bytes) -> CompanionKind | None:
    """"edition" for a .toml file, "units" for a CSV whose header starts `id,group,name`,
    None for anything else (a results file)."""
    name = filename.lower()
    if name.endswith(EDITION_SUFFIX):
        return "edition"
    if not name.endswith(".csv"):
        return None
    first = content[:4096].split(b"\n", 1)[0]
    try:
        header = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    columns = tuple(c.strip().strip('"').lower() for c in header.split(","))
    return "units" if columns[:3] == _UNITS_HEADER else None


class CompanionPaths(TypedDict, total=False):
    """`publish`'s keyword arguments for the companion files on disk."""

    edition_path: Path
    units_path: Path


@contextmanager
def as_files(items: Iterable[tuple[CompanionKind, str, bytes]]) -> Iterator[CompanionPaths]:
    """The files on disk under their own names, as `publish`'s keyword arguments
    (`edition_path`, `units_path`), so every fault names the admin's file."""
    with tempfile.TemporaryDirectory(prefix="egov-companion-") as folder:
        paths = CompanionPaths()
        for kind, filename, content in items:
            path = Path(folder) / kind / (filename or f"{kind}.txt")
            path.parent.mkdir()
            path.write_bytes(content)
            if kind == "edition":
                paths["edition_path"] = path
            else:
                paths["units_path"] = path
        yield paths


def check_companion(kind: CompanionKind, filename: str, content: bytes,
                    known_ids: Iterable[str]) -> CompanionCheck:
    """Read the file as `egov publish` reads `--edition` / `--units`; touches no database,
    so it can run in a thread. Raises DataFileError with every fault (file, row/key, column).

    `known_ids` are the stored units, which a units file may name as successors.
    """
    with as_files([(kind, filename, content)]) as paths:
        path = paths["edition_path"] if kind == "edition" else paths["units_path"]
        if kind == "edition":
            return CompanionCheck(kind, edition=read_edition(path))
        return CompanionCheck(kind, units=[u for _, u in read_unit_rows(path, known_ids)])


def apply_companions(companions: Sequence[Companion], registry: UnitRegistry
                     ) -> tuple[UnitRegistry, Edition | None]:
    """The registry with the units file merged in, and the edition sent (if any): what a
    results file is read against before the full check. Raises DataFileError."""
    edition = None
    for companion in companions:
        check = check_companion(companion.kind, companion.filename, companion.content,
                                (u.id for u in registry))
        if check.edition is not None:
            edition = check.edition
        if check.units:
            registry = merge_units(registry, check.units)
    return registry, edition


# ---------------------------------------------------------------- storage

def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _companion(row: tuple) -> Companion:
    return Companion(row[0], row[1], row[2], row[3], bytes(row[4]))


def keep_companion(db: Database, *, admin_id: int, kind: CompanionKind, filename: str,
                   content: bytes) -> int:
    """Keep a valid file for the admin's next results file, replacing a pending one of the
    same kind; returns its id."""
    with write_transaction(db):
        db.execute("DELETE FROM upload_companions WHERE admin_id = ? AND kind = ? "
                   "AND upload_id IS NULL", [admin_id, kind])
        cursor = db.execute(
            """INSERT INTO upload_companions (admin_id, kind, filename, content, created_at)
               VALUES (?, ?, ?, ?, ?)""", [admin_id, kind, filename, content, _now()])
    assert cursor.lastrowid is not None
    return cursor.lastrowid


_COLUMNS = "id, admin_id, kind, filename, content"


def pending_companions(db: Database, admin_id: int) -> list[Companion]:
    """The admin's files waiting for a results file, edition first."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM upload_companions WHERE admin_id = ? "
                      "AND upload_id IS NULL ORDER BY kind, id", [admin_id]).fetchall()
    return [_companion(row) for row in rows]


def companions_of(db: Database, upload_id: int) -> list[Companion]:
    """The files that came with a stored upload, edition first."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM upload_companions WHERE upload_id = ? "
                      "ORDER BY kind, id", [upload_id]).fetchall()
    return [_companion(row) for row in rows]


def attach_companions(db: Database, upload_id: int, companions: Sequence[Companion]) -> None:
    """Give the files a results file was checked with to its upload; call inside the
    transaction that stores it.

    The upload gets copies of exactly those bytes: a file of the same kind sent meanwhile
    (updates run concurrently) has replaced the pending row, and stays pending for the next
    results file instead of being published under a preview that did not show it.
    """
    now = _now()
    db.conn.executemany(
        """INSERT INTO upload_companions (admin_id, kind, filename, content, upload_id,
                                          created_at) VALUES (?, ?, ?, ?, ?, ?)""",
        [(c.admin_id, c.kind, c.filename, c.content, upload_id, now) for c in companions])
    db.conn.executemany("DELETE FROM upload_companions WHERE id = ? AND upload_id IS NULL",
                        [(c.id,) for c in companions])


def publish_paths(companions: Sequence[Companion]) -> AbstractContextManager[CompanionPaths]:
    """`as_files` for stored companions."""
    return as_files((c.kind, c.filename, c.content) for c in companions)
