"""Every view reads the edition of the year it shows: a DTI-like 2022 (6 indices, 500 points,
4 bands, 2 decimals) and a 0–1 2023 (weights 1/6, 5 decimals), built as snapshots directly.

Expected figures are recomputed here from the fixture's raw numbers (tests/edition_fixtures).
"""

from __future__ import annotations

import csv
import io

import pytest

from bot import render, views
from bot.about import about_html
from bot.charts.data import (
    ChartRequest,
    CompareChart,
    GroupChart,
    HistoryChart,
    ProfileChart,
    chart_spec,
)
from bot.improve import improvement, improvement_html
from bot.insight import year_change, year_change_html
from bot.notices.views import followed_line
from bot.publish.views import level_counts
from bot.telegram.keyboards import compare_pick_keyboard, unit_keyboard
from bot.words import cards, charting, inline_mode, uploads
from scoring.export import export_bytes, export_rows
from scoring.report import render_check, render_ranking
from tests.edition_fixtures import (
    DTI,
    KEYS,
    NOTE,
    RATIO,
    SCORES,
    UNITS,
    result_of,
    snapshot,
    total,
)
from tests.test_html_valid import assert_buttons_fit, assert_sendable

LABELS = ("NTS", "TCS", "HTS", "NLS", "ATTT", "HĐCĐS")
DTI_MAXIMA = (50, 50, 50, 50, 50, 250)


