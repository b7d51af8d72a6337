"""Subscriptions and follows in SQLite: nothing a user gave is lost, every change committed."""

from __future__ import annotations

import sqlite3

import pytest

from storage import outbox
from storage.store import publish, queue_announcement
from storage.subscriptions import (
    MAX_FOLLOWS,
    ChatSubscription,
    InactiveReason,
    Subscribed,
    chat_subscription,
    deactivate,
    follow,
    followed_units,
    migrate_chat,
    subscribe,
    subscriber_counts,
    unfollow,
    unsubscribe,
)


def statuses(db) -> list[tuple[int, str]]:
    return [tuple(r) for r in db.execute("SELECT chat_id, status FROM outbox ORDER BY id")]


def test_subscribe_then_again_then_after_unsubscribe(db):
    assert subscribe(db, 1, chat_type="private") is Subscribed.NEW
    assert subscribe(db, 1) is Subscribed.ALREADY
    assert unsubscribe(db, 1) is True
    assert unsubscribe(db, 1) is False
    assert chat_subscription(db, 1) == ChatSubscription(1, False, "unsubscribed", ())
    assert subscribe(db, 1) is Subscribed.REACTIVATED
    assert chat_subscription(db, 1) == ChatSubscription(1, True, None, ())


def test_a_change_is_committed_when_the_function_returns(db, db_path):
    subscribe(db, 5, chat_type="group", title="Phòng CNTT")
    follow(db, 5, ["so-y-te"])
    other = sqlite3.connect(db_path)
    try:
        assert other.execute("SELECT chat_id, active, title FROM subscriptions").fetchall() == [
            (5, 1, "Phòng CNTT")]
        assert other.execute("SELECT chat_id, unit_id FROM follows").fetchall() == [
            (5, "so-y-te")]
    finally:
        other.close()


def test_follow_subscribes_and_keeps_order_and_refuses_over_the_limit(db):
    outcome = follow(db, 9, ["so-y-te", "so-tu-phap", "so-y-te"])
    assert (outcome.added, outcome.already, outcome.subscribed) == (
        ("so-y-te", "so-tu-phap"), (), Subscribed.NEW)
    again = follow(db, 9, ["so-tu-phap"])
    assert (again.added, again.already, again.subscribed) == ((), ("so-tu-phap",),
                                                              Subscribed.ALREADY)
    units = [r[0] for r in db.execute("SELECT id FROM units ORDER BY position")]
    more = follow(db, 9, units)
    assert len(followed_units(db, 9)) == MAX_FOLLOWS
    assert more.over_limit == tuple(u for u in units if u not in followed_units(db, 9))
    assert followed_units(db, 9)[:2] == ("so-y-te", "so-tu-phap")


def test_unsubscribe_keeps_follows_and_resubscribe_brings_them_back(db):
    follow(db, 3, ["so-y-te", "h-muong-nhe"])
    unsubscribe(db, 3)
    assert followed_units(db, 3) == ("so-y-te", "h-muong-nhe")
    subscribe(db, 3)
    assert chat_subscription(db, 3) == ChatSubscription(3, True, None,
                                                        ("so-y-te", "h-muong-nhe"))


def test_unfollow_one_or_all(db):
    follow(db, 4, ["so-y-te", "so-tu-phap", "so-noi-vu"])
    assert unfollow(db, 4, ["so-tu-phap", "so-xay-dung"]) == ("so-tu-phap",)
    assert unfollow(db, 4) == ("so-y-te", "so-noi-vu")
    assert followed_units(db, 4) == ()


def test_unsubscribing_cancels_what_is_still_queued_for_that_chat_only(db):
    subscribe(db, 1)
    subscribe(db, 2)
    queue_announcement(db, "Họp trực tuyến lúc 9h")
    unsubscribe(db, 2)
    assert statuses(db) == [(1, "pending"), (2, "cancelled")]


def test_blocked_chat_is_kept_inactive_and_reported_as_blocked(db):
    subscribe(db, 1)
    follow(db, 1, ["so-y-te"])
    queue_announcement(db, "x")
    assert deactivate(db, 1, InactiveReason.BLOCKED) is True
    assert chat_subscription(db, 1) == ChatSubscription(1, False, "blocked", ("so-y-te",))
    assert statuses(db) == [(1, "cancelled")]
    assert subscriber_counts(db).blocked == 1


def test_migration_moves_subscription_follows_and_pending_rows(db):
    subscribe(db, -100, chat_type="group", title="Nhóm")
    follow(db, -100, ["so-y-te"])
    subscribe(db, 7)
    queue_announcement(db, "x")
    migrate_chat(db, -100, -1001234)
    assert chat_subscription(db, -100) is None
    assert chat_subscription(db, -1001234) == ChatSubscription(-1001234, True, None,
                                                               ("so-y-te",))
    assert db.execute("SELECT chat_type FROM subscriptions WHERE chat_id = -1001234"
                      ).fetchone() == ("supergroup",)
    assert statuses(db) == [(-1001234, "pending"), (7, "pending")]


def test_migration_into_an_already_subscribed_chat_merges_and_sends_once(db):
    subscribe(db, -100)
    subscribe(db, -1001234)
    follow(db, -100, ["so-y-te"])
    follow(db, -1001234, ["so-tu-phap", "so-y-te"])
    queue_announcement(db, "x")
    migrate_chat(db, -100, -1001234)
    assert chat_subscription(db, -1001234) == ChatSubscription(
        -1001234, True, None, ("so-tu-phap", "so-y-te"))
    assert sorted(statuses(db)) == [(-1001234, "pending"), (-100, "cancelled")]


def test_due_rows_skip_those_waiting_for_a_retry_and_marks_are_final(db):
    for chat in (1, 2, 3):
        subscribe(db, chat)
    queue_announcement(db, "x")
    first, second, third = outbox.due_notices(db, limit=10)
    outbox.retry_later(db, second.id, "Bad Gateway", 60)
    assert [n.chat_id for n in outbox.due_notices(db, limit=10)] == [1, 3]
    outbox.mark_sent(db, first.id, 42)
    outbox.mark_failed(db, first.id, "too late: already sent")
    outbox.mark_failed(db, third.id, "Bad Request: message is too long")
    assert statuses(db) == [(1, "sent"), (2, "pending"), (3, "failed")]
    assert db.execute("SELECT message_id, attempts FROM outbox WHERE id = ?",
                      [first.id]).fetchone() == (42, 1)
    assert outbox.pending_notice(db, first.id) is None
    assert outbox.pending_notice(db, second.id).attempts == 1


@pytest.mark.parametrize("replace", [False, True])
def test_subscriptions_survive_publish_and_replace(db, write_sheet, replace):
    subscribe(db, 1)
    follow(db, 2, ["so-y-te"])
    unsubscribe(db, 2)
    before = [list(db.query(f"SELECT * FROM {t} ORDER BY 1")) for t in ("subscriptions",
                                                                          "follows")]
    path = write_sheet()
    publish(db, path, 2020)
    if replace:
        publish(db, path, 2020, replace=True)
    after = [list(db.query(f"SELECT * FROM {t} ORDER BY 1")) for t in ("subscriptions",
                                                                         "follows")]
    assert after == before
    assert [n.chat_id for n in outbox.due_notices(db, limit=10)] == [1] * (1 + replace)
