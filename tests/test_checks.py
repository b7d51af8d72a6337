"""Code, not hand edits, finds what does not add up: each check catches a planted fault."""

from __future__ import annotations

import csv
from pathlib import Path

from scoring.claims import check_claims, load_claims
from storage.snapshot import load_snapshot
from storage.store import ensure_database, publish


def notes_of(snapshot, year):
    return {
        (r.unit_id): list(r.notes)
        for g in snapshot.tables for r in snapshot.tables[g] if r.year == year and r.notes
    }


def edit_2019(data_dir: Path, unit: str, column: str, value: str) -> None:
    path = data_dir / "results" / "2019.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    col = rows[0].index(column)
    for row in rows:
        if row[0] == unit:
            row[col] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_report_totals_that_do_not_add_up_become_notes(db):
    assert notes_of(load_snapshot(db), 2019) == {
        "h-tua-chua": ["Tổng công bố 180,4; cộng các chỉ số thành phần được 180,5."],
        "h-muong-cha": ["Tổng công bố 161,7; cộng các chỉ số thành phần được 161,8."],
    }


def test_published_total_stays_the_official_figure(db):
    result = load_snapshot(db).result("h-tua-chua", 2019)
    assert (result.total, result.computed_total) == (180.4, 180.5)


def test_report_claims_contradicted_by_the_table(db, data_dir):
    checks = check_claims(load_claims(data_dir / "report_claims.csv"), load_snapshot(db))
    wrong = {c.claim.subject: c.explanation for c in checks if not c.holds}
    assert wrong == {
        "Sở Văn hóa Thể thao và Du lịch":
            "báo cáo ghi tăng 4 bậc; bảng xếp hạng cho thấy tăng 5 bậc",
        "Sở Công thương": "báo cáo ghi tăng 3 bậc; bảng xếp hạng cho thấy tăng 5 bậc",
    }
    assert len(checks) == 16


def test_planted_total_fault_is_noted_with_the_rank_it_implies(data_dir, tmp_path):
    edit_2019(data_dir, "Sở Y tế", "Tổng điểm", "190.0")
    snapshot = load_snapshot(ensure_database(tmp_path / "x.db", data_dir))
    assert notes_of(snapshot, 2019)["so-y-te"] == [
        "Tổng công bố 190,0; cộng các chỉ số thành phần được 198,5.",
        "Hạng công bố 1; theo tổng điểm công bố là hạng 3.",
    ]
    assert notes_of(snapshot, 2019)["so-tttt"] == [
        "Hạng công bố 2; theo tổng điểm công bố là hạng 1."]


def test_planted_rank_swap_is_noted_on_both_units(data_dir, tmp_path):
    edit_2019(data_dir, "Sở Y tế", "Xếp hạng 2019", "2")
    edit_2019(data_dir, "Sở Thông tin và Truyền thông", "Xếp hạng 2019", "1")
    snapshot = load_snapshot(ensure_database(tmp_path / "x.db", data_dir))
    notes = notes_of(snapshot, 2019)
    assert notes["so-y-te"] == ["Hạng công bố 2; theo tổng điểm công bố là hạng 1."]
    assert notes["so-tttt"] == ["Hạng công bố 1; theo tổng điểm công bố là hạng 2."]


def test_planted_level_change_from_a_wrong_total_is_noted(data_dir, tmp_path):
    edit_2019(data_dir, "Sở Xây dựng", "Tổng điểm", "152.8")
    snapshot = load_snapshot(ensure_database(tmp_path / "x.db", data_dir))
    assert "Theo tổng công bố là mức khá; theo tổng cộng lại là mức trung bình." in (
        notes_of(snapshot, 2019)["so-xay-dung"])


def test_planted_duplicate_rank_in_a_rank_only_year(data_dir, tmp_path):
    edit_2019(data_dir, "Sở Y tế", "Xếp hạng 2018", "2")
    snapshot = load_snapshot(ensure_database(tmp_path / "x.db", data_dir))
    notes = notes_of(snapshot, 2018)
    assert notes["so-y-te"][0] == "Hạng 2 được công bố cho 2 đơn vị cùng khối."
    # The 2018 notice says 1st: it now disagrees with the planted table and says so.
    assert len(notes["so-y-te"]) == 2
    assert "hạng 1" in notes["so-y-te"][1]
    assert notes["vp-ubnd-tinh"] == ["Hạng 2 được công bố cho 2 đơn vị cùng khối."]


def test_planted_rank_beyond_group_size(data_dir, tmp_path):
    edit_2019(data_dir, "UBND huyện Mường Nhé", "Xếp hạng 2017", "11")
    snapshot = load_snapshot(ensure_database(tmp_path / "x.db", data_dir))
    assert notes_of(snapshot, 2017)["h-muong-nhe"] == [
        "Hạng 11 vượt quá số đơn vị của khối (10)."]


def test_planted_level_column_fault_is_noted(db, write_sheet):
    from tests.conftest import HEADER, rows_2020

    rows = [[*r, "Thấp"] if i == 0 else [*r, ""] for i, r in enumerate(rows_2020())]
    path = write_sheet(rows, [*HEADER, "Mức"])
    outcome = publish(db, path, 2020, dry_run=True)
    first = outcome.results[0]
    assert first.notes == (f"Mức công bố «thấp»; tổng {first.total:.1f} thuộc mức «khá»."
                           .replace(".", ",", 1),)


def test_planted_false_claim_is_reported(db, data_dir):
    claims = data_dir / "report_claims.csv"
    claims.write_text(
        "year,kind,subject,value,quote\n"
        "2019,tang_bac,Sở Y tế,3,Sở Y tế tăng 3 bậc\n"
        "2019,so_don_vi,huyen:kha,10,có 10 đơn vị\n", encoding="utf-8")
    checks = check_claims(load_claims(claims), load_snapshot(db))
    assert [(c.holds, c.explanation) for c in checks] == [
        (False, "báo cáo ghi tăng 3 bậc; bảng xếp hạng cho thấy giữ nguyên hạng"),
        (False, "báo cáo ghi 10 đơn vị; bảng có 9 đơn vị"),
    ]
