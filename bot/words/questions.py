"""Words of the question grammar (folded, as `query_tokens` gives them) and the sentences the
answers to those questions use. Sub-index and group words come from the edition, not from here.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.help_examples import HelpExamples

# -- what the grammar reads (folded phrases) -------------------------------------------------

# A tag per phrase; the parser decides what each tag does. Longest phrase wins at a position.
GRAMMAR: dict[str, tuple[str, ...]] = {
    # superlatives: best / worst by the measure in force
    "best": (
        "cao nhat", "tot nhat", "nhieu diem nhat", "xuat sac nhat", "lon nhat", "manh nhat",
        "nhieu nhat", "top dau", "dan dau", "dung dau", "dau bang", "hang dau", "nhat bang",
        "xep dau", "xep dau bang", "dung dau bang",
        "cao diem nhat", "so mot",
    ),
    "worst": (
        "thap nhat", "kem nhat", "yeu nhat", "te nhat", "it diem nhat", "it nhat", "nho nhat",
        "cuoi bang", "cuoi cung", "xep cuoi", "dung cuoi", "duoi cung", "bet bang",
        "chot bang", "bottom", "cuoi", "bet", "xep cuoi bang", "dung cuoi bang",
        "o cuoi bang", "xep bet", "dung bet", "bet bang",
    ),
    # orders of a list ("top 3", "3 huyện cuối bảng" count via numbers)
    "top": ("top", "dau tien"),
    # position: "đứng thứ 3", "hạng 3", "hạng nhất"; "mấy" asks for the rank of a unit
    "nth": ("dung thu", "xep thu", "thu", "hang thu", "dung hang", "xep hang thu", "o vi tri"),
    "ask_rank": (
        "thu may", "dung thu may", "xep thu may", "hang may", "hang bao nhieu", "vi tri nao",
        "vi tri thu may", "xep hang may", "dung hang may", "xep hang bao nhieu", "o vi tri nao",
        "vi tri", "dung o dau", "xep o dau", "o dau trong bang", "dung o vi tri nao",
    ),
    "rank_word": ("hang", "xep hang", "thu hang", "bac"),
    "above": ("ngay tren", "dung tren", "lien tren", "dung truoc", "ngay truoc", "xep tren",
              "lien truoc", "xep truoc"),
    "below": ("ngay duoi", "dung duoi", "lien duoi", "dung sau", "ngay sau", "xep sau",
              "lien sau", "xep duoi", "ke sau"),
    # thresholds: the number after them bounds the measure
    "gt": ("tren", "hon", "lon hon", "cao hon", "nhieu hon", "vuot", "qua", "vuot qua"),
    "ge": ("tu", "toi thieu", "it nhat la", "tro len", "khong duoi", "tu tren"),
    "lt": ("duoi", "thap hon", "it hon", "nho hon", "kem hon", "chua toi", "chua den"),
    "le": ("khong qua", "toi da la", "khong vuot qua", "tro xuong"),
    "to": ("den", "toi", "va"),
    "between": ("trong khoang", "khoang", "tu khoang", "giua"),
    "at_max": ("dat toi da", "diem toi da", "tuyet doi", "toi da", "day du", "full"),
    "not": ("chua dat", "chua", "khong dat", "chua len", "chua duoc", "khong"),
    "level_word": ("muc", "loai", "xep loai", "muc do", "dat muc", "o muc", "thuoc muc",
                   "dat loai"),
    "ask_level": ("muc nao", "muc gi", "loai gi", "loai nao", "xep loai gi", "xep loai nao",
                  "muc do nao", "muc do gi", "dat muc nao", "dat loai gi", "thuoc muc nao"),
    # direction of the rank change
    "up": ("tang hang", "tang bac", "thang hang", "cai thien hang", "tang"),
    "down": ("tut hang", "giam hang", "xuong hang", "tut bac", "giam bac", "tut", "giam",
             "xuong", "sut giam", "sut hang"),
    "same": ("giu nguyen", "khong doi", "dung yen", "giu hang", "khong thay doi",
             "giu nguyen hang", "giu vung"),
    "ask_change": ("thay doi", "bien dong", "tang giam", "tang hay giam", "thay doi the nao",
                   "tang may bac", "giam may bac", "tang bao nhieu bac", "tang bao nhieu hang",
                   "giam bao nhieu bac", "tut bao nhieu bac", "tut may bac"),
    "vs_previous": ("so voi nam truoc", "so voi nam ngoai", "so voi nam roi",
                    "so voi ky truoc", "so voi lan truoc"),
    # counts and aggregates
    "how_many": ("bao nhieu", "may", "so luong", "dem", "tong so"),
    "mean": ("trung binh cong", "binh quan", "diem trung binh", "diem binh quan",
             "gia tri trung binh", "tb cong"),
    "average_or_level": ("trung binh", "tb"),
    "median": ("trung vi", "diem trung vi", "o giua"),
    "ascending": ("tang dan", "tu thap den cao", "tu thap len cao", "thap den cao"),
    "descending": ("giam dan", "tu cao den thap", "tu cao xuong thap", "cao den thap"),
    "sort": ("sap xep theo", "xep theo", "sap theo", "theo thu tu", "sap xep", "theo"),
    "difference": ("hon bao nhieu", "kem bao nhieu", "chenh lech", "chenh nhau", "hon kem",
                   "cach nhau", "khac nhau", "chenh", "thua bao nhieu", "hon may"),
    "which": ("nao", "don vi nao", "ai", "nhung don vi nao", "co quan nao"),
    "total": ("tong diem", "diem", "so diem", "diem so", "tong", "diem tong"),
    "all": ("tat ca", "toan bo", "ca hai khoi", "ca tinh", "cac don vi", "don vi",
            "bang xep hang", "bang diem", "bxh", "danh sach", "liet ke", "xep hang cac"),
    # follow-ups in a conversation
    "follow": ("con", "the con", "vay con", "thi sao", "the thi sao", "thi the nao",
               "con thi sao"),
    # relative years
    "this_year": ("nam nay", "nam hien tai"),
    "last_year": ("nam ngoai", "nam truoc", "nam roi", "nam vua qua", "nam qua"),
}

# Rank words that make a rank measure of a sub-index ("hạng UD", "UD xếp thứ mấy").
ORDINALS = {
    "nhat": 1, "mot": 1, "nhi": 2, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6,
    "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
}

# Messages that are only a greeting, or only thanks (with polite filler around).
GREETINGS = (
    "chao", "xin chao", "hello", "hi", "alo", "helo", "hey", "chao buoi sang",
    "chao buoi chieu", "chao buoi toi", "good morning", "chao ban", "kinh chao",
)
THANKS = (
    "cam on", "thanks", "thank you", "thank", "tks", "thanks you", "cam on nhieu",
    "xin cam on", "cam on ban", "cam on bot", "ok cam on", "da ro", "ok", "oke", "okie",
    "tot qua", "hay qua",
)
GREETING_FILLER = (
    "a", "ad", "admin", "ah", "anh", "chi", "em", "ban", "bot", "nhe", "nha", "oi", "nhieu",
    "minh", "toi", "moi", "nguoi", "ca", "rat", "lam", "nhe", "ha", "nhi", "vay", "the",
    "e", "ak", "day", "u", "d", "dong", "chi",
)

# Questions about something the index does not hold.
OUT_OF_SCOPE = (
    "so dien thoai", "dien thoai", "sdt", "hotline", "dia chi", "o dau", "nam o dau",
    "tru so", "giam doc", "pho giam doc", "chu tich", "truong phong", "lanh dao", "ai la",
    "thoi tiet", "mua", "nhiet do", "dan so", "dien tich", "bao nhieu dan", "email", "website",
    "trang web", "gio lam viec", "lich lam viec", "fax", "ngan sach", "kinh phi", "luong",
    "tuyen dung", "gia vang", "ty gia", "bong da", "tin tuc", "so tai khoan", "ma so thue",
)

# The province itself, nationally ("Điện Biên xếp thứ mấy cả nước", "DTI tỉnh Điện Biên").
NATIONAL = (
    "ca nuoc", "toan quoc", "quoc gia", "63 tinh", "63 tinh thanh", "34 tinh", "dti",
    "chi so chuyen doi so", "chuyen doi so cap tinh", "cac tinh", "tinh thanh",
    "bo thong tin", "ict index", "vietnam ict",
)
PROVINCE = ("tinh dien bien", "dien bien")

# Topics that share words with units' names; read as a topic, never as the unit.
TOPICS = (
    "xay dung chinh quyen dien tu", "xay dung chinh quyen so", "chinh quyen dien tu",
    "chinh quyen so", "phat trien", "thong tin", "cong nghe thong tin", "cntt",
    "bao cao tai chinh", "tinh hinh tai chinh", "tai chinh cong", "nguon tai chinh",
    "ho tro tai chinh", "chinh sach tai chinh", "ve tai chinh", "linh vuc tai chinh",
    "xay dung nong thon moi", "nong thon moi", "moi nhat", "cap nhat",
)

# Common words that look like pieces of names: never a unit by themselves (kept only where
# they and a neighbour spell a name: "xây dựng", "Mường Chà").
COMMON_NOT_NAMES = frozenset({
    "dung", "chua", "chao", "moi", "tren", "tang", "phat", "trien", "thong", "tin", "bang",
})

# -- what the answers say ----------------------------------------------------------------

GREETING = ("Xin chào! Tôi tra cứu Chỉ số DienBien e-Gov index của các cơ quan, đơn vị nhà "
            "nước tỉnh Điện Biên.")


def greeting_hint(ex: HelpExamples | None) -> str:
    """Three questions to try, made from the latest published year."""
    if ex is None:
        return "Bạn có thể hỏi tên một đơn vị, kèm năm nếu cần."
    asks = [f"{ex.unit} {ex.year}"]
    if ex.label:
        asks.append(f"{ex.last_group} nào có điểm {ex.label} cao nhất")
    if ex.band:
        asks.append(f"bao nhiêu {ex.first_group} đạt mức {ex.band}")
    return "Bạn có thể hỏi, ví dụ: " + ", ".join(f"<code>{escape(a)}</code>" for a in asks) + "."
THANKS_REPLY = "Không có gì! Bạn cần tra cứu thêm gì cứ hỏi nhé."
OUT_OF_SCOPE_REPLY = (
    "Câu này nằm ngoài những gì tôi biết. Tôi chỉ có kết quả Chỉ số DienBien e-Gov index: "
    "điểm, thứ hạng, mức xếp loại và các chỉ số thành phần của từng cơ quan, đơn vị, cùng "
    "thứ hạng của tỉnh Điện Biên trên cả nước.")
NEEDS_CONTEXT = ("Bạn hỏi về đơn vị nào? Gõ thêm tên đơn vị, ví dụ: "
                 "<code>Sở Y tế xếp thứ mấy</code>.")
PROVINCE_OR_DISTRICT = ("«Điện Biên» có thể là UBND huyện Điện Biên hoặc tỉnh Điện Biên. "
                        "Bấm để xem huyện Điện Biên, hoặc gõ <code>Điện Biên xếp thứ mấy cả "
                        "nước</code> để xem thứ hạng của tỉnh.")
NATIONAL_HEADING = "Thứ hạng của tỉnh Điện Biên trên cả nước:"
NATIONAL_NONE = "Chưa có số liệu xếp hạng cả nước của tỉnh Điện Biên cho năm {year}."
NATIONAL_INDEX_NAMES = {
    "ICT": "Chỉ số sẵn sàng ứng dụng và phát triển CNTT (Vietnam ICT Index)",
    "DTI": "Chỉ số chuyển đổi số cấp tỉnh (DTI)",
}
SOURCE_LABEL = "Nguồn"
RELATIVE_YEAR = "<i>{phrase} là năm {year}</i>"
NO_UNITS_MATCH = "không có đơn vị nào"
TIED = "{count} {group} cùng đạt {figure}"
STATS_HEADING = "{what} {scope} năm {year}"
MEASURE_NAMES = {
    "total": "tổng điểm",
    "rank": "thứ hạng",
    "level": "mức xếp loại",
    "rank_change": "thay đổi thứ hạng",
}
STAT_NAMES = {"count": "Số đơn vị", "mean": "Trung bình", "median": "Trung vị",
              "min": "Thấp nhất", "max": "Cao nhất"}
DIRECTION_NAMES = {"up": "tăng hạng", "down": "tụt hạng", "same": "giữ nguyên hạng"}
BOTH_GROUPS = "cả hai khối"

RELATIVE_YEARS = {
    "nam nay": "năm nay", "nam hien tai": "năm hiện tại", "nam ngoai": "năm ngoái",
    "nam truoc": "năm trước", "nam roi": "năm rồi", "nam vua qua": "năm vừa qua",
    "nam qua": "năm qua",
}
YEARS_AGO = "{count} năm trước"

UNIT_NOUN = "đơn vị"
NOT_RANKED = "không được xếp hạng"
VALUE_TOTAL = "{name} năm {year} được {total} điểm, {rank}."
VALUE_RANK = "{name} năm {year} xếp {rank}{tail}."
VALUE_LEVEL = "{name} năm {year} đạt mức {level} ({total} điểm)."
VALUE_SUB = "{name} năm {year} được {value} điểm {label}, {rank}."
VALUE_SUB_RANK = "{name} năm {year} xếp {rank} về {label} ({value} điểm)."
CHANGE_UP = "{name} năm {year} tăng {count} bậc so với năm {before}, nay {rank}."
CHANGE_DOWN = "{name} năm {year} giảm {count} bậc so với năm {before}, nay {rank}."
CHANGE_SAME = "{name} năm {year} giữ nguyên hạng so với năm {before}: {rank}."
CHANGE_NONE = "{name} năm {year} không có thứ hạng năm {before} để so sánh."
DIFFERENCE = "Chênh lệch ({second} trừ {first}): "
DIFFERENCE_SENTENCE = "{second} {more} {first} {value} điểm{label}."
DIFFERENCE_EQUAL = "Hai đơn vị bằng điểm {label}."
MORE = "hơn"
LESS = "kém"
HIGHEST = "cao nhất"
FIRST = "xếp đầu"
LAST = "xếp cuối"
ABOUT = "về"
LOWEST = "thấp nhất"
MOST_UP = "tăng hạng nhiều nhất"
MOST_DOWN = "tụt hạng nhiều nhất"
POSITION = "xếp thứ {n}"
POSITION_LAST = "xếp cuối"
JUST_ABOVE = "xếp ngay trên {name}"
JUST_BELOW = "xếp ngay dưới {name}"
RANGE = "{label} từ {low} đến {high}"
ABOVE = "trên"
AT_LEAST = "từ"
BELOW = "dưới"
AT_MOST = "không quá"
AT_LEVEL = "mức {level}"
BELOW_LEVEL = "chưa đạt mức {level}"
AT_MAX = "đạt tối đa {label} ({maximum})"
NOT_AT_MAX = "chưa đạt tối đa {label} ({maximum})"
SORTED_BY = "xếp theo {label}"
ASCENDING = "từ thấp đến cao"
LIST_HEADING = "<b>{group}</b> · năm {year} · {what} ({count} đơn vị)"
COUNT_SENTENCE = "Có {count} {noun}{what} năm {year} ({scope})."
STAT_SENTENCE = "{stat} {label} {scope} năm {year}: <b>{value}</b>."
STATS_LINE = ("Số đơn vị: {count} · trung bình {mean} · trung vị {median} · "
              "thấp nhất {low} · cao nhất {high}")
UNKNOWN_MEASURE = "Năm {year} không có chỉ số thành phần này."
LATEST_HINT = "Năm gần nhất có kết quả: {year} (gõ thêm năm {year} để xem)."
