"""Properties of understand() and NameIndex.match over generated input (hypothesis)."""

from __future__ import annotations

import random
import unicodedata
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.matcher import MAX_CANDIDATES, NameIndex
from bot.query import MAX_INPUT_CHARS, Query, QueryKind, understand
from scoring.models import Unit
from scoring.registry import load_registry
from scoring.vietnamese import fold_vietnamese
from tests.query_cases import UNITS, UNITS_CSV

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữự"
    "ýỳỷỹỵĐĂÂÊÔƠƯ &-,.;/+?!0123456789\u0301\u0300\u0309\u0303\u0323" + ZERO_WIDTH
)
WORDS = sorted(
    {w for u in UNITS for s in (u.name, *u.aliases) for w in fold_vietnamese(s).split()}
    | {"và", "với", "vs", ",", "so sánh", "top", "3", "2019", "thấp nhất", "mức", "khá",
       "các", "huyện", "sở", "năm", "cho", "hỏi", "nhé", "ạ", "xếp hạng", "danh sách"}
)


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(load_registry(UNITS_CSV))


def assert_valid(query: Query, index: NameIndex) -> None:
    """What every handler may rely on, whatever was typed."""
    assert isinstance(query, Query)
    assert query.kind in get_args(QueryKind)
    assert len(query.text) <= MAX_INPUT_CHARS
    assert query.year is None or 1900 <= query.year <= 2099
    assert query.order in ("best", "worst")
    assert all(unit_id in index for unit_id in (*query.unit_ids, *query.candidates))
    # keys of the edition (plain strings since issue 11; the old enums compare equal)
    assert query.group is None or query.group in ("so", "huyen")
    assert query.level is None or query.level in ("kha", "trung_binh", "thap")
    assert query.limit is None or query.limit > 0
    if query.kind == "unit":
        assert len(query.unit_ids) == 1
    elif query.kind == "compare":
        assert len(query.unit_ids) >= 2
        assert len(set(query.unit_ids)) == len(query.unit_ids)
    else:
        assert not query.unit_ids
    if query.kind == "clarify":
        assert 1 <= len(query.candidates) <= MAX_CANDIDATES
    else:
        assert not query.candidates


@SETTINGS
@given(st.text(max_size=300))
def test_any_unicode_text_gives_a_valid_query(index: NameIndex, text: str) -> None:
    assert_valid(understand(text, index), index)


@SETTINGS
@given(st.text(alphabet=VIETNAMESE, max_size=300))
def test_any_vietnamese_looking_text_gives_a_valid_query(index: NameIndex, text: str) -> None:
    assert_valid(understand(text, index), index)


@settings(SETTINGS, max_examples=30)
@given(st.text(min_size=2_000, max_size=8_000))
def test_very_long_text_gives_a_valid_query(index: NameIndex, text: str) -> None:
    assert_valid(understand(text, index), index)


@SETTINGS
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
def test_any_mix_of_name_and_intent_words_gives_a_valid_query(
    index: NameIndex, text: str
) -> None:
    assert_valid(understand(text, index), index)


@SETTINGS
@given(st.text(max_size=100))
def test_match_never_raises_and_is_well_formed(index: NameIndex, text: str) -> None:
    result = index.match(text)
    assert result.status in ("unit", "ambiguous", "none")
    assert 0.0 <= result.score <= 100.0
    assert len(result.unit_ids) == {"unit": 1, "none": 0}.get(
        result.status, len(result.unit_ids)
    )
    assert len(result.unit_ids) <= MAX_CANDIDATES


def disguise(
    name: str, strip: bool, case: str, decompose: bool, rng: random.Random, spaces: int
) -> str:
    """The official name as someone might send it: the words survive, the encoding not."""
    text = fold_vietnamese(name) if strip else name
    if case == "upper":
        text = text.upper()
    elif case == "lower":
        text = text.lower()
    elif case == "random":
        text = "".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in text)
    if decompose:
        text = unicodedata.normalize("NFD", text)
    text = (" " * spaces).join(text.split())
    chars = list(text)
    for _ in range(rng.randint(0, 4)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(ZERO_WIDTH))
    return " " * spaces + "".join(chars) + " " * spaces


@SETTINGS
@given(
    st.sampled_from(UNITS),
    st.booleans(),
    st.sampled_from(["keep", "upper", "lower", "random"]),
    st.booleans(),
    st.randoms(use_true_random=False),
    st.integers(min_value=1, max_value=4),
)
def test_official_name_survives_any_disguise(
    index: NameIndex,
    unit: Unit,
    strip: bool,
    case: str,
    decompose: bool,
    rng: random.Random,
    spaces: int,
) -> None:
    text = disguise(unit.name, strip, case, decompose, rng, spaces)
    assert index.match(text).unit_ids == (unit.id,)
    query = understand(text, index)
    assert (query.kind, query.unit_ids) == ("unit", (unit.id,))
