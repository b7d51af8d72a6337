"""Years published under new editions through `egov publish`: a DTI-like year (6 indices,
500 points, 4 bands, 2 decimals) and a 0–1-valued year (5 decimals, weights 1/6). Totals,
ranks and bands are recomputed here with Decimal, from the fixture files themselves."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pytest

from bot.answer import to_result
from bot.render import restructuring_lines
from storage.snapshot import load_snapshot
from storage.store import ensure_database
from tests.conftest import REPO, dump
from tests.support.editions import (
    DTI_2022,
    RESULTS,
    UNIT_2023,
    competition_ranks,
    egov,
    rows_of,
    weighted_total,
)

SCHEMA = json.loads((REPO / "bot" / "answer.schema.json").read_text(encoding="utf-8"))
RESULT_SCHEMA = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/result"}
DTI_KEYS = ["nhan_thuc", "the_che", "ha_tang", "nhan_luc", "attt", "hoat_dong"]


def _snapshot(db_path):
    db = ensure_database(db_path)
    try:
        return load_snapshot(db)
    finally:
        db.close()


def _expected(year: int, weights: list[Decimal], decimals: int, snapshot):
    """Unit id → (scores, total) from the file; ranks per group, all with Decimal."""
    rows = rows_of(RESULTS[year])
    header = rows[0]
    first = header.index("Đơn vị") + 1
    totals, scores = {}, {}
    for row in rows[1:]:
        unit = next(u for u in snapshot.registry if u.name == row[first - 1])
        values = row[first:first + len(weights)]
        scores[unit.id] = [Decimal(v) for v in values]
        totals[unit.id] = weighted_total(values, weights, decimals)
    ranks = {}
    for group in ("so", "huyen"):
        members = {u: t for u, t in totals.items() if snapshot.registry.get(u).group == group}
        ranks.update(competition_ranks(members))
    return scores, totals, ranks


def test_dti_year_needs_its_edition_and_the_error_says_so(db_path):
    before = dump(db_path)
    done = egov("publish", RESULTS[2022], "--year", "2022")
    assert done.returncode == 1
    assert "--edition" in done.stderr
    assert "Chỉ số HTKT" in done.stderr  # the columns the edition in force expects
    assert dump(db_path) == before


def test_dti_year_totals_ranks_and_bands_follow_its_edition(db_path):
    done = egov("publish", RESULTS[2022], "--year", "2022", "--edition", DTI_2022)
    assert done.returncode == 0, done.stderr
    assert "Đã công bố năm 2022: 29 đơn vị" in done.stdout
    assert "Ấn bản mới (từ năm 2022)" in done.stdout
    snapshot = _snapshot(db_path)
    scores, totals, ranks = _expected(2022, [Decimal(1)] * 6, 2, snapshot)
    bands = [(Decimal(450), "xuat_sac", "xuất sắc"), (Decimal(400), "tot", "tốt"),
             (Decimal(300), "kha", "khá"), (Decimal(0), "trung_binh", "trung bình")]
    for unit_id, total in totals.items():
        stored = snapshot.result(unit_id, 2022)
        assert Decimal(str(stored.total)) == total, unit_id
        assert stored.rank == ranks[unit_id]
        key, name = next((k, n) for start, k, n in bands if total >= start)
        result = to_result(stored, snapshot)
        jsonschema.validate(json.loads(result.model_dump_json()), RESULT_SCHEMA)
        assert (result.level, result.level_name) == (key, name)
        assert list(result.scores) == DTI_KEYS
        assert [Decimal(str(v)) for v in result.scores.values()] == scores[unit_id]
        assert result.maxima == {"total": 500, "nhan_thuc": 50, "the_che": 50, "ha_tang": 50,
                                 "nhan_luc": 50, "attt": 50, "hoat_dong": 250}
        assert result.group_size == (19 if result.group == "so" else 10)
        # Rank change: against 2019, the last earlier year it was ranked in.
        assert result.rank_change == snapshot.result(unit_id, 2019).rank - ranks[unit_id]


def test_subindex_ranks_share_ties_at_two_decimals(db_path):
    assert egov("publish", RESULTS[2022], "--year", "2022", "--edition",
                DTI_2022).returncode == 0
    snapshot = _snapshot(db_path)
    scores, _, _ = _expected(2022, [Decimal(1)] * 6, 2, snapshot)
    so = [u for u in scores if snapshot.registry.get(u).group == "so"]
    for position, key in enumerate(DTI_KEYS):
        expected = competition_ranks({u: scores[u][position] for u in so})
        assert {u: snapshot.result(u, 2022).subindex_ranks[key] for u in so} == expected


def test_zero_to_one_year_with_five_decimals_and_weights_of_a_sixth(db_path):
    done = egov("publish", RESULTS[2023], "--year", "2023", "--edition", UNIT_2023)
    assert done.returncode == 0, done.stderr
    snapshot = _snapshot(db_path)
    weights = [Decimal("0.1666666667")] * 6
    _, totals, ranks = _expected(2023, weights, 5, snapshot)
    for unit_id, total in totals.items():
        stored = snapshot.result(unit_id, 2023)
        assert Decimal(str(stored.total)) == total
        assert stored.rank == ranks[unit_id]
        assert stored.level is None  # this edition has no bands
        result = to_result(stored, snapshot)
        assert result.level_name is None
        assert result.maxima == {"total": 1, **dict.fromkeys(DTI_KEYS, 1)}
        assert 0 <= result.total <= 1
        jsonschema.validate(json.loads(result.model_dump_json()), RESULT_SCHEMA)


def test_rank_change_names_the_year_compared_when_not_the_previous_one(db_path):
    assert egov("publish", RESULTS[2023], "--year", "2023", "--edition",
                UNIT_2023).returncode == 0
    snapshot = _snapshot(db_path)
    mover = next(r for r in snapshot.table(2023, "so") if r.rank_change)
    assert mover.rank_change_from == 2019
    lines = restructuring_lines(to_result(mover, snapshot), snapshot)
    arrow = "↑" if mover.rank_change > 0 else "↓"
    assert f"{arrow}{abs(mover.rank_change)} so với 2019" in lines


def test_2019_answers_keep_their_keys_after_a_new_edition(db_path):
    assert egov("publish", RESULTS[2022], "--year", "2022", "--edition",
                DTI_2022).returncode == 0
    snapshot = _snapshot(db_path)
    result = to_result(snapshot.result("so-tttt", 2019), snapshot)
    assert (result.group, result.level, list(result.scores)) == (
        "so", "kha", ["htkt", "ud", "htnl", "csdt"])
    assert result.maxima == {"total": 200, "htkt": 25, "ud": 110, "htnl": 30, "csdt": 35}


@pytest.mark.parametrize("year", [2022, 2023])
def test_dry_run_writes_nothing(db_path, year):
    before = dump(db_path)
    edition = DTI_2022 if year == 2022 else UNIT_2023
    done = egov("publish", RESULTS[year], "--year", str(year), "--edition", edition,
                "--dry-run")
    assert done.returncode == 0, done.stderr
    assert dump(db_path) == before
