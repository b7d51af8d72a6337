"""A year whose edition publishes ranks only (as 2017 and 2018 did) is published from a file
of ranks, and answered with ranks and no scores."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.support.editions import egov

EDITION = '''
year = 2026
name = "Xếp hạng năm 2026 (chỉ công bố thứ hạng)"
ranks_only = true

[[groups]]
key = "so"
name = "Khối các sở, ban, ngành tỉnh"
words = ["sở"]

[[groups]]
key = "huyen"
name = "Khối UBND các huyện, thị xã, thành phố"
words = ["huyện"]
'''


def registered_units(data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / "units.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_ranks_only_edition_publishes_a_file_of_ranks(db_path, data_dir, tmp_path):
    units = registered_units(data_dir)
    ranks: dict[str, int] = {}
    by_group: dict[str, list[dict[str, str]]] = {}
    for unit in units:
        by_group.setdefault(unit["group"], []).append(unit)
    for members in by_group.values():  # reversed file order: ranks that differ from 2019's
        for rank, unit in enumerate(reversed(members), start=1):
            ranks[unit["id"]] = rank
    edition = tmp_path / "xep-hang-2026.toml"
    edition.write_text(EDITION, encoding="utf-8")
    results = tmp_path / "ket_qua_2026.csv"
    with results.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Đơn vị", "Xếp hạng"])
        writer.writerows([u["name"], ranks[u["id"]]] for u in units)

    published = egov("publish", results, "--year", "2026", "--edition", edition)
    assert published.returncode == 0, published.stderr

    answer = json.loads(egov("ask", "--json", "Sở Y tế 2026").stdout)
    [result] = answer["results"]
    assert (answer["kind"], result["year"], result["rank"]) == ("unit", 2026, ranks["so-y-te"])
    assert (result["total"], result["scores"], result["maxima"], result["level"]) == (
        None, None, None, None)
    assert result["group_size"] == len(by_group["so"])
    assert result["rank_change"] == 1 - ranks["so-y-te"]  # 1st in 2019, the year it compares


def test_a_file_with_scores_is_refused_for_a_ranks_only_year(db_path, tmp_path, write_sheet):
    edition = tmp_path / "xep-hang-2026.toml"
    edition.write_text(EDITION, encoding="utf-8")
    refused = egov("publish", write_sheet(), "--year", "2026", "--edition", edition)
    assert refused.returncode == 1
    assert "chỉ công bố xếp hạng" in refused.stderr
