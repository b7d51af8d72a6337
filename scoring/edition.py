"""An edition: the methodology of one or more years, read from a TOML file in data/editions/.

The index changes its methodology almost every year: groups, sub-indices and their maxima,
the total maximum, the level bands and how many decimals figures carry. None of that is code;
every module reads it from the edition in force for the year it shows. The file format is a
contract that other programs write (see README "Editions"); unknown keys are kept.
"""

from __future__ import annotations

import bisect
import math
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DataFileError, DataFileProblem

KEY_PATTERN = r"^[a-z0-9_]+$"
# Measures every answer knows besides the sub-indices: a sub-index may not take these keys.
RESERVED_KEYS = frozenset({"total", "rank", "level", "rank_change"})
WEIGHT_REL_TOLERANCE = 1e-5  # 6 × 0.166667 is 1; 6 × 0.1667 is not


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


class EditionGroup(_Part):
    """A group of units ranked separately ("so", "huyen", "xa")."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=1)
    words: tuple[str, ...] = ()  # what officials call the group in a question
    short_name: str | None = None  # "khối sở"; defaults to the name

    @property
    def short(self) -> str:
        return self.short_name or self.name


class SubIndexSpec(_Part):
    """One sub-index column: its key, printed label, full name and maximum."""

    key: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=1)
    name: str = Field(min_length=1)
    maximum: float = Field(gt=0)
    weight: float = Field(default=1.0, gt=0)
    words: tuple[str, ...] = ()  # what officials call it besides its label and name


class LevelBand(_Part):
    """A level band: a total ≥ `from_` (and below the next band up) is in it."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=1)
    from_: float = Field(alias="from", ge=0)
    words: tuple[str, ...] = ()  # what officials call the band besides its name ("tb")


class Edition(_Part):
    """The methodology in force from `year` until the next edition's year."""

    year: int = Field(ge=1990, le=2200)
    name: str = Field(min_length=1)
    source: str | None = None
    total_maximum: float | None = Field(default=None, gt=0)
    decimals: int = Field(default=1, ge=0, le=6)
    ranks_only: bool = False
    groups: tuple[EditionGroup, ...] = Field(min_length=1)
    subindices: tuple[SubIndexSpec, ...] = ()
    levels: tuple[LevelBand, ...] = ()
    path: str = Field(default="", exclude=True)  # the file it was read from, for messages

    # -- lookups ---------------------------------------------------------------------------

    def group(self, key: str) -> EditionGroup | None:
        return next((g for g in self.groups if g.key == key), None)

    def subindex(self, key: str) -> SubIndexSpec | None:
        return next((s for s in self.subindices if s.key == key), None)

    def level(self, key: str) -> LevelBand | None:
        return next((band for band in self.levels if band.key == key), None)

    @property
    def group_keys(self) -> tuple[str, ...]:
        return tuple(g.key for g in self.groups)

    @property
    def subindex_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.subindices)

    @property
    def has_scores(self) -> bool:
        return not self.ranks_only and bool(self.subindices)

    # -- arithmetic ------------------------------------------------------------------------

    def round(self, value: float) -> float:
        """A figure at the edition's published precision (adding 0.0 turns -0.0 into 0.0)."""
        return round(value + 0.0, self.decimals)

    def tolerance(self) -> float:
        """Half a unit of the last published decimal: sums closer than this agree."""
        return 0.5 * 10 ** -self.decimals + 1e-12

    def weighted_total(self, scores: Mapping[str, float]) -> float:
        """Σ weight × score over the edition's sub-indices, at the published precision."""
        return self.round(sum(s.weight * scores[s.key] for s in self.subindices))

    def level_for(self, total: float) -> LevelBand | None:
        """The band `total` falls in (highest first, `total ≥ from`); None without bands."""
        rounded = self.round(total)
        return next((band for band in self.levels if rounded >= band.from_), None)

    def next_band(self, key: str) -> LevelBand | None:
        """The band just above `key`'s, or None at the top."""
        keys = [band.key for band in self.levels]
        position = keys.index(key) if key in keys else -1
        return self.levels[position - 1] if position > 0 else None

    def band_ceiling(self, key: str) -> float | None:
        """Where `key`'s band ends: the next band's start, or the total maximum at the top."""
        above = self.next_band(key)
        return above.from_ if above is not None else self.total_maximum

    def maxima(self) -> dict[str, float] | None:
        """{"total": …, key: …} for scored editions; None for ranks-only ones."""
        if not self.has_scores or self.total_maximum is None:
            return None
        return {"total": self.total_maximum, **{s.key: s.maximum for s in self.subindices}}


# -- reading and checking -------------------------------------------------------------------


