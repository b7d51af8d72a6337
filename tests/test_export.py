"""Exports: the year's table as CSV/XLSX in the report's layout, re-imported unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot.cli import main
from scoring.export import FORMATS, export_bytes, export_rows
from scoring.sheets import read_sheet
from scoring.table import parse_year_table
from storage.snapshot import Snapshot, load_snapshot
from storage.store import publish
from tests.conftest import dump


def stored_year(snapshot: Snapshot, year: int) -> dict:
    return {r.unit_id: r for group in ("so", "huyen") for r in snapshot.table(year, group)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_reimports_through_publish_dry_run_unchanged(db, tmp_path: Path, fmt: str):
    snapshot = load_snapshot(db)
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(export_bytes(snapshot, 2019, fmt))
    outcome = publish(db, path, 2019, replace=True, dry_run=True)
    assert {r.unit_id: r for r in outcome.results} == stored_year(snapshot, 2019)
    assert outcome.ignored_columns == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_then_publish_dry_run_shows_only_the_known_notes(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
):
    path = tmp_path / f"ket_qua.{fmt}"
    assert main(["export", "--year", "2019", "--format", fmt, "-o", str(path)]) == 0
    before = dump(db_path)
    capsys.readouterr()
    assert main(["publish", str(path), "--year", "2019", "--replace", "--dry-run"]) == 0
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if line.startswith("  - ")]
    assert notes == [
        "  - UBND huyện Tủa Chùa: Tổng công bố 180,4; cộng các chỉ số thành phần được 180,5.",
        "  - UBND huyện Mường Chà: Tổng công bố 161,7; cộng các chỉ số thành phần được 161,8.",
    ]
    assert "Bỏ qua các cột" not in out
    assert dump(db_path) == before


def test_export_of_a_published_year_round_trips_with_three_rank_years(
    db, tmp_path: Path, write_sheet
):
    publish(db, write_sheet(), 2020)
    snapshot = load_snapshot(db)
    years = export_rows(snapshot, 2020)[2].cells
    assert [c for c in years if c] == ["2020", "2019", "2018"]
    for fmt in FORMATS:
        path = tmp_path / f"again.{fmt}"
        path.write_bytes(export_bytes(snapshot, 2020, fmt))
        outcome = publish(db, path, 2020, replace=True, dry_run=True)
        assert {r.unit_id: r for r in outcome.results} == stored_year(snapshot, 2020)
        assert all(r.notes == () for r in outcome.results)


def test_csv_is_excel_friendly_and_laid_out_like_the_report(db):
    snapshot = load_snapshot(db)
    raw = export_bytes(snapshot, 2019, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Chỉ số DienBien e-Gov index 2019"
    assert rows[1][:2] == ["STT", "Đơn vị"]
    assert rows[1][8:] == ["Xếp hạng", "", ""]
    assert rows[2][8:] == ["2019", "2018", "2017"]
    names = [row[1] for row in rows[3:]]
    # Sections, then levels in rank order, as the report prints them.
    assert names[0] == "I. Khối các sở, ban, ngành tỉnh"
    assert names[1] == "Mức khá (từ 150 đến 200 điểm)"  # the best unit of 2019 is khá
    assert names.index("II. Khối UBND các huyện, thị xã, thành phố") == 1 + 2 + 19
    xay_dung = next(row for row in rows if row[1] == "Sở Xây dựng")
    assert xay_dung[2:] == ["24,8", "63,0", "30,0", "25,0", "142,8", "trung bình", "16", "10",
                            "10"]
    assert len({len(row) for row in rows}) == 1  # every row as wide as the header


def test_xlsx_keeps_numbers_as_numbers_and_merges_the_rank_header(db, tmp_path: Path):
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    path.write_bytes(export_bytes(load_snapshot(db), 2019, "xlsx"))
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "2019"
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "Sở Y tế")
    assert row[2:] == (25.0, 108.5, 30.0, 35.0, 198.5, "khá", 1, 1, 1)
    assert "I2:K2" in {str(r) for r in sheet.merged_cells.ranges}


def test_rank_only_year_exports_ranks_only_and_reads_back(db, tmp_path: Path):
    snapshot = load_snapshot(db)
    rows = export_rows(snapshot, 2018)
    assert rows[1].cells == ("STT", "Đơn vị", "Xếp hạng", None)
    assert rows[2].cells == (None, None, "2018", "2017")
    assert not any(r.kind == "level" for r in rows)
    path = tmp_path / "2018.csv"
    path.write_bytes(export_bytes(snapshot, 2018, "csv"))
    table = parse_year_table(read_sheet(path), snapshot.registry, 2018, require_scores=False)
    assert {r.unit_id: r.rank for r in table.rows} == {
        u: r.rank for u, r in stored_year(snapshot, 2018).items()}
    assert {r.unit_id: r.ranks_by_year for r in table.rows} == {
        u: {2017: snapshot.result(u, 2017).rank} for u in stored_year(snapshot, 2018)}
    # 2018's edition publishes ranks only: its export is a valid publish file of that year
    outcome = publish(db, path, 2018, replace=True, dry_run=True)
    assert {r.unit_id: (r.rank, r.total) for r in outcome.results} == {
        u: (r.rank, None) for u, r in stored_year(snapshot, 2018).items()}
    stored_notes = {n for r in stored_year(snapshot, 2018).values() for n in r.notes}
    assert {n for r in outcome.results for n in r.notes} <= stored_notes  # no new data note


def test_unknown_year_is_refused_politely(db_path: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]):
    target = tmp_path / "x.csv"
    assert main(["export", "--year", "2031", "-o", str(target)]) == 1
    assert "Chưa có kết quả năm 2031" in capsys.readouterr().err
    assert not target.exists()


def test_format_follows_the_file_name_and_defaults_to_the_latest_year(
    db_path: Path, tmp_path: Path
):
    target = tmp_path / "bang.xlsx"
    assert main(["export", "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"  # a zip: an .xlsx workbook
    sheet = read_sheet(target)
    assert sheet.rows[0][1][0] == "Chỉ số DienBien e-Gov index 2019"
