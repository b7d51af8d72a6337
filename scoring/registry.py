"""The unit registry (data/units.csv): who is ranked, in which group, under which names."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from .errors import DataFileError, DataFileProblem
from .models import Unit

REGISTRY_COLUMNS = ("id", "group", "name", "aliases", "from_year", "until_year", "successor")


class UnitRegistry:
    """All registered units, looked up by id; iteration follows the file's order."""

    def __init__(self, units: Iterable[Unit]):
        self._units: dict[str, Unit] = {}
        for unit in units:
            if unit.id in self._units:
                raise ValueError(f"duplicate unit id {unit.id!r}")
            self._units[unit.id] = unit

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._units.values())

    def __len__(self) -> int:
        return len(self._units)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def get(self, unit_id: str) -> Unit:
        return self._units[unit_id]

    def in_group(self, group: str, year: int | None = None) -> list[Unit]:
        """Units of group key `group`, those existing in `year` when given."""
        return [
            u for u in self._units.values()
            if u.group == group and (year is None or u.exists_in(year))
        ]

    def successor_of(self, unit_id: str) -> Unit | None:
        unit = self._units[unit_id]
        return self._units.get(unit.successor) if unit.successor else None

    def predecessors_of(self, unit_id: str) -> list[Unit]:
        """Units that name `unit_id` as their successor (a merger has several), file order."""
        return [u for u in self._units.values() if u.successor == unit_id]

    def existing_in(self, year: int) -> list[Unit]:
        return [u for u in self._units.values() if u.exists_in(year)]


def _optional_int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value else None


def _former_names(value: str) -> tuple[tuple[int, str], ...]:
    """Parse "2018:Old name|2020:Other name" into ((2018, "Old name"), ...)."""
    pairs = []
    for item in filter(None, (v.strip() for v in value.split("|"))):
        year, _, name = item.partition(":")
        pairs.append((int(year), name.strip()))
    return tuple(pairs)


def load_registry(path: str | Path) -> UnitRegistry:
    """Read data/units.csv; every fault is reported with its row and column."""
    return UnitRegistry(unit for _, unit in read_unit_rows(path))


def read_unit_rows(
    path: str | Path, known_ids: Iterable[str] = ()
) -> list[tuple[int, Unit]]:
    """Units with the file line each came from; `known_ids` may be named as successors."""
    path = Path(path)
    problems: list[DataFileProblem] = []
    units: list[Unit] = []
    seen: dict[str, int] = {}
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise DataFileError.single(path, 0, "", f"không đọc được tệp: {exc}") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REGISTRY_COLUMNS[:3] if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError.single(path, 1, missing[0], "thiếu cột bắt buộc")
        for line, row in enumerate(reader, start=2):
            try:
                unit = Unit(
                    id=row["id"].strip(),
                    group=(row["group"] or "").strip(),
                    name=row["name"].strip(),
                    aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|")
                                  if a.strip()),
                    from_year=_optional_int(row.get("from_year") or ""),
                    until_year=_optional_int(row.get("until_year") or ""),
                    successor=(row.get("successor") or "").strip() or None,
                    former_names=_former_names(row.get("former_names") or ""),
                )
            except (ValueError, ValidationError) as exc:
                problems.append(DataFileProblem(str(path), line, "", f"dòng không hợp lệ: {exc}"))
                continue
            if unit.id in seen:
                problems.append(DataFileProblem(
                    str(path), line, "id", f"mã {unit.id} đã dùng ở dòng {seen[unit.id]}"))
                continue
            seen[unit.id] = line
            units.append(unit)
    known = set(known_ids) | set(seen)
    for unit in units:
        if unit.successor and unit.successor not in known:
            problems.append(DataFileProblem(
                str(path), seen[unit.id], "successor", f"không có đơn vị mã {unit.successor}"))
    if problems:
        raise DataFileError(problems)
    return [(seen[u.id], u) for u in units]