def vn(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


@pytest.fixture(scope="module")
def snap():
    return snapshot()


# ---------------------------------------------------------------- cards

def test_dti_card_prints_two_decimals_the_500_maximum_its_band_and_six_rows(snap):
    html = render.unit_card(result_of("so-alpha", 2022, snap), snap)
    figures = SCORES[2022]["so-alpha"]
    assert f"Tổng điểm: <b>{vn(sum(figures), 2)}</b>/500 · mức <b>tốt</b>" in html
    assert "Xếp hạng: <b>2/3</b> khối sở" in html
    assert "Chỉ số e-Gov năm 2022 · khối sở" in html
    table = html.split("<pre>")[1].split("</pre>")[0].splitlines()
    assert [row.split()[:2] for row in table] == [
        [label, f"{vn(v, 2)}/{m}"] for label, v, m in zip(LABELS, figures, DTI_MAXIMA,
                                                           strict=True)]
    assert "/200" not in html
    assert "HTKT" not in html


def test_ratio_card_prints_five_decimals_and_the_change_since_2022(snap):
    html = render.unit_card(result_of("so-alpha", 2023, snap), snap)
    assert "Tổng điểm: <b>0,81979</b>/1 · mức <b>cao</b>" in html
    assert f"NTS   {vn(0.8, 5)}/1" in html
    assert "(giữ nguyên hạng so với 2022)" in html
    delta = render.unit_card(result_of("so-delta", 2023, snap), snap)
    assert "Xếp hạng: <b>1/3</b> khối sở (↑ tăng 2 bậc so với 2022)" in delta
    assert "&lt;0,915&gt; &amp; bảng" in delta  # the note, escaped once


def test_rank_lines_use_the_precision_of_each_years_edition(snap):
    lines_2022 = render.ranked_lines([result_of(u, 2022, snap) for u in
                                      ("so-beta", "so-alpha")], snap)
    beta, alpha = vn(total(2022, "so-beta"), 2), vn(total(2022, "so-alpha"), 2)
    assert lines_2022 == [f"<code>1.</code> Sở Beta &amp; Gamma · <b>{beta}</b>",
                          f"<code>2.</code> Sở Alpha · <b>{alpha}</b>"]
    lines_2023 = render.ranked_lines([result_of("so-delta", 2023, snap)], snap)
    assert lines_2023 == ["<code>1.</code> Sở Delta · <b>0,91500</b> ↑2"]


def test_list_headings_name_the_editions_group_and_band():
    assert cards.list_heading(DTI.group("xa"), 2022, DTI.level("kha"), 1) == (
        "<b>Khối UBND các xã, phường</b> · năm 2022 · mức khá (1 đơn vị)")
    assert cards.top_heading(RATIO.group("xa"), 2023, 2, worst=True) == (
        "<b>Khối UBND các xã, phường</b> · năm 2023 · 2 đơn vị thấp nhất")


def test_compare_table_has_one_row_per_sub_index_of_the_edition(snap):
    results = [result_of("so-alpha", 2022, snap), result_of("so-beta", 2022, snap)]
    rows = render.plain_text(render.compare_table(results, DTI)).splitlines()
    assert rows[0] == " " * 6 + "      A      B  Dẫn đầu"
    a, b = SCORES[2022]["so-alpha"], SCORES[2022]["so-beta"]
    for row, label, x, y in zip(rows[1:], LABELS, a, b, strict=False):
        leader = "A" if x > y else "B"
        assert row == f"{label:<6}{vn(x, 2):>7}{vn(y, 2):>7}  {leader}"
    assert rows[-1] == (f"{'Tổng':<6}{vn(sum(a), 2):>7}{vn(sum(b), 2):>7}  B")
    ratio = render.plain_text(render.compare_table(
        [result_of("so-alpha", 2023, snap), result_of("so-delta", 2023, snap)],
        snapshot=snap)).splitlines()
    assert ratio[-1] == f"{'Tổng':<6}{'0,81979':>8}{'0,91500':>8}  B"


# ---------------------------------------------------------------- improve

def test_improve_counts_points_to_the_next_band_of_the_edition(snap):
    found = improvement(snap, "so-alpha", 2022)
    assert found is not None
    assert found.next_level == "xuat_sac"
    assert found.points_to_next == round(450 - total(2022, "so-alpha"), 2)
    html = improvement_html(found, snap)
    assert "Cần thêm <b>37,65</b> điểm để đạt mức xuất sắc" in html
    assert "khoảng cách lớn nhất: chỉ số HĐCĐS <b>192,50/250</b>" in html
    best = max(SCORES[2022][u][5] for u in ("so-alpha", "so-beta", "so-delta"))
    gap = round(best - SCORES[2022]["so-alpha"][5], 2)
    assert (f"kém nhiều nhất ở chỉ số HĐCĐS: 192,50 so với {vn(best, 2)} "
            f"(kém {vn(gap, 2)} điểm)") in html
    ahead = round(total(2022, "so-beta") - total(2022, "so-alpha"), 2)
    assert f"Sở Beta &amp; Gamma: {vn(total(2022, 'so-beta'), 2)} điểm (hơn {vn(ahead, 2)}" in html


def test_improve_at_the_top_band_and_best_everywhere_under_the_ratio_edition(snap):
    html = improvement_html(improvement(snap, "so-delta", 2023), snap)
    assert "Đã đạt mức cao, mức cao nhất" in html
    assert "Ở cả sáu chỉ số thành phần, đơn vị đã bằng đơn vị cao nhất khối." in html
    beta = improvement_html(improvement(snap, "so-beta", 2023), snap)
    points = vn(round(0.8 - total(2023, "so-beta"), 5), 5)
    assert f"Cần thêm <b>{points}</b> điểm để đạt mức cao" in beta


def test_top_band_of_the_dti_edition_is_its_own(snap):
    html = improvement_html(improvement(snap, "so-beta", 2022), snap)
    assert "Đã đạt mức xuất sắc, mức cao nhất" in html
    assert "khá" not in html


# ---------------------------------------------------------------- about

def test_about_scoring_lists_the_editions_sub_indices_and_bands():
    text = render.plain_text(about_html("scoring", edition=DTI))
    assert "Tổng điểm (tối đa 500) là tổng của sáu chỉ số thành phần" in text
    assert "• HĐCĐS – Chỉ số hoạt động chuyển đổi số (250 điểm)" in text
    assert "Bốn mức theo tổng điểm:" in text
    assert "• Mức xuất sắc: tổng điểm từ 450 đến 500 điểm." in text
    assert "• Mức tốt: tổng điểm từ 400 đến dưới 450 điểm." in text
    assert "• Mức trung bình: tổng điểm dưới 300 điểm." in text
    assert "Nguồn: QĐ 2001/QĐ-UBND ngày 31/10/2022." in text
    assert "HTKT" not in text
    assert "tối đa 200" not in text


def test_about_a_weighted_edition_says_the_weights_and_shares():
    text = render.plain_text(about_html("scoring", edition=RATIO))
    assert "tổng có trọng số của sáu chỉ số thành phần" in text
    assert "• NTS – Chỉ số nhận thức số (1 điểm, trọng số 0,16667)" in text
    assert "• Mức cao: tổng điểm từ 0,8 đến 1 điểm." in text
    one = render.plain_text(about_html("nhan_thuc", edition=RATIO))
    assert f"({vn(100 / 6, 1)}%, trọng số 0,16667)" in one


def test_about_a_sub_index_and_the_asked_band():
    text = render.plain_text(about_html("hoat_dong", edition=DTI))
    assert "Chỉ số HĐCĐS: Chỉ số hoạt động chuyển đổi số" in text
    assert "Điểm tối đa: 250 trên tổng 500 điểm (50%)." in text
    html = about_html("levels", "tot", edition=DTI)
    assert "<b>• Mức tốt: tổng điểm từ 400 đến dưới 450 điểm.</b>" in html
    assert ("Hỏi thêm: <i>NTS là gì</i>, <i>chỉ số TCS gồm những gì</i>, "
            "<i>cách tính điểm</i>, <i>mức xuất sắc là bao nhiêu điểm</i>.") in html


# ---------------------------------------------------------------- year over year

def test_year_over_year_across_two_editions_compares_no_totals_or_counts(snap):
    html = year_change_html(year_change(snap, 2023), snap)
    text = render.plain_text(html)
    assert "• Sở Delta: tăng 2 bậc (hạng 1)" in text  # no "+… điểm" across methodologies
    assert "• Sở Alpha: lên mức cao (từ mức tốt)" in text
    assert "• Sở Beta & Gamma: xuống mức trung bình (từ mức xuất sắc)" in text
    assert "- Nhóm mức cao (0,8 điểm trở lên) có 2 đơn vị" in text
    assert "- Nhóm mức thấp (dưới 0,5 điểm) có 1 đơn vị: UBND phường Him Lam." in text
    assert "Năm 2022 được đánh giá theo bộ chỉ số khác" in text


# ---------------------------------------------------------------- charts

def test_profile_chart_takes_labels_maxima_and_footer_from_the_edition(snap):
    spec = chart_spec(ChartRequest("profile", ("so-alpha",), 2022), snap)
    assert isinstance(spec, ProfileChart)
    assert spec.categories == LABELS
    assert spec.maxima == DTI_MAXIMA
    assert spec.values == SCORES[2022]["so-alpha"]
    assert spec.footer == f"Tổng {vn(total(2022, 'so-alpha'), 2)}/500 · mức tốt · hạng 2/3"
    assert spec.level.legend == "tốt (400–<450)"


def test_group_chart_draws_the_editions_thresholds_and_axis(snap):
    spec = chart_spec(ChartRequest("group", (), 2022, "xa"), snap)
    assert isinstance(spec, GroupChart)
    assert spec.title == "Khối UBND các xã, phường – xếp hạng năm 2022 (2 đơn vị)"
    assert (spec.total_maximum, spec.thresholds) == (500, (300, 400, 450))
    assert spec.axis_label == "Tổng điểm (tối đa 500)"
    assert [b.level.legend for b in spec.bars] == ["khá (300–<400)", "trung bình (<300)"]
    ratio = chart_spec(ChartRequest("group", (), 2023, "so"), snap)
    assert (ratio.total_maximum, ratio.thresholds) == (1, (0.5, 0.8))
    assert ratio.bars[0].level.legend == "cao (0,8–1)"


def test_compare_and_history_charts_follow_each_years_edition(snap):
    spec = chart_spec(ChartRequest("compare", ("so-alpha", "so-beta"), 2023), snap)
    assert isinstance(spec, CompareChart)
    assert spec.categories == (*LABELS, "Tổng")
    assert spec.maxima == (1, 1, 1, 1, 1, 1, 1)
    history = chart_spec(ChartRequest("history", ("so-alpha",), 2023), snap)
    assert isinstance(history, HistoryChart)
    assert [(p.year, p.level.legend) for p in history.points] == [
        (2022, "tốt (400–<450)"), (2023, "cao (0,8–1)")]


def test_a_group_not_in_the_edition_gets_a_polite_answer(snap):
    from bot.charts.data import ChartUnavailable

    with pytest.raises(ChartUnavailable, match="khối sở hoặc khối xã, phường"):
        chart_spec(ChartRequest("group", (), 2022, "huyen"), snap)


@pytest.mark.parametrize(("kind", "units", "year", "group"), [
    ("profile", ("so-alpha",), 2022, None),
    ("group", (), 2023, "so"),
])
def test_charts_of_new_editions_render_as_png(snap, kind, units, year, group):
    from bot.charts.draw import render_png

    png = render_png(chart_spec(ChartRequest(kind, units, year, group), snap))
    assert png.startswith(b"\x89PNG")


def test_band_colours_run_from_green_to_red_for_any_number_of_bands():
    from bot.charts.data import level_style
    from bot.charts.draw import BAND_PALETTE, level_colour

    colours = [level_colour(level_style(DTI, b.key)) for b in DTI.levels]
    assert (colours[0], colours[-1]) == (BAND_PALETTE[0], BAND_PALETTE[-1])
    assert len(set(colours)) == 4


# ---------------------------------------------------------------- exports and tables

def test_export_columns_sections_and_bands_are_the_editions(snap):
    rows = export_rows(snap, 2022)
    assert rows[0].cells[0] == "Bộ chỉ số đánh giá chuyển đổi số 2022"
    header = list(rows[1].cells)
    assert header[:9] == ["STT", "Đơn vị", *(f"Chỉ số {label} (Điểm tối đa {m})"
                                             for label, m in zip(LABELS, DTI_MAXIMA,
                                                                 strict=True)),
                          "Tổng điểm (Điểm tối đa 500)"]
    assert header[9:] == ["Mức", "Xếp hạng"]  # 2022 is the first year: one rank column
    names = [row.cells[1] for row in rows[3:]]
    assert names[:3] == ["I. Khối các sở, ban, ngành tỉnh",
                         "Mức xuất sắc (từ 450 đến 500 điểm)", "Sở Beta & Gamma"]
    assert "II. Khối UBND các xã, phường" in names
    assert "Mức trung bình (dưới 300 điểm)" in names
    raw = export_bytes(snap, 2022, "csv").decode("utf-8-sig")
    alpha = next(r for r in csv.reader(io.StringIO(raw), delimiter=";") if r[1] == "Sở Alpha")
    assert alpha[2:10] == [*(vn(v, 2) for v in SCORES[2022]["so-alpha"]),
                           vn(total(2022, "so-alpha"), 2), "tốt"]


def test_ratio_export_keeps_five_decimals_in_csv_and_xlsx(snap, tmp_path):
    from openpyxl import load_workbook

    raw = export_bytes(snap, 2023, "csv").decode("utf-8-sig")
    alpha = next(r for r in csv.reader(io.StringIO(raw), delimiter=";") if r[1] == "Sở Alpha")
    assert (alpha[2], alpha[8]) == ("0,80000", "0,81979")
    path = tmp_path / "r.xlsx"
    path.write_bytes(export_bytes(snap, 2023, "xlsx"))
    sheet = load_workbook(path).active
    cell = next(row[8] for row in sheet.iter_rows() if row[1].value == "Sở Alpha")
    assert (cell.value, cell.number_format) == (0.81979, "0.00000")


def test_ranking_table_and_check_read_the_edition(snap):
    text = render_ranking(snap, 2022)
    assert text.startswith("Bộ chỉ số đánh giá chuyển đổi số 2022\n")
    assert "Mức tốt (từ 400 đến dưới 450 điểm)" in text
    assert "II. Khối UBND các xã, phường" in text
    header = next(line for line in text.splitlines() if line.startswith("Đơn vị"))
    assert header.split()[2:8] == list(LABELS)
    alpha = next(line for line in text.splitlines() if line.startswith("Sở Alpha"))
    assert alpha.split()[2:] == [*(f"{v:.2f}" for v in SCORES[2022]["so-alpha"]),
                                 f"{total(2022, 'so-alpha'):.2f}", "tốt", "2"]
    ratio = render_ranking(snap, 2023)
    assert "0.81979" in ratio
    assert "Mức cao (từ 0,8 đến 1 điểm)" in ratio
    assert f"2023 · Sở Delta: {NOTE}" in render_check(snap, [])


# ---------------------------------------------------------------- notices, inline, uploads

def test_notice_inline_and_upload_words_follow_the_edition(snap):
    line = render.plain_text(followed_line("so-alpha", 2022, snap))
    assert f"Tổng điểm: {vn(total(2022, 'so-alpha'), 2)}/500 · mức tốt" in line
    assert "Xếp hạng: 2/3 khối sở" in line
    assert inline_mode.inline_card_description(RATIO, 2023, 0.81979, "cao", 2, 3,
                                         RATIO.group("so")) == (
        "Năm 2023 · 0,81979/1 điểm, mức cao · hạng 2/3 khối sở")
    counts = level_counts(snap.table(2022, "so"))
    assert uploads.upload_level_counts(DTI, counts) == (
        "Số đơn vị theo mức: xuất sắc 1 · tốt 1 · khá 1 · trung bình 0")


def test_chart_hints_use_the_editions_group_words():
    assert charting.chart_pick_group(DTI) == (
        "Bạn muốn xem biểu đồ xếp hạng của khối nào? Gõ <code>/bieudo sở</code> hoặc "
        "<code>/bieudo phường</code>.")
    assert "<code>/bieudo khối xã, phường</code>" in charting.bieudo_empty(DTI)


# ---------------------------------------------------------------- strict HTML everywhere

def _views(snap, year: int) -> list[str]:
    edition = snap.edition(year)
    pages = [about_html(topic, edition=edition)
             for topic in (None, "scoring", "levels", *edition.subindex_keys)]
    pages.append(year_change_html(year_change(snap, year), snap))
    for unit_id in UNITS:
        result = result_of(unit_id, year, snap)
        pages.append(render.unit_card(result, snap))
        pages.append(views.detail_view(unit_id, year, snap) or "")
        pages.append(views.history_view(unit_id, snap))
        pages.append(views.compare_pick_view(unit_id, year, snap))
        pages.append(improvement_html(improvement(snap, unit_id, year), snap))
        pages.append(followed_line(unit_id, year, snap))
    for group in edition.groups:
        results = [result_of(r.unit_id, year, snap) for r in snap.table(year, group.key)]
        pages.append("\n".join([cards.list_heading(group, year, None, len(results)),
                                *render.ranked_lines(results, snap)]))
    compared = [result_of(u, year, snap) for u in ("so-alpha", "so-beta", "xa-him-lam")]
    pages.append(f"<pre>{render.compare_table(compared, edition)}</pre>")
    return pages


@pytest.mark.parametrize("year", [2022, 2023])
def test_every_view_is_strict_html_under_each_edition(snap, year):
    for page in _views(snap, year):
        assert_sendable(page)
    for unit_id in UNITS:
        assert_buttons_fit(unit_keyboard(unit_id, year, snap))
        assert_buttons_fit(compare_pick_keyboard(unit_id, year, snap))


def test_detail_view_lists_every_sub_index_with_the_groups_median_and_best(snap):
    html = views.detail_view("so-alpha", 2022, snap)
    assert html is not None
    values = {u: SCORES[2022][u] for u in ("so-alpha", "so-beta", "so-delta")}
    for i, (label, key) in enumerate(zip(LABELS, KEYS, strict=True)):
        column = sorted(v[i] for v in values.values())
        assert f"<b>{label}</b> – " in html
        assert (f"Trung vị khối: {vn(column[1], 2)} · cao nhất khối: {vn(column[2], 2)}"
                in html), key


def test_about_answers_read_the_edition_of_the_year_asked_or_the_latest(snap):
    from bot.answer import build_answer
    from bot.query import Query

    latest = build_answer("", Query(kind="about", topic="scoring"), snap)
    assert "(1 điểm, trọng số 0,16667)" in latest.text  # 2023 is the latest year
    asked = build_answer("", Query(kind="about", topic="scoring", year=2022), snap)
    assert "Tổng điểm (tối đa 500) là tổng của sáu chỉ số thành phần" in asked.text
    assert "trọng số" not in asked.text
