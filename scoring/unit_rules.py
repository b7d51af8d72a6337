"""Rules for units across restructurings: groups that exist in the editions of their years,
no likely duplicate of a registered unit, merging a units file into the registry. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from .edition import Edition, EditionBook
from .errors import DataFileProblem
from .models import Unit
from .names import duplicate_key, name_spellings
from .registry import UnitRegistry

_OPEN = 10_000  # "no end year" in interval arithmetic


def _span(unit: Unit) -> tuple[int, int]:
    return (unit.from_year if unit.from_year is not None else -_OPEN,
            unit.until_year if unit.until_year is not None else _OPEN)


def overlap(a: Unit, b: Unit) -> bool:
    """Whether two units exist in at least one common year."""
    (a_from, a_until), (b_from, b_until) = _span(a), _span(b)
    return max(a_from, b_from) <= min(a_until, b_until)


def edition_spans(book: EditionBook) -> list[tuple[int, int, Edition]]:
    """(first year, last year, edition) for each edition; the first also covers earlier years."""
    editions = list(book)
    spans: list[tuple[int, int, Edition]] = []
    for i, edition in enumerate(editions):
        start = -_OPEN if i == 0 else edition.year
        end = editions[i + 1].year - 1 if i + 1 < len(editions) else _OPEN
        spans.append((start, end, edition))
    return spans


def group_problems(
    lines: Iterable[tuple[int, Unit]], book: EditionBook, path: str, *, stored: bool = False
) -> list[DataFileProblem]:
    """A unit whose group is not in the edition of a year it exists in is refused.

    `stored` units have no line in a file: the fault is then the edition's (`path`).
    """
    problems = []
    spans = edition_spans(book)
    for line, unit in lines:
        u_from, u_until = _span(unit)
        for start, end, edition in spans:
            first, last = max(start, u_from), min(end, u_until)
            if first > last or unit.group in edition.group_keys:
                continue
            years = f"năm {max(first, edition.year)}" if last >= _OPEN or first == last \
                else f"các năm {max(first, edition.year)}–{last}"
            groups = ", ".join(edition.group_keys)
            if stored:
                problems.append(DataFileProblem(
                    path, 0, "groups",
                    f"đơn vị «{unit.name}» (mã {unit.id}, khối «{unit.group}») vẫn tồn tại "
                    f"{years} nhưng ấn bản năm {edition.year} không có khối này ({groups}); "
                    "hãy cho đơn vị dừng (until_year, successor) trong tệp đơn vị"))
            else:
                problems.append(DataFileProblem(
                    path, line, "group",
                    f"khối «{unit.group}» của «{unit.name}» không có trong ấn bản năm "
                    f"{edition.year} ({groups}) mà đơn vị tồn tại {years}"))
            break
    return problems


def likely_duplicates(
    new_lines: Iterable[tuple[int, Unit]], registry: UnitRegistry, path: str
) -> list[DataFileProblem]:
    """A new unit whose name or an alias equals (case, diacritics, spacing, "&"/"và"
    ignored) a name or alias of another unit existing in an overlapping year."""
    keys: dict[str, list[Unit]] = {}
    for unit in registry:
        for spelling in {duplicate_key(n) for n in name_spellings(unit)}:
            keys.setdefault(spelling, []).append(unit)
    problems = []
    for line, unit in new_lines:
        clash = None
        for spelling in dict.fromkeys(duplicate_key(n) for n in name_spellings(unit)):
            clash = next((other for other in keys.get(spelling, ())
                          if other.id != unit.id and overlap(unit, other)), None)
            if clash is not None:
                break
        if clash is not None:
            problems.append(DataFileProblem(
                path, line, "name",
                f"«{unit.name}» có vẻ trùng với đơn vị đã có «{clash.name}» (mã {clash.id}) "
                "trong cùng thời gian; nếu là cùng đơn vị, hãy dùng mã đó"))
    return problems


def merge_units(registry: UnitRegistry, units: Iterable[Unit]) -> UnitRegistry:
    """The registry with `units` applied: a known id is replaced in place, a new one added."""
    updates = {u.id: u for u in units}
    merged = [updates.pop(u.id, u) for u in registry]
    return UnitRegistry([*merged, *updates.values()])


def retired_units(before: UnitRegistry, after: UnitRegistry) -> list[Unit]:
    """Units given an end year (or a successor) by the update."""
    return [u for u in after if u.id in before and (
        (u.until_year, u.successor) != (before.get(u.id).until_year,
                                        before.get(u.id).successor))
        and u.until_year is not None]
