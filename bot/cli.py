"""`egov`: one command line for officials, operators and other programs.

Subcommands import what they need when they run, so `egov ask` never loads the Telegram
stack and `egov check` never loads the query matcher.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

if TYPE_CHECKING:
    from storage.snapshot import Snapshot


def _database() -> Database:
    from storage.store import ensure_database

    return ensure_database()


def cmd_check(args: argparse.Namespace) -> int:
    """Print the data notes and the report's prose claims the table contradicts."""
    from scoring.claims import check_claims, load_claims
    from scoring.report import render_check
    from storage.db import data_dir
    from storage.snapshot import load_snapshot

    snapshot = load_snapshot(_database())
    checks = check_claims(load_claims(data_dir() / "report_claims.csv"), snapshot)
    sys.stdout.write(render_check(snapshot, checks))
    return 0


def _published_year(args: argparse.Namespace) -> tuple[Snapshot, int] | None:
    """The snapshot and the asked (or latest) year; None, with a message, if unpublished."""
    from storage.snapshot import load_snapshot

    snapshot = load_snapshot(_database())
    year = args.year or snapshot.latest_year
    if year not in snapshot.years:
        known = ", ".join(map(str, snapshot.years)) or "chưa có"
        sys.stderr.write(f"Chưa có kết quả năm {year}. Các năm đã có: {known}.\n")
        return None
    return snapshot, year


def cmd_ranking(args: argparse.Namespace) -> int:
    """Print both groups' tables for a year, as the report lays them out."""
    from scoring.report import render_ranking

    found = _published_year(args)
    if found is None:
        return 1
    snapshot, year = found
    sys.stdout.write(render_ranking(snapshot, year))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Validate a results file and publish it as a new year, atomically."""
    from scoring.errors import DataFileError, YearExistsError
    from scoring.report import render_problems, render_ranking
    from storage.store import publish

    try:
        outcome = publish(_database(), Path(args.path), args.year,
                          replace=args.replace, dry_run=args.dry_run, with_snapshot=True)
    except DataFileError as exc:
        sys.stderr.write(render_problems(exc))
        return 1
    except YearExistsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    notes = [(r, n) for r in outcome.results for n in r.notes]
    snapshot = outcome.snapshot
    assert snapshot is not None
    out = sys.stdout
    if outcome.dry_run:
        verb = "thay thế" if outcome.replaced else "công bố"
        out.write(f"Chạy thử: tệp hợp lệ, sẽ {verb} năm {outcome.year} "
                  f"({len(outcome.results)} đơn vị). Chưa ghi gì.\n")
        if outcome.replaced and not args.replace:
            out.write(f"Lưu ý: năm {outcome.year} đã có; khi công bố thật cần --replace.\n")
    else:
        verb = "Đã thay thế" if outcome.replaced else "Đã công bố"
        out.write(f"{verb} năm {outcome.year}: {len(outcome.results)} đơn vị; "
                  f"{outcome.notices} thông báo chờ gửi cho người đăng ký.\n")
    if outcome.ignored_columns:
        out.write(f"Bỏ qua các cột không dùng: {', '.join(outcome.ignored_columns)}.\n")
    out.write(f"Ghi chú dữ liệu: {len(notes) or 'không có'}\n")
    for result, note in notes:
        name = snapshot.registry.get(result.unit_id).name
        out.write(f"  - {name}: {note}\n")
    out.write("\n" + render_ranking(snapshot, outcome.year))
    return 0


def cmd_bot(args: argparse.Namespace) -> int:
    """Run the Telegram bot, or a console chat when no token is configured."""
    import asyncio

    from .config import Settings
    from .logs import setup_logging

    settings = Settings.from_env()
    setup_logging(settings.log_level, settings.token)
    if settings.token:
        from .app import run

        run(settings)
    else:
        from .console import run_console

        asyncio.run(run_console(settings))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer queries as the bot would: one argument, or one per stdin line with "-".

    With --conversation, the lines are one chat: a follow-up ("còn năm 2018?") uses the
    question before it, as in Telegram.
    """
    from .service import AnswerService

    service = AnswerService(_database())
    out = sys.stdout
    chat = "console" if args.conversation else None

    def emit(text: str) -> None:
        answer = service.ask(text, chat)
        out.write(answer.to_json() + "\n" if args.json else answer.text + "\n\n")
        out.flush()

    query = " ".join(args.query)
    if query and query != "-":
        emit(query)
        return 0
    interactive = not query and sys.stdin.isatty()
    while True:
        if interactive:
            out.write("Hỏi (Ctrl+D để thoát): ")
            out.flush()
        line = sys.stdin.readline()
        if not line:
            return 0
        emit(line.rstrip("\r\n"))


