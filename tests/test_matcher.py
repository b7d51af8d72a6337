"""NameIndex: which unit a piece of text names. The matrix lives in tests/query_cases.py."""

from __future__ import annotations

import pytest

from bot.matcher import MAX_CANDIDATES, NameIndex, NameMatch, split_core
from scoring.models import Unit
from scoring.registry import load_registry
from scoring.vietnamese import query_tokens
from tests.keys2019 import Group
from tests.query_cases import MATCH_CASES, UNITS, UNITS_CSV, MatchCase, nfd


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(load_registry(UNITS_CSV))


def cases(*labels: str) -> list:
    return [pytest.param(case, id=case.id) for label in labels for case in MATCH_CASES[label]]


def assert_match(index: NameIndex, case: MatchCase) -> None:
    result = index.match(case.text)
    assert (result.status, result.unit_ids) == (case.status, case.unit_ids)


# -- the matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("official name"))
def test_official_name_matches_its_unit(index: NameIndex, case: MatchCase) -> None:
    assert index.match(case.text) == NameMatch("unit", case.unit_ids, 100.0)


@pytest.mark.parametrize("case", cases("folded name", "lower-case folded name"))
def test_name_without_diacritics_matches(index: NameIndex, case: MatchCase) -> None:
    assert index.match(case.text) == NameMatch("unit", case.unit_ids, 100.0)


@pytest.mark.parametrize("case", cases("upper-case name"))
def test_upper_case_name_matches(index: NameIndex, case: MatchCase) -> None:
    assert index.match(case.text) == NameMatch("unit", case.unit_ids, 100.0)


@pytest.mark.parametrize("case", cases("nfd name"))
def test_nfd_input_matches_nfc_name(index: NameIndex, case: MatchCase) -> None:
    assert index.match(case.text) == NameMatch("unit", case.unit_ids, 100.0)


@pytest.mark.parametrize("case", cases("zero-width name"))
def test_zero_width_characters_are_ignored(index: NameIndex, case: MatchCase) -> None:
    assert index.match(case.text) == NameMatch("unit", case.unit_ids, 100.0)


@pytest.mark.parametrize("case", cases("spaced and punctuated name"))
def test_extra_spaces_and_punctuation_are_ignored(index: NameIndex, case: MatchCase) -> None:
    assert index.match(case.text) == NameMatch("unit", case.unit_ids, 100.0)


@pytest.mark.parametrize("case", cases("old tone placement", "tone placement"))
def test_old_and_new_tone_placement_match(index: NameIndex, case: MatchCase) -> None:
    assert_match(index, case)


@pytest.mark.parametrize("case", cases("alias", "folded lower-case alias"))
def test_every_alias_matches_its_unit(index: NameIndex, case: MatchCase) -> None:
    assert index.match(case.text) == NameMatch("unit", case.unit_ids, 100.0)


@pytest.mark.parametrize("case", cases("abbreviation"))
def test_abbreviations_match_however_they_are_written(
    index: NameIndex, case: MatchCase
) -> None:
    assert_match(index, case)


@pytest.mark.parametrize("case", cases("council form"))
def test_council_and_province_words_are_optional(index: NameIndex, case: MatchCase) -> None:
    assert_match(index, case)


@pytest.mark.parametrize("case", cases("distinctive words"))
def test_distinctive_words_alone_match(index: NameIndex, case: MatchCase) -> None:
    assert_match(index, case)


@pytest.mark.parametrize("case", cases("one-letter typo", "typo"))
def test_typos_still_find_the_unit(index: NameIndex, case: MatchCase) -> None:
    assert_match(index, case)


@pytest.mark.parametrize("case", cases("exact beats longer"))
def test_exact_name_beats_longer_name_containing_it(index: NameIndex, case: MatchCase) -> None:
    assert index.match(case.text) == NameMatch("unit", case.unit_ids, 100.0)


@pytest.mark.parametrize("case", cases("ambiguous"))
def test_ambiguous_input_lists_candidates_best_first(index: NameIndex, case: MatchCase) -> None:
    assert_match(index, case)


@pytest.mark.parametrize("case", cases("gibberish"))
def test_gibberish_and_generic_words_match_nothing(index: NameIndex, case: MatchCase) -> None:
    assert_match(index, case)


# -- behaviour beyond the matrix -----------------------------------------------------------


def test_every_registry_spelling_names_exactly_its_unit(index: NameIndex) -> None:
    for unit in UNITS:
        for spelling in (unit.name, *unit.aliases):
            assert index.exact(split_core(query_tokens(spelling)).words) == (unit.id,), spelling


