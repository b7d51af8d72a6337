"""Charts as PNG images that read on a phone: matplotlib (Agg) draws `chart_data` specs.

Imported only where a chart is drawn (the bot's chart process, `egov chart`, tests):
matplotlib takes about half a second to import and neither `egov ask` nor the bot's
start-up should pay for it. No pyplot: each chart is a plain `Figure`, so nothing is kept
between renders. Renders are serialised by a lock because the style is applied through
matplotlib's process-wide rcParams.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before anything draws: no display, no GUI toolkit

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from PIL import Image

from bot.charts.data import (
    ChartRequest,
    ChartSpec,
    CompareChart,
    GroupChart,
    HistoryChart,
    LevelStyle,
    ProfileChart,
    chart_spec,
)
from bot.words import charting
from scoring.wording import format_number, format_score

FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese letter
WIDTH_INCHES = 9.0
DPI = 100  # 900 px wide: sharp on a phone, small as a file
# Bands are coloured from green (the highest) to red (the lowest), whatever their number:
# an edition with three bands gets green, amber and red.
BAND_PALETTE = ("#2e7d32", "#7cb342", "#f0a000", "#ef6c00", "#c62828")
RANK_ONLY_COLOUR = "#90a4ae"
MEDIAN_COLOUR = "#b0bec5"
BEST_COLOUR = "#455a64"
SERIES_COLOURS = ("#1565c0", "#8e24aa", "#00897b", "#d81b60", "#6d4c41", "#546e7a")
INK = "#212121"
MUTED = "#616161"
GRID = "#e0e0e0"
STYLE: dict[Any, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": 15,
    "axes.labelsize": 15,
    "axes.edgecolor": "#9e9e9e",
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.fontsize": 14,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "text.color": INK,
}
PALETTE_COLOURS = 64
TITLE_WIDTH = 52  # characters per title line at 19 pt on 900 px
_RENDER_LOCK = threading.Lock()


def render_chart(request: ChartRequest, snapshot) -> bytes:
    """The request's chart as PNG bytes; raises ChartUnavailable like `chart_spec`."""
    return render_png(chart_spec(request, snapshot))


def render_png(spec: ChartSpec) -> bytes:
    """Draw `spec` and encode it as PNG (thread-safe; renders run one at a time)."""
    with _RENDER_LOCK, matplotlib.rc_context(STYLE):
        return to_png(draw(spec))


def draw(spec: ChartSpec) -> Figure:
    """The figure for `spec` (call inside `matplotlib.rc_context(STYLE)`)."""
    if isinstance(spec, HistoryChart):
        return draw_history(spec)
    if isinstance(spec, ProfileChart):
        return draw_profile(spec)
    if isinstance(spec, GroupChart):
        return draw_group(spec)
    return draw_compare(spec)


def to_png(figure: Figure) -> bytes:
    """Render and encode as a palette PNG: a chart has few colours, so this is a quarter of
    the size of matplotlib's RGBA PNG, looks the same and encodes faster."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                             "raw", "RGBA", 0, 1)
    palette = image.convert("RGB").quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG")
    return buffer.getvalue()


def font_path() -> Path:
    """The file of the font the charts use (fails loudly if it is not installed)."""
    return Path(font_manager.findfont(
        font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False))


# ---------------------------------------------------------------- shared pieces

def _figure(height: float, title: str, subtitle: str = "") -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    heading = wrap_title(title)
    if subtitle:
        heading += "\n" + subtitle
    figure.suptitle(heading, x=0.02, ha="left", fontsize=19, fontweight="bold",
                    linespacing=1.3)
    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(h_pad=0.12, w_pad=0.12)
    return figure


def wrap_title(title: str) -> str:
    """Title lines of at most TITLE_WIDTH characters, breaking after the name if possible."""
    if len(title) <= TITLE_WIDTH:
        return title
    name, dash, rest = title.partition(" – ")
    if not dash:
        return textwrap.fill(title, TITLE_WIDTH)
    return textwrap.fill(name, TITLE_WIDTH) + "\n" + textwrap.fill(rest[:1].upper() + rest[1:],
                                                                 TITLE_WIDTH)


def _finish(figure: Figure, axes, handles: Sequence | None = None, ncols: int = 3) -> None:
    """The key above the plot (left-aligned under the title) and the source at the foot."""
    if handles is None:
        handles, _ = axes.get_legend_handles_labels()
    if handles:
        axes.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.01),
                    ncols=min(ncols, len(handles)), borderaxespad=0.2, handlelength=1.4,
                    columnspacing=1.4)
    figure.supxlabel(charting.CHART_SOURCE, x=0.99, ha="right", fontsize=10, color=MUTED)


def level_colour(style: LevelStyle | None) -> str:
    """The band's colour: spread evenly over the palette, highest band green."""
    if style is None:
        return RANK_ONLY_COLOUR
    last = len(BAND_PALETTE) - 1
    if style.count <= 1:
        return BAND_PALETTE[0]
    if style.count > len(BAND_PALETTE):
        return BAND_PALETTE[min(style.position, last)]
    return BAND_PALETTE[round(style.position * last / (style.count - 1))]


