"""Words made from an edition: the 2019 edition gives back the report's words exactly, and
figures carry each edition's decimals."""

from __future__ import annotations

import pytest

from bot.words import cards, charting, extras
from bot.words.about import count_word
from scoring.edition import read_edition
from scoring.wording import band_range, format_score, level_heading, section_heading
from tests.conftest import DATA

E2019 = read_edition(DATA / "editions" / "2019.toml")


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (180.4, 1, "180,4"),
    (412.35, 2, "412,35"),
    (0.81979, 5, "0,81979"),
    (0.5, 5, "0,50000"),
    (63.0, 1, "63,0"),
    (-0.0, 2, "-0,00"),  # format_score shows what it is given; editions round first
])
def test_format_score_takes_the_editions_decimals(value, decimals, expected):
    assert format_score(value, decimals) == expected


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (63.0, 1, "63"), (7.2, 1, "7,2"), (192.5, 2, "192,50"), (412.0, 2, "412"),
    (0.12333, 5, "0,12333"),
])
def test_compact_score_drops_only_all_zero_decimals(value, decimals, expected):
    assert extras.compact_score(value, decimals) == expected


def test_the_2019_level_headings_and_sections_are_the_reports():
    assert [level_heading(E2019, b) for b in E2019.levels] == [
        "Mức khá (từ 150 đến 200 điểm)",
        "Mức trung bình (từ 100 đến dưới 150 điểm)",
        "Mức thấp (dưới 100 điểm)",
    ]
    assert [section_heading(E2019, g) for g in E2019.groups] == [
        "I. Khối các sở, ban, ngành tỉnh", "II. Khối UBND các huyện, thị xã, thành phố"]
    assert band_range(E2019, E2019.levels[0], open_top=True) == "150 điểm trở lên"


def test_the_2019_chart_words_are_unchanged():
    assert [charting.chart_level_legend(E2019, b) for b in E2019.levels] == [
        "khá (150–200)", "trung bình (100–<150)", "thấp (<100)"]
    assert charting.chart_total_axis(200) == "Tổng điểm (tối đa 200)"
    assert charting.chart_pick_group(E2019) == (
        "Bạn muốn xem biểu đồ xếp hạng của khối nào? Gõ "
        "<code>/bieudo sở</code> hoặc <code>/bieudo huyện</code>.")
    assert charting.bieudo_empty(E2019) == (
        "Gõ tên đơn vị sau lệnh, ví dụ: <code>/bieudo Sở Y tế</code>, "
        "<code>/bieudo khối huyện</code> hoặc <code>/bieudo Sở Y tế và Sở Tư pháp</code>.")
    assert charting.chart_needs_group(E2019) == (
        "Hãy cho biết khối cần vẽ biểu đồ: khối sở hoặc khối huyện.")
    assert charting.chart_unknown_name("x", E2019) == (
        "Không tìm thấy đơn vị «x». Hãy gõ tên đơn vị, hoặc «sở» / «huyện» cho cả khối.")


def test_the_2019_card_lines_are_unchanged():
    assert cards.total_line(E2019, 196.5, "kha") == (
        "Tổng điểm: <b>196,5</b>/200 · mức <b>khá</b>")
    assert cards.rank_line(2, 19, E2019.group("so")) == "Xếp hạng: <b>2/19</b> khối sở"
    assert cards.rank_only_no_levels(2018, [b.name for b in E2019.levels]) == (
        "Năm 2018 báo cáo chỉ công bố thứ hạng nên không có mức khá, trung bình, thấp để lọc.")


def test_an_edition_without_bands_prints_no_band():
    bare = E2019.model_copy(update={"levels": ()})
    assert cards.total_line(bare, 196.5, None) == "Tổng điểm: <b>196,5</b>/200"


@pytest.mark.parametrize(("count", "word"), [(2, "hai"), (4, "bốn"), (6, "sáu"), (14, "14")])
def test_small_counts_are_written_as_words(count, word):
    assert count_word(count) == word
