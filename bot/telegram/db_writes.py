"""Database writes off the event loop: one writer thread with its own connection.

A write waits for SQLite's lock (`busy_timeout`) while another process publishes or backs
up; done on the event loop, that wait froze every chat. Here each write runs in a single
worker thread (so writes keep their order) on a second connection: the event loop's
connection only reads, and WAL readers never wait for a writer. A write still locked out
after `WRITE_WAIT_S` raises DatabaseProblem (BUSY), which handlers answer with "try again".
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlite_utils import Database
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.telegram.admins import is_admin
from bot.words import operations
from storage.db import database_file, database_path, open_database
from storage.problems import DatabaseProblem, problem_from_error

log = logging.getLogger(__name__)

T = TypeVar("T")
WRITE_WAIT_S = 8.0


class DatabaseWriter:
    """Runs `fn(db, *args)` in the writer thread; DatabaseProblem for database faults."""

    def __init__(self, path: str | Path, *, wait_s: float | None = None,
                 shared: Database | None = None):
        """`shared`: write on that connection instead (an in-memory database has no file
        for a second connection; its writes cannot be locked out by another process)."""
        self.path = Path(path)
        self.wait_s = WRITE_WAIT_S if wait_s is None else wait_s
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="db-writer")
        self._shared = shared
        self._db: Database | None = shared

    def _call(self, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        if self._db is None:
            self._db = open_database(self.path, migrate=False, check=False)
            self._db.conn.execute(f"PRAGMA busy_timeout = {int(self.wait_s * 1000)}")
        try:
            return fn(self._db, *args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            problem = problem_from_error(exc, self.path)
            if problem is None:
                raise
            raise problem from exc

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`fn(db, *args, **kwargs)` on the writer's connection, without blocking the loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, functools.partial(self._call, fn, args, kwargs))

    def close(self) -> None:
        """Close the connection (in its thread) and stop the thread."""
        def close_db() -> None:
            if self._db is not None and self._db is not self._shared:
                self._db.close()
                self._db = None

        self._executor.submit(close_db).result()
        self._executor.shutdown()


def writer_for(application: Application) -> DatabaseWriter:
    """The application's writer, created on first use beside the service's database."""
    writer = application.bot_data.get("writer")
    if not isinstance(writer, DatabaseWriter):
        db = application.bot_data["service"].db
        path = database_file(db)
        writer = application.bot_data["writer"] = (
            DatabaseWriter(path) if str(path) else DatabaseWriter(path, shared=db))
    return writer


async def write(context: ContextTypes.DEFAULT_TYPE, fn: Callable[..., T], *args: Any,
                **kwargs: Any) -> T:
    """Run a storage write for a handler; raises DatabaseProblem (the error handler answers)."""
    return await writer_for(cast(Application, context.application)).run(fn, *args, **kwargs)


def close_writer(application: Application) -> None:
    writer = application.bot_data.pop("writer", None)
    if isinstance(writer, DatabaseWriter):
        writer.close()


async def answer_database_problem(update: object,
                                  context: ContextTypes.DEFAULT_TYPE) -> bool:
    """For the error handler: if the error was the database's, tell the user politely (an
    admin gets the operator's line: file and what to do) and return True."""
    error = context.error
    path = database_path()
    if isinstance(error, DatabaseProblem):
        problem: DatabaseProblem | None = error
    elif isinstance(error, sqlite3.Error | OSError):
        problem = problem_from_error(error, path)
    else:
        problem = None
    if problem is None or not isinstance(update, Update) or update.effective_chat is None:
        return False
    admin = is_admin(update.effective_user, context)
    html = operations.admin_problem(problem) if admin else operations.user_message(problem)
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    try:
        await context.bot.send_message(update.effective_chat.id, html)
    except TelegramError:
        log.warning("could not tell chat %s about %s", update.effective_chat.id, problem)
    return True
