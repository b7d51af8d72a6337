"""Tests of the fake Bot API server, driven by a real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import os
import struct
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.support.fake_bot_api import (
    ANY_METHOD,
    EntityParseError,
    FakeBotApi,
    fix_formatted_text,
    parse_telegram_html,
)

# PTB 22 warns (an error under filterwarnings=error) whenever it reads a duration such as
# RetryAfter.retry_after, unless it is told to use datetime.timedelta already.
os.environ["PTB_TIMEDELTA"] = "true"


class ManualClock:
    """A clock the test moves by hand, so flood-control tests don't sleep or flake."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@asynccontextmanager
async def running(**options: Any) -> AsyncIterator[tuple[FakeBotApi, Bot]]:
    async with FakeBotApi(**options) as server:
        bot = Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url)
        async with bot:
            yield server, bot


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(
        server.token, base_url=server.base_url, base_file_url=server.base_file_url
    ) as client:
        yield client


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def simplify(entities: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    result = []
    for entity in entities:
        extra = entity.get("url") or entity.get("language") or entity.get("custom_emoji_id")
        base = (entity["type"], entity["offset"], entity["length"])
        result.append((*base, extra) if extra else base)
    return result


# -- parse_telegram_html -----------------------------------------------------------------------

GOOD_HTML = [
    ("<b>Điểm</b>: 95", "Điểm: 95", [("bold", 0, 4)]),
    ("<B>Hạng</B>", "Hạng", [("bold", 0, 4)]),
    (
        "<strong>a</strong><i>b</i><em>c</em><u>d</u><ins>e</ins><s>f</s><strike>g</strike>"
        "<del>h</del>",
        "abcdefgh",
        [
            ("bold", 0, 1),
            ("italic", 1, 1),
            ("italic", 2, 1),
            ("underline", 3, 1),
            ("underline", 4, 1),
            ("strikethrough", 5, 1),
            ("strikethrough", 6, 1),
            ("strikethrough", 7, 1),
        ],
    ),
    (
        '<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>',
        "xy",
        [("spoiler", 0, 1), ("spoiler", 1, 1)],
    ),
    (
        '<a href="https://egov.dienbien.gov.vn/xep-hang?nam=2024&amp;q=1">Xem</a>',
        "Xem",
        [("text_link", 0, 3, "https://egov.dienbien.gov.vn/xep-hang?nam=2024&q=1")],
    ),
    ("<a href='dienbien.gov.vn'>x</a>", "x", [("text_link", 0, 1, "http://dienbien.gov.vn/")]),
    ('<a href="javascript:alert(1)">x</a>', "x", []),
    ("<code>x &lt; y</code>", "x < y", [("code", 0, 5)]),
    ('<code class="language-python">x</code>', "x", [("code", 0, 1)]),
    (
        '<pre><code class="language-python">print(1)</code></pre>',
        "print(1)",
        [("pre", 0, 8, "python")],
    ),
    ("<pre>a\nb</pre>", "a\nb", [("pre", 0, 3)]),
    ("<blockquote>q</blockquote>", "q", [("blockquote", 0, 1)]),
    ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
    (
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "👍",
        [("custom_emoji", 0, 2, "5368324170671202286")],
    ),
    ("&#65;&#x42;&quot;&amp;&gt;&lt;", 'AB"&><', []),
    ("😀 <b>x</b>", "😀 x", [("bold", 3, 1)]),  # offsets count UTF-16 code units
    ("<b><i>both</i></b>", "both", [("bold", 0, 4), ("italic", 0, 4)]),
    ("<b>a <i>b</i></b> c", "a b c", [("bold", 0, 3), ("italic", 2, 1)]),
    ("<b>x</>", "x", [("bold", 0, 1)]),  # Telegram accepts the short end tag
    ("<b></b>empty", "empty", []),
    ("2 > 1", "2 > 1", []),
]


@pytest.mark.parametrize(("html", "plain", "entities"), GOOD_HTML)
def test_parse_telegram_html_accepts(html: str, plain: str, entities: list[Any]) -> None:
    text, found = parse_telegram_html(html)
    assert text == plain
    assert simplify(found) == entities


BAD_HTML = [
    ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
    ("Điểm <br>", 'Unsupported start tag "br" at byte offset 8'),  # offsets are UTF-8 bytes
    ("<b>a<i>b</b></i>", 'Unmatched end tag at byte offset 8, expected "</i>", found "</b>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<i>a</i   ", "Unclosed end tag at byte offset 4"),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("ends with <", "Unclosed start tag at byte offset 10"),
    ("<b", "Unclosed start tag at byte offset 0"),
    ('<a href="x', "Unclosed start tag at byte offset 0"),
    ("<a href=x,y>z</a>", "Unexpected end of name token at byte offset 8"),
    ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
    ("AT&T", "Unsupported HTML entity at byte offset 2"),
    ("&nbsp;", "Unsupported HTML entity at byte offset 0"),
    ("a &lt b", "Unsupported HTML entity at byte offset 2"),
    ('<a href="?a=1&b=2">x</a>', "Unsupported HTML entity at byte offset 13"),
    ("&#xD800;", "Text contains invalid Unicode characters"),
    ("nul\0", "Text must not contain null bytes"),
]


@pytest.mark.parametrize(("html", "message"), BAD_HTML)
def test_parse_telegram_html_rejects(html: str, message: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_telegram_html(html)
    assert caught.value.message.startswith(message)


def test_non_strict_mode_keeps_bare_ampersands_like_telegram() -> None:
    assert parse_telegram_html("AT&T &lt", strict=False) == ("AT&T <", [])


def test_fix_formatted_text_normalises_whitespace_like_telegram() -> None:
    text, entities = parse_telegram_html("  \n<b>x</b>\t y <i> </i>\r\n")
    assert fix_formatted_text(text, entities) == (
        "x  y",
        [{"offset": 0, "length": 1, "type": "bold"}],
    )
    assert fix_formatted_text(" \n ", []) == ("", [])


# -- the server through a real PTB client ---------------------------------------------------------


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "test_bot", True)


async def test_send_edit_delete_round_trip(server: FakeBotApi, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Xem", callback_data="rank:1")]])
    sent = await bot.send_message(
        42, "<b>Điểm</b> &amp; hạng", parse_mode="HTML", reply_markup=markup
    )
    assert sent.text == "Điểm & hạng"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 4)]
    assert sent.reply_markup == markup
    assert sent.from_user is not None
    assert sent.from_user.id == bot.id
    assert sent.chat.type == "private"

    record = server.message(42, sent.message_id)
    assert record.html == "<b>Điểm</b> &amp; hạng"
    assert record.text == "Điểm & hạng"
    assert record.callback_data == ["rank:1"]

    edited = await bot.edit_message_text("Mới", chat_id=42, message_id=sent.message_id)
    assert isinstance(edited, type(sent))
    assert edited.text == "Mới"
    assert edited.reply_markup is None  # editing without reply_markup drops the keyboard
    assert record.text == "Mới"
    assert [old.text for old in record.edits] == ["Điểm & hạng"]

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Mới", chat_id=42, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=42, message_id=999)

    await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=markup)
    assert record.reply_markup == markup.to_dict()
    assert await bot.delete_message(42, sent.message_id)
    assert record.deleted
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(42, sent.message_id)
    assert [m.message_id for m in server.sent(42)] == [sent.message_id]


