"""Read an official's spreadsheet (CSV or .xlsx) into text cells with editor line numbers.

Officials export from Excel: UTF-8 with or without BOM, comma or semicolon separated, or a
workbook. This module only turns the file into rows of strings; what the cells mean is
`scoring.table`'s job. Every failure names the file and, where there is one, the row.
Reading stays within `scoring.limits` (size, rows, columns, cell length), so a hostile file
costs no more than a large honest one.
"""

from __future__ import annotations

import csv
import io
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import DataFileError, DataFileProblem, FileLimitError
from .limits import SheetLimits, current_limits, megabytes

_DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Sheet:
    """A file's rows as text, each with the line number an editor (or Excel) shows."""

    path: str
    rows: list[tuple[int, list[str]]]


def read_sheet(path: str | Path, limits: SheetLimits | None = None) -> Sheet:
    """Read a .csv or .xlsx file; raise DataFileError for an unreadable, empty or too big one.

    Args:
        limits: defaults to the limits in force (`scoring.limits.reading_limits`).
    """
    path = Path(path)
    limits = limits or current_limits()
    _check_file(path, limits)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from .xlsx import read_xlsx_rows

        sheet = Sheet(str(path), read_xlsx_rows(path, limits))
    else:
        sheet = _read_csv(path, limits)
    if not any(any(cell.strip() for cell in cells) for _, cells in sheet.rows):
        raise DataFileError.single(path, 0, "", "tệp trống, không có dòng dữ liệu nào")
    return sheet


def _check_file(path: Path, limits: SheetLimits) -> None:
    """A regular, readable file within the size limit; each other case named plainly."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataFileError.single(path, 0, "", "không tìm thấy tệp") from None
    except OSError as exc:
        raise DataFileError.single(path, 0, "", _os_reason(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise DataFileError.single(path, 0, "", "đây là một thư mục, không phải tệp")
    if not stat.S_ISREG(info.st_mode):
        raise DataFileError.single(
            path, 0, "", "không phải tệp thông thường (có thể là ống dẫn hoặc thiết bị)")
    if info.st_size > limits.max_bytes:
        raise FileLimitError(
            path, 0, "", f"tệp nặng {megabytes(info.st_size)} MB, vượt giới hạn "
            f"{megabytes(limits.max_bytes)} MB", limit="mb")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise DataFileError.single(path, 0, "", _os_reason(exc)) from exc


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "không có quyền đọc tệp (hãy kiểm tra quyền truy cập)"
    return f"không đọc được tệp ({exc.strerror or exc})"


def _decode(path: Path, raw: bytes) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; name the line of a bad byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DataFileError.single(path, 0, "", f"tệp UTF-16 bị hỏng: {exc.reason}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError.single(
            path, line, "",
            "tệp không ở bảng mã UTF-8 (có thể là Windows-1258 hoặc TCVN3); "
            "hãy lưu lại từ Excel dưới dạng «CSV UTF-8»",
        ) from exc


def _sniff_delimiter(text: str) -> str:
    """Pick the separator that splits the first non-empty line into the most cells."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(_DELIMITERS, key=first.count)


def _read_csv(path: Path, limits: SheetLimits) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileError.single(path, 0, "", _os_reason(exc)) from exc
    if len(raw) > limits.max_bytes:  # the file grew after the size check
        raise FileLimitError(path, 0, "", f"tệp vượt giới hạn {megabytes(limits.max_bytes)} MB",
                             limit="mb")
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFileError.single(
            path, 0, "", "tệp không phải là văn bản CSV (hãy gửi tệp .csv hoặc .xlsx)")
    text = _decode(path, raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    problems: list[DataFileProblem] = []
    try:
        start = 1
        for cells in reader:
            row = [cell.strip() for cell in cells]
            if any(row):
                _check_csv_row(path, start, row, limits, problems)
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataFileError.single(path, reader.line_num, "", f"dòng CSV hỏng: {exc}") from exc
    if problems:
        raise DataFileError(problems)
    return Sheet(str(path), rows)


def _check_csv_row(path: Path, line: int, row: list[str], limits: SheetLimits,
                   problems: list[DataFileProblem]) -> None:
    """Stop at a row or column past the limit; note each cell that is too long."""
    if line > limits.max_rows:
        raise FileLimitError(path, line, "", f"có dữ liệu ở dòng {line}, vượt giới hạn "
                             f"{limits.max_rows} dòng", limit="rows")
    last = max(i for i, cell in enumerate(row, start=1) if cell)
    if last > limits.max_columns:
        raise FileLimitError(path, line, "", f"có dữ liệu ở cột thứ {last}, vượt giới hạn "
                             f"{limits.max_columns} cột", limit="columns")
    for i, cell in enumerate(row):
        if len(cell) > limits.max_cell_chars:
            problems.append(DataFileProblem(
                str(path), line, str(i + 1),
                f"ô dài {len(cell)} ký tự, vượt giới hạn {limits.max_cell_chars}"))
            row[i] = cell[: limits.max_cell_chars]
