"""What can be wrong with the database file, as one named exception.

SQLite reports a damaged file, a full disk or a read-only folder as `sqlite3.Error` with a
terse message; the commands and the bot turn it into a `DatabaseProblem` whose `kind` decides
the sentence shown (bot/words/operations.py) and the exit status, never a traceback.
"""

from __future__ import annotations

import errno
import sqlite3
from enum import StrEnum
from pathlib import Path


class Problem(StrEnum):
    """The kinds of database trouble an operator acts on differently."""

    EMPTY = "empty"  # the file exists with 0 bytes: never rebuilt over
    UNREADABLE = "unreadable"  # cannot be opened or read (permissions, a directory, I/O)
    CORRUPT = "corrupt"  # not SQLite, malformed, or fails quick_check / integrity_check
    READ_ONLY = "read_only"  # the file or its folder cannot be written
    DISK_FULL = "disk_full"  # SQLITE_FULL / ENOSPC
    BUSY = "busy"  # another process held the write lock too long

    @property
    def damaged(self) -> bool:
        """The file itself is bad: `egov doctor` and a backup are the way out."""
        return self in (Problem.EMPTY, Problem.UNREADABLE, Problem.CORRUPT)


# Exit statuses of `egov` commands for each kind (1 = bad input, 2 = bad usage: argparse).
EXIT_DAMAGED = 3
EXIT_CANNOT_WRITE = 4
EXIT_BUSY = 5


class DatabaseProblem(Exception):
    """The database at `path` cannot be used as asked; nothing was changed."""

    def __init__(self, path: str | Path, kind: Problem, detail: str = ""):
        self.path = Path(path)
        self.kind = kind
        self.detail = " ".join(detail.split())  # SQLite's reports span lines; ours is one
        super().__init__(f"{self.path}: {kind.value}" + (f" ({detail})" if detail else ""))

    @property
    def exit_status(self) -> int:
        if self.kind.damaged:
            return EXIT_DAMAGED
        return EXIT_BUSY if self.kind is Problem.BUSY else EXIT_CANNOT_WRITE

    @classmethod
    def from_error(cls, exc: BaseException, path: str | Path) -> DatabaseProblem:
        """The problem `exc` stands for; an unknown SQLite error counts as unreadable."""
        return problem_from_error(exc, path) or cls(path, Problem.UNREADABLE, str(exc))


_BY_ERRNO = {errno.ENOSPC: Problem.DISK_FULL, errno.EDQUOT: Problem.DISK_FULL,
             errno.EROFS: Problem.READ_ONLY, errno.EACCES: Problem.READ_ONLY,
             errno.EPERM: Problem.READ_ONLY}
_BY_CODE = (("SQLITE_FULL", Problem.DISK_FULL), ("SQLITE_READONLY", Problem.READ_ONLY),
            ("SQLITE_BUSY", Problem.BUSY), ("SQLITE_LOCKED", Problem.BUSY),
            ("SQLITE_CORRUPT", Problem.CORRUPT), ("SQLITE_NOTADB", Problem.CORRUPT),
            ("SQLITE_CANTOPEN", Problem.UNREADABLE), ("SQLITE_IOERR", Problem.UNREADABLE))
_BY_MESSAGE = (("disk is full", Problem.DISK_FULL), ("readonly", Problem.READ_ONLY),
               ("read-only", Problem.READ_ONLY), ("is locked", Problem.BUSY),
               ("malformed", Problem.CORRUPT), ("not a database", Problem.CORRUPT),
               ("unable to open", Problem.UNREADABLE), ("disk i/o error", Problem.UNREADABLE))


def problem_from_error(exc: BaseException, path: str | Path) -> DatabaseProblem | None:
    """Classify an OSError or sqlite3.Error about the database; None if it is not one."""
    if isinstance(exc, DatabaseProblem):
        return exc
    if isinstance(exc, OSError):
        kind = _BY_ERRNO.get(exc.errno or 0, Problem.UNREADABLE)
        return DatabaseProblem(path, kind, exc.strerror or str(exc))
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, kind in _BY_CODE:
        if name.startswith(prefix):
            return DatabaseProblem(path, kind, str(exc))
    message = str(exc).lower()
    for needle, kind in _BY_MESSAGE:
        if needle in message:
            return DatabaseProblem(path, kind, str(exc))
    return None
