"""What to improve: exact figures for every unit, reachable by text and by the card's button."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from bot.improve import improvement
from bot.matcher import NameIndex
from bot.query import understand
from bot.service import AnswerService
from bot.telegram.callbacks import Callback, decode, encode
from bot.telegram.keyboards import unit_keyboard
from scoring.registry import load_registry
from storage.snapshot import load_snapshot
from storage.store import publish
from tests.conftest import DATA, HEADER, rows_2020
from tests.keys2019 import Level

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "bot" / "answer.schema.json")
                    .read_text(encoding="utf-8"))
MAXIMA = {"htkt": Decimal(25), "ud": Decimal(110), "htnl": Decimal(30), "csdt": Decimal(35)}
COLUMNS = ("htkt", "ud", "htnl", "csdt")


def report_rows() -> list[dict]:
    """The 2019 table straight from the data file, in Decimal: the independent computation."""
    registry = load_registry(DATA / "units.csv")
    names = {u.name: u for u in registry}
    rows = []
    with (DATA / "results" / "2019.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for cells in reader:
            unit = names[cells[0]]
            rows.append({
                "id": unit.id, "group": unit.group,
                "scores": dict(zip(COLUMNS, (Decimal(c) for c in cells[1:5]), strict=True)),
                "total": Decimal(cells[5]), "rank": int(cells[6]),
            })
    return rows


def expected_for(row: dict, rows: list[dict]) -> dict:
    group = [r for r in rows if r["group"] == row["group"]]
    total = row["total"]
    if total < 100:
        target = (Level.TRUNG_BINH, Decimal(100) - total)
    elif total < 150:
        target = (Level.KHA, Decimal(150) - total)
    else:
        target = (None, None)
    to_max = {s: MAXIMA[s] - row["scores"][s] for s in COLUMNS}
    best = {s: max(r["scores"][s] for r in group) for s in COLUMNS}
    to_best = {s: best[s] - row["scores"][s] for s in COLUMNS}
    furthest_max = max(COLUMNS, key=lambda s: to_max[s])  # first in report order on ties
    furthest_best = max(COLUMNS, key=lambda s: to_best[s])
    above = sorted((r for r in group if r["total"] > total), key=lambda r: r["total"])[:2]
    return {
        "next": target[0],
        "points": None if target[1] is None else float(target[1]),
        "to_max": {s: float(v) for s, v in to_max.items()},
        "best": {s: float(v) for s, v in best.items()},
        "furthest_max": furthest_max if to_max[furthest_max] > 0 else None,
        "furthest_best": furthest_best if to_best[furthest_best] > 0 else None,
        "above": [(r["id"], float(r["total"] - total)) for r in above],
    }


ROWS = report_rows()


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    from storage.store import ensure_database

    folder = tmp_path_factory.mktemp("improve")
    db = ensure_database(folder / "egov.db", DATA)
    yield load_snapshot(db)
    db.close()


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_improvement_figures_are_exact_for_every_unit_of_2019(snapshot, row):
    found = improvement(snapshot, row["id"], 2019)
    want = expected_for(row, ROWS)
    assert found is not None
    assert (found.next_level, found.points_to_next) == (want["next"], want["points"])
    assert {g.sub.key: g.to_max for g in found.gaps} == want["to_max"]
    assert {g.sub.key: g.group_best for g in found.gaps} == want["best"]
    assert (found.furthest_from_max.sub.key if found.furthest_from_max else None) == (
        want["furthest_max"])
    assert (found.furthest_from_best.sub.key if found.furthest_from_best else None) == (
        want["furthest_best"])
    assert [(n.unit_id, n.ahead_by) for n in found.above] == want["above"]


def test_improvement_sentence_says_points_and_the_largest_gap(db):
    answer = AnswerService(db).ask("Sở Xây dựng cần cải thiện gì")
    jsonschema.validate(json.loads(answer.to_json()), SCHEMA)
    assert answer.kind == "unit"
    assert [r.unit_id for r in answer.results] == ["so-xay-dung"]
    assert answer.results[0].total == 142.8
    assert ("🎯 Cần thêm 7,2 điểm để đạt mức khá; khoảng cách lớn nhất: chỉ số UD 63/110."
            in answer.text)
    assert "Thanh tra tỉnh: 151,9 điểm (hơn 9,1 điểm)" in answer.text


def test_a_khá_unit_is_told_it_is_at_the_top_level(db):
    answer = AnswerService(db).ask("Sở Y tế cần cải thiện gì")
    assert "Đã đạt mức khá" in answer.text
    assert "UD 108,5/110" in answer.text
    assert "đứng đầu khối" in answer.text


def test_rank_only_year_says_scores_are_not_published(db):
    answer = AnswerService(db).ask("Sở Nội vụ 2018 cần cải thiện gì")
    jsonschema.validate(json.loads(answer.to_json()), SCHEMA)
    assert (answer.kind, answer.year, answer.results[0].rank) == ("unit", 2018, 12)
    assert "chỉ công bố thứ hạng" in answer.text


def test_improvement_uses_the_year_asked(db, write_sheet):
    rows = [r if r[0] != "Sở Xây dựng" else [r[0], "25.0", "80.0", "30.0", "25.0"]
            for r in rows_2020()]
    publish(db, write_sheet(rows, HEADER), 2020)
    service = AnswerService(db)
    assert "Đã đạt mức khá" in service.ask("Sở Xây dựng làm sao lên khá").text
    assert "cần thêm 7,2 điểm" in service.ask("Sở Xây dựng 2019 làm sao lên khá").text.lower()


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(load_registry(DATA / "units.csv"))


@pytest.mark.parametrize(("text", "unit_id", "year"), [
    ("Sở Xây dựng cần cải thiện gì", "so-xay-dung", None),
    ("sở xây dựng làm sao lên khá", "so-xay-dung", None),
    ("so xay dung can cai thien gi", "so-xay-dung", None),
    ("Mường Nhé cần thêm bao nhiêu điểm để lên khá", "h-muong-nhe", None),
    ("Ban Dân tộc 2019 còn thiếu bao nhiêu điểm", "ban-dan-toc", 2019),
    ("Sở KH&CN làm thế nào để lên mức khá", "so-khcn", None),
    ("Thanh tra tỉnh cần cải thiện chỉ số nào", "thanh-tra-tinh", None),
])
def test_improvement_questions_are_understood(index, text, unit_id, year):
    query = understand(text, index)
    assert (query.kind, query.unit_ids, query.year, query.improve) == (
        "unit", (unit_id,), year, True)


@pytest.mark.parametrize("text", ["Sở Xây dựng", "Sở Xây dựng đứng thứ mấy?",
                                  "Sở Y tế tăng bao nhiêu bậc", "kết quả Sở Nội vụ năm 2018"])
def test_plain_unit_questions_are_not_improvement_questions(index, text):
    assert understand(text, index).improve is False


def test_card_has_an_improve_button_only_when_scores_exist(snapshot):
    def callbacks(year: int) -> list:
        markup = unit_keyboard("so-xay-dung", year, snapshot)
        return [decode(b.callback_data) for row in markup.inline_keyboard for b in row]

    assert Callback("improve", ("so-xay-dung",), 2019) in callbacks(2019)
    assert all(c is None or c.action != "improve" for c in callbacks(2018))


def test_improve_callback_round_trips_within_64_bytes():
    callback = Callback("improve", ("h-dien-bien-dong",), 2019)
    data = encode(callback)
    assert len(data.encode()) <= 64
    assert decode(data) == callback

