"""The question matrix: what officials ask beyond names, and what the answer must be.

Expected answers are computed HERE from data/results/2019.csv and data/units.csv, read with
the csv module, independently of the code under test (which reads the database built by the
publishing pipeline). Shared by tests/test_question_matrix.py and bench/bench_query.py.
"""

from __future__ import annotations

import csv
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.query_cases import folded

DATA = Path(__file__).resolve().parents[1] / "data"
YEAR = 2019
SUBS = {"htkt": ("HTKT", 25.0), "ud": ("UD", 110.0), "htnl": ("HTNL", 30.0),
        "csdt": ("CS&ĐT", 35.0)}
GROUP_WORD = {"so": "sở", "huyen": "huyện"}
LEVEL_NAME = {"kha": "khá", "trung_binh": "trung bình", "thap": "thấp"}


@dataclass(frozen=True)
class Row:
    """One unit's 2019 line, as the report prints it."""

    unit_id: str
    name: str
    group: str
    scores: dict[str, float]
    total: float
    rank: int
    rank_2018: int | None

    @property
    def level(self) -> str:
        return "kha" if self.total >= 150 else ("trung_binh" if self.total >= 100 else "thap")

    @property
    def rank_change(self) -> int | None:
        return None if self.rank_2018 is None else self.rank_2018 - self.rank


