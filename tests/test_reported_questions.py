"""The questions the issue reports as answered wrongly, each answered right now.

Expected figures come from data/results/2019.csv (tests/question_matrix.py reads it with csv).
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.service import AnswerService
from tests.question_matrix import BY_ID, GROUPS


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from storage.store import ensure_database
    from tests.conftest import DATA

    db = ensure_database(tmp_path_factory.mktemp("db") / "i.db", DATA)
    yield AnswerService(db, today=lambda: date(2020, 3, 1))
    db.close()


def ids(answer) -> list[str]:
    return [r.unit_id for r in answer.results]


def test_dung_is_not_dung_of_xay_dung(service):
    answer = service.ask("huyện nào đứng cuối")
    last = max(GROUPS["huyen"], key=lambda r: r.rank)
    assert (answer.kind, ids(answer)) == ("list", [last.unit_id])


def test_chao_anh_is_a_greeting_not_muong_cha(service):
    answer = service.ask("chào anh")
    assert (answer.kind, answer.results) == ("help", [])
    assert answer.text.startswith("Xin chào")


def test_chua_dat_kha_is_a_filter_not_tua_chua(service):
    answer = service.ask("sở nào chưa đạt khá")
    assert set(ids(answer)) == {r.unit_id for r in GROUPS["so"] if r.total < 150}


def test_a_phone_number_is_out_of_scope(service):
    answer = service.ask("số điện thoại Sở Y tế")
    assert (answer.kind, answer.results) == ("help", [])
    assert "ngoài những gì tôi biết" in answer.text


def test_tut_hang_lists_the_units_that_fell(service):
    answer = service.ask("sở nào tụt hạng")
    assert set(ids(answer)) == {r.unit_id for r in GROUPS["so"] if (r.rank_change or 0) < 0}


def test_tang_hang_nhieu_nhat_is_the_biggest_rise(service):
    answer = service.ask("huyện nào tăng hạng nhiều nhất")
    best = max(r.rank_change or 0 for r in GROUPS["huyen"])
    assert set(ids(answer)) == {r.unit_id for r in GROUPS["huyen"] if r.rank_change == best}


def test_a_subindex_superlative_ranks_by_that_subindex(service):
    answer = service.ask("huyện nào có điểm UD cao nhất")
    best = max(r.scores["ud"] for r in GROUPS["huyen"])
    assert ids(answer) == [r.unit_id for r in GROUPS["huyen"] if r.scores["ud"] == best]
    assert ids(answer) == ["h-muong-ang"]


def test_a_number_after_duoi_is_a_threshold_not_top_n(service):
    answer = service.ask("các sở dưới 100 điểm")
    assert ids(answer) == [r.unit_id for r in GROUPS["so"] if r.total < 100] == []


def test_diem_trung_binh_is_the_average(service):
    answer = service.ask("Điểm trung bình khối sở")
    totals = [r.total for r in GROUPS["so"]]
    assert answer.kind == "stats"
    assert answer.stats is not None
    assert answer.stats.mean == pytest.approx(sum(totals) / len(totals), abs=0.01)


def test_nam_18_and_nam_ngoai_are_read(service):
    assert service.ask("Sở Y tế năm 18").year == 2018
    last_year = service.ask("Sở Y tế năm ngoái")  # the clock says 2020
    assert (last_year.kind, last_year.year) == ("unit", 2019)
    assert last_year.text.startswith("Năm ngoái là năm 2019")
    assert last_year.results[0].total == BY_ID["so-y-te"].total
