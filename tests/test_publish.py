"""`egov publish`: a good file gives what a hand calculation gives; a bad one changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from scoring.errors import DataFileError, YearExistsError
from storage.snapshot import load_snapshot
from storage.store import ensure_database, publish
from tests.conftest import HEADER, REPO, dump, rows_2020
from tests.keys2019 import Level


def test_good_file_gives_hand_calculated_totals_ranks_and_changes(db, write_sheet):
    publish(db, write_sheet(), 2020)
    s = load_snapshot(db)
    assert s.years == (2017, 2018, 2019, 2020)
    y = s.result("so-y-te", 2020)
    assert (y.total, y.rank, y.rank_change, y.level) == (196.5, 1, 0, Level.KHA)
    # Tài nguyên (92.1 + 1 on UD) overtakes Công thương: +1 and −1.
    assert (s.result("so-tnmt", 2020).total, s.result("so-tnmt", 2020).rank) == (168.1, 8)
    assert s.result("so-tnmt", 2020).rank_change == 1
    assert s.result("so-cong-thuong", 2020).rank_change == -1
    # Lao động and Nội vụ tie on 161.0: both 11th, next is 13th.
    assert [s.result(u, 2020).rank for u in ("so-ldtbxh", "so-noi-vu", "so-nnptnt")] == [
        11, 11, 13]
    assert s.result("so-ldtbxh", 2020).total == s.result("so-noi-vu", 2020).total == 161.0
    nhe = s.result("h-muong-nhe", 2020)
    assert (nhe.total, nhe.level, nhe.rank, nhe.rank_change) == (
        149.3, Level.TRUNG_BINH, 10, 0)
    assert s.rank_history("so-tnmt") == {2017: 11, 2018: 14, 2019: 9, 2020: 8}


def test_subindex_ranks_share_ties(db, write_sheet):
    publish(db, write_sheet(), 2020)
    s = load_snapshot(db)
    # Every sở scored 30 on HTNL except Nông nghiệp (20): 18 share first place.
    assert s.result("so-y-te", 2020).subindex_ranks["htnl"] == 1
    assert s.result("so-nnptnt", 2020).subindex_ranks["htnl"] == 19


@pytest.mark.parametrize(
    ("delimiter", "decimal_comma", "bom"),
    [(",", False, False), (";", True, True), (";", False, False), (",", False, True)],
)
def test_csv_variants_officials_export(db, write_sheet, delimiter, decimal_comma, bom):
    rows = rows_2020()
    if decimal_comma:
        rows = [[r[0], *(v.replace(".", ",") for v in r[1:])] for r in rows]
    path = write_sheet(rows, delimiter=delimiter, encoding="utf-8-sig" if bom else "utf-8")
    publish(db, path, 2020)
    assert load_snapshot(db).result("so-y-te", 2020).total == 196.5


def test_xlsx_file_publishes_like_csv(db, write_sheet):
    publish(db, write_sheet(name="ket_qua.xlsx"), 2020)
    assert load_snapshot(db).result("h-muong-nhe", 2020).total == 149.3


def test_names_are_matched_tolerantly_but_never_guessed(db, write_sheet):
    rows = rows_2020()
    rows[1][0] = "so tt&tt"
    rows[2][0] = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    rows[5][0] = "Sở Văn hoá - Thể thao và Du lịch"
    rows[19][0] = "Ủy ban nhân dân thành phố Điện Biên Phủ"
    publish(db, write_sheet(rows), 2020)
    assert load_snapshot(db).result("so-vhttdl", 2020).rank == 6


def test_published_total_and_ranks_are_kept_and_checked(db, write_sheet):
    rows = [[*r, "0", ""] for r in rows_2020()]
    for row in rows:
        row[5] = f"{sum(float(v) for v in row[1:5]):.1f}"
    rows[0][5] = "196.0"  # does not add up
    rows[0][6] = "1"
    path = write_sheet(rows, [*HEADER, "Tổng điểm", "Xếp hạng"])
    outcome = publish(db, path, 2020, dry_run=True)
    assert outcome.results[0].total == 196.0
    assert outcome.results[0].notes == (
        "Tổng công bố 196,0; cộng các chỉ số thành phần được 196,5.",)


# What a Vietnamese Windows Excel writes when "CSV UTF-8" is not chosen (cp1258).
CP1258 = b"\xd0\xf5n v\xf2i,Ch\xect s\xf4 HTKT\nS\xf5 Y t\xea,25\n"


def _bad(kind: str) -> tuple[list[str], list[list[str]], tuple[int, str]]:
    """A file with one kind of fault, and where its error must point (row, column)."""
    header, rows = list(HEADER), rows_2020()
    if kind == "non-numeric":
        rows[0][2] = "tám mươi"
        return header, rows, (2, "Chỉ số UD")
    if kind == "above-maximum":
        rows[1][1] = "26"
        return header, rows, (3, "Chỉ số HTKT")
    if kind == "negative":
        rows[2][3] = "-1"
        return header, rows, (4, "Chỉ số HTNL")
    if kind == "empty-cell":
        rows[3][4] = ""
        return header, rows, (5, "Chỉ số CS&ĐT")
    if kind == "unknown-unit":
        rows[4][0] = "Sở Du hành Vũ trụ"
        return header, rows, (6, "Đơn vị")
    if kind == "duplicate-unit":
        rows[5][0] = rows[0][0]
        return header, rows, (7, "Đơn vị")
    if kind == "missing-unit":
        del rows[7]
        return header, rows, (0, "Đơn vị")
    if kind == "missing-column":
        return header[:3] + header[4:], [r[:3] + r[4:] for r in rows], (1, "Chỉ số HTNL")
    raise AssertionError(kind)


BAD_KINDS = ["non-numeric", "above-maximum", "negative", "empty-cell", "unknown-unit",
             "duplicate-unit", "missing-unit", "missing-column"]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_file_names_row_and_column_and_changes_nothing(db, db_path, write_sheet, kind):
    header, rows, (row, column) = _bad(kind)
    path = write_sheet(rows, header)
    before = dump(db_path)
    with pytest.raises(DataFileError) as raised:
        publish(db, path, 2020)
    assert (path.name, row, column) in {
        (Path(p.path).name, p.row, p.column) for p in raised.value.problems}
    assert dump(db_path) == before


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_cli_reports_bad_file_in_vietnamese_without_traceback(
        db_path, write_sheet, capsys, kind):
    header, rows, (row, column) = _bad(kind)
    path = write_sheet(rows, header)
    before = dump(db_path)
    assert main(["publish", str(path), "--year", "2020"]) == 1
    err = capsys.readouterr().err
    assert "Không công bố" in err
    assert path.name in err
    assert f"«{column}»" in err
    if row:
        assert f"dòng {row}" in err
    assert "Traceback" not in err
    assert dump(db_path) == before


def test_every_problem_is_reported_not_only_the_first(db, write_sheet):
    rows = rows_2020()
    rows[0][1], rows[3][2], rows[9][0] = "x", "999", "???"
    with pytest.raises(DataFileError) as raised:
        publish(db, write_sheet(rows), 2020)
    located = {(p.row, p.column) for p in raised.value.problems}
    assert {(2, "Chỉ số HTKT"), (5, "Chỉ số UD"), (11, "Đơn vị")} <= located


def test_unknown_unit_error_suggests_the_closest_names(db, write_sheet):
    rows = rows_2020()
    rows[0][0] = "Sở Y tê xã hội"
    with pytest.raises(DataFileError) as raised:
        publish(db, write_sheet(rows), 2020)
    assert "Sở Y tế" in str(raised.value)


@pytest.mark.parametrize(
    ("content", "row"),
    [(b"", 0), (b"\n\n", 0), (CP1258, 1),
     (b"\xff\xd8\xff\xe0 not a csv \x00\x01", 0)],
    ids=["empty", "blank-lines", "wrong-encoding", "binary"],
)
def test_unreadable_files_are_refused_and_change_nothing(db, db_path, tmp_path, content, row):
    path = tmp_path / "2020.csv"
    path.write_bytes(content)
    before = dump(db_path)
    with pytest.raises(DataFileError) as raised:
        publish(db, path, 2020)
    problem = raised.value.problems[0]
    assert (Path(problem.path).name, problem.row) == ("2020.csv", row)
    assert dump(db_path) == before


def test_wrong_encoding_says_how_to_fix_it(db, tmp_path):
    path = tmp_path / "2020.csv"
    path.write_bytes(CP1258)
    with pytest.raises(DataFileError, match="UTF-8"):
        publish(db, path, 2020)


def test_existing_year_is_refused_without_replace(db, db_path, write_sheet):
    path = write_sheet()
    publish(db, path, 2020)
    before = dump(db_path)
    with pytest.raises(YearExistsError):
        publish(db, path, 2020)
    assert dump(db_path) == before
    rows = rows_2020()
    rows[0][2] = "110.0"
    publish(db, write_sheet(rows, name="fix.csv"), 2020, replace=True)
    assert load_snapshot(db).result("so-y-te", 2020).total == 200.0


def test_dry_run_writes_nothing_and_shows_the_result(db, db_path, write_sheet, capsys):
    before = dump(db_path)
    assert main(["publish", str(write_sheet()), "--year", "2020", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Chạy thử" in out
    assert "196.5" in out
    assert dump(db_path) == before


def test_replace_recomputes_the_next_years_rank_changes(db, write_sheet):
    publish(db, write_sheet(), 2020)
    rows = rows_2020()
    rows[0][2] = "50.0"  # Sở Y tế falls in 2020 …
    publish(db, write_sheet(rows, name="r.csv"), 2019, replace=True)
    s = load_snapshot(db)
    assert s.result("so-y-te", 2020).rank_change == s.result("so-y-te", 2019).rank - 1


def test_publish_queues_one_notice_per_active_subscriber_and_keeps_users_data(
        db, db_path, write_sheet):
    db["subscriptions"].insert_all([
        {"chat_id": 1, "active": 1, "chat_type": "private", "created_at": "t", "updated_at": "t"},
        {"chat_id": 2, "active": 0, "chat_type": "private", "created_at": "t", "updated_at": "t"},
        {"chat_id": -3, "active": 1, "chat_type": "group", "created_at": "t", "updated_at": "t"},
    ])
    db["follows"].insert({"chat_id": 1, "unit_id": "so-y-te", "created_at": "t"})
    users_before = [list(db.query(f"SELECT * FROM {t}")) for t in ("subscriptions", "follows")]
    outcome = publish(db, write_sheet(), 2020)
    assert outcome.notices == 2
    assert sorted(r["chat_id"] for r in db.query("SELECT chat_id FROM outbox")) == [-3, 1]
    assert [list(db.query(f"SELECT * FROM {t}")) for t in ("subscriptions", "follows")] == (
        users_before)


def test_fault_inside_the_transaction_rolls_everything_back(db, db_path, write_sheet):
    db["subscriptions"].insert({"chat_id": 1, "active": 1, "created_at": "t",
                                "updated_at": "t"})
    before = dump(db_path)

    def explode(step: str) -> None:
        if step == "notices":
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        publish(db, write_sheet(), 2020, on_step=explode)
    assert dump(db_path) == before


def test_publish_killed_mid_way_leaves_the_database_as_before(db, db_path, write_sheet):
    db["subscriptions"].insert({"chat_id": 1, "active": 1, "created_at": "t",
                                "updated_at": "t"})
    db.close()
    before = dump(db_path)
    script = textwrap.dedent(f"""
        import sys, time
        from storage.store import ensure_database, publish
        def step(name):
            print(name, flush=True)
            if name == "notices":
                time.sleep(60)
        publish(ensure_database({str(db_path)!r}, {os.environ['EGOV_DATA_DIR']!r}),
                {str(write_sheet())!r}, 2020, on_step=step)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            cwd=REPO, text=True)
    assert proc.stdout is not None
    seen = [proc.stdout.readline().strip() for _ in range(3)]
    assert seen == ["begin", "results", "notices"]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert dump(db_path) == before
    reopened = ensure_database(db_path, os.environ["EGOV_DATA_DIR"])
    assert load_snapshot(reopened).years == (2017, 2018, 2019)
    reopened.close()


def test_rebuild_after_data_change_keeps_published_years_and_users(db_path, data_dir,
                                                                   write_sheet):
    db = ensure_database(db_path, data_dir)
    publish(db, write_sheet(), 2020)
    db["subscriptions"].insert({"chat_id": 7, "active": 1, "created_at": "t",
                                "updated_at": "t"})
    db.close()
    units = data_dir / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("SYT|", "SYT|Y te tinh|"),
                     encoding="utf-8")
    db = ensure_database(db_path, data_dir)
    s = load_snapshot(db)
    assert s.years == (2017, 2018, 2019, 2020)
    assert "Y te tinh" in s.registry.get("so-y-te").aliases
    assert db.execute("SELECT chat_id FROM subscriptions").fetchall() == [(7,)]
    db.close()
