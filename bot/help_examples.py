"""The examples /start, /help and greetings offer, taken from the latest published year.

A methodology and the units change over the years (in 2025 the districts became communes):
examples that name 2019's groups or bands would send officials to questions that no longer
work. So every example is made from the data: the latest year's edition (its group words,
bands and sub-index labels) and its ranked units. Pure; None when nothing is published.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.vietnamese import fold_vietnamese
from storage.snapshot import Snapshot


@dataclass(frozen=True)
class HelpExamples:
    """Names and words to put in example questions (plain text, escaped where shown)."""

    year: int
    unit: str  # the first unit of the first group
    other_unit: str  # the second unit of that group
    low_unit: str  # its last ranked unit (a "what to improve" example)
    plain_unit: str  # `other_unit` typed without diacritics
    abbreviation: str | None  # an abbreviation officials use for `other_unit`
    first_group: str  # what officials call the first group ("sở")
    last_group: str  # and the last one ("huyện")
    last_group_short: str  # "khối huyện"
    band: str | None  # the top band's name ("khá")
    lower_band: str | None  # the next band's name ("trung bình")
    label: str | None  # the first sub-index's label ("HTKT")


def _word(group_words: tuple[str, ...], short: str) -> str:
    return group_words[0] if group_words else short


def help_examples(snapshot: Snapshot | None) -> HelpExamples | None:
    """Examples from the latest year with a group of at least two ranked units."""
    if snapshot is None or snapshot.latest_year is None or not len(snapshot.editions):
        return None
    year = snapshot.latest_year
    edition = snapshot.edition(year)
    groups = [g for g in edition.groups if len(snapshot.table(year, g.key)) >= 2]
    if not groups:
        return None
    first, last = groups[0], groups[-1]
    table = snapshot.table(year, first.key)
    names = [snapshot.registry.get(r.unit_id) for r in table]
    other = names[1]
    bands = [band.name for band in edition.levels] if edition.has_scores else []
    return HelpExamples(
        year=year,
        unit=names[0].name_in(year),
        other_unit=other.name_in(year),
        low_unit=names[-1].name_in(year),
        plain_unit=fold_vietnamese(other.name_in(year)),
        abbreviation=other.aliases[0] if other.aliases else None,
        first_group=_word(first.words, first.short),
        last_group=_word(last.words, last.short),
        last_group_short=last.short,
        band=bands[0] if bands else None,
        lower_band=bands[1] if len(bands) > 1 else None,
        label=edition.subindices[0].label if edition.has_scores else None,
    )
