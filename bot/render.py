"""Answers as Telegram HTML (and plain text): compact, aligned, readable on a phone.

Values are escaped here, where they are formatted, never earlier. Plain text is derived
from the HTML so the console, JSON and Telegram always say the same thing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from bot.contract import Result
from bot.words import cards
from scoring.edition import Edition, EditionGroup
from scoring.wording import format_score
from storage.snapshot import Snapshot

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


def as_mapping(values: Any) -> dict[str, Any]:
    """Scores or sub-index ranks as {key: value}, from a contract model or a plain mapping."""
    if values is None:
        return {}
    if isinstance(values, Mapping):
        return {str(k): v for k, v in values.items()}
    return dict(values.model_dump())


def edition_group(edition: Edition, key: object) -> EditionGroup:
    """The edition's group for `key` (a plain string or a legacy enum value)."""
    group = edition.group(str(key))
    if group is None:  # a unit of a group this edition does not know: name it by its key
        return EditionGroup(key=str(key), name=str(key))
    return group


def unit_card(result: Result, snapshot: Snapshot) -> str:
    """Name, year, total/maximum, band, rank in group with change, sub-indices, history,
    notes: every word and figure from the edition of the year shown."""
    edition = snapshot.edition(result.year)
    group = edition_group(edition, result.group)
    lines = [f"<b>{esc(result.unit)}</b>", cards.unit_heading(result.year, group)]
    if result.total is not None:
        lines.append(cards.total_line(edition, result.total, result.level))
    if result.rank is not None:
        size = snapshot.group_size(result.year, result.group)
        lines.append(cards.rank_line(result.rank, size, group)
                     + cards.rank_change_text(result.rank_change,
                                              compared_year(result.unit_id, result.year,
                                                            snapshot)))
    if result.scores is None:
        lines += ["", cards.rank_only_year(result.year)]
    else:
        lines += ["", cards.SUBINDEX_HEADING, f"<pre>{subindex_table(result, edition)}</pre>"]
    if result.rank_history:
        lines.append(f"{cards.HISTORY_LABEL}: " + history_line(result.rank_history))
    lines += restructuring_lines(result, snapshot)
    for note in result.notes:
        lines.append(f"{cards.NOTE_LABEL}: {esc(note)}")
    return "\n".join(lines)


def subindex_table(result: Result, edition: Edition) -> str:
    """Aligned rows: label, score/max, bar, rank in group (inside <pre>, escaped)."""
    scores = as_mapping(result.scores)
    ranks = as_mapping(result.subindex_ranks)
    cells = [(sub, f"{cards.score(scores[sub.key], edition)}/{cards.max_text(sub.maximum)}")
             for sub in edition.subindices if sub.key in scores]
    label_width = max([5, *(len(sub.label) for sub, _ in cells)])
    score_width = max([9, *(len(text) for _, text in cells)])
    rows = []
    for sub, text in cells:
        value = scores[sub.key]
        rank = f"#{ranks[sub.key]}" if sub.key in ranks else ""
        rows.append(f"{sub.label.ljust(label_width)} {text.rjust(score_width)} "
                    f"{bar(value, sub.maximum)} {rank}".rstrip())
    return esc("\n".join(rows))


def history_line(history: dict[str, int]) -> str:
    return " → ".join(f"{year}: <b>{rank}</b>" for year, rank in history.items())


def ranked_lines(results: list[Result], snapshot: Snapshot | None = None) -> list[str]:
    """One compact line per unit: rank, name, total where published (at the precision of
    its year's edition when `snapshot` is given, else one decimal)."""
    width = max((len(str(r.rank or "")) for r in results), default=1)
    lines = []
    for r in results:
        rank = str(r.rank or "–").rjust(width)
        tail = ""
        if r.total is not None:
            decimals = snapshot.edition(r.year).decimals if snapshot is not None else 1
            tail = f" · <b>{format_score(r.total, decimals)}</b>"
        if r.rank_change:
            tail += f" {'↑' if r.rank_change > 0 else '↓'}{abs(r.rank_change)}"
        lines.append(f"<code>{rank}.</code> {esc(r.unit)}{tail}")
    return lines


def compare_table(results: list[Result], edition: Edition | None = None, *,
                  snapshot: Snapshot | None = None) -> str:
    """Sub-indices side by side, with who leads each (letters A, B, C… stand for units).

    The rows are the sub-indices of `edition` (or of the edition of the results' year, from
    `snapshot`), figures at its precision.
    """
    if edition is None:
        if snapshot is None or not results:
            raise ValueError("compare_table needs the edition or the snapshot")
        edition = snapshot.edition(results[0].year)
    letters = [chr(ord("A") + i) for i in range(len(results))]
    rows_spec = [(s.label, s.key) for s in edition.subindices] + [(cards.TOTAL_LABEL, "total")]
    label_width = max(6, *(len(label) + 1 for label, _ in rows_spec))
    table = [[_value(r, key) for r in results] for _, key in rows_spec]
    texts_ = [["–" if v is None else cards.score(v, edition) for v in row] for row in table]
    col = max([7, *(len(t) + 1 for row in texts_ for t in row)])
    head = (" " * label_width + "".join(letter.rjust(col) for letter in letters)
            + "  " + cards.LEADS_LABEL)
    rows = [head]
    for (label, _), values, cells in zip(rows_spec, table, texts_, strict=True):
        rows.append(label.ljust(label_width) + "".join(c.rjust(col) for c in cells)
                    + "  " + _leader(values, letters, edition.decimals))
    return esc("\n".join(rows))


def _value(result: Result, key: str) -> float | None:
    if key == "total":
        return result.total
    return as_mapping(result.scores).get(key)


def _leader(values: list[float | None], letters: list[str], decimals: int = 1) -> str:
    known = [(v, letter) for v, letter in zip(values, letters, strict=True) if v is not None]
    if len(known) < 2:
        return ""
    best = max(v for v, _ in known)
    leaders = [letter for v, letter in known if round(v, decimals) == round(best, decimals)]
    return cards.EQUAL_MARK if len(leaders) == len(known) else ", ".join(leaders)


def compared_year(unit_id: str, year: int, snapshot: Snapshot) -> int:
    """The year a rank change compares with: the last earlier year the unit was ranked in
    its group (stored with the result), which is not always the year before."""
    stored = snapshot.result(unit_id, year)
    since = stored.rank_change_from if stored is not None else None
    return since if since is not None else year - 1


def restructuring_lines(result: Result, snapshot: Snapshot) -> list[str]:
    """Lines a restructuring adds to a card: a comparison with a year that is not the
    previous one, a group whose size changed since, and the units merged into this one."""
    from bot.words import editions as words

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


def known_years(snapshot: Snapshot) -> str:
    """The published years, ranks-only ones marked ("2017 (chỉ có xếp hạng), …, 2019")."""
    return cards.years_list(list(snapshot.years),
                            set(snapshot.years) - snapshot.scored_years)
