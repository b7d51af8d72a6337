"""Faults a real deployment meets: a full disk, a read-only file or folder, a damaged or
empty database, a second bot process, two publishes at once, another process holding the
write lock. Each ends in one clear line and the right exit status, or in the bot carrying on,
never in a traceback, a duplicate notice or a database rebuilt over users' data.

Disk full and read-only are real where the test may mount a tmpfs (as root in CI), and
injected (`sqlite3.OperationalError` at the write) for the bot's broadcast.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import unittest.mock
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.words import cards
from bot.words import notices as notices_words
from storage.store import publish
from storage.subscriptions import follow, subscribe
from tests.conftest import REPO, dump
from tests.support.bot_harness import bot_process, running_bot
from tests.support.editions import egov as egov_in_process

HEADING = "Đã công bố kết quả Chỉ số DienBien e-Gov index năm 2020"
ADMIN = 990
FULL = "database or disk is full"


def egov_process(*args: str, env: dict[str, str] | None = None,
                 timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m bot.cli` in a process of its own, with `env` added."""
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=REPO,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout)


def egov(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`egov` with `env` added, for its one line and exit status: `egov bot` in a process of
    its own (it starts an application and its logging), the other commands in this process,
    where a traceback fails the test as surely as it would show in a process's output.
    Tests of two processes at once use `egov_process`."""
    if args[0] == "bot":
        return egov_process(*args, env=env)
    with unittest.mock.patch.dict(os.environ, env or {}):
        return egov_in_process(*args)


def notices(api) -> Counter[int]:
    return Counter(m.chat_id for m in api.sent() if m.text and HEADING in m.text)


def rows(path: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def assert_one_clear_line(result: subprocess.CompletedProcess[str], status: int,
                          *needles: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == status, result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Đã sao lưu")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0]
    assert " / " in lines[0]  # Vietnamese, then English


# ---------------------------------------------------------------- mounts (real faults)

def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@contextlib.contextmanager
def _unmounting(point: Path) -> Iterator[None]:
    try:
        yield
    finally:
        if subprocess.run(["umount", str(point)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs at tmp_path/mnt; skipped where mounting is not allowed."""
    point = tmp_path / "mnt"
    point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        _run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point))
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("cannot mount a tmpfs here")
    with _unmounting(point):
        yield point


