"""Turn a sheet of text cells into one year's validated results table.

Headers are recognised the way officials write them ("Đơn vị", "Chỉ số HTKT", "Chỉ số CS&ĐT",
"Tổng điểm", "Xếp hạng 2018", …), numbers in either decimal notation. Every problem in the
file is collected, each naming file, row and column, before anything is raised.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import DataFileError, DataFileProblem
from .models import SUBINDEX_MAXIMA, TOTAL_MAX, Level, SubIndex
from .names import AmbiguousUnit, UnitResolver, UnknownUnit
from .registry import UnitRegistry
from .sheets import Sheet
from .vietnamese import name_key

_HEADER_SCAN_ROWS = 15
MAX_RANK = 10_000  # a province ranks a few dozen units
_YEAR_IN_HEADER = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


class Column(StrEnum):
    UNIT = "unit"
    ORDINAL = "stt"
    TOTAL = "total"
    RANK = "rank"
    LEVEL = "level"
    GROUP = "group"
    HTKT = SubIndex.HTKT.value
    UD = SubIndex.UD.value
    HTNL = SubIndex.HTNL.value
    CSDT = SubIndex.CSDT.value


_SUBINDEX_COLUMNS = (Column.HTKT, Column.UD, Column.HTNL, Column.CSDT)
COLUMN_LABELS = {
    Column.UNIT: "Đơn vị",
    Column.HTKT: "Chỉ số HTKT",
    Column.UD: "Chỉ số UD",
    Column.HTNL: "Chỉ số HTNL",
    Column.CSDT: "Chỉ số CS&ĐT",
    Column.TOTAL: "Tổng điểm",
    Column.RANK: "Xếp hạng",
}


def classify_header(header: str) -> Column | None:
    """Which field a header names, from the words officials use; None if not ours."""
    compact = name_key(header).replace(" ", "")
    if not compact:
        return None
    rules: tuple[tuple[Column, bool], ...] = (
        (Column.ORDINAL, compact in {"stt", "tt", "sothutu"}),
        (Column.TOTAL, compact.startswith("tong") or "tongdiem" in compact),
        (Column.RANK, "xephang" in compact or compact in {"hang", "thuhang"}),
        (Column.HTKT, "htkt" in compact or "hatang" in compact),
        (Column.HTNL, "htnl" in compact or "nhanluc" in compact),
        (Column.CSDT, "csvadt" in compact or "csdt" in compact or "chinhsach" in compact),
        (Column.UD, "chisoud" in compact or compact.startswith("ud") or "ungdung" in compact),
        (Column.LEVEL, compact.startswith(("muc", "xeploai"))),
        (Column.UNIT, "donvi" in compact or "coquan" in compact or compact == "ten"),
        (Column.GROUP, compact.startswith(("khoi", "nhom"))),
    )
    return next((column for column, matched in rules if matched), None)


@dataclass(frozen=True)
class TableRow:
    """One unit's published figures for the table's year (None where not published)."""

    line: int
    unit_id: str
    scores: dict[SubIndex, float] | None
    total: float | None
    rank: int | None
    level: Level | None = None
    ranks_by_year: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class YearTable:
    """A validated table: every registered unit of the year exactly once."""

    path: str
    year: int
    rows: list[TableRow]
    has_scores: bool
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    header_line: int
    columns: dict[int, tuple[Column, int | None]]  # cell index → (field, year or None)
    headers: dict[int, str]
    ignored: list[str]
    data_start: int  # index into sheet.rows of the first data row


def parse_score(text: str, maximum: float) -> float:
    """A score as printed: "25.0", "25,0" or "25"; within 0..maximum. ValueError says why."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise ValueError("ô trống, cần một số điểm")
    if "," in cleaned and "." in cleaned:
        raise ValueError(f"«{text}» không phải là số hợp lệ")
    try:
        value = float(cleaned.replace(",", "."))
    except ValueError:
        raise ValueError(f"«{text}» không phải là số") from None
    if not math.isfinite(value):
        raise ValueError(f"«{text}» không phải là số")
    if value < 0:
        raise ValueError(f"điểm {text} âm, điểm phải từ 0 trở lên")
    if value > maximum:
        raise ValueError(f"điểm {text} vượt quá điểm tối đa {maximum:g}")
    return value


