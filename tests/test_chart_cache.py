"""The chart cache: a second request is a lookup, and a publish makes old charts unreachable."""

from __future__ import annotations

from pathlib import Path

from bot.charts.cache import ChartCache
from bot.charts.data import ChartRequest, cache_key, chart_spec
from bot.service import AnswerService
from storage.snapshot import load_snapshot
from storage.store import ensure_database, publish
from tests.conftest import rows_2020

HISTORY = ChartRequest("history", ("so-y-te",))


class CountingRenderer:
    """Renders real charts and counts how often it had to."""

    def __init__(self, spec):
        self.spec = spec
        self.calls = 0

    def __call__(self) -> bytes:
        from bot.charts.draw import render_png

        self.calls += 1
        return render_png(self.spec)


def test_the_same_chart_twice_is_rendered_once_and_is_the_same_bytes(db):
    snapshot = load_snapshot(db)
    cache = ChartCache()
    render = CountingRenderer(chart_spec(HISTORY, snapshot))
    key = cache_key(HISTORY, snapshot)
    first = cache.get_or_render(key, render)
    second = cache.get_or_render(key, render)
    assert second == first
    assert first.startswith(b"\x89PNG")
    assert render.calls == 1
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_least_recently_used_chart_goes_first():
    cache = ChartCache(max_charts=2)
    cache.put(("a", "v1"), b"a")
    cache.put(("b", "v1"), b"b")
    assert cache.get(("a", "v1")) == b"a"
    cache.put(("c", "v1"), b"c")
    assert cache.get(("b", "v1")) is None
    assert cache.get(("a", "v1")) == b"a"
    assert len(cache) == 2


def test_storing_a_chart_of_a_new_data_version_drops_the_old_ones():
    cache = ChartCache()
    cache.put(("a", "v1"), b"a")
    cache.put(("b", "v1"), b"b")
    cache.put(("a", "v2"), b"A")
    assert cache.get(("a", "v1")) is None
    assert cache.get(("b", "v1")) is None
    assert cache.get(("a", "v2")) == b"A"


def test_the_data_version_is_stable_until_the_data_changes(db):
    assert load_snapshot(db).version == load_snapshot(db).version
    assert len(load_snapshot(db).version) == 16


def test_a_publish_from_another_connection_invalidates_cached_charts(
        db, db_path: Path, data_dir: Path, write_sheet):
    service = AnswerService(db)
    cache = ChartCache()
    before = service.snapshot
    old_key = cache_key(HISTORY, before)
    old_png = cache.get_or_render(old_key, CountingRenderer(chart_spec(HISTORY, before)))

    other = ensure_database(db_path, data_dir)  # as `egov publish` in another process
    try:
        publish(other, write_sheet(), 2020)
    finally:
        other.close()
    assert service.refresh()
    after = service.snapshot
    new_key = cache_key(HISTORY, after)
    assert after.version != before.version
    assert cache.get(new_key) is None
    render = CountingRenderer(chart_spec(HISTORY, after))
    new_png = cache.get_or_render(new_key, render)
    assert render.calls == 1
    assert new_png != old_png
    assert cache.get(old_key) is None


def test_replacing_a_year_with_other_figures_changes_the_version(db, write_sheet):
    publish(db, write_sheet(), 2020)
    published = load_snapshot(db).version
    publish(db, write_sheet(), 2020, replace=True, dry_run=True)
    assert load_snapshot(db).version == published  # a dry run changes nothing
    publish(db, write_sheet(), 2020, replace=True)
    assert load_snapshot(db).version == published  # the same figures: the same charts
    rows = rows_2020()
    rows[0][2] = "99.0"
    publish(db, write_sheet(rows, name="sua.csv"), 2020, replace=True)
    assert load_snapshot(db).version != published
