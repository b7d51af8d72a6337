"""Vietnamese wording of data notes and scoring messages: the scoring package's one text file."""

from __future__ import annotations

from .models import Group, Level

# The 2019 edition's names, still imported by bot/texts.py and scoring/export.py until they read
# the edition (data/editions/2019.toml holds the same words). Nothing else here may use them.
LEVEL_NAMES = {Level.KHA: "khá", Level.TRUNG_BINH: "trung bình", Level.THAP: "thấp"}
# The report's own headings: its two sections and, inside each, one heading per level.
SECTIONS = {
    Group.SO: "I. Khối các sở, ban, ngành tỉnh",
    Group.HUYEN: "II. Khối UBND các huyện, thị xã, thành phố",
}
LEVEL_HEADINGS = {
    Level.KHA: "Mức khá (từ 150 đến 200 điểm)",
    Level.TRUNG_BINH: "Mức trung bình (từ 100 đến dưới 150 điểm)",
    Level.THAP: "Mức thấp (dưới 100 điểm)",
}


def level_heading(name: str, start: float, ceiling: float | None, top: bool) -> str:
    """"Mức khá (từ 150 đến 200 điểm)", as the report heads each band."""
    def num(value: float) -> str:
        return f"{value:g}".replace(".", ",")
    if start <= 0 and ceiling is not None:
        return f"Mức {name} (dưới {num(ceiling)} điểm)"
    if ceiling is None:
        return f"Mức {name} (từ {num(start)} điểm)"
    return (f"Mức {name} (từ {num(start)} đến {num(ceiling)} điểm)" if top
            else f"Mức {name} (từ {num(start)} đến dưới {num(ceiling)} điểm)")


def format_score(value: float, decimals: int = 1) -> str:
    """The edition's decimals with the decimal comma Vietnamese readers expect: "180,4"."""
    return f"{value:.{decimals}f}".replace(".", ",")


def note_total_mismatch(published: float, computed: float, decimals: int = 1) -> str:
    return (f"Tổng công bố {format_score(published, decimals)}; "
            f"cộng các chỉ số thành phần được {format_score(computed, decimals)}.")


def note_level_from_sum(published_level: str, computed_level: str) -> str:
    """Band names as the edition publishes them."""
    return (f"Theo tổng công bố là mức {published_level}; "
            f"theo tổng cộng lại là mức {computed_level}.")


def note_rank_mismatch(published: int, computed: int) -> str:
    return f"Hạng công bố {published}; theo tổng điểm công bố là hạng {computed}."


def note_level_mismatch(published: str, total: float, computed: str, decimals: int = 1) -> str:
    return (f"Mức công bố «{published}»; tổng {format_score(total, decimals)} "
            f"thuộc mức «{computed}».")


def note_other_source(source: str, year: int, total: float | None, rank: int | None,
                      decimals: int = 1) -> str:
    """A figure published elsewhere than the table of record, shown beside it."""
    parts = []
    if total is not None:
        parts.append(f"{format_score(total, decimals)} điểm")
    if rank is not None:
        parts.append(f"hạng {rank}")
    return f"Theo {source}, năm {year}: {', '.join(parts)}."


def note_other_source_disagrees(source: str, year: int, rank: int | None, total: float | None,
                                record: str, record_rank: int | None,
                                decimals: int = 1) -> str:
    """Two sources disagree: the latest report's table stays the figure of record."""
    told = note_other_source(source, year, total, rank, decimals).rstrip(".")
    return f"{told}; số liệu chính thức theo {record} là hạng {record_rank}."


def note_rank_shared(rank: int, count: int) -> str:
    return f"Hạng {rank} được công bố cho {count} đơn vị cùng khối."


def note_rank_out_of_range(rank: int, size: int) -> str:
    return f"Hạng {rank} vượt quá số đơn vị của khối ({size})."


def note_rank_gap(missing: list[int]) -> str:
    return f"Không đơn vị nào được xếp hạng {', '.join(map(str, missing))} trong khối."


def note_other_year_rank(source_year: int, year: int, printed: int, stored: int) -> str:
    return (f"Bảng năm {source_year} ghi hạng năm {year} là {printed}; "
            f"dữ liệu năm {year} ghi {stored}.")


def claim_rank_change_text(claimed: int, actual: int | None) -> str:
    if actual is None:
        return f"báo cáo ghi tăng {claimed} bậc; không đủ dữ liệu để đối chiếu"
    moved = f"tăng {actual} bậc" if actual > 0 else (
        f"giảm {-actual} bậc" if actual < 0 else "giữ nguyên hạng")
    return f"báo cáo ghi tăng {claimed} bậc; bảng xếp hạng cho thấy {moved}"


def claim_count_text(claimed: int, actual: int) -> str:
    return f"báo cáo ghi {claimed} đơn vị; bảng có {actual} đơn vị"
