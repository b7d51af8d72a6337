"""Read one worksheet of an .xlsx within limits: the sheet an official sees, its rows as text.

Three dangers shape this module. A zip bomb: the archive's declared sizes are checked before
anything is unzipped, and Python's zipfile never yields more than a member declares (a member
that lies fails its CRC check, refused as a damaged file). A huge sheet: rows are streamed
and reading stops at the first row or column past the limit, so a million rows cost no more
than the limit. Hidden things: the active sheet is read (or the only visible one), never a
hidden one, and a hidden row holding data is a fault naming the row.

openpyxl's read-only worksheet hides the rows' `hidden` flag (and sizes every sheet by
scanning it), so this module uses openpyxl's reader for the workbook, shared strings and
styles, and its cell decoder over the chosen sheet's XML, driven here so that the limits
apply while parsing.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from .errors import DataFileError, DataFileProblem, FileLimitError
from .limits import SheetLimits, megabytes

MAX_MEMBERS = 1_000  # a workbook has a few dozen parts; thousands means something is wrong
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _SHEET_DATA = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}sheetData"


def check_archive(path: Path, limits: SheetLimits) -> None:
    """Refuse a file that is not a zip, or whose members would unzip past the limit."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise DataFileError.single(
            path, 0, "", "không phải tệp Excel .xlsx hợp lệ (tệp nén bị hỏng)") from exc
    if len(members) > MAX_MEMBERS:
        raise DataFileError.single(path, 0, "", f"tệp Excel có {len(members)} thành phần, "
                                   f"vượt giới hạn {MAX_MEMBERS} (tệp hỏng?)")
    unzipped = sum(member.file_size for member in members)
    if unzipped > limits.max_unzipped_bytes:
        raise FileLimitError(
            path, 0, "",
            f"nội dung tệp Excel khi giải nén là {megabytes(unzipped)} MB, vượt giới hạn "
            f"{megabytes(limits.max_unzipped_bytes)} MB (tệp hỏng hoặc là «bom zip»)",
            limit="mb")


def read_xlsx_rows(path: Path, limits: SheetLimits) -> list[tuple[int, list[str]]]:
    """The rows of the sheet to publish, as text, each with its Excel row number."""
    check_archive(path, limits)
    reader = _open_workbook(path)
    try:
        name, target = _sheet_to_read(path, reader)
        try:
            with reader.archive.open(target) as source:
                return _rows(path, reader, source, limits)
        except DataFileError:
            raise
        except Exception as exc:  # bad XML, a lying zip member (CRC), a bad string index
            raise DataFileError.single(
                path, 0, "", f"tệp Excel bị hỏng, không đọc được trang «{name}»") from exc
    finally:
        reader.archive.close()


