"""The chart process: draws what it is sent, comes back after a crash, never outlives the bot."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from bot.charts.data import ChartRequest, chart_spec
from bot.charts.worker import ChartRenderer
from storage.snapshot import load_snapshot

REPO = Path(__file__).resolve().parent.parent
PNG = b"\x89PNG\r\n\x1a\n"


def gone(pid: int) -> bool:
    """Exited (a zombie waiting for a parent that does not reap counts as exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in {"Z", "X"}


async def test_a_killed_chart_process_is_replaced_by_the_next_chart(db):
    spec = chart_spec(ChartRequest("history", ("so-y-te",)), load_snapshot(db))
    renderer = ChartRenderer()
    others = {p.pid for p in multiprocessing.active_children()}
    try:
        first = await renderer.render(spec)
        [worker] = [p for p in multiprocessing.active_children() if p.pid not in others]
        os.kill(worker.pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            await renderer.render(spec)
        assert await renderer.render(spec) == first
        assert first.startswith(PNG)
    finally:
        renderer.close()


def test_the_chart_process_exits_when_the_bot_is_killed(db_path: Path):
    script = (
        "import asyncio, multiprocessing, os, signal\n"
        "from bot.charts.data import ChartRequest, chart_spec\n"
        "from bot.charts.worker import RENDERER\n"
        "from storage.snapshot import load_snapshot\n"
        "from storage.store import ensure_database\n"
        "spec = chart_spec(ChartRequest('history', ('so-y-te',)), "
        "load_snapshot(ensure_database()))\n"
        "asyncio.run(RENDERER.render(spec))\n"
        "print(*[p.pid for p in multiprocessing.active_children()], flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, env={**os.environ, "EGOV_DB": str(db_path)},
                            timeout=60, check=False)
    assert result.returncode == -signal.SIGKILL, result.stderr
    [worker] = [int(pid) for pid in result.stdout.split()]
    deadline = time.monotonic() + 5
    while not gone(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(worker)
