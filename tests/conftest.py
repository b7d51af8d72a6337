"""Shared fixtures: databases built from the shipped data, and writers of officials' files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("PTB_TIMEDELTA", "true")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
HEADER = ["Đơn vị", "Chỉ số HTKT", "Chỉ số UD", "Chỉ số HTNL", "Chỉ số CS&ĐT"]


TRANSPORTS = ("aiohttp", "httpx")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "limiter: the fake Bot API enforces Telegram's flood limits and the bot's "
        "rate limiter is on (tests of pacing)")


@pytest.fixture(params=TRANSPORTS)
def bot_transport(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once per HTTP transport (EGOV_TRANSPORT), for end-to-end test modules
    that say `pytestmark = pytest.mark.usefixtures("bot_transport")`."""
    monkeypatch.setenv("EGOV_TRANSPORT", request.param)
    return request.param


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    return target


@pytest.fixture(scope="session")
def seed_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database built from data/ once per session (per xdist worker), for `db_path` to
    copy: a build is cheap, but a thousand tests each building one was not."""
    from storage.store import ensure_database

    path = tmp_path_factory.mktemp("seed") / "egov.db"
    ensure_database(path, DATA).close()
    assert not path.with_name("egov.db-wal").exists()  # closed cleanly: one file is all of it
    return path


@pytest.fixture
def db_path(tmp_path: Path, data_dir: Path, seed_database: Path,
            monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database built from the data copy; EGOV_DB and EGOV_DATA_DIR point at them.

    It is a copy of the session's seed database; `ensure_database` still opens it against the
    data copy, and would rebuild it if the copy's files (their fingerprint) differed."""
    from storage.store import ensure_database

    path = tmp_path / "egov.db"
    monkeypatch.setenv("EGOV_DB", str(path))
    monkeypatch.setenv("EGOV_DATA_DIR", str(data_dir))
    shutil.copyfile(seed_database, path)
    ensure_database(path, data_dir).close()
    return path


@pytest.fixture
def db(db_path: Path, data_dir: Path):
    from storage.store import ensure_database

    database = ensure_database(db_path, data_dir)
    yield database
    database.close()


def rows_2020() -> list[list[str]]:
    """A plausible 2020: every unit of 2019 with its sub-indices nudged (hand-checkable)."""
    import csv

    with (DATA / "results" / "2019.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = []
        for i, row in enumerate(reader):
            htkt, ud, htnl, csdt = (float(x) for x in row[1:5])
            ud = min(110.0, ud + (i % 5) - 2)
            rows.append([row[0], f"{htkt:.1f}", f"{ud:.1f}", f"{htnl:.1f}", f"{csdt:.1f}"])
    return rows


@pytest.fixture
def write_sheet(tmp_path: Path) -> Callable[..., Path]:
    """Write rows as an official's CSV (or .xlsx) file and return its path."""

    def write(
        rows: list[list[str]] | None = None,
        header: list[str] | None = None,
        *,
        name: str = "ket_qua_2020.csv",
        delimiter: str = ",",
        encoding: str = "utf-8",
    ) -> Path:
        rows = rows_2020() if rows is None else rows
        header = HEADER if header is None else header
        path = tmp_path / name
        if path.suffix == ".xlsx":
            from openpyxl import Workbook

            workbook = Workbook()
            sheet = workbook.active
            sheet.append(header)
            for row in rows:
                sheet.append([_xlsx_value(v) for v in row])
            workbook.save(path)
            return path
        lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
        return path

    return write


def _xlsx_value(text: str) -> object:
    try:
        return float(text)
    except ValueError:
        return text


# Bookkeeping a running bot rewrites on its own: the outbox drainer's lease is renewed every
# few seconds whatever the users do, so it is not part of "the data".
_LIVE_TABLES = ("leases",)


def dump(path: Path) -> list[str]:
    """Every table's rows (but the live bookkeeping), for before/after comparisons."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump()
                if not line.startswith(tuple(f'INSERT INTO "{t}"' for t in _LIVE_TABLES))]
    finally:
        conn.close()


@pytest.fixture
async def fake_api(request):
    """A fake Bot API server on 127.0.0.1. It enforces Telegram's flood limits, and the bot
    paces itself (see `settings_for`), only in tests marked `limiter`."""
    from tests.support.fake_bot_api import FakeBotApi

    strict = request.node.get_closest_marker("limiter") is not None
    async with FakeBotApi(enforce_rate_limits=strict) as server:
        yield server


@pytest.fixture
async def bot_app(fake_api, db_path):
    """The real application, long-polling the fake server, database built from data/."""
    from tests.support.bot_harness import running_bot

    async with running_bot(fake_api) as application:
        yield application


@pytest.fixture(scope="session", autouse=True)
def one_chart_process():
    """One chart process for the whole session instead of one per bot started in-process.

    The bot stops its chart process at shutdown (`post_shutdown`), so every end-to-end test
    that drew a chart paid for a fresh interpreter importing matplotlib, about a second of
    CPU. The process keeps no state between charts (a spec in, PNG bytes out), so sharing it
    changes nothing a test sees. tests/test_chart_worker.py, which is about the process
    (started, killed, replaced, gone with the bot), uses its own renderers and processes.
    """
    from bot.charts.worker import RENDERER

    real_close = RENDERER.close
    RENDERER.close = lambda: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        del RENDERER.close
        real_close()
