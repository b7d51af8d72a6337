"""Pure Vietnamese text folding shared by the registry, the publisher and the query matcher.

Officials type without diacritics, in NFD from some phones, with old ("hoá") or new ("hóa")
tone placement, with zero-width characters pasted from Word. Folding maps all of these to
one ASCII key so that comparisons are about the words, not their encoding.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_NON_WORD = re.compile(r"[^0-9a-z&]+")
_AMPERSAND = re.compile(r"\s*&\s*")


def strip_invisible(text: str) -> str:
    """Remove zero-width characters and soft hyphens, and NFC-normalise."""
    return unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))


def fold_vietnamese(text: str) -> str:
    """Lower-case ASCII form of `text`: no diacritics, đ → d, invisible characters removed.

    Tone placement ("hoá"/"hóa", "uỷ"/"ủy") disappears with the diacritics, so both spellings
    fold to the same key. Punctuation and spacing are kept; see `name_key` for those.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_ZERO_WIDTH))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def name_key(text: str) -> str:
    """Comparison key for a unit name: folded, "&" read as "và", punctuation as spaces.

    >>> name_key("Sở  GD&ĐT.")
    'so gd va dt'
    """
    folded = _AMPERSAND.sub(" va ", fold_vietnamese(text))
    return " ".join(_NON_WORD.sub(" ", folded).split())


_QUERY_PIECE = re.compile(r"[a-z]+|[0-9]+|[,;/+|]")
_SEPARATOR_CHARS = frozenset(",;/+|")
CLAUSE_SEPARATOR = ","


def query_tokens(text: str) -> list[str]:
    """Folded words of free text, for parsing what people type rather than comparing names.

    Letters and digits are split apart ("top10" → "top", "10"), "&" is read as "và" like in
    `name_key`, and the clause separators `, ; / + |` survive as "," because they separate
    the units of a comparison ("y tế, tư pháp"). Other punctuation is a word break.

    >>> query_tokens("So sánh Sở GD&ĐT, top10!")
    ['so', 'sanh', 'so', 'gd', 'va', 'dt', ',', 'top', '10']
    """
    pieces = _QUERY_PIECE.findall(_AMPERSAND.sub(" va ", fold_vietnamese(text)))
    return [CLAUSE_SEPARATOR if p in _SEPARATOR_CHARS else p for p in pieces]
