"""Bad editions, units files and results files are refused with file, row/key and column
named, and the database stays byte-for-byte as it was; good ones go in one transaction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.errors import DataFileError
from storage.snapshot import load_snapshot
from storage.store import publish
from tests.conftest import dump
from tests.support.editions import DTI_2022, DTI_2025, RESULTS, UNITS_2025, egov


def _edit(source: Path, target: Path, old: str, new: str, count: int = 1) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, count), encoding="utf-8")
    return target


BAD_EDITIONS = [
    ("missing key", 'name = "Bộ chỉ số đánh giá chuyển đổi số 2022"\n', "", "name"),
    ("maxima do not add up", "total_maximum = 500", "total_maximum = 400", "total_maximum"),
    ("bands not descending", "from = 400", "from = 460", "levels[1].from"),
    ("band above maximum", "from = 450", "from = 550", "levels[0].from"),
    ("duplicate key", 'key = "the_che"', 'key = "nhan_thuc"', "subindices[1].key"),
]


@pytest.mark.parametrize(("case", "old", "new", "key"), BAD_EDITIONS,
                         ids=[c[0] for c in BAD_EDITIONS])
def test_bad_edition_is_refused_with_its_file_and_key(db_path, tmp_path, case, old, new, key):
    edition = _edit(DTI_2022, tmp_path / "bad.toml", old, new)
    before = dump(db_path)
    done = egov("publish", RESULTS[2022], "--year", "2022", "--edition", edition)
    assert done.returncode == 1, case
    assert re.search(rf"bad\.toml.*cột «{re.escape(key)}»", done.stderr), done.stderr
    assert dump(db_path) == before


def test_written_maximum_must_match_the_edition(db_path, tmp_path):
    results = _edit(RESULTS[2022], tmp_path / "r.csv", "(Điểm tối đa 250)", "(Điểm tối đa 200)")
    before = dump(db_path)
    done = egov("publish", results, "--year", "2022", "--edition", DTI_2022)
    assert done.returncode == 1
    assert "r.csv, dòng 1, cột «Hoạt động chuyển đổi số (Điểm tối đa 200)»" in done.stderr
    assert "250" in done.stderr
    assert dump(db_path) == before


@pytest.mark.parametrize("header", [
    "Chỉ số nhận thức số", "nhan thuc so", "NHẬN THỨC SỐ (Điểm tối đa 50)", "nts",
    "Chỉ số NTS", "Chi so nhan thuc so (diem toi da 50)"])
def test_subindex_headers_are_read_tolerantly(db, tmp_path, header):
    results = _edit(RESULTS[2022], tmp_path / "r.csv", "Chỉ số nhận thức số (Điểm tối đa 50)",
                    header)
    outcome = publish(db, results, 2022, edition_path=DTI_2022, dry_run=True)
    assert len(outcome.results) == 29
    assert outcome.edition.year == 2022
    assert outcome.edition_is_new


def test_results_row_naming_an_unregistered_unit_is_an_error(db_path):
    before = dump(db_path)
    done = egov("publish", RESULTS[2025], "--year", "2025", "--edition", DTI_2025)
    assert done.returncode == 1
    assert "results-2025.csv, dòng 2," not in done.stderr  # Sở Y tế is registered
    assert re.search(r"results-2025\.csv, dòng \d+, cột «Đơn vị»: không có đơn vị «Xã Mường "
                     r"Nhé»", done.stderr)
    assert dump(db_path) == before


def test_units_still_existing_outside_the_new_edition_are_refused(db_path):
    """Without the units file, the 10 huyện would still exist in 2025, where the 2025
    edition has no "huyen" group."""
    before = dump(db_path)
    done = egov("publish", RESULTS[2025], "--year", "2025", "--edition", DTI_2025)
    assert "dti-2025.toml, cột «groups»: đơn vị «UBND huyện Mường Nhé»" in done.stderr
    assert dump(db_path) == before


def _units_with(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(UNITS_2025.read_text(encoding="utf-8") + "".join(lines), encoding="utf-8")
    return path


def test_unit_whose_group_is_not_in_the_edition_is_refused(db_path, tmp_path):
    units = _units_with(tmp_path, "h-moi,huyen,UBND huyện Mới,,2025,,\n")
    before = dump(db_path)
    done = egov("publish", RESULTS[2025], "--year", "2025", "--edition", DTI_2025,
                "--units", units)
    assert done.returncode == 1
    assert "units.csv, dòng 66, cột «group»: khối «huyen»" in done.stderr
    assert dump(db_path) == before


@pytest.mark.parametrize("name", ["Sở Y tê", "SỞ  Y TẾ", "Sở Y-tế"])
def test_likely_duplicate_new_unit_is_refused(db_path, tmp_path, name):
    units = _units_with(tmp_path, f"so-y-te-2,so,{name},,2025,,\n")
    before = dump(db_path)
    done = egov("publish", RESULTS[2025], "--year", "2025", "--edition", DTI_2025,
                "--units", units)
    assert done.returncode == 1
    assert "units.csv, dòng 66, cột «name»" in done.stderr
    assert "Sở Y tế" in done.stderr
    assert dump(db_path) == before


def test_name_reused_after_the_old_unit_ended_is_allowed(db, tmp_path):
    """huyện Mường Nhé (until 2024) and xã Mường Nhé (from 2025) share "Mường Nhé"; so do
    huyện Tuần Giáo and xã Tuần Giáo. Mường Nhà and Mường Nhé differ by a letter."""
    outcome = publish(db, RESULTS[2025], 2025, edition_path=DTI_2025, units_path=UNITS_2025,
                      dry_run=True)
    new = {u.id for u in outcome.new_units}
    assert {"x-muong-nhe", "x-muong-nha", "x-tuan-giao", "x-muong-lan", "x-muong-luan"} <= new
    assert {u.id for u in outcome.retired_units} >= {"h-muong-nhe", "so-tnmt"}


def test_a_known_id_updates_the_unit(db, tmp_path):
    publish(db, RESULTS[2025], 2025, edition_path=DTI_2025, units_path=UNITS_2025)
    tttt = load_snapshot(db).registry.get("so-tttt")
    assert (tttt.until_year, tttt.successor, tttt.name) == (
        2024, "so-khcn", "Sở Thông tin và Truyền thông")


def test_every_fault_of_the_three_files_is_reported_at_once(db, tmp_path):
    units = _units_with(tmp_path, "so-y-te-2,so,Sở Y tê,,2025,,\n")
    results = _edit(RESULTS[2025], tmp_path / "r.csv", "Xã Mường Nhé,", "Xã Mường Nhée,")
    with pytest.raises(DataFileError) as caught:
        publish(db, results, 2025, edition_path=DTI_2025, units_path=units)
    files = {Path(p.path).name for p in caught.value.problems}
    assert files == {"units.csv", "r.csv"}


def test_kill_after_the_units_leaves_the_database_as_before(db, db_path):
    before = dump(db_path)

    class Stop(Exception):
        pass

    def stop(step: str) -> None:
        if step == "results":
            raise Stop

    with pytest.raises(Stop):
        publish(db, RESULTS[2025], 2025, edition_path=DTI_2025, units_path=UNITS_2025,
                on_step=stop)
    assert dump(db_path) == before


def test_edition_that_would_change_a_published_year_is_refused(db_path, tmp_path):
    edition = _edit(DTI_2022, tmp_path / "early.toml", "year = 2022", "year = 2019")
    before = dump(db_path)
    done = egov("publish", RESULTS[2022], "--year", "2022", "--edition", edition)
    assert done.returncode == 1
    assert "early.toml, cột «year»" in done.stderr
    assert "2019" in done.stderr
    assert dump(db_path) == before


def test_edition_starting_after_the_year_is_refused(db_path, tmp_path):
    edition = _edit(DTI_2022, tmp_path / "late.toml", "year = 2022", "year = 2023")
    done = egov("publish", RESULTS[2022], "--year", "2022", "--edition", edition)
    assert done.returncode == 1
    assert "late.toml, cột «year»: ấn bản bắt đầu từ năm 2023" in done.stderr


@pytest.mark.parametrize(("header", "maximum"), [
    ("Chỉ số HTK T ¹ (Điểm tối đa 25)", 25), ("NTS (tối đa 0,2)", 0.2),
    ("Tổng điểm (Điểm tối đa 1.000)", 1000), ("Tổng (điểm tối đa: 500 điểm)", 500),
    ("CQS (max 300)", 300), ("Chỉ số CQS", None)])
def test_maximum_written_in_a_header_is_read(header, maximum):
    from scoring.table import _header_text

    assert _header_text(header)[1] == maximum
