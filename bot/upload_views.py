"""What an admin sees about a results file they sent: every fault, or a preview of the year
with the buttons to publish or cancel. Pure HTML and keyboard builders, like `render`."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from scoring.errors import DataFileError
from scoring.models import Group, Level, YearResult
from storage.snapshot import Snapshot
from storage.store import PublishOutcome

from . import render, texts
from .answer import to_result

Decision = Literal["publish", "replace", "cancel"]

PREFIX = "up"  # not one of `callbacks`' one-letter codes, so the two never collide
_CODES: dict[Decision, str] = {"publish": "p", "replace": "r", "cancel": "x"}
TOP_PER_GROUP = 3
MAX_MOVES = 5
MAX_NOTES = 10


# ---------------------------------------------------------------- buttons

def encode_decision(decision: Decision, upload_id: int) -> str:
    """`up:p:12`: the button carries only the stored upload's id (survives a restart); it is
    decoded, strictly, by `payloads.parse`."""
    return f"{PREFIX}:{_CODES[decision]}:{upload_id}"


def decision_keyboard(upload_id: int, *, replace: bool) -> InlineKeyboardMarkup:
    """Publish (or Replace, when the year exists) and Cancel."""
    go: Decision = "replace" if replace else "publish"
    label = texts.BUTTON_REPLACE if replace else texts.BUTTON_PUBLISH
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(label, callback_data=encode_decision(go, upload_id)),
        InlineKeyboardButton(texts.BUTTON_CANCEL,
                             callback_data=encode_decision("cancel", upload_id)),
    ]])


# ---------------------------------------------------------------- faults

def problems_html(filename: str, error: DataFileError) -> str:
    """Every fault, each naming file, row and column, so the sheet is fixed in one pass."""
    lines = [texts.upload_problems_head(render.esc(filename), len(error.problems))]
    lines += [f"• {render.esc(problem)}" for problem in error.problems]
    lines.append(texts.UPLOAD_PROBLEMS_FOOT)
    return "\n".join(lines)


# ---------------------------------------------------------------- preview

def preview_html(filename: str, outcome: PublishOutcome) -> str:
    """Top of each group, level counts, biggest rank changes, data notes, what happens next.

    Needs the outcome of a publish run `with_snapshot` (as `check_upload` does).
    """
    snapshot, year = outcome.snapshot, outcome.year
    if snapshot is None:
        raise ValueError("a preview needs the outcome's snapshot (with_snapshot=True)")
    sections = [texts.upload_preview_head(render.esc(filename), year, len(outcome.results))]
    if outcome.replaced:
        sections.append(texts.upload_replace_warning(year))
    for group in Group:
        table = snapshot.table(year, group)
        if not table:
            continue
        top = [to_result(r, snapshot) for r in table[:TOP_PER_GROUP]]
        sections.append("\n".join([
            texts.top_heading(group, year, len(top), worst=False),
            *render.ranked_lines(top),
            texts.upload_level_counts(level_counts(table)),
        ]))
    sections.append(_moves(outcome.results, year, snapshot))
    sections.append(_notes(outcome.results, year, snapshot))
    tail = []
    if outcome.ignored_columns:
        tail.append(texts.upload_ignored_columns(
            ", ".join(f"«{render.esc(c)}»" for c in outcome.ignored_columns)))
    tail.append(texts.upload_notices(outcome.notices))
    tail.append(texts.UPLOAD_REPLACE_HINT if outcome.replaced else texts.UPLOAD_CONFIRM_HINT)
    sections.append("\n".join(tail))
    return "\n\n".join(sections)


def _moves(results: list[YearResult], year: int, snapshot: Snapshot) -> str:
    """The units whose rank moved most since the year before (both directions)."""
    previous = year - 1
    if not any(r.rank_change is not None for r in results):
        return texts.upload_no_previous(previous)
    moves = sorted(
        ((r.rank + r.rank_change, r.rank, r) for r in results
         if r.rank is not None and r.rank_change),
        key=lambda move: (-abs(move[0] - move[1]), move[1]))
    if not moves:
        return texts.upload_no_moves(previous)
    lines = [texts.upload_changes_heading(previous)]
    for before, after, r in moves[:MAX_MOVES]:
        name = render.esc(snapshot.registry.get(r.unit_id).name_in(year))
        lines.append(texts.upload_rank_move(name, before, after, r.group))
    return "\n".join(lines)


def _notes(results: list[YearResult], year: int, snapshot: Snapshot) -> str:
    notes = [(r.unit_id, note) for r in results for note in r.notes]
    if not notes:
        return texts.UPLOAD_NO_NOTES
    lines = [texts.UPLOAD_NOTES_HEADING]
    for unit_id, note in notes[:MAX_NOTES]:
        name = snapshot.registry.get(unit_id).name_in(year)
        lines.append(f"• {render.esc(name)}: {render.esc(note)}")
    if len(notes) > MAX_NOTES:
        lines.append(texts.upload_more_notes(len(notes) - MAX_NOTES))
    return "\n".join(lines)


def level_counts(results: list[YearResult]) -> dict[Level, int]:
    """How many units fall in each level (for tests and the preview)."""
    return dict(Counter(r.level for r in results if r.level is not None))