def parse_rank(text: str) -> int:
    """A published rank: a whole number ≥ 1 ("3" or, from Excel, "3.0")."""
    cleaned = text.strip()
    try:
        value = float(cleaned.replace(",", "."))
    except ValueError:
        raise ValueError(f"«{text}» không phải là thứ hạng (số nguyên dương)") from None
    if not value.is_integer() or value < 1:
        raise ValueError(f"«{text}» không phải là thứ hạng (số nguyên dương)")
    if value > MAX_RANK:  # 1e30 is a whole number, but no SQLite integer
        raise ValueError(f"thứ hạng «{text}» quá lớn (tối đa {MAX_RANK})")
    return int(value)


def parse_level(text: str) -> Level:
    key = name_key(text).removeprefix("muc ").removeprefix("do ").strip()
    levels = {"kha": Level.KHA, "trung binh": Level.TRUNG_BINH, "thap": Level.THAP}
    if key not in levels:
        raise ValueError(f"«{text}» không phải là mức (khá, trung bình, thấp)")
    return levels[key]


def _find_layout(sheet: Sheet, year: int) -> _Layout:
    for index, (line, cells) in enumerate(sheet.rows[:_HEADER_SCAN_ROWS]):
        kinds = {i: classify_header(cell) for i, cell in enumerate(cells)}
        if Column.UNIT not in kinds.values():
            continue
        headers = dict(enumerate(cells))
        data_start = index + 1
        # A second header row of years under a spanning "Xếp hạng" (the report's layout).
        if data_start < len(sheet.rows):
            sub = sheet.rows[data_start][1]
            filled = [c for c in sub if c]
            if filled and all(_YEAR_IN_HEADER.fullmatch(c) for c in filled):
                for i, cell in enumerate(sub):
                    if cell and kinds.get(i) in (Column.RANK, None):
                        kinds[i] = Column.RANK
                        headers[i] = f"{headers.get(i) or 'Xếp hạng'} {cell}".strip()
                data_start += 1
        columns: dict[int, tuple[Column, int | None]] = {}
        ignored: list[str] = []
        for i, kind in kinds.items():
            if kind is None:
                if headers.get(i):
                    ignored.append(headers[i])
                continue
            found = _YEAR_IN_HEADER.search(headers[i]) if kind is Column.RANK else None
            columns[i] = (kind, int(found.group()) if found else None)
        return _Layout(line, columns, headers, ignored, data_start)
    raise DataFileError.single(
        sheet.path, 1, "Đơn vị",
        "không tìm thấy dòng tiêu đề có cột «Đơn vị» (tên cơ quan, đơn vị)",
    )


def _check_columns(sheet: Sheet, layout: _Layout, year: int, require_scores: bool) -> None:
    problems: list[DataFileProblem] = []
    seen: dict[tuple[Column, int | None], str] = {}
    for i, (kind, col_year) in layout.columns.items():
        key = (kind, year if kind is Column.RANK and col_year is None else col_year)
        if kind in (Column.ORDINAL, Column.GROUP):
            continue
        if key in seen:
            problems.append(DataFileProblem(
                sheet.path, layout.header_line, layout.headers[i],
                f"cột trùng với cột «{seen[key]}»"))
        seen[key] = layout.headers[i]
    present = {kind for kind, _ in layout.columns.values()}
    has_any_score = any(c in present for c in _SUBINDEX_COLUMNS)
    if require_scores or has_any_score:
        for column in _SUBINDEX_COLUMNS:
            if column not in present:
                problems.append(DataFileProblem(
                    sheet.path, layout.header_line, COLUMN_LABELS[column], "thiếu cột"))
    elif not any(k is Column.RANK and y in (None, year) for k, y in layout.columns.values()):
        problems.append(DataFileProblem(
            sheet.path, layout.header_line, COLUMN_LABELS[Column.RANK],
            "thiếu cột (tệp không có điểm thì phải có xếp hạng)"))
    if problems:
        raise DataFileError(problems)


