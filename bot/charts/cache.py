"""Rendered charts kept in memory, so asking twice for the same chart costs a dict lookup.

Keys are `chart_data.cache_key`: the resolved request plus the snapshot's data version, so a
publish (from this process or another) makes every older chart unreachable; those entries
are dropped as soon as a chart of the new version is stored.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

DEFAULT_MAX_CHARTS = 256  # ~40 KB each: about 10 MB at most


class ChartCache:
    """A thread-safe LRU of PNG bytes; the last element of every key is the data version."""

    def __init__(self, max_charts: int = DEFAULT_MAX_CHARTS):
        self.max_charts = max_charts
        self._charts: OrderedDict[tuple[Hashable, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._charts)

    def get(self, key: tuple[Hashable, ...]) -> bytes | None:
        """The stored chart, marked as recently used; None if absent."""
        with self._lock:
            png = self._charts.get(key)
            if png is None:
                self.misses += 1
                return None
            self._charts.move_to_end(key)
            self.hits += 1
            return png

    def put(self, key: tuple[Hashable, ...], png: bytes) -> None:
        """Store a chart; charts of other data versions and the least recently used go."""
        with self._lock:
            version = key[-1]
            for old in [k for k in self._charts if k[-1] != version]:
                del self._charts[old]
            self._charts[key] = png
            self._charts.move_to_end(key)
            while len(self._charts) > self.max_charts:
                self._charts.popitem(last=False)

    def get_or_render(self, key: tuple[Hashable, ...], render: Callable[[], bytes]) -> bytes:
        """The stored chart, or `render()` stored under `key` (render runs unlocked)."""
        png = self.get(key)
        if png is None:
            png = render()
            self.put(key, png)
        return png
