"""What the index means, from the report's own methodology (data/methodology.json).

The report's words (sub-index names, maxima, the indicators of its section II, the level
bands) are transcribed into the data file, never typed here; `texts` adds only the sentences
that join them. Topics: None (the index as a whole), "scoring", "levels", or a sub-index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scoring.models import Level, SubIndex
from storage.db import DEFAULT_DATA_DIR, data_dir

from . import texts
from .render import esc

METHODOLOGY_FILE = "methodology.json"
TOPICS = ("scoring", "levels", *(s.value for s in SubIndex))


@dataclass(frozen=True)
class SubIndexMethod:
    sub: SubIndex
    label: str
    name: str
    maximum: float
    section: str | None
    indicators: tuple[str, ...]
    assessment: tuple[str, ...]  # the report's general assessment, where section II is silent


@dataclass(frozen=True)
class LevelBand:
    level: Level
    start: float
    below: float | None
    quote: str


@dataclass(frozen=True)
class Methodology:
    source: str
    index_name: str
    groups: tuple[str, ...]
    total_maximum: float
    subindices: tuple[SubIndexMethod, ...]
    levels: tuple[LevelBand, ...]

    def subindex(self, sub: SubIndex) -> SubIndexMethod:
        return next(m for m in self.subindices if m.sub is sub)


def methodology_path() -> Path:
    """The data directory's copy, or the repository's when that directory has none."""
    path = data_dir() / METHODOLOGY_FILE
    return path if path.is_file() else DEFAULT_DATA_DIR / METHODOLOGY_FILE


def load_methodology(path: Path | None = None) -> Methodology:
    """The methodology from `path` (default: `methodology_path()`), read once per file."""
    return _read(path or methodology_path())


@lru_cache(maxsize=4)
def _read(path: Path) -> Methodology:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Methodology(
        source=raw["source"],
        index_name=raw["index_name"],
        groups=tuple(g["quote"] for g in raw["groups"]),
        total_maximum=float(raw["total"]["maximum"]),
        subindices=tuple(
            SubIndexMethod(SubIndex(s["key"]), s["label"], s["name"], float(s["maximum"]),
                           s["section"], tuple(s["indicators"]), tuple(s["assessment"]))
            for s in raw["subindices"]),
        levels=tuple(
            LevelBand(Level(b["key"]), float(b["from"]),
                      None if b["below"] is None else float(b["below"]), b["quote"])
            for b in raw["levels"]),
    )


def about_html(topic: str | None, level: Level | None = None,
               method: Methodology | None = None) -> str:
    """The answer to a question about the index itself."""
    method = method or load_methodology()
    if topic in {s.value for s in SubIndex}:
        body = _subindex(method.subindex(SubIndex(topic)), method)
    elif topic == "levels":
        body = _levels(method, level)
    elif topic == "scoring":
        body = _scoring(method)
    else:
        body = _overview(method)
    return body + "\n\n" + texts.about_source(esc(method.source)) + "\n" + texts.ABOUT_MORE


def _subindex(sub: SubIndexMethod, method: Methodology) -> str:
    lines = [texts.about_subindex_heading(esc(sub.label), esc(sub.name)),
             texts.about_subindex_maximum(sub.maximum, method.total_maximum)]
    if sub.indicators:
        lines.append(texts.about_indicators(esc(sub.section or "")))
        lines += [f"• {esc(indicator)}" for indicator in sub.indicators]
    else:
        lines.append(texts.ABOUT_NO_INDICATORS)
        lines += [f"<i>«{esc(quote)}»</i>" for quote in sub.assessment]
    return "\n".join(lines)


def _levels(method: Methodology, asked: Level | None) -> str:
    lines = [texts.ABOUT_LEVELS_HEADING]
    for band in method.levels:
        line = f"• {esc(band.quote)}"
        lines.append(f"<b>{line}</b>" if band.level == asked else line)
    lines.append(texts.ABOUT_LEVEL_BY_TOTAL)
    return "\n".join(lines)


def _subindex_lines(method: Methodology) -> list[str]:
    return [texts.about_subindex_line(esc(s.label), esc(s.name), s.maximum)
            for s in method.subindices]


def _scoring(method: Methodology) -> str:
    return "\n".join([
        texts.ABOUT_SCORING_HEADING,
        texts.about_total(method.total_maximum),
        *_subindex_lines(method),
        texts.ABOUT_RANKING,
        _levels(method, None),
        texts.ABOUT_NO_WEIGHTS,
    ])


def _overview(method: Methodology) -> str:
    return "\n".join([
        texts.about_overview_heading(esc(method.index_name)),
        texts.ABOUT_GROUPS,
        *(f"• {esc(group)}" for group in method.groups),
        texts.about_total(method.total_maximum),
        *_subindex_lines(method),
        _levels(method, None),
    ])
