"""Charts: every unit's charts render, with every glyph in the font, small enough to send."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

from bot.charts import draw as charts
from bot.charts.data import (
    ChartRequest,
    ChartUnavailable,
    GroupChart,
    HistoryChart,
    HistoryPoint,
    cache_key,
    chart_spec,
    request_for_names,
    short_name,
)
from bot.matcher import NameIndex
from storage.snapshot import Snapshot, load_snapshot
from storage.store import ensure_database
from tests.conftest import DATA
from tests.keys2019 import Group

PNG = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 200_000
UNIT_IDS = [line.split(",", 1)[0]
            for line in (DATA / "units.csv").read_text(encoding="utf-8").splitlines()[1:]]
OTHER = {"so-y-te": "so-tu-phap"}  # compare each unit with Sở Y tế (Sở Y tế with Sở Tư pháp)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    db = ensure_database(tmp_path_factory.mktemp("charts") / "egov.db", DATA)
    try:
        return load_snapshot(db)
    finally:
        db.close()


@pytest.fixture(scope="module")
def fonts() -> dict[str, tuple[str, set[int]]]:
    """Family and characters of each font file a chart used, read once per file."""
    return {}


def render(spec) -> tuple[bytes, list]:
    """PNG bytes and the drawn Text artists, exactly as `charts.render_png` renders."""
    from matplotlib.text import Text

    with matplotlib.rc_context(charts.STYLE):
        figure = charts.draw(spec)
        png = charts.to_png(figure)  # a missing glyph warns here: filterwarnings=error
    return png, [t for t in figure.findobj(Text) if t.get_visible() and t.get_text()]


def assert_every_glyph_in_font(artists: list, fonts: dict[str, tuple[str, set[int]]]) -> None:
    """Each text is set in the chart font, and that font file has each of its characters."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    for artist in artists:
        path = font_manager.findfont(artist.get_fontproperties(), fallback_to_default=False)
        if path not in fonts:
            font = FT2Font(path)
            fonts[path] = (font.family_name, set(font.get_charmap()))
        family, charmap = fonts[path]
        assert family == charts.FONT_FAMILY, artist.get_text()
        missing = {c for c in artist.get_text() if c != "\n" and ord(c) not in charmap}
        assert not missing, f"{artist.get_text()!r} has no glyph for {missing}"


def png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def assert_sendable(png: bytes) -> None:
    assert png.startswith(PNG)
    assert len(png) < MAX_BYTES
    width, height = png_size(png)
    assert 800 <= width <= 1000
    assert height <= 2 * width


def requests_for(unit_id: str, year: int) -> list[ChartRequest]:
    other = OTHER.get(unit_id, "so-y-te")
    return [ChartRequest("history", (unit_id,), year), ChartRequest("profile", (unit_id,), year),
            ChartRequest("group", (unit_id,), year),
            ChartRequest("compare", (unit_id, other), year)]


def assert_renders(request: ChartRequest, snapshot: Snapshot, fonts) -> str:
    """Render, check size and glyphs; return everything written on the chart."""
    png, artists = render(chart_spec(request, snapshot))
    assert_sendable(png)
    assert_every_glyph_in_font(artists, fonts)
    return "\n".join(a.get_text() for a in artists).replace("\n", " ")


def last_words(unit_id: str, snapshot: Snapshot) -> str:
    return " ".join(snapshot.registry.get(unit_id).name.split()[-2:])


# Every unit on every kind of chart, in 29 × 2 + 2 + 5 renders: the group charts highlight
# every unit of their group at once and each comparison shows six units.
@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_history_and_profile_of_every_unit_render_with_vietnamese_glyphs(
        unit_id, snapshot, fonts):
    for kind in ("history", "profile"):
        drawn = assert_renders(ChartRequest(kind, (unit_id,)), snapshot, fonts)
        assert last_words(unit_id, snapshot) in drawn


