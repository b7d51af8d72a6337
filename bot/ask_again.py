"""A question without its year, to ask again for another year (the "no data" button).

A button payload has 64 bytes and no server state, so the question travels in it: folded
words joined by "-", with every year the official typed taken out ("năm 2016", "'16",
"năm 16", "năm ngoái", "2 năm trước"). Questions that do not fit, or that hold figures a
payload cannot carry ("180,5", "35/35"), get no button. Pure.
"""

from __future__ import annotations

import re

from bot.query import clean_text
from bot.query_numbers import PLACEHOLDER, full_year, mark_numbers, position_of, two_digit_year
from bot.words.questions import RELATIVE_YEARS
from scoring.vietnamese import query_tokens

_WORD = re.compile(r"[a-z0-9]+", re.ASCII)
_YEAR_WORD = query_tokens("năm")[0]
_AGO = query_tokens("trước")[0]
_COMPARED_WITH = tuple(query_tokens("so với"))
_RELATIVE = sorted((tuple(p.split()) for p in RELATIVE_YEARS), key=len, reverse=True)


def question_slug(text: str) -> str | None:
    """`text` without its years as "so-y-te-xep-thu-may"; None if it cannot travel."""
    marked, numbers = mark_numbers(clean_text(text))
    tokens = list(query_tokens(marked))
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        relative = next((p for p in _RELATIVE if tuple(tokens[i:i + len(p)]) == p), None)
        if relative is not None and tuple(kept[-2:]) != _COMPARED_WITH:
            i += len(relative)
            continue
        placeholder = PLACEHOLDER.fullmatch(token)
        if placeholder is None:
            if _WORD.fullmatch(token):
                kept.append(token)
            elif token not in (",", "&"):
                return None
            i += 1
            continue
        kind, position = placeholder[1], position_of(placeholder[2])
        if kind == "f":
            return None  # "35/35" does not fit a payload's alphabet
        if kind == "y":
            i += 1
            continue
        digits = numbers.digits[position]
        value = numbers.values[position]
        after_year_word = bool(kept) and kept[-1] == _YEAR_WORD
        if full_year(value, digits) is not None or (
                after_year_word and two_digit_year(value, digits) is not None):
            if after_year_word:
                kept.pop()
            i += 1
            continue
        if tokens[i + 1:i + 3] == [_YEAR_WORD, _AGO]:  # "2 năm trước"
            i += 3
            continue
        if not digits.isdigit():
            return None  # "180,5"
        kept.append(digits)
        i += 1
    return "-".join(kept) or None


def question_text(slug: str, year: int) -> str:
    """The question a slug carries, asked for `year`."""
    return f"{slug.replace('-', ' ')} {_YEAR_WORD} {year}"