def _score(value: float, decimals: int = 1) -> str:
    return format_score(value, decimals)


def _percent_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))


def _level_handles(levels: Sequence[LevelStyle | None]) -> list[Patch]:
    """One key entry per band shown, highest first (bands of another edition kept apart)."""
    shown = {(s.position, s.legend): s for s in levels if s is not None}
    return [Patch(color=level_colour(s), label=s.legend) for _, s in sorted(shown.items())]


def two_lines(label: str, width: int = 27) -> str:
    """A long label on two balanced lines ("Sở Thông tin và / Truyền thông")."""
    words = label.split()
    if len(label) <= width or len(words) < 2:
        return label
    cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(cuts, key=lambda c: max(len(c[0]), len(c[1])))
    return f"{first}\n{second}"


def total_ticks(maximum: float, thresholds: Sequence[float]) -> list[float]:
    """0, the bands' thresholds and the maximum, with a quarter mark where ticks are sparse
    (200 points with bands at 100 and 150 gives 0, 50, 100, 150, 200)."""
    ticks = sorted({0.0, float(maximum), *(float(t) for t in thresholds)})
    quarter = maximum / 4
    if all(abs(t - quarter) >= maximum / 8 for t in ticks):
        ticks = sorted([*ticks, quarter])
    return ticks


def rank_ticks(size: int) -> list[int]:
    """1, every 5th rank, and the last: integer ticks that stay readable up to ~30 units."""
    step = 5 if size > 12 else 2 if size > 6 else 1
    ticks = [1, *range(step, size, step), size]
    if size - ticks[-2] < step / 2 and ticks[-2] != 1:
        del ticks[-2]  # 15 and 16 would overlap
    return sorted(set(ticks))


# ---------------------------------------------------------------- the four charts

def draw_history(spec: HistoryChart) -> Figure:
    """Rank by year, 1 at the top; each point coloured by that year's level."""
    figure = _figure(6.4, spec.title)
    axes = figure.add_subplot()
    years = [p.year for p in spec.points]
    ranks = [p.rank for p in spec.points]
    size = max(p.size for p in spec.points)
    axes.plot(years, ranks, color=BEST_COLOUR, linewidth=3, zorder=2)
    colours = [level_colour(p.level) for p in spec.points]
    axes.scatter(years, ranks, s=320, c=colours, edgecolors="white", linewidths=2.5, zorder=3)
    for point in spec.points:
        near_top = point.rank - 0.5 < size * 0.15
        axes.annotate(charting.chart_rank_point(point.rank, point.size), (point.year, point.rank),
                      xytext=(0, -30 if near_top else 18), textcoords="offset points",
                      ha="center", va="center", fontsize=17, fontweight="bold")
    axes.set_ylim(size + 0.6, 0.4)  # inverted: up is better
    axes.set_yticks(rank_ticks(size))
    axes.set_xticks(years, [str(y) for y in years])
    axes.set_xlim(years[0] - 0.45, years[-1] + 0.45)
    axes.set_ylabel(charting.CHART_RANK_AXIS)
    axes.grid(axis="y", color=GRID, zorder=0)
    handles = _level_handles([p.level for p in spec.points])
    if any(p.level is None for p in spec.points):
        handles.append(Patch(color=RANK_ONLY_COLOUR, label=charting.CHART_RANK_ONLY_LEGEND))
    _finish(figure, axes, handles)
    return figure