def copy_db(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


# ---------------------------------------------------------------- empty and damaged databases

@pytest.mark.parametrize(("content", "needle"), [
    (b"", "rỗng (0 byte)"),
    (b"garbage " * 600, "bị hỏng"),
])
@pytest.mark.parametrize("command", [("ranking",), ("ask", "sở y tế"), ("bot",),
                                     ("publish", "x.csv", "--year", "2020")])
def test_an_empty_or_garbage_database_is_refused_and_never_rebuilt(
        tmp_path, content, needle, command):
    path = tmp_path / "egov.db"
    path.write_bytes(content)
    env = {"EGOV_DB": str(path), "TELEGRAM_BOT_TOKEN": "123:abc",
           "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}
    result = egov(*command, env=env)
    assert_one_clear_line(result, 3, needle, str(path), "egov doctor --restore")
    assert path.read_bytes() == content


def test_a_database_with_a_damaged_page_is_refused(tmp_path, db_path):
    damaged = tmp_path / "damaged.db"
    copy_db(db_path, damaged)
    data = bytearray(damaged.read_bytes())
    page = 4096
    data[2 * page: 3 * page] = b"\xff" * page  # a b-tree page overwritten
    damaged.write_bytes(bytes(data))
    result = egov("ranking", env={"EGOV_DB": str(damaged)})
    assert_one_clear_line(result, 3, "bị hỏng", str(damaged))
    assert damaged.read_bytes() == bytes(data)


def test_a_directory_in_place_of_the_database_is_named(tmp_path):
    path = tmp_path / "egov.db"
    path.mkdir()
    result = egov("ranking", env={"EGOV_DB": str(path)})
    assert_one_clear_line(result, 3, "Không đọc được", str(path))


# ---------------------------------------------------------------- read-only, disk full (real)

@pytest.mark.parametrize("command", ["publish", "bot"])
def test_read_only_folder_gives_one_line_and_status_4(tmpfs, db_path, write_sheet, tmp_path,
                                                      command):
    path = tmpfs / "egov.db"
    copy_db(db_path, path)
    _run("mount", "-o", "remount,ro", str(tmpfs))
    args = ("publish", str(write_sheet()), "--year", "2020") if command == "publish" else ("bot",)
    result = egov(*args, env={"EGOV_DB": str(path), "EGOV_BACKUP_DIR": str(tmp_path / "bk"),
                              "TELEGRAM_BOT_TOKEN": "123:abc",
                              "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"})
    assert_one_clear_line(result, 4, "chỉ cho đọc", str(path))


def test_read_only_file_gives_one_line_and_changes_nothing(db_path, write_sheet, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root")
    path = tmp_path / "ro" / "egov.db"
    path.parent.mkdir()
    copy_db(db_path, path)
    before = dump(path)
    try:
        _run("mount", "--bind", str(path), str(path))
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("cannot bind-mount here")
    with _unmounting(path):
        _run("mount", "-o", "remount,ro,bind", str(path))
        result = egov("publish", str(write_sheet()), "--year", "2020",
                      env={"EGOV_DB": str(path), "EGOV_BACKUP_DIR": str(tmp_path / "bk")})
        assert_one_clear_line(result, 4, "chỉ cho đọc", str(path))
    assert dump(path) == before


@pytest.mark.parametrize("command", ["publish", "bot"])
def test_full_disk_gives_one_line_and_changes_nothing(tmpfs, db_path, write_sheet, tmp_path,
                                                      command):
    path = tmpfs / "egov.db"
    copy_db(db_path, path)
    before = dump(path)
    keep_open = sqlite3.connect(path)  # keeps -wal and -shm in place while the disk is full
    try:
        keep_open.execute("PRAGMA journal_mode = WAL")
        keep_open.execute("SELECT count(*) FROM years").fetchone()
        with (tmpfs / "filler").open("wb") as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        args = (("publish", str(write_sheet()), "--year", "2020") if command == "publish"
                else ("bot",))
        result = egov(*args, env={"EGOV_DB": str(path), "EGOV_BACKUP_DIR": str(tmp_path / "b"),
                                  "TELEGRAM_BOT_TOKEN": "123:abc",
                                  "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"})
        assert_one_clear_line(result, 4, "đã đầy", str(path))
    finally:
        keep_open.close()
        (tmpfs / "filler").unlink(missing_ok=True)
    assert dump(path) == before


# ---------------------------------------------------------------- disk full during a broadcast

class DiskFull:
    """Makes every write transaction of the storage modules fail as SQLite does on ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        from storage import db

        self.full = False
        original = db.write_transaction

        @contextlib.contextmanager
        def write_transaction(database):
            if self.full:
                raise sqlite3.OperationalError(FULL)
            with original(database) as inside:
                yield inside

        for name in ("storage.outbox", "storage.subscriptions", "storage.store",
                     "storage.lease"):
            try:
                module = importlib.import_module(name)
            except ImportError:  # the code before leases
                continue
            monkeypatch.setattr(module, "write_transaction", write_transaction)


@pytest.fixture
def disk(monkeypatch) -> DiskFull:
    return DiskFull(monkeypatch)


def admin_texts(api, needle: str) -> list[str]:
    return [m.text for m in api.sent(ADMIN) if m.text and needle in m.text]


async def test_full_disk_mid_broadcast_sends_no_notice_twice_and_resumes(
        fake_api, db, write_sheet, disk):
    chats = list(range(7000, 7040))
    for chat in chats:
        subscribe(db, chat)
    async with running_bot(fake_api, admins=frozenset({ADMIN}),
                           outbox_poll_seconds=0.1) as application:
        publish(db, write_sheet(), 2020)
        application.bot_data["notices"].wake()
        await fake_api.wait_for(lambda s: notices(s), timeout=10)
        disk.full = True  # Telegram keeps accepting; recording "sent" fails from now on
        await asyncio.sleep(2.0)
        during = notices(fake_api)
        assert max(during.values()) == 1  # never re-sent while "sent" cannot be recorded
        assert len(during) < len(chats)  # it stopped
        assert len(admin_texts(fake_api, "Tạm dừng gửi thông báo")) == 1
        await asyncio.sleep(0.5)
        assert notices(fake_api) == during  # still stopped, nothing more sent

        disk.full = False
        await fake_api.wait_for(lambda s: len(notices(s)) == len(chats), timeout=15)
        await fake_api.wait_for(lambda s: len(admin_texts(s, "gửi thông báo trở lại")) == 1,
                                timeout=5)
    assert notices(fake_api) == dict.fromkeys(chats, 1)
    assert rows(Path(db.execute("PRAGMA database_list").fetchone()[2]),
                "SELECT DISTINCT status FROM outbox") == [("sent",)]
    assert len(admin_texts(fake_api, "Tạm dừng gửi thông báo")) == 1


async def test_admin_gets_the_database_line_users_a_polite_sentence(fake_api, db_path, disk):
    from bot.words import operations

    async with running_bot(fake_api, admins=frozenset({ADMIN})) as application:
        disk.full = True
        fake_api.send_text(ADMIN, "/guithongbao Lịch họp tuần sau")
        fake_api.send_text(601, "/subscribe")
        await fake_api.wait_for(lambda s: s.sent(ADMIN) and s.sent(601), timeout=10)
        await asyncio.sleep(0.2)  # the error collector runs after the error handler's reply
        application.bot_data["errors"].clear()  # the handlers did raise; the reply matters
    [admin] = [m for m in fake_api.sent(ADMIN) if "Tạm dừng" not in m.text]  # the drainer's
    assert "đã đầy" in admin.text
    assert str(db_path) in admin.text
    assert admin.text != cards.ERROR
    [user] = fake_api.sent(601)
    assert user.html == operations.CANNOT_SAVE
    assert rows(db_path, "SELECT count(*) FROM publications") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM subscriptions") == [(0,)]


# ---------------------------------------------------------------- another process holds the lock

@contextlib.asynccontextmanager
async def write_lock_held(path: Path):
    """Another connection (as `egov publish` or a backup would) holds BEGIN IMMEDIATE."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("COMMIT")
        conn.close()


async def test_questions_are_answered_while_another_process_holds_the_write_lock(
        fake_api, db_path):
    async with running_bot(fake_api):
        await fake_api.wait_for(lambda s: s.commands, timeout=10)
        async with write_lock_held(db_path):
            fake_api.send_text(601, "/subscribe")
            await asyncio.sleep(0.3)  # the subscribe handler is waiting for the lock now
            started = time.monotonic()
            fake_api.send_text(602, "sở y tế 2019")
            await fake_api.wait_for(lambda s: s.sent(602), timeout=10)
            answered = time.monotonic() - started
            await asyncio.sleep(1.5)
            assert not fake_api.sent(601)  # still waiting: nothing confirmed, nothing lost
        await fake_api.wait_for(lambda s: s.sent(601), timeout=10)
    assert answered < 1.0
    assert fake_api.sent(601)[0].html == notices_words.SUBSCRIBED
    assert rows(db_path, "SELECT active FROM subscriptions WHERE chat_id = 601") == [(1,)]


async def test_an_admins_upload_waits_for_the_lock_without_freezing_the_bot(
        fake_api, db_path, write_sheet):
    """The upload's dry run takes the write lock: it waits in the writer thread, and other
    chats are answered meanwhile; the preview comes once the lock is released."""
    admin = 701
    path = write_sheet()
    async with running_bot(fake_api, admins=frozenset({admin})):
        await fake_api.wait_for(lambda s: s.commands, timeout=10)
        async with write_lock_held(db_path):
            fake_api.send_document(admin, path.name, path.read_bytes(), user_id=admin,
                                   caption="2020")
            await asyncio.sleep(0.5)  # read in its thread, now waiting for the lock
            started = time.monotonic()
            fake_api.send_text(602, "sở y tế 2019")
            await fake_api.wait_for(lambda s: s.sent(602), timeout=10)
            answered = time.monotonic() - started
            await asyncio.sleep(1.0)
            assert not fake_api.sent(admin)  # no preview while the lock is held
        await fake_api.wait_for(lambda s: s.sent(admin), timeout=10)
    assert answered < 1.0
    assert "2020" in (fake_api.sent(admin)[0].text or "")
    assert fake_api.sent(admin)[0].callback_data  # the publish/cancel buttons


async def test_a_lock_held_too_long_gets_a_polite_try_again(fake_api, db_path, monkeypatch):
    monkeypatch.setattr("bot.telegram.db_writes.WRITE_WAIT_S", 0.3)
    from bot.words import operations

    async with running_bot(fake_api) as application:
        async with write_lock_held(db_path):
            fake_api.send_text(601, "/subscribe")
            await fake_api.wait_for(lambda s: s.sent(601), timeout=10)
        await asyncio.sleep(0.2)
        application.bot_data["errors"].clear()
    assert fake_api.sent(601)[0].html == operations.TRY_AGAIN
    assert rows(db_path, "SELECT count(*) FROM subscriptions") == [(0,)]


# ---------------------------------------------------------------- two drainers

async def test_two_bot_processes_on_one_database_send_each_notice_once(
        fake_api, db, db_path, write_sheet):
    chats = list(range(8000, 8060))
    for chat in chats:
        subscribe(db, chat)
    follow(db, chats[0], ["so-y-te"])
    env = {"EGOV_OUTBOX_POLL": "0.2"}
    first, second = bot_process(fake_api, env), bot_process(fake_api, env)
    try:
        await asyncio.sleep(1.5)  # both started and looked at the outbox
        assert first.poll() is None
        assert second.poll() is None
        result = await asyncio.to_thread(egov_process, "publish", str(write_sheet()),
                                         "--year", "2020")
        assert result.returncode == 0, result.stderr
        await fake_api.wait_for(lambda s: len(notices(s)) == len(chats), timeout=20)
        await asyncio.sleep(1.0)  # a second copy, if any, would come now
    finally:
        logs = []
        for process in (first, second):
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.to_thread(process.communicate)
            logs.append(err.decode())
    assert notices(fake_api) == dict.fromkeys(chats, 1)
    assert sum("another bot process" in log for log in logs) == 1, logs
    assert rows(db_path, "SELECT DISTINCT status FROM outbox") == [("sent",)]


def test_lease_is_refused_to_a_second_holder_until_it_expires(db):
    from storage import lease

    first = lease.acquire(db, "a:1:x", seconds=10, now=1000.0)
    second = lease.acquire(db, "b:2:y", seconds=10, now=1005.0)
    renewed = lease.acquire(db, "a:1:x", seconds=10, now=1008.0)
    still = lease.acquire(db, "b:2:y", seconds=10, now=1017.0)
    taken = lease.acquire(db, "b:2:y", seconds=10, now=1018.5)
    assert (first.held, second.held, renewed.held, still.held, taken.held) == (
        True, False, True, False, True)
    assert second.holder == "a:1:x"
    assert lease.acquire(db, "a:1:x", seconds=10, now=1019.0).held is False


def test_lease_of_a_dead_local_process_is_taken_over_at_once(db):
    import socket

    from storage import lease

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    lease.acquire(db, f"{socket.gethostname()}:{dead}:old", seconds=60, now=1000.0)
    assert lease.acquire(db, lease.new_holder(), seconds=60, now=1001.0).held
    lease.release(db, "nobody")  # releasing someone else's lease changes nothing
    assert db.execute("SELECT count(*) FROM leases").fetchone() == (1,)


# ---------------------------------------------------------------- concurrent publishes

SLOW_PUBLISH = """
import pathlib, sys, time
from storage.store import ensure_database, publish
db = ensure_database()
def step(name):
    if name == "begin":  # inside the write transaction, before any row is written
        pathlib.Path(sys.argv[2]).write_text("in")
        time.sleep(1.5)
publish(db, sys.argv[1], 2020, on_step=step)
"""


async def test_two_concurrent_publishes_of_a_new_year_one_wins(
        fake_api, db, db_path, write_sheet, tmp_path):
    chats = [9001, 9002, 9003]
    for chat in chats:
        subscribe(db, chat)
    marker = tmp_path / "in-transaction"
    sheet = write_sheet()
    slow = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SLOW_PUBLISH, str(sheet), str(marker), cwd=REPO,
        env=dict(os.environ), stderr=asyncio.subprocess.PIPE)
    for _ in range(200):
        if marker.exists() or slow.returncode is not None:
            break
        await asyncio.sleep(0.05)
    assert marker.exists()
    other = await asyncio.to_thread(egov_process, "publish", str(sheet), "--year", "2020")
    _, slow_err = await slow.communicate()
    assert slow.returncode == 0, slow_err.decode()
    assert other.returncode == 1
    assert "đã được công bố" in other.stderr
    assert rows(db_path, "SELECT kind FROM publications WHERE year = 2020") == [("publish",)]
    assert rows(db_path, "SELECT chat_id, count(*) FROM outbox GROUP BY chat_id") == [
        (chat, 1) for chat in chats]
