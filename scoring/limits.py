"""How much of an official's file we are willing to read: size, rows, columns, cell length.

A results table has a few dozen rows, so the defaults are generous for real files and keep
a hostile one (a zip bomb, a million rows) from costing memory or time. The bot reads with
the defaults; `egov publish --max-mb/--max-rows/...` raises them for one run.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

MB = 1024 * 1024
UNZIPPED_PER_MB = 4  # an .xlsx may unzip to 4× the file limit (a 60-row sheet is ~50 kB)


@dataclass(frozen=True)
class SheetLimits:
    """Reading limits; every one is checked before or while reading, never after."""

    max_mb: float = 5  # the file itself (the bot refuses bigger uploads before downloading)
    max_rows: int = 2_000  # last row number holding data
    max_columns: int = 50  # last column holding data
    max_cell_chars: int = 2_000  # one cell's text

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * MB)

    @property
    def max_unzipped_bytes(self) -> int:
        """All members of an .xlsx together, as declared and as read."""
        return int(self.max_mb * UNZIPPED_PER_MB * MB)


DEFAULT_LIMITS = SheetLimits()

# A context variable, not a parameter: the limits belong to who reads (the CLI's flags), while
# read_sheet() sits several calls below publish(); threads started with asyncio.to_thread see
# the caller's value.
_current: ContextVar[SheetLimits] = ContextVar("sheet_limits", default=DEFAULT_LIMITS)


def current_limits() -> SheetLimits:
    return _current.get()


@contextmanager
def reading_limits(limits: SheetLimits) -> Iterator[SheetLimits]:
    """Read every sheet within `limits` inside this block (in this thread or task)."""
    token = _current.set(limits)
    try:
        yield limits
    finally:
        _current.reset(token)


def megabytes(size: float) -> str:
    """A size in MB as Vietnamese writes it ("5", "5,2"), rounded up: a file just past a
    limit never reads as equal to it."""
    tenths = math.ceil(size / MB * 10 - 1e-9)
    return f"{tenths // 10},{tenths % 10}" if tenths % 10 else str(tenths // 10)
