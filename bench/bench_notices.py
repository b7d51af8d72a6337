"""Broadcasting notices at Telegram's limits, beside PTB's AIORateLimiter in the same run.

Against the fake Bot API with Telegram's limits enforced (30 messages per sliding second
overall, about one per second per chat), for each size:

- ours: a publication queued for N subscribers, delivered by the bot's outbox drainer
  while officials in other chats ask a question every 1/`--qps` seconds;
- baseline: the same N notices sent naively by `asyncio.gather` through PTB's
  AIORateLimiter (overall 30/s), by the same kind of application answering the same
  questions; and once, the same 600 sends with no limiter at all.

Figures: overall and steady rate (10th to 90th percentile message), 429 answers, chats
reached, duplicates, and the latency of the questions' answers (median and p99).

    python bench/bench_notices.py                       # 600 (two rounds) and 3,000: ~3 min
    python bench/bench_notices.py --subscribers 10000   # ~6.5 minutes
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "true")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from telegram import Bot  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.error import TelegramError  # noqa: E402
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults  # noqa: E402

from bot.notices.views import notice_message  # noqa: E402
from bot.telegram.app import post_init, post_shutdown, register_handlers  # noqa: E402
from bot.telegram.flood import FloodGuard  # noqa: E402
from storage.outbox import Notice  # noqa: E402
from storage.snapshot import load_snapshot  # noqa: E402
from storage.store import ensure_database, publish  # noqa: E402
from tests.conftest import HEADER, rows_2020  # noqa: E402
from tests.support.bot_harness import polling, running_bot, settings_for  # noqa: E402
from tests.support.fake_bot_api import FakeBotApi  # noqa: E402

HEADING = "Đã công bố kết quả Chỉ số DienBien e-Gov index năm 2020"
QUESTIONS = ["Sở Y tế 2019", "huyện khá", "top 3 sở", "so sánh Sở Y tế và Sở Tư pháp",
             "so noi vu", "Tuần Giáo"]
FIRST_CHAT = 10_000_000
ASKER = 9_000_000  # every question comes from a new chat: no per-chat limit in the way


@dataclass
class Run:
    """One broadcast: what the fake server saw."""

    system: str
    subscribers: int
    seconds: float = 0.0
    overall: float = 0.0
    steady: float = 0.0
    steady_all: float = 0.0
    count_429: int = 0
    reached: int = 0
    duplicates: int = 0
    latencies: list[float] = field(default_factory=list)
    unanswered: int = 0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p99(self) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def measure(run: Run, api: FakeBotApi, started: float) -> Run:
    notices = [m for m in api.sent() if m.chat_id >= FIRST_CHAT]
    times = sorted(m.sent_at for m in notices)
    per_chat = Counter(m.chat_id for m in notices)
    run.reached = len(per_chat)
    run.duplicates = sum(c - 1 for c in per_chat.values())
    run.count_429 = api.count_429
    if len(times) > 1:
        run.seconds = times[-1] - started
        run.overall = (len(times) - 1) / (times[-1] - times[0])
        lo, hi = times[int(0.1 * len(times))], times[int(0.9 * len(times))]
        run.steady = (int(0.9 * len(times)) - int(0.1 * len(times))) / (hi - lo)
        # every message counts against Telegram's 30/s, answers to questions too
        everything = sum(1 for m in api.sent() if lo <= m.sent_at < hi)
        run.steady_all = everything / (hi - lo)
    return run


class Asker:
    """An official in a new chat every 1/qps seconds; records how long each answer took."""

    def __init__(self, api: FakeBotApi, qps: float):
        self.api, self.qps = api, qps
        self.latencies: list[float] = []
        self._waiting: dict[int, float] = {}
        self._next = ASKER
        self.unanswered = 0

    async def run(self, done: Callable[[], bool]) -> None:
        if self.qps <= 0:
            await wait_until(done, timeout=3600)
            return
        i = 0
        while not done():
            chat = self._next
            self._next += 1
            self._waiting[chat] = time.monotonic()
            self.api.send_text(chat, QUESTIONS[i % len(QUESTIONS)])
            i += 1
            await asyncio.sleep(1 / self.qps)
            self.collect()
        deadline = time.monotonic() + 5
        while self._waiting and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            self.collect()
        self.unanswered = len(self._waiting)

    def collect(self) -> None:
        for chat, asked in list(self._waiting.items()):
            replies = self.api.sent(chat)
            if replies:
                self.latencies.append(replies[0].sent_at - asked)
                del self._waiting[chat]


def database(tmp: Path, subscribers: int) -> Path:
    data = tmp / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    path = tmp / "egov.db"
    os.environ["EGOV_DB"], os.environ["EGOV_DATA_DIR"] = str(path), str(data)
    db = ensure_database(path, data)
    with db.conn:
        db.conn.executemany(
            "INSERT INTO subscriptions (chat_id, active, chat_type, created_at, updated_at) "
            "VALUES (?, 1, 'private', 't', 't')",
            [(FIRST_CHAT + i,) for i in range(subscribers)])
    sheet = tmp / "ket_qua_2020.csv"
    sheet.write_text("\n".join(",".join(r) for r in [HEADER, *rows_2020()]) + "\n",
                     encoding="utf-8")
    db.close()
    return sheet


async def wait_until(predicate: Callable[[], bool], timeout: float) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the broadcast did not finish")
        await asyncio.sleep(0.1)


async def broadcast_ours(subscribers: int, qps: float) -> Run:
    """The bot's outbox drainer delivers a publication while questions come in."""
    with tempfile.TemporaryDirectory() as tmp:
        sheet = database(Path(tmp), subscribers)
        async with FakeBotApi() as api, running_bot(api, outbox_poll_seconds=0.5):
            asker = Asker(api, qps)
            db = ensure_database()
            started = time.monotonic()
            publish(db, sheet, 2020)
            db.close()
            done = _done_flag(api, subscribers)
            await asyncio.gather(asker.run(done), wait_until(done, subscribers / 20 + 30))
            run = measure(Run("ours", subscribers), api, started)
            run.latencies, run.unanswered = asker.latencies, asker.unanswered
            return run


