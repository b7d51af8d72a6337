"""understand(): intent parsing on top of the matcher. The matrix lives in tests/query_cases.py."""

from __future__ import annotations

import pytest

from bot.matcher import NameIndex
from bot.query import (
    FILLER_PHRASES,
    FILLER_WORDS,
    MAX_INPUT_CHARS,
    Query,
    clean_text,
    understand,
)
from scoring.registry import load_registry
from scoring.vietnamese import query_tokens
from tests.keys2019 import Group, Level
from tests.query_cases import QUERY_CASES, UNITS, UNITS_CSV, QueryCase


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(load_registry(UNITS_CSV))


def cases(*labels: str) -> list:
    return [pytest.param(case, id=case.id) for label in labels for case in QUERY_CASES[label]]


def expected(case: QueryCase) -> Query:
    return Query(**case.fields, text=clean_text(case.text))


# -- the matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("unit in a sentence", "sentence"))
def test_filler_words_around_a_unit_do_not_break_matching(
    index: NameIndex, case: QueryCase
) -> None:
    assert understand(case.text, index) == expected(case)


@pytest.mark.parametrize("case", cases("unit with year", "alias with year"))
def test_unit_with_a_year(index: NameIndex, case: QueryCase) -> None:
    assert understand(case.text, index) == expected(case)


@pytest.mark.parametrize(
    "case",
    cases(
        "folded lower-case sentence",
        "shouted name",
        "no diacritics, any case, spaces, punctuation",
    ),
)
def test_diacritics_case_spacing_and_punctuation_do_not_matter(
    index: NameIndex, case: QueryCase
) -> None:
    assert understand(case.text, index) == expected(case)


@pytest.mark.parametrize("case", cases("last alias in a sentence"))
def test_aliases_in_a_sentence(index: NameIndex, case: QueryCase) -> None:
    assert understand(case.text, index) == expected(case)


@pytest.mark.parametrize("case", cases("list by group and level"))
def test_lists_by_group_and_level(index: NameIndex, case: QueryCase) -> None:
    assert understand(case.text, index) == expected(case)


@pytest.mark.parametrize("case", cases("top and bottom"))
def test_top_and_bottom_lists(index: NameIndex, case: QueryCase) -> None:
    assert understand(case.text, index) == expected(case)


@pytest.mark.parametrize(
    "case",
    cases(
        "comparison with và",
        "comparison with vs, folded",
        "comparison of aliases with với and a year",
        "comparison",
    ),
)
def test_comparisons_keep_the_typed_order(index: NameIndex, case: QueryCase) -> None:
    assert understand(case.text, index) == expected(case)


@pytest.mark.parametrize("case", cases("ambiguous"))
def test_ambiguous_input_asks_with_candidates(index: NameIndex, case: QueryCase) -> None:
    assert understand(case.text, index) == expected(case)


@pytest.mark.parametrize("case", cases("help"))
def test_anything_else_gets_help(index: NameIndex, case: QueryCase) -> None:
    assert understand(case.text, index) == expected(case)


# -- behaviour beyond the matrix -----------------------------------------------------------


def test_va_inside_a_name_does_not_split_it(index: NameIndex) -> None:
    for unit in UNITS:
        if " và " in unit.name:
            assert understand(unit.name, index) == Query(
                "unit", unit_ids=(unit.id,), text=unit.name
            )


def test_va_between_two_names_with_va_splits_between_them(index: NameIndex) -> None:
    text = "Sở Tài nguyên và Môi trường và Sở Khoa học và Công nghệ"
    assert understand(text, index).unit_ids == ("so-tnmt", "so-khcn")


def test_thap_nhat_is_an_order_and_muc_thap_a_level(index: NameIndex) -> None:
    worst = understand("các sở thấp nhất", index)
    low = understand("các sở mức thấp", index)
    assert (worst.order, worst.level) == ("worst", None)
    assert (low.order, low.level) == ("best", Level.THAP)


def test_small_numbers_are_limits_and_four_digit_years_are_years(index: NameIndex) -> None:
    assert understand("top 3 huyện", index).year is None
    assert understand("top 3 huyện", index).limit == 3
    assert understand("huyện năm 2019", index).year == 2019
    assert understand("huyện năm 2019", index).limit is None
    assert understand("Sở Y tế 2150", index).year is None  # not 19xx/20xx


def test_first_year_wins(index: NameIndex) -> None:
    assert understand("Sở Y tế 2018 2019", index).year == 2018


def test_text_is_the_cleaned_input(index: NameIndex) -> None:
    query = understand("  Sở\u200b  Nội vụ\n\t2019 \x00 ", index)
    assert query == Query("unit", 2019, unit_ids=("so-noi-vu",), text="Sở Nội vụ 2019")


def test_nfd_input_is_normalised_to_nfc_in_text(index: NameIndex) -> None:
    text = "Sở Nội vụ"
    assert understand("So\u031b\u0309 Nội vụ", index).text == text


def test_long_input_is_cut_to_its_beginning(index: NameIndex) -> None:
    tail = "so sánh với Sở Ngoại vụ"
    query = understand("Sở Nội vụ " + "nhé " * 100 + tail, index)
    assert len(query.text) == MAX_INPUT_CHARS
    assert query.unit_ids == ("so-noi-vu",)  # the comparison beyond the cut is not read
    assert len(clean_text("x" * 100_000)) == MAX_INPUT_CHARS


def test_filler_words_are_never_name_words(index: NameIndex) -> None:
    assert set(FILLER_WORDS) & index.vocabulary == set()


def test_every_filler_around_every_name_leaves_the_unit(index: NameIndex) -> None:
    fillers = [*FILLER_WORDS, *FILLER_PHRASES]
    wrong = [
        (filler, unit.id)
        for unit in UNITS
        for filler in fillers
        if understand(f"{filler} {unit.name} {filler}", index).unit_ids != (unit.id,)
    ]
    assert wrong == []


def test_group_words_alone_list_that_group(index: NameIndex) -> None:
    assert understand("các sở", index) == Query("list", group=Group.SO, text="các sở")
    assert understand("cấp huyện", index) == Query("list", group=Group.HUYEN, text="cấp huyện")
    assert understand("sở và huyện", index) == Query("list", text="sở và huyện")


def test_unknown_words_without_list_words_get_help(index: NameIndex) -> None:
    assert understand("huyện xyzw", index).kind == "help"
    assert understand("các huyện xyzw", index).kind == "list"


def test_query_tokens_keep_clause_separators() -> None:
    assert query_tokens("Y tế, Tư pháp; GD&ĐT/top10") == [
        "y", "te", ",", "tu", "phap", ",", "gd", "va", "dt", ",", "top", "10",
    ]
