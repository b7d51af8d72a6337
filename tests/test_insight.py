"""Year over year: rises, falls, level changes and the report-style summary, from the data."""

from __future__ import annotations

import csv

import pytest

from bot.insight import year_change, year_change_html
from bot.render import plain_text
from storage.snapshot import load_snapshot
from storage.store import publish
from tests.conftest import DATA, HEADER, rows_2020
from tests.keys2019 import Group, Level


def table_2019() -> list[dict]:
    """The report's 2019 table read straight from the data file (the independent side)."""
    with (DATA / "results" / "2019.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for i, row in enumerate(rows):
        row["group"] = Group.SO if i < 19 else Group.HUYEN
        row["change"] = int(row["Xếp hạng 2018"]) - int(row["Xếp hạng 2019"])
        total = float(row["Tổng điểm"])
        row["level"] = "khá" if total >= 150 else "trung bình" if total >= 100 else "thấp"
    return rows


def test_summary_counts_match_the_table(db):
    snapshot = load_snapshot(db)
    text = plain_text(year_change_html(year_change(snapshot, 2019), snapshot))
    rows = table_2019()
    for group, noun in ((Group.SO, "cơ quan"), (Group.HUYEN, "đơn vị")):
        for level, band in (("khá", "150 điểm trở lên"),
                            ("trung bình", "từ 100 đến dưới 150 điểm")):
            count = sum(r["group"] is group and r["level"] == level for r in rows)
            assert f"Nhóm mức {level} ({band}) có {count} {noun}" in text
    assert text.count("Nhóm mức thấp (dưới 100 điểm): không có.") == 2
    assert "Nhóm mức khá (150 điểm trở lên) có 15 cơ quan" in text
    assert "có 4 cơ quan: Sở Xây dựng, Sở Khoa học và Công nghệ, Sở Ngoại vụ, Ban Dân tộc." in text


def test_khá_summary_names_every_khá_unit_that_rose(db):
    snapshot = load_snapshot(db)
    text = plain_text(year_change_html(year_change(snapshot, 2019), snapshot))
    for row in table_2019():
        phrase = f"{row['Đơn vị']} tăng {row['change']} bậc"
        if row["level"] == "khá" and row["change"] > 0:
            assert phrase in text


@pytest.mark.parametrize("group", list(Group))
def test_biggest_rises_and_falls_are_the_largest_rank_changes(db, group):
    snapshot = load_snapshot(db)
    found = next(g for g in year_change(snapshot, 2019).groups if g.group == group)
    rows = [r for r in table_2019() if r["group"] is group]
    ups = sorted((r["change"] for r in rows if r["change"] > 0), reverse=True)
    downs = sorted(r["change"] for r in rows if r["change"] < 0)
    assert [m.change for m in found.rises][:3] == ups[:3]
    assert [m.change for m in found.falls][:3] == downs[:3]
    # ties with the last one shown are shown too, nothing smaller is
    assert min(m.change for m in found.rises) == ups[min(2, len(ups) - 1)]
    assert max(m.change for m in found.falls) == downs[min(2, len(downs) - 1)]


def test_unknown_previous_levels_are_said_not_invented(db):
    snapshot = load_snapshot(db)
    change = year_change(snapshot, 2019)
    assert all(g.level_changes is None and g.previous_counts is None for g in change.groups)
    text = plain_text(year_change_html(change, snapshot))
    assert "Năm 2018 báo cáo chỉ công bố thứ hạng nên không biết mức" in text
    assert "không so sánh được số đơn vị mỗi mức với năm 2018" in text
    assert "lên mức" not in text
    assert "xuống mức" not in text


def test_rank_only_year_has_moves_but_no_levels(db):
    snapshot = load_snapshot(db)
    text = plain_text(year_change_html(year_change(snapshot, 2018), snapshot))
    assert "Sở Kế hoạch và Đầu tư: tăng 7 bậc (hạng 7)" in text
    assert "Sở Nội vụ: giảm 7 bậc (hạng 12)" in text
    assert text.count("Năm 2018 báo cáo chỉ công bố thứ hạng nên không có mức để tổng hợp.") == 2


def test_first_year_has_nothing_to_compare_with(db):
    snapshot = load_snapshot(db)
    change = year_change(snapshot, 2017)
    assert (change.previous, change.groups[0].rises) == (None, ())
    assert "Chưa có kết quả năm 2016" in year_change_html(change, snapshot)


def test_level_changes_and_khá_growth_between_two_scored_years(db, write_sheet):
    changed = {"Sở Xây dựng": ["25.0", "80.0", "30.0", "25.0"],  # 142.8 → 160.0: lên khá
               "Thanh tra tỉnh": ["19.9", "60.0", "30.0", "30.0"]}  # 151.9 → 139.9: xuống
    rows = [[r[0], *changed[r[0]]] if r[0] in changed else r for r in rows_2020()]
    publish(db, write_sheet(rows, HEADER), 2020)
    snapshot = load_snapshot(db)
    so = next(g for g in year_change(snapshot, 2020).groups if g.group == Group.SO)
    before = {r.unit_id: r.level for r in snapshot.table(2019, Group.SO)}
    after = {r.unit_id: r.level for r in snapshot.table(2020, Group.SO)}
    assert {(c.unit_id, c.before, c.after) for c in so.level_changes} == {
        (u, before[u], after[u]) for u in after if before[u] != after[u]}
    assert ("so-xay-dung", Level.TRUNG_BINH, Level.KHA) in {
        (c.unit_id, c.before, c.after) for c in so.level_changes}
    text = plain_text(year_change_html(year_change(snapshot, 2020), snapshot))
    assert "Sở Xây dựng: lên mức khá (từ mức trung bình)" in text
    assert "Thanh tra tỉnh: xuống mức trung bình (từ mức khá)" in text
    growth = sum(lv == Level.KHA for lv in after.values()) - sum(
        lv == Level.KHA for lv in before.values())
    expected = "giữ nguyên số đơn vị" if growth == 0 else (
        f"tăng {growth} cơ quan" if growth > 0 else f"giảm {-growth} cơ quan")
    assert f"So với năm 2019, nhóm mức khá {expected}." in text
    xay_dung = next(m for m in so.rises if m.unit_id == "so-xay-dung")
    assert xay_dung.total_change == 17.2
