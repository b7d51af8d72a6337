"""Timing shared by the bench scripts: medians, since this machine's cores are shared."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(call: Callable[[], object], rounds: int) -> float:
    """Median wall time of `rounds` calls of `call`, in milliseconds."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