def _done_flag(api: FakeBotApi, subscribers: int) -> Callable[[], bool]:
    seen: set[int] = set()
    position = 0

    def done() -> bool:
        nonlocal position
        sent = api.sent()
        for message in sent[position:]:
            if message.chat_id >= FIRST_CHAT:
                seen.add(message.chat_id)
        position = len(sent)
        return len(seen) >= subscribers
    return done


@contextlib.asynccontextmanager
async def naive_application(api: FakeBotApi, limiter: bool) -> AsyncIterator[Application]:
    """The same handlers, but PTB's AIORateLimiter (or none) instead of ours; its outbox is
    empty, so the drainer has nothing to send."""
    settings = settings_for(api, max_rate=0)
    builder = (ApplicationBuilder().token(api.token).base_url(api.base_url)
               .base_file_url(api.base_file_url).defaults(Defaults(parse_mode=ParseMode.HTML))
               .post_init(post_init).post_shutdown(post_shutdown).concurrent_updates(True))
    if limiter:
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=30, overall_time_period=1))
    application = builder.build()
    application.bot_data["settings"] = settings
    application.bot_data["flood"] = FloodGuard(settings.flood_messages, settings.flood_seconds)
    register_handlers(application)
    async with polling(application):
        yield application


def notice_html() -> tuple[str, object]:
    db = ensure_database()
    snapshot = load_snapshot(db)
    db.close()
    return notice_message(Notice(0, 0, FIRST_CHAT, 0, "publish", 2020, None), snapshot, ())