def cmd_build(args: argparse.Namespace) -> int:
    """Rebuild the results tables from data/ (users' tables are kept)."""
    from storage.db import data_dir, database_path, open_database
    from storage.store import rebuild_from_data

    rebuild_from_data(open_database(database_path()), data_dir())
    sys.stdout.write(f"Đã dựng lại cơ sở dữ liệu {database_path()} từ {data_dir()}.\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a year's full table as CSV or XLSX, in a layout `egov publish` reads back."""
    from scoring.export import FORMATS, export_bytes, export_filename

    found = _published_year(args)
    if found is None:
        return 1
    snapshot, year = found
    suffix = Path(args.output or "").suffix.lower().lstrip(".")
    fmt = args.format or (suffix if suffix in FORMATS else "csv")
    data = export_bytes(snapshot, year, fmt)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(args.output or export_filename(year, fmt))
    path.write_bytes(data)
    sys.stderr.write(f"Đã ghi bảng kết quả năm {year} ({fmt}) vào {path}.\n")
    return 0


def cmd_chart(args: argparse.Namespace) -> int:
    """Write the bot's chart (rank history, sub-indices, group ranking, comparison) as PNG."""
    from . import texts
    from .chart_data import ChartUnavailable, chart_spec, request_for_names
    from .service import AnswerService

    service = AnswerService(_database())
    try:
        request = request_for_names(args.units, service.index, service.snapshot,
                                    kind=args.kind, year=args.year)
        spec = chart_spec(request, service.snapshot)
    except ChartUnavailable as exc:
        sys.stderr.write(exc.message + "\n")
        return 1
    from .charts import render_png  # matplotlib only for this command

    png = render_png(spec)
    Path(args.output).write_bytes(png)
    sys.stdout.write(texts.chart_saved(args.output, -(-len(png) // 1024), spec.title) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="egov", description="Chỉ số DienBien e-Gov index: tra cứu, công bố, kiểm tra.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("publish", help="công bố kết quả một năm từ tệp CSV/XLSX")
    p.add_argument("path")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    p.add_argument("--replace", action="store_true", help="thay thế năm đã công bố")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("check", help="liệt kê ghi chú dữ liệu và khẳng định sai")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("ranking", help="in bảng xếp hạng một năm")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_ranking)

    p = sub.add_parser("bot", help="chạy bot Telegram (không có token: trò chuyện trong console)")
    p.set_defaults(func=cmd_bot)

    p = sub.add_parser("ask", help="trả lời câu hỏi như bot (--json cho chương trình khác)")
    p.add_argument("query", nargs="*", help='câu hỏi; "-" để đọc mỗi dòng một câu từ stdin')
    p.add_argument("--json", action="store_true", help="mỗi câu trả lời một dòng JSON")
    p.add_argument("--conversation", action="store_true",
                   help="các câu là một cuộc trò chuyện: câu hỏi tiếp dùng ngữ cảnh câu trước")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("build", help="dựng lại cơ sở dữ liệu từ data/")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("export", help="xuất bảng kết quả một năm ra CSV/XLSX (đọc lại được)")
    p.add_argument("--year", type=int, help="năm (mặc định: năm mới nhất)")
    p.add_argument("--format", choices=("csv", "xlsx"), help="mặc định theo đuôi tệp, hoặc csv")
    p.add_argument("-o", "--output",
                   help='tệp ghi ra ("-" = stdout); mặc định chi-so-egov-NĂM.csv')
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("chart", help="vẽ biểu đồ ra tệp PNG (như nút 📈 Biểu đồ của bot)")
    p.add_argument("units", nargs="+", metavar="ĐƠN_VỊ",
                   help='tên đơn vị (nhiều đơn vị cho --kind compare), hoặc "sở" / "huyện"')
    p.add_argument("--kind", choices=("history", "profile", "group", "compare"),
                   help="mặc định: history cho một đơn vị, compare cho nhiều, group cho khối")
    p.add_argument("--year", type=int, help="năm (mặc định: năm mới nhất)")
    p.add_argument("-o", "--output", required=True, help="tệp PNG ghi ra")
    p.set_defaults(func=cmd_chart)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from scoring.errors import DataFileError
    from scoring.report import render_problems

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except DataFileError as exc:  # a broken data/ file: name it, no traceback
        sys.stderr.write(render_problems(exc))
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
