"""The report's prose claims ("tăng 4 bậc", "có 15 cơ quan"), checked against its own table."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from storage.snapshot import Snapshot

from . import wording
from .errors import DataFileError, DataFileProblem
from .names import AmbiguousUnit, UnitResolver, UnknownUnit


@dataclass(frozen=True)
class Claim:
    line: int
    year: int
    kind: str  # "tang_bac" (a unit moved up N places) or "so_don_vi" (units at a level)
    subject: str  # a unit's name, or "<group>:<level>"
    value: int
    quote: str


@dataclass(frozen=True)
class ClaimCheck:
    claim: Claim
    holds: bool
    explanation: str


def load_claims(path: str | Path) -> list[Claim]:
    path = Path(path)
    if not path.is_file():
        return []
    claims, problems = [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                claims.append(Claim(line, int(row["year"]), row["kind"].strip(),
                                    row["subject"].strip(), int(row["value"]),
                                    row["quote"].strip()))
            except (KeyError, ValueError, AttributeError) as exc:
                problems.append(DataFileProblem(str(path), line, "", f"dòng hỏng: {exc}"))
    if problems:
        raise DataFileError(problems)
    return claims


def check_claims(claims: list[Claim], snapshot: Snapshot) -> list[ClaimCheck]:
    """Hold every claim against the stored table; unknown subjects are reported, not raised."""
    resolver = UnitResolver(snapshot.registry)
    checks = []
    for claim in claims:
        if claim.kind == "tang_bac":
            try:
                unit_id = resolver.resolve(claim.subject, claim.year)
            except (UnknownUnit, AmbiguousUnit):
                checks.append(ClaimCheck(claim, False, "không xác định được đơn vị"))
                continue
            result = snapshot.result(unit_id, claim.year)
            actual = result.rank_change if result else None
            checks.append(ClaimCheck(claim, actual == claim.value,
                                     wording.claim_rank_change_text(claim.value, actual)))
        elif claim.kind == "so_don_vi":
            group, _, level = claim.subject.partition(":")
            actual = sum(1 for r in snapshot.table(claim.year, group) if r.level == level)
            checks.append(ClaimCheck(claim, actual == claim.value,
                                     wording.claim_count_text(claim.value, actual)))
        else:
            checks.append(ClaimCheck(claim, False, f"loại khẳng định lạ: {claim.kind}"))
    return checks
