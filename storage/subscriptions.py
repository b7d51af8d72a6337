"""Users' subscriptions and followed units: every change is one committed transaction.

A subscription row is never deleted: unsubscribing or blocking the bot only makes it
inactive, so the chat's follows survive and a new /subscribe brings everything back. A group
upgraded to a supergroup moves, with its follows and undelivered notices, to the new id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlite_utils import Database

from .db import write_transaction

MAX_FOLLOWS = 10  # a notice lists every followed unit; ten keep it short on a phone


class Subscribed(StrEnum):
    """What /subscribe did."""

    NEW = "new"
    REACTIVATED = "reactivated"
    ALREADY = "already"


class InactiveReason(StrEnum):
    """Why a subscription stopped (kept in `subscriptions.inactive_reason`)."""

    UNSUBSCRIBED = "unsubscribed"
    BLOCKED = "blocked"  # Forbidden: the user blocked the bot, or it was kicked from the group
    GONE = "gone"  # "chat not found": the chat no longer exists


@dataclass(frozen=True)
class ChatSubscription:
    """What one chat receives: notices (if active) and the units it follows."""

    chat_id: int
    active: bool
    inactive_reason: str | None
    follows: tuple[str, ...]


@dataclass(frozen=True)
class FollowOutcome:
    """What /follow did: units added, already followed, refused over MAX_FOLLOWS."""

    added: tuple[str, ...]
    already: tuple[str, ...]
    over_limit: tuple[str, ...]
    subscribed: Subscribed


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _subscribe(db: Database, chat_id: int, chat_type: str | None, title: str | None,
               now: str) -> Subscribed:
    row = db.execute("SELECT active FROM subscriptions WHERE chat_id = ?", [chat_id]).fetchone()
    if row is None:
        db.execute(
            """INSERT INTO subscriptions (chat_id, active, chat_type, title, created_at,
                                          updated_at, inactive_reason)
               VALUES (?, 1, ?, ?, ?, ?, NULL)""",
            [chat_id, chat_type, title, now, now])
        return Subscribed.NEW
    db.execute(
        """UPDATE subscriptions SET active = 1, inactive_reason = NULL,
               chat_type = coalesce(?, chat_type), title = coalesce(?, title), updated_at = ?
           WHERE chat_id = ?""",
        [chat_type, title, now, chat_id])
    return Subscribed.ALREADY if row[0] else Subscribed.REACTIVATED


def subscribe(db: Database, chat_id: int, *, chat_type: str | None = None,
              title: str | None = None) -> Subscribed:
    """Make the chat receive notices (creating or reactivating its row); committed on return."""
    with write_transaction(db):
        return _subscribe(db, chat_id, chat_type, title, now_iso())


def deactivate(db: Database, chat_id: int, reason: InactiveReason) -> bool:
    """Stop notices to the chat, keep its row and follows, and cancel what is still queued.

    Returns whether the chat was active. Committed on return.
    """
    now = now_iso()
    with write_transaction(db):
        changed = db.execute(
            """UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ?
               WHERE chat_id = ? AND active = 1""",
            [reason.value, now, chat_id]).rowcount
        db.execute(
            """UPDATE outbox SET status = 'cancelled', last_error = ?
               WHERE chat_id = ? AND status = 'pending'""",
            [reason.value, chat_id])
    return bool(changed)


def unsubscribe(db: Database, chat_id: int) -> bool:
    """/unsubscribe: like `deactivate`, with the user's own reason."""
    return deactivate(db, chat_id, InactiveReason.UNSUBSCRIBED)


def followed_units(db: Database, chat_id: int) -> tuple[str, ...]:
    """The chat's followed unit ids, in the order it followed them."""
    return tuple(r[0] for r in db.execute(
        "SELECT unit_id FROM follows WHERE chat_id = ? ORDER BY created_at, rowid", [chat_id]))


def chat_subscription(db: Database, chat_id: int) -> ChatSubscription | None:
    """The chat's subscription and follows, or None if it never subscribed or followed."""
    row = db.execute(
        "SELECT active, inactive_reason FROM subscriptions WHERE chat_id = ?",
        [chat_id]).fetchone()
    follows = followed_units(db, chat_id)
    if row is None and not follows:
        return None
    active, reason = (bool(row[0]), row[1]) if row is not None else (False, None)
    return ChatSubscription(chat_id, active, reason, follows)