def draw_profile(spec: ProfileChart) -> Figure:
    """Sub-indices as a share of their maximum: the unit, the group's median and best."""
    figure = _figure(7.2, spec.title, spec.footer)
    axes = figure.add_subplot()
    rows = range(len(spec.categories))
    height = 0.26
    series = [
        (spec.unit, spec.values, level_colour(spec.level), -height),
        (charting.CHART_MEDIAN, spec.median, MEDIAN_COLOUR, 0.0),
        (charting.CHART_BEST, spec.best, BEST_COLOUR, height),
    ]
    for label, values, colour, offset in series:
        shares = [100 * v / m for v, m in zip(values, spec.maxima, strict=True)]
        bars = axes.barh([r + offset for r in rows], shares, height=height * 0.92,
                         color=colour, label=textwrap.fill(label, 24), zorder=2)
        axes.bar_label(bars, labels=[_score(v, spec.decimals) for v in values], padding=4,
                       fontsize=14)
    _share_axes(axes, spec.categories, spec.maxima)
    _finish(figure, axes)
    return figure


def _share_axes(axes: Axes, categories: Sequence[str], maxima: Sequence[float]) -> None:
    """One row per category labelled with its maximum, bars as a share of it (0–100 %)."""
    axes.set_yticks(range(len(categories)), [charting.chart_axis_label(c, m)
                                             for c, m in zip(categories, maxima, strict=True)])
    axes.invert_yaxis()
    axes.set_xlim(0, 118)
    axes.set_xticks([0, 25, 50, 75, 100])
    _percent_axis(axes.xaxis)
    axes.set_xlabel(charting.CHART_PERCENT_AXIS)
    axes.grid(axis="x", color=GRID, zorder=0)
    axes.tick_params(axis="y", length=0)


def draw_group(spec: GroupChart) -> Figure:
    """Totals in rank order as horizontal bars coloured by level; the asked unit stands out."""
    figure = _figure(2.4 + 0.52 * len(spec.bars), spec.title)
    axes = figure.add_subplot()
    rows = range(len(spec.bars))
    colours = [level_colour(b.level) for b in spec.bars]
    edges = [INK if b.highlighted else "none" for b in spec.bars]
    bars = axes.barh(list(rows), [b.total for b in spec.bars], height=0.72, color=colours,
                     edgecolor=edges, linewidth=2.5, zorder=2)
    axes.bar_label(bars, labels=[_score(b.total, spec.decimals) for b in spec.bars], padding=5,
                   fontsize=14)
    labels = [two_lines(f"{b.rank}. {b.label}" if b.rank else b.label) for b in spec.bars]
    axes.set_yticks(list(rows), labels)
    for tick, bar in zip(axes.get_yticklabels(), spec.bars, strict=True):
        if bar.highlighted:
            tick.set_fontweight("bold")
    axes.invert_yaxis()
    maximum = spec.total_maximum
    axes.set_xlim(0, maximum * 1.1)
    axes.set_xticks(total_ticks(maximum, spec.thresholds))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v)))
    for threshold in spec.thresholds:
        axes.axvline(threshold, color=MUTED, linestyle="--", linewidth=1.2, zorder=1)
    axes.set_xlabel(spec.axis_label)
    axes.tick_params(axis="y", length=0, labelsize=13)
    axes.set_ylim(len(spec.bars) - 0.4, -0.6)
    _finish(figure, axes, _level_handles([b.level for b in spec.bars]))
    return figure


def draw_compare(spec: CompareChart) -> Figure:
    """Each sub-index and the total, one bar per unit, as a share of the maximum."""
    count = len(spec.series)
    figure = _figure(3.0 + len(spec.categories) * (0.3 * count + 0.35), spec.title)
    axes = figure.add_subplot()
    height = 0.8 / count
    for i, series in enumerate(spec.series):
        offset = (i - (count - 1) / 2) * height
        shares = [100 * v / m for v, m in zip(series.values, spec.maxima, strict=True)]
        bars = axes.barh([r + offset for r in range(len(spec.categories))], shares,
                         height=height * 0.92, color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
                         label=two_lines(series.unit), zorder=2)
        axes.bar_label(bars, labels=[_score(v, spec.decimals) for v in series.values],
                       padding=4,
                       fontsize=13 if count <= 3 else 11)
    _share_axes(axes, spec.categories, spec.maxima)
    axes.set_ylim(len(spec.categories) - 0.5, -0.5)
    _finish(figure, axes, ncols=2)
    return figure
