"""Named errors of the scoring package: they are part of its contract."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_PROBLEMS_SHOWN = 30  # a report lists this many faults, then "và N lỗi khác"


@dataclass(frozen=True)
class DataFileProblem:
    """One fault in a data file, located the way a person finds it in an editor.

    `row` is the line number a text editor (or Excel's row header) shows, the header being 1;
    0 means the file as a whole. `column` is the header as written in the file, or "".
    """

    path: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = [Path(self.path).name]
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột «{self.column}»")
        return f"{', '.join(where)}: {self.message}"


class DataFileError(Exception):
    """A data file has one or more faults; nothing was written.

    Carries every problem found, not only the first, so an official can fix the spreadsheet
    in one pass.
    """

    def __init__(self, problems: list[DataFileProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str | Path, row: int, column: str, message: str) -> DataFileError:
        return cls([DataFileProblem(str(path), row, column, message)])


class YearExistsError(Exception):
    """The year is already published and --replace was not given."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"Năm {year} đã được công bố; dùng --replace để thay thế.")


class FileLimitError(DataFileError):
    """A file goes past a reading limit (size, unzipped size, rows, columns, cell length).

    `limit` names which one ("mb", "rows", "columns", "cell_chars"), so the command line can
    say which flag raises it. Reading stops at the first such fault: the rest is not read.
    """

    def __init__(self, path: str | Path, row: int, column: str, message: str, *, limit: str):
        self.limit = limit
        super().__init__([DataFileProblem(str(path), row, column, message)])