def follow(db: Database, chat_id: int, unit_ids: Iterable[str], *,
           chat_type: str | None = None, title: str | None = None) -> FollowOutcome:
    """Follow units (at most MAX_FOLLOWS in all) and subscribe the chat, in one transaction."""
    now = now_iso()
    added: list[str] = []
    already: list[str] = []
    over: list[str] = []
    with write_transaction(db):
        have = list(followed_units(db, chat_id))
        for unit_id in dict.fromkeys(unit_ids):
            if unit_id in have:
                already.append(unit_id)
            elif len(have) >= MAX_FOLLOWS:
                over.append(unit_id)
            else:
                db.execute("INSERT INTO follows (chat_id, unit_id, created_at) VALUES (?, ?, ?)",
                           [chat_id, unit_id, now])
                have.append(unit_id)
                added.append(unit_id)
        subscribed = (_subscribe(db, chat_id, chat_type, title, now) if added or already
                      else Subscribed.ALREADY)
    return FollowOutcome(tuple(added), tuple(already), tuple(over), subscribed)


def unfollow(db: Database, chat_id: int, unit_ids: Iterable[str] | None = None) -> tuple[
        str, ...]:
    """Stop following `unit_ids` (all units when None); returns those actually removed."""
    with write_transaction(db):
        have = followed_units(db, chat_id)
        wanted = set(have if unit_ids is None else unit_ids)
        removed = tuple(u for u in have if u in wanted)
        db.conn.executemany("DELETE FROM follows WHERE chat_id = ? AND unit_id = ?",
                            [(chat_id, u) for u in removed])
    return removed


def migrate_chat(db: Database, old_chat_id: int, new_chat_id: int) -> None:
    """Move a group's subscription, follows and undelivered notices to its supergroup id.

    If the new chat already has its own subscription the two are merged (active if either
    was); a notice queued for both ids is delivered once, to the new one. Committed on return.
    """
    now = now_iso()
    with write_transaction(db):
        old = db.execute("SELECT active, inactive_reason FROM subscriptions WHERE chat_id = ?",
                         [old_chat_id]).fetchone()
        new = db.execute("SELECT active FROM subscriptions WHERE chat_id = ?",
                         [new_chat_id]).fetchone()
        if old is not None and new is None:
            db.execute(
                """UPDATE subscriptions SET chat_id = ?, chat_type = 'supergroup', updated_at = ?
                   WHERE chat_id = ?""", [new_chat_id, now, old_chat_id])
        elif old is not None:
            db.execute(
                """UPDATE subscriptions SET active = max(active, ?), updated_at = ?,
                       inactive_reason = CASE WHEN max(active, ?) = 1 THEN NULL
                                              ELSE inactive_reason END
                   WHERE chat_id = ?""", [old[0], now, old[0], new_chat_id])
            db.execute("DELETE FROM subscriptions WHERE chat_id = ?", [old_chat_id])
        db.execute(
            """INSERT OR IGNORE INTO follows (chat_id, unit_id, created_at)
               SELECT ?, unit_id, created_at FROM follows WHERE chat_id = ?""",
            [new_chat_id, old_chat_id])
        db.execute("DELETE FROM follows WHERE chat_id = ?", [old_chat_id])
        db.execute(
            """UPDATE outbox SET status = 'cancelled', last_error = 'duplicate after migration'
               WHERE chat_id = ? AND status = 'pending' AND publication_id IN (
                   SELECT publication_id FROM outbox WHERE chat_id = ?)""",
            [old_chat_id, new_chat_id])
        db.execute("UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND status = 'pending'",
                   [new_chat_id, old_chat_id])


@dataclass(frozen=True)
class SubscriberCounts:
    """Who receives notices, for the admins' /thongke."""

    active: int
    active_groups: int
    unsubscribed: int
    blocked: int
    following_chats: int
    follows: int


def subscriber_counts(db: Database) -> SubscriberCounts:
    row = db.execute(
        """SELECT
               coalesce(sum(active = 1), 0),
               coalesce(sum(active = 1 AND chat_id < 0), 0),
               coalesce(sum(active = 0 AND coalesce(inactive_reason, 'unsubscribed')
                                           = 'unsubscribed'), 0),
               coalesce(sum(active = 0 AND inactive_reason IN ('blocked', 'gone')), 0)
           FROM subscriptions""").fetchone()
    follows = db.execute(
        "SELECT count(DISTINCT chat_id), count(*) FROM follows").fetchone()
    return SubscriberCounts(*row, *follows)
