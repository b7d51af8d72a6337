"""What the index means, from the edition of the year asked (data/editions/*.toml).

The report's words (sub-index names, maxima, weights, the indicators of its section II, the
level bands and their quotes) are transcribed into the edition file, never typed here;
`words.about` adds only the sentences that join them. Topics: None (the index as a whole),
"scoring", "levels", or a sub-index key of that edition.
"""

from __future__ import annotations

from bot.render import esc
from bot.words import about as words
from scoring.edition import Edition, SubIndexSpec
from storage.db import DEFAULT_DATA_DIR, data_dir
from storage.snapshot import shipped_editions


def topics(edition: Edition) -> tuple[str, ...]:
    """The topics an "about" question may take under `edition`."""
    return ("scoring", "levels", *edition.subindex_keys)


def latest_shipped_edition() -> Edition:
    """The newest edition in the data directory (or the repository's), for callers that
    have no snapshot at hand (benchmarks, `egov ask` before any data is loaded)."""
    folder = data_dir() / "editions"
    book = shipped_editions(folder if folder.is_dir() else DEFAULT_DATA_DIR / "editions")
    if not len(book):
        raise LookupError("no edition is registered")
    return list(book)[-1]


def about_html(topic: str | None, level: str | None = None,
               edition: Edition | None = None) -> str:
    """The answer to a question about the index itself, under `edition` (the year asked's)."""
    edition = edition or latest_shipped_edition()
    sub = edition.subindex(str(topic)) if topic else None
    if not edition.has_scores:
        body = _ranks_only(edition)
    elif sub is not None:
        body = _subindex(sub, edition)
    elif topic == "levels":
        body = _levels(edition, level)
    elif topic == "scoring":
        body = _scoring(edition)
    else:
        body = _overview(edition)
    tail = [words.about_source(esc(edition.source))] if edition.source else []
    more = words.about_more(edition)
    return "\n".join([body + "\n", *tail, *([more] if more else [])]).rstrip()


def _subindex(sub: SubIndexSpec, edition: Edition) -> str:
    lines = [words.about_subindex_heading(sub), words.about_subindex_maximum(edition, sub)]
    indicators = list((sub.model_extra or {}).get("indicators") or [])
    assessment = list((sub.model_extra or {}).get("assessment") or [])
    if indicators:
        lines.append(words.about_indicators(words.extra(sub, "section")))
        lines += [f"• {esc(indicator)}" for indicator in indicators]
    elif assessment:
        lines.append(words.ABOUT_NO_INDICATORS)
        lines += [f"<i>«{esc(quote)}»</i>" for quote in assessment]
    return "\n".join(lines)


def _levels(edition: Edition, asked: str | None) -> str:
    if not edition.levels:
        return words.ABOUT_NO_LEVELS
    lines = [words.about_levels_heading(edition)]
    for band in edition.levels:
        line = words.about_level_line(edition, band)
        lines.append(f"<b>{line}</b>" if asked is not None and band.key == asked else line)
    lines.append(words.ABOUT_LEVEL_BY_TOTAL)
    return "\n".join(lines)


def _subindex_lines(edition: Edition) -> list[str]:
    return [words.about_subindex_line(edition, s) for s in edition.subindices]


def _scoring(edition: Edition) -> str:
    note = words.extra(edition, "scoring_note")
    return "\n".join([
        words.about_scoring_heading(edition),
        words.about_total(edition),
        *_subindex_lines(edition),
        words.about_ranking(edition),
        _levels(edition, None),
        *([esc(note)] if note else []),
    ])


def _overview(edition: Edition) -> str:
    return "\n".join([
        words.about_overview_heading(edition),
        words.about_groups(len(edition.groups)),
        *(f"• {esc(words.extra(g, 'quote', g.name))}" for g in edition.groups),
        words.about_total(edition),
        *_subindex_lines(edition),
        _levels(edition, None),
    ])


def _ranks_only(edition: Edition) -> str:
    criteria = [str(c) for c in (edition.model_extra or {}).get("criteria") or []]
    lines = [f"<b>{esc(words.index_name(edition))}</b>", words.about_ranks_only(edition)]
    if criteria:
        lines.append(words.about_criteria(criteria))
    return "\n".join(lines)
