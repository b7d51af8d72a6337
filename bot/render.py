"""Answers as Telegram HTML (and plain text): compact, aligned, readable on a phone.

Values are escaped here, where they are formatted, never earlier. Plain text is derived
from the HTML so the console, JSON and Telegram always say the same thing.
"""

from __future__ import annotations

import html
import re

from scoring.models import Group, Level, SubIndex
from storage.snapshot import Snapshot

from . import texts
from .contract import Result

_TAG = re.compile(r"<[^>]+>")
_BAR_WIDTH = 8
_PARTIAL = " ▏▎▍▌▋▊▉"


def plain_text(html_text: str) -> str:
    """The HTML answer as plain text (tags dropped, entities decoded)."""
    return html.unescape(_TAG.sub("", html_text))


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def bar(value: float, maximum: float, width: int = _BAR_WIDTH) -> str:
    """A small horizontal bar: full blocks and one eighth-step partial block."""
    eighths = round(max(0.0, min(1.0, value / maximum)) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (_PARTIAL[rest] if rest else "")).ljust(width, "·")


def _group(result: Result) -> Group:
    return Group(result.group)


def unit_card(result: Result, snapshot: Snapshot) -> str:
    """Name, year, total/200, level, rank in group with change, sub-indices, history, notes."""
    group = _group(result)
    lines = [f"<b>{esc(result.unit)}</b>", texts.unit_heading(result.year, group)]
    if result.total is not None and result.level is not None:
        lines.append(texts.total_line(result.total, Level(result.level)))
    if result.rank is not None:
        size = snapshot.group_size(result.year, group)
        lines.append(texts.rank_line(result.rank, size, group)
                     + texts.rank_change_text(result.rank_change, result.year - 1))
    if result.scores is None:
        lines += ["", texts.rank_only_year(result.year)]
    else:
        lines += ["", texts.SUBINDEX_HEADING, f"<pre>{subindex_table(result)}</pre>"]
    if result.rank_history:
        lines.append(f"{texts.HISTORY_LABEL}: " + history_line(result.rank_history))
    lines += restructuring_lines(result, snapshot)
    for note in result.notes:
        lines.append(f"{texts.NOTE_LABEL}: {esc(note)}")
    return "\n".join(lines)


def subindex_table(result: Result) -> str:
    """Aligned rows: label, score/max, bar, rank in group (inside <pre>, escaped)."""
    assert result.scores is not None
    scores = dict(result.scores)
    ranks = dict(result.subindex_ranks) if result.subindex_ranks else {}
    rows = []
    for sub in SubIndex:
        value = scores[sub.value]
        label = texts.SUBINDEX_LABELS[sub].ljust(5)
        score = f"{texts.format_score(value)}/{sub.maximum:g}".rjust(9)
        rank = f"#{ranks[sub.value]}" if sub.value in ranks else ""
        rows.append(f"{label} {score} {bar(value, sub.maximum)} {rank}".rstrip())
    return esc("\n".join(rows))


def history_line(history: dict[str, int]) -> str:
    return " → ".join(f"{year}: <b>{rank}</b>" for year, rank in history.items())


def ranked_lines(results: list[Result]) -> list[str]:
    """One compact line per unit: rank, name, total and level where published."""
    width = max((len(str(r.rank or "")) for r in results), default=1)
    lines = []
    for r in results:
        rank = str(r.rank or "–").rjust(width)
        tail = ""
        if r.total is not None:
            tail = f" · <b>{texts.format_score(r.total)}</b>"
        if r.rank_change:
            tail += f" {'↑' if r.rank_change > 0 else '↓'}{abs(r.rank_change)}"
        lines.append(f"<code>{rank}.</code> {esc(r.unit)}{tail}")
    return lines


def compare_table(results: list[Result]) -> str:
    """Sub-indices side by side, with who leads each (letters A, B, C… stand for units)."""
    letters = [chr(ord("A") + i) for i in range(len(results))]
    col = 7
    head = " " * 6 + "".join(letter.rjust(col) for letter in letters) + "  " + texts.LEADS_LABEL
    rows = [head]
    subs = [(texts.SUBINDEX_LABELS[s], s.value) for s in SubIndex]
    for label, key in [*subs, (texts.TOTAL_LABEL, "total")]:
        values = [_value(r, key) for r in results]
        cells = "".join(
            ("–" if v is None else texts.format_score(v)).rjust(col) for v in values)
        rows.append(label.ljust(6) + cells + "  " + _leader(values, letters))
    return esc("\n".join(rows))


def _value(result: Result, key: str) -> float | None:
    if key == "total":
        return result.total
    return None if result.scores is None else dict(result.scores)[key]


def _leader(values: list[float | None], letters: list[str]) -> str:
    known = [(v, letter) for v, letter in zip(values, letters, strict=True) if v is not None]
    if len(known) < 2:
        return ""
    best = max(v for v, _ in known)
    leaders = [letter for v, letter in known if round(v, 1) == round(best, 1)]
    return texts.EQUAL_MARK if len(leaders) == len(known) else ", ".join(leaders)


def restructuring_lines(result: Result, snapshot: Snapshot) -> list[str]:
    """Lines a restructuring adds to a card: a comparison with a year that is not the
    previous one, a group whose size changed since, and the units merged into this one."""
    from .words import editions as words

    lines = []
    stored = snapshot.result(result.unit_id, result.year)
    since = stored.rank_change_from if stored is not None else None
    if result.rank is not None and result.rank_change is not None and since is not None:
        old = snapshot.result(result.unit_id, since)
        old_size = snapshot.group_size(since, result.group)
        if since != result.year - 1:
            lines.append(words.rank_change_since(result.rank_change, since))
        if old is not None and old.rank is not None and old_size != result.group_size:
            lines.append(words.group_size_changed(result.rank, result.group_size, since,
                                                  old.rank, old_size))
    if result.predecessors:
        parts = []
        for p in result.predecessors:
            history = snapshot.rank_history(p.unit_id)
            last = max(history) if history else None
            parts.append((p.unit, last, history.get(last) if last is not None else None))
        lines.append(words.predecessors_line(parts))
    return lines
