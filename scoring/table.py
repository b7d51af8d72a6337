"""Turn a sheet of text cells into one year's validated results table.

Headers are recognised the way officials write them ("Đơn vị", "Tổng điểm", "Xếp hạng 2018",
…); sub-index columns by the label or name the year's edition gives them, with or without
"Chỉ số" and "(Điểm tối đa N)", in any case, with or without diacritics; numbers in either
decimal notation. Every problem in the file is collected, each naming file, row and column,
before anything is raised.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import StrEnum
from operator import le

from .edition import Edition, EditionGroup
from .errors import DataFileError, DataFileProblem
from .names import AmbiguousUnit, UnitResolver, UnknownUnit
from .registry import UnitRegistry
from .sheets import Sheet
from .vietnamese import name_key

_HEADER_SCAN_ROWS = 15
MAX_RANK = 10_000  # a province ranks a few dozen units
_YEAR_IN_HEADER = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_PARENTHESES = re.compile(r"\(([^)]*)\)")
_MAXIMUM_WORDS = re.compile(r"(diem )?(toi da|max)\b")
# "25", "0,2", "0.2", "1.000" / "1 000" (Vietnamese thousands), "1,000.5" is not expected.
_NUMBER = re.compile(r"[0-9]{1,3}(?:[. ][0-9]{3})+(?![0-9])|[0-9]+(?:[.,][0-9]+)?")
_SUPERSCRIPTS = dict.fromkeys(map(ord, "¹²³⁴⁵⁶⁷⁸⁹⁰*"), " ")
# A ranks-only edition for files read without one (exports of ranks-only years).
_NO_SCORES = Edition(year=1990, name="(ranks only)", ranks_only=True,
                     groups=(EditionGroup(key="any", name="any"),))


class Column(StrEnum):
    UNIT = "unit"
    ORDINAL = "stt"
    TOTAL = "total"
    RANK = "rank"
    LEVEL = "level"
    GROUP = "group"
    SUBINDEX = "subindex"


COLUMN_LABELS = {
    Column.UNIT: "Đơn vị",
    Column.TOTAL: "Tổng điểm",
    Column.RANK: "Xếp hạng",
}


def _header_text(header: str) -> tuple[str, float | None]:
    """A header's folded words, without footnote marks and "(Điểm tối đa N)", and that N."""
    raw = _fold_marks(header)
    for written in _PARENTHESES.finditer(raw):
        if _MAXIMUM_WORDS.match(name_key(written.group(1))):
            found = _NUMBER.search(written.group(1))
            maximum = _number(found.group()) if found else None
            return name_key(raw[:written.start()] + " " + raw[written.end():]), maximum
    return name_key(raw), None


def _number(text: str) -> float:
    """"1.000" and "1 000" are a thousand (Vietnamese grouping); "0,2" and "0.2" a fifth."""
    if re.fullmatch(r"[0-9]{1,3}(?:[. ][0-9]{3})+", text):
        return float(text.replace(".", "").replace(" ", ""))
    return float(text.replace(",", "."))


def _fold_marks(header: str) -> str:
    """Footnote marks ("Chỉ số HTKT ¹") are not part of a header's words."""
    return header.translate(_SUPERSCRIPTS)


def _compact(words: str) -> str:
    return words.removeprefix("chi so ").replace(" ", "")


def subindex_spellings(edition: Edition) -> dict[str, str]:
    """Compact header spelling → sub-index key: label or name, with or without "Chỉ số",
    any case, with or without diacritics (plus the edition's optional `words`)."""
    spellings: dict[str, str] = {}
    for sub in edition.subindices:
        extra = getattr(sub, "words", None) or []
        for text in (sub.label, sub.name, *extra):
            spellings.setdefault(_compact(name_key(_fold_marks(text))), sub.key)
    return spellings


def classify_header(
    header: str, edition: Edition | None = None
) -> tuple[Column, str | None] | None:
    """Which field a header names (and which sub-index), from the words officials use."""
    words, _ = _header_text(header)
    compact = words.replace(" ", "")
    if not compact:
        return None
    if edition is not None:
        key = subindex_spellings(edition).get(_compact(words))
        if key is not None:
            return Column.SUBINDEX, key
    rules: tuple[tuple[Column, bool], ...] = (
        (Column.ORDINAL, compact in {"stt", "tt", "sothutu"}),
        (Column.TOTAL, compact.startswith("tong") or "tongdiem" in compact),
        (Column.RANK, "xephang" in compact or compact in {"hang", "thuhang"}),
        (Column.LEVEL, compact.startswith(("muc", "xeploai"))),
        (Column.UNIT, "donvi" in compact or "coquan" in compact or compact == "ten"),
        (Column.GROUP, compact.startswith(("khoi", "nhom"))),
    )
    return next(((column, None) for column, matched in rules if matched), None)


