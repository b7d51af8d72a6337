"""`egov`: one command line for officials, operators and other programs.

Subcommands import what they need when they run, so `egov ask` never loads the Telegram
stack and `egov check` never loads the query matcher.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sqlite_utils import Database

from scoring.errors import MAX_PROBLEMS_SHOWN
from scoring.limits import DEFAULT_LIMITS, UNZIPPED_PER_MB

EX_CONFIG = 78  # sysexits.h: a configuration error (systemd shows it as such)

if TYPE_CHECKING:
    from scoring.limits import SheetLimits
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


_LIMIT_FLAGS = {"mb": "--max-mb", "rows": "--max-rows", "columns": "--max-columns",
                "cell_chars": "--max-cell-chars"}


def _reading_limits(args: argparse.Namespace) -> SheetLimits:
    """The default reading limits, with those the publish flags set."""
    import dataclasses

    given = {name: getattr(args, name) for name in ("max_mb", "max_rows", "max_columns",
                                                    "max_cell_chars")
             if getattr(args, name) is not None}
    return dataclasses.replace(DEFAULT_LIMITS, **given)


def _year(text: str) -> int:
    """argparse type for --year: a number, in Vietnamese when it is not one."""
    from bot.words.operations import year_not_a_number

    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(year_not_a_number(text)) from None


def _backup_first(db: Database) -> Path | None:
    """A backup (rotated, in EGOV_BACKUP_DIR or backups/ beside the database) before a
    command changes published data; announced on stderr."""
    from bot.words.operations import backup_before
    from storage.backup import backup_before_change

    path = backup_before_change(db)
    if path is not None:
        sys.stderr.write(backup_before(path))
    return path


def cmd_publish(args: argparse.Namespace) -> int:
    """Validate a results file and publish it as a new year, atomically."""
    from bot.words.operations import year_out_of_range
    from scoring.errors import DataFileError, FileLimitError, YearExistsError
    from scoring.limits import reading_limits
    from scoring.report import render_problems, render_ranking
    from storage.store import plan_publish, publish
    from storage.years import YearOutOfRange, check_publishable

    db = _database()
    edition = Path(args.edition) if args.edition else None
    units = Path(args.units) if args.units else None
    try:
        check_publishable(db, args.year)
    except YearOutOfRange as exc:
        sys.stderr.write(year_out_of_range(exc.year, exc.first, exc.last) + "\n")
        return 1
    try:
        with reading_limits(_reading_limits(args)):
            if not args.dry_run:
                plan_publish(db, Path(args.path), args.year,  # a faulty file: no backup
                             edition_path=edition, units_path=units)
                _backup_first(db)
            outcome = publish(db, Path(args.path), args.year, edition_path=edition,
                              units_path=units, replace=args.replace, dry_run=args.dry_run,
                              with_snapshot=True)
    except DataFileError as exc:
        sys.stderr.write(render_problems(exc, limit=None if args.all_errors else
                                         MAX_PROBLEMS_SHOWN))
        if isinstance(exc, FileLimitError):
            sys.stderr.write(f"Nếu tệp đúng là lớn như vậy, chạy lại với "
                             f"{_LIMIT_FLAGS[exc.limit]} N để nới giới hạn.\n")
        return 1
    except YearExistsError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    notes = [(r, n) for r in outcome.results for n in r.notes]
    snapshot = cast("Snapshot", outcome.snapshot)  # asked for with `with_snapshot=True`
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
    for line in publish_summary_lines(outcome):
        out.write(line + "\n")
    if outcome.ignored_columns:
        out.write(f"Bỏ qua các cột không dùng: {', '.join(outcome.ignored_columns)}.\n")
    out.write(f"Ghi chú dữ liệu: {len(notes) or 'không có'}\n")
    for result, note in notes:
        name = snapshot.registry.get(result.unit_id).name
        out.write(f"  - {name}: {note}\n")
    out.write("\n" + render_ranking(snapshot, outcome.year))
    return 0


def publish_summary_lines(outcome) -> list[str]:
    """The methodology used and the units added or retired, for the publish report."""
    from bot.words.editions import edition_used, units_changed

    lines = []
    if outcome.edition is not None:
        lines.append(edition_used(outcome.edition, outcome.edition_is_new))
    lines += units_changed(outcome.new_units, outcome.retired_units)
    return lines


def cmd_bot(args: argparse.Namespace) -> int:
    """Run the Telegram bot, or a console chat when no token is configured."""
    import asyncio

    from pydantic import ValidationError

    from bot.config import ConfigError, Settings
    from bot.logs import setup_logging
    from storage.db import probe_write

    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        sys.stderr.write(f"Không khởi động bot: biến môi trường {exc.name} có «{exc.value}» "
                         f"{exc.reason}.\nRefusing to start: {exc.name} entry "
                         f"«{exc.value}» is not valid.\n")
        return EX_CONFIG
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                             for e in exc.errors())
        sys.stderr.write(f"Không khởi động bot: cấu hình không hợp lệ ({problems}).\n"
                         f"Refusing to start: invalid configuration ({problems}).\n")
        return EX_CONFIG
    setup_logging(settings.log_level, settings.token)
    # Before anything starts: a damaged, read-only or full database stops here with one line
    # (main() prints it), not in the middle of PTB's start-up.
    db = _database()
    probe_write(db)
    if settings.token:
        from bot.service import AnswerService
        from bot.telegram.app import run

        run(settings, service=AnswerService(db))
    else:
        db.close()
        from bot.telegram.console import run_console

        asyncio.run(run_console(settings))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer queries as the bot would: one argument, or one per stdin line with "-".

    With --conversation, the lines are one chat: a follow-up ("còn năm 2018?") uses the
    question before it, as in Telegram.
    """
    from bot.service import AnswerService

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


