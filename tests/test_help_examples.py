"""Help and greetings offer examples made from the latest published year, so after the 2025
restructuring they name its groups and units, not 2019's districts."""

from __future__ import annotations

import json

from tests.support.editions import DTI_2025, RESULTS, UNITS_2025, egov


def ask_text(question: str) -> str:
    return str(json.loads(egov("ask", "--json", question).stdout)["text"])


def test_the_2019_help_names_2019s_groups_bands_and_units(db_path):
    text = ask_text("chào")
    assert "Sở Y tế 2019" in text  # the first unit of the first group in 2019
    assert "huyện" in text
    assert "khá" in text


def test_after_2025_is_published_the_examples_come_from_2025(db_path):
    published = egov("publish", RESULTS[2025], "--year", "2025", "--edition", DTI_2025,
                     "--units", UNITS_2025)
    assert published.returncode == 0, published.stderr
    first_unit = json.loads(egov("ask", "--json", "top 1 sở 2025").stdout)["results"][0]["unit"]
    for question in ("chào", "giúp tôi với", "hướng dẫn"):
        text = ask_text(question)
        assert f"{first_unit} 2025" in text, question
        assert "huyện" not in text, question  # no district exists in 2025


def test_asking_for_help_is_not_told_it_was_not_understood(db_path):
    for question in ("hướng dẫn", "help", "trợ giúp"):
        answer = json.loads(egov("ask", "--json", question).stdout)
        assert answer["kind"] == "help", question
        assert "chưa hiểu" not in answer["text"], question
    gibberish = json.loads(egov("ask", "--json", "xyzq abcq").stdout)
    assert gibberish["kind"] == "help"
    assert "chưa hiểu" in gibberish["text"]
