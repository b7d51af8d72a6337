"""The chart process: the bot's charts are drawn in a separate process, started with the
first chart.

A thread is not enough: drawing holds the GIL in long C calls, and each figure leaves tens
of thousands of objects for the cyclic garbage collector, whose full passes (50–150 ms)
would stall the event loop (measured by bench/bench_charts.py). In its own process,
matplotlib costs the bot neither start-up time, memory nor latency.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.charts.data import ChartSpec

PARENT_CHECK_SECONDS = 1.0


def _exit_with(parent: int) -> None:
    """Runs in the chart process: leave when the bot is gone, even if it was killed -9
    (the worker's queue never reports that: it holds both ends of its pipe)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def render(spec: ChartSpec) -> bytes:
    """Draw `spec` as PNG; runs in the chart process."""
    from bot.charts.draw import render_png

    return render_png(spec)


class ChartRenderer:
    """One worker process, started on the first chart and again if it ever dies."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: forking a process that runs threads is unsafe
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_exit_with, initargs=(os.getpid(),))
            return self._pool

    async def render(self, spec: ChartSpec) -> bytes:
        """The chart's PNG bytes, drawn in the chart process while the event loop runs on."""
        pool = self._executor()
        try:
            return await asyncio.wrap_future(pool.submit(render, spec))
        except BrokenProcessPool:
            with self._lock:
                if self._pool is pool:
                    self._pool = None  # the next chart starts a new process
            raise

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


RENDERER = ChartRenderer()  # one per process: the bot runs one application
