"""Build and publish cost: the shipped data, a synthetic 2,000-unit × 10-year registry, and
the same with 10 sub-indices and an edition change every 3 years.

Prints medians over rounds, each beside a floor measured in the same run: a bare sqlite3
executemany of the same number of result rows into a fresh file.

    python bench/bench_build.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.timing import median_ms  # noqa: E402
from scoring.limits import SheetLimits, reading_limits  # noqa: E402
from storage.store import ensure_database, publish  # noqa: E402

HEADER = ["Đơn vị", "Chỉ số HTKT", "Chỉ số UD", "Chỉ số HTNL", "Chỉ số CS&ĐT"]



def floor_insert(path: Path, rows: int) -> None:
    """The floor: one executemany of `rows` 20-column rows into a new SQLite file."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"CREATE TABLE r ({', '.join(f'c{i}' for i in range(20))})")
    with conn:
        conn.executemany(f"INSERT INTO r VALUES ({', '.join('?' * 20)})",
                         [tuple(range(20))] * rows)
    conn.close()


def scores(rng: random.Random) -> list[str]:
    return [f"{rng.uniform(0, m):.1f}" for m in (25, 110, 30, 35)]


def write_units(path: Path, count: int, groups: tuple[str, str]) -> list[str]:
    """`count` synthetic units, alternating between the two group keys; their names."""
    names = [f"Đơn vị thử nghiệm số {i}" for i in range(count)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "group", "name", "aliases", "from_year", "until_year",
                         "successor"])
        for i, name in enumerate(names):
            writer.writerow([f"u{i}", groups[0] if i % 2 else groups[1], name, "", "", "", ""])
    return names


