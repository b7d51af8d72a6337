"""Figures published outside the table of record (a results notice), with their source.

They are never a year's result: they are shown beside the figure of record as data notes,
and where they disagree with it the latest report's table stays the figure of record.
data/sources/*.csv: year, unit, total, rank, source, quote (total or rank may be empty).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .errors import DataFileError, DataFileProblem
from .names import AmbiguousUnit, UnitResolver, UnknownUnit
from .registry import UnitRegistry
from .table import parse_rank, parse_score

COLUMNS = ("year", "unit", "total", "rank", "source")


@dataclass(frozen=True)
class OtherFigure:
    year: int
    unit_id: str
    total: float | None
    rank: int | None
    source: str
    quote: str = ""


def load_other_figures(
    folder: str | Path, names: UnitRegistry | UnitResolver
) -> list[OtherFigure]:
    """Every *.csv in `folder`; every fault is reported with file, row and column."""
    resolver = names if isinstance(names, UnitResolver) else UnitResolver(names)
    figures: list[OtherFigure] = []
    problems: list[DataFileProblem] = []
    for path in sorted(Path(folder).glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                problems.append(DataFileProblem(str(path), 1, missing[0], "thiếu cột bắt buộc"))
                continue
            for line, row in enumerate(reader, start=2):
                def problem(column: str, message: str, line: int = line,
                            path: Path = path) -> None:
                    problems.append(DataFileProblem(str(path), line, column, message))
                try:
                    year = int(row["year"])
                    unit_id = resolver.resolve(row["unit"], year)
                except ValueError:
                    problem("year", f"«{row['year']}» không phải là năm")
                    continue
                except (UnknownUnit, AmbiguousUnit):
                    problem("unit", f"không xác định được đơn vị «{row['unit']}»")
                    continue
                try:
                    total = parse_score(row["total"], float("inf")) if row["total"] else None
                    rank = parse_rank(row["rank"]) if row["rank"] else None
                except ValueError as exc:
                    problem("total", str(exc))
                    continue
                if not row["source"].strip():
                    problem("source", "mỗi số liệu phải ghi nguồn")
                    continue
                figures.append(OtherFigure(year, unit_id, total, rank, row["source"].strip(),
                                           (row.get("quote") or "").strip()))
    if problems:
        raise DataFileError(problems)
    return figures
