"""Vietnamese wording of data notes, scoring messages and the words an edition implies.

Nothing here names a group, sub-index or band of a particular year: band names, ranges and
section headings are made from the edition in force (data/editions/*.toml).
"""

from __future__ import annotations

from .edition import Edition, EditionGroup, LevelBand

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def format_score(value: float, decimals: int = 1) -> str:
    """A figure at the edition's precision with the decimal comma: 180.4 → "180,4"."""
    return f"{value:.{decimals}f}".replace(".", ",")


def format_number(value: float) -> str:
    """A maximum or a band's bound as written in the report: 150 → "150", 0.8 → "0,8"."""
    return f"{value:g}".replace(".", ",")


def band_range(edition: Edition, band: LevelBand, *, open_top: bool = False) -> str:
    """Where a band lies: "từ 150 đến 200 điểm", "từ 100 đến dưới 150 điểm", "dưới 100 điểm".

    `open_top` words the highest band as the report's summary does ("150 điểm trở lên").
    """
    ceiling = edition.band_ceiling(band.key)
    start = format_number(band.from_)
    if edition.next_band(band.key) is None:
        if open_top or ceiling is None:
            return f"{start} điểm trở lên"
        return f"từ {start} đến {format_number(ceiling)} điểm"
    if ceiling is None:  # a band below the top always ends where the next one starts
        return f"{start} điểm trở lên"
    if band.from_ == 0:
        return f"dưới {format_number(ceiling)} điểm"
    return f"từ {start} đến dưới {format_number(ceiling)} điểm"


def level_heading(edition: Edition, band: LevelBand) -> str:
    """The report's heading over a band's rows: "Mức khá (từ 150 đến 200 điểm)"."""
    return f"Mức {band.name} ({band_range(edition, band)})"


def section_heading(edition: Edition, group: EditionGroup) -> str:
    """The report's heading over a group's rows: "I. Khối các sở, ban, ngành tỉnh"."""
    position = edition.groups.index(group)
    number = _ROMAN[position] if position < len(_ROMAN) else str(position + 1)
    return f"{number}. {group.name}"


def level_name(edition: Edition, key: str | None) -> str:
    """The band's name as published ("khá"), or "" for no band or an unknown key."""
    band = edition.level(str(key)) if key else None
    return band.name if band is not None else ""


def note_total_mismatch(published: float, computed: float, decimals: int = 1) -> str:
    return (f"Tổng công bố {format_score(published, decimals)}; "
            f"cộng các chỉ số thành phần được {format_score(computed, decimals)}.")


def note_level_from_sum(published_level: str, computed_level: str) -> str:
    """Args are the bands' names as published ("khá")."""
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
