"""Cost of exports, /thaydoi, improvement and "about" answers, each beside a baseline measured
in the same run: a bare csv.writer / openpyxl workbook of the same cells for exports, and an
ordinary unit card (`AnswerService.ask(name)`) for the answers.

Medians over rounds; the shipped data (29 units) and a synthetic 2,000-unit year.

    python bench/bench_extras.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.timing import median_ms  # noqa: E402
from bot.about import about_html  # noqa: E402
from bot.improve import improvement, improvement_html  # noqa: E402
from bot.insight import year_change, year_change_html  # noqa: E402
from bot.service import AnswerService  # noqa: E402
from scoring.export import export_bytes, export_rows  # noqa: E402
from storage.snapshot import Snapshot, load_snapshot  # noqa: E402
from storage.store import ensure_database  # noqa: E402


def bare_csv(cells: list[tuple]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(cells)
    return buffer.getvalue().encode("utf-8-sig")


def bare_xlsx(cells: list[tuple]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in cells:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def synthetic(root: Path, units: int) -> Path:
    """A data/ folder with `units` units and one scored year (2019), ranks for 2018/2017."""
    rng = random.Random(5)
    data = root / "data"
    (data / "results").mkdir(parents=True)
    shutil.copytree(REPO / "data" / "editions", data / "editions")  # views read the edition
    with (data / "units.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "group", "name", "aliases", "from_year", "until_year",
                         "successor"])
        for i in range(units):
            writer.writerow([f"u{i}", "so" if i % 2 else "huyen", f"Đơn vị số {i}", "", "", "",
                             ""])
    with (data / "results" / "2019.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Đơn vị", "Chỉ số HTKT", "Chỉ số UD", "Chỉ số HTNL", "Chỉ số CS&ĐT",
                         "Xếp hạng 2018", "Xếp hạng 2017"])
        per_group = {g: list(range(1, units // 2 + 1)) for g in ("so", "huyen")}
        for ranks in per_group.values():
            rng.shuffle(ranks)
        for i in range(units):
            group = "so" if i % 2 else "huyen"
            rank = per_group[group][i // 2]
            writer.writerow([f"Đơn vị số {i}",
                             *(f"{rng.uniform(0, m):.1f}" for m in (25, 110, 30, 35)),
                             rank, rank])
    return data


def run(label: str, snapshot: Snapshot, service: AnswerService, rounds: int) -> None:
    year = 2019
    cells = [row.cells for row in export_rows(snapshot, year)]
    units = [r.unit_id for r in snapshot.results.values() if r.year == year]
    card = snapshot.registry.get(units[0]).name  # an ordinary unit card is the baseline
    card_ms = median_ms(lambda: service.ask(card), rounds)
    figures = {
        "export csv": (median_ms(lambda: export_bytes(snapshot, year, "csv"), rounds),
                       median_ms(lambda: bare_csv(cells), rounds), "bare csv.writer"),
        "export xlsx": (median_ms(lambda: export_bytes(snapshot, year, "xlsx"), rounds),
                        median_ms(lambda: bare_xlsx(cells), rounds), "bare openpyxl"),
        "/thaydoi (both groups)": (
            median_ms(lambda: year_change_html(year_change(snapshot, year), snapshot), rounds),
            card_ms, "one unit card"),
        "improvement, every unit": (
            median_ms(lambda: [improvement_html(improvement(snapshot, u, year), snapshot)
                               for u in units], rounds),
            card_ms * len(units), f"{len(units)} unit cards (scaled)"),
        "about (5 topics)": (
            median_ms(lambda: [about_html(t) for t in (None, "scoring", "levels", "ud", "csdt")],
                      rounds),
            card_ms, "one unit card"),
    }
    print(label)
    for name, (ms, base, base_label) in figures.items():
        print(f"  {name:<26} {ms:9.2f} ms   | baseline {base_label:<28} {base:9.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = ensure_database(root / "shipped.db", REPO / "data")
        run("shipped data (29 units)", load_snapshot(db), AnswerService(db), args.rounds)
        db.close()
        data = synthetic(root / "syn", 2000)
        db = ensure_database(root / "syn.db", data)
        run("synthetic (2,000 units, one scored year)", load_snapshot(db), AnswerService(db),
            max(3, args.rounds // 2))
        db.close()
    print("targets: /xuat ≤ 1 s and /thaydoi, improvement, about ≤ 50 ms on the shipped data")


if __name__ == "__main__":
    main()
