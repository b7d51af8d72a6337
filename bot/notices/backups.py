"""The bot's daily backup: every hour it checks, and when the newest backup is a day old it
takes one (SQLite's online backup API, in a thread) and keeps the newest seven."""

from __future__ import annotations

import asyncio
import logging

from telegram.ext import Application, ContextTypes

from bot.service import AnswerService
from storage.backup import backup_dir, backup_due, take_backup
from storage.db import database_file
from storage.problems import DatabaseProblem

log = logging.getLogger(__name__)

CHECK_EVERY_S = 3600.0
FIRST_CHECK_S = 30.0  # after start-up, when the first questions have been answered
JOB_NAME = "daily-backup"


async def backup_if_due(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue callback: take the day's backup if none is younger than a day."""
    service = context.bot_data.get("service")
    if not isinstance(service, AnswerService):
        return
    source = database_file(service.db)
    if not str(source):  # an in-memory database (tests, console) has nothing to keep
        return
    folder = backup_dir(source)
    if not backup_due(folder):
        return
    try:
        made = await asyncio.to_thread(take_backup, source, folder)
    except DatabaseProblem as problem:
        log.error("daily backup failed: %s", problem)
        return
    log.info("daily backup written to %s", made)


def start_backups(application: Application) -> None:
    """Check hourly (the first time shortly after start)."""
    if application.job_queue is None:
        log.warning("no JobQueue: the daily backup does not run")
        return
    application.job_queue.run_repeating(
        backup_if_due, interval=CHECK_EVERY_S, first=FIRST_CHECK_S, name=JOB_NAME)
