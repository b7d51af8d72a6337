"""What an admin sees about a results file they sent: every fault, or a preview of the year
with the buttons to publish or cancel. Pure HTML and keyboard builders, like `render`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import render
from bot.answer import to_result
from bot.words import cards, uploads
from bot.words import companions as companion_words
from bot.words import files as words
from scoring.errors import MAX_PROBLEMS_SHOWN, DataFileError
from scoring.models import YearResult
from scoring.report import render_problems
from storage.snapshot import Snapshot
from storage.store import PublishOutcome

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
    label = uploads.BUTTON_REPLACE if replace else uploads.BUTTON_PUBLISH
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(label, callback_data=encode_decision(go, upload_id)),
        InlineKeyboardButton(uploads.BUTTON_CANCEL,
                             callback_data=encode_decision("cancel", upload_id)),
    ]])


# ---------------------------------------------------------------- faults

def problems_html(filename: str, error: DataFileError, *,
                  limit: int | None = MAX_PROBLEMS_SHOWN) -> str:
    """The faults, each naming file, row and column, so the sheet is fixed in one pass.

    Past `limit` (None: no limit), one line says how many more: the full list then goes
    with the message as a file (`problems_file`), not as thousands of messages.
    """
    count = len(error.problems)
    shown = error.problems if limit is None else error.problems[:limit]
    lines = [uploads.upload_problems_head(render.esc(filename), count)]
    lines += [f"• {render.esc(problem)}" for problem in shown]
    if count > len(shown):
        lines.append(words.more_problems(count - len(shown)))
    lines.append(uploads.UPLOAD_PROBLEMS_FOOT)
    return "\n".join(lines)


def problems_file(filename: str, error: DataFileError, *,
                  limit: int | None = MAX_PROBLEMS_SHOWN) -> tuple[str, bytes] | None:
    """The full fault list as a text file (name, UTF-8 bytes), when the message is cut."""
    if limit is None or len(error.problems) <= limit:
        return None
    return words.problems_filename(filename), render_problems(error, limit=None).encode()


# ---------------------------------------------------------------- preview

def preview_html(filename: str, outcome: PublishOutcome,
                 companions: Sequence[str] = ()) -> str:
    """New methodology and units (if sent), top of each group, level counts, biggest rank
    changes, data notes, what happens next.

    Needs the outcome of a publish run `with_snapshot` (as `check_upload` does);
    `companions` are the names of the edition and units files checked with the results.
    """
    snapshot, year = outcome.snapshot, outcome.year
    if snapshot is None:
        raise ValueError("a preview needs the outcome's snapshot (with_snapshot=True)")
    head = uploads.upload_preview_head(render.esc(filename), year, len(outcome.results))
    if companions:
        head += "\n" + companion_words.files_used(companions)
    sections = [head]
    if outcome.replaced:
        sections.append(uploads.upload_replace_warning(year))
    if outcome.edition_is_new and outcome.edition is not None:
        sections.append(companion_words.edition_preview(outcome.edition))
    if outcome.new_units or outcome.retired_units:
        names = {u.id: u.name for u in snapshot.registry}
        sections.append(companion_words.units_preview(outcome.new_units,
                                                      outcome.retired_units, names))
    edition = snapshot.edition(year)
    for group in edition.groups:
        table = snapshot.table(year, group.key)
        if not table:
            continue
        top = [to_result(r, snapshot) for r in table[:TOP_PER_GROUP]]
        counts = ([uploads.upload_level_counts(edition, level_counts(table))]
                  if edition.levels else [])
        sections.append("\n".join([
            cards.top_heading(group, year, len(top), worst=False),
            *render.ranked_lines(top, snapshot),
            *counts,
        ]))
    sections.append(_moves(outcome.results, year, snapshot))
    sections.append(_notes(outcome.results, year, snapshot))
    tail = []
    if outcome.ignored_columns:
        tail.append(uploads.upload_ignored_columns(
            ", ".join(f"«{render.esc(c)}»" for c in outcome.ignored_columns)))
    tail.append(uploads.upload_notices(outcome.notices))
    tail.append(uploads.UPLOAD_REPLACE_HINT if outcome.replaced else uploads.UPLOAD_CONFIRM_HINT)
    sections.append("\n".join(tail))
    return "\n\n".join(sections)


def _moves(results: list[YearResult], year: int, snapshot: Snapshot) -> str:
    """The units whose rank moved most since the year before (both directions)."""
    previous = year - 1
    if not any(r.rank_change is not None for r in results):
        return uploads.upload_no_previous(previous)
    moves = sorted(
        ((r.rank + r.rank_change, r.rank, r) for r in results
         if r.rank is not None and r.rank_change),
        key=lambda move: (-abs(move[0] - move[1]), move[1]))
    if not moves:
        return uploads.upload_no_moves(previous)
    lines = [uploads.upload_changes_heading(previous)]
    for before, after, r in moves[:MAX_MOVES]:
        name = render.esc(snapshot.registry.get(r.unit_id).name_in(year))
        group = render.edition_group(snapshot.edition(year), r.group)
        lines.append(uploads.upload_rank_move(name, before, after, group))
    return "\n".join(lines)


def _notes(results: list[YearResult], year: int, snapshot: Snapshot) -> str:
    notes = [(r.unit_id, note) for r in results for note in r.notes]
    if not notes:
        return uploads.UPLOAD_NO_NOTES
    lines = [uploads.UPLOAD_NOTES_HEADING]
    for unit_id, note in notes[:MAX_NOTES]:
        name = snapshot.registry.get(unit_id).name_in(year)
        lines.append(f"• {render.esc(name)}: {render.esc(note)}")
    if len(notes) > MAX_NOTES:
        lines.append(uploads.upload_more_notes(len(notes) - MAX_NOTES))
    return "\n".join(lines)


def level_counts(results: list[YearResult]) -> dict[str, int]:
    """How many units fall in each band, by the band's key (for tests and the preview)."""
    return dict(Counter(str(r.level) for r in results if r.level is not None))