async def test_long_poll_returns_as_soon_as_an_update_is_queued(
    server: FakeBotApi, bot: Bot
) -> None:
    loop = asyncio.get_running_loop()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not poll.done()
    queued_at = loop.time()
    update_id = server.send_text(7, "/tra Sở Y tế")
    updates = await asyncio.wait_for(poll, 2)
    assert loop.time() - queued_at < 1
    [update] = updates
    assert update.update_id == update_id
    assert update.message is not None
    assert update.message.text == "/tra Sở Y tế"
    assert [(e.type, e.offset, e.length) for e in update.message.entities] == [
        ("bot_command", 0, 4)
    ]
    # Not confirmed yet, so delivered again; an offset past it confirms and drops it.
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [update_id]
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == ()
    assert server.pending_updates == []


async def test_get_updates_timeout_limit_and_offset(server: FakeBotApi, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=0.2) == ()
    assert loop.time() - started >= 0.19

    ids = [server.send_text(1, f"tin {n}") for n in range(5)]
    first_two = await bot.get_updates(limit=2, allowed_updates=Update.ALL_TYPES)
    assert [u.update_id for u in first_two] == ids[:2]
    rest = await bot.get_updates(offset=ids[2])
    assert [u.update_id for u in rest] == ids[2:]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[-1:]
    group = server.send_text(-100, "/start@test_bot", user_id=5)
    [update] = await bot.get_updates(offset=group)
    assert update.message is not None
    assert update.message.chat.type == "group"
    assert update.effective_user is not None
    assert update.effective_user.id == 5
    assert update.message.entities[0].length == len("/start@test_bot")


