"""Zip bombs and huge files are refused quickly, within bounded memory, naming the limit;
the command line can raise the limits, and long fault lists are cut."""

from __future__ import annotations

import resource
import time
import tracemalloc
from pathlib import Path

import pytest

from bot.cli import main as egov
from scoring.errors import DataFileError, DataFileProblem, FileLimitError
from scoring.limits import MB, SheetLimits, reading_limits
from scoring.report import render_problems
from scoring.sheets import read_sheet
from tests.conftest import dump, rows_2020
from tests.support.xlsx_files import SHEET_HEAD, SHEET_TAIL, repeated_sheet, xlsx_with_sheet

GIB = 1 << 30
UNIT_ROW = (b'<row><c t="inlineStr"><is><t>S\xe1\xbb\x9f Y t\xe1\xba\xbf</t></is></c>'
            b"<c><v>12.5</v></c></row>")


def refused(path: Path, limits: SheetLimits | None = None) -> tuple[DataFileError, float]:
    """The error reading `path` raises, and the seconds it took."""
    start = time.perf_counter()
    with pytest.raises(DataFileError) as caught:
        read_sheet(path, limits)
    return caught.value, time.perf_counter() - start


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- zip bombs

def test_zip_bomb_is_refused_before_anything_is_unzipped(tmp_path):
    bomb = xlsx_with_sheet(tmp_path / "bom.xlsx", repeated_sheet(UNIT_ROW, GIB // len(UNIT_ROW)))
    assert bomb.stat().st_size < 5 * MB  # small on disk, just over 1 GiB inside
    tracemalloc.start()
    try:
        error, seconds = refused(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(error, FileLimitError)
    assert error.limit == "mb"
    assert error.problems == [DataFileProblem(
        str(bomb), 0, "", "nội dung tệp Excel khi giải nén là 1024,1 MB, vượt giới hạn 20 MB "
        "(tệp hỏng hoặc là «bom zip»)")]
    assert seconds < 1
    assert peak < 5 * MB


def test_member_lying_about_its_size_is_refused_as_damaged(tmp_path):
    # 600 rows (~45 kB) in a member that declares 2 kB: zipfile stops at 2 kB, the CRC fails
    sheet = repeated_sheet(UNIT_ROW, 600, declared=2_000)
    error, seconds = refused(xlsx_with_sheet(tmp_path / "doi.xlsx", sheet))
    assert [p.message for p in error.problems] == [
        "tệp Excel bị hỏng, không đọc được trang «Sheet»"]
    assert seconds < 1


def test_not_a_zip_is_refused_plainly(tmp_path):
    path = tmp_path / "gia.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    error, _ = refused(path)
    assert [p.message for p in error.problems] == [
        "không phải tệp Excel .xlsx hợp lệ (tệp nén bị hỏng)"]


# ---------------------------------------------------------------- huge sheets

def test_million_row_sheet_is_refused_quickly(tmp_path):
    path = xlsx_with_sheet(tmp_path / "trieu.xlsx", repeated_sheet(UNIT_ROW, 1_000_000))
    error, seconds = refused(path)
    assert isinstance(error, FileLimitError)
    assert seconds < 1


def test_rows_past_the_limit_are_refused_naming_the_first_one(tmp_path):
    # 200,000 rows that fit the size limits: reading stops at row 2,001
    path = xlsx_with_sheet(tmp_path / "dai.xlsx", repeated_sheet(UNIT_ROW, 200_000))
    error, seconds = refused(path)
    assert isinstance(error, FileLimitError)
    assert error.limit == "rows"
    assert error.problems == [DataFileProblem(
        str(path), 2001, "", "có dữ liệu ở dòng 2001, vượt giới hạn 2000 dòng")]
    assert seconds < 1


def test_empty_formatted_rows_past_the_limit_are_not_data(tmp_path):
    styled = b'<row s="1" customFormat="1"/>'
    sheet = repeated_sheet(styled, 5_000, head=SHEET_HEAD + UNIT_ROW)
    sheet_rows = read_sheet(xlsx_with_sheet(tmp_path / "kieu.xlsx", sheet)).rows
    assert sheet_rows == [(1, ["Sở Y tế", "12.5"])]


def test_one_row_of_a_million_cells_is_refused_before_it_is_built(tmp_path):
    wide = repeated_sheet(b"<c><v>1</v></c>", 1_000_000, head=SHEET_HEAD + b'<row r="1">',
                          tail=b"</row>" + SHEET_TAIL)
    tracemalloc.start()
    try:
        error, seconds = refused(xlsx_with_sheet(tmp_path / "rong.xlsx", wide))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(error, FileLimitError)
    assert (error.limit, error.problems[0].row) == ("columns", 1)
    assert seconds < 1
    assert peak < 10 * MB


def test_data_past_the_last_column_is_refused_naming_the_cell(tmp_path):
    row = b'<row r="3"><c r="A3"><v>1</v></c><c r="AZ3"><v>2</v></c></row>'
    path = xlsx_with_sheet(tmp_path / "cot.xlsx", repeated_sheet(row, 1))
    error, _ = refused(path)
    assert error.problems == [DataFileProblem(
        str(path), 3, "AZ", "có dữ liệu ở cột thứ 52, vượt giới hạn 50 cột")]


def test_overlong_cells_are_each_named(tmp_path, write_sheet):
    rows = rows_2020()
    rows[3][0] = "x" * 2_500
    path = write_sheet(rows, name="dai_2020.xlsx")
    error, _ = refused(path)
    assert [str(p) for p in error.problems] == [
        "dai_2020.xlsx, dòng 5, cột «A»: ô dài 2500 ký tự, vượt giới hạn 2000"]


# ---------------------------------------------------------------- CSV

def test_csv_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "to.csv"
    path.write_bytes(b"a,b\n" * (5 * MB // 4 + 1))
    error, _ = refused(path)
    assert (error.limit, [p.message for p in error.problems]) == (  # type: ignore[attr-defined]
        "mb", ["tệp nặng 5,1 MB, vượt giới hạn 5 MB"])


def test_csv_rows_past_the_limit_are_refused(tmp_path):
    path = tmp_path / "dai.csv"
    path.write_bytes(b"\xc4\x90\xc6\xa1n v\xe1\xbb\x8b,1\n" + b"x,1\n" * 300_000)
    error, seconds = refused(path)
    assert error.problems == [DataFileProblem(
        str(path), 2001, "", "có dữ liệu ở dòng 2001, vượt giới hạn 2000 dòng")]
    assert seconds < 2


def test_csv_columns_and_cells_have_limits_too(tmp_path):
    wide = tmp_path / "rong.csv"
    wide.write_text("a" + ",x" * 60 + "\n", encoding="utf-8")
    assert refused(wide)[0].problems == [DataFileProblem(
        str(wide), 1, "", "có dữ liệu ở cột thứ 61, vượt giới hạn 50 cột")]
    long_cell = tmp_path / "o.csv"
    long_cell.write_text("a,b\nc," + "d" * 3_000 + "\n", encoding="utf-8")
    assert refused(long_cell)[0].problems == [DataFileProblem(
        str(long_cell), 2, "2", "ô dài 3000 ký tự, vượt giới hạn 2000")]


def test_limits_can_be_raised_for_one_read(tmp_path):
    path = tmp_path / "dai.csv"
    path.write_bytes(b"a,1\n" * 3_000)
    refused(path)
    with reading_limits(SheetLimits(max_rows=5_000)):
        assert len(read_sheet(path).rows) == 3_000
    refused(path)  # back to the defaults after the block


# ---------------------------------------------------------------- the command line

def test_cli_names_the_flag_that_raises_a_limit(db_path, tmp_path, capsys):
    path = tmp_path / "ket_qua_2020.csv"
    path.write_bytes(b"a,1\n" * 2_500)
    before = dump(db_path)
    assert egov(["publish", str(path), "--year", "2020"]) == 1
    err = capsys.readouterr().err
    assert "ket_qua_2020.csv, dòng 2001: có dữ liệu ở dòng 2001, vượt giới hạn 2000 dòng" in err
    assert "chạy lại với --max-rows N để nới giới hạn" in err
    assert dump(db_path) == before


def test_cli_flags_raise_the_limits(db_path, write_sheet, capsys):
    rows = rows_2020()
    blank = [["", "", "", "", ""]] * 2_100
    path = write_sheet(rows + blank)  # blank lines past the limit hold no data: fine
    assert egov(["publish", str(path), "--year", "2020", "--dry-run"]) == 0
    note = write_sheet(rows + blank + [["Ghi chú: số liệu chính thức", "", "", "", ""]])
    assert egov(["publish", str(note), "--year", "2020", "--dry-run"]) == 1
    assert "--max-rows" in capsys.readouterr().err
    assert egov(["publish", str(note), "--year", "2020", "--dry-run",
                 "--max-rows", "3000"]) == 0


def test_cli_max_mb_raises_the_size_limit(db_path, write_sheet, capsys):
    padding = [[" " * 100, "", "", "", ""]] * 63_000  # 6.5 MB of spaces: blank cells
    path = write_sheet(rows_2020() + padding)
    assert egov(["publish", str(path), "--year", "2020", "--dry-run"]) == 1
    assert "tệp nặng 6,4 MB, vượt giới hạn 5 MB" in capsys.readouterr().err
    assert egov(["publish", str(path), "--year", "2020", "--dry-run", "--max-mb", "7"]) == 0


@pytest.mark.parametrize("value", ["0", "-3", "abc", "inf"])
def test_cli_limit_flags_must_be_positive_numbers(value, capsys):
    with pytest.raises(SystemExit) as exited:
        egov(["publish", "x.csv", "--year", "2020", "--max-rows", value])
    assert exited.value.code == 2
    assert f"«{value}»" in capsys.readouterr().err


# ---------------------------------------------------------------- long fault lists

def many_problems(count: int) -> DataFileError:
    return DataFileError([DataFileProblem("kq.csv", row, "Đơn vị", "thiếu tên đơn vị")
                          for row in range(2, count + 2)])


def test_report_shows_the_first_30_faults_then_how_many_more():
    lines = render_problems(many_problems(100)).splitlines()
    assert lines[0] == "Không công bố: tệp có 100 lỗi, chưa ghi gì vào cơ sở dữ liệu."
    assert lines[1:31] == [f"  - kq.csv, dòng {row}, cột «Đơn vị»: thiếu tên đơn vị"
                           for row in range(2, 32)]
    assert lines[31:] == ["  … và 70 lỗi khác (chạy lại với --all-errors để xem hết)."]
    assert len(render_problems(many_problems(30)).splitlines()) == 31
    assert len(render_problems(many_problems(100), limit=None).splitlines()) == 101


def test_cli_prints_every_fault_only_with_all_errors(db_path, tmp_path, capsys):
    path = tmp_path / "ket_qua_2020.csv"
    unknown = [f"Đơn vị lạ số {i},1,1,1,1" for i in range(60)]
    path.write_text("\n".join(["Đơn vị,Chỉ số HTKT,Chỉ số UD,Chỉ số HTNL,Chỉ số CS&ĐT",
                               *unknown]) + "\n", encoding="utf-8")
    assert egov(["publish", str(path), "--year", "2020"]) == 1
    short = capsys.readouterr().err.splitlines()
    assert egov(["publish", str(path), "--year", "2020", "--all-errors"]) == 1
    full = capsys.readouterr().err.splitlines()
    total = 60 + 29  # 60 unknown names, and every one of the 29 units is missing
    head = f"Không công bố: tệp có {total} lỗi, chưa ghi gì vào cơ sở dữ liệu."
    assert short[0] == full[0] == head
    assert short[-1] == f"  … và {total - 30} lỗi khác (chạy lại với --all-errors để xem hết)."
    assert len(short) == 32
    assert len(full) == total + 1
    assert full[1:31] == short[1:31]
