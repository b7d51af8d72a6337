"""Faults that used to end in a traceback get a plain Vietnamese message and the right exit
status: unreadable files, absurd ranks, a bad EGOV_ADMINS, a closed output pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import EX_CONFIG
from bot.cli import main as egov
from bot.config import ConfigError, Settings, parse_admins
from scoring.errors import DataFileError, DataFileProblem
from scoring.sheets import read_sheet
from tests.conftest import HEADER, REPO, dump, rows_2020


def publish_fails(path: Path, capsys) -> str:
    """Run `egov publish` on `path`; it must fail with status 1. Returns its stderr."""
    assert egov(["publish", str(path), "--year", "2020"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


# ---------------------------------------------------------------- unreadable files

@pytest.mark.parametrize("name", ["ket_qua_2020.csv", "ket_qua_2020.xlsx"])
def test_permission_denied_is_named_not_a_traceback(db_path, write_sheet, monkeypatch,
                                                    capsys, name):
    path = write_sheet(name=name)
    real_open = Path.open

    def denied(self, *args, **kwargs):  # tests run as root: chmod would not stop them
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    before = dump(db_path)
    err = publish_fails(path, capsys)
    assert f"  - {name}: không có quyền đọc tệp (hãy kiểm tra quyền truy cập)" in err
    assert dump(db_path) == before


def test_a_directory_is_not_taken_for_a_missing_file(db_path, tmp_path, capsys):
    folder = tmp_path / "ket_qua_2020.csv"
    folder.mkdir()
    assert "  - ket_qua_2020.csv: đây là một thư mục, không phải tệp" in publish_fails(
        folder, capsys)


def test_a_fifo_is_refused_without_waiting_for_a_writer(db_path, tmp_path, capsys):
    fifo = tmp_path / "ket_qua_2020.csv"
    os.mkfifo(fifo)
    err = publish_fails(fifo, capsys)
    assert ("  - ket_qua_2020.csv: không phải tệp thông thường "
            "(có thể là ống dẫn hoặc thiết bị)") in err


def test_missing_file_is_still_named(tmp_path):
    with pytest.raises(DataFileError) as caught:
        read_sheet(tmp_path / "khong_co.csv")
    assert caught.value.problems == [
        DataFileProblem(str(tmp_path / "khong_co.csv"), 0, "", "không tìm thấy tệp")]


# ---------------------------------------------------------------- absurd numbers

def rows_with_rank(rank: str) -> tuple[list[str], list[list[str]]]:
    rows = [[*row, ""] for row in rows_2020()]
    rows[2][5] = rank
    return [*HEADER, "Xếp hạng"], rows


@pytest.mark.parametrize("rank", ["1e30", "99999999999999999999", "1e308"])
def test_huge_rank_is_a_fault_naming_row_and_column(db_path, write_sheet, capsys, rank):
    header, rows = rows_with_rank(rank)
    path = write_sheet(rows, header)
    before = dump(db_path)
    err = publish_fails(path, capsys)
    assert (f"  - ket_qua_2020.csv, dòng 4, cột «Xếp hạng»: thứ hạng «{rank}» quá lớn "
            "(tối đa 10000)") in err
    assert dump(db_path) == before


# ---------------------------------------------------------------- EGOV_ADMINS

@pytest.mark.parametrize(("text", "expected"), [
    ("12, 34", {12, 34}),
    ("12;34;", {12, 34}),
    ("", set()),
    (" 7 ", {7}),
])
def test_admin_ids_are_read(text, expected):
    assert parse_admins(text) == frozenset(expected)


@pytest.mark.parametrize("bad", ["abc", "-5", "0", "12.5", "@nguyenvana", "١٢", "9" * 40])
def test_garbage_in_admins_names_the_entry(bad):
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"EGOV_ADMINS": f"12, {bad}, 34"})
    assert (caught.value.name, caught.value.value) == ("EGOV_ADMINS", bad)


def test_bot_refuses_to_start_with_bad_admins(monkeypatch, capsys):
    monkeypatch.setenv("EGOV_ADMINS", "12, abc")
    assert egov(["bot"]) == EX_CONFIG == 78
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "Không khởi động bot: biến môi trường EGOV_ADMINS có «abc» không phải mã người dùng "
        "Telegram (một số nguyên dương).",
        "Refusing to start: EGOV_ADMINS entry «abc» is not valid.",
    ]


def test_bot_refuses_to_start_with_a_bad_number_setting(monkeypatch, capsys):
    monkeypatch.setenv("EGOV_MAX_RATE", "nhanh")
    assert egov(["bot"]) == EX_CONFIG
    err = capsys.readouterr().err
    assert err.startswith("Không khởi động bot: cấu hình không hợp lệ (max_rate: ")
    assert "Traceback" not in err


# ---------------------------------------------------------------- a closed pipe

def test_publish_into_a_closed_pipe_exits_quietly(db_path, write_sheet):
    """`egov publish … | head -1`: the reader is gone before the first line is written."""
    path = write_sheet()
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has already left: every write fails with EPIPE
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", "publish", str(path), "--year", "2020",
             "--dry-run"],
            cwd=REPO, stdout=write_end, stderr=subprocess.PIPE, timeout=60, check=False)
    finally:
        os.close(write_end)
    assert result.stderr.decode() == ""
    assert result.returncode == 128 + 13  # as if killed by SIGPIPE, what a shell expects
