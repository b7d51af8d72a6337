"""The report's rules: competition ranks with shared ties, level bands, rank changes."""

import pytest

from scoring.ranking import competition_ranks, duplicate_ranks, rank_change
from tests.keys2019 import Level, level_for


def test_ties_share_a_rank_and_skip_the_next():
    ranks = competition_ranks({"a": 190.0, "b": 180.0, "c": 180.0, "d": 170.0})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_equal_to_one_decimal_counts_as_a_tie():
    assert competition_ranks({"a": 0.1 + 0.2, "b": 0.3}) == {"a": 1, "b": 1}


def test_ranks_are_highest_first():
    assert competition_ranks({"low": 90.0, "high": 199.5, "mid": 120.0}) == {
        "high": 1, "mid": 2, "low": 3}


@pytest.mark.parametrize(
    ("total", "level"),
    [(200.0, Level.KHA), (150.0, Level.KHA), (149.9, Level.TRUNG_BINH),
     (100.0, Level.TRUNG_BINH), (99.9, Level.THAP), (0.0, Level.THAP)],
)
def test_level_bands_follow_the_report(total, level):
    assert level_for(total) is level


@pytest.mark.parametrize(
    ("previous", "current", "change"),
    [(6, 2, 4), (3, 14, -11), (5, 5, 0), (None, 3, None), (3, None, None)],
)
def test_rank_change_is_previous_minus_current(previous, current, change):
    assert rank_change(previous, current) == change


def test_duplicate_ranks_lists_shared_places():
    assert duplicate_ranks({"a": 1, "b": 2, "c": 2}) == {2: ["b", "c"]}
