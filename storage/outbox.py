"""The outbox: one row per notice to deliver, marked the moment Telegram answers.

A publish (or an announcement) inserts `pending` rows in its own transaction. The bot sends
them in id order and records each outcome in its own transaction right after the API answers:
`sent` (with the message id), `failed` (gave up), or `cancelled` (the chat unsubscribed or
blocked the bot first). A restart therefore resumes exactly where the last run stopped: rows
marked `sent` are never sent again and every `pending` row is still there to send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from .db import write_transaction
from .subscriptions import now_iso

PENDING, SENT, FAILED, CANCELLED = "pending", "sent", "failed", "cancelled"
STATUSES = (PENDING, SENT, FAILED, CANCELLED)


@dataclass(frozen=True)
class Notice:
    """One outbox row with what its publication says."""

    id: int
    publication_id: int
    chat_id: int
    attempts: int
    kind: str  # "publish" | "replace" | "announcement"
    year: int | None
    text: str | None


_SELECT = """SELECT o.id, o.publication_id, o.chat_id, o.attempts, p.kind, p.year, p.text
             FROM outbox AS o JOIN publications AS p ON p.id = o.publication_id"""


def due_notices(db: Database, *, limit: int, now: str | None = None) -> list[Notice]:
    """Pending rows whose retry time (if any) has come, oldest first."""
    rows = db.execute(
        f"""{_SELECT}
            WHERE o.status = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
            ORDER BY o.id LIMIT ?""",
        [now or now_iso(), limit]).fetchall()
    return [Notice(*row) for row in rows]


def pending_notice(db: Database, notice_id: int) -> Notice | None:
    """The row as it is now, if still pending (it may have been cancelled or moved)."""
    row = db.execute(f"{_SELECT} WHERE o.id = ? AND o.status = 'pending'",
                     [notice_id]).fetchone()
    return Notice(*row) if row else None


def mark_sent(db: Database, notice_id: int, message_id: int | None) -> None:
    """Record a delivery; committed on return."""
    with write_transaction(db):
        db.execute(
            """UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?,
                   attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL
               WHERE id = ? AND status = 'pending'""",
            [now_iso(), message_id, notice_id])


def mark_failed(db: Database, notice_id: int, error: str) -> None:
    """Give up on a row (it is reported to the admins); committed on return."""
    with write_transaction(db):
        db.execute(
            """UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?,
                   next_attempt_at = NULL
               WHERE id = ? AND status = 'pending'""",
            [error[:500], notice_id])


def retry_later(db: Database, notice_id: int, error: str, delay: float, *,
                count_attempt: bool = True) -> None:
    """Keep the row pending and try again after `delay` seconds; committed on return."""
    at = (datetime.now(UTC) + timedelta(seconds=delay)).isoformat(timespec="milliseconds")
    with write_transaction(db):
        db.execute(
            """UPDATE outbox SET attempts = attempts + ?, last_error = ?, next_attempt_at = ?
               WHERE id = ? AND status = 'pending'""",
            [int(count_attempt), error[:500], at, notice_id])


@dataclass(frozen=True)
class PublicationStatus:
    """Delivery of one publication, for the admins' /thongke."""

    id: int
    kind: str
    year: int | None
    created_at: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def recent_publications(db: Database, limit: int = 3) -> list[PublicationStatus]:
    """The latest publications, newest first, with their rows counted by status."""
    found = []
    for pid, kind, year, created_at in db.execute(
            "SELECT id, kind, year, created_at FROM publications ORDER BY id DESC LIMIT ?",
            [limit]).fetchall():
        counts = dict.fromkeys(STATUSES, 0)
        for status, count in db.execute(
                "SELECT status, count(*) FROM outbox WHERE publication_id = ? GROUP BY status",
                [pid]):
            counts[status] = count
        found.append(PublicationStatus(pid, kind, year, created_at, counts))
    return found


def pending_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
