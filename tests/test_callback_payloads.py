"""Button payloads are untrusted: one strict parser accepts exactly what the bot encodes,
and every callback query, forged or not, is answered once, politely, changing nothing."""

from __future__ import annotations

import asyncio
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.publish.views import encode_decision
from bot.telegram.callbacks import Callback, encode
from bot.telegram.payloads import StaleButton, UploadDecision, parse
from bot.words import cards
from tests.conftest import DATA, dump
from tests.support.bot_harness import running_bot
from tests.support.fake_bot_api import FakeBotApi

CHAT = 4242

# What the bot's own keyboards carry (written out by hand, from keyboards.py and friends).
REAL = [
    "u:so-y-te:2019", "u:so-y-te:0", "d:so-y-te:2019", "h:so-y-te:2019", "p:so-y-te:2019",
    "c:so-y-te+so-tu-phap:2019", "g:so-y-te:2019", "g:so-y-te:2019:p", "g::2019:g-huyen",
    "n::0:ex1", "f:so-y-te:0", "x:so-y-te:0", "x::0:all", "r::2019", "i:so-y-te:2019",
    "up:p:12", "up:r:7", "up:x:1",
]


@pytest.mark.parametrize("data", REAL)
def test_every_payload_the_bot_makes_is_accepted(data):
    payload = parse(data)
    assert not isinstance(payload, StaleButton)
    encoded = (encode_decision(payload.decision, payload.upload_id)
               if isinstance(payload, UploadDecision) else encode(payload))
    assert encoded == data


@pytest.mark.parametrize("data", [
    "u:so-y-te:²",  # superscript two: isdigit() is true, int() raises
    "u:so-y-te:٢٠١٩",  # Arabic-Indic digits
    "up:p:" + "9" * 40,  # OverflowError in SQLite
    "up:p:٣", "up:p:0", "up:p:012", "up:q:12", "up:p:12:x",
    "n::0:exa", "n::0:ex", "n::0:ex12", "n:so-y-te:0:ex1",
    "f::0", "x::0", "x::0:none", "x:so-y-te:0:all", "f:so-y-te:2019",
    "u::2019", "u:so-y-te+so-tu-phap:2019", "u:so-y-te:2019:x", "u:so-y-te:02019",
    "u:so-y-te:20190", "u:so-y-te:-1", "u:so-y-te:", "u:so-y-te", "u:-so:2019",
    "u:so--y:2019", "u:so+:2019", "u:SO-Y-TE:2019", "c:so-y-te:2019", "c::2019",
    "g::2019", "g::2019:p", "g:so-y-te:2019:z", "g:so-y-te:2019:g-tinh", "r:so-y-te:2019",
    "i:so-y-te+so-tu-phap:2019", "z:so-y-te:2019", "", ":", "::::", "u:so-y-te:2019\n",
    " u:so-y-te:2019", "u:so-y-te:2019 ", "x" * 65, "u:" + "a" * 60 + ":2019",
])
def test_anything_else_is_a_stale_button(data):
    assert parse(data) == StaleButton(data[:64])


def test_non_strings_are_stale_too():
    assert isinstance(parse(None), StaleButton)
    assert isinstance(parse(b"u:so-y-te:2019"), StaleButton)


@pytest.mark.parametrize("callback", [
    Callback("unit", ("so-y-te",), 2019), Callback("compare", ("so-y-te", "so-tu-phap"), 2018),
    Callback("chart", ("so-y-te",), 2019, "h"), Callback("unfollow", (), 0, "all"),
    Callback("page", (), 0, "ex0"), Callback("ranking", (), 2017),
])
def test_callbacks_round_trip(callback):
    assert parse(encode(callback)) == callback


# ---------------------------------------------------------------- through the fake Bot API

async def card_message(api) -> int:
    """Ask for a unit's card (with buttons) and return its message id."""
    before = len(api.sent(CHAT))
    api.send_text(CHAT, "so y te 2019")
    await api.wait_for(lambda s: len(s.sent(CHAT)) > before, timeout=10)
    return api.sent(CHAT)[-1].message_id


def screen(api) -> list[tuple[int, str | None, str | None]]:
    return [(m.message_id, m.html, str(m.reply_markup)) for m in api.sent()]


