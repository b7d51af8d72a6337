"""What an official sees in Excel is what is published: the active (or only visible) sheet,
never a hidden one; a hidden row holding data is a fault naming the row."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from scoring.errors import DataFileError, DataFileProblem
from scoring.sheets import read_sheet
from storage.store import publish
from tests.conftest import HEADER, dump, rows_2020
from tests.support.xlsx_files import edit_member

WORKBOOK = "xl/workbook.xml"


def fill(sheet, rows: list[list[str]]) -> None:
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row[0], *(float(v) for v in row[1:])])


def stale_rows() -> list[list[str]]:
    """Last month's draft: every sub-index one point lower (still a valid table)."""
    return [[r[0], *(f"{max(0.0, float(v) - 1):.1f}" for v in r[1:])] for r in rows_2020()]


def htkt_2020(db) -> dict[str, float]:
    return dict(db.execute("SELECT u.name, s.value FROM scores s JOIN units u "
                           "ON u.id = s.unit_id WHERE s.year = 2020 AND s.key = 'htkt'")
                .fetchall())


def test_hidden_first_sheet_with_stale_values_is_not_published(db, tmp_path: Path):
    workbook = Workbook()
    stale = workbook.active
    stale.title = "Bản nháp"
    fill(stale, stale_rows())
    fresh = workbook.create_sheet("Kết quả 2020")
    fill(fresh, rows_2020())
    stale.sheet_state = "hidden"  # still the active tab as saved: index 0
    path = tmp_path / "ket_qua_2020.xlsx"
    workbook.save(path)
    publish(db, path, 2020)
    expected = {row[0]: float(row[1]) for row in rows_2020()}
    assert htkt_2020(db) == expected


def test_active_sheet_is_read_when_several_are_visible(tmp_path: Path):
    workbook = Workbook()
    workbook.active.append(["Trang một"])
    second = workbook.create_sheet("Hai")
    second.append(["Trang hai"])
    workbook.active = 1
    path = tmp_path / "nhieu_trang.xlsx"
    workbook.save(path)
    assert read_sheet(path).rows == [(1, ["Trang hai"])]


def test_hidden_active_sheet_among_several_visible_is_a_question_not_a_guess(tmp_path: Path):
    workbook = Workbook()
    workbook.active.append(["Cũ"])
    for title in ("A", "B"):
        workbook.create_sheet(title).append([title])
    path = tmp_path / "ba_trang.xlsx"
    workbook.save(path)
    # openpyxl never saves a hidden active tab; another program may
    edit_member(path, WORKBOOK, b'sheetId="1" state="visible"', b'sheetId="1" state="hidden"')
    with pytest.raises(DataFileError) as caught:
        read_sheet(path)
    assert caught.value.problems == [DataFileProblem(
        str(path), 0, "", "tệp Excel có nhiều trang tính («A», «B») mà trang đang mở bị ẩn; "
        "hãy mở trang cần công bố rồi lưu lại")]


def test_workbook_with_only_hidden_sheets_is_refused(tmp_path: Path):
    workbook = Workbook()
    workbook.active.append(["x"])
    path = tmp_path / "an.xlsx"
    workbook.save(path)
    edit_member(path, WORKBOOK, b'state="visible"', b'state="veryHidden"')
    with pytest.raises(DataFileError, match="không có trang tính nào đang hiện"):
        read_sheet(path)


def test_hidden_rows_are_faults_naming_each_row(db, db_path, tmp_path: Path):
    workbook = Workbook()
    fill(workbook.active, rows_2020())
    for row in (4, 9):
        workbook.active.row_dimensions[row].hidden = True
    workbook.active.row_dimensions[40].hidden = True  # empty: nothing is hidden there
    path = tmp_path / "ket_qua_2020.xlsx"
    workbook.save(path)
    before = dump(db_path)
    with pytest.raises(DataFileError) as caught:
        publish(db, path, 2020)
    message = ("dòng này đang bị ẩn trong Excel; hãy bỏ ẩn (Unhide) để kiểm tra, "
               "hoặc xoá dòng nếu không cần, rồi gửi lại")
    assert caught.value.problems == [DataFileProblem(str(path), 4, "", message),
                                     DataFileProblem(str(path), 9, "", message)]
    assert dump(db_path) == before


def test_rows_keep_their_excel_numbers_and_blank_rows_drop_out(tmp_path: Path):
    workbook = Workbook()
    workbook.active.append(["Đơn vị", "Tổng điểm"])
    workbook.active.append(["Sở Y tế", 150])
    workbook.active.append([None, None])
    workbook.active.append(["Sở Tài chính", 149.5])
    path = tmp_path / "don_gian.xlsx"
    workbook.save(path)
    assert read_sheet(path).rows == [(1, ["Đơn vị", "Tổng điểm"]), (2, ["Sở Y tế", "150"]),
                                     (4, ["Sở Tài chính", "149.5"])]
