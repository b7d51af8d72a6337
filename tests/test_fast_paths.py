"""The shortcuts a big build and publish take give the same answers as the long way."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from scoring.edition import load_editions
from scoring.errors import DataFileError
from scoring.ranking import competition_ranks, rank_list
from scoring.registry import load_registry
from scoring.sheets import Sheet
from scoring.table import parse_year_table

DATA = Path(__file__).resolve().parents[1] / "data"


def brute_ranks(values: list[float], decimals: int) -> list[int]:
    """1 + how many values are higher at the published precision."""
    rounded = [round(v, decimals) for v in values]
    return [1 + sum(other > mine for other in rounded) for mine in rounded]


@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_rank_list_ranks_each_position_like_counting_the_higher_values(decimals):
    rng = random.Random(decimals)
    for _ in range(200):
        values = [rng.choice([round(rng.uniform(0, 10), 2), 5.0, 0.0, -0.0, 2.675, 0.15])
                  for _ in range(rng.randint(0, 40))]
        assert rank_list(values, decimals) == brute_ranks(values, decimals)


def test_competition_ranks_come_back_in_rank_order_ties_in_given_order():
    ranks = competition_ranks({"c": 2.0, "a": 3.0, "d": 2.04, "b": 1.0}, 1)
    assert list(ranks.items()) == [("a", 1), ("c", 2), ("d", 2), ("b", 4)]


def sheet_2019(change: dict[tuple[int, int], str]) -> Sheet:
    """data/results/2019.csv with some cells (data row index, column index) replaced."""
    with (DATA / "results" / "2019.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for (row, column), text in change.items():
        rows[row + 1][column] = text
    return Sheet("2019.csv", [(line, cells) for line, cells in enumerate(rows, start=1)])


def parse(sheet: Sheet):
    return parse_year_table(sheet, load_registry(DATA / "units.csv"), 2019,
                            edition=load_editions(DATA / "editions").for_year(2019))


def test_scores_written_with_a_comma_or_spaces_read_the_same_as_plain_ones():
    plain = parse(sheet_2019({}))
    spelled = parse(sheet_2019({(0, 1): " 25,0 ", (0, 2): "108,5", (1, 4): "35\u00a0"}))
    assert [r.scores for r in spelled.rows] == [r.scores for r in plain.rows]
    assert list(spelled.rows[0].scores) == ["htkt", "ud", "htnl", "csdt"]


def test_a_row_with_several_faults_lists_them_in_column_order():
    with pytest.raises(DataFileError) as caught:
        parse(sheet_2019({(2, 1): "99", (2, 3): "nan", (2, 6): "0"}))
    faults = [(p.row, p.column) for p in caught.value.problems]
    assert faults == [(4, "Chỉ số HTKT"), (4, "Chỉ số HTNL"), (4, "Xếp hạng 2019")]
