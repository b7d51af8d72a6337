"""The province's own standing: data/national_ranks.csv, each figure with its source."""

from __future__ import annotations

import csv

from bot.national import NationalRank, load_national_ranks
from tests.conftest import DATA


def test_the_shipped_ranks_are_the_researched_ones_with_sources():
    with (DATA / "national_ranks.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["index"], r["year"], r["rank"], r["of"]) for r in rows} == {
        ("ICT", "2019", "56", "63"), ("DTI", "2022", "35", "63"), ("DTI", "2024", "24", "63"),
        ("DTI", "2024", "6", "34")}
    assert all(r["source"].startswith("https://") for r in rows)


def test_loading_keeps_every_row_oldest_first(tmp_path):
    ranks = load_national_ranks(DATA)
    assert [r.year for r in ranks] == [2019, 2022, 2024, 2024]
    assert ranks[0] == NationalRank(
        "ICT", 2019, 56, 63, "63 tỉnh thành",
        "https://dienbientv.vn/tin-tuc-su-kien/xa-hoi/202009/"
        "dien-bien-xep-5663-tinh-thanh-ve-muc-do-ung-dung-cong-nghe-thong-tin-5698388/")
    assert load_national_ranks(tmp_path) == ()


def test_a_year_without_a_national_rank_says_so_and_lists_what_exists(db):
    from bot.service import AnswerService

    answer = AnswerService(db).ask("DTI tỉnh Điện Biên 2023")
    assert answer.kind == "help"
    assert "2023" in answer.text
    assert "35/63" in answer.text
