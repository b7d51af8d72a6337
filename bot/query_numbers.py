"""Numbers in a question, read before the words: "180,5", "35/35", "'19", "5-10".

Each number is replaced by a placeholder token (`qn0`, `qf0`, `qy0`) that survives folding,
so the grammar sees where a number stood and reads its value from `Numbers`. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FRACTION = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*/\s*(\d+(?:[.,]\d{1,2})?)")
_SHORT_YEAR = re.compile(r"['’‘`](\d{2})\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d{1,2}(?!\d))?")
PLACEHOLDER = re.compile(r"qq([nfy])([a-z])")  # letters only: digits would split off
MAX_NUMBERS = 26


@dataclass
class Numbers:
    """The values behind the placeholders of one message."""

    values: list[float] = field(default_factory=list)
    fractions: list[tuple[float, float]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    digits: list[str] = field(default_factory=list)  # how each `qn` number was typed


def _value(text: str) -> float:
    return float(text.replace(",", "."))


def _placeholder(kind: str, position: int) -> str:
    """" qqna " for the first plain number; past MAX_NUMBERS a number is only a word break."""
    return f" qq{kind}{chr(ord('a') + position)} " if position < MAX_NUMBERS else " "


def position_of(letter: str) -> int:
    return ord(letter) - ord("a")


def mark_numbers(text: str) -> tuple[str, Numbers]:
    """`text` with every number replaced by a placeholder, and the numbers."""
    found = Numbers()

    def fraction(match: re.Match[str]) -> str:
        found.fractions.append((_value(match[1]), _value(match[2])))
        return _placeholder("f", len(found.fractions) - 1)

    def short_year(match: re.Match[str]) -> str:
        found.years.append(2000 + int(match[1]))
        return _placeholder("y", len(found.years) - 1)

    def number(match: re.Match[str]) -> str:
        found.values.append(_value(match[0]))
        found.digits.append(match[0])
        return _placeholder("n", len(found.values) - 1)

    text = _FRACTION.sub(fraction, text)
    text = _SHORT_YEAR.sub(short_year, text)
    return _NUMBER.sub(number, text), found


def full_year(value: float, digits: str) -> int | None:
    """A four-digit 19xx/20xx year; None for any other number."""
    if len(digits) == 4 and digits.isdigit() and digits[:2] in ("19", "20"):
        return int(value)
    return None


def two_digit_year(value: float, digits: str) -> int | None:
    """"năm 18" → 2018 (only right after "năm")."""
    if len(digits) == 2 and digits.isdigit():
        return 2000 + int(value)
    return full_year(value, digits)