def looks_like_subindex(header: str) -> bool:
    """A header that names some index ("Chỉ số …", "… (Điểm tối đa N)") we do not know."""
    words, maximum = _header_text(header)
    return words.startswith("chi so") or maximum is not None


@dataclass(frozen=True)
class TableRow:
    """One unit's published figures for the table's year (None where not published).

    `scores` is keyed by the edition's sub-index keys in edition order; `level` is a band key.
    """

    line: int
    unit_id: str
    scores: dict[str, float] | None
    total: float | None
    rank: int | None
    level: str | None = None
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
    # cell index → (field, detail): the year of a rank column, the key of a sub-index column
    columns: dict[int, tuple[Column, int | str | None]]
    headers: dict[int, str]
    ignored: list[str]
    data_start: int  # index into sheet.rows of the first data row
    maxima: dict[int, float] = field(default_factory=dict)  # maxima written in headers


def parse_score(text: str, maximum: float) -> float:
    """A score as printed: "25.0", "25,0" or "25"; within 0..maximum. ValueError says why."""
    try:  # the common case, "25.0": one C call
        value = float(text)
    except ValueError:
        pass
    else:
        if 0 <= value <= maximum and math.isfinite(value):
            return value
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


def parse_level(text: str, edition: Edition) -> str:
    """A band written by name or key ("Mức khá", "KHÁ", "trung_binh"): its key."""
    key = name_key(text).removeprefix("muc ").removeprefix("do ").strip()
    for band in edition.levels:
        if key in (name_key(band.name), name_key(band.key.replace("_", " "))):
            return band.key
    names = ", ".join(band.name for band in edition.levels) or "không có mức nào"
    raise ValueError(f"«{text}» không phải là mức của ấn bản năm {edition.year} ({names})")


def _find_layout(sheet: Sheet, year: int, edition: Edition) -> _Layout:
    for index, (line, cells) in enumerate(sheet.rows[:_HEADER_SCAN_ROWS]):
        kinds = {i: classify_header(cell, edition) for i, cell in enumerate(cells)}
        if (Column.UNIT, None) not in kinds.values():
            continue
        headers = dict(enumerate(cells))
        data_start = index + 1
        # A second header row of years under a spanning "Xếp hạng" (the report's layout).
        if data_start < len(sheet.rows):
            sub = sheet.rows[data_start][1]
            filled = [c for c in sub if c]
            if filled and all(_YEAR_IN_HEADER.fullmatch(c) for c in filled):
                for i, cell in enumerate(sub):
                    here = kinds.get(i)
                    if cell and (here is None or here[0] is Column.RANK):
                        kinds[i] = (Column.RANK, None)
                        headers[i] = f"{headers.get(i) or 'Xếp hạng'} {cell}".strip()
                data_start += 1
        columns: dict[int, tuple[Column, int | str | None]] = {}
        ignored: list[str] = []
        maxima: dict[int, float] = {}
        for i, kind in kinds.items():
            if kind is None:
                if headers.get(i):
                    ignored.append(headers[i])
                continue
            column, detail = kind
            if column is Column.RANK:
                found = _YEAR_IN_HEADER.search(headers[i])
                columns[i] = (column, int(found.group()) if found else None)
            else:
                columns[i] = (column, detail)
            _, written = _header_text(headers[i])
            if written is not None:
                maxima[i] = written
        return _Layout(line, columns, headers, ignored, data_start, maxima)
    raise DataFileError.single(
        sheet.path, 1, "Đơn vị",
        "không tìm thấy dòng tiêu đề có cột «Đơn vị» (tên cơ quan, đơn vị)",
    )


def _missing_column_name(label: str) -> str:
    return label if name_key(label).startswith("chi so") else f"Chỉ số {label}"


