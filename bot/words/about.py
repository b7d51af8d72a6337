"""Words of the "about" answers ("HTKT là gì", "cách tính điểm", "mức khá là bao nhiêu điểm").

The facts (names, maxima, weights, bands, the report's own quotes) come from the edition of
the year asked; these functions only join them into sentences. `*_html` arguments are escaped.
"""

from __future__ import annotations

from html import escape

from scoring.edition import Edition, LevelBand, SubIndexSpec
from scoring.wording import band_range, format_number

ABOUT_LEVEL_BY_TOTAL = "Mức được xác định theo tổng điểm công bố."
ABOUT_NO_LEVELS = "Ấn bản này không chia mức theo tổng điểm."
ABOUT_NO_INDICATORS = ("Mục II của báo cáo không liệt kê tiêu chí riêng cho chỉ số này. "
                       "Phần đánh giá chung của báo cáo có nhắc:")
_COUNT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")


def count_word(count: int) -> str:
    """Small counts in words as the report writes them ("bốn chỉ số"); larger ones in digits."""
    return _COUNT_WORDS[count] if 0 <= count < len(_COUNT_WORDS) else str(count)


def extra(part: object, key: str, default: str = "") -> str:
    """An edition's optional key (kept by the TOML reader as an extra), as text."""
    value = (getattr(part, "model_extra", None) or {}).get(key)
    return default if value is None else str(value)


def index_name(edition: Edition) -> str:
    return extra(edition, "index_name", edition.name)


def about_more(edition: Edition) -> str:
    """Questions worth asking next, with this edition's own labels and band."""
    examples = [f"<i>{escape(s.label)} là gì</i>" for s in edition.subindices[:1]]
    examples += [f"<i>chỉ số {escape(s.label)} gồm những gì</i>"
                 for s in edition.subindices[1:2]]
    if edition.has_scores:
        examples.append("<i>cách tính điểm</i>")
    examples += [f"<i>mức {escape(b.name)} là bao nhiêu điểm</i>" for b in edition.levels[:1]]
    return "Hỏi thêm: " + ", ".join(examples) + "." if examples else ""


def about_groups(count: int) -> str:
    return f"Báo cáo đánh giá, xếp hạng riêng {count_word(count)} khối:"


def about_levels_heading(edition: Edition) -> str:
    where = extra(edition, "levels_reference")
    tail = f" ({escape(where)})" if where else ""
    title = count_word(len(edition.levels)).capitalize()
    return f"<b>{title} mức theo tổng điểm</b>{tail}:"


def about_level_line(edition: Edition, band: LevelBand) -> str:
    """The report's own sentence for the band, or one made from its bounds."""
    quote = extra(band, "quote")
    if quote:
        return f"• {escape(quote)}"
    return f"• Mức {escape(band.name)}: tổng điểm {band_range(edition, band)}."


def about_scoring_heading(edition: Edition) -> str:
    return f"<b>Cách tính điểm {escape(extra(edition, 'short_title', edition.name))}</b>"


def about_ranking(edition: Edition) -> str:
    members = "; ".join(extra(g, "members", g.short) for g in edition.groups)
    return (f"Mỗi khối ({escape(members)}) được xếp hạng riêng theo tổng điểm, "
            "cao nhất là hạng 1.")


def about_source(source_html: str) -> str:
    return f"Nguồn: {source_html}."


def about_overview_heading(edition: Edition) -> str:
    what = extra(edition, "description", "đánh giá, xếp hạng các cơ quan, đơn vị")
    return f"<b>{escape(index_name(edition))}</b> {escape(what)}."


def _weighted(edition: Edition) -> bool:
    return any(s.weight != 1 for s in edition.subindices)


def weight_text(weight: float) -> str:
    return format_number(float(f"{weight:.5g}"))


def about_total(edition: Edition) -> str:
    maximum = format_number(edition.total_maximum or 0)
    count = count_word(len(edition.subindices))
    if _weighted(edition):
        return (f"Tổng điểm (tối đa {maximum}) là tổng có trọng số của {count} chỉ số thành "
                "phần (điểm tối đa và trọng số trong ngoặc):")
    return (f"Tổng điểm (tối đa {maximum}) là tổng của {count} chỉ số thành phần "
            "(điểm tối đa trong ngoặc):")


def about_subindex_line(edition: Edition, sub: SubIndexSpec) -> str:
    weight = f", trọng số {weight_text(sub.weight)}" if _weighted(edition) else ""
    return (f"• <b>{escape(sub.label)}</b> – {escape(sub.name)} "
            f"({format_number(sub.maximum)} điểm{weight})")


def about_subindex_heading(sub: SubIndexSpec) -> str:
    return f"<b>Chỉ số {escape(sub.label)}</b>: {escape(sub.name)}"


def about_subindex_maximum(edition: Edition, sub: SubIndexSpec) -> str:
    total = edition.total_maximum or 0
    share_value = sub.weight * sub.maximum / total * 100 if total else 0
    share = f"{share_value:.1f}".replace(".", ",").removesuffix(",0")
    weight = f", trọng số {weight_text(sub.weight)}" if _weighted(edition) else ""
    return (f"Điểm tối đa: <b>{format_number(sub.maximum)}</b> trên tổng "
            f"{format_number(total)} điểm ({share}%{weight}).")


def about_indicators(section: str) -> str:
    if not section:
        return "Các tiêu chí của chỉ số:"
    return f"Các tiêu chí báo cáo nêu ở mục II.{escape(section)}:"


def about_ranks_only(edition: Edition) -> str:
    return (f"Năm {edition.year} báo cáo chỉ công bố thứ hạng, không công bố điểm các chỉ số "
            "thành phần, tổng điểm và mức.")


def about_criteria(criteria: list[str]) -> str:
    return "Các tiêu chí được nêu: " + "; ".join(escape(c) for c in criteria) + "."
