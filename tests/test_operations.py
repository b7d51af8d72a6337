"""The operator's commands: year limits of `egov publish`, `egov unpublish`, `egov backup`,
`egov doctor` (check and restore), the backup rotation and the bot's daily backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.cli import main
from storage.store import publish
from storage.subscriptions import follow, subscribe
from tests.conftest import dump


def rows(path: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def next_year() -> int:
    return datetime.now(UTC).year + 1


# ---------------------------------------------------------------- egov publish --year

@pytest.mark.parametrize("year", ["1900", "0", "-1", "3000", "2016", "12345678901234567890"])
def test_publish_refuses_years_outside_first_edition_to_next_year(
        db_path, write_sheet, capsys, year):
    before = dump(db_path)
    assert main(["publish", str(write_sheet()), f"--year={year}"]) == 1
    err = capsys.readouterr().err
    assert f"Năm {int(year)} không hợp lệ" in err
    assert f"từ 2017 (năm của bộ chỉ số đầu tiên) đến {next_year()}" in err
    assert dump(db_path) == before


def test_publish_accepts_next_year_and_the_first_editions_year(db_path, write_sheet, capsys):
    assert main(["publish", str(write_sheet()), "--year", str(next_year())]) == 0
    assert sorted(rows(db_path, "SELECT year FROM years WHERE origin = 'publish'")) == [
        (next_year(),)]
    capsys.readouterr()
    # 2017 is inside the range; its edition publishes ranks only, so a file with scores is
    # refused for that reason, not for the year
    assert main(["publish", str(write_sheet()), "--year", "2017", "--replace"]) == 1
    err = capsys.readouterr().err
    assert "không hợp lệ" not in err
    assert "ấn bản năm 2017 chỉ công bố xếp hạng" in err


def test_publish_says_in_vietnamese_that_a_word_is_not_a_year(db_path, write_sheet, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["publish", str(write_sheet()), "--year", "hai nghìn"])
    assert stop.value.code == 2
    assert "«hai nghìn» không phải là một năm" in capsys.readouterr().err


def test_publish_takes_a_backup_first(db_path, write_sheet, tmp_path, monkeypatch):
    monkeypatch.setenv("EGOV_BACKUP_DIR", str(tmp_path / "bk"))
    assert main(["publish", str(write_sheet()), "--year", "2020"]) == 0
    [backup] = sorted((tmp_path / "bk").glob("egov-*.db"))
    assert rows(backup, "SELECT year FROM years ORDER BY year") == [(2017,), (2018,), (2019,)]
    assert rows(db_path, "SELECT max(year) FROM years") == [(2020,)]


def test_backups_go_beside_the_database_by_default(db_path, write_sheet, monkeypatch):
    monkeypatch.delenv("EGOV_BACKUP_DIR", raising=False)
    assert main(["publish", str(write_sheet()), "--year", "2020"]) == 0
    assert len(list((db_path.parent / "backups").glob("egov-*.db"))) == 1


# ---------------------------------------------------------------- egov unpublish

def test_unpublish_removes_the_year_and_keeps_users_data(db, db_path, write_sheet, capsys):
    subscribe(db, 501)
    follow(db, 502, ["so-y-te"])
    publish(db, write_sheet(), 2020)
    users = ("SELECT * FROM subscriptions ORDER BY chat_id", "SELECT * FROM follows")
    before = [rows(db_path, sql) for sql in users]
    assert main(["unpublish", "--year", "2020"]) == 0
    out = capsys.readouterr().out
    assert "Đã gỡ năm 2020: xoá 29 dòng kết quả; huỷ 2 thông báo chưa gửi về năm này." in out
    assert rows(db_path, "SELECT count(*) FROM results WHERE year = 2020") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM years WHERE year = 2020") == [(0,)]
    assert [rows(db_path, sql) for sql in users] == before
    assert rows(db_path, "SELECT DISTINCT status FROM outbox") == [("cancelled",)]


def test_after_unpublish_a_new_publish_is_announced_as_new(db, db_path, write_sheet):
    subscribe(db, 501)
    publish(db, write_sheet(), 2020)
    assert main(["unpublish", "--year", "2020"]) == 0
    assert main(["publish", str(write_sheet()), "--year", "2020"]) == 0
    assert rows(db_path, "SELECT kind FROM publications ORDER BY id") == [
        ("publish",), ("publish",)]
    assert rows(db_path, "SELECT status FROM outbox ORDER BY id") == [
        ("cancelled",), ("pending",)]


def test_unpublish_compares_the_next_year_with_the_year_before_it(db, db_path, write_sheet):
    publish(db, write_sheet(), 2020)
    publish(db, write_sheet(name="k2021.csv"), 2021)
    assert rows(db_path, "SELECT DISTINCT rank_change_from FROM results WHERE year = 2021 "
                         "AND rank IS NOT NULL") == [(2020,)]
    assert main(["unpublish", "--year", "2020"]) == 0
    # the previous published year in which each unit was ranked is now 2019
    assert rows(db_path, "SELECT DISTINCT rank_change_from FROM results WHERE year = 2021 "
                         "AND rank IS NOT NULL") == [(2019,)]
    assert rows(db_path, "SELECT count(*) FROM scores WHERE year = 2020") == [(0,)]


@pytest.mark.parametrize(("year", "message"), [
    ("2020", "Năm 2020 chưa được công bố"),
    ("12345678901234567890", "chưa được công bố"),
    ("2019", "Năm 2019 lấy từ thư mục data/"),
])
def test_unpublish_refuses_politely_and_changes_nothing(db_path, capsys, year, message):
    before = dump(db_path)
    assert main(["unpublish", "--year", year]) == 1
    assert message in capsys.readouterr().err
    assert dump(db_path) == before


# ---------------------------------------------------------------- egov backup, rotation

def test_backup_to_a_file_is_a_consistent_copy(db, db_path, tmp_path, capsys):
    subscribe(db, 501)
    target = tmp_path / "copy.db"
    assert main(["backup", str(target)]) == 0
    assert f"Đã sao lưu cơ sở dữ liệu vào {target}" in capsys.readouterr().out
    assert dump(target) == dump(db_path)
    assert rows(target, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file


def test_backup_while_another_connection_holds_the_write_lock(db_path, tmp_path):
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO meta (key, value) VALUES ('uncommitted', 'x')")
    try:
        assert main(["backup", str(tmp_path / "copy.db")]) == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert rows(tmp_path / "copy.db", "SELECT count(*) FROM meta WHERE key = 'uncommitted'") \
        == [(0,)]


def test_rotation_keeps_the_newest_seven(db_path, tmp_path):
    from storage.backup import backups, take_backup

    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(9):
        take_backup(db_path, tmp_path / "bk", now=start + timedelta(days=day))
    names = [p.name for p in backups(tmp_path / "bk")]
    assert names == [f"egov-202601{day:02d}-000000.db" for day in range(3, 10)]


async def test_the_bot_takes_a_daily_backup_only_when_due(db, tmp_path, monkeypatch):
    from bot.notices.backups import backup_if_due
    from bot.service import AnswerService

    monkeypatch.setenv("EGOV_BACKUP_DIR", str(tmp_path / "daily"))
    context = SimpleNamespace(bot_data={"service": AnswerService(db)})
    await backup_if_due(context)
    await backup_if_due(context)  # the first is less than a day old
    assert len(list((tmp_path / "daily").glob("egov-*.db"))) == 1


# ---------------------------------------------------------------- egov doctor

def test_doctor_says_a_good_database_is_good(db, db_path, capsys):
    subscribe(db, 501)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert f"Cơ sở dữ liệu {db_path}: tốt" in out
    assert "Người đăng ký còn nhận tin: 1" in out


def test_doctor_names_an_empty_database_and_restores_the_latest_backup(
        db, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("EGOV_BACKUP_DIR", str(tmp_path / "bk"))
    subscribe(db, 501)
    assert main(["backup"]) == 0
    db.close()
    db_path.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    capsys.readouterr()
    assert main(["doctor"]) == 3
    out = capsys.readouterr().out
    assert "rỗng (0 byte)" in out
    assert "egov doctor --restore" in out
    assert main(["doctor", "--restore"]) == 0
    out = capsys.readouterr().out
    assert f"Đã khôi phục {db_path}" in out
    assert rows(db_path, "SELECT chat_id FROM subscriptions") == [(501,)]
    [aside] = db_path.parent.glob("egov.db.damaged-*")
    assert aside.read_bytes() == b""
    assert main(["doctor"]) == 0


def test_doctor_skips_a_damaged_backup_for_an_older_good_one(db_path, tmp_path, monkeypatch):
    from storage.backup import take_backup

    folder = tmp_path / "bk"
    monkeypatch.setenv("EGOV_BACKUP_DIR", str(folder))
    good = take_backup(db_path, folder, now=datetime(2026, 1, 1, tzinfo=UTC))
    bad = take_backup(db_path, folder, now=datetime(2026, 1, 2, tzinfo=UTC))
    bad.write_bytes(b"not a database" * 100)
    db_path.write_bytes(b"")
    assert main(["doctor", "--restore"]) == 0
    assert dump(db_path) == dump(good)


def test_doctor_does_not_restore_over_a_healthy_database(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("EGOV_BACKUP_DIR", str(tmp_path / "bk"))
    assert main(["backup"]) == 0
    before = dump(db_path)
    assert main(["doctor", "--restore"]) == 1
    assert dump(db_path) == before


def test_doctor_without_a_backup_changes_nothing(db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("EGOV_BACKUP_DIR", str(tmp_path / "none"))
    db_path.write_bytes(b"garbage" * 1000)
    assert main(["doctor", "--restore"]) == 3
    assert "Không có bản sao lưu nào dùng được" in capsys.readouterr().out
    assert db_path.read_bytes() == b"garbage" * 1000