async def broadcast_naive(subscribers: int, qps: float, *, limiter: bool) -> Run:
    """`asyncio.gather` of every send through AIORateLimiter (or nothing), FIFO."""
    with tempfile.TemporaryDirectory() as tmp:
        sheet = database(Path(tmp), 0)
        db = ensure_database()
        publish(db, sheet, 2020)
        db.close()
        html, keyboard = notice_html()
        async with FakeBotApi() as api, naive_application(api, limiter) as application:
            bot: Bot = application.bot

            async def send(chat: int) -> None:
                with contextlib.suppress(TelegramError):  # a 429 without retries: chat missed
                    await bot.send_message(chat, html, reply_markup=keyboard)  # type: ignore[arg-type]

            asker = Asker(api, qps)
            started = time.monotonic()
            sends: Awaitable[list[None]] = asyncio.gather(
                *(send(FIRST_CHAT + i) for i in range(subscribers)))
            finished = False

            async def broadcast() -> None:
                nonlocal finished
                await sends
                finished = True

            await asyncio.gather(broadcast(), asker.run(lambda: finished))
            name = "AIORateLimiter" if limiter else "no limiter"
            run = measure(Run(name, subscribers), api, started)
            run.latencies, run.unanswered = asker.latencies, asker.unanswered
            return run


def show(runs: list[Run]) -> None:
    head = (f"{'system':<15}{'chats':>7}{'time s':>8}{'notices/s':>10}{'steady':>8}"
            f"{'all/s':>7}{'429s':>6}{'reached':>9}{'dupes':>7}{'q p50 ms':>10}{'q p99 ms':>10}"
            f"{'q lost':>8}")
    print(head)
    print("-" * len(head))
    for r in runs:
        print(f"{r.system:<15}{r.subscribers:>7}{r.seconds:>8.1f}{r.overall:>10.2f}"
              f"{r.steady:>8.2f}{r.steady_all:>7.2f}{r.count_429:>6}{r.reached:>9}"
              f"{r.duplicates:>7}{r.p50 * 1000:>10.0f}{r.p99 * 1000:>10.0f}"
              f"{r.unanswered:>8}")


def median_run(runs: list[Run]) -> Run:
    """Medians over rounds of each figure; worst reach and duplicates; latencies pooled."""
    first = runs[0]

    def med(name: str) -> float:
        return statistics.median(getattr(r, name) for r in runs)

    return Run(first.system, first.subscribers, med("seconds"), med("overall"), med("steady"),
               med("steady_all"), int(med("count_429")), min(r.reached for r in runs),
               max(r.duplicates for r in runs), [x for r in runs for x in r.latencies],
               sum(r.unanswered for r in runs))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, nargs="+", default=[600, 3000],
                        help="our broadcast sizes (default: 600 3000); the baseline is 600")
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of each 600-chat broadcast (larger ones run once)")
    parser.add_argument("--qps", type=float, default=3.0, help="questions per second")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # the baseline's handlers log every 429 they meet
    print("Fake Bot API limits: 30 messages per sliding second overall, 1/s per chat "
          f"(burst 5). Questions during each broadcast: {args.qps:g}/s, each from a new chat.")
    print(f"Medians over {args.rounds} rounds for 600 chats; larger broadcasts run once.\n")
    results: list[Run] = []
    for size in args.subscribers:
        rounds = args.rounds if size <= 600 else 1
        results.append(median_run([await broadcast_ours(size, args.qps)
                                   for _ in range(rounds)]))
    results.append(median_run([await broadcast_naive(600, args.qps, limiter=True)
                               for _ in range(args.rounds)]))
    results.append(await broadcast_naive(600, args.qps, limiter=False))
    show(results)
    print("\nnotices/s: first to last notice; steady: 10th to 90th percentile notice; all/s:"
          " every message\n(notices and answers) in that steady span, against the 30/s limit;"
          " q p50/p99: time from a\nquestion to its answer during the broadcast; q lost: questions"
          " never answered.")


if __name__ == "__main__":
    asyncio.run(main())
