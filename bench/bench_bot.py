"""egov-bot against the fake Bot API, beside two baselines measured the same way: a plain
PTB echo bot with PTB's defaults (bench/echo_bot.py) and a plain aiogram 3 echo bot
(bench/aiogram_echo_bot.py; needs `pip install -e '.[bench]'`).

All bots run as real processes long-polling a fake Bot API server in this process. Each
round runs every bot once, in a rotating order; figures are medians and the ratios are taken
round by round (one round is noisy by ±15% on this shared machine).

    python bench/bench_bot.py [--rounds 3] [--burst 2000] [--chats 200] [--transport httpx]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.fake_bot_api import FakeBotApi  # noqa: E402

QUERIES = [
    "Sở Y tế 2019", "so y te", "STTTT", "huyện khá", "top 3 sở", "so sánh Sở Y tế và Sở Tư pháp",
    "so noi vu", "Tuần Giáo", "GD&ĐT", "5 sở thấp nhất", "Sở Xây dựng năm 2018", "khcn 2017",
    "cho mình hỏi điểm Sở Nội vụ", "các huyện mức trung bình", "TX Mường Lay", "Điện Biên Đông",
]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Figures:
    startup_s: float = 0.0
    first_reply_ms: float = 0.0
    throughput: float = 0.0
    cpu_ms_per_update: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    rss_mib: float = 0.0
    server_cpu_share: float = 0.0  # the fake server's CPU time / wall time during the burst
    latencies: list[float] = field(default_factory=list)


COMMANDS = {
    "egov": ["-m", "bot.cli", "bot"],
    "ptb": [str(REPO / "bench" / "echo_bot.py")],
    "aiogram": [str(REPO / "bench" / "aiogram_echo_bot.py")],
}
LABELS = {"egov": "egov-bot", "ptb": "PTB echo", "aiogram": "aiogram echo"}


def spawn(kind: str, server: FakeBotApi, db: Path, max_rate: str) -> subprocess.Popen:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": server.token,
           "TELEGRAM_API_BASE_URL": server.base_url, "EGOV_DB": str(db),
           "EGOV_MAX_RATE": max_rate, "EGOV_LOG_LEVEL": "WARNING",
           "EGOV_FLOOD_MESSAGES": "100000"}
    command = [sys.executable, *COMMANDS[kind]]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


async def wait_replies(server: FakeBotApi, total: int, limit_s: float = 120) -> None:
    await server.wait_for(lambda s: len(s.sent()) >= total, timeout=limit_s)


async def measure(kind: str, burst: int, chats: int, steady_seconds: float, db: Path
                  ) -> Figures:
    figures = Figures()
    async with FakeBotApi(enforce_rate_limits=False) as server:
        started = time.monotonic()
        proc = spawn(kind, server, db, max_rate="0")
        try:
            # The fake logs a request when it answers; a long poll answers seconds later, so
            # time the deleteWebhook (PTB) or getMe (aiogram) sent just before the first poll.
            ready = ("deleteWebhook", "getUpdates", "getMe")
            await server.wait_for(lambda s: any(r.method in ready for r in s.requests),
                                  timeout=30)
            first_poll = next(r.at for r in server.requests if r.method in ready)
            figures.startup_s = first_poll - started

            sent_at = time.monotonic()
            server.send_text(1, "Sở Y tế 2019")
            await wait_replies(server, 1)
            figures.first_reply_ms = (server.sent()[0].sent_at - sent_at) * 1000

            # Burst: 2,000 queries over 200 chats, limiter off.
            before_cpu, done = cpu_seconds(proc.pid), len(server.sent())
            before_server = time.process_time()
            start = time.monotonic()
            for i in range(burst):
                server.send_text(10_000 + i % chats, QUERIES[i % len(QUERIES)])
            await wait_replies(server, done + burst)
            elapsed = max(m.sent_at for m in server.sent()) - start
            figures.throughput = burst / elapsed
            figures.server_cpu_share = (time.process_time() - before_server) / elapsed
            figures.cpu_ms_per_update = (cpu_seconds(proc.pid) - before_cpu) / burst * 1000

            # Steady 20 queries/s: latency from enqueue to the reply arriving.
            done = len(server.sent())
            count = int(steady_seconds * 20)
            enqueued: dict[int, float] = {}
            for i in range(count):
                chat = 50_000 + i
                enqueued[chat] = time.monotonic()
                server.send_text(chat, QUERIES[i % len(QUERIES)])
                await asyncio.sleep(0.05)
            await wait_replies(server, done + count)
            figures.latencies = sorted(
                (m.sent_at - enqueued[m.chat_id]) * 1000
                for m in server.sent() if m.chat_id in enqueued)
            figures.p50_ms = statistics.median(figures.latencies)
            figures.p99_ms = figures.latencies[int(len(figures.latencies) * 0.99) - 1]
            figures.rss_mib = peak_rss_mib(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    return figures


async def limiter_run(db: Path, seconds: float) -> tuple[float, int, int]:
    """Limiter on (EGOV_MAX_RATE=30), Telegram's limits enforced: 40 queries/s offered."""
    async with FakeBotApi() as server:
        proc = spawn("egov", server, db, max_rate="30")
        try:
            await server.wait_for(lambda s: any(r.method == "getUpdates" for r in s.requests),
                                  timeout=30)
            total = int(seconds * 40)
            for i in range(total):
                server.send_text(70_000 + i, QUERIES[i % len(QUERIES)])
                if i % 40 == 39:
                    await asyncio.sleep(1.0)
            await wait_replies(server, total, limit_s=seconds * 4 + 30)
            times = sorted(m.sent_at for m in server.sent())
            # Steady rate: the middle of the run, away from the start and the tail.
            window = times[len(times) // 5: len(times) * 4 // 5]
            rate = (len(window) - 1) / (window[-1] - window[0])
            return rate, server.count_429, len(server.sent())
        finally:
            proc.terminate()
            proc.wait(timeout=20)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--steady-seconds", type=float, default=10.0)
    parser.add_argument("--limiter-seconds", type=float, default=10.0)
    parser.add_argument("--transport", choices=("aiohttp", "httpx"), default=None,
                        help="egov-bot's EGOV_TRANSPORT (default: its own default)")
    parser.add_argument("--bots", default="egov,ptb,aiogram",
                        help="which bots to run, comma-separated (egov first)")
    args = parser.parse_args()
    if args.transport:
        os.environ["EGOV_TRANSPORT"] = args.transport
    kinds = args.bots.split(",")
    results: dict[str, list[Figures]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        for round_no in range(args.rounds):
            shift = round_no % len(kinds)
            for kind in kinds[shift:] + kinds[:shift]:
                db = Path(tmp) / f"r{round_no}-{kind}.db"  # no database yet: built at start
                results[kind].append(await measure(kind, args.burst, args.chats,
                                                   args.steady_seconds, db))
                f = results[kind][-1]
                print(f"round {round_no + 1} {LABELS[kind]:<12}: {f.throughput:6.0f} updates/s, "
                      f"{f.cpu_ms_per_update:5.2f} ms CPU/update, p50 {f.p50_ms:5.1f} ms, "
                      f"p99 {f.p99_ms:5.1f} ms, start {f.startup_s:4.2f} s, "
                      f"first reply {f.first_reply_ms:5.1f} ms, peak RSS {f.rss_mib:5.1f} MiB, "
                      f"fake server busy {f.server_cpu_share:4.0%}",
                      flush=True)
        if "egov" in kinds and args.limiter_seconds > 0:
            limiter = await limiter_run(Path(tmp) / "limiter.db", args.limiter_seconds)
        else:
            limiter = None

    def med(kind: str, attr: str) -> float:
        return statistics.median(getattr(f, attr) for f in results[kind])

    def ratios(attr: str, other: str) -> list[float]:
        return [getattr(e, attr) / getattr(o, attr)
                for e, o in zip(results["egov"], results[other], strict=True)]

    print()
    print(f"{'median of ' + str(args.rounds) + ' rounds':<30}"
          + "".join(f"{LABELS[kind]:>14}" for kind in kinds) + f"{'target (egov-bot)':>22}")
    rows = [
        ("throughput (updates/s)", "throughput", "{:.0f}", "see ratios"),
        ("CPU per update (ms)", "cpu_ms_per_update", "{:.2f}", "see ratios"),
        ("latency p50 @20/s (ms)", "p50_ms", "{:.1f}", "≤ 5 ms"),
        ("latency p99 @20/s (ms)", "p99_ms", "{:.1f}", "≤ 15 ms"),
        ("start → first poll (s)", "startup_s", "{:.2f}", "≤ 1.5 s"),
        ("first reply (ms)", "first_reply_ms", "{:.1f}", "≤ 100 ms"),
        ("peak RSS (MiB)", "rss_mib", "{:.1f}", "≤ 100 MiB"),
    ]
    for label, attr, fmt, target in rows:
        print(f"{label:<30}" + "".join(f"{fmt.format(med(kind, attr)):>14}" for kind in kinds)
              + f"{target:>22}")
    if "egov" in kinds:
        targets = {("throughput", "ptb"): "≥ 1.0", ("throughput", "aiogram"): "≥ 0.9",
                   ("cpu_ms_per_update", "ptb"): "≤ 1.2"}
        for (attr, other), target in targets.items():
            if other in kinds:
                rs = ratios(attr, other)
                name = "throughput" if attr == "throughput" else "CPU per update"
                print(f"{name} ratio egov-bot / {LABELS[other]}: median "
                      f"{statistics.median(rs):.2f} (rounds: {', '.join(f'{r:.2f}' for r in rs)})"
                      f"  target {target}")
    if limiter is not None:
        rate, n429, reached = limiter
        print(f"limiter on (EGOV_MAX_RATE=30, 40 queries/s offered, limits enforced): "
              f"{rate:.1f} replies/s steady, {n429} × 429, {reached} replies  "
              f"target ≈ 30/s, zero 429s")


if __name__ == "__main__":
    asyncio.run(main())