async def test_application_polling_command_and_button_round_trip(server: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        keyboard = [[InlineKeyboardButton("Sở Y tế", callback_data="pick:syt")]]
        await update.message.reply_text(
            "<b>Chọn</b> đơn vị", parse_mode="HTML", reply_markup=InlineKeyboardMarkup(keyboard)
        )

    async def pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Đã chọn")
        await query.edit_message_text(f"Bạn chọn {query.data}")

    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pick))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        server.send_text(42, "/start", first_name="Lan")
        [menu] = await server.wait_for_messages(42, 1)
        assert menu.text == "Chọn đơn vị"
        assert menu.entities == [{"offset": 0, "length": 4, "type": "bold"}]
        server.press_button(42, menu.message_id, "pick:syt")
        await server.wait_for(lambda s: s.message(42, menu.message_id).text == "Bạn chọn pick:syt")
        assert [a.text for a in server.callback_answers] == ["Đã chọn"]
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert server.count_429 == 0


async def test_message_length_is_counted_in_utf16_after_parsing(bot: Bot) -> None:
    assert (await bot.send_message(1, "a" * 4096)).text == "a" * 4096
    await bot.send_message(2, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(3, "😀" * 2048)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(4, "a" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(5, "😀" * 2049)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(6, " \n ")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(7, "<b></b>", parse_mode="HTML")


@pytest.mark.parametrize(
    ("html", "fragment"),
    [
        ("<b>unclosed", 'find end tag corresponding to start tag "b"'),
        ("<div>x</div>", 'unsupported start tag "div" at byte offset 0'),
        ("<b>a<i>b</b></i>", "unmatched end tag"),
        ("điểm < 5", 'unsupported start tag "" at byte offset'),
        ("Sở Tư pháp & Sở Y tế", "unsupported html entity"),
    ],
)
async def test_bad_html_is_rejected(bot: Bot, html: str, fragment: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: ") as caught:
        await bot.send_message(1, html, parse_mode="HTML")
    assert fragment.lower() in caught.value.message.lower()


async def test_good_html_is_accepted_with_entities(server: FakeBotApi, bot: Bot) -> None:
    html = '<a href="https://dienbien.gov.vn">Điện Biên</a> <code>95.5</code> &lt;3'
    message = await bot.send_message(1, html, parse_mode="HTML")
    assert message.text == "Điện Biên 95.5 <3"
    assert [(e.type, e.offset, e.length, e.url) for e in message.entities] == [
        ("text_link", 0, 9, "https://dienbien.gov.vn/"),
        ("code", 10, 4, None),
    ]
    assert server.sent(1)[0].html == html


async def test_callback_data_is_limited_to_64_bytes(bot: Bot) -> None:
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Nút", callback_data=data)]])

    await bot.send_message(1, "ok", reply_markup=keyboard("x" * 64))
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(2, "too long", reply_markup=keyboard("x" * 65))
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(3, "22 chars, 66 bytes", reply_markup=keyboard("ệ" * 22))


async def test_overall_flood_limit_gives_retry_after() -> None:
    clock = ManualClock()
    async with running(clock=clock) as (server, bot):
        results = await asyncio.gather(
            *(bot.send_message(1000 + n, f"tin {n}") for n in range(40)),
            return_exceptions=True,
        )
        refused = [r for r in results if isinstance(r, RetryAfter)]
        assert len(refused) == 10
        assert len(server.sent()) == 30
        assert {r.retry_after for r in refused} == {dtm.timedelta(seconds=1)}
        assert server.count_429 == 10
        assert sum(server.count_429_by_chat.values()) == 10
        assert sum(1 for r in server.requests if r.status == 429) == 10
        clock.now += 1.0
        await bot.send_message(1, "after the window")


async def test_private_chat_token_bucket() -> None:
    clock = ManualClock()
    async with running(clock=clock, chat_burst=5, chat_rate=1.0) as (server, bot):
        for n in range(5):
            await bot.send_message(9, f"burst {n}")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(9, "one too many")
        assert caught.value.retry_after == dtm.timedelta(seconds=1)
        await bot.send_message(10, "other chats are not affected")
        clock.now += 1.0
        await bot.send_message(9, "refilled one token")
        with pytest.raises(RetryAfter):
            await bot.send_message(9, "empty again")
        assert server.count_429_by_chat[9] == 2


async def test_group_chat_limit_is_20_per_minute() -> None:
    clock = ManualClock()
    async with running(clock=clock) as (server, bot):
        for n in range(20):
            await bot.send_message(-200, f"nhóm {n}")
            clock.now += 0.1
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(-200, "21st")
        assert caught.value.retry_after == dtm.timedelta(seconds=58)
        clock.now += 58
        await bot.send_message(-200, "a minute later")
        assert server.count_429_by_chat == {-200: 1}


async def test_rate_limits_can_be_switched_off() -> None:
    async with running(enforce_rate_limits=False) as (server, bot):
        await asyncio.gather(*(bot.send_message(1, f"{n}") for n in range(40)))
        assert server.count_429 == 0
        assert len(server.sent(1)) == 40


async def test_blocked_user_gives_forbidden(server: FakeBotApi, bot: Bot) -> None:
    server.block(5)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(5, "hello")
    server.unblock(5)
    await bot.send_message(5, "hello again")
    server.block(-5)
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_chat_action(-5, "typing")


async def test_migrated_group_gives_chat_migrated(server: FakeBotApi, bot: Bot) -> None:
    server.migrate(-5, -1_000_000_000_005)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-5, "hello")
    assert caught.value.new_chat_id == -1_000_000_000_005
    message = await bot.send_message(caught.value.new_chat_id, "hello")
    assert message.chat.type == "supergroup"


async def test_fail_next_answers_with_server_errors(server: FakeBotApi, bot: Bot) -> None:
    server.fail_next(1)
    await bot.get_me()  # only message-sending methods are hit by default
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(1, "x")
    server.fail_next(1, status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(1, "x")
    await bot.send_message(1, "x")
    assert [m.text for m in server.sent(1)] == ["x"]
    server.fail_next(1, methods=[ANY_METHOD])
    with pytest.raises(NetworkError):
        await bot.get_me()
    assert [r.status for r in server.requests if r.status >= 500] == [500, 502, 500]


async def test_drop_next_closes_the_connection(server: FakeBotApi, bot: Bot) -> None:
    server.drop_next(1)
    with pytest.raises(NetworkError):  # TimedOut is a NetworkError too
        await bot.send_message(1, "lost")
    assert server.sent() == []
    assert server.requests[-1].status == 0
    server.drop_next(1, deliver=True)
    with pytest.raises(NetworkError):
        await bot.send_message(1, "delivered, answer lost")
    assert [m.text for m in server.sent(1)] == ["delivered, answer lost"]
    await bot.send_message(1, "fine again")


async def test_photo_and_document_uploads_are_stored(server: FakeBotApi, bot: Bot) -> None:
    png = tiny_png(3, 2)
    photo_message = await bot.send_photo(
        1, photo=png, caption="<b>Biểu đồ</b> 2024", parse_mode="HTML"
    )
    assert (photo_message.photo[-1].width, photo_message.photo[-1].height) == (3, 2)
    assert photo_message.caption == "Biểu đồ 2024"
    record = server.sent(1)[-1]
    assert record.photo == png
    assert record.caption_entities == [{"offset": 0, "length": 7, "type": "bold"}]

    doc_message = await bot.send_document(
        2, document=io.BytesIO(b"xlsx bytes"), filename="bao-cao.xlsx", caption="Báo cáo"
    )
    assert doc_message.document is not None
    assert doc_message.document.file_name == "bao-cao.xlsx"
    record = server.sent(2)[-1]
    assert (record.document, record.filename, record.caption) == (
        b"xlsx bytes",
        "bao-cao.xlsx",
        "Báo cáo",
    )
    again = await bot.send_document(3, document=doc_message.document.file_id)
    assert again.document is not None
    assert again.document.file_id == doc_message.document.file_id
    assert server.sent(3)[-1].document == b"xlsx bytes"

    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_photo(4, photo=png, caption="a" * 1025)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(4, document="no-such-file-id")


async def test_get_file_downloads_a_document_the_user_sent(server: FakeBotApi, bot: Bot) -> None:
    server.send_document(42, "diem.xlsx", b"PK\x03\x04 xlsx", caption="nộp điểm")
    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.document is not None
    assert update.message.caption == "nộp điểm"
    assert update.message.document.file_name == "diem.xlsx"
    telegram_file = await update.message.document.get_file()
    assert telegram_file.file_size == len(b"PK\x03\x04 xlsx")
    assert bytes(await telegram_file.download_as_bytearray()) == b"PK\x03\x04 xlsx"
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_commands_are_stored(server: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([("tra", "Tra cứu điểm"), BotCommand("start", "Bắt đầu")])
    assert server.commands == [
        {"command": "tra", "description": "Tra cứu điểm"},
        {"command": "start", "description": "Bắt đầu"},
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["tra", "start"]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Tra-Cuu", "x")])
    await bot.delete_my_commands()
    assert server.commands == []
    assert await bot.get_my_commands() == ()


async def test_callback_and_inline_answers(server: FakeBotApi, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(1, "menu", reply_markup=keyboard)
    with pytest.raises(LookupError, match="no button with callback_data 'b'"):
        server.press_button(1, sent.message_id, "b")
    query_id = server.press_button(1, sent.message_id, "a")
    assert await bot.answer_callback_query(query_id, text="ok", show_alert=True)
    assert server.callback_answers[0].show_alert
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)

    def article(result_id: str, html: str = "<b>Sở</b>") -> InlineQueryResultArticle:
        content = InputTextMessageContent(html, parse_mode="HTML")
        return InlineQueryResultArticle(result_id, "Sở", content)

    inline_id = server.send_inline_query(9, "sở")
    with pytest.raises(BadRequest, match=r"(?i)results_too_much"):
        await bot.answer_inline_query(inline_id, [article(str(n)) for n in range(51)])
    with pytest.raises(BadRequest, match=r"(?i)result_id_invalid"):
        await bot.answer_inline_query(inline_id, [article("x" * 65)])
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.answer_inline_query(inline_id, [article("1", "<b>oops")])
    await bot.answer_inline_query(inline_id, [article("1"), article("2")], cache_time=0)
    assert [r["id"] for r in server.inline_answers[inline_id]] == ["1", "2"]
    assert server.inline_answer_options[inline_id] == {"cache_time": "0"}


async def test_chat_action_chat_and_webhook(server: FakeBotApi, bot: Bot) -> None:
    await bot.send_chat_action(1, "typing")
    assert server.chat_actions == [(1, "typing")]
    server.send_text(1, "hi", first_name="Lan", username="lan")
    chat = await bot.get_chat(1)
    assert (chat.type, chat.first_name, chat.username) == ("private", "Lan", "lan")

    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()
    assert await bot.log_out()


async def test_unknown_method_and_wrong_token(server: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendSomethingNew")
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{server.base_url}{server.token}/sendSomethingNew")
        assert response.status_code == 404
        assert response.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
        # Plain JSON bodies work too, and method names are case-insensitive like Telegram's.
        response = await client.post(
            f"{server.base_url}{server.token}/SENDMESSAGE", json={"chat_id": 5, "text": "json"}
        )
        assert response.json()["result"]["text"] == "json"
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=server.base_url):
            pass


async def test_wait_for_reports_what_it_waited_for(server: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(3, "only one")
    with pytest.raises(TimeoutError) as caught:
        await server.wait_for_messages(3, 2, timeout=0.05)
    report = str(caught.value)
    assert "waiting for 2 message(s) to chat 3" in report
    assert "'only one'" in report
    assert "sendMessage->200" in report
    with pytest.raises(TimeoutError, match=r"s\.callback_answers"):
        await server.wait_for(lambda s: s.callback_answers, timeout=0.01)