def _location(loc: tuple[int | str, ...]) -> str:
    """pydantic's error location as the TOML key an editor shows: "levels[2].from"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _problems_of(path: str, edition: Edition) -> list[DataFileProblem]:
    """Checks across fields: keys unique, weighted maxima add up, bands descend."""
    problems: list[DataFileProblem] = []

    def problem(key: str, message: str) -> None:
        problems.append(DataFileProblem(path, 0, key, message))

    sections: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("groups", edition.group_keys), ("subindices", edition.subindex_keys),
        ("levels", tuple(band.key for band in edition.levels)))
    for section, keys in sections:
        seen: set[str] = set()
        for i, key in enumerate(keys):
            if key in seen:
                problem(f"{section}[{i}].key", f"mã «{key}» bị trùng")
            seen.add(key)
    for i, sub in enumerate(edition.subindices):
        if sub.key in RESERVED_KEYS:
            problem(f"subindices[{i}].key",
                    f"mã «{sub.key}» dành cho số đo chung, hãy đặt mã khác")
    if not edition.ranks_only:
        if edition.total_maximum is None:
            problem("total_maximum", "thiếu khóa bắt buộc")
        if not edition.subindices:
            problem("subindices", "thiếu khóa bắt buộc (cần ít nhất một chỉ số thành phần)")
    if edition.total_maximum is not None and edition.subindices:
        weighted = sum(s.weight * s.maximum for s in edition.subindices)
        if not math.isclose(weighted, edition.total_maximum, rel_tol=WEIGHT_REL_TOLERANCE):
            problem("total_maximum",
                    f"tổng điểm tối đa là {edition.total_maximum:g} nhưng Σ trọng số × điểm tối "
                    f"đa của các chỉ số thành phần là {weighted:g}")
    for i, band in enumerate(edition.levels):
        if i and band.from_ >= edition.levels[i - 1].from_:
            problem(f"levels[{i}].from",
                    f"các mức phải xếp từ cao xuống thấp: {band.from_:g} không nhỏ hơn "
                    f"{edition.levels[i - 1].from_:g} của mức «{edition.levels[i - 1].name}»")
        if edition.total_maximum is not None and band.from_ > edition.total_maximum:
            problem(f"levels[{i}].from",
                    f"ngưỡng {band.from_:g} vượt quá tổng điểm tối đa {edition.total_maximum:g}")
    return problems


def parse_edition(data: Mapping[str, Any], path: str = "") -> Edition:
    """Validate one edition's TOML content; DataFileError names the file and every bad key."""
    try:
        edition = Edition.model_validate({**data, "path": path})
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = _location(tuple(error["loc"])) or "(tệp)"
            message = "thiếu khóa bắt buộc" if error["type"] == "missing" else error["msg"]
            problems.append(DataFileProblem(path, 0, key, message))
        raise DataFileError(problems) from None
    problems = _problems_of(path, edition)
    if problems:
        raise DataFileError(problems)
    return edition


def read_edition(path: str | Path) -> Edition:
    """Read and validate an edition file (TOML)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataFileError.single(path, 0, "", "không tìm thấy tệp") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError.single(path, 0, "", f"không đọc được tệp: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        raise DataFileError.single(path, line, "", f"tệp TOML không hợp lệ: {exc}") from None
    return parse_edition(data, str(path))


def edition_toml(edition: Edition) -> dict[str, Any]:
    """The edition as TOML-ready data (extra keys included), for storing and round trips."""
    return edition.model_dump(by_alias=True, exclude_none=True)


class EditionBook:
    """All editions by first year; each holds until the next one's year."""

    def __init__(self, editions: Iterable[Edition]):
        ordered = sorted(editions, key=lambda e: e.year)
        years = [e.year for e in ordered]
        if len(set(years)) != len(years):
            raise ValueError("two editions start in the same year")
        self._editions = tuple(ordered)
        self._years = years

    def __iter__(self) -> Iterator[Edition]:
        return iter(self._editions)

    def __len__(self) -> int:
        return len(self._editions)

    @property
    def first_year(self) -> int | None:
        return self._years[0] if self._years else None

    def for_year(self, year: int) -> Edition:
        """The edition in force in `year` (the first one for years before it)."""
        if not self._editions:
            raise LookupError("no edition is registered")
        position = bisect.bisect_right(self._years, year) - 1
        return self._editions[max(position, 0)]

    def with_edition(self, edition: Edition) -> EditionBook:
        """A book where `edition` replaces any edition of the same year."""
        return EditionBook([*(e for e in self._editions if e.year != edition.year), edition])


def load_editions(folder: str | Path) -> EditionBook:
    """Every *.toml in `folder`; every fault of every file is reported at once."""
    editions: list[Edition] = []
    problems: list[DataFileProblem] = []
    seen: dict[int, str] = {}
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            edition = read_edition(path)
        except DataFileError as exc:
            problems.extend(exc.problems)
            continue
        if edition.year in seen:
            problems.append(DataFileProblem(
                str(path), 0, "year",
                f"năm {edition.year} đã có ấn bản trong {seen[edition.year]}"))
            continue
        seen[edition.year] = path.name
        editions.append(edition)
    if problems:
        raise DataFileError(problems)
    return EditionBook(editions)
