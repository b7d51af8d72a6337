"""m007 moves results' fixed sub-index columns into rows, keeping every stored figure and
every user's row (a deployed bot upgraded in place loses nothing)."""

from __future__ import annotations

from storage.db import migrations, open_database
from storage.snapshot import load_snapshot

M007 = "m007_score_rows"
USERS_TABLES = ("subscriptions", "follows", "publications", "outbox", "uploads")


def test_fixed_columns_become_rows_and_users_rows_stay(tmp_path):
    db = open_database(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before=M007)
    assert "htkt" in db["results"].columns_dict
    db["units"].insert({"id": "so-a", "grp": "so", "name": "Sở A", "aliases": "[]",
                        "former_names": "[]", "position": 0})
    db["years"].insert_all([{"year": 2019, "has_scores": 1}, {"year": 2020, "has_scores": 1}])
    db["results"].insert_all([
        {"unit_id": "so-a", "year": 2019, "grp": "so", "htkt": 25.0, "ud": 100.5,
         "htnl": 30.0, "csdt": 20.0, "total": 175.5, "computed_total": 175.5, "level": "kha",
         "rank": 3, "computed_rank": 3, "rank_change": None, "rank_htkt": 1, "rank_ud": 4,
         "rank_htnl": 1, "rank_csdt": 9, "notes": "[]"},
        {"unit_id": "so-a", "year": 2020, "grp": "so", "htkt": 20.0, "ud": 90.0,
         "htnl": 30.0, "csdt": 35.0, "total": 175.0, "computed_total": 175.0, "level": "kha",
         "rank": 1, "computed_rank": 1, "rank_change": 2, "rank_htkt": 2, "rank_ud": 5,
         "rank_htnl": 1, "rank_csdt": 1, "notes": '["Ghi chú"]'},
    ])
    db["subscriptions"].insert({"chat_id": 7, "active": 1, "chat_type": "private",
                                "created_at": "t", "updated_at": "t"})
    db["follows"].insert({"chat_id": 7, "unit_id": "so-a", "created_at": "t"})
    db.execute("INSERT INTO publications (year, kind, created_at) VALUES (2020, 'publish', 't')")
    db.execute("INSERT INTO outbox (publication_id, chat_id, created_at) VALUES (1, 7, 't')")
    db.execute("INSERT INTO uploads (admin_id, chat_id, filename, content, year, created_at) "
               "VALUES (1, 7, 'a.csv', x'00ff', 2021, 't')")
    db.conn.commit()
    users_before = {t: list(db.execute(f"SELECT * FROM {t} ORDER BY rowid"))
                    for t in USERS_TABLES}

    migrations.apply(db)

    assert migrations.pending(db) == []
    assert "htkt" not in db["results"].columns_dict
    assert {t: list(db.execute(f"SELECT * FROM {t} ORDER BY rowid"))
            for t in USERS_TABLES} == users_before
    rows = list(db.execute("SELECT year, key, position, value, rank FROM scores "
                           "ORDER BY year, position"))
    assert rows == [
        (2019, "htkt", 0, 25.0, 1), (2019, "ud", 1, 100.5, 4), (2019, "htnl", 2, 30.0, 1),
        (2019, "csdt", 3, 20.0, 9),
        (2020, "htkt", 0, 20.0, 2), (2020, "ud", 1, 90.0, 5), (2020, "htnl", 2, 30.0, 1),
        (2020, "csdt", 3, 35.0, 1)]
    snapshot = load_snapshot(db)
    moved = snapshot.result("so-a", 2020)
    assert moved.scores == {"htkt": 20.0, "ud": 90.0, "htnl": 30.0, "csdt": 35.0}
    assert list(moved.scores) == ["htkt", "ud", "htnl", "csdt"]
    assert (moved.total, moved.level, moved.rank, moved.rank_change) == (175.0, "kha", 1, 2)
    assert moved.rank_change_from == 2019
    assert moved.notes == ("Ghi chú",)
    db.close()