def cmd_unpublish(args: argparse.Namespace) -> int:
    """Remove a year published with `egov publish`, atomically; users' data is untouched."""
    from bot.words import operations
    from storage.years import NotPublished, SeededYear, unpublish

    db = _database()
    origins = dict(db.execute("SELECT year, origin FROM years ORDER BY year").fetchall())
    if args.year not in origins:
        sys.stderr.write(operations.not_published(args.year, list(origins)))
        return 1
    if origins[args.year] == "data":
        sys.stderr.write(operations.seeded_year(args.year))
        return 1
    backup = _backup_first(db)
    try:
        removed = unpublish(db, args.year)
    except NotPublished:  # unpublished by someone else meanwhile
        sys.stderr.write(operations.not_published(args.year, list(origins)))
        return 1
    except SeededYear:
        sys.stderr.write(operations.seeded_year(args.year))
        return 1
    sys.stdout.write(operations.unpublished(removed.year, removed.results, removed.cancelled,
                                            backup))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the database with SQLite's online backup API (the bot may keep running)."""
    from bot.words import operations
    from storage.backup import copy_database, take_backup
    from storage.db import database_path, database_problem

    source = database_path()
    problem = database_problem(source)
    if problem is not None:
        raise problem
    if not source.exists():
        _database().close()  # nothing yet: build it, then back that up
    target = Path(args.path) if args.path else None
    if target is None:
        made = take_backup(source)  # the rotated folder, newest 7 kept
    elif target.is_dir() or args.path.endswith(("/", "\\")):
        made = _into_folder(source, target)
    else:
        made = copy_database(source, target)
    sys.stdout.write(operations.backup_done(made, made.stat().st_size))
    return 0


