"""Cost of inline mode and of publishing from Telegram, beside baselines from the same run.

Inline: per query, the private-chat answer (`service.ask`, the baseline: what any message
costs) and the whole inline answer (`ask` + every card of a list, `build_results`), with the
size of the JSON sent to Telegram. Upload: for the 29-unit 2020 file (CSV and XLSX), the bare
validation `prepare_publish` (baseline), the bot's check (`check_upload`: a dry-run publish
plus the read model for the preview, then the preview HTML), and the real publish of a stored
upload (`publish_upload`) beside `store.publish` on an identical fresh copy of the database.
Everything runs in-process on a database built from data/; medians over rounds.

    python bench/bench_inline_upload.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.timing import median_ms  # noqa: E402
from bot.publish.views import preview_html  # noqa: E402
from bot.service import AnswerService  # noqa: E402
from bot.telegram.inline import build_results, default_answers  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.store import ensure_database, prepare_publish, publish  # noqa: E402
from storage.uploads import check_upload, get_upload, publish_upload, store_upload  # noqa: E402
from tests.conftest import HEADER, rows_2020  # noqa: E402

QUERIES = ["sở y tế", "huyện khá", "so giao", "xếp hạng", "top 3 sở", "5 huyện thấp nhất",
           "so sánh Sở Y tế và Sở Tư pháp", "năm 1999", "Sở Nội vụ 2018", "stttt"]



def write_files(folder: Path) -> dict[str, Path]:
    rows = [HEADER, *rows_2020()]
    csv_path = folder / "ket_qua_2020.csv"
    csv_path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append([float(c) if c.replace(".", "").isdigit() else c for c in row])
    xlsx_path = folder / "ket_qua_2020.xlsx"
    workbook.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def bench_inline(service: AnswerService, rounds: int) -> None:
    print("inline mode (ms per query, median of rounds)")
    print(f"  {'query':32} {'ask (baseline)':>15} {'inline answer':>14} {'results':>8} "
          f"{'JSON bytes':>11}")
    for text in [*QUERIES, ""]:
        def ask(text: str = text) -> object:
            return service.ask(text) if text else default_answers(service.snapshot)

        def inline(text: str = text) -> list:
            answers = [service.ask(text)] if text else default_answers(service.snapshot)
            return build_results(answers, service.snapshot)

        results = inline()
        size = len(json.dumps([r.to_dict() for r in results], ensure_ascii=False).encode())
        print(f"  {text or '(empty: defaults)':32} {median_ms(ask, rounds):15.3f} "
              f"{median_ms(inline, rounds):14.3f} {len(results):8} {size:11}")


def bench_upload(folder: Path, built: Path, files: dict[str, Path], rounds: int) -> None:
    print("\npublishing from Telegram (ms, median of rounds)")
    db = open_database(built)
    for kind, path in files.items():
        content = path.read_bytes()
        validate = median_ms(lambda p=path: prepare_publish(db, p, 2020), rounds)
        check = median_ms(lambda c=content, p=path: preview_html(
            p.name, check_upload(db, p.name, c, 2020)), rounds)
        print(f"  {kind:5} validate only (baseline) {validate:8.2f}   "
              f"check + preview {check:8.2f}   ({check / validate:.1f}×)")
    db.close()
    plain, upload = [], []
    for i in range(rounds):
        order = [("plain", plain), ("upload", upload)]
        for label, samples in order if i % 2 else order[::-1]:  # alternate: no warm-up bias
            copy = folder / f"round{i}-{label}.db"
            shutil.copy(built, copy)
            fresh = open_database(copy)
            if label == "plain":
                start = time.perf_counter_ns()
                publish(fresh, files["csv"], 2020)
            else:
                upload_id = store_upload(fresh, admin_id=1, chat_id=1, filename="kq.csv",
                                         content=files["csv"].read_bytes(), year=2020)
                stored = get_upload(fresh, upload_id)
                assert stored is not None
                start = time.perf_counter_ns()
                publish_upload(fresh, stored, replace=False)
            samples.append((time.perf_counter_ns() - start) / 1e6)
            fresh.close()
    base, ours = statistics.median(plain), statistics.median(upload)
    print(f"  csv   store.publish (baseline) {base:8.2f}   publish_upload {ours:8.2f}   "
          f"({ours / base:.1f}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built = folder / "egov.db"
        db = ensure_database(built, REPO / "data")
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        service = AnswerService(db)
        bench_inline(service, args.rounds)
        db.close()
        bench_upload(folder, built, write_files(folder), args.rounds)


if __name__ == "__main__":
    main()
