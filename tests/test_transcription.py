"""Every 2019 number in the database is the one printed in the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.vietnamese import name_key
from storage.snapshot import load_snapshot
from tests.keys2019 import Group, SubIndex

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
_ROW = re.compile(r"^(?P<name>[^\t\d][^\t]*)\t(?P<nums>[\d.\t]+)$")


def report_rows() -> list[tuple[str, list[str]]]:
    """The data rows of the report's table, read straight from the report's text."""
    reports = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not reports:
        pytest.skip("the source report (shared/seeds) is not beside this checkout")
    rows = []
    for line in reports[0].read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line.strip("\n"))
        if match:
            nums = [n for n in match["nums"].split("\t") if n]
            if len(nums) == 8:
                rows.append((match["name"].strip(), nums))
    return rows


def test_report_table_has_all_29_units():
    assert len(report_rows()) == 29


def test_every_2019_number_is_as_printed(db):
    snapshot = load_snapshot(db)
    by_name = {name_key(u.name): u for u in snapshot.registry}
    for name, nums in report_rows():
        unit = by_name[name_key(name)]
        assert unit.name == name  # the official name exactly as published
        result = snapshot.result(unit.id, 2019)
        assert result is not None
        assert result.scores is not None
        printed_scores = [float(n) for n in nums[:4]]
        assert [result.scores[s] for s in SubIndex] == printed_scores
        assert result.total == float(nums[4])
        assert [result.rank,
                snapshot.result(unit.id, 2018).rank,
                snapshot.result(unit.id, 2017).rank] == [int(n) for n in nums[5:]]


def test_2017_and_2018_have_ranks_only(db):
    snapshot = load_snapshot(db)
    assert snapshot.years == (2017, 2018, 2019)
    assert snapshot.scored_years == frozenset({2019})
    for year in (2017, 2018):
        for group in Group:
            table = snapshot.table(year, group)
            assert all(r.scores is None and r.total is None and r.level is None for r in table)
            assert sorted(r.rank for r in table) == list(range(1, len(table) + 1))


def test_group_sizes_are_19_and_10(db):
    snapshot = load_snapshot(db)
    assert snapshot.group_size(2019, Group.SO) == 19
    assert snapshot.group_size(2019, Group.HUYEN) == 10
