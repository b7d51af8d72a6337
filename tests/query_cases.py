"""The query matrix: what officials type and what it must mean.

Shared by tests/test_matcher.py, tests/test_query.py and bench/bench_query.py, so the bench
times exactly the inputs the tests check. Cases are generated for every unit of
data/units.csv (name in every encoding and case, each alias, in sentences, with years, in
comparisons) and completed by hand-written tricky ones.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from scoring.models import Unit
from scoring.registry import load_registry
from scoring.vietnamese import fold_vietnamese
from tests.keys2019 import Group, Level

UNITS_CSV = Path(__file__).resolve().parents[1] / "data" / "units.csv"
UNITS: tuple[Unit, ...] = tuple(load_registry(UNITS_CSV))

SO, HUYEN = Group.SO, Group.HUYEN
THIS_YEAR = date.today().year
KHA, TRUNG_BINH, THAP = Level.KHA, Level.TRUNG_BINH, Level.THAP


# -- text variants -------------------------------------------------------------------------


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def folded(text: str) -> str:
    """What someone typing without diacritics sends (case kept)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    ).replace("đ", "d").replace("Đ", "D")


def with_zero_width(text: str) -> str:
    """Zero-width characters pasted from Word, inside and between words."""
    marks = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if i % 3 == 1:
            out.append(marks[i % len(marks)])
    return "\ufeff" + "".join(out)


def spaced_out(text: str) -> str:
    """Extra spaces, a tab, and punctuation around the words."""
    return "  " + "   ".join(text.split()) + "\t ?!."


def doubled_last_letter(text: str) -> str:
    """A one-letter typo ("Tuần Giáoo")."""
    return text + text[-1]


