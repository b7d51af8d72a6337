"""Words of inline mode (@bot in any chat)."""

from __future__ import annotations

from bot.words.cards import max_text, score
from scoring.edition import Edition, EditionGroup
from scoring.wording import level_name

INLINE_NOT_FOUND_BUTTON = "Chưa tìm thấy – mở bot xem cách hỏi"


INLINE_NO_DATA_TITLE = "Chưa có dữ liệu"


def inline_card_description(edition: Edition, year: int, total: float | None,
                            level: str | None, rank: int | None, size: int,
                            group: EditionGroup) -> str:
    """One plain line under a unit's name in the inline results list."""
    parts = [f"Năm {year}"]
    if total is not None:
        maximum = "" if edition.total_maximum is None else f"/{max_text(edition.total_maximum)}"
        name = level_name(edition, level)
        parts.append(f"{score(total, edition)}{maximum} điểm"
                     + (f", mức {name}" if name else ""))
    if rank is not None:
        parts.append(f"hạng {rank}/{size} {group.short}")
    return " · ".join(parts)


def inline_compare_title(year: int, names: list[str]) -> str:
    return f"So sánh năm {year}: " + ", ".join(names)


def inline_both_groups_title(year: int, count: int) -> str:
    return f"Cả hai khối · năm {year} ({count} đơn vị)"