def _is_column_numbering(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 3 or not all(c.isdigit() for c in filled):
        return False
    first = int(filled[0])
    return [int(c) for c in filled] == list(range(first, first + len(filled)))


def parse_year_table(
    sheet: Sheet,
    registry: UnitRegistry,
    year: int,
    *,
    require_scores: bool = True,
    resolver: UnitResolver | None = None,
) -> YearTable:
    """Validate `sheet` as the results of `year`; raise DataFileError listing every fault.

    Args:
        require_scores: False only for years where the report publishes ranks alone.
        resolver: the registry's name index, when the caller parses several years.
    """
    layout = _find_layout(sheet, year)
    _check_columns(sheet, layout, year, require_scores)
    resolver = resolver or UnitResolver(registry)
    unit_col = next(i for i, (k, _) in layout.columns.items() if k is Column.UNIT)
    has_scores = any(k in _SUBINDEX_COLUMNS for k, _ in layout.columns.values())
    problems: list[DataFileProblem] = []
    rows: list[TableRow] = []
    first_line: dict[str, int] = {}

    def problem(line: int, index: int, message: str) -> None:
        problems.append(DataFileProblem(sheet.path, line, layout.headers[index], message))

    for line, cells in sheet.rows[layout.data_start:]:
        def cell(i: int, cells: list[str] = cells) -> str:
            return cells[i].strip() if i < len(cells) else ""

        name = cell(unit_col)
        values = {i: cell(i) for i, (k, _) in layout.columns.items()
                  if k not in (Column.UNIT, Column.ORDINAL, Column.GROUP)}
        if not name and not any(values.values()):
            continue  # blank line
        if _is_column_numbering(cells):
            continue  # the report's column-number row: 1 2 3 4 …
        if not name:
            problem(line, unit_col, "thiếu tên đơn vị")
            continue
        try:
            unit_id = resolver.resolve(name)
        except UnknownUnit as exc:
            if not any(values.values()):
                continue  # a section heading such as "I. Khối các sở, ban, ngành tỉnh"
            hint = f"; có phải: {', '.join(exc.suggestions)}?" if exc.suggestions else ""
            problem(line, unit_col, f"không có đơn vị «{name}» trong danh mục{hint}")
            continue
        except AmbiguousUnit as exc:
            problem(line, unit_col,
                    f"«{name}» có thể là nhiều đơn vị: {', '.join(exc.candidates)}")
            continue
        unit = registry.get(unit_id)
        if not unit.exists_in(year):
            problem(line, unit_col, f"đơn vị «{unit.name}» không còn/chưa có trong năm {year}")
            continue
        if unit_id in first_line:
            problem(line, unit_col,
                    f"đơn vị «{unit.name}» trùng với dòng {first_line[unit_id]}")
            continue
        first_line[unit_id] = line
        row, row_problems = _parse_row(line, unit_id, cells, layout, year, has_scores)
        problems.extend(DataFileProblem(sheet.path, line, layout.headers[i], m)
                        for i, m in row_problems)
        if row is not None:
            rows.append(row)

    for unit in registry.existing_in(year):
        if unit.id not in first_line:
            problems.append(DataFileProblem(
                sheet.path, 0, layout.headers[unit_col],
                f"thiếu đơn vị «{unit.name}» (không có dòng nào)"))
    if problems:
        raise DataFileError(problems)
    return YearTable(sheet.path, year, rows, has_scores, layout.ignored)


def _parse_row(
    line: int, unit_id: str, cells: list[str], layout: _Layout, year: int, has_scores: bool
) -> tuple[TableRow | None, list[tuple[int, str]]]:
    problems: list[tuple[int, str]] = []
    scores: dict[SubIndex, float] = {}
    total = rank = level = None
    ranks_by_year: dict[int, int] = {}
    for i, (kind, col_year) in layout.columns.items():
        text = cells[i].strip() if i < len(cells) else ""
        try:
            if kind in _SUBINDEX_COLUMNS:
                sub = SubIndex(kind.value)
                scores[sub] = parse_score(text, SUBINDEX_MAXIMA[sub])
            elif kind is Column.TOTAL and (text or has_scores):
                total = parse_score(text, TOTAL_MAX)
            elif kind is Column.RANK and text:
                value = parse_rank(text)
                if col_year in (None, year):
                    rank = value
                else:
                    ranks_by_year[col_year] = value
            elif kind is Column.RANK and col_year in (None, year) and not has_scores:
                raise ValueError("ô trống, cần thứ hạng")
            elif kind is Column.LEVEL and text:
                level = parse_level(text)
        except ValueError as exc:
            problems.append((i, str(exc)))
    if problems:
        return None, problems
    return TableRow(
        line=line,
        unit_id=unit_id,
        scores=scores if has_scores else None,
        total=total,
        rank=rank,
        level=level,
        ranks_by_year=ranks_by_year,
    ), []
