"""Lengths as Telegram counts them: UTF-16 code units of the text after entity parsing.

Telegram's limits (4,096 for a message, 1,024 for a caption, 200 for a button's answer) are
counted this way, so "😀" is 2, "<b>a</b>" is 1 and "&amp;" is 1. Every limit in the bot is
checked with these functions, never with `len()`.
"""

from __future__ import annotations

from bot.render import plain_text

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_ANSWER_LIMIT = 200
ELLIPSIS = "…"


def utf16_length(text: str) -> int:
    """UTF-16 code units of plain text (characters outside the BMP count twice)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def telegram_length(html_text: str) -> int:
    """The length Telegram sees for an HTML message: tags dropped, entities decoded."""
    return utf16_length(plain_text(html_text))


def utf16_prefix(text: str, units: int) -> str:
    """The longest prefix of plain `text` within `units` UTF-16 code units (never half of a
    surrogate pair)."""
    used = 0
    for i, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return text[:i]
    return text


def shorten(text: str, limit: int) -> str:
    """Plain `text` within `limit` UTF-16 units, ending with "…" when it had to be cut."""
    if utf16_length(text) <= limit:
        return text
    return utf16_prefix(text, limit - utf16_length(ELLIPSIS)).rstrip() + ELLIPSIS
