"""Words about results files: a long list of faults, and the full list sent as a file."""

from __future__ import annotations


def more_problems(count: int) -> str:
    return f"… và {count} lỗi khác (danh sách đầy đủ trong tệp đính kèm)."


def problems_filename(filename: str) -> str:
    """The name of the attached fault list: the admin's file name, then "-loi.txt"."""
    stem = filename.rsplit(".", 1)[0] or "tep"
    return f"{stem}-loi.txt"


def problems_caption(count: int) -> str:
    return f"Danh sách đầy đủ {count} lỗi của tệp."