def _check_columns(
    sheet: Sheet, layout: _Layout, year: int, require_scores: bool, edition: Edition
) -> None:
    problems: list[DataFileProblem] = []
    seen: dict[tuple[Column, int | str | None], str] = {}

    def problem(column: str, message: str) -> None:
        problems.append(DataFileProblem(sheet.path, layout.header_line, column, message))

    for i, (kind, detail) in layout.columns.items():
        key = (kind, year if kind is Column.RANK and detail is None else detail)
        if kind in (Column.ORDINAL, Column.GROUP):
            continue
        if key in seen:
            problem(layout.headers[i], f"cột trùng với cột «{seen[key]}»")
        seen[key] = layout.headers[i]
        written = layout.maxima.get(i)
        spec = edition.subindex(str(detail)) if kind is Column.SUBINDEX else None
        expected = (spec.maximum if spec is not None
                    else edition.total_maximum if kind is Column.TOTAL else None)
        if written is not None and expected is not None and not math.isclose(
                written, expected, rel_tol=1e-9):
            problem(layout.headers[i],
                    f"điểm tối đa ghi trong tiêu đề là {written:g}, nhưng ấn bản năm "
                    f"{edition.year} quy định {expected:g}{_EDITION_HINT}")
    present = {detail for kind, detail in layout.columns.values() if kind is Column.SUBINDEX}
    unknown = [layout.headers[i] for i in layout.headers
               if i not in layout.columns and layout.headers[i]
               and looks_like_subindex(layout.headers[i])]
    if require_scores or present or unknown:
        if not edition.has_scores:
            problem("", (f"ấn bản năm {edition.year} chỉ công bố xếp hạng, tệp lại có điểm"
                         if present or unknown else
                         f"thiếu cột điểm: ấn bản năm {edition.year} chỉ công bố xếp hạng")
                    + _EDITION_HINT)
        for sub in edition.subindices:
            if sub.key not in present:
                problem(_missing_column_name(sub.label),
                        f"thiếu cột{_EDITION_HINT if unknown else ''}")
        for header in unknown:
            problem(header, f"cột không thuộc ấn bản năm {edition.year} "
                    f"({', '.join(s.label for s in edition.subindices)}){_EDITION_HINT}")
    elif not any(k is Column.RANK and y in (None, year) for k, y in layout.columns.values()):
        problem(COLUMN_LABELS[Column.RANK], "thiếu cột (tệp không có điểm thì phải có xếp hạng)")
    if problems:
        raise DataFileError(problems)


_EDITION_HINT = ("; nếu năm này dùng bộ chỉ số mới, hãy gửi kèm tệp ấn bản "
                 "(egov publish … --edition TỆP.toml)")


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
    edition: Edition | None = None,
) -> YearTable:
    """Validate `sheet` as the results of `year`; raise DataFileError listing every fault.

    Args:
        require_scores: False only for years where the report publishes ranks alone.
        resolver: the registry's name index, when the caller parses several years.
        edition: the methodology of `year` (its sub-index columns, maxima and bands);
            without one, only ranks are read.
    """
    edition = edition or _NO_SCORES
    layout = _find_layout(sheet, year, edition)
    _check_columns(sheet, layout, year, require_scores, edition)
    resolver = (resolver or UnitResolver(registry)).for_year(year)
    unit_col = next(i for i, (k, _) in layout.columns.items() if k is Column.UNIT)
    has_scores = any(k is Column.SUBINDEX for k, _ in layout.columns.values())
    problems: list[DataFileProblem] = []
    rows: list[TableRow] = []
    first_line: dict[str, int] = {}

    def problem(line: int, index: int, message: str) -> None:
        problems.append(DataFileProblem(sheet.path, line, layout.headers[index], message))

    value_columns = [i for i, (k, _) in layout.columns.items()
                     if k not in (Column.UNIT, Column.ORDINAL, Column.GROUP)]
    plan = _row_plan(layout, edition)

    def has_values(cells: list[str]) -> bool:
        return any(cells[i].strip() for i in value_columns if i < len(cells))

    for line, cells in sheet.rows[layout.data_start:]:
        name = cells[unit_col].strip() if unit_col < len(cells) else ""
        if not name or name.isdigit():
            if not name and not has_values(cells):
                continue  # blank line
            if _is_column_numbering(cells):
                continue  # the report's column-number row: 1 2 3 4 …
            if not name:
                problem(line, unit_col, "thiếu tên đơn vị")
                continue
        try:
            unit_id = resolver.resolve(name)
        except UnknownUnit as exc:
            if not has_values(cells):
                continue  # a section heading such as "I. Khối các sở, ban, ngành tỉnh"
            elsewhen = [u for u in resolver.units_named(name) if not u.exists_in(year)]
            if elsewhen:
                problem(line, unit_col,
                        f"đơn vị «{elsewhen[0].name}» không còn/chưa có trong năm {year}")
                continue
            hint = f"; có phải: {', '.join(exc.suggestions)}?" if exc.suggestions else ""
            problem(line, unit_col, f"không có đơn vị «{name}» trong danh mục{hint}")
            continue
        except AmbiguousUnit as exc:
            problem(line, unit_col,
                    f"«{name}» có thể là nhiều đơn vị: {', '.join(exc.candidates)}")
            continue
        unit = registry.get(unit_id)
        if unit_id in first_line:
            problem(line, unit_col,
                    f"đơn vị «{unit.name}» trùng với dòng {first_line[unit_id]}")
            continue
        first_line[unit_id] = line
        row, row_problems = _parse_row(line, unit_id, cells, plan, year, has_scores, edition)
        if row_problems:
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


