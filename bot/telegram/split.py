"""Split long HTML answers into Telegram-sized messages: only between lines, never inside a
tag. Tags open at a cut are closed at its end and reopened in the next part."""

from __future__ import annotations

import re

from bot.render import plain_text
from bot.telegram.lengths import MESSAGE_LIMIT, telegram_length, utf16_prefix

__all__ = ["TELEGRAM_LIMIT", "split_html", "telegram_length"]

TELEGRAM_LIMIT = MESSAGE_LIMIT
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)([^>]*)>")


def _open_tags_after(line: str, stack: list[str]) -> list[str]:
    stack = list(stack)
    for closing, name, attrs in _TAG.findall(line):
        if closing:
            opened = _TAG.match(stack[-1]) if stack else None
            if opened is not None and opened.group(2) == name:
                stack.pop()
        else:
            stack.append(f"<{name}{attrs}>")
    return stack


def _closers(stack: list[str]) -> str:
    return "".join(f"</{_tag_name(tag)}>" for tag in reversed(stack))


def _tag_name(tag: str) -> str:
    """The name of an opening tag kept on the stack (always one `_TAG` matched)."""
    match = _TAG.match(tag)
    return match.group(2) if match is not None else ""


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
    """Lines of at most `width` UTF-16 units (as Telegram counts), cut at the last space
    that fits, or inside a word that is longer than `width`, never inside an entity."""
    out: list[str] = []
    for line in lines:
        while telegram_length(line) > width and "<" not in line:
            head = utf16_prefix(line, width)  # raw text: never longer than it counts
            cut = head.rfind(" ")
            if cut <= 0:
                cut = len(head)
                entity = head.rfind("&")
                if entity > head.rfind(";"):
                    cut = entity or cut
            out.append(line[:cut])
            line = line[cut:].lstrip()
        out.append(line)
    return out
