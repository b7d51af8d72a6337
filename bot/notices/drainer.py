"""Deliver the outbox: every pending notice sent once, at Telegram's pace, behind people.

One long-lived task per running application (started and kept alive by a repeating
JobQueue tick) reads pending rows in id order and sends each through the rate limiter with
`NOTICES` priority, so an official's question is always served first. Only `MAX_IN_FLIGHT`
sends wait in the limiter at a time: enough to keep it at full speed, few enough that an
answer never queues behind thousands of notices. Each row is marked in SQLite right after
Telegram answers, so a restart resumes where the last run stopped.

What Telegram answers decides the row's fate:
- a message: `sent`;
- Forbidden (blocked, kicked) or "chat not found": the subscription becomes inactive (kept);
- ChatMigrated: subscription, follows and pending rows move to the new id; sent again there;
- RetryAfter (past the limiter's own retries): tried again when Telegram said;
- network errors and 5xx: retried with exponential backoff; after `outbox_max_attempts`
  the row is `failed` and the admins get a report;
- any other BadRequest: `failed` at once (sending it again would fail the same way).

Writes go through the writer thread (bot/db_writes.py), never blocking the event loop. When
a write fails (full disk, read-only file, lock held too long) the drainer stops launching
sends: a notice Telegram accepted but that could not be marked `sent` is remembered in memory
and never sent again by this process; the log and the admins are told once. Every poll it
tries to write again; when it can, it marks what it remembered and carries on.

Only the holder of the `outbox` lease (storage/lease.py) sends: a second bot process on the
same database answers questions and stands by, taking over when the holder stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from typing import Any, cast

from sqlite_utils import Database
from telegram import Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ContextTypes

from bot.config import Settings
from bot.notices.views import notice_message
from bot.render import esc
from bot.service import AnswerService
from bot.telegram.db_writes import DatabaseWriter, writer_for
from bot.telegram.ratelimit import NOTICES
from bot.words import notices, operations
from storage import lease, outbox
from storage.outbox import Notice
from storage.problems import DatabaseProblem, Problem
from storage.subscriptions import InactiveReason, deactivate, followed_units, migrate_chat

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 30  # one second of sends at 30/s: the limiter never runs dry, never floods
BATCH = 4 * MAX_IN_FLIGHT
MAX_BACKOFF = 300.0
STOP_CHECK = 0.2  # seconds: how quickly an idle drainer notices the application stopping
REPORT_EVERY = 60.0  # seconds between admin reports while a broadcast is still running
REPORT_LINES = 10
JOB_NAME = "outbox"


def backoff(attempt: int, first: float) -> float:
    """Seconds before try number `attempt + 1`: first, 2×first, 4×first…, capped."""
    return min(MAX_BACKOFF, first * 2 ** max(0, attempt - 1))


def _seconds(value: Any) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


class OutboxDrainer:
    """Sends pending outbox rows; one per application, kept in `bot_data["notices"]`."""

    def __init__(self, application: Application, settings: Settings):
        self.application = application
        self.settings = settings
        self.max_in_flight = MAX_IN_FLIGHT
        self._in_flight: dict[int, int] = {}  # row id → chat id
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake: asyncio.Event | None = None
        self._slots: asyncio.Semaphore | None = None
        self._runner: asyncio.Task[None] | None = None
        self._failures: list[tuple[int, str]] = []  # (chat id, error) not yet reported
        self._reported_at = 0.0
        self.holder = lease.new_holder()
        self.lease_seconds = lease.SECONDS
        self._leased = False
        self._lease_renewed = -math.inf  # monotonic time of the last successful renewal
        self._standby_for: str | None = None  # the other holder we last logged
        self._paused: DatabaseProblem | None = None  # why writes fail; None = sending
        self._unrecorded: dict[int, int | None] = {}  # sent, "sent" not yet written

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._runner is not None and not self._runner.done()

    def wake(self) -> None:
        """Look at the outbox now (a handler just queued notices)."""
        if self._wake is not None:
            self._wake.set()

    async def tick(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """JobQueue callback: start the drain loop if it is not running (first tick, crash)."""
        if not self.running and self.application.running:
            self._wake = asyncio.Event()
            self._slots = asyncio.Semaphore(self.max_in_flight)
            # application.create_task: Application.stop() waits for it, and it stops sending
            # as soon as the application stops running, marking what is in flight first.
            self._runner = self.application.create_task(self.run(), name="outbox-drainer")
        self.wake()

    @property
    def _db(self) -> Database:
        return self._service.db

    @property
    def _writer(self) -> DatabaseWriter:
        return writer_for(self.application)

    @property
    def paused(self) -> DatabaseProblem | None:
        """Why sending is stopped (the database cannot be written), or None."""
        return self._paused

    @property
    def draining(self) -> bool:
        """Whether this process holds the outbox lease."""
        return self._leased

    @property
    def _service(self) -> AnswerService:
        return cast(AnswerService, self.application.bot_data["service"])

    async def run(self) -> None:
        """Send until the application stops; then wait for the sends already started."""
        try:
            while self.application.running:
                if not await self._may_send():
                    await self._idle()
                elif not await self._launch_due():
                    await self._report_failures(idle=not self._in_flight)
                    await self._idle()
        finally:
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._release()

    # -- who sends, and whether the database can record it ------------------------------------

    async def _may_send(self) -> bool:
        """Sending is allowed: the database is writable and this process holds the lease."""
        if self._paused is not None and not await self._try_resume():
            return False
        return await self._hold_lease()

    async def _hold_lease(self) -> bool:
        """Take or renew the outbox lease (a write: at most every third of its life)."""
        started = time.monotonic()
        if self._leased and started - self._lease_renewed < self.lease_seconds / 3:
            return True
        try:
            state = await self._writer.run(lease.acquire, self.holder,
                                           seconds=self.lease_seconds)
        except DatabaseProblem as problem:
            self._leased = False  # cannot renew: stop before another process takes over
            self._pause(problem)
            return False
        if state.held:
            if not self._leased:
                log.info("this process sends the notices (outbox lease %s)", self.holder)
            self._lease_renewed = started
            self._standby_for = None
        elif self._standby_for != state.holder:
            log.warning("another bot process (%s) sends the notices on this database; this "
                        "one answers questions only and takes over if that one stops",
                        state.holder)
            self._standby_for = state.holder
        self._leased = state.held
        return state.held

    async def _release(self) -> None:
        if self._leased:
            self._leased = False
            with contextlib.suppress(DatabaseProblem):
                await self._writer.run(lease.release, self.holder)

    async def _write(self, fn: Any, *args: Any, **kwargs: Any) -> bool:
        """Run a storage write in the writer thread; on a database fault pause and say False."""
        try:
            await self._writer.run(fn, *args, **kwargs)
        except DatabaseProblem as problem:
            self._pause(problem)
            return False
        return True

    def _pause(self, problem: DatabaseProblem) -> None:
        """Stop launching sends until the database can be written; say so once."""
        if self._paused is not None:
            return
        self._paused = problem
        log.error("notices paused: cannot write to the database (%s); no notice is sent "
                  "until it can be written again, so none is sent twice", problem)
        if problem.kind is not Problem.BUSY:
            self._tell_admins(operations.drainer_paused(problem))

    async def _try_resume(self) -> bool:
        """Record what was sent meanwhile; True (and carry on) once a write succeeds."""
        try:
            for notice_id, message_id in list(self._unrecorded.items()):
                await self._writer.run(outbox.mark_sent, notice_id, message_id)
                del self._unrecorded[notice_id]
            state = await self._writer.run(lease.acquire, self.holder,
                                           seconds=self.lease_seconds)
        except DatabaseProblem:
            return False
        problem, self._paused = self._paused, None
        self._leased, self._lease_renewed = state.held, time.monotonic()
        log.warning("notices resumed: the database can be written again (was: %s)", problem)
        if problem is not None and problem.kind is not Problem.BUSY:
            self._tell_admins(operations.DRAINER_RESUMED)
        return True

    def _tell_admins(self, html: str) -> None:
        task = asyncio.create_task(self._send_admins(html), name="notices-admin-report")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send_admins(self, html: str) -> None:
        for admin in sorted(self.settings.admins):
            try:
                await self.application.bot.send_message(admin, html)
            except (Forbidden, BadRequest, NetworkError) as exc:
                log.warning("could not tell admin %s about the outbox: %s", admin, exc)

    async def _idle(self) -> None:
        """Sleep until woken, the poll interval passes, or the application stops."""
        if self._wake is None:
            raise RuntimeError("the drainer is not running")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.outbox_poll_seconds
        while self.application.running and not self._wake.is_set():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), min(STOP_CHECK, remaining))
        self._wake.clear()

    async def _launch_due(self) -> int:
        """Start sending due rows (one at a time per chat, keeping order); how many started."""
        if self._slots is None:
            raise RuntimeError("the drainer is not running")
        launched = 0
        rows = outbox.due_notices(self._db, limit=BATCH + len(self._in_flight))
        for row in rows:
            if (row.id in self._in_flight or row.id in self._unrecorded
                    or row.chat_id in self._in_flight.values()):
                continue
            await self._slots.acquire()
            if not self.application.running or self._paused is not None:
                self._slots.release()
                break
            self._in_flight[row.id] = row.chat_id
            task = asyncio.create_task(self._deliver(row.id), name=f"notice-{row.id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            launched += 1
        return launched

    # -- one row ------------------------------------------------------------------------------

    async def _deliver(self, notice_id: int) -> None:
        if self._slots is None:
            raise RuntimeError("the drainer is not running")
        try:
            notice = outbox.pending_notice(self._db, notice_id)  # cancelled or moved meanwhile?
            if notice is not None:
                await self._attempt(notice)
        except Exception:  # a bug must not stop the drainer; the row stays pending, retried
            log.exception("delivering notice %s failed unexpectedly", notice_id)
            if notice_id not in self._unrecorded:
                with contextlib.suppress(Exception):
                    await self._transient(outbox.pending_notice(self._db, notice_id),
                                          "internal error")
        finally:
            self._in_flight.pop(notice_id, None)
            self._slots.release()
            self.wake()

    def _message_for(self, notice: Notice) -> tuple[str, Any]:
        service = self._service
        service.refresh()  # a publish from another process
        if notice.year is not None and notice.year not in service.snapshot.years:
            service.refresh(force=True)  # written by this process: data_version cannot tell
        return notice_message(notice, service.snapshot, followed_units(self._db, notice.chat_id))

    async def _attempt(self, notice: Notice) -> None:
        html, keyboard = self._message_for(notice)
        bot = self.application.bot
        extra = {"rate_limit_args": NOTICES} if getattr(bot, "rate_limiter", None) else {}
        try:
            message: Message = await bot.send_message(
                notice.chat_id, html, reply_markup=keyboard, **extra)
        except Forbidden as exc:
            await self._gone(notice, InactiveReason.BLOCKED, exc.message)
        except ChatMigrated as exc:
            log.info("chat %s migrated to %s; moving its subscription", notice.chat_id,
                     exc.new_chat_id)
            await self._write(migrate_chat, notice.chat_id, exc.new_chat_id)
        except RetryAfter as exc:
            await self._write(outbox.retry_later, notice.id, exc.message,
                              _seconds(exc.retry_after), count_attempt=False)
        except BadRequest as exc:  # before NetworkError: BadRequest is a subclass of it
            if "chat not found" in exc.message.lower():
                await self._gone(notice, InactiveReason.GONE, exc.message)
            else:
                await self._fail(notice, exc.message)
        except NetworkError as exc:  # connection errors, timeouts, 5xx
            await self._transient(notice, exc.message)
        else:
            if not await self._write(outbox.mark_sent, notice.id, message.message_id):
                # Telegram has it: never send it again, record it once writes work again
                self._unrecorded[notice.id] = message.message_id

    async def _gone(self, notice: Notice, reason: InactiveReason, error: str) -> None:
        log.info("chat %s is gone (%s); subscription kept inactive", notice.chat_id, error)
        # cancels this row and the chat's others
        await self._write(deactivate, notice.chat_id, reason)

    async def _transient(self, notice: Notice | None, error: str) -> None:
        if notice is None:
            return
        attempts = notice.attempts + 1
        if attempts >= self.settings.outbox_max_attempts:
            await self._fail(notice, error)
            return
        delay = backoff(attempts, self.settings.outbox_retry_seconds)
        log.info("notice %s to %s: %s; retrying in %.0f s", notice.id, notice.chat_id, error,
                 delay)
        await self._write(outbox.retry_later, notice.id, error, delay)

    async def _fail(self, notice: Notice, error: str) -> None:
        log.warning("notice %s to chat %s failed: %s", notice.id, notice.chat_id, error)
        if await self._write(outbox.mark_failed, notice.id, error):
            self._failures.append((notice.chat_id, error))

    # -- admins ---------------------------------------------------------------------------------

    async def _report_failures(self, *, idle: bool) -> None:
        """Tell the admins which notices failed: when the outbox is idle, or every minute."""
        now = time.monotonic()
        if not self._failures or (not idle and now - self._reported_at < REPORT_EVERY):
            return
        failures, self._failures = self._failures, []
        self._reported_at = now
        lines = [notices.delivery_failure_line(chat, esc(error))
                 for chat, error in failures[:REPORT_LINES]]
        html = notices.delivery_failures_report(len(failures), lines)
        for admin in sorted(self.settings.admins):
            try:
                await self.application.bot.send_message(admin, html)
            except (Forbidden, BadRequest, NetworkError) as exc:
                log.warning("could not report failed notices to admin %s: %s", admin, exc)


def start_drainer(application: Application) -> OutboxDrainer:
    """Create the drainer and tick it every `outbox_poll_seconds` (first tick at start)."""
    settings = cast(Settings, application.bot_data["settings"])
    drainer = OutboxDrainer(application, settings)
    application.bot_data["notices"] = drainer
    if application.job_queue is None:
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): notices are not sent")
        return drainer
    application.job_queue.run_repeating(
        drainer.tick, interval=settings.outbox_poll_seconds, first=0, name=JOB_NAME)
    return drainer


def wake_drainer(application: Application) -> None:
    """Ask the running drainer to look at the outbox now (after queuing notices)."""
    drainer = application.bot_data.get("notices")
    if isinstance(drainer, OutboxDrainer):
        drainer.wake()