def _fold_case(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def read_rows() -> list[Row]:
    with (DATA / "units.csv").open(encoding="utf-8") as handle:
        units = {_fold_case(r["name"]): r for r in csv.DictReader(handle)}
    rows = []
    with (DATA / "results" / "2019.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for line in reader:
            unit = units[_fold_case(line[0])]
            rows.append(Row(
                unit["id"], unit["name"], unit["group"],
                dict(zip(SUBS, (float(x) for x in line[1:5]), strict=True)),
                float(line[5]), int(line[6]), int(line[7]) if line[7] else None))
    return rows


ROWS = read_rows()
BY_ID = {r.unit_id: r for r in ROWS}
GROUPS = {g: [r for r in ROWS if r.group == g] for g in ("so", "huyen")}


def value(row: Row, measure: str) -> Any:
    if measure == "total":
        return row.total
    if measure == "rank":
        return row.rank
    if measure == "level":
        return row.level
    if measure == "rank_change":
        return row.rank_change
    if measure.startswith("rank:"):
        key = measure[5:]
        return 1 + sum(other.scores[key] > row.scores[key] for other in GROUPS[row.group])
    return row.scores[measure]


def score_text(number: float) -> str:
    return f"{number:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Case:
    """One question (or conversation) and what its (last) answer must be."""

    category: str
    texts: tuple[str, ...]
    expect: dict[str, Any]
    today: int = 2026

    @property
    def id(self) -> str:
        return " | ".join(self.texts)[:80]


def by_rank(rows: list[Row]) -> list[str]:
    return [r.unit_id for r in sorted(rows, key=lambda r: r.rank)]


def _ids(rows: list[Row]) -> set[str]:
    return {r.unit_id for r in rows}


# -- categories --------------------------------------------------------------------------------


def one_figure() -> list[Case]:
    cases = []
    for r in ROWS:
        size = len(GROUPS[r.group])
        cases.append(Case("one figure", (f"{r.name} được bao nhiêu điểm",), dict(
            kind="value", measure="total", units=[r.unit_id],
            first_line=[r.name, f"{score_text(r.total)}/200", f"{r.rank}/{size}"])))
        cases.append(Case("one figure", (f"{r.name} đứng thứ mấy",), dict(
            kind="value", measure="rank", units=[r.unit_id], first_line=[f"{r.rank}/{size}"])))
        cases.append(Case("one figure", (f"{r.name} đứng ở đâu trong bảng",), dict(
            kind="value", measure="rank", units=[r.unit_id], first_line=[f"{r.rank}/{size}"])))
        cases.append(Case("one figure", (f"{r.name} xếp loại gì",), dict(
            kind="value", measure="level", units=[r.unit_id],
            first_line=[LEVEL_NAME[r.level]])))
        change = r.rank_change
        word = ("tăng" if change and change > 0 else "giảm" if change else "giữ nguyên")
        cases.append(Case("one figure", (f"{r.name} thay đổi thứ hạng thế nào",), dict(
            kind="value", measure="rank_change", units=[r.unit_id], first_line=[word])))
        for key, (label, top) in SUBS.items():
            cases.append(Case("one figure", (f"điểm {label} của {r.name}",), dict(
                kind="value", measure=key, units=[r.unit_id],
                first_line=[f"{score_text(r.scores[key])}/{top:g}", label])))
        key = list(SUBS)[len(cases) % 4]
        cases.append(Case("one figure", (f"{r.name} xếp hạng {SUBS[key][0]} thứ mấy",), dict(
            kind="value", measure=f"rank:{key}", units=[r.unit_id],
            first_line=[f"hạng {value(r, 'rank:' + key)}/{size}"])))
    return cases


def sorting() -> list[Case]:
    """Lists sorted by a sub-index: best first unless "tăng dần"; ties in rank order."""
    cases = []
    for group, word in GROUP_WORD.items():
        rows = GROUPS[group]
        for key, (label, _) in SUBS.items():
            down = [r.unit_id for r in sorted(rows, key=lambda r: (-r.scores[key], r.rank))]
            up = [r.unit_id for r in sorted(rows, key=lambda r: (r.scores[key], r.rank))]
            cases.append(Case("sorting", (f"sắp xếp các {word} theo điểm {label}",), dict(
                kind="list", units=down, order_by=key, measure=key)))
            cases.append(Case("sorting", (f"sắp xếp các {word} theo {label} tăng dần",), dict(
                kind="list", units=up, order_by=key)))
            cases.append(Case("sorting", (f"top 3 {word} có điểm {label} cao nhất",), dict(
                kind="list", units=down[:3], order_by=key)))
            cases.append(Case("sorting", (f"3 {word} có điểm {label} thấp nhất",), dict(
                kind="list", units=up[:3], order_by=key)))
    return cases


def rank_only_years() -> list[Case]:
    """2018 published ranks only: "đứng đầu" is rank 1, a score question says there is none."""
    cases = []
    for group, word in GROUP_WORD.items():
        rows = [r for r in GROUPS[group] if r.rank_2018 is not None]
        first = {r.unit_id for r in rows if r.rank_2018 == 1}
        last = {r.unit_id for r in rows if r.rank_2018 == max(x.rank_2018 or 0 for x in rows)}
        cases.append(Case("rank-only year", (f"{word} nào đứng đầu năm 2018",),
                          dict(kind="list", unit_set=first, measure="rank")))
        cases.append(Case("rank-only year", (f"{word} nào đứng cuối năm 2018",),
                          dict(kind="list", unit_set=last, measure="rank")))
        cases.append(Case("rank-only year", (f"{word} nào có điểm UD cao nhất năm 2018",),
                          dict(kind="no_data", text_has=["chỉ công bố thứ hạng"])))
    for r in ROWS[::4]:
        cases.append(Case("rank-only year", (f"{r.name} xếp thứ mấy năm 2018",), dict(
            kind="value", measure="rank", year=2018,
            first_line=[f"hạng {r.rank_2018}/{len(GROUPS[r.group])}"])))
    return cases


def several_units() -> list[Case]:
    cases = []
    for a, b in zip(ROWS[::2], ROWS[1::2], strict=False):
        cases.append(Case("one figure of several units", (f"{a.name} và {b.name} xếp thứ mấy",),
                          dict(kind="value", measure="rank", units=[a.unit_id, b.unit_id],
                               text_has=[f"hạng {a.rank}/", f"hạng {b.rank}/"])))
    for low, high in ((180, 160), (190, 170)):
        cases.append(Case("range", (f"đơn vị từ {low} đến {high} điểm",), dict(
            kind="list", unit_set=_ids([r for r in ROWS if high <= r.total <= low]))))
    return cases


def _leaders(rows: list[Row], measure: str, best: bool) -> set[str]:
    known = [r for r in rows if value(r, measure) is not None]
    pick = max if best else min
    target = pick(value(r, measure) for r in known)
    return {r.unit_id for r in known if value(r, measure) == target}


def superlatives() -> list[Case]:
    cases = []
    for group, word in GROUP_WORD.items():
        rows = GROUPS[group]
        for key, (label, _) in [("total", ("tổng điểm", 0)), *SUBS.items()]:
            for best, phrase in ((True, "cao nhất"), (False, "thấp nhất")):
                leaders = _leaders(rows, key, best)
                expect = dict(kind="list", measure=key, unit_set=leaders, order_by=key)
                if len(leaders) > 1:
                    expect["text_has"] = [f"{len(leaders)} {word} cùng đạt"]
                cases.append(Case(f"superlative {key}",
                                  (f"{word} nào có điểm {label} {phrase}",), expect))
                cases.append(Case(f"superlative {key}",
                                  (f"{word} nào {label} {phrase} năm 2019",), expect))
        for best, phrase in ((True, "tăng hạng nhiều nhất"), (False, "tụt hạng nhiều nhất")):
            leaders = _leaders(rows, "rank_change", best)
            expect = dict(kind="list", measure="rank_change", unit_set=leaders)
            cases.append(Case("superlative rank_change", (f"{word} nào {phrase}",), expect))
            cases.append(Case("superlative rank_change", (folded(f"{word} nào {phrase}"),),
                              expect))
    for key, (label, _) in SUBS.items():
        for best, phrase in ((True, "cao nhất"), (False, "thấp nhất")):
            leaders = _leaders(GROUPS["so"], key, best) | _leaders(GROUPS["huyen"], key, best)
            cases.append(Case(f"superlative {key}",
                              (f"đơn vị nào có điểm {label} {phrase}",),
                              dict(kind="list", measure=key, unit_set=leaders)))
    return cases


def positions() -> list[Case]:
    cases = []
    for group, word in GROUP_WORD.items():
        rows = GROUPS[group]
        for n in range(1, len(rows) + 1):
            cases.append(Case("position", (f"{word} nào đứng thứ {n}",), dict(
                kind="list", unit_set={r.unit_id for r in rows if r.rank == n})))
        last = {r.unit_id for r in rows if r.rank == max(x.rank for x in rows)}
        for text in (f"{word} nào đứng cuối", f"{word} nào xếp cuối bảng",
                     f"{word} đứng bét"):
            cases.append(Case("position", (text,), dict(kind="list", unit_set=last)))
        for n, ordinal in ((2, "hai"), (3, "ba")):
            cases.append(Case("position", (f"{word} nào đứng thứ {ordinal}",), dict(
                kind="list", unit_set={r.unit_id for r in rows if r.rank == n})))
    for r in ROWS:
        ranks = sorted({x.rank for x in GROUPS[r.group]})
        above = [x for x in ranks if x < r.rank]
        below = [x for x in ranks if x > r.rank]
        want_above = {x.unit_id for x in GROUPS[r.group] if above and x.rank == above[-1]}
        want_below = {x.unit_id for x in GROUPS[r.group] if below and x.rank == below[0]}
        cases.append(Case("position", (f"đơn vị nào đứng ngay trên {r.name}",),
                          dict(kind="list", unit_set=want_above)))
        cases.append(Case("position", (f"ai xếp ngay sau {r.name}",),
                          dict(kind="list", unit_set=want_below)))
    return cases


def _scope(group: str | None) -> tuple[list[Row], str]:
    if group is None:
        return ROWS, "đơn vị"
    return GROUPS[group], f"các {GROUP_WORD[group]}"


def thresholds() -> list[Case]:
    cases = []
    for group in ("so", "huyen", None):
        rows, words = _scope(group)
        for t in (100, 120, 150, 160, 170, 180, 190):
            cases.append(Case("threshold", (f"{words} trên {t} điểm",), dict(
                kind="list", unit_set=_ids([r for r in rows if r.total > t]),
                order_by="total")))
            cases.append(Case("threshold", (f"{words} dưới {t} điểm",), dict(
                kind="list", unit_set=_ids([r for r in rows if r.total < t]))))
        for low, high in ((150, 170), (160, 180), (170, 190), (100, 150)):
            cases.append(Case("range", (f"{words} từ {low} đến {high} điểm",), dict(
                kind="list", unit_set=_ids([r for r in rows if low <= r.total <= high]))))
    for group, word in GROUP_WORD.items():
        rows = GROUPS[group]
        for low, high in ((1, 5), (5, 10), (3, 7)):
            cases.append(Case("range", (f"các {word} hạng {low} đến {high}",), dict(
                kind="list", unit_set=_ids([r for r in rows if low <= r.rank <= high]))))
        for t in (80, 90, 100):
            cases.append(Case("threshold", (f"{word} nào có điểm UD trên {t}",), dict(
                kind="list", measure="ud",
                unit_set=_ids([r for r in rows if r.scores["ud"] > t]))))
        for key, (label, top) in SUBS.items():
            full = _ids([r for r in rows if r.scores[key] >= top])
            cases.append(Case("at maximum", (f"{word} nào đạt {top:g}/{top:g} {label}",),
                              dict(kind="list", measure=key, unit_set=full)))
            cases.append(Case("at maximum", (f"{word} nào đạt tối đa điểm {label}",),
                              dict(kind="list", measure=key, unit_set=full)))
            cases.append(Case("at maximum", (f"{word} nào chưa đạt tối đa {label}",),
                              dict(kind="list", measure=key,
                                   unit_set=_ids(rows) - full)))
        cases.append(Case("level", (f"{word} nào chưa đạt khá",), dict(
            kind="list", unit_set=_ids([r for r in rows if r.level != "kha"]))))
        cases.append(Case("level", (f"các {word} mức trung bình",), dict(
            kind="list", unit_set=_ids([r for r in rows if r.level == "trung_binh"]))))
        cases.append(Case("level", (f"{word} nào đạt mức khá",), dict(
            kind="list", unit_set=_ids([r for r in rows if r.level == "kha"]))))
    return cases


def changes() -> list[Case]:
    cases = []
    for group in ("so", "huyen", None):
        rows, words = _scope(group)
        for phrase, test in (("tăng hạng", lambda c: c > 0), ("tụt hạng", lambda c: c < 0),
                             ("giữ nguyên hạng", lambda c: c == 0)):
            want = _ids([r for r in rows if r.rank_change is not None and test(r.rank_change)])
            expect = dict(kind="list", measure="rank_change", unit_set=want)
            cases.append(Case("change", (f"{words} nào {phrase}",), expect))
            cases.append(Case("change", (f"những {words} {phrase} năm 2019",), expect))
    return cases


def counts() -> list[Case]:
    cases = []
    for group in ("so", "huyen", None):
        rows, _ = _scope(group)
        word = GROUP_WORD[group] if group else "đơn vị"
        checks = [
            (f"bao nhiêu {word} đạt mức khá", [r for r in rows if r.level == "kha"]),
            (f"có mấy {word} mức trung bình", [r for r in rows if r.level == "trung_binh"]),
            (f"bao nhiêu {word} tăng hạng",
             [r for r in rows if (r.rank_change or 0) > 0]),
            (f"có bao nhiêu {word} tụt hạng",
             [r for r in rows if (r.rank_change or 0) < 0]),
        ]
        for t in (150, 170, 180):
            checks.append((f"bao nhiêu {word} trên {t} điểm", [r for r in rows if r.total > t]))
        for key, (label, top) in SUBS.items():
            checks.append((f"mấy {word} đạt tối đa {label}",
                           [r for r in rows if r.scores[key] >= top]))
        for text, want in checks:
            cases.append(Case("count", (text,), dict(
                kind="stats", unit_set=_ids(want), stats={"count": len(want)})))
    return cases


def aggregates() -> list[Case]:
    cases = []
    for group, word in GROUP_WORD.items():
        rows = GROUPS[group]
        for key, (label, _) in [("total", ("", 0)), *SUBS.items()]:
            values = [value(r, key) for r in rows]
            named = f"điểm {label}".strip()
            for text, stat, figure in (
                (f"{named} trung bình khối {word}", "mean", statistics.fmean(values)),
                (f"trung vị {named} khối {word}", "median", statistics.median(values)),
                (f"{named} cao nhất khối {word} là bao nhiêu", "max", max(values)),
                (f"{named} thấp nhất khối {word} là bao nhiêu", "min", min(values)),
            ):
                cases.append(Case("aggregate", (text,), dict(
                    kind="stats", measure=key, stats={stat: round(figure, 2),
                                                      "count": len(rows)})))
    return cases


def comparisons() -> list[Case]:
    cases = []
    for a, b in zip(ROWS, [*ROWS[1:], ROWS[0]], strict=True):
        diffs = {"total": round(b.total - a.total, 2), "rank": b.rank - a.rank,
                 **{k: round(b.scores[k] - a.scores[k], 2) for k in SUBS}}
        cases.append(Case("comparison", (f"{a.name} hơn {b.name} bao nhiêu điểm",), dict(
            kind="compare", units=[a.unit_id, b.unit_id], differences=diffs)))
        cases.append(Case("comparison", (f"so sánh {a.name} và {b.name}",), dict(
            kind="compare", units=[a.unit_id, b.unit_id], differences=diffs)))
    return cases


def years() -> list[Case]:
    cases = []
    for r in ROWS:
        cases.append(Case("year two-digit", (f"{r.name} năm 19",), dict(
            kind="unit", units=[r.unit_id], year=2019)))
        cases.append(Case("year two-digit", (f"{r.name} '19",), dict(
            kind="unit", units=[r.unit_id], year=2019)))
        cases.append(Case("year relative", (f"{r.name} năm ngoái",), dict(
            kind="unit", units=[r.unit_id], year=2019, text_has=["2019"]), today=2020))
        cases.append(Case("year relative", (f"{r.name} 2 năm trước",), dict(
            kind="unit", units=[r.unit_id], year=2019), today=2021))
        cases.append(Case("year relative", (f"{r.name} năm nay",), dict(
            kind="no_data", text_has=["2019"]), today=2026))
    for text in ("huyện khá năm 18", "sở năm 17"):
        cases.append(Case("year two-digit", (text,), dict(kind="no_data" if "khá" in text
                                                           else "list")))
    return cases


def conversations() -> list[Case]:
    cases = []
    rows = ROWS
    for i, a in enumerate(rows):
        b = rows[(i + 3) % len(rows)]
        size = len(GROUPS[a.group])
        cases.append(Case("conversation", (f"{a.name} được bao nhiêu điểm",
                                           "xếp thứ mấy?"), dict(
            kind="value", measure="rank", units=[a.unit_id],
            first_line=[f"{a.rank}/{size}"])))
        cases.append(Case("conversation", (f"{a.name} xếp thứ mấy", "còn năm 2018?"), dict(
            kind="value", measure="rank", units=[a.unit_id], year=2018)))
        cases.append(Case("conversation", (f"{a.name} 2019", f"còn {b.name} thì sao?"),
                          dict(kind="unit", units=[b.unit_id], year=2019)))
        cases.append(Case("conversation", (f"{a.name} được bao nhiêu điểm",
                                           f"so với {b.name}?"), dict(
            kind="compare", units=[a.unit_id, b.unit_id],
            differences={"total": round(b.total - a.total, 2)})))
        cases.append(Case("conversation", (f"{a.name}", "điểm UD bao nhiêu?"), dict(
            kind="value", measure="ud", units=[a.unit_id])))
        cases.append(Case("conversation", (f"{a.name} xếp thứ mấy", f"{b.name} 2019"), dict(
            kind="unit", units=[b.unit_id], year=2019)))
    for group, word in GROUP_WORD.items():
        other = "huyen" if group == "so" else "so"
        cases.append(Case("conversation", (f"{word} nào có điểm UD cao nhất",
                                           f"còn {GROUP_WORD[other]} thì sao?"), dict(
            kind="list", measure="ud", unit_set=_leaders(GROUPS[other], "ud", True))))
    cases.append(Case("conversation", ("xếp thứ mấy?",), dict(kind="help")))
    return cases


GREETINGS = ("chào", "xin chào", "chào anh", "chào bạn", "chào bot", "hello", "hi",
             "xin chào ạ", "chào em", "alo", "chao anh", "xin chao", "chào buổi sáng",
             "hello bot", "chào admin")
THANKS = ("cảm ơn", "cảm ơn nhé", "cảm ơn bot", "cam on", "thanks", "thank you",
          "cảm ơn nhiều", "xin cảm ơn", "tks", "ok cảm ơn", "cám ơn", "cảm ơn bạn nhiều")


def greetings() -> list[Case]:
    cases = [Case("greeting", (t,), dict(kind="help", text_has=["Xin chào"],
                                          text_lacks=["chưa hiểu"])) for t in GREETINGS]
    cases += [Case("thanks", (t,), dict(kind="help", text_has=["Không có gì"],
                                         text_lacks=["chưa hiểu"])) for t in THANKS]
    return cases


def out_of_scope() -> list[Case]:
    cases = []
    for r in ROWS[::3]:
        for template in ("số điện thoại {}", "địa chỉ {} ở đâu", "giám đốc {} là ai",
                         "email của {}"):
            cases.append(Case("out of scope", (template.format(r.name),), dict(
                kind="help", results=0, text_has=["ngoài những gì tôi biết"])))
    for text in ("thời tiết Điện Biên hôm nay", "dân số tỉnh Điện Biên", "thoi tiet mai",
                 "giá vàng hôm nay", "diện tích huyện Mường Nhé"):
        cases.append(Case("out of scope", (text,), dict(
            kind="help", results=0, text_has=["ngoài những gì tôi biết"])))
    return cases


DISTRACTING = (
    "huyện nào đứng cuối", "chào anh", "sở nào chưa đạt khá", "sở nào tụt hạng",
    "xây dựng chính quyền điện tử", "phát triển", "thông tin", "tăng", "mới", "trên",
    "tình hình tài chính", "đứng", "dựng", "chưa", "cái này mới", "trên đó là gì",
    "tăng trưởng thế nào", "thông tin mới nhất", "phát triển chính quyền điện tử",
    "huyện nào tăng hạng nhiều nhất", "điện biên phát triển", "báo cáo tài chính",
)


def distracting() -> list[Case]:
    return [Case("distracting common words", (t,), dict(not_kinds=["unit", "value", "compare"]))
            for t in DISTRACTING]


def national() -> list[Case]:
    source_2019 = "dienbientv.vn"
    return [
        Case("national", ("Điện Biên xếp thứ mấy cả nước",), dict(
            not_kinds=["unit", "value"], text_has=["56/63", source_2019, "24/63", "6/34"])),
        Case("national", ("DTI tỉnh Điện Biên 2022",), dict(
            not_kinds=["unit", "value"], text_has=["35/63", "dti.gov.vn"])),
        Case("national", ("DTI 2024 của Điện Biên",), dict(
            not_kinds=["unit", "value"], text_has=["24/63", "6/34"])),
        Case("national", ("tỉnh Điện Biên đứng thứ mấy toàn quốc",), dict(
            not_kinds=["unit", "value"], text_has=["56/63"])),
        Case("national", ("Điện Biên xếp thứ mấy",), dict(
            kind="clarify", candidates=["h-dien-bien"], text_has=["tỉnh"])),
        Case("national", ("Điện Biên",), dict(kind="unit", units=["h-dien-bien"])),
        Case("national", ("huyện Điện Biên xếp thứ mấy",), dict(
            kind="value", units=["h-dien-bien"])),
    ]


def all_cases() -> dict[str, list[Case]]:
    found: dict[str, list[Case]] = {}
    for make in (one_figure, superlatives, positions, thresholds, changes, counts,
                 aggregates, comparisons, years, conversations, greetings, out_of_scope,
                 distracting, national, rank_only_years, several_units, sorting):
        for case in make():
            found.setdefault(case.category, []).append(case)
    return found


CASES = all_cases()
CASE_LIST: list[Case] = [c for group in CASES.values() for c in group]