def synthetic_data(root: Path, units: int, years: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    data = root / "data"
    (data / "results").mkdir(parents=True)
    (data / "editions").mkdir()
    shipped = (REPO / "data" / "editions" / "2019.toml").read_text(encoding="utf-8")
    (data / "editions" / "2010.toml").write_text(
        shipped.replace("year = 2019", "year = 2010", 1), encoding="utf-8")
    names = write_units(data / "units.csv", units, ("so", "huyen"))
    for year in range(2010, 2010 + years):
        write_year(data / "results" / f"{year}.csv", names, rng)
    return data


SUBS = 10
EDITION_EVERY = 3


def edition_toml(year: int) -> str:
    """An edition of 10 sub-indices whose keys and maxima change with each edition."""
    maxima = [10 * (1 + (i + year) % 5) for i in range(SUBS)]
    lines = [f"year = {year}", f'name = "Bộ chỉ số thử nghiệm {year}"',
             f"total_maximum = {sum(maxima)}", "decimals = 2", "",
             '[[groups]]\nkey = "so"\nname = "Khối sở"', "",
             '[[groups]]\nkey = "xa"\nname = "Khối xã"', ""]
    for i, maximum in enumerate(maxima):
        lines += ["[[subindices]]", f'key = "c{year}_{i}"', f'label = "C{year}-{i}"',
                  f'name = "Chỉ số thử nghiệm {year} số {i}"', f"maximum = {maximum}", ""]
    top = sum(maxima)
    for key, share in (("tot", 0.8), ("kha", 0.65), ("trung_binh", 0.5), ("yeu", 0)):
        lines += ["[[levels]]", f'key = "{key}"', f'name = "{key}"',
                  f"from = {round(top * share)}", ""]
    return "\n".join(lines)


def edition_maxima(year: int) -> list[int]:
    return [10 * (1 + (i + year) % 5) for i in range(SUBS)]


def editions_data(root: Path, units: int, years: int, first: int = 2016, seed: int = 11
                  ) -> tuple[Path, list[str]]:
    """2,000 units × 10 years, 10 sub-indices, a new edition every 3 years."""
    rng = random.Random(seed)
    data = root / "data"
    (data / "results").mkdir(parents=True)
    (data / "editions").mkdir()
    edition_years = list(range(first, first + years + 1, EDITION_EVERY))
    for year in edition_years:
        (data / "editions" / f"{year}.toml").write_text(edition_toml(year), encoding="utf-8")
    names = write_units(data / "units.csv", units, ("so", "xa"))
    for year in range(first, first + years):
        edition_year = max(y for y in edition_years if y <= year)
        write_edition_year(data / "results" / f"{year}.csv", names, edition_year, rng)
    return data, names


def write_edition_year(path: Path, names: list[str], edition_year: int,
                       rng: random.Random) -> None:
    maxima = edition_maxima(edition_year)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Đơn vị", *(f"C{edition_year}-{i}" for i in range(SUBS))])
        for name in names:
            writer.writerow([name, *(f"{rng.uniform(0, m):.2f}" for m in maxima)])


def write_year(path: Path, names: list[str], rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for name in names:
            writer.writerow([name, *scores(rng)])


def shipped_publish_file(root: Path) -> Path:
    rng = random.Random(1)
    with (REPO / "data" / "results" / "2019.csv").open(encoding="utf-8") as handle:
        names = [row[0] for row in list(csv.reader(handle))[1:]]
    path = root / "2020.csv"
    write_year(path, names, rng)
    return path


def run(label: str, data: Path, publish_file: Path, year: int, rows: int, rounds: int,
        work: Path) -> None:
    counter = iter(range(10_000))

    def build() -> None:
        ensure_database(work / f"build{next(counter)}.db", data).close()

    def do_publish() -> None:
        path = work / f"pub{next(counter)}.db"
        shutil.copy(base, path)
        db = ensure_database(path, data)
        start = time.perf_counter()
        publish(db, publish_file, year)
        publish_times.append((time.perf_counter() - start) * 1000)
        db.close()

    build_ms = median_ms(build, rounds)
    base = work / "base.db"
    ensure_database(base, data).close()
    publish_times: list[float] = []
    for _ in range(rounds):
        do_publish()
    publish_ms = statistics.median(publish_times)
    floor_ms = median_ms(lambda: floor_insert(work / f"floor{next(counter)}.db", rows), rounds)
    print(f"{label:<58} build {build_ms:8.1f} ms   publish one year {publish_ms:8.1f} ms   "
          f"| floor: executemany {rows} rows {floor_ms:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    # 2,000 units fill rows 2..2001: past the default row limit, as `egov publish --max-rows`
    # would raise it for a registry this large.
    with tempfile.TemporaryDirectory() as tmp, reading_limits(SheetLimits(max_rows=5_000)):
        root = Path(tmp)
        (root / "a").mkdir()
        run("shipped data (29 units, 3 years)", REPO / "data", shipped_publish_file(root),
            2020, 87, args.rounds, root / "a")
        units, years = 2000, 10
        synthetic = synthetic_data(root / "syn", units, years)
        extra = root / "2020-syn.csv"
        with (synthetic / "units.csv").open(encoding="utf-8") as handle:
            names = [row[2] for row in list(csv.reader(handle))[1:]]
        write_year(extra, names, random.Random(3))
        (root / "b").mkdir()
        run(f"synthetic ({units} units, {years} years)", synthetic, extra, 2020,
            units * years, max(1, args.rounds // 2), root / "b")
        editions, syn_names = editions_data(root / "ed", units, years)
        next_year = root / "2026-ed.csv"
        write_edition_year(next_year, syn_names, 2025, random.Random(5))
        (root / "c").mkdir()
        run(f"editions ({units}×{years}, {SUBS} sub-indices, new edition every "
            f"{EDITION_EVERY} y)", editions, next_year, 2026, units * years,
            max(1, args.rounds // 2), root / "c")
    print("targets: build ≤ 200 ms for the shipped data; 20,000 unit-years ≤ 2 s; "
          "a publish ≤ 150 ms")


if __name__ == "__main__":
    main()