def _open_workbook(path: Path) -> Any:
    """openpyxl's reader with the workbook, shared strings and styles read, but no sheet.

    `load_workbook(read_only=True)` would scan every sheet to size it when the sheet does not
    declare its dimension: a hostile sheet costs that whole scan before any limit applies.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = None
    try:
        reader = ExcelReader(str(path), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        if reader is not None:
            reader.archive.close()
        raise DataFileError.single(
            path, 0, "", "không đọc được tệp Excel: tệp bị hỏng hoặc không phải định dạng "
            ".xlsx (hãy mở bằng Excel và lưu lại)") from exc
    return reader


def _sheet_to_read(path: Path, reader: Any) -> tuple[str, str]:
    """The active sheet if it is visible, else the only visible one; never a hidden sheet.

    Returns the sheet's name and its part in the archive.
    """
    with warnings.catch_warnings():  # an invalid sheet entry is skipped, with a warning
        warnings.simplefilter("ignore")
        found = list(reader.parser.find_sheets())
    sheets = [(index, sheet, rel) for index, (sheet, rel) in enumerate(found)
              if "chartsheet" not in rel.Type and rel.target in reader.valid_files]
    visible = [(index, sheet.name, rel.target) for index, sheet, rel in sheets
               if (sheet.state or "visible") == "visible"]
    if not visible:
        raise DataFileError.single(path, 0, "", "tệp Excel không có trang tính nào đang hiện")
    active = reader.wb._active_sheet_index  # the tab Excel opens on (bookViews activeTab)
    for index, name, target in visible:
        if index == active:
            return name, target
    if len(visible) == 1:
        return visible[0][1:]
    names = ", ".join(f"«{name}»" for _, name, _ in visible)
    raise DataFileError.single(
        path, 0, "", f"tệp Excel có nhiều trang tính ({names}) mà trang đang mở bị ẩn; "
        "hãy mở trang cần công bố rồi lưu lại")


def _rows(path: Path, reader: Any, source: Any,
          limits: SheetLimits) -> list[tuple[int, list[str]]]:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = reader.wb
    rows: list[tuple[int, list[str]]] = []
    problems: list[DataFileProblem] = []
    # openpyxl's own cell decoder (shared strings, numbers, dates, inline strings)
    decoder = WorkSheetParser(source, reader.shared_strings, data_only=True,
                              epoch=workbook.epoch, date_formats=workbook._date_formats,
                              timedelta_formats=workbook._timedelta_formats)
    for element in _row_elements(path, source, limits):
        hidden = element.get("hidden") in ("1", "true")
        with warnings.catch_warnings():  # a date out of range becomes "#VALUE!": fine
            warnings.simplefilter("ignore")
            number, cells = decoder.parse_row(element)
        texts: dict[int, str] = {}
        for cell in cells:
            text = _cell_text(cell["value"])
            if not text:
                continue
            column = cell["column"]
            if column > limits.max_columns:
                raise FileLimitError(
                    path, number, get_column_letter(column),
                    f"có dữ liệu ở cột thứ {column}, vượt giới hạn "
                    f"{limits.max_columns} cột", limit="columns")
            if len(text) > limits.max_cell_chars:
                problems.append(DataFileProblem(
                    str(path), number, get_column_letter(column),
                    f"ô dài {len(text)} ký tự, vượt giới hạn {limits.max_cell_chars}"))
                text = text[: limits.max_cell_chars]
            texts[column] = text
        if not texts:
            continue  # an empty (perhaps only formatted) row: nothing to read or hide
        if number > limits.max_rows:
            raise FileLimitError(
                path, number, "", f"có dữ liệu ở dòng {number}, vượt giới hạn "
                f"{limits.max_rows} dòng", limit="rows")
        if hidden:
            problems.append(DataFileProblem(
                str(path), number, "",
                "dòng này đang bị ẩn trong Excel; hãy bỏ ẩn (Unhide) để kiểm tra, "
                "hoặc xoá dòng nếu không cần, rồi gửi lại"))
        width = max(texts)
        rows.append((number, [texts.get(c, "") for c in range(1, width + 1)]))
    if problems:
        raise DataFileError(problems)
    return rows


def _row_elements(path: Path, source: Any, limits: SheetLimits) -> Iterator[Any]:
    """Each <row> element once parsed, never holding more than one row in memory.

    Cells are counted as they open, so a single row of a million cells is refused before
    it is built.
    """
    sheet_data = None
    cells = row = 0
    try:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == _CELL:
                    cells += 1
                    if cells > limits.max_columns * 4:  # room for empty, styled cells
                        raise FileLimitError(
                            path, row, "", f"dòng có hơn {limits.max_columns * 4} ô, "
                            f"vượt giới hạn {limits.max_columns} cột", limit="columns")
                elif element.tag == _ROW:
                    number = element.get("r", "")
                    cells, row = 0, int(number) if number.isdigit() else row + 1
                elif element.tag == _SHEET_DATA:
                    sheet_data = element
                continue
            if element.tag == _ROW:
                yield element
                if sheet_data is not None:
                    sheet_data.remove(element)  # keep memory flat: drop rows already read
    except ParseError as exc:
        raise DataFileError.single(path, 0, "", "tệp Excel bị hỏng (XML không hợp lệ)") from exc


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value).strip()
