"""Helpers for tests that publish the example editions (tests/fixtures/editions/) through
the command line, and compute what a careful official would compute by hand (Decimal)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "editions"
DTI_2022 = FIXTURES / "dti-2022.toml"
UNIT_2023 = FIXTURES / "unit-2023.toml"
DTI_2025 = FIXTURES / "dti-2025.toml"
UNITS_2025 = FIXTURES / "units-2025.csv"
RESULTS = {2022: FIXTURES / "results-2022.csv", 2023: FIXTURES / "results-2023.csv",
           2025: FIXTURES / "results-2025.csv"}


def egov(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run `egov` in a fresh process with the test's EGOV_DB / EGOV_DATA_DIR."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *map(str, args)], capture_output=True, text=True,
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)


def ask_json(question: str) -> dict:
    done = egov("ask", "--json", question)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def weighted_total(values: list[str], weights: list[Decimal], decimals: int) -> Decimal:
    """Σ weight × score, rounded half-even at the edition's decimals (as Python's round)."""
    exact = sum((w * Decimal(v) for w, v in zip(weights, values, strict=True)), Decimal(0))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def competition_ranks(totals: dict[str, Decimal]) -> dict[str, int]:
    ordered = sorted(totals.values(), reverse=True)
    return {unit: ordered.index(total) + 1 for unit, total in totals.items()}