def _into_folder(source: Path, folder: Path) -> Path:
    """A timestamped backup in `folder`, without rotating what is there."""
    from storage.backup import backup_name, copy_database

    return copy_database(source, backup_name(folder))


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check the database; with --restore, put the latest good backup in its place."""
    from bot.words import operations
    from storage.backup import backup_dir, backups, latest_good_backup, restore
    from storage.db import database_path, database_problem, open_database, writable
    from storage.problems import DatabaseProblem, Problem

    path = database_path()
    folder = Path(args.backups) if args.backups else backup_dir(path)
    out = sys.stdout
    problem = database_problem(path, full=True)
    if problem is None and path.exists() and not writable(path):
        problem = DatabaseProblem(path, Problem.READ_ONLY, "read-only")
    latest = latest_good_backup(folder)
    if args.restore:
        if problem is None and path.exists() and not args.force:
            out.write(operations.doctor_healthy_no_restore(path))
            return 1
        chosen = Path(args.restore) if args.restore != "latest" else latest
        if chosen is None:
            out.write(operations.doctor_no_backup(folder))
            return problem.exit_status if problem else 1
        kept = restore(chosen, path)
        out.write(operations.doctor_restored(chosen, path, kept))
        return 0
    if not path.exists():
        out.write(operations.doctor_missing(path))
        return 0
    if problem is not None:
        out.write(operations.doctor_found(problem))
        if problem.kind.damaged:
            out.write(operations.doctor_how_to_restore(latest))
        return problem.exit_status
    db = open_database(path, migrate=False)
    try:
        years = [r[0] for r in db.execute("SELECT year FROM years ORDER BY year")]
        active = db.execute("SELECT count(*) FROM subscriptions WHERE active = 1").fetchone()[0]
    finally:
        db.close()
    out.write(operations.doctor_ok(path, years, active, len(backups(folder)), latest))
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
    from bot.charts.data import ChartUnavailable, chart_spec, request_for_names
    from bot.service import AnswerService
    from bot.words import charting

    service = AnswerService(_database())
    try:
        request = request_for_names(args.units, service.index, service.snapshot,
                                    kind=args.kind, year=args.year)
        spec = chart_spec(request, service.snapshot)
    except ChartUnavailable as exc:
        sys.stderr.write(exc.message + "\n")
        return 1
    from bot.charts.draw import render_png  # matplotlib only for this command

    png = render_png(spec)
    Path(args.output).write_bytes(png)
    sys.stdout.write(charting.chart_saved(args.output, -(-len(png) // 1024), spec.title) + "\n")
    return 0


def _positive(kind: type[int] | type[float]):
    """An argparse type: a number above zero, refused with a Vietnamese message otherwise."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"«{text}» không phải là số") from None
        if not value > 0 or value == float("inf"):
            raise argparse.ArgumentTypeError(f"«{text}» phải là số dương")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="egov", description="Chỉ số DienBien e-Gov index: tra cứu, công bố, kiểm tra.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("publish", help="công bố kết quả một năm từ tệp CSV/XLSX")
    p.add_argument("path")
    p.add_argument("--year", type=_year, required=True,
                   help="từ năm của bộ chỉ số đầu tiên đến năm sau năm hiện tại")
    p.add_argument("--edition", metavar="EDITION.toml",
                   help="ấn bản (phương pháp) mới của năm, nếu các cột khác ấn bản đang áp dụng")
    p.add_argument("--units", metavar="UNITS.csv",
                   help="đơn vị mới hoặc thay đổi (cùng định dạng data/units.csv)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    p.add_argument("--replace", action="store_true", help="thay thế năm đã công bố")
    p.add_argument("--all-errors", action="store_true",
                   help=f"in mọi lỗi (mặc định: {MAX_PROBLEMS_SHOWN} lỗi đầu)")
    limits = DEFAULT_LIMITS
    p.add_argument("--max-mb", type=_positive(float), metavar="N",
                   help=f"nới giới hạn dung lượng tệp (mặc định {limits.max_mb:g} MB; "
                        f".xlsx giải nén ≤ {UNZIPPED_PER_MB}×N MB)")
    p.add_argument("--max-rows", type=_positive(int), metavar="N",
                   help=f"nới giới hạn số dòng (mặc định {limits.max_rows})")
    p.add_argument("--max-columns", type=_positive(int), metavar="N",
                   help=f"nới giới hạn số cột (mặc định {limits.max_columns})")
    p.add_argument("--max-cell-chars", type=_positive(int), metavar="N",
                   help=f"nới giới hạn độ dài một ô (mặc định {limits.max_cell_chars} ký tự)")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("unpublish", help="gỡ một năm đã công bố (giữ người đăng ký)")
    p.add_argument("--year", type=_year, required=True)
    p.set_defaults(func=cmd_unpublish)

    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (bot vẫn chạy được)")
    p.add_argument("path", nargs="?",
                   help="tệp hoặc thư mục ghi ra; mặc định thư mục sao lưu, giữ 7 bản mới nhất")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("doctor", help="kiểm tra cơ sở dữ liệu; --restore khôi phục bản sao lưu")
    p.add_argument("--restore", nargs="?", const="latest", metavar="BẢN_SAO_LƯU",
                   help="khôi phục bản sao lưu mới nhất dùng được (hoặc tệp chỉ định)")
    p.add_argument("--force", action="store_true",
                   help="khôi phục cả khi cơ sở dữ liệu không có lỗi")
    p.add_argument("--backups", metavar="THƯ_MỤC",
                   help="thư mục sao lưu (mặc định EGOV_BACKUP_DIR hoặc backups/ cạnh tệp)")
    p.set_defaults(func=cmd_doctor)

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
    import sqlite3

    from bot.words.operations import problem_line
    from scoring.errors import DataFileError
    from scoring.report import render_problems
    from storage.db import database_path
    from storage.problems import DatabaseProblem, problem_from_error

    args = build_parser().parse_args(argv)
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except DataFileError as exc:  # a broken data/ file: name it, no traceback
        sys.stderr.write(render_problems(exc))
        return 1
    except BrokenPipeError:
        return _reader_left()
    except (DatabaseProblem, sqlite3.Error) as exc:  # damaged, read-only, full, locked
        problem = problem_from_error(exc, database_path())
        if problem is None:
            raise
        sys.stderr.write(problem_line(problem) + "\n")
        return problem.exit_status
    except KeyboardInterrupt:
        return 130


def _reader_left() -> int:
    """`egov … | head -1`: the reader closed the pipe. Stop quietly, as SIGPIPE would."""
    import contextlib
    import os
    import signal

    # what is still buffered goes nowhere, instead of failing again at exit; a test's
    # captured stdout has no file descriptor
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 128 + signal.SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
