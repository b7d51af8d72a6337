"""Words of exports, year-over-year changes and what to improve."""

from __future__ import annotations

from html import escape

from bot.words.about import count_word
from bot.words.cards import group_heading, group_noun, max_text, score
from scoring.edition import Edition, EditionGroup, LevelBand, SubIndexSpec
from scoring.wording import band_range, format_score, level_name


def compact_score(value: float, decimals: int = 1) -> str:
    """Like format_score but without all-zero decimals: 63.0 → "63", 7.2 → "7,2"."""
    text = format_score(value, decimals)
    whole, _, fraction = text.partition(",")
    return whole if not fraction.strip("0") else text


XUAT_BAD_YEAR = ("Năm không hợp lệ. Gõ ví dụ: <code>/xuat 2019</code> "
                 "(bỏ trống để lấy năm mới nhất).")


THAYDOI_BAD_YEAR = ("Năm không hợp lệ. Gõ ví dụ: <code>/thaydoi 2019</code> "
                    "(bỏ trống để xem năm mới nhất).")


NO_YEARS = "Chưa có kết quả nào được công bố."


def xuat_caption(year: int, fmt: str) -> str:
    kind = "Excel" if fmt == "xlsx" else "CSV"
    return (f"Bảng kết quả Chỉ số e-Gov năm {year} ({kind}), trình bày như báo cáo; "
            "có thể sửa rồi gửi lại để công bố.")


# improvement
BUTTON_IMPROVE = "🎯 Cần cải thiện"


def improve_top_level(band: LevelBand) -> str:
    return f"Đã đạt mức {escape(band.name)}, mức cao nhất"


def improve_level_with_best(count: int) -> str:
    return (f"Ở cả {count_word(count)} chỉ số thành phần, "
            "đơn vị đã bằng đơn vị cao nhất khối.")


IMPROVE_ABOVE = "Các đơn vị ngay phía trên:"


IMPROVE_FIRST = "Đơn vị đang đứng đầu khối."


IMPROVE_COLUMNS = ("Chỉ số", "Điểm", "Thiếu", "Cao nhất khối")


def improve_heading(edition: Edition, year: int, group: EditionGroup, total: float,
                    level: str | None, rank: int | None, size: int) -> str:
    rank_part = f", hạng {rank}/{size} {escape(group.short)}" if rank else ""
    name = level_name(edition, level)
    band = f", mức {escape(name)}" if name else ""
    return (f"Cần cải thiện gì · năm {year}: {score(total, edition)} điểm"
            f"{band}{rank_part}")


def improve_points(edition: Edition, points: float, band: LevelBand) -> str:
    return (f"Cần thêm <b>{compact_score(points, edition.decimals)}</b> điểm để đạt mức "
            f"{escape(band.name)}")


def improve_largest_gap(edition: Edition, sub: SubIndexSpec, value: float) -> str:
    return (f"khoảng cách lớn nhất: chỉ số {escape(sub.label)} "
            f"<b>{compact_score(value, edition.decimals)}/{max_text(sub.maximum)}</b>")


def improve_behind_best(edition: Edition, sub: SubIndexSpec, value: float, best: float,
                        behind: float) -> str:
    d = edition.decimals
    return (f"So với đơn vị cao nhất khối, kém nhiều nhất ở chỉ số "
            f"{escape(sub.label)}: "
            f"{compact_score(value, d)} so với {compact_score(best, d)} "
            f"(kém {compact_score(behind, d)} điểm).")


def improve_table(gaps, decimals: int = 1) -> str:
    """Plain rows for <pre> (the caller escapes): score/max, points missing, group's best."""
    label, head_score, missing, best = IMPROVE_COLUMNS
    width = max([6, *(len(gap.sub.label) + 1 for gap in gaps)])
    values = [(f"{compact_score(gap.score, decimals)}/{max_text(gap.sub.maximum)}",
               compact_score(gap.to_max, decimals), compact_score(gap.group_best, decimals))
              for gap in gaps]
    score_width = max([10, *(len(v[0]) + 1 for v in values)])
    missing_width = max([6, *(len(v[1]) for v in values)])
    rows = [f"{label:<{width}}{head_score:>{score_width}} {missing:>{missing_width}} {best:>14}"]
    for gap, (value, to_max, group_best) in zip(gaps, values, strict=True):
        rows.append(f"{gap.sub.label:<{width}}{value:>{score_width}} "
                    f"{to_max:>{missing_width}} {group_best:>14}")
    return "\n".join(rows)


