"""Questions about the index itself answer from the edition's methodology (kind "about")."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from bot.matcher import NameIndex
from bot.query import understand
from bot.service import AnswerService
from scoring.registry import load_registry
from tests.conftest import DATA, REPO

SCHEMA = json.loads((REPO / "bot" / "answer.schema.json").read_text(encoding="utf-8"))
REPORT = Path("/work/shared/seeds/000_ce56d306c077b88a.txt")
# The 2019 edition as raw TOML: expected values are read from the file, not from the code.
RAW = tomllib.loads((DATA / "editions" / "2019.toml").read_text(encoding="utf-8"))
SUBS = {s["key"]: s for s in RAW["subindices"]}
MAXIMA = {"htkt": 25, "ud": 110, "htnl": 30, "csdt": 35}  # the report's column headers


@pytest.fixture
def service(db) -> AnswerService:
    return AnswerService(db)


def ask(service: AnswerService, text: str):
    answer = service.ask(text)
    jsonschema.validate(json.loads(answer.to_json()), SCHEMA)
    return answer


@pytest.mark.parametrize(("text", "sub"), [
    ("HTKT là gì", "htkt"),
    ("chỉ số hạ tầng kỹ thuật gồm những gì", "htkt"),
    ("chỉ số UD gồm những gì", "ud"),
    ("ứng dụng là gì", "ud"),
    ("HTNL nghĩa là gì", "htnl"),
    ("nguồn nhân lực gồm tiêu chí nào", "htnl"),
    ("CS&ĐT là gì", "csdt"),
    ("chỉ số chính sách và đầu tư gồm gì", "csdt"),
])
def test_each_sub_index_is_explained_with_its_maximum_and_indicators(service, text, sub):
    answer = ask(service, text)
    assert (answer.kind, answer.year, answer.results, answer.candidates) == (
        "about", None, [], [])
    assert SUBS[sub]["name"] in answer.text
    assert f"Điểm tối đa: {MAXIMA[sub]} trên tổng 200 điểm" in answer.text
    for indicator in SUBS[sub]["indicators"]:
        assert indicator in answer.text
    for quote in SUBS[sub]["assessment"]:
        assert quote in answer.text


def test_the_level_bands_are_the_reports(service):
    answer = ask(service, "mức khá là bao nhiêu điểm")
    assert answer.kind == "about"
    for band in RAW["levels"]:
        assert band["quote"] in answer.text
    assert "<b>• Ứng dụng CNTT mức độ khá: Tổng điểm từ 150 điểm đến 200 điểm.</b>" in (
        answer.html)


def test_how_scores_are_computed_lists_every_sub_index_and_band(service):
    answer = ask(service, "cách tính điểm")
    assert answer.kind == "about"
    for maximum in MAXIMA.values():
        assert f"({maximum} điểm)" in answer.text
    assert "tối đa 200" in answer.text
    assert all(band["quote"] in answer.text for band in RAW["levels"])


def test_the_2019_edition_agrees_with_the_reports_headers_and_quotes():
    assert {key: sub["maximum"] for key, sub in SUBS.items()} == MAXIMA
    assert RAW["total_maximum"] == 200 == sum(MAXIMA.values())
    bands = {b["key"]: b["from"] for b in RAW["levels"]}
    assert bands == {"kha": 150, "trung_binh": 100, "thap": 0}
    for sub in RAW["subindices"]:
        assert f"(Điểm tối đa {sub['maximum']})" in sub["header"]
    for band in RAW["levels"]:  # the quote says the same numbers as the fields
        numbers = [int(n) for n in re.findall(r"\d+", band["quote"])]
        assert band["from"] in numbers or band["from"] == 0


@pytest.mark.skipif(not REPORT.is_file(), reason="the source report is not on this machine")
def test_every_transcribed_phrase_is_in_the_report():
    report = " ".join(REPORT.read_text(encoding="utf-8").split())
    raw = RAW
    phrases = [raw["total_header"], *(g["quote"] for g in raw["groups"]),
               *(b["quote"] for b in raw["levels"])]
    for sub in raw["subindices"]:
        phrases += [sub["header"], *sub["indicators"], *sub["assessment"]]
        phrases += [sub["section"]] if sub.get("section") else []
        assert f"(Điểm tối đa {sub['maximum']})" in sub["header"]
        assert sub["name"].lower() in report.lower()  # the footnotes' names
    missing = [p for p in phrases if " ".join(p.split()) not in report]
    assert missing == []


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(load_registry(DATA / "units.csv"))


@pytest.mark.parametrize(("text", "topic"), [
    ("HTKT là gì", "htkt"),
    ("htkt la gi", "htkt"),
    ("chỉ số UD gồm những gì", "ud"),
    ("cách tính điểm", "scoring"),
    ("điểm tối đa", "scoring"),
    ("mức khá là bao nhiêu điểm", "levels"),
    ("mức trung bình là bao nhiêu điểm", "levels"),
    ("chỉ số e-gov index là gì", None),
])
def test_about_questions_are_understood(index, text, topic):
    query = understand(text, index)
    assert (query.kind, query.topic) == ("about", topic)


@pytest.mark.parametrize(("text", "kind"), [
    ("Sở Kế hoạch và Đầu tư", "unit"),
    ("Sở Y tế là gì", "unit"),
    ("Sở Y tế bao nhiêu điểm", "unit"),
    ("huyện khá", "list"),
    ("top 3 sở ứng dụng", "list"),
    ("so sánh Sở Tài chính và Sở Kế hoạch và Đầu tư", "compare"),
])
def test_names_and_lists_still_win_over_about_words(index, text, kind):
    assert understand(text, index).kind == kind


def test_maximum_shares_add_up_to_the_whole(service):
    shares = []
    for sub in MAXIMA:
        text = ask(service, f"{sub} là gì").text
        shares.append(float(re.search(r"\(([\d,]+)%\)", text).group(1).replace(",", ".")))
    assert sum(shares) == 100.0


def test_a_ranks_only_year_is_explained_by_its_own_edition(service):
    answer = ask(service, "cách tính điểm năm 2018")
    assert answer.kind == "about"
    assert "Năm 2018 báo cáo chỉ công bố thứ hạng" in answer.text
    assert "Hạ tầng kỹ thuật; Ứng dụng CNTT; Nguồn nhân lực CNTT" in answer.text
    assert "tối đa 200" not in answer.text
