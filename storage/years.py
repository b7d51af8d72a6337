"""Which years may be published, and removing a published year again (`egov unpublish`).

A year before the first edition has no methodology to check it against, and one beyond next
year is a typo (or a 20-digit number SQLite cannot even store): both are refused up front.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from .db import write_transaction
from .snapshot import editions_from_db
from .store import refresh_rank_changes

FALLBACK_FIRST_YEAR = 2017  # only when no edition is stored (an old or hand-made database)


class YearOutOfRange(ValueError):
    """The year cannot be published: outside first edition … next calendar year."""

    def __init__(self, year: int, first: int, last: int):
        self.year, self.first, self.last = year, first, last
        super().__init__(f"year {year} is outside {first}..{last}")


def publishable_years(db: Database, *, today: datetime | None = None) -> range:
    """From the first edition's year up to the current calendar year + 1, inclusive."""
    first = editions_from_db(db).first_year or FALLBACK_FIRST_YEAR
    last = (today or datetime.now(UTC)).year + 1
    return range(first, last + 1)


def check_publishable(db: Database, year: int, *, today: datetime | None = None) -> None:
    """Raise YearOutOfRange unless `year` may be published."""
    allowed = publishable_years(db, today=today)
    if year not in allowed:
        raise YearOutOfRange(year, allowed.start, allowed.stop - 1)


class NotPublished(LookupError):
    """The year has no stored results."""


class SeededYear(ValueError):
    """The year comes from data/ (a rebuild would bring it back): remove the file instead."""


@dataclass(frozen=True)
class Unpublished:
    """What `unpublish` removed."""

    year: int
    results: int  # result rows deleted
    cancelled: int  # pending notices about the year, cancelled


def unpublish(db: Database, year: int) -> Unpublished:
    """Remove a year published with `egov publish`, in one transaction.

    Its results and `years` row go; later years' rank changes are compared again without it;
    notices about it still waiting in the outbox are cancelled (they would announce a year
    that no longer exists). Subscriptions, follows and delivered notices are untouched, so a
    later publish of the year is announced as new.
    """
    with write_transaction(db):
        row = db.execute("SELECT origin FROM years WHERE year = ?", [year]).fetchone()
        if row is None:
            raise NotPublished(year)
        if row[0] == "data":
            raise SeededYear(year)
        results = db.execute("DELETE FROM results WHERE year = ?", [year]).rowcount
        db.execute("DELETE FROM scores WHERE year = ?", [year])
        db.execute("DELETE FROM years WHERE year = ?", [year])
        refresh_rank_changes(db, year)  # later years compared with it: compare again
        cancelled = db.execute(
            """UPDATE outbox SET status = 'cancelled', last_error = 'year unpublished'
               WHERE status = 'pending' AND publication_id IN (
                   SELECT id FROM publications WHERE year = ?)""", [year]).rowcount
    return Unpublished(year, results, cancelled)