@pytest.mark.parametrize("group", list(Group))
def test_group_chart_of_each_group_renders_every_unit(group, snapshot, fonts):
    unit_ids = tuple(u.id for u in snapshot.registry.in_group(group))
    drawn = assert_renders(ChartRequest("group", unit_ids), snapshot, fonts)
    for unit_id in unit_ids:
        assert last_words(unit_id, snapshot) in drawn


@pytest.mark.parametrize("start", range(0, len(UNIT_IDS), 6))
def test_comparisons_render_every_unit(start, snapshot, fonts):
    unit_ids = tuple(UNIT_IDS[start:start + 6])
    if len(unit_ids) == 1:
        unit_ids += ("so-y-te",)
    drawn = assert_renders(ChartRequest("compare", unit_ids), snapshot, fonts)
    for unit_id in unit_ids:
        assert last_words(unit_id, snapshot) in drawn


@pytest.mark.parametrize("year", [2017, 2018])
def test_rank_only_years_draw_history_and_politely_refuse_scores(year, snapshot):
    for unit_id in UNIT_IDS:
        history, profile, group, compare = requests_for(unit_id, year)
        spec = chart_spec(history, snapshot)
        assert isinstance(spec, HistoryChart)
        assert [p.year for p in spec.points] == [y for y in (2017, 2018) if y <= year]
        for request in (profile, group, compare):
            with pytest.raises(ChartUnavailable, match=f"Năm {year} báo cáo chỉ công bố"):
                chart_spec(request, snapshot)
    png, _ = render(chart_spec(ChartRequest("history", ("so-y-te",), year), snapshot))
    assert_sendable(png)


def test_history_shows_each_years_rank_group_size_and_level(snapshot):
    spec = chart_spec(ChartRequest("history", ("so-tttt",)), snapshot)
    assert isinstance(spec, HistoryChart)
    assert spec.title == "Sở Thông tin và Truyền thông – lịch sử xếp hạng (khối sở, 19 đơn vị)"
    assert [(p.year, p.rank, p.size, p.level and p.level.key) for p in spec.points] == [
        (2017, 4, 19, None), (2018, 6, 19, None), (2019, 2, 19, "kha")]
    assert spec.points[-1].level.legend == "khá (150–200)"


def test_group_chart_is_in_rank_order_coloured_by_level_with_the_unit_highlighted(snapshot):
    spec = chart_spec(ChartRequest("group", ("h-muong-nhe",)), snapshot)
    assert isinstance(spec, GroupChart)
    assert spec.title.startswith("Khối UBND huyện, thị xã, thành phố – xếp hạng năm 2019")
    assert [b.rank for b in spec.bars] == list(range(1, 11))
    assert [b.label for b in spec.bars if b.highlighted] == ["huyện Mường Nhé"]
    assert spec.bars[-1].level.key == "trung_binh"
    assert all(b.level.key == "kha" for b in spec.bars[:-1])


def test_a_group_chart_can_be_asked_by_group(snapshot):
    by_group = chart_spec(ChartRequest("group", (), None, Group.SO), snapshot)
    assert isinstance(by_group, GroupChart)
    assert len(by_group.bars) == 19
    assert not any(b.highlighted for b in by_group.bars)


@pytest.mark.parametrize(("request_", "message"), [
    (ChartRequest("history", ("so-y-te",), 2030), "Chưa có kết quả năm 2030"),
    (ChartRequest("compare", ("so-y-te",)), "Cần ít nhất hai đơn vị"),
    (ChartRequest("compare", ("so-y-te", "so-y-te")), "Cần ít nhất hai đơn vị"),
    (ChartRequest("compare", tuple(UNIT_IDS[:7])), "tối đa 6 đơn vị"),
    (ChartRequest("group", ()), "khối sở hoặc khối huyện"),
    (ChartRequest("history", ("khong-co",)), "Không tìm thấy đơn vị"),
])
def test_impossible_charts_say_why_in_vietnamese(request_, message, snapshot):
    with pytest.raises(ChartUnavailable, match=message):
        chart_spec(request_, snapshot)


