"""Read an official's spreadsheet (CSV or .xlsx) into text cells with editor line numbers.

Officials export from Excel: UTF-8 with or without BOM, comma or semicolon separated, or a
workbook. This module only turns the file into rows of strings; what the cells mean is
`scoring.table`'s job. Every failure names the file and, where there is one, the row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import DataFileError

_DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Sheet:
    """A file's rows as text, each with the line number an editor (or Excel) shows."""

    path: str
    rows: list[tuple[int, list[str]]]


def read_sheet(path: str | Path) -> Sheet:
    """Read a .csv or .xlsx file; raise DataFileError for an unreadable or empty one."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError.single(path, 0, "", "không tìm thấy tệp")
    sheet = _read_xlsx(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _read_csv(path)
    if not any(any(cell.strip() for cell in cells) for _, cells in sheet.rows):
        raise DataFileError.single(path, 0, "", "tệp trống, không có dòng dữ liệu nào")
    return sheet


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


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFileError.single(
            path, 0, "", "tệp không phải là văn bản CSV (hãy gửi tệp .csv hoặc .xlsx)")
    text = _decode(path, raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for cells in reader:
            rows.append((start, [cell.strip() for cell in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataFileError.single(path, reader.line_num, "", f"dòng CSV hỏng: {exc}") from exc
    return Sheet(str(path), rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value).strip()


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook  # imported here: only spreadsheets need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataFileError.single(path, 0, "", f"không đọc được tệp Excel: {exc}") from exc
    try:
        worksheet = workbook.worksheets[0]
        rows = [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    return Sheet(str(path), rows)
