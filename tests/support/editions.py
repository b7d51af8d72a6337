"""Helpers for tests that publish the example editions (tests/fixtures/editions/) through
the command line, and compute what a careful official would compute by hand (Decimal)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
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
    """Run `egov` with the test's EGOV_DB / EGOV_DATA_DIR, in this process (`bot.cli.main`):
    these tests are about what a command prints and writes, not about a process, and a fresh
    interpreter per call cost most of the suite's time. (Tests of processes — kill, two
    processes, piping — start `python -m bot.cli` themselves.)"""
    from bot.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = list(map(str, args))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's usage errors, as the process would exit
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                err.write(exc.code + "\n")
    return subprocess.CompletedProcess(
        [sys.executable, "-m", "bot.cli", *argv], status, out.getvalue(), err.getvalue())


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