async def press_and_settle(api, application, message_id: int, data: str) -> list:
    """Press a (forged) button, wait until the bot has done all it will do, and return the
    answers given to that press."""
    query_id = api.press_button(CHAT, message_id, data, forged=True)
    await api.wait_for(lambda s: query_id not in s.open_callback_queries, timeout=10)
    processor = application.update_processor
    for _ in range(6000):  # the handler may still be editing or sending after its answer
        if application.update_queue.empty() and processor.current_concurrent_updates == 0:
            break
        await asyncio.sleep(0.005)
    return [a for a in api.callback_answers if a.callback_query_id == query_id]


FORGED_EXAMPLES = [
    "u:so-y-te:²", "up:p:" + "9" * 40, "n::0:exa", "f::0", "i:so-y-te:²", "g:so-y-te:²",
    "x::0:", "up:x:٣", "u:so-y-te:2999", "u:khong-co:2019", "c:so-y-te+khong-co:2019",
    "f:khong-co:0", "i:khong-co:2019", "g:khong-co:2019", "up:p:999", "r::2999",
]


async def test_forged_buttons_are_answered_once_as_stale_and_change_nothing(fake_api, db_path):
    async with running_bot(fake_api) as application:
        message_id = await card_message(fake_api)
        for data in FORGED_EXAMPLES:
            before, db_before = screen(fake_api), dump(db_path)
            answers = await press_and_settle(fake_api, application, message_id, data)
            assert [(a.text, a.show_alert) for a in answers] == [(cards.BUTTON_GONE, True)], data
            assert screen(fake_api) == before, data
            assert dump(db_path) == db_before, data


class BotThread:
    """The bot and the fake Bot API on an event loop of their own, so that a synchronous
    hypothesis test can press hundreds of buttons without restarting the bot each time."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture(scope="module")
def bot_thread(tmp_path_factory):
    """A running bot (its own database, built from data/) and the card it answered with."""
    path = tmp_path_factory.mktemp("payloads") / "egov.db"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EGOV_DB", str(path))
        env.setenv("EGOV_DATA_DIR", str(DATA))
        runner = BotThread()
        api = FakeBotApi(enforce_rate_limits=False)  # pacing is not what this test is about
        runner.run(api.start())
        bot = running_bot(api, flood_messages=1_000_000)  # not what this test is about
        application = runner.run(bot.__aenter__())
        message_id = runner.run(card_message(api))
        try:
            yield runner, api, application, path, message_id
        finally:
            runner.run(bot.__aexit__(None, None, None))
            runner.run(api.stop())
            runner.close()


ALPHABET = st.sampled_from("uhdpcgnfxrizq:+-0123456789²٣ysote:all")
# Fields a forger would try in place of one field of a real payload.
NASTY_FIELDS = st.sampled_from([
    "", "²", "٣", "9" * 40, "0", "-1", "ex", "exa", "ex9", "all", "so-y-te", "khong-co",
    "so-y-te+so-y-te", "2999", "02019", "1e30", "p", "g-tinh", "up", "u", " ",
])


def _replace_field(base: str, index: int, field: str) -> str:
    parts = base.split(":")
    parts[index % len(parts)] = field
    return ":".join(parts)


FORGED = st.one_of(
    st.text(min_size=1, max_size=64),
    st.text(ALPHABET, min_size=1, max_size=64),
    st.builds(lambda base, at, cut, extra: base[:at] + extra + base[at + cut:],
              st.sampled_from(REAL), st.integers(0, 20), st.integers(0, 3),
              st.text(ALPHABET, max_size=3)),
    st.builds(_replace_field, st.sampled_from(REAL), st.integers(0, 3), NASTY_FIELDS),
).filter(lambda data: 1 <= len(data.encode()) <= 64)


@settings(max_examples=80, deadline=None)
@given(data=FORGED)
def test_any_payload_is_answered_once_politely_and_stale_ones_change_nothing(bot_thread, data):
    runner, api, application, path, message_id = bot_thread
    before, db_before = screen(api), dump(path)
    answers = runner.run(press_and_settle(api, application, message_id, data))
    assert len(answers) == 1
    assert list(application.bot_data["errors"]) == []
    if isinstance(parse(data), StaleButton):
        assert (answers[0].text, answers[0].show_alert) == (cards.BUTTON_GONE, True)
        assert screen(api) == before
        assert dump(path) == db_before
    for message in api.sent():
        assert message.text or message.caption or message.photo or message.document
        assert "[]" not in (message.text or "")
