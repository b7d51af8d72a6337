"""One year's full table as an official's spreadsheet: CSV or XLSX, laid out like the report.

The layout is the report's: a title, two header rows ("Xếp hạng" spanning one column per
year), then each group under its section heading and, in scored years, each level under its
own heading. `scoring.table` reads exactly this back (`egov publish … --replace` re-imports an
export unchanged), so exports and imports cannot drift apart: a test holds them together.
Rows are built purely from a snapshot; bytes are made without touching the disk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from storage.snapshot import Snapshot

from .models import SUBINDEX_MAXIMA, TOTAL_MAX, Group, Level, SubIndex
from .wording import LEVEL_HEADINGS, LEVEL_NAMES, SECTIONS

ExportFormat = Literal["csv", "xlsx"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx")
Cell = str | float | int | None
RowKind = Literal["title", "header", "years", "section", "level", "unit"]
HISTORY_YEARS = 3  # the report prints the ranks of the last three years

TITLE = "Chỉ số DienBien e-Gov index {year}"
SUBINDEX_HEADERS = {
    SubIndex.HTKT: "Chỉ số HTKT",
    SubIndex.UD: "Chỉ số UD",
    SubIndex.HTNL: "Chỉ số HTNL",
    SubIndex.CSDT: "Chỉ số CS&ĐT",
}
ORDINAL_HEADER = "STT"
UNIT_HEADER = "Đơn vị"
TOTAL_HEADER = "Tổng điểm"
LEVEL_HEADER = "Mức"
RANK_HEADER = "Xếp hạng"


@dataclass(frozen=True)
class ExportRow:
    """One line of the sheet; `kind` tells the XLSX writer how to style it."""

    kind: RowKind
    cells: tuple[Cell, ...]


def rank_years(snapshot: Snapshot, year: int) -> list[int]:
    """`year` and the years before it that have results, newest first, at most three."""
    return [y for y in snapshot.years if y <= year][-HISTORY_YEARS:][::-1]


def export_rows(snapshot: Snapshot, year: int) -> list[ExportRow]:
    """The year's table as sheet rows: numbers stay numbers, blanks are None.

    Raises KeyError when `year` has no results (callers say so politely first).
    """
    if year not in snapshot.years:
        raise KeyError(year)
    scored = year in snapshot.scored_years
    years = rank_years(snapshot, year)
    header: list[Cell] = [ORDINAL_HEADER, UNIT_HEADER]
    if scored:
        header += [_with_maximum(SUBINDEX_HEADERS[s], SUBINDEX_MAXIMA[s]) for s in SubIndex]
        header += [_with_maximum(TOTAL_HEADER, TOTAL_MAX), LEVEL_HEADER]
    width = len(header) + len(years)
    header += [RANK_HEADER] + [None] * (len(years) - 1)
    under = [None] * (width - len(years)) + [str(y) for y in years]

    rows = [
        ExportRow("title", _pad([TITLE.format(year=year)], width)),
        ExportRow("header", tuple(header)),
        ExportRow("years", tuple(under)),
    ]
    ordinal = 0
    for group in Group:
        table = snapshot.table(year, group)
        if not table:
            continue
        rows.append(ExportRow("section", _pad([None, SECTIONS[group]], width)))
        level: Level | None = None
        for result in table:
            if result.level is not None and result.level != level:
                level = result.level
                rows.append(ExportRow("level", _pad([None, LEVEL_HEADINGS[level]], width)))
            ordinal += 1
            unit = snapshot.registry.get(result.unit_id)
            cells: list[Cell] = [ordinal, unit.name_in(year)]
            if scored:
                scores = result.scores or {}
                cells += [scores.get(s) for s in SubIndex]
                cells += [result.total, LEVEL_NAMES[result.level] if result.level else None]
            for past_year in years:
                past = snapshot.result(result.unit_id, past_year)
                cells.append(past.rank if past is not None else None)
            rows.append(ExportRow("unit", tuple(cells)))
    return rows


def _with_maximum(label: str, maximum: float) -> str:
    return f"{label} (tối đa {maximum:g})"


def _pad(cells: Sequence[Cell], width: int) -> tuple[Cell, ...]:
    return (*cells, *([None] * (width - len(cells))))


# ---------------------------------------------------------------- bytes

def _csv_cell(value: Cell) -> str:
    """Scores with the decimal comma Vietnamese Excel expects; blanks as empty cells."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def to_csv(rows: Sequence[ExportRow]) -> bytes:
    """UTF-8 with BOM, ";"-separated, decimal comma: what Excel in Vietnamese opens as is."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(c) for c in row.cells])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Sequence[ExportRow], *, sheet_title: str = "") -> bytes:
    """A one-sheet workbook: numbers as numbers (one decimal), headers merged as in the report."""
    from openpyxl import Workbook  # imported here: only spreadsheets need it
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title or "e-Gov index"
    bold, italic = Font(bold=True), Font(italic=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_row = years_row = 0
    for number, row in enumerate(rows, start=1):
        sheet.append(list(row.cells))
        if row.kind == "header":
            header_row = number
        elif row.kind == "years":
            years_row = number
        # sheet.cell, not sheet[number]: the latter rescans the whole sheet on every call
        for column in range(1, len(row.cells) + 1):
            cell = sheet.cell(number, column)
            if row.kind in ("title", "header", "years", "section"):
                cell.font = bold
            elif row.kind == "level":
                cell.font = italic
            if row.kind in ("header", "years"):
                cell.alignment = centre
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
    if header_row and years_row:
        _merge_headers(sheet, rows[header_row - 1].cells, header_row, years_row)
        sheet.freeze_panes = sheet.cell(years_row + 1, 3)
    width = max(len(row.cells) for row in rows)
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 42
    for column in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _merge_headers(sheet, header: Sequence[Cell], top: int, bottom: int) -> None:
    """Each header spans both header rows, and "Xếp hạng" spans its year columns."""
    rank_column = header.index(RANK_HEADER) + 1
    for column in range(1, rank_column):
        sheet.merge_cells(start_row=top, end_row=bottom, start_column=column, end_column=column)
    if len(header) > rank_column:
        sheet.merge_cells(start_row=top, end_row=top, start_column=rank_column,
                          end_column=len(header))


def export_bytes(snapshot: Snapshot, year: int, fmt: ExportFormat) -> bytes:
    """The year's table as a CSV or XLSX file's bytes."""
    rows = export_rows(snapshot, year)
    return to_csv(rows) if fmt == "csv" else to_xlsx(rows, sheet_title=str(year))


def export_filename(year: int, fmt: ExportFormat) -> str:
    return f"chi-so-egov-{year}.{fmt}"
