"""Questions about the index itself answer from the report's methodology (kind "about")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from bot.about import load_methodology
from bot.matcher import NameIndex
from bot.query import understand
from bot.service import AnswerService
from scoring.models import KHA_FROM, SUBINDEX_MAXIMA, TOTAL_MAX, TRUNG_BINH_FROM, Level, SubIndex
from scoring.registry import load_registry
from tests.conftest import DATA, REPO

SCHEMA = json.loads((REPO / "bot" / "answer.schema.json").read_text(encoding="utf-8"))
REPORT = Path("/work/shared/seeds/000_ce56d306c077b88a.txt")
METHOD = load_methodology(DATA / "methodology.json")


@pytest.fixture
def service(db) -> AnswerService:
    return AnswerService(db)


def ask(service: AnswerService, text: str):
    answer = service.ask(text)
    jsonschema.validate(json.loads(answer.to_json()), SCHEMA)
    return answer


@pytest.mark.parametrize(("text", "sub"), [
    ("HTKT là gì", SubIndex.HTKT),
    ("chỉ số hạ tầng kỹ thuật gồm những gì", SubIndex.HTKT),
    ("chỉ số UD gồm những gì", SubIndex.UD),
    ("ứng dụng là gì", SubIndex.UD),
    ("HTNL nghĩa là gì", SubIndex.HTNL),
    ("nguồn nhân lực gồm tiêu chí nào", SubIndex.HTNL),
    ("CS&ĐT là gì", SubIndex.CSDT),
    ("chỉ số chính sách và đầu tư gồm gì", SubIndex.CSDT),
])
def test_each_sub_index_is_explained_with_its_maximum_and_indicators(service, text, sub):
    answer = ask(service, text)
    assert (answer.kind, answer.year, answer.results, answer.candidates) == (
        "about", None, [], [])
    method = METHOD.subindex(sub)
    assert method.name in answer.text
    assert f"Điểm tối đa: {SUBINDEX_MAXIMA[sub]:g} trên tổng 200 điểm" in answer.text
    for indicator in method.indicators:
        assert indicator in answer.text
    for quote in method.assessment:
        assert quote in answer.text


def test_the_level_bands_are_the_reports(service):
    answer = ask(service, "mức khá là bao nhiêu điểm")
    assert answer.kind == "about"
    for band in METHOD.levels:
        assert band.quote in answer.text
    assert "<b>• Ứng dụng CNTT mức độ khá: Tổng điểm từ 150 điểm đến 200 điểm.</b>" in (
        answer.html)


def test_how_scores_are_computed_lists_every_sub_index_and_band(service):
    answer = ask(service, "cách tính điểm")
    assert answer.kind == "about"
    for sub in SubIndex:
        assert f"({SUBINDEX_MAXIMA[sub]:g} điểm)" in answer.text
    assert "tối đa 200" in answer.text
    assert all(band.quote in answer.text for band in METHOD.levels)


def test_methodology_file_agrees_with_the_scoring_constants():
    assert {m.sub: m.maximum for m in METHOD.subindices} == SUBINDEX_MAXIMA
    assert METHOD.total_maximum == TOTAL_MAX == sum(SUBINDEX_MAXIMA.values())
    bands = {b.level: (b.start, b.below) for b in METHOD.levels}
    assert bands == {Level.KHA: (KHA_FROM, None), Level.TRUNG_BINH: (TRUNG_BINH_FROM, KHA_FROM),
                     Level.THAP: (0.0, TRUNG_BINH_FROM)}
    for band in METHOD.levels:  # the quote says the same numbers as the fields
        numbers = [float(n) for n in re.findall(r"\d+", band.quote)]
        assert [n for n in (band.start, band.below) if n] == [
            n for n in numbers if n != TOTAL_MAX]


@pytest.mark.skipif(not REPORT.is_file(), reason="the source report is not on this machine")
def test_every_transcribed_phrase_is_in_the_report():
    report = " ".join(REPORT.read_text(encoding="utf-8").split())
    raw = json.loads((DATA / "methodology.json").read_text(encoding="utf-8"))
    phrases = [raw["total"]["header"], *(g["quote"] for g in raw["groups"]),
               *(b["quote"] for b in raw["levels"])]
    for sub in raw["subindices"]:
        phrases += [sub["header"], *sub["indicators"], *sub["assessment"]]
        phrases += [sub["section"]] if sub["section"] else []
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
    for sub in SubIndex:
        text = ask(service, f"{sub.value} là gì").text
        shares.append(float(re.search(r"\(([\d,]+)%\)", text).group(1).replace(",", ".")))
    assert sum(shares) == 100.0