def test_group_argument_restricts_the_answer(index: NameIndex) -> None:
    assert index.match("giáo", Group.SO) == NameMatch("ambiguous", ("so-gtvt", "so-gddt"), 77.2)
    assert index.match("giáo", Group.HUYEN) == NameMatch("unit", ("h-tuan-giao",), 82.3)
    outside = index.match("Tuần Giáo", Group.SO)
    assert (outside.status, outside.unit_ids) == ("none", ())


def test_group_word_in_the_text_prefers_that_group(index: NameIndex) -> None:
    assert index.match("huyện giáo").unit_ids == ("h-tuan-giao",)
    assert index.match("sở giáo").unit_ids == ("so-gtvt", "so-gddt")


def test_one_name_word_cannot_stand_for_two_query_words(index: NameIndex) -> None:
    assert index.match("ngân hàng").status == "none"  # not "Mường Ảng" twice


def test_a_shared_word_asks_instead_of_picking_the_shorter_name(index: NameIndex) -> None:
    assert index.match("công") == NameMatch("ambiguous", ("so-cong-thuong", "so-khcn"), 85.0)


def test_half_abbreviated_names_match(index: NameIndex) -> None:
    for text, unit_id in [
        ("Sở Nông nghiệp và PTNT", "so-nnptnt"),
        ("Sở Lao động TB&XH", "so-ldtbxh"),
        ("Sở Văn hóa TT&DL", "so-vhttdl"),
        ("Sở Tài nguyên và MT", "so-tnmt"),
        ("Sở KH và Đầu tư", "so-khdt"),
    ]:
        assert index.match(text) == NameMatch("unit", (unit_id,), 100.0), text


def test_nfd_and_nfc_inputs_give_identical_results(index: NameIndex) -> None:
    for text in ["Tuần Giáoo", "so giao", "huyện Mường", "Sở Tư phap", "xyz"]:
        assert index.match(nfd(text)) == index.match(text)


def test_find_many_keeps_the_order_of_its_inputs(index: NameIndex) -> None:
    results = index.find_many(["Tủa Chùa", "so giao", "", "Sở Y tế"])
    assert [(r.status, r.unit_ids) for r in results] == [
        ("unit", ("h-tua-chua",)),
        ("ambiguous", ("so-gtvt", "so-gddt")),
        ("none", ()),
        ("unit", ("so-y-te",)),
    ]


def test_spans_find_names_side_by_side(index: NameIndex) -> None:
    words = split_core(query_tokens("Sở Nội vụ Sở Ngoại vụ xyz Tuần Giáo")).words
    assert [(s.start, s.end, s.unit_ids) for s in index.spans(words)] == [
        (0, 2, ("so-noi-vu",)),
        (2, 4, ("so-ngoai-vu",)),
        (5, 7, ("h-tuan-giao",)),
    ]


def test_split_core_drops_generic_words_and_keeps_the_group_hint(index: NameIndex) -> None:
    core = index.split_core(query_tokens("Ủy ban nhân dân huyện Mường Chà tỉnh Điện Biên"))
    assert (core.words, core.hint) == (("muong", "cha"), Group.HUYEN)
    assert index.split_core(query_tokens("Sở Giáo dục và Đào tạo")).hint == Group.SO
    assert index.split_core(query_tokens("UBND huyện, sở")).hint is None  # both: no hint
    # the hint is the editions' word: without editions, generic words point nowhere
    assert split_core(query_tokens("UBND huyện Mường Chà")).hint is None


def test_new_units_with_thuy_match_old_and_new_tone_placement() -> None:
    small = NameIndex([Unit(id="chi-cuc-thuy-loi", group=Group.SO, name="Chi cục Thủy lợi")])
    assert small.match("chi cục thuỷ lợi") == NameMatch("unit", ("chi-cuc-thuy-loi",), 100.0)
    assert small.match("THUỶ LỢI").unit_ids == ("chi-cuc-thuy-loi",)


def test_candidates_are_capped(index: NameIndex) -> None:
    many = NameIndex(
        Unit(id=f"truong-{i}", group=Group.SO, name=f"Trường số {word}")
        for i, word in enumerate(
            ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
        )
    )
    result = many.match("trường")
    assert result.status == "ambiguous"
    assert len(result.unit_ids) == MAX_CANDIDATES


def test_an_empty_index_matches_nothing() -> None:
    assert NameIndex([]).match("Sở Nội vụ") == NameMatch("none", (), 0.0)
