"""Build and publish cost: the shipped data, and a synthetic 2,000-unit × 10-year registry.

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


def synthetic_data(root: Path, units: int, years: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    data = root / "data"
    (data / "results").mkdir(parents=True)
    names = [f"Đơn vị thử nghiệm số {i}" for i in range(units)]
    with (data / "units.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "group", "name", "aliases", "from_year", "until_year",
                         "successor"])
        for i, name in enumerate(names):
            writer.writerow([f"u{i}", "so" if i % 2 else "huyen", name, "", "", "", ""])
    for year in range(2010, 2010 + years):
        write_year(data / "results" / f"{year}.csv", names, rng)
    return data


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
    print(f"{label:<34} build {build_ms:8.1f} ms   publish one year {publish_ms:8.1f} ms   "
          f"| floor: executemany {rows} rows {floor_ms:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
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
    print("targets: build ≤ 200 ms for the shipped data; 20,000 unit-years ≤ 2 s")


if __name__ == "__main__":
    main()