def improve_neighbour(edition: Edition, rank: int | None, name_html: str, total: float,
                      ahead_by: float) -> str:
    place = f"hạng {rank} · " if rank else ""
    return (f"• {place}{name_html}: {score(total, edition)} điểm "
            f"(hơn {compact_score(ahead_by, edition.decimals)} điểm)")


def improve_rank_only(name_html: str, year: int) -> str:
    return (f"{name_html}: năm {year} báo cáo chỉ công bố thứ hạng, không công bố điểm, "
            "nên chưa tính được cần cải thiện chỉ số nào. Mời bạn hỏi năm có điểm, ví dụ "
            "năm mới nhất.")


# year over year (/thaydoi)
INSIGHT_RISES = "<b>Tăng hạng nhiều nhất</b>"


INSIGHT_FALLS = "<b>Giảm hạng nhiều nhất</b>"


INSIGHT_NONE = "• không có"


INSIGHT_LEVEL_CHANGES = "<b>Đổi mức</b>"


INSIGHT_NO_LEVEL_CHANGE = "• không đơn vị nào đổi mức"


INSIGHT_SUMMARY = "<b>Tóm tắt</b>"


def insight_no_previous(year: int) -> str:
    return f"Chưa có kết quả năm {year - 1} nên chưa so sánh được năm {year} với năm trước."


def insight_heading(year: int, previous: int) -> str:
    return f"<b>Thay đổi năm {year} so với năm {previous}</b>"


def insight_group_heading(group: EditionGroup, size: int) -> str:
    return f"<b>{escape(group_heading(group))}</b> ({size} {escape(group_noun(group))})"


def insight_move(rank: int, name_html: str, change: int, total_change: float | None,
                 decimals: int = 1) -> str:
    verb = f"tăng {change} bậc" if change > 0 else f"giảm {-change} bậc"
    points = ""
    if total_change is not None:
        sign = "+" if total_change >= 0 else "−"
        points = f", {sign}{compact_score(abs(total_change), decimals)} điểm"
    return f"• {name_html}: {verb} (hạng {rank}{points})"


def insight_levels_unknown(year: int) -> str:
    return (f"• Năm {year} báo cáo chỉ công bố thứ hạng nên không biết mức của năm đó; "
            "không xác định được đơn vị nào đổi mức.")


def insight_level_change(name_html: str, before: str, after: str, *, up: bool) -> str:
    """`before` and `after` are the bands' names as published; `up` says which way."""
    verb = "lên" if up else "xuống"
    return f"• {name_html}: {verb} mức {escape(after)} (từ mức {escape(before)})"


def insight_no_levels(year: int) -> str:
    return f"Năm {year} báo cáo chỉ công bố thứ hạng nên không có mức để tổng hợp."


def insight_riser(name_html: str, change: int) -> str:
    return f"{name_html} tăng {change} bậc"


def insight_level_sentence(edition: Edition, group: EditionGroup, band: LevelBand, count: int,
                           names_html: list[str], risers_html: list[str]) -> str:
    span = band_range(edition, band, open_top=True)
    head = f"- Nhóm mức {escape(band.name)} ({span})"
    if not count:
        return f"{head}: không có."
    noun = escape(group_noun(group))
    if risers_html:
        return f"{head} có {count} {noun}, trong đó tăng hạng: {'; '.join(risers_html)}."
    if names_html:
        return f"{head} có {count} {noun}: {', '.join(names_html)}."
    return f"{head} có {count} {noun}."


def insight_counts_other_edition(previous: int) -> str:
    return (f"Năm {previous} được đánh giá theo bộ chỉ số khác, nên không so sánh được số "
            f"đơn vị mỗi mức với năm {previous}.")


def insight_counts_unknown(previous: int) -> str:
    return (f"Năm {previous} báo cáo chỉ công bố thứ hạng, nên không so sánh được số "
            f"đơn vị mỗi mức với năm {previous}.")


def insight_top_growth(group: EditionGroup, band: LevelBand, difference: int,
                       previous: int) -> str:
    """How the highest band's count changed since `previous` ("nhóm mức khá tăng 3 cơ quan")."""
    noun = escape(group_noun(group))
    if difference > 0:
        moved = f"tăng {difference} {noun}"
    elif difference < 0:
        moved = f"giảm {-difference} {noun}"
    else:
        moved = "giữ nguyên số đơn vị"
    return f"So với năm {previous}, nhóm mức {escape(band.name)} {moved}."