def test_missing_glyphs_fail_loudly():
    """The guard the glyph test relies on: a letter the font lacks is a warning (an error)."""
    spec = HistoryChart("Ký tự lạ: 漢", (HistoryPoint(2019, 1, 10, None),))
    with pytest.warns(UserWarning, match="missing from font"):
        render(spec)


def test_cache_key_follows_the_resolved_year_and_the_data_version(snapshot):
    latest = cache_key(ChartRequest("history", ("so-y-te",)), snapshot)
    assert latest == cache_key(ChartRequest("history", ("so-y-te",), 2019), snapshot)
    assert latest[-1] == snapshot.version
    assert latest != cache_key(ChartRequest("history", ("so-y-te",), 2018), snapshot)


@pytest.mark.parametrize(("names", "kind", "expected"), [
    (["Sở Y tế"], None, ChartRequest("history", ("so-y-te",))),
    (["Sở Y tế", "Sở Tư pháp"], None, ChartRequest("compare", ("so-y-te", "so-tu-phap"))),
    (["Sở Y tế và Sở Tư pháp"], "compare", ChartRequest("compare", ("so-y-te", "so-tu-phap"))),
    (["sở"], None, ChartRequest("group", (), None, Group.SO)),
    (["huyện"], "group", ChartRequest("group", (), None, Group.HUYEN)),
    (["Mường Nhé"], "group", ChartRequest("group", ("h-muong-nhe",))),
    (["Sở Y tế 2018"], None, ChartRequest("history", ("so-y-te",), 2018)),
])
def test_egov_chart_names_become_requests(names, kind, expected, snapshot):
    index = NameIndex(snapshot.registry)
    assert request_for_names(names, index, snapshot, kind=kind) == expected


@pytest.mark.parametrize(("name", "message"), [
    ("Bộ Quốc phòng", "Không tìm thấy đơn vị «Bộ Quốc phòng»"),
    ("so giao", "có thể là: Sở Giao thông Vận tải; Sở Giáo dục và Đào tạo"),
])
def test_egov_chart_rejects_unknown_and_ambiguous_names(name, message, snapshot):
    with pytest.raises(ChartUnavailable, match=message):
        request_for_names([name], NameIndex(snapshot.registry), snapshot)


@pytest.mark.parametrize(("name", "short"), [
    ("UBND huyện Mường Nhé", "huyện Mường Nhé"),
    ("UBND thị xã Mường Lay", "thị xã Mường Lay"),
    ("UBND Thành Phố Điện Biên Phủ", "TP Điện Biên Phủ"),
    ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Sở Y tế", "Sở Y tế"),
])
def test_group_labels_drop_only_the_shared_ubnd(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(("size", "ticks"), [
    (19, [1, 5, 10, 15, 19]), (10, [1, 2, 4, 6, 8, 10]), (16, [1, 5, 10, 16]),
    (5, [1, 2, 3, 4, 5]), (1, [1]),
])
def test_rank_axis_has_integer_ticks_from_first_to_last(size, ticks):
    assert charts.rank_ticks(size) == ticks


@pytest.mark.parametrize(("label", "lines"), [
    ("7. Sở Tư pháp", "7. Sở Tư pháp"),
    ("2. Sở Thông tin và Truyền thông", "2. Sở Thông tin\nvà Truyền thông"),
])
def test_long_labels_wrap_onto_two_balanced_lines(label, lines):
    assert charts.two_lines(label) == lines


def test_egov_chart_writes_a_png(db_path: Path, tmp_path: Path, capsys):
    from bot.cli import main

    out = tmp_path / "so-sanh.png"
    assert main(["chart", "Sở Y tế", "Sở Tư pháp", "--kind", "compare", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(PNG)
    assert "So sánh Sở Y tế và Sở Tư pháp" in capsys.readouterr().out
    assert main(["chart", "Bộ Quốc phòng", "-o", str(tmp_path / "x.png")]) == 1
    assert "Không tìm thấy đơn vị «Bộ Quốc phòng»" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
