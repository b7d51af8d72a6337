"""A lease row in SQLite: at most one process holds a named job (draining the outbox).

The holder renews it well before it expires; another process takes it over when it has
expired, or at once when its holder was a process on this machine that no longer exists
(a bot killed and restarted). Wall-clock time, since the processes share no clock but it.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from .db import write_transaction
from .subscriptions import now_iso

OUTBOX = "outbox"
SECONDS = 15.0  # a stopped holder delays notices at most this long


@dataclass(frozen=True)
class LeaseState:
    """Who holds the lease after an attempt to take or renew it."""

    held: bool  # by the asking holder
    holder: str
    expires_at: float


def new_holder() -> str:
    """`host:pid:random`: unique per drainer, and tells a dead local process apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _gone(holder: str) -> bool:
    """True if `holder` was a process on this machine that no longer runs."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


def acquire(db: Database, holder: str, *, name: str = OUTBOX, seconds: float = SECONDS,
            now: float | None = None) -> LeaseState:
    """Take or renew the lease for `holder` if free, expired, its own or its holder gone."""
    now = time.time() if now is None else now
    with write_transaction(db):
        row = db.execute("SELECT holder, expires_at FROM leases WHERE name = ?",
                         [name]).fetchone()
        if row is not None and row[0] != holder and row[1] > now and not _gone(row[0]):
            return LeaseState(False, row[0], row[1])
        db.execute(
            """INSERT INTO leases (name, holder, expires_at, renewed_at) VALUES (?, ?, ?, ?)
               ON CONFLICT(name) DO UPDATE SET holder = excluded.holder,
                   expires_at = excluded.expires_at, renewed_at = excluded.renewed_at""",
            [name, holder, now + seconds, now_iso()])
    return LeaseState(True, holder, now + seconds)


def release(db: Database, holder: str, *, name: str = OUTBOX) -> None:
    """Give the lease up (on a clean stop) so another process need not wait for expiry."""
    with write_transaction(db):
        db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", [name, holder])