# (cell index, kind, detail, maximum): a sub-index column's detail is its key
_PlannedColumn = tuple[int, Column, "int | str | None", float]


@dataclass(frozen=True)
class _RowPlan:
    """How to read a data row, worked out once per file.

    `columns` are the value columns in file order (the unit, ordinal and group columns carry
    no figure). `score_cells` are the sub-index cells in edition order, for the common row
    whose scores all read as plain numbers within their maxima; `rest` are the other value
    columns. A row that misses that path is read column by column, so its faults come out
    in file order as before.
    """

    columns: list[_PlannedColumn]
    rest: list[_PlannedColumn]
    score_keys: tuple[str, ...] = ()
    score_cells: tuple[int, ...] | None = None
    score_maxima: tuple[float, ...] = ()
    score_end: int = 0  # a row this short lacks a score cell


def _row_plan(layout: _Layout, edition: Edition) -> _RowPlan:
    maxima = {s.key: s.maximum for s in edition.subindices}
    columns: list[_PlannedColumn] = []
    cell_of: dict[str, list[int]] = {}
    for i, (kind, detail) in layout.columns.items():
        if kind is Column.SUBINDEX:
            columns.append((i, kind, str(detail), maxima.get(str(detail), math.inf)))
            cell_of.setdefault(str(detail), []).append(i)
        elif kind is Column.TOTAL:
            columns.append((i, kind, detail, edition.total_maximum or math.inf))
        elif kind in (Column.RANK, Column.LEVEL):
            columns.append((i, kind, detail, math.inf))
    rest = [c for c in columns if c[1] is not Column.SUBINDEX]
    keys = edition.subindex_keys
    if (not cell_of or set(cell_of) != set(keys) or any(len(c) != 1 for c in cell_of.values())
            or not all(math.isfinite(maxima[k]) for k in keys)):
        return _RowPlan(columns, rest)
    cells = tuple(cell_of[k][0] for k in keys)
    return _RowPlan(columns, rest, keys, cells, tuple(maxima[k] for k in keys), max(cells) + 1)


def _parse_row(
    line: int, unit_id: str, cells: list[str], plan: _RowPlan, year: int,
    has_scores: bool, edition: Edition,
) -> tuple[TableRow | None, list[tuple[int, str]]]:
    problems: list[tuple[int, str]] = []
    scores: dict[str, float] | None = None
    columns = plan.columns
    if plan.score_cells is not None and plan.score_end <= len(cells):
        try:  # float() ignores the surrounding spaces strip() would remove
            values = [float(cells[i]) for i in plan.score_cells]
        except ValueError:
            values = None
        # map(le, …) is False for a NaN or an infinity too; those go the slow way and fail
        if values is not None and all(map(le, values, plan.score_maxima)) and min(values) >= 0:
            scores = dict(zip(plan.score_keys, values, strict=True))
            columns = plan.rest
    found: dict[str, float] = {}
    total = rank = level = None
    ranks_by_year: dict[int, int] = {}
    count = len(cells)
    for i, kind, detail, maximum in columns:
        text = cells[i].strip() if i < count else ""
        try:
            if kind is Column.SUBINDEX:
                found[str(detail)] = parse_score(text, maximum)
            elif kind is Column.TOTAL and (text or has_scores):
                total = parse_score(text, maximum)
            elif kind is Column.RANK and text:
                value = parse_rank(text)
                if detail in (None, year):
                    rank = value
                else:
                    ranks_by_year[int(str(detail))] = value
            elif kind is Column.RANK and detail in (None, year) and not has_scores:
                raise ValueError("ô trống, cần thứ hạng")
            elif kind is Column.LEVEL and text:
                level = parse_level(text, edition)
        except ValueError as exc:
            problems.append((i, str(exc)))
    if problems:
        return None, problems
    if has_scores and scores is None:
        scores = {key: found[key] for key in edition.subindex_keys}
    return TableRow(
        line=line,
        unit_id=unit_id,
        scores=scores,
        total=total,
        rank=rank,
        level=level,
        ranks_by_year=ranks_by_year,
    ), []
