"""Chart rendering: cold and cached, beside a bare matplotlib figure; and whether questions
still get quick answers while charts render inside a running `egov bot`.

Part 1 renders in this process: a baseline (a bare figure with one bar saved as PNG), each
kind of chart drawn from scratch, and the cached path the bot takes on a repeat request
(spec + key + LRU lookup). Part 2 runs `egov bot` as a process against the fake Bot API and
measures text-query latency alone, then while several uncached charts render concurrently.
Part 3 shows why charts are drawn in a separate process rather than a thread: how long an
event loop in this process stalls while charts are drawn beside it either way. Figures are
medians; the machine has 2 noisy shared cores.

    python bench/bench_charts.py [--rounds 7] [--queries 60] [--concurrent 4]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.timing import median_ms  # noqa: E402
from tests.support.fake_bot_api import FakeBotApi  # noqa: E402

QUERIES = ["Sở Y tế 2019", "so y te", "STTTT", "huyện khá", "top 3 sở", "Tuần Giáo",
           "so sánh Sở Y tế và Sở Tư pháp", "GD&ĐT", "5 sở thấp nhất", "Sở Xây dựng năm 2018"]
FIRST_CHART = """
import time
started = time.perf_counter()
from bot.charts.data import ChartRequest, chart_spec
from bot.charts.draw import render_png
from storage.snapshot import load_snapshot
from storage.store import ensure_database
spec = chart_spec(ChartRequest("history", ("so-y-te",)), load_snapshot(ensure_database()))
loaded = time.perf_counter()
render_png(spec)
print(loaded - started, time.perf_counter() - loaded)
"""



def baseline_png() -> bytes:
    """A bare matplotlib figure with one bar, saved as PNG: the floor for any chart."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 6), dpi=100)
    FigureCanvasAgg(figure)
    figure.add_subplot().bar([1], [1])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def first_chart_in_fresh_process(env: dict[str, str]) -> tuple[float, float]:
    """Seconds to load data + matplotlib, then to draw the very first chart."""
    out = subprocess.run([sys.executable, "-c", FIRST_CHART], cwd=REPO, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def part_one(rounds: int, env: dict[str, str]) -> None:
    from bot.charts.cache import ChartCache
    from bot.charts.data import ChartRequest, cache_key, chart_spec
    from bot.charts.draw import render_png
    from scoring.models import Group
    from storage.snapshot import load_snapshot
    from storage.store import ensure_database

    load_s, first_s = first_chart_in_fresh_process(env)
    snapshot = load_snapshot(ensure_database())
    charts = [
        ("history · Sở Y tế", ChartRequest("history", ("so-y-te",))),
        ("profile · Sở Nông nghiệp và PTNT", ChartRequest("profile", ("so-nnptnt",))),
        ("group · khối sở (19 bars)", ChartRequest("group", ("so-y-te",))),
        ("group · khối huyện (10 bars)", ChartRequest("group", (), None, Group.HUYEN)),
        ("compare · 2 units", ChartRequest("compare", ("so-y-te", "so-tu-phap"))),
        ("compare · 6 units", ChartRequest("compare", (
            "so-y-te", "so-tu-phap", "h-muong-nhe", "so-nnptnt", "h-nam-po", "so-noi-vu"))),
    ]
    baseline_png()  # warm fonts and caches like the charts below
    render_png(chart_spec(charts[0][1], snapshot))
    baseline = median_ms(baseline_png, rounds)
    print(f"Part 1 · in process, median of {rounds} rounds")
    print(f"  {'':<38}{'ms':>9}{'KB':>7}{'× baseline':>12}")
    print(f"  {'baseline: bare figure, 1 bar → PNG':<38}{baseline:>9.1f}"
          f"{len(baseline_png()) / 1024:>7.0f}{'1.0':>12}")
    cold = []
    for label, request in charts:
        spec = chart_spec(request, snapshot)
        ms = median_ms(lambda spec=spec: render_png(spec), rounds)
        cold.append(ms)
        size = len(render_png(spec)) / 1024
        print(f"  {'cold ' + label:<38}{ms:>9.1f}{size:>7.0f}{ms / baseline:>12.1f}")

    cache = ChartCache()
    request = charts[2][1]
    cache.put(cache_key(request, snapshot), render_png(chart_spec(request, snapshot)))

    def cached() -> bytes | None:
        chart_spec(request, snapshot)  # the bot checks the request before the lookup
        return cache.get(cache_key(request, snapshot))

    cached_ms = median_ms(cached, rounds * 100)
    print(f"  {'cached (spec + key + LRU lookup)':<38}{cached_ms:>9.3f}")
    print(f"  first chart in a fresh process: {first_s * 1000:.0f} ms "
          f"(after {load_s * 1000:.0f} ms importing matplotlib + loading data)")
    print(f"  cold: median {statistics.median(cold):.0f} ms, worst {max(cold):.0f} ms "
          f"(target ≤ 300 ms); cached {cached_ms:.3f} ms (target ≤ 5 ms)")


# ---------------------------------------------------------------- part 2: the running bot

def spawn_bot(server: FakeBotApi, env: dict[str, str]) -> subprocess.Popen:
    env = {**env, "TELEGRAM_BOT_TOKEN": server.token,
           "TELEGRAM_API_BASE_URL": server.base_url, "EGOV_MAX_RATE": "0",
           "EGOV_LOG_LEVEL": "WARNING", "EGOV_FLOOD_MESSAGES": "100000"}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "bot"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def reply_ms(server: FakeBotApi, chat_id: int, text: str) -> float:
    started = time.monotonic()
    server.send_text(chat_id, text)
    await server.wait_for(lambda s: s.sent(chat_id), timeout=60)
    return (server.sent(chat_id)[0].sent_at - started) * 1000


async def query_latencies(server: FakeBotApi, count: int, first_chat: int) -> list[float]:
    """Text questions one after another, 10 a second, each from a new chat."""
    latencies = []
    for i in range(count):
        latencies.append(await reply_ms(server, first_chat + i, QUERIES[i % len(QUERIES)]))
        await asyncio.sleep(0.1)
    return latencies


def chart_commands() -> list[str]:
    """Distinct charts, so none is served from the cache."""
    from scoring.registry import load_registry

    ids = [u.name for u in load_registry(REPO / "data" / "units.csv")]
    return ([f"/bieudo {name}" for name in ids]
            + [f"/bieudo {a}, {b}" for a, b in itertools.pairwise(ids)])


async def keep_rendering(server: FakeBotApi, commands: list[str], concurrent: int,
                         stop: asyncio.Event, rendered: list[float]) -> None:
    """Keep `concurrent` uncached chart requests in flight until `stop` is set."""
    pending = iter(enumerate(commands))

    async def worker() -> None:
        for i, command in pending:
            if stop.is_set():
                return
            rendered.append(await reply_ms(server, 900_000 + i, command))

    await asyncio.gather(*(worker() for _ in range(concurrent)))


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered):6.1f} ms, p95 {p95:6.1f} ms, max {ordered[-1]:6.1f}"


