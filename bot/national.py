"""The province's own standing among Vietnam's provinces, from data/national_ranks.csv.

Each row carries the page it was read from; answers cite it. Read once at start-up (I/O at
the edge); `load_national_ranks` never raises for a missing file: there is nothing to cite.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

NATIONAL_FILE = "national_ranks.csv"


@dataclass(frozen=True)
class NationalRank:
    """One published national rank of the province."""

    index: str  # "ICT", "DTI"
    year: int
    rank: int
    of: int
    grouping: str
    source: str


def load_national_ranks(data_dir: str | Path) -> tuple[NationalRank, ...]:
    """Rows of `data_dir`/national_ranks.csv, oldest first; () if the file is not there."""
    path = Path(data_dir) / NATIONAL_FILE
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [NationalRank(row["index"].strip(), int(row["year"]), int(row["rank"]),
                             int(row["of"]), row["grouping"].strip(), row["source"].strip())
                for row in csv.DictReader(handle)]
    return tuple(sorted(rows, key=lambda r: (r.year, r.of != 63)))
