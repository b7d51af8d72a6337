"""The bot's brain, shared by Telegram, the console and `egov ask`: one database handle,
the in-memory snapshot, the name index and the question grammar, built once and refreshed
after a publish; and the conversations, kept per chat in memory."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Hashable
from datetime import date

from sqlite_utils import Database

from bot.answer import answer_question, help_answer
from bot.contract import Answer
from bot.conversation import Conversations, follow
from bot.matcher import NameIndex
from bot.national import NationalRank, load_national_ranks
from bot.query_grammar import Grammar, Question
from bot.query_measures import Vocabulary
from storage.db import data_dir
from storage.snapshot import Snapshot, data_version, load_snapshot

log = logging.getLogger(__name__)

ANSWER_CACHE_SIZE = 4096
_NOT_CONTEXT = frozenset({"help", "greeting", "thanks", "out_of_scope", "needs_unit",
                          "clarify", "about", "national"})


class AnswerService:
    """Answers messages from a snapshot that follows the database.

    `refresh()` is cheap (one PRAGMA) and reloads only when another connection committed,
    e.g. an `egov publish` run from a shell while the bot is up. `today` is the clock for
    "năm nay"/"năm ngoái"; `clock` times out conversations (both injectable for tests).
    """

    def __init__(self, db: Database, *, today: Callable[[], date] = date.today,
                 clock: Callable[[], float] = time.monotonic,
                 national: tuple[NationalRank, ...] | None = None):
        self.db = db
        self.today = today
        self._lock = threading.Lock()
        self._version = -1
        self._units: tuple = ()
        self._editions: object = None
        # Many officials ask the same few things: answers depend only on the understood
        # question and the snapshot, so they are kept until the snapshot changes.
        self._answers: dict[Question, Answer] = {}
        self.conversations = Conversations(clock=clock)
        self.national = load_national_ranks(data_dir()) if national is None else national
        self.snapshot: Snapshot
        self.index: NameIndex
        self.grammar: Grammar
        self.refresh(force=True)

    def refresh(self, *, force: bool = False) -> bool:
        """Reload the snapshot if the database changed; True if it did."""
        with self._lock:
            version = data_version(self.db)
            if not force and version == self._version:
                return False
            snapshot = load_snapshot(self.db)
            units = tuple(snapshot.registry)
            editions = [e.model_dump_json() for e in snapshot.editions]
            if units != self._units or editions != self._editions:
                # the name index depends on the registry and the groups' words
                self.index = NameIndex(units, snapshot.editions)
                self._units = units
                self.grammar = Grammar(self.index, Vocabulary.from_editions(snapshot.editions))
                self._editions = editions
            self.snapshot, self._version = snapshot, version
            self._answers = {}
            return True

    def understand(self, text: str, chat: Hashable | None = None) -> Question:
        """The structured question, completed from the chat's previous one if partial."""
        question = self.grammar.parse(text, self.today().year)
        if chat is None:
            return question
        question = follow(self.conversations.get(chat), question)
        if question.op not in _NOT_CONTEXT:
            self.conversations.put(chat, question)
        return question

    def ask(self, text: str, chat: Hashable | None = None) -> Answer:
        """The answer to one message (in `chat`'s conversation, if given); never raises."""
        try:
            question = self.understand(text, chat)
            if question.op == "help":  # its wording depends on the raw text
                answer = answer_question(question, self.snapshot)
                return answer.model_copy(update={"query": text})
            key = dataclasses.replace(question, text="")
            cached = self._answers.get(key)
            if cached is None:
                if len(self._answers) >= ANSWER_CACHE_SIZE:
                    self._answers.clear()
                cached = self._answers[key] = answer_question(question, self.snapshot,
                                                              self.national)
            return cached if cached.query == text else cached.model_copy(update={"query": text})
        except Exception:  # a bug must not cost the official an answer
            log.exception("could not answer %r", text[:200])
            return help_answer(text)