_NEW_TO_OLD_TONES = {
    "óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "óe": "oé", "òe": "oè", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "úy": "uý", "ùy": "uỳ", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}


def old_tone_placement(text: str) -> str:
    """"hóa" → "hoá", "ủy" → "uỷ", "thủy" → "thuỷ" (the pre-1980s placement many still use)."""
    for new, old in _NEW_TO_OLD_TONES.items():
        text = text.replace(new, old).replace(new.capitalize(), old.capitalize())
    return text


# -- matcher cases -------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchCase:
    text: str
    status: str  # "unit" | "ambiguous" | "none"
    unit_ids: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.text


def _units(*ids: str) -> tuple[str, ...]:
    return ids


def generated_match_cases() -> dict[str, list[MatchCase]]:
    """Per behaviour, every unit's official name (and aliases) under each transformation."""
    variants = {
        "official name": lambda s: s,
        "folded name": folded,
        "lower-case folded name": lambda s: folded(s).lower(),
        "upper-case name": str.upper,
        "nfd name": nfd,
        "zero-width name": with_zero_width,
        "spaced and punctuated name": spaced_out,
        "old tone placement": old_tone_placement,
        "one-letter typo": doubled_last_letter,
    }
    cases: dict[str, list[MatchCase]] = {}
    for label, change in variants.items():
        cases[label] = [MatchCase(change(u.name), "unit", (u.id,)) for u in UNITS]
    cases["alias"] = [MatchCase(a, "unit", (u.id,)) for u in UNITS for a in u.aliases]
    cases["folded lower-case alias"] = [
        MatchCase(fold_vietnamese(a), "unit", (u.id,)) for u in UNITS for a in u.aliases
    ]
    return cases


ABBREVIATIONS: list[tuple[str, str]] = [
    ("STTTT", "so-tttt"), ("Sở TT&TT", "so-tttt"), ("TT và TT", "so-tttt"),
    ("sở tt-tt", "so-tttt"), ("TT&TT", "so-tttt"), ("Sở TT & TT", "so-tttt"),
    ("so tttt", "so-tttt"), ("S.TTTT", "so-tttt"),
    ("GD&ĐT", "so-gddt"), ("GDDT", "so-gddt"), ("gd-dt", "so-gddt"), ("GD & ĐT", "so-gddt"),
    ("Sở GD và ĐT", "so-gddt"), ("Sở GDĐT", "so-gddt"), ("gd.dt", "so-gddt"),
    ("sgddt", "so-gddt"),
    ("KH&CN", "so-khcn"), ("khcn", "so-khcn"), ("Sở KH-CN", "so-khcn"),
    ("KH và CN", "so-khcn"), ("SKHCN", "so-khcn"),
    ("LĐ-TB&XH", "so-ldtbxh"), ("ldtbxh", "so-ldtbxh"), ("LĐTB&XH", "so-ldtbxh"),
    ("Sở LĐ-TB và XH", "so-ldtbxh"), ("LD TB XH", "so-ldtbxh"), ("sldtbxh", "so-ldtbxh"),
    ("NN&PTNT", "so-nnptnt"), ("nn-ptnt", "so-nnptnt"), ("Sở NN và PTNT", "so-nnptnt"),
    ("nnptnt", "so-nnptnt"),
    ("TN&MT", "so-tnmt"), ("tnmt", "so-tnmt"), ("Sở TN-MT", "so-tnmt"),
    ("Sở TN và MT", "so-tnmt"),
    ("VH-TT&DL", "so-vhttdl"), ("vhttdl", "so-vhttdl"), ("Sở VH, TT&DL", "so-vhttdl"),
    ("VH TT DL", "so-vhttdl"), ("Sở VHTT và DL", "so-vhttdl"),
    ("GTVT", "so-gtvt"), ("gt-vt", "so-gtvt"), ("Sở GT và VT", "so-gtvt"),
    ("KH&ĐT", "so-khdt"), ("khdt", "so-khdt"), ("Sở KH và ĐT", "so-khdt"),
    ("VP UBND tỉnh", "vp-ubnd-tinh"), ("vp ubnd", "vp-ubnd-tinh"),
    ("VPUBND tỉnh", "vp-ubnd-tinh"), ("Văn phòng Ủy ban tỉnh", "vp-ubnd-tinh"),
    ("TP Điện Biên Phủ", "tp-dien-bien-phu"), ("TP ĐBP", "tp-dien-bien-phu"),
    ("tp. Điện Biên Phủ", "tp-dien-bien-phu"), ("tp dbp", "tp-dien-bien-phu"),
    ("TPĐBP", "tp-dien-bien-phu"), ("Thành phố ĐBP", "tp-dien-bien-phu"),
    ("TX Mường Lay", "tx-muong-lay"), ("tx. muong lay", "tx-muong-lay"),
    ("Thị xã Mường Lay", "tx-muong-lay"),
    ("H. Tuần Giáo", "h-tuan-giao"), ("UBND H. Mường Chà", "h-muong-cha"),
    ("SNV", "so-noi-vu"), ("SNgV", "so-ngoai-vu"), ("STP", "so-tu-phap"),
    ("SXD", "so-xay-dung"), ("SYT", "so-y-te"), ("STC", "so-tai-chinh"),
    ("SCT", "so-cong-thuong"), ("BDT", "ban-dan-toc"), ("TTr tỉnh", "thanh-tra-tinh"),
    ("ĐBĐ", "h-dien-bien-dong"),
]

TONE_PLACEMENT: list[tuple[str, str]] = [
    ("Sở Văn hoá Thể thao và Du lịch", "so-vhttdl"),
    ("Sở Văn hóa Thể thao và Du lịch", "so-vhttdl"),
    ("Văn phòng Uỷ ban nhân dân tỉnh", "vp-ubnd-tinh"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "vp-ubnd-tinh"),
    ("UỶ BAN NHÂN DÂN HUYỆN TUẦN GIÁO", "h-tuan-giao"),
    ("Uỷ ban nhân dân huyện Nậm Pồ", "h-nam-po"),
    ("văn hoá thể thao du lịch", "so-vhttdl"),
]

COUNCIL_FORMS: list[tuple[str, str]] = [
    ("Ủy ban nhân dân huyện Tuần Giáo", "h-tuan-giao"),
    ("UBND huyện Tuần Giáo", "h-tuan-giao"),
    ("huyện Tuần Giáo", "h-tuan-giao"),
    ("Tuần Giáo", "h-tuan-giao"),
    ("ủy ban nhân dân thị xã Mường Lay", "tx-muong-lay"),
    ("UBND thành phố Điện Biên Phủ", "tp-dien-bien-phu"),
    ("Ủy ban nhân dân thành phố Điện Biên Phủ", "tp-dien-bien-phu"),
    ("ubnd h. Mường Nhé", "h-muong-nhe"),
    ("UBND huyện Điện Biên tỉnh Điện Biên", "h-dien-bien"),
    ("Sở Nội vụ tỉnh Điện Biên", "so-noi-vu"),
]

DISTINCTIVE_WORDS: list[tuple[str, str]] = [
    ("nội vụ", "so-noi-vu"), ("xây dựng", "so-xay-dung"), ("Nậm Pồ", "h-nam-po"),
    ("ngoại vụ", "so-ngoai-vu"), ("tư pháp", "so-tu-phap"), ("y tế", "so-y-te"),
    ("công thương", "so-cong-thuong"), ("dân tộc", "ban-dan-toc"),
    ("thanh tra", "thanh-tra-tinh"), ("văn phòng", "vp-ubnd-tinh"),
    ("tài chính", "so-tai-chinh"), ("Tủa Chùa", "h-tua-chua"), ("Mường Chà", "h-muong-cha"),
    ("Điện Biên Đông", "h-dien-bien-dong"), ("Điện Biên Phủ", "tp-dien-bien-phu"),
    ("giao thông vận tải", "so-gtvt"), ("khoa học công nghệ", "so-khcn"),
    ("kế hoạch đầu tư", "so-khdt"), ("tài nguyên môi trường", "so-tnmt"),
    ("giáo dục", "so-gddt"), ("đào tạo", "so-gddt"), ("kế hoạch", "so-khdt"),
    ("lao động", "so-ldtbxh"), ("môi trường", "so-tnmt"), ("nông nghiệp", "so-nnptnt"),
    ("truyền thông", "so-tttt"), ("du lịch", "so-vhttdl"), ("thể thao", "so-vhttdl"),
]

TYPOS: list[tuple[str, str]] = [
    ("Tuần Giáoo", "h-tuan-giao"), ("Điện Bien Dong", "h-dien-bien-dong"),
    ("Sở Ngoai vu", "so-ngoai-vu"), ("Tuna Giao", "h-tuan-giao"), ("Tuan Gao", "h-tuan-giao"),
    ("Sở Nôi vụ", "so-noi-vu"), ("So Noi Vuu", "so-noi-vu"), ("Sở Tư phap", "so-tu-phap"),
    ("Sở Tu Phapp", "so-tu-phap"), ("Mừong Chà", "h-muong-cha"), ("Muong Nhe", "h-muong-nhe"),
    ("Sở Xay dưng", "so-xay-dung"), ("Sở Xây dựngg", "so-xay-dung"),
    ("sở giao thong van tai", "so-gtvt"), ("Sở Kế hoach và Đầu tư", "so-khdt"),
    ("Sở Tai nguyen va moi truongg", "so-tnmt"), ("Sở Tài Chinh", "so-tai-chinh"),
    ("Sở Tài Chíng", "so-tai-chinh"), ("Tủa Chùe", "h-tua-chua"), ("Nậm Pồo", "h-nam-po"),
    ("Điện Biên Đôngg", "h-dien-bien-dong"), ("huyện Điện Bienn", "h-dien-bien"),
    ("UBND huyne Tuần Giáo", "h-tuan-giao"), ("UBDN huyện Mường Ảng", "h-muong-ang"),
    ("Mường Lây", "tx-muong-lay"), ("Muòng Lay", "tx-muong-lay"),
    ("thanh tra tinhh", "thanh-tra-tinh"), ("Ban Dan Tocc", "ban-dan-toc"),
    ("Sở Lao động Thương binh và Xã hộii", "so-ldtbxh"), ("tuangiao", "h-tuan-giao"),
    ("tuangiaoo", "h-tuan-giao"), ("sở nông nghiệp và ptnt", "so-nnptnt"),
    ("gdddt", "so-gddt"), ("Sở Khoa hoc và Cong nghe", "so-khcn"),
    ("Sở Giáo dục Đào tạoo", "so-gddt"), ("Sở Thông tin Truyền thôngg", "so-tttt"),
    ("Văn phòng UBND tỉnhh", "vp-ubnd-tinh"), ("Sở Tià Chính", "so-tai-chinh"),
    ("Sở Nộh vụ", "so-noi-vu"), ("Thanh tar tỉnh", "thanh-tra-tinh"),
    ("Sở Xân dựng", "so-xay-dung"),
]

EXACT_BEATS_LONGER: list[tuple[str, str]] = [
    ("huyện Điện Biên", "h-dien-bien"),
    ("Điện Biên", "h-dien-bien"),
    ("UBND huyện Điện Biên", "h-dien-bien"),
    ("dien bien", "h-dien-bien"),
    ("huyện Điện Biên Đông", "h-dien-bien-dong"),
    ("Điện Biên Phủ", "tp-dien-bien-phu"),
    ("Thanh tra", "thanh-tra-tinh"),
    ("Mường Lay", "tx-muong-lay"),
]

AMBIGUOUS: list[tuple[str, tuple[str, ...]]] = [
    ("so giao", ("so-gtvt", "so-gddt")),
    ("Sở Giao", ("so-gtvt", "so-gddt")),
    ("huyện Mường", ("h-muong-ang", "tx-muong-lay", "h-muong-cha", "h-muong-nhe")),
    ("muong", ("h-muong-ang", "tx-muong-lay", "h-muong-cha", "h-muong-nhe")),
    ("giáo", ("h-tuan-giao", "so-gtvt", "so-gddt")),
    ("Điện", ("h-dien-bien", "h-dien-bien-dong", "tp-dien-bien-phu")),
    ("sở tài", ("so-tai-chinh", "so-gtvt", "so-tnmt")),
    ("công", ("so-cong-thuong", "so-khcn")),
    ("so ngoi vu", ("so-ngoai-vu", "so-noi-vu")),
]

GIBBERISH: list[str] = [
    "asdkjh", "qwerty uiop", "xyz", "😀😀😀", "", "   ", "<script>alert(1)</script>",
    "SELECT * FROM units; DROP TABLE units;--", "ngân hàng", "Hà Nội", "kho bạc",
    "sở", "huyện", "UBND", "ủy ban nhân dân", "12345", "!!!???",
]


def hand_match_cases() -> dict[str, list[MatchCase]]:
    return {
        "abbreviation": [MatchCase(t, "unit", (i,)) for t, i in ABBREVIATIONS],
        "tone placement": [MatchCase(t, "unit", (i,)) for t, i in TONE_PLACEMENT],
        "council form": [MatchCase(t, "unit", (i,)) for t, i in COUNCIL_FORMS],
        "distinctive words": [MatchCase(t, "unit", (i,)) for t, i in DISTINCTIVE_WORDS],
        "typo": [MatchCase(t, "unit", (i,)) for t, i in TYPOS],
        "exact beats longer": [MatchCase(t, "unit", (i,)) for t, i in EXACT_BEATS_LONGER],
        "ambiguous": [MatchCase(t, "ambiguous", ids) for t, ids in AMBIGUOUS],
        "gibberish": [MatchCase(t, "none") for t in GIBBERISH],
    }


MATCH_CASES: dict[str, list[MatchCase]] = {**generated_match_cases(), **hand_match_cases()}


# -- query cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryCase:
    """Input text and the expected Query fields (all but `text`, which is the cleaned input)."""

    text: str
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.text[:60]


def unit(text: str, unit_id: str, year: int | None = None) -> QueryCase:
    return QueryCase(text, {"kind": "unit", "unit_ids": (unit_id,), "year": year})


def compare(text: str, *unit_ids: str, year: int | None = None) -> QueryCase:
    return QueryCase(text, {"kind": "compare", "unit_ids": unit_ids, "year": year})


def clarify(text: str, *candidates: str, year: int | None = None) -> QueryCase:
    return QueryCase(text, {"kind": "clarify", "candidates": candidates, "year": year})


def listing(text: str, **fields: Any) -> QueryCase:
    return QueryCase(text, {"kind": "list", **fields})


def helping(text: str) -> QueryCase:
    return QueryCase(text, {"kind": "help"})


SENTENCES = (
    ("{} 2019", 2019),
    ("{} năm 2018", 2018),
    ("cho mình hỏi điểm {}", None),
    ("kết quả {} năm 2017", 2017),
    ("{} đứng thứ mấy?", None),
    ("xem giúp em {} với ạ", None),
    ("xếp hạng của {} năm 2020 thế nào", 2020),
)


def generated_query_cases() -> dict[str, list[QueryCase]]:
    """Every unit with years, in sentences, in any case, and compared with its neighbour."""
    cases: dict[str, list[QueryCase]] = {
        "unit in a sentence": [
            unit(template.format(u.name), u.id, year)
            for u in UNITS
            for template, year in SENTENCES
        ],
        "folded lower-case sentence": [
            unit(fold_vietnamese(f"cho em hỏi {u.name} năm 2019 ạ"), u.id, 2019) for u in UNITS
        ],
        "shouted name": [unit(u.name.upper() + "!!!", u.id) for u in UNITS],
        "alias with year": [unit(f"{u.aliases[0]} 2021", u.id, 2021) for u in UNITS],
        "last alias in a sentence": [
            unit(f"điểm của {u.aliases[-1]} bao nhiêu", u.id) for u in UNITS
        ],
    }
    neighbours = [*pairwise(UNITS), (UNITS[-1], UNITS[0])]
    cases["comparison with và"] = [
        compare(f"so sánh {a.name} và {b.name}", a.id, b.id) for a, b in neighbours
    ]
    cases["comparison with vs, folded"] = [
        compare(f"{folded(a.name)} vs {folded(b.name)}", a.id, b.id) for a, b in neighbours
    ]
    cases["comparison of aliases with với and a year"] = [
        compare(f"{a.aliases[0]} với {b.aliases[0]} năm 2019", a.id, b.id, year=2019)
        for a, b in neighbours
    ]
    return cases


HAND_QUERY_CASES: dict[str, list[QueryCase]] = {
    "unit with year": [
        unit("Sở Nội vụ 2019", "so-noi-vu", 2019),
        unit("Sở Xây dựng năm 2018", "so-xay-dung", 2018),
        unit("khcn 2017", "so-khcn", 2017),
        unit("năm 1999 sở nội vụ", "so-noi-vu", 1999),
        unit("Sở Y tế (2016)", "so-y-te", 2016),
        unit("sở y tế năm 2015?", "so-y-te", 2015),
        unit("Nậm Pồ năm 2020", "h-nam-po", 2020),
        unit("năm 2019 Nậm Pồ", "h-nam-po", 2019),
        unit("GD&ĐT 2019", "so-gddt", 2019),
        unit("top 3 Sở Nội vụ", "so-noi-vu"),
    ],
    "no diacritics, any case, spaces, punctuation": [
        unit("so noi vu", "so-noi-vu"),
        unit("SỞ NỘI VỤ!", "so-noi-vu"),
        unit("  sở   nội   vụ  ", "so-noi-vu"),
        unit("Sở Nội vụ???", "so-noi-vu"),
        unit("so NOI vu.", "so-noi-vu"),
        unit("«Sở Nội vụ»", "so-noi-vu"),
        unit("sở\u200b nội\u200c vụ", "so-noi-vu"),
        unit(nfd("Sở Nội vụ năm 2019"), "so-noi-vu", 2019),
    ],
    "sentence": [
        unit("cho mình hỏi điểm Sở Nội vụ", "so-noi-vu"),
        unit("kết quả sở công thương năm 2018", "so-cong-thuong", 2018),
        unit("Sở Xây dựng đứng thứ mấy?", "so-xay-dung"),
        unit("xem giúp em huyện tuần giáo với ạ", "h-tuan-giao"),
        unit("cho em xin kết quả của Sở Tư pháp năm 2019 với ạ", "so-tu-phap", 2019),
        # "năm nay"/"năm ngoái" count from the calendar year (issue 11; once: no year)
        unit("Huyện Nậm Pồ năm nay thế nào", "h-nam-po", THIS_YEAR),
        unit("điểm của ubnd huyện mường nhé", "h-muong-nhe"),
        unit("huyện Mường Nhé nhé", "h-muong-nhe"),
        unit("mình muốn xem xếp hạng sở lao động thương binh và xã hội", "so-ldtbxh"),
        unit("thông tin về Sở Y tế", "so-y-te"),
        unit("thông tin Sở Y tế", "so-y-te"),
        unit("tra cứu chỉ số của Thanh tra tỉnh", "thanh-tra-tinh"),
        unit("Sở GD&ĐT đạt bao nhiêu điểm", "so-gddt"),
        unit("bot ơi, Sở Tài chính được mấy điểm?", "so-tai-chinh"),
        unit("Sở Nội vụ thế nào", "so-noi-vu"),
        unit("sở nội vụ có tốt không", "so-noi-vu"),
        unit("năm ngoái sở nội vụ", "so-noi-vu", THIS_YEAR - 1),
        unit("Sở Văn hoá Thể thao và Du lịch xếp thứ mấy", "so-vhttdl"),
        unit("cho hỏi Sở LĐTBXH", "so-ldtbxh"),
        unit("Sở Thông tin và Truyền thông 2019", "so-tttt", 2019),
        unit("Sở Giáo dục và Đào tạo", "so-gddt"),
        unit("Lao động thương binh và xã hội", "so-ldtbxh"),
        unit("văn hóa thể thao và du lịch", "so-vhttdl"),
        unit("giao duc va dao tao", "so-gddt"),
        unit("Điện Biên Đôngg", "h-dien-bien-dong"),
        unit("Nậm Pồo", "h-nam-po"),
        unit("Muongg Nhé", "h-muong-nhe"),
        unit("Sở Nội vụ và Nội vụ", "so-noi-vu"),
    ],
    "list by group and level": [
        listing("các huyện mức trung bình", group=HUYEN, level=TRUNG_BINH),
        listing("sở khá", group=SO, level=KHA),
        listing("huyện khá", group=HUYEN, level=KHA),
        listing("danh sách đơn vị mức thấp", level=THAP),
        listing("các sở mức khá năm 2019", group=SO, level=KHA, year=2019),
        listing("danh sach cac huyen muc thap", group=HUYEN, level=THAP),
        listing("huyện loại trung bình", group=HUYEN, level=TRUNG_BINH),
        listing("những đơn vị mức khá", level=KHA),
        listing("sở xếp loại trung bình", group=SO, level=TRUNG_BINH),
        listing("các huyện, thị xã, thành phố", group=HUYEN),
        listing("sở ban ngành mức thấp", group=SO, level=THAP),
        listing("các sở ban ngành", group=SO),
        listing("khối sở", group=SO),
        listing("UBND huyện", group=HUYEN),
        listing("sở", group=SO),
        listing("huyện", group=HUYEN),
        listing("các huyện mức TB", group=HUYEN, level=TRUNG_BINH),
        listing("huyện mức thấp", group=HUYEN, level=THAP),
        listing("2019", year=2019),
    ],
    "top and bottom": [
        listing("top 10 sở", group=SO, limit=10),
        listing("top 3 sở", group=SO, limit=3),
        listing("5 sở thấp nhất", group=SO, limit=5, order="worst"),
        listing("bảng xếp hạng khối huyện", group=HUYEN),
        listing("xếp hạng sở 2019", group=SO, year=2019),
        listing("top 5 huyện năm 2018", group=HUYEN, limit=5, year=2018),
        listing("3 huyện cuối bảng", group=HUYEN, limit=3, order="worst"),
        listing("bottom 3 sở", group=SO, limit=3, order="worst"),
        listing("sở đứng đầu", group=SO),
        listing("huyện kém nhất", group=HUYEN, order="worst"),
        listing("top10 sở", group=SO, limit=10),
        listing("top 3", limit=3),
        listing("10 đơn vị cao nhất", limit=10),
        listing("huyện thấp nhất", group=HUYEN, order="worst"),
        listing("top 3 sở 2019", group=SO, limit=3, year=2019),
        listing("bxh các sở năm 2020", group=SO, year=2020),
        listing("sở nào cao nhất", group=SO),
        listing("huyện nào thấp nhất năm 2018", group=HUYEN, order="worst", year=2018),
    ],
    "comparison": [
        compare("so sánh Tuần Giáo và Tủa Chùa", "h-tuan-giao", "h-tua-chua"),
        compare("Sở Nội vụ với Sở Ngoại vụ", "so-noi-vu", "so-ngoai-vu"),
        compare("nội vụ vs ngoại vụ vs tư pháp", "so-noi-vu", "so-ngoai-vu", "so-tu-phap"),
        compare("so sanh y te, tu phap", "so-y-te", "so-tu-phap"),
        compare("so sánh Sở Giáo dục và Đào tạo với Sở Y tế", "so-gddt", "so-y-te"),
        compare(
            "so sánh Sở Giáo dục và Đào tạo với Sở Thông tin và Truyền thông",
            "so-gddt", "so-tttt",
        ),
        compare("Sở GD&ĐT và Sở TT&TT", "so-gddt", "so-tttt"),
        compare("Sở GD&ĐT, Sở KH&CN và Sở TN&MT", "so-gddt", "so-khcn", "so-tnmt"),
        compare(
            "so sánh huyện Điện Biên và huyện Điện Biên Đông", "h-dien-bien", "h-dien-bien-dong"
        ),
        compare("huyện Điện Biên với TP Điện Biên Phủ", "h-dien-bien", "tp-dien-bien-phu"),
        compare("Tuần Giáo, Tủa Chùa, Mường Chà", "h-tuan-giao", "h-tua-chua", "h-muong-cha"),
        compare(
            "Sở Nội vụ so với Sở Tư pháp năm 2018", "so-noi-vu", "so-tu-phap", year=2018
        ),
        compare("Lao động thương binh và xã hội và Y tế", "so-ldtbxh", "so-y-te"),
        compare("Sở Kế hoạch và Đầu tư với Sở Tài Chính", "so-khdt", "so-tai-chinh"),
        compare("noi vuu va ngoai vuu", "so-noi-vu", "so-ngoai-vu"),
        compare("Tuần Giáoo và Tủa Chuaa", "h-tuan-giao", "h-tua-chua"),
        compare("Sở Nội vụ Sở Ngoại vụ", "so-noi-vu", "so-ngoai-vu"),
        compare("Sở Ngoại vụ với Sở Nội vụ", "so-ngoai-vu", "so-noi-vu"),
        compare("ss khcn với gtvt", "so-khcn", "so-gtvt"),
        compare("Mường Ảng + Mường Chà", "h-muong-ang", "h-muong-cha"),
    ],
    "ambiguous": [
        clarify("so giao", "so-gtvt", "so-gddt"),
        clarify("huyện Mường", "h-muong-ang", "tx-muong-lay", "h-muong-cha", "h-muong-nhe"),
        clarify("so sánh Sở Nội vụ với sở giao", "so-gtvt", "so-gddt"),
        clarify("sở giao năm 2019", "so-gtvt", "so-gddt", year=2019),
        clarify("điện", "h-dien-bien", "h-dien-bien-dong", "tp-dien-bien-phu"),
        clarify("cho hỏi sở tài", "so-tai-chinh", "so-gtvt", "so-tnmt"),
        clarify("công", "so-cong-thuong", "so-khcn"),
        clarify(
            "so sánh huyện Mường với Tủa Chùa",
            "h-muong-ang", "tx-muong-lay", "h-muong-cha", "h-muong-nhe",
        ),
        clarify("Mường và Tuần Giáo", "h-muong-ang", "tx-muong-lay", "h-muong-cha", "h-muong-nhe"),
    ],
    "help": [
        helping("asdkjh"),
        helping("😀😀"),
        helping(""),
        helping("   "),
        helping("<script>alert(1)</script>"),
        helping("SELECT * FROM units; DROP TABLE units;--"),
        helping("x" * 5000),
        helping("/start"),
        helping("help"),
        helping("hướng dẫn"),
        helping("???"),
        helping("xin chào"),
        helping("cảm ơn bot nhé"),
        helping("ngân hàng"),
        helping("qwe rty uio"),
    ],
}

QUERY_CASES: dict[str, list[QueryCase]] = {**generated_query_cases(), **HAND_QUERY_CASES}


def all_texts() -> list[str]:
    """Every input of the matrix, for the bench."""
    texts = [c.text for group in MATCH_CASES.values() for c in group]
    texts += [c.text for group in QUERY_CASES.values() for c in group]
    return texts
