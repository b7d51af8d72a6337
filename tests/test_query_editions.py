"""Sub-index, group and level words come from the editions, not from code."""

from __future__ import annotations

import pytest

from bot.matcher import NameIndex
from bot.query_grammar import Grammar
from bot.query_measures import Vocabulary
from scoring.edition import parse_edition
from scoring.registry import load_registry
from tests.query_cases import UNITS_CSV

EDITION_2026 = {
    "year": 2026, "name": "Bộ chỉ số chuyển đổi số 2026", "total_maximum": 1000,
    "groups": [
        {"key": "so", "name": "Khối sở", "short_name": "khối sở", "words": ["sở", "cơ quan"]},
        {"key": "xa", "name": "Khối xã, phường", "short_name": "khối xã",
         "words": ["xã", "phường", "cấp xã"]},
    ],
    "subindices": [
        {"key": "cds", "label": "CĐS", "name": "Chỉ số chuyển đổi nhận thức số",
         "maximum": 400},
        {"key": "kts", "label": "KTS", "name": "Chỉ số kinh tế số", "maximum": 600},
    ],
    "levels": [{"key": "tot", "name": "tốt", "from": 800},
               {"key": "dat", "name": "đạt", "from": 0}],
}


@pytest.fixture(scope="module")
def grammar() -> Grammar:
    index = NameIndex(load_registry(UNITS_CSV))
    return Grammar(index, Vocabulary.from_editions([parse_edition(EDITION_2026)]))


@pytest.mark.parametrize(("text", "measure"), [
    ("điểm CĐS của Sở Y tế", "cds"),
    ("Sở Y tế được bao nhiêu điểm kinh tế số", "kts"),
    ("Sở Y tế xếp hạng KTS thứ mấy", "rank:kts"),
])
def test_a_new_editions_subindices_are_measures(grammar, text, measure):
    question = grammar.parse(text, 2026)
    assert (question.op, question.measure, question.unit_ids) == ("value", measure,
                                                                  ("so-y-te",))


def test_a_new_editions_group_and_level_words_are_read(grammar):
    question = grammar.parse("bao nhiêu xã đạt mức tốt", 2026)
    assert (question.op, question.group, question.level) == ("count", "xa", "tot")


def test_a_maximum_names_the_subindex_that_has_it(grammar):
    question = grammar.parse("sở nào đạt 400/400 CĐS", 2026)
    assert (question.op, question.measure, question.at_max) == ("filter", "cds", True)
    assert grammar.parse("sở nào đạt 600/600", 2026).measure == "kts"


def test_the_old_subindex_words_mean_nothing_to_a_new_edition(grammar):
    assert grammar.parse("huyện nào có điểm HTKT cao nhất", 2026).measure != "htkt"
