"""The bot's brain, shared by Telegram, the console and `egov ask`: one database handle,
the in-memory snapshot and the name index, built once and refreshed after a publish."""

from __future__ import annotations

import dataclasses
import logging
import threading

from sqlite_utils import Database

from bot.answer import build_answer, help_answer
from bot.contract import Answer
from bot.matcher import NameIndex
from bot.query import Query, understand
from storage.snapshot import Snapshot, data_version, load_snapshot

log = logging.getLogger(__name__)

ANSWER_CACHE_SIZE = 4096


class AnswerService:
    """Answers messages from a snapshot that follows the database.

    `refresh()` is cheap (one PRAGMA) and reloads only when another connection committed,
    e.g. an `egov publish` run from a shell while the bot is up.
    """

    def __init__(self, db: Database):
        self.db = db
        self._lock = threading.Lock()
        self._version = -1
        self._units: tuple = ()
        # Many officials ask the same few things: answers depend only on the understood
        # query and the snapshot, so they are kept until the snapshot changes.
        self._answers: dict[Query, Answer] = {}
        self.snapshot: Snapshot
        self.index: NameIndex
        self.refresh(force=True)

    def refresh(self, *, force: bool = False) -> bool:
        """Reload the snapshot if the database changed; True if it did."""
        with self._lock:
            version = data_version(self.db)
            if not force and version == self._version:
                return False
            snapshot = load_snapshot(self.db)
            units = tuple(snapshot.registry)
            if units != self._units:  # the name index only depends on the registry
                self.index = NameIndex(units)
                self._units = units
            self.snapshot, self._version = snapshot, version
            self._answers = {}
            return True

    def ask(self, text: str) -> Answer:
        """The answer to one message; never raises for any input."""
        try:
            query = understand(text, self.index)
            if query.kind == "help":  # its wording depends on the raw text
                return build_answer(text, query, self.snapshot)
            key = dataclasses.replace(query, text="")
            cached = self._answers.get(key)
            if cached is None:
                if len(self._answers) >= ANSWER_CACHE_SIZE:
                    self._answers.clear()
                cached = self._answers[key] = build_answer(text, query, self.snapshot)
            return cached if cached.query == text else cached.model_copy(update={"query": text})
        except Exception:  # a bug must not cost the official an answer
            log.exception("could not answer %r", text[:200])
            return help_answer(text)
