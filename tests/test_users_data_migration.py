"""Users' rows written under the m002 schema survive every later migration, and the notice
code works on them (a deployed bot upgraded in place loses no subscriber)."""

from __future__ import annotations

from storage import outbox
from storage.db import migrations, open_database
from storage.subscriptions import ChatSubscription, Subscribed, chat_subscription, subscribe

M002 = "m002_subscriptions"


def _after_m002(db) -> str:
    names = [m.name for m in migrations.pending(db)]
    return names[names.index(M002) + 1]


def test_rows_from_m002_are_intact_after_the_later_migrations(tmp_path):
    db = open_database(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before=_after_m002(db))
    assert "inactive_reason" not in db["subscriptions"].columns_dict
    db["subscriptions"].insert_all([
        {"chat_id": 11, "active": 1, "chat_type": "private", "title": None,
         "created_at": "2020-01-01T00:00:00+00:00", "updated_at": "2020-01-01T00:00:00+00:00"},
        {"chat_id": -22, "active": 0, "chat_type": "group", "title": "Văn phòng",
         "created_at": "2020-01-02T00:00:00+00:00", "updated_at": "2020-01-03T00:00:00+00:00"},
    ])
    db["follows"].insert_all([
        {"chat_id": 11, "unit_id": "so-y-te", "created_at": "2020-01-01T00:00:00+00:00"},
        {"chat_id": -22, "unit_id": "h-muong-nhe", "created_at": "2020-01-02T00:00:00+00:00"},
    ])
    db.execute("INSERT INTO publications (year, kind, text, created_at) VALUES "
               "(2019, 'publish', NULL, '2020-01-04T00:00:00+00:00')")
    db.execute("INSERT INTO outbox (publication_id, chat_id, status, attempts, created_at) "
               "VALUES (1, 11, 'pending', 0, '2020-01-04T00:00:00+00:00'), "
               "(1, -22, 'sent', 1, '2020-01-04T00:00:00+00:00')")
    db.conn.commit()
    tables = ("subscriptions", "follows", "publications", "outbox")
    before = {t: list(db.execute(f"SELECT * FROM {t} ORDER BY rowid")) for t in tables}

    migrations.apply(db)

    assert migrations.pending(db) == []
    for table in tables:
        columns = len(before[table][0])
        rows = [row[:columns] for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        assert rows == before[table], table
    assert chat_subscription(db, -22) == ChatSubscription(-22, False, None, ("h-muong-nhe",))
    assert [(n.id, n.chat_id, n.kind, n.year) for n in outbox.due_notices(db, limit=10)] == [
        (1, 11, "publish", 2019)]
    assert subscribe(db, 11) is Subscribed.ALREADY
    assert subscribe(db, -22) is Subscribed.REACTIVATED
    db.close()
