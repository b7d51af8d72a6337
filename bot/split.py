"""Split long HTML answers into Telegram-sized messages: only between lines, never inside a
tag. Tags open at a cut are closed at its end and reopened in the next part."""

from __future__ import annotations

import re

from .render import plain_text

TELEGRAM_LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)([^>]*)>")


def telegram_length(html_text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the text after entity parsing."""
    return len(plain_text(html_text).encode("utf-16-le")) // 2


def _open_tags_after(line: str, stack: list[str]) -> list[str]:
    stack = list(stack)
    for closing, name, attrs in _TAG.findall(line):
        if closing:
            if stack and _TAG.match(stack[-1]) and _TAG.match(stack[-1]).group(2) == name:
                stack.pop()
        else:
            stack.append(f"<{name}{attrs}>")
    return stack


def _closers(stack: list[str]) -> str:
    return "".join(f"</{_TAG.match(tag).group(2)}>" for tag in reversed(stack))


def split_html(html_text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Parts of at most `limit` characters (as Telegram counts), each valid HTML on its own.

    A single line longer than the limit is cut between words (its text has no tags then).
    """
    if telegram_length(html_text) <= limit:
        return [html_text]
    parts: list[str] = []
    current: list[str] = []
    stack: list[str] = []
    opening = ""  # tags reopened at the start of the current part
    for line in _long_lines_cut(html_text.split("\n"), limit // 2):
        candidate = "\n".join([*current, line])
        new_stack = _open_tags_after(line, stack)
        if current and telegram_length(opening + candidate) > limit:
            parts.append(opening + "\n".join(current) + _closers(stack))
            opening = "".join(stack)
            current = [line]
        else:
            current.append(line)
        stack = new_stack
    if current:
        parts.append(opening + "\n".join(current) + _closers(stack))
    return [p for p in parts if plain_text(p).strip()]


def _long_lines_cut(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        while telegram_length(line) > width and "<" not in line:
            cut = line.rfind(" ", 0, width)
            cut = cut if cut > 0 else width
            out.append(line[:cut])
            line = line[cut:].lstrip()
        out.append(line)
    return out