async def part_two(queries: int, concurrent: int, env: dict[str, str]) -> None:
    async with FakeBotApi(enforce_rate_limits=False) as server:
        bot = spawn_bot(server, env)
        try:
            await server.wait_for(lambda s: any(r.method == "getUpdates" for r in s.requests),
                                  timeout=30)
            await reply_ms(server, 1, "Sở Y tế")  # warm the bot up
            first = await reply_ms(server, 2, "/bieudo Sở Y tế")
            cold = await reply_ms(server, 3, "/bieudo Sở Tư pháp")
            cached = [await reply_ms(server, 4 + i, "/bieudo Sở Tư pháp") for i in range(5)]
            alone = await query_latencies(server, queries, 10_000)
            stop, rendered = asyncio.Event(), []
            load = asyncio.create_task(
                keep_rendering(server, chart_commands(), concurrent, stop, rendered))
            await asyncio.sleep(0.3)  # let the chart thread get busy first
            during = await query_latencies(server, queries, 20_000)
            stop.set()
            await load
        finally:
            bot.terminate()
            bot.wait(timeout=20)
    print(f"Part 2 · `egov bot` against the fake Bot API (limiter off), {queries} queries")
    print(f"  /bieudo reply: first chart in the process {first:.0f} ms, another cold chart "
          f"{cold:.0f} ms, cached {statistics.median(cached):.1f} ms")
    print(f"  text queries, no charts:                 {summary(alone)}")
    print(f"  text queries, {concurrent} charts always rendering:  {summary(during)}")
    print(f"  charts replied meanwhile: {len(rendered)}, each {summary(rendered)}")
    ratio = statistics.median(during) / statistics.median(alone)
    print(f"  query p50 with charts / without: {ratio:.2f}")


# ---------------------------------------------------------------- part 3: thread or process

async def loop_stalls(seconds: float, draw: Callable[[], object] | None) -> list[float]:
    """How late 1 ms sleeps wake up while `draw` keeps drawing charts beside the loop."""
    stop = asyncio.Event()

    async def keep_drawing() -> None:
        while not stop.is_set():
            await draw()

    drawing = asyncio.create_task(keep_drawing()) if draw is not None else None
    lags, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        started = time.perf_counter()
        await asyncio.sleep(0.001)
        lags.append((time.perf_counter() - started - 0.001) * 1000)
    stop.set()
    if drawing is not None:
        await drawing
    return sorted(lags)


async def part_three(seconds: float) -> None:
    from bot.charts.data import ChartRequest, chart_spec
    from bot.charts.draw import render_png
    from bot.charts.worker import ChartRenderer
    from storage.snapshot import load_snapshot
    from storage.store import ensure_database

    spec = chart_spec(ChartRequest("group", ("so-y-te",)), load_snapshot(ensure_database()))
    renderer = ChartRenderer()
    await renderer.render(spec)  # start the chart process before measuring
    ways = [("idle", None),
            ("charts drawn in a thread", lambda: asyncio.to_thread(render_png, spec)),
            ("charts drawn in the chart process", lambda: renderer.render(spec))]
    print(f"Part 3 · event-loop stalls over {seconds:.0f} s (1 ms sleeps, lateness in ms)")
    for label, draw in ways:
        lags = await loop_stalls(seconds, draw)
        print(f"  {label:<36} p50 {statistics.median(lags):6.2f}, "
              f"p99 {lags[int(len(lags) * 0.99)]:6.2f}, max {lags[-1]:6.1f}")
    renderer.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--concurrent", type=int, default=4)
    parser.add_argument("--stall-seconds", type=float, default=6.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "EGOV_DB": str(Path(tmp) / "egov.db")}
        os.environ["EGOV_DB"] = env["EGOV_DB"]
        part_one(args.rounds, env)
        print()
        asyncio.run(part_two(args.queries, args.concurrent, env))
        print()
        asyncio.run(part_three(args.stall_seconds))


if __name__ == "__main__":
    main()
