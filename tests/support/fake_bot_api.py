"""A fake Telegram Bot API server for tests and benchmarks.

The bot under test keeps its real python-telegram-bot network stack: PTB is pointed at this
server with ``ApplicationBuilder().base_url(server.base_url).base_file_url(server.base_file_url)``
and talks real HTTP to 127.0.0.1. The server enforces the Bot API rules a deployed bot runs
into (message length, HTML entity parsing, callback_data size, flood control, blocked users,
migrated groups, "message is not modified") so those bugs show up in tests rather than in
production, and it lets a test play the user's side: send text and documents, press inline
buttons, send inline queries.

Everything runs in the caller's event loop; the control API (``send_text``, ``sent``,
``wait_for`` ...) is meant to be used from async pytest tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import inspect
import itertools
import json
import math
import mimetypes
import re
import socket
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Final, NamedTuple, Self

from aiohttp import web

__all__ = [
    "ANY_METHOD",
    "MEDIA_SAMPLES",
    "SENDING_METHODS",
    "CallbackAnswer",
    "EntityParseError",
    "FakeBotApi",
    "RequestRecord",
    "SentMessage",
    "StoredFile",
    "fix_formatted_text",
    "parse_telegram_html",
    "utf16_len",
]

JSONDict = dict[str, Any]

#: Methods that send or edit a message: they are flood-controlled, can hit blocked or
#: migrated chats, and are what ``fail_next``/``drop_next`` target by default.
SENDING_METHODS: Final = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
    }
)
#: Pass ``methods=[ANY_METHOD]`` to ``fail_next``/``drop_next`` to hit every request.
ANY_METHOD: Final = "*"

_MESSAGE_TEXT_LIMIT: Final = 4096
_CAPTION_LIMIT: Final = 1024
_CALLBACK_DATA_LIMIT: Final = 64
_CALLBACK_ANSWER_LIMIT: Final = 200
_INLINE_RESULTS_LIMIT: Final = 50
_INLINE_RESULT_ID_LIMIT: Final = 64
_MAX_BUTTONS: Final = 100
_MAX_COMMANDS: Final = 100
_MAX_UPLOAD: Final = 50 * 1024 * 1024
_MAX_DOWNLOAD: Final = 20 * 1024 * 1024
_QUERY_EXPIRED: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BUTTON_ACTIONS: Final = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


#: What ``send_media`` puts in a user's message, as Telegram describes each kind.
MEDIA_SAMPLES: Final[dict[str, Any]] = {
    "sticker": {"file_id": "CAACAgIAAxk", "file_unique_id": "AgADsticker", "type": "regular",
                "width": 512, "height": 512, "is_animated": False, "is_video": False,
                "emoji": "👍"},
    "photo": [{"file_id": "AgACAgIAAxk", "file_unique_id": "AQADphoto", "width": 90,
               "height": 90, "file_size": 1200}],
    "voice": {"file_id": "AwACAgIAAxk", "file_unique_id": "AgADvoice", "duration": 3,
              "mime_type": "audio/ogg"},
    "location": {"latitude": 21.386, "longitude": 103.023},
    "contact": {"phone_number": "+84912345678", "first_name": "Lan"},
    "dice": {"emoji": "🎲", "value": 4},
}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for limits and entity offsets."""
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------------------------------
# HTML entity parsing (a port of tdlib's parse_html, which is what the Bot API runs)
# ---------------------------------------------------------------------------------------------


class EntityParseError(ValueError):
    """Telegram would answer ``Bad Request: can't parse entities: <message>``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_HTML_TAGS: Final = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TAG_TYPES: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
# tdlib's is_space(): the NUL sentinel at the end of the text counts as a space.
_SPACE: Final = frozenset(" \t\r\n\0\v\f")
_DIGITS: Final = frozenset("0123456789")
_HEX_DIGITS: Final = frozenset("0123456789abcdefABCDEF")
_ALPHA: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAME_TOKEN: Final = _ALPHA | _DIGITS | {".", "-"}
_ATTR_NAME_STOP: Final = _SPACE | {"=", ">", "/", '"', "'"}
_NAMED_ENTITIES: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SPECIAL_RE: Final = re.compile("[<&]")
# tdlib's MessageEntity::get_type_priority, used to order entities sharing a range.
_ENTITY_PRIORITY: Final = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}


def _entity_sort_key(entity: JSONDict) -> tuple[int, int, int]:
    priority = _ENTITY_PRIORITY.get(entity["type"], 50)
    if entity["type"] == "pre" and entity.get("language"):
        priority = 10
    return entity["offset"], -entity["length"], priority


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


_TG_USER_LINK_RE: Final = re.compile(r"tg:(?://)?user\?id=(\d{1,19})", re.IGNORECASE)
_SCHEME_RE: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


def _checked_link(url: str) -> str | None:
    """Approximate tdlib's LinkManager::get_checked_link: normalised URL, or None if invalid.

    Telegram silently drops a text_link whose href it doesn't accept, so a bad href is not
    an error, just a missing entity.
    """
    if not url or any(ch.isspace() for ch in url):
        return None
    lowered = url.lower()
    if lowered.startswith(("tg:", "ton:", "tonsite:")):
        return url
    match = _SCHEME_RE.match(url)
    if match:
        scheme = match.group(1).lower()
        if scheme not in ("http", "https"):
            return None
        rest = url[match.end() :]
    else:
        scheme, rest = "http", url
    cut = min((pos for pos in (rest.find(c) for c in "/?#") if pos >= 0), default=len(rest))
    host, tail = rest[:cut], rest[cut:]
    hostname = host.rpartition("@")[2].partition(":")[0].lower()
    labels = hostname.split(".")
    if len(labels) < 2 or not all(labels) or hostname.startswith("-"):
        return None
    if not tail or tail[0] in "?#":
        tail = "/" + tail
    return f"{scheme}://{host.lower()}{tail}"


@dataclass(slots=True)
class _OpenTag:
    tag: str
    argument: str
    offset: int  # UTF-16 offset in the plain text where the tag opened
    chunk_index: int  # number of output chunks when the tag opened


@dataclass(slots=True)
class _Entity:
    type: str  # tdlib's kind: "pre_code" is a pre with a language
    offset: int
    length: int
    argument: str = ""
    user_id: int = 0

    def to_json(self) -> JSONDict:
        data: JSONDict = {"offset": self.offset, "length": self.length, "type": self.type}
        if self.type == "pre_code":
            data["type"] = "pre"
            data["language"] = self.argument
        elif self.type == "text_link":
            data["url"] = self.argument
        elif self.type == "custom_emoji":
            data["custom_emoji_id"] = self.argument
        elif self.type == "text_mention":
            data["user"] = {"id": self.user_id, "is_bot": False, "first_name": ""}
        return data


class _HtmlParser:
    """One run of tdlib's parse_html over a text; see parse_telegram_html."""

    def __init__(self, text: str, strict: bool) -> None:
        self.source = text
        self.t = text + "\0"  # tdlib reads a NUL terminator; so do we
        self.strict = strict
        self.out: list[str] = []
        self.u16 = 0
        self.entities: list[_Entity] = []
        self.stack: list[_OpenTag] = []

    def error(self, message: str) -> EntityParseError:
        return EntityParseError(message)

    def offset(self, index: int) -> int:
        return _byte_offset(self.source, index)

    def run(self) -> tuple[str, list[JSONDict]]:
        text, n, i = self.source, len(self.source), 0
        while True:
            match = _SPECIAL_RE.search(text, i)
            stop = match.start() if match else n
            if stop > i:
                chunk = text[i:stop]
                self.out.append(chunk)
                self.u16 += utf16_len(chunk)
            if match is None:
                break
            i = self.ampersand(stop) if text[stop] == "&" else self.tag(stop)
        if self.stack:
            raise self.error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        for entity in self.entities:
            if entity.type == "code":
                entity.argument = ""  # a language outside <pre> is dropped
        entities = [entity.to_json() for entity in self.entities]
        entities.sort(key=_entity_sort_key)
        return "".join(self.out), entities

    def decode_entity(self, pos: int) -> tuple[int, int, bool]:
        """tdlib's decode_html_entity: (code point or 0, end position, ended with ';')."""
        t, end, code = self.t, pos + 1, 0
        if t[end] == "#":
            end += 1
            if t[end] == "x":
                end += 1
                while t[end] in _HEX_DIGITS:
                    code = code * 16 + int(t[end], 16)
                    end += 1
            else:
                while t[end] in _DIGITS:
                    code = code * 10 + int(t[end])
                    end += 1
            if code == 0 or code >= 0x10FFFF or end - pos >= 10:
                return 0, pos, False
        else:
            while t[end] in _ALPHA:
                end += 1
            named = _NAMED_ENTITIES.get(t[pos + 1 : end])
            if named is None:
                return 0, pos, False
            code = ord(named)
        if t[end] == ";":
            return code, end + 1, True
        return code, end, False

    def decode_char(self, pos: int) -> tuple[str, int]:
        """Decode the entity at ``pos`` (which holds '&'): (characters, next position)."""
        code, end, terminated = self.decode_entity(pos)
        if code == 0 or (self.strict and not terminated):
            if self.strict:
                raise self.error(
                    f"Unsupported HTML entity at byte offset {self.offset(pos)} "
                    '(a literal "&" must be written as "&amp;")'
                )
            return "&", pos + 1
        if 0xD800 <= code <= 0xDFFF:
            raise self.error(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        return chr(code), end

    def ampersand(self, pos: int) -> int:
        chars, end = self.decode_char(pos)
        self.out.append(chars)
        self.u16 += utf16_len(chars)
        return end

    def tag(self, begin: int) -> int:
        if self.t[begin + 1] == "/":
            return self.end_tag(begin)
        return self.start_tag(begin)

    def start_tag(self, begin: int) -> int:
        t = self.t
        i = begin + 1
        while t[i] not in _SPACE and t[i] != ">":
            i += 1
        if t[i] == "\0":
            raise self.error(f"Unclosed start tag at byte offset {self.offset(begin)}")
        tag = t[begin + 1 : i].translate(_ASCII_LOWER)
        if tag not in _HTML_TAGS:
            raise self.error(f'Unsupported start tag "{tag}" at byte offset {self.offset(begin)}')
        argument = ""
        while t[i] != ">":
            while t[i] != "\0" and t[i] in _SPACE:
                i += 1
            if t[i] == ">":
                break
            name_begin = i
            while t[i] not in _ATTR_NAME_STOP:
                i += 1
            name = t[name_begin:i]
            if not name:
                raise self.error(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self.offset(begin)}'
                )
            while t[i] != "\0" and t[i] in _SPACE:
                i += 1
            if t[i] != "=":
                if t[i] == "\0":
                    raise self.error(
                        f'Unclosed start tag "{tag}" at byte offset {self.offset(begin)}'
                    )
                if tag == "blockquote" and name == "expandable":
                    argument = "1"
                continue
            i += 1
            while t[i] != "\0" and t[i] in _SPACE:
                i += 1
            if t[i] == "\0":
                raise self.error(f'Unclosed start tag "{tag}" at byte offset {self.offset(begin)}')
            value, i = self.attribute_value(i)
            if t[i] == "\0":
                raise self.error(f"Unclosed start tag at byte offset {self.offset(begin)}")
            if tag == "a" and name == "href":
                argument = value
            elif tag == "code" and name == "class" and value.startswith("language-"):
                argument = value[len("language-") :]
            elif tag == "span" and name == "class" and value.startswith("tg-"):
                argument = value[len("tg-") :]
            elif tag == "tg-emoji" and name == "emoji-id":
                argument = value
            elif tag == "blockquote" and name == "expandable":
                argument = "1"
        if tag == "span" and argument != "spoiler":
            raise self.error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.offset(begin)}'
            )
        self.stack.append(_OpenTag(tag, argument, self.u16, len(self.out)))
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        t = self.t
        if t[i] not in "'\"":
            # An unquoted name token: letters, digits, periods, hyphens; case-insensitive.
            token_begin = i
            while t[i] in _NAME_TOKEN:
                i += 1
            if t[i] not in _SPACE and t[i] != ">":
                raise self.error(
                    f"Unexpected end of name token at byte offset {self.offset(token_begin)}"
                )
            return t[token_begin:i].translate(_ASCII_LOWER), i
        quote = t[i]
        i += 1
        value: list[str] = []
        while t[i] != quote and t[i] != "\0":
            if t[i] == "&":
                chars, i = self.decode_char(i)
                value.append(chars)
                continue
            value.append(t[i])
            i += 1
        if t[i] == quote:
            i += 1
        return "".join(value), i

    def end_tag(self, begin: int) -> int:
        t = self.t
        if not self.stack:
            raise self.error(f"Unexpected end tag at byte offset {self.offset(begin)}")
        i = begin + 2
        while t[i] not in _SPACE and t[i] != ">":
            i += 1
        end_name = t[begin + 2 : i].translate(_ASCII_LOWER)
        while t[i] != "\0" and t[i] in _SPACE:
            i += 1
        if t[i] != ">":
            raise self.error(f"Unclosed end tag at byte offset {self.offset(begin)}")
        opened = self.stack[-1]
        if end_name and end_name != opened.tag:
            raise self.error(
                f"Unmatched end tag at byte offset {self.offset(begin)}, "
                f'expected "</{opened.tag}>", found "</{end_name}>"'
            )
        if self.u16 > opened.offset:
            self.close(opened)
        self.stack.pop()
        return i + 1

    def close(self, opened: _OpenTag) -> None:
        offset, length = opened.offset, self.u16 - opened.offset
        tag, entities = opened.tag, self.entities
        last = entities[-1] if entities else None
        same_range = last is not None and last.offset == offset and last.length == length
        if tag in _SIMPLE_TAG_TYPES:
            entities.append(_Entity(_SIMPLE_TAG_TYPES[tag], offset, length))
        elif tag == "tg-emoji":
            if not re.fullmatch(r"-?\d{1,19}", opened.argument) or int(opened.argument) == 0:
                raise self.error("Invalid custom emoji identifier specified")
            entities.append(_Entity("custom_emoji", offset, length, str(int(opened.argument))))
        elif tag == "a":
            url = opened.argument or "".join(self.out[opened.chunk_index :])
            if user := _TG_USER_LINK_RE.fullmatch(url):
                entities.append(_Entity("text_mention", offset, length, user_id=int(user[1])))
            elif checked := _checked_link(url):
                entities.append(_Entity("text_link", offset, length, checked))
        elif tag == "pre":
            if same_range and last is not None and last.type == "code" and last.argument:
                last.type = "pre_code"
            else:
                entities.append(_Entity("pre", offset, length))
        elif tag == "code":
            if same_range and last is not None and last.type == "pre" and opened.argument:
                last.type, last.argument = "pre_code", opened.argument
            else:
                entities.append(_Entity("code", offset, length, opened.argument))
        else:  # blockquote
            kind = "expandable_blockquote" if opened.argument else "blockquote"
            entities.append(_Entity(kind, offset, length))


def parse_telegram_html(text: str, *, strict: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse Bot API ``parse_mode=HTML`` text into (plain text, entities) exactly like Telegram.

    This is a port of tdlib's ``parse_html``: same tags, attributes, entity merging
    (``<pre><code class="language-x">``), error messages and byte offsets, and entity offsets
    and lengths in UTF-16 code units. Entities are Bot API MessageEntity dicts, sorted like
    Telegram sorts them.

    ``strict`` (the default) goes one step further than Telegram: an ``&`` that does not start
    ``&lt;`` ``&gt;`` ``&amp;`` ``&quot;`` ``&#NN;`` or ``&#xHH;`` (including a missing ``;``)
    is an error. Telegram keeps such an ``&`` literally, but it almost always means some text
    was not escaped, which breaks as soon as that text contains ``<``.

    Telegram additionally normalises whitespace before sending; see ``fix_formatted_text``.
    Raises EntityParseError with Telegram's message (the part after "can't parse entities: ").
    """
    if "\0" in text:
        raise EntityParseError("Text must not contain null bytes")
    return _HtmlParser(text, strict).run()


_CLEANUP_RE: Final = re.compile("[\x00-\x09\x0b-\x1f\u2028-\u202e\u030a\u0333\u033f]")
_REMOVED_CHARS: Final = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u030a\u0333\u033f")


def _utf16_to_index(text: str) -> list[int] | None:
    """Map UTF-16 offsets to str indices (-1 inside a surrogate pair); None if identical."""
    if utf16_len(text) == len(text):
        return None
    mapping: list[int] = []
    for index, ch in enumerate(text):
        mapping.append(index)
        if ord(ch) > 0xFFFF:
            mapping.append(-1)
    mapping.append(len(text))
    return mapping


def fix_formatted_text(text: str, entities: Iterable[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Apply the clean-up Telegram performs on every message text after entity parsing.

    Control characters become spaces, ``\\r`` and a few invisible characters are removed,
    entities that cover only whitespace are dropped, trailing whitespace is trimmed, leading
    whitespace is trimmed up to the first entity. Offsets are remapped (UTF-16). The result
    may be empty; the caller decides whether that is an error.
    """
    to_index = _utf16_to_index(text)
    total = utf16_len(text)
    spans: list[tuple[int, int, JSONDict]] = []
    for entity in entities:
        start, length = int(entity["offset"]), int(entity["length"])
        end = min(start + length, total)
        if start < 0 or length <= 0 or start >= end:
            continue
        if to_index is not None:
            start, end = to_index[start], to_index[end]
            if start < 0 or end < 0:
                raise EntityParseError("Entity begins or ends in a middle of a UTF-16 symbol")
        spans.append((start, end, entity))

    if _CLEANUP_RE.search(text):
        new_index = [0] * (len(text) + 1)
        kept: list[str] = []
        for index, ch in enumerate(text):
            new_index[index] = len(kept)
            if ch in _REMOVED_CHARS:
                continue
            kept.append(" " if ch < " " and ch != "\n" else ch)
        new_index[len(text)] = len(kept)
        text = "".join(kept)
        spans = [(new_index[s], new_index[e], ent) for s, e, ent in spans]

    spans = [(s, e, ent) for s, e, ent in spans if text[s:e].strip(" \n")]
    text = text.rstrip(" \n")
    if not text:
        return "", []
    spans = [(s, min(e, len(text)), ent) for s, e, ent in spans]
    first_entity = min((s for s, _, _ in spans), default=len(text))
    lead = 0
    while lead < first_entity and text[lead] in " \n":
        lead += 1
    if lead:
        text = text[lead:]
        spans = [(s - lead, e - lead, ent) for s, e, ent in spans]

    if utf16_len(text) == len(text):
        to_u16: Callable[[int], int] = int
    else:
        prefix = list(
            itertools.accumulate((2 if ord(ch) > 0xFFFF else 1 for ch in text), initial=0)
        )
        to_u16 = prefix.__getitem__
    fixed = [{**ent, "offset": to_u16(s), "length": to_u16(e) - to_u16(s)} for s, e, ent in spans]
    fixed.sort(key=_entity_sort_key)
    return text, fixed


_BOT_COMMAND_RE: Final = re.compile(
    r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])"
)


def _bot_command_entities(text: str) -> list[JSONDict]:
    """The bot_command entities Telegram attaches to a user's message."""
    entities = []
    for match in _BOT_COMMAND_RE.finditer(text):
        offset = utf16_len(text[: match.start()])
        entities.append(
            {"offset": offset, "length": utf16_len(match.group()), "type": "bot_command"}
        )
    return entities


# ---------------------------------------------------------------------------------------------
# Records the tests inspect
# ---------------------------------------------------------------------------------------------


@dataclass
class SentMessage:
    """One message the bot sent, in its current version (edits applied).

    ``text`` is the plain text after entity parsing (what the user sees), ``html`` the raw
    text or caption exactly as the bot sent it. ``edits`` holds the previous versions, oldest
    first. ``params`` are all request parameters of the send (JSON fields still as strings).
    """

    chat_id: int
    message_id: int
    method: str
    text: str | None = None
    html: str | None = None
    entities: list[JSONDict] = field(default_factory=list)
    reply_markup: JSONDict | None = None
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    file_id: str | None = None
    caption: str | None = None
    caption_entities: list[JSONDict] = field(default_factory=list)
    parse_mode: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    edits: list[SentMessage] = field(default_factory=list)
    deleted: bool = False
    date: int = 0
    edit_date: int | None = None
    sent_at: float = 0.0

    @property
    def buttons(self) -> list[list[JSONDict]]:
        """Rows of the inline keyboard, or [] if the message has none."""
        if self.reply_markup is None:
            return []
        return list(self.reply_markup.get("inline_keyboard") or [])

    @property
    def callback_data(self) -> list[str]:
        """callback_data of every inline button, row by row."""
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]


@dataclass(frozen=True)
class StoredFile:
    """A file known to the fake server: uploaded by the bot or sent by the fake user."""

    file_id: str
    file_unique_id: str
    data: bytes
    filename: str | None
    mime_type: str | None
    file_path: str


@dataclass(frozen=True)
class CallbackAnswer:
    """One answerCallbackQuery call."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None


class RequestRecord(NamedTuple):
    """One HTTP request: method name, clock() time, HTTP status (0 = connection dropped)."""

    method: str
    at: float
    status: int


# ---------------------------------------------------------------------------------------------
# Internals
# ---------------------------------------------------------------------------------------------


class ApiError(Exception):
    """A Bot API error response."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass(slots=True)
class _Upload:
    filename: str | None
    data: bytes
    content_type: str | None


@dataclass(slots=True)
class _Call:
    method: str
    params: dict[str, str]
    files: dict[str, _Upload]

    def get(self, name: str) -> str | None:
        return self.params.get(name)

    def integer(self, name: str, missing: str | None = None) -> int:
        raw = self.params.get(name)
        if raw is None or raw == "":
            raise _bad_request(missing or f"{name} is empty")
        try:
            return int(raw)
        except ValueError:
            raise _bad_request(f"invalid {name} specified") from None

    def optional_integer(self, name: str) -> int | None:
        return None if self.params.get(name) in (None, "") else self.integer(name)

    def flag(self, name: str) -> bool:
        return (self.params.get(name) or "").lower() in ("true", "1")

    def parse_json(self, name: str, what: str) -> Any:
        raw = self.params.get(name)
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise _bad_request(f"can't parse {what} JSON object") from None


@dataclass(slots=True)
class _Fault:
    kind: str  # "fail" or "drop"
    remaining: int
    status: int
    methods: frozenset[str]
    deliver: bool = False

    def matches(self, method: str) -> bool:
        return ANY_METHOD in self.methods or method in self.methods


class _FloodControl:
    """Telegram's flood limits: a global 1 s window plus per-chat limits."""

    def __init__(self, overall_rate: int, chat_rate: float, chat_burst: int, group_rate: int):
        if overall_rate < 1 or chat_rate <= 0 or chat_burst < 1 or group_rate < 1:
            raise ValueError("rate limits must be positive")
        self.overall_rate = overall_rate
        self.chat_rate = chat_rate
        self.chat_burst = chat_burst
        self.group_rate = group_rate
        self._overall: deque[float] = deque()
        self._buckets: dict[int, tuple[float, float]] = {}
        self._groups: dict[int, deque[float]] = {}

    def admit(self, chat_id: int | None, now: float) -> int | None:
        """Record a message and return None, or return retry_after seconds to refuse it."""
        window = self._overall
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.overall_rate:
            return max(1, math.ceil(window[0] + 1.0 - now))
        if chat_id is not None and chat_id < 0:
            group = self._groups.setdefault(chat_id, deque())
            while group and group[0] <= now - 60.0:
                group.popleft()
            if len(group) >= self.group_rate:
                return max(1, math.ceil(group[0] + 60.0 - now))
            group.append(now)
        elif chat_id is not None:
            tokens, last = self._buckets.get(chat_id, (float(self.chat_burst), now))
            tokens = min(float(self.chat_burst), tokens + (now - last) * self.chat_rate)
            if tokens < 1.0:
                self._buckets[chat_id] = (tokens, now)
                return max(1, math.ceil((1.0 - tokens) / self.chat_rate))
            self._buckets[chat_id] = (tokens - 1.0, now)
        window.append(now)
        return None


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (what the bot's charts are); (0, 0) if unknown."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 0, 0


def _inline_keyboard(markup: JSONDict | None) -> Any:
    return markup.get("inline_keyboard") if markup else None


def _peek_chat_id(params: dict[str, str]) -> int | None:
    with contextlib.suppress(KeyError, ValueError):
        return int(params["chat_id"])
    return None


def _describe(predicate: Callable[..., Any]) -> str:
    with contextlib.suppress(OSError, TypeError):
        return inspect.getsource(predicate).strip()
    return repr(predicate)


Handler = Callable[[_Call], Awaitable[Any]]


class FakeBotApi:
    """A Bot API server on 127.0.0.1 plus the controls a test needs to play the user.

    Limits can be switched off one by one for benchmarks: ``enforce_rate_limits``,
    ``enforce_length_limits`` (text, caption, answer and upload sizes), ``enforce_html``
    (when off, HTML is not parsed at all and stored verbatim), ``enforce_button_limits``.
    ``clock`` (default ``time.monotonic``) drives flood control and timestamps, so a test
    can control time.
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        enforce_rate_limits: bool = True,
        chat_burst: int = 5,
        overall_rate: int = 30,
        chat_rate: float = 1.0,
        group_rate_per_minute: int = 20,
        enforce_length_limits: bool = True,
        enforce_html: bool = True,
        strict_html_entities: bool = True,
        enforce_button_limits: bool = True,
        bot_username: str = "test_bot",
        bot_first_name: str = "Test Bot",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError(f"token must look like '123456:SECRET', got {token!r}")
        self.token = token
        self.enforce_rate_limits = enforce_rate_limits
        self.enforce_length_limits = enforce_length_limits
        self.enforce_html = enforce_html
        self.strict_html_entities = strict_html_entities
        self.enforce_button_limits = enforce_button_limits
        self._clock = clock
        self._flood = _FloodControl(overall_rate, chat_rate, chat_burst, group_rate_per_minute)
        self.bot_user: JSONDict = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

        # What tests inspect.
        self.requests: list[RequestRecord] = []
        self.count_429 = 0
        self.count_429_by_chat: Counter[int] = Counter()
        self.callback_answers: list[CallbackAnswer] = []
        self.inline_answers: dict[str, list[JSONDict]] = {}
        self.inline_answer_options: dict[str, JSONDict] = {}
        self.commands: list[JSONDict] = []
        self.command_sets: dict[tuple[str, str], list[JSONDict]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.deleted: list[tuple[int, int]] = []
        self.updates: list[JSONDict] = []
        self.inline_message_edits: list[JSONDict] = []
        self.webhook_url = ""

        self._sent: list[SentMessage] = []
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._user_messages: dict[tuple[int, int], JSONDict] = {}
        self._next_message_id: dict[int, int] = {}
        self._pending: deque[JSONDict] = deque()
        self._allowed_updates: frozenset[str] | None = None
        self._ids = itertools.count(1)
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._open_callback_queries: set[str] = set()
        self._open_inline_queries: set[str] = set()
        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._blocked: set[int] = set()
        self._migrated: dict[int, int] = {}
        self._faults: list[_Fault] = []
        self._update_event = asyncio.Event()
        self._change_event = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._socket: socket.socket | None = None
        self.port = 0
        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "logOut": self._ok,
                "close": self._ok,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "editMessageCaption": self._edit_message_caption,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "answerInlineQuery": self._answer_inline_query,
                "sendChatAction": self._send_chat_action,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "getFile": self._get_file,
                "getChat": self._get_chat,
            }.items()
        }

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start serving."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi is already started")
        app = web.Application(client_max_size=_MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", 0))
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner, self._socket, self._closing = runner, sock, False
        self.port = sock.getsockname()[1]

    async def stop(self) -> None:
        """Wake pending long polls (they answer with no updates) and shut the server down."""
        if self._runner is None:
            return
        self._closing = True
        self._wake_pollers()
        runner, sock = self._runner, self._socket
        self._runner = self._socket = None
        await runner.cleanup()
        if sock is not None:
            sock.close()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Pass to ``ApplicationBuilder().base_url()``/``Bot(base_url=...)``."""
        return f"http://127.0.0.1:{self._require_port()}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass to ``ApplicationBuilder().base_file_url()``/``Bot(base_file_url=...)``."""
        return f"http://127.0.0.1:{self._require_port()}/file/bot"

    def _require_port(self) -> int:
        if not self.port:
            raise RuntimeError("FakeBotApi is not started; await server.start() first")
        return self.port

    # -- the user's side ------------------------------------------------------------------------

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
        language_code: str | None = None,
        entities: list[JSONDict] | None = None,
    ) -> int:
        """Queue a Message update from the user; returns its update_id.

        Commands ("/tra x", "/start@bot") get bot_command entities like Telegram adds; pass
        ``entities`` to set them yourself. ``chat_type`` defaults to "private" for positive
        ids and "group"/"supergroup" for negative ones.
        """
        message = self._user_message(
            chat_id, user_id, chat_type, username, first_name, language_code
        )
        message["text"] = text
        found = _bot_command_entities(text) if entities is None else list(entities)
        if found:
            message["entities"] = found
        return self._queue_update("message", message)

    def send_document(
        self,
        chat_id: int,
        filename: str,
        data: bytes,
        *,
        user_id: int | None = None,
        caption: str | None = None,
        chat_type: str | None = None,
        mime_type: str | None = None,
    ) -> int:
        """Queue a Message update carrying a document; the bot can getFile + download it."""
        mime_type = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self._store_file("document", data, filename, mime_type)
        message = self._user_message(chat_id, user_id, chat_type, None, None, None)
        message["document"] = self._document_json(stored)
        if caption is not None:
            message["caption"] = caption
        return self._queue_update("message", message)

    def send_media(
        self,
        chat_id: int,
        kind: str,
        *,
        caption: str | None = None,
        user_id: int | None = None,
        chat_type: str | None = None,
    ) -> int:
        """Queue a Message update carrying a sticker, photo, voice, location, contact, dice
        (any key of ``MEDIA_SAMPLES``), with an optional caption; returns its update_id."""
        message = self._user_message(chat_id, user_id, chat_type, None, None, None)
        message[kind] = json.loads(json.dumps(MEDIA_SAMPLES[kind]))
        if caption is not None:
            message["caption"] = caption
        return self._queue_update("message", message)

    def press_button(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        *,
        user_id: int | None = None,
        forged: bool = False,
    ) -> str:
        """Press an inline button of a message the bot sent; returns the callback query id.

        Raises LookupError if the message (current version) has no such button, unless
        ``forged``: then any data of at most 64 bytes is sent, as a modified client can.
        """
        record = self._messages.get((chat_id, message_id))
        if record is None or record.deleted:
            raise LookupError(f"the bot has no live message {message_id} in chat {chat_id}")
        if forged and len(callback_data.encode()) > _CALLBACK_DATA_LIMIT:
            raise ValueError("Telegram delivers at most 64 bytes of callback data")
        if not forged and callback_data not in record.callback_data:
            raise LookupError(
                f"message {message_id} in chat {chat_id} has no button with callback_data "
                f"{callback_data!r}; its buttons have {record.callback_data!r}"
            )
        user = self._user(user_id if user_id is not None else self._default_user(chat_id))
        query_id = str(next(self._ids))
        self._open_callback_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user,
            "message": self._message_json(record),
            "chat_instance": str(abs(chat_id) * 7 + 1),
            "data": callback_data,
        }
        self._queue_update("callback_query", query)
        return query_id

    def send_inline_query(
        self, user_id: int, query: str, *, offset: str = "", chat_type: str | None = None
    ) -> str:
        """Queue an InlineQuery update; returns the inline query id."""
        query_id = str(next(self._ids))
        self._open_inline_queries.add(query_id)
        inline_query: JSONDict = {
            "id": query_id,
            "from": self._user(user_id),
            "query": query,
            "offset": offset,
        }
        if chat_type is not None:
            inline_query["chat_type"] = chat_type
        self._queue_update("inline_query", inline_query)
        return query_id

    def block(self, chat_id: int) -> None:
        """From now on the bot gets 403 Forbidden for this chat."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def migrate(self, chat_id: int, new_chat_id: int) -> None:
        """The group was upgraded: requests to chat_id get 400 with migrate_to_chat_id."""
        self._migrated[chat_id] = new_chat_id
        self._chats[new_chat_id] = {"id": new_chat_id, "type": "supergroup", "title": "Group"}

    def fail_next(
        self, n: int = 1, status: int = 500, *, methods: Iterable[str] | None = None
    ) -> None:
        """Answer the next n matching requests with an HTTP error (default: sending methods)."""
        self._add_fault("fail", n, status, methods, deliver=False)

    def drop_next(
        self, n: int = 1, *, methods: Iterable[str] | None = None, deliver: bool = False
    ) -> None:
        """Close the connection of the next n matching requests without any response.

        With ``deliver=True`` the request is processed first (the message is sent) and only
        the response is lost, the case that makes clients send duplicates.
        """
        self._add_fault("drop", n, 0, methods, deliver=deliver)

    def _add_fault(
        self, kind: str, n: int, status: int, methods: Iterable[str] | None, *, deliver: bool
    ) -> None:
        if n < 1:
            raise ValueError("n must be positive")
        chosen = SENDING_METHODS if methods is None else frozenset(methods)
        self._faults.append(_Fault(kind, n, status, chosen, deliver))

    # -- inspection -------------------------------------------------------------------------

    @property
    def open_callback_queries(self) -> frozenset[str]:
        """Callback queries the bot has not answered yet (each spins on the user's screen)."""
        return frozenset(self._open_callback_queries)

    def sent(self, chat_id: int | None = None) -> list[SentMessage]:
        """Messages the bot sent (current versions, deleted ones included), oldest first."""
        if chat_id is None:
            return list(self._sent)
        return [record for record in self._sent if record.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        """The current version of a message the bot sent; KeyError if there is none."""
        try:
            return self._messages[(chat_id, message_id)]
        except KeyError:
            raise KeyError(f"the bot sent no message {message_id} to chat {chat_id}") from None

    def file(self, file_id: str) -> StoredFile:
        """A stored file (uploaded by the bot or sent by the user) by file_id."""
        return self._files[file_id]

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates queued but not yet confirmed by a getUpdates offset."""
        return list(self._pending)

    async def wait_for(
        self,
        predicate: Callable[[FakeBotApi], object],
        timeout: float = 5.0,  # noqa: ASYNC109 - the documented test API
        *,
        what: str | None = None,
    ) -> None:
        """Wait until predicate(server) is true; re-checked after every request/update.

        Raises TimeoutError naming ``what`` (default: the predicate's source) and showing the
        recent traffic, so a failing test says what the bot did instead.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate(self):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_report(what or _describe(predicate), timeout))
            event = self._change_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - the documented test API
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least count messages to chat_id; returns them all."""
        await self.wait_for(
            lambda server: len(server.sent(chat_id)) >= count,
            timeout,
            what=f"{count} message(s) to chat {chat_id}",
        )
        return self.sent(chat_id)

    def _timeout_report(self, what: str, timeout: float) -> str:
        recent = ", ".join(f"{r.method}->{r.status}" for r in self.requests[-10:]) or "none"
        messages = "\n".join(
            f"  chat {m.chat_id} #{m.message_id} {m.method}: {(m.text or m.caption or '')[:80]!r}"
            for m in self._sent[-5:]
        )
        return (
            f"timed out after {timeout}s waiting for {what}\n"
            f"last requests: {recent}\n"
            f"last sent messages:\n{messages or '  none'}\n"
            f"pending updates: {len(self._pending)}"
        )

    # -- HTTP plumbing ----------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        known = self._handlers.get(name.lower())
        method = known[0] if known else name
        if request.match_info["token"] != self.token:
            return self._respond(method, ApiError(401, "Unauthorized"), None)
        try:
            params, files = await self._read_params(request)
        except ApiError as exc:
            return self._respond(method, exc, None)
        call = _Call(method, params, files)

        fault = self._take_fault(method)
        if fault is not None and fault.kind == "drop":
            if fault.deliver and known is not None:
                with contextlib.suppress(ApiError):
                    await known[1](call)
            self._log(method, 0)
            request.protocol.force_close()
            return web.Response()
        if fault is not None:
            phrase = HTTPStatus(fault.status).phrase
            retry = {"retry_after": 1} if fault.status == 429 else None
            detail = f"{phrase}: retry after 1" if retry else phrase
            return self._respond(method, ApiError(fault.status, detail, retry), params)
        if known is None:
            return self._respond(method, ApiError(404, "Not Found: method not found"), params)
        try:
            result = await known[1](call)
        except ApiError as exc:
            return self._respond(method, exc, params)
        return self._respond(method, result, params)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self._files_by_path.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            self._log("file", 404)
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        self._log("file", 200)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _read_params(
        self, request: web.Request
    ) -> tuple[dict[str, str], dict[str, _Upload]]:
        params: dict[str, str] = dict(request.query)
        files: dict[str, _Upload] = {}
        if not request.body_exists:
            return params, files
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad_request("can't parse JSON request body") from None
            if not isinstance(body, dict):
                raise _bad_request("can't parse JSON request body")
            for key, value in body.items():
                params[key] = value if isinstance(value, str) else json.dumps(value)
            return params, files
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, "Request Entity Too Large") from None
        for key, value in form.items():
            if isinstance(value, web.FileField):
                with value.file:
                    data = value.file.read()
                files[key] = _Upload(value.filename, data, value.content_type)
            else:
                params[key] = value if isinstance(value, str) else value.decode()
        return params, files

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.matches(method):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _respond(
        self, method: str, outcome: ApiError | Any, params: dict[str, str] | None
    ) -> web.Response:
        if isinstance(outcome, ApiError):
            status = outcome.status
            payload: JSONDict = {
                "ok": False,
                "error_code": status,
                "description": outcome.description,
            }
            if outcome.parameters:
                payload["parameters"] = outcome.parameters
            if status == 429:
                self.count_429 += 1
                chat_id = _peek_chat_id(params or {})
                if chat_id is not None:
                    self.count_429_by_chat[chat_id] += 1
        else:
            status, payload = 200, {"ok": True, "result": outcome}
        self._log(method, status)
        return web.Response(
            body=json.dumps(payload, ensure_ascii=False).encode(),
            status=status,
            content_type="application/json",
        )

    def _log(self, method: str, status: int) -> None:
        self.requests.append(RequestRecord(method, self._clock(), status))
        self._notify_change()

    def _notify_change(self) -> None:
        self._change_event.set()
        self._change_event = asyncio.Event()

    def _wake_pollers(self) -> None:
        self._update_event.set()
        self._update_event = asyncio.Event()

    # -- shared request logic -------------------------------------------------------------------

    def _target_chat(self, call: _Call) -> int:
        """chat_id of the request, after the blocked/migrated checks Telegram makes."""
        raw = call.get("chat_id")
        if raw is None or raw == "":
            raise _bad_request("chat_id is empty")
        try:
            chat_id = int(raw)
        except ValueError:
            raise _bad_request("chat not found") from None
        if chat_id in self._blocked:
            if chat_id < 0:
                raise ApiError(403, "Forbidden: bot was kicked from the group chat")
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        return chat_id

    def _throttle(self, method: str, chat_id: int | None) -> None:
        if not self.enforce_rate_limits or method not in SENDING_METHODS:
            return
        retry_after = self._flood.admit(chat_id, self._clock())
        if retry_after is not None:
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )

    def _format(
        self, raw: str | None, parse_mode: str | None, entities_json: Any, *, caption: bool
    ) -> tuple[str, list[JSONDict]]:
        """Turn text/caption parameters into (plain text, entities) or raise Telegram's error."""
        raw = raw or ""
        mode = (parse_mode or "").lower()
        if entities_json is not None:
            if not isinstance(entities_json, list) or not all(
                isinstance(e, dict) and {"type", "offset", "length"} <= e.keys()
                for e in entities_json
            ):
                raise _bad_request("can't parse entities JSON object")
            text, entities = raw, entities_json
        elif mode == "html" and self.enforce_html:
            try:
                text, entities = parse_telegram_html(raw, strict=self.strict_html_entities)
            except EntityParseError as exc:
                raise _bad_request(f"can't parse entities: {exc.message}") from None
        elif mode in ("", "html", "markdown", "markdownv2"):
            text, entities = raw, []  # Markdown is accepted but not emulated
        else:
            raise _bad_request("unsupported parse_mode")
        try:
            text, entities = fix_formatted_text(text, entities)
        except EntityParseError as exc:
            raise _bad_request(f"can't parse entities: {exc.message}") from None
        if not caption and not text:
            raise _bad_request("message text is empty")
        if self.enforce_length_limits:
            limit = _CAPTION_LIMIT if caption else _MESSAGE_TEXT_LIMIT
            if utf16_len(text) > limit:
                raise _bad_request(
                    "message caption is too long" if caption else "message is too long"
                )
        return text, entities

    def _format_text(self, call: _Call) -> tuple[str, list[JSONDict]]:
        return self._format(
            call.get("text"),
            call.get("parse_mode"),
            call.parse_json("entities", "entities"),
            caption=False,
        )

    def _format_caption(self, call: _Call) -> tuple[str, list[JSONDict]]:
        return self._format(
            call.get("caption"),
            call.get("parse_mode"),
            call.parse_json("caption_entities", "entities"),
            caption=True,
        )

    def _reply_markup(self, call: _Call) -> JSONDict | None:
        markup = call.parse_json("reply_markup", "reply keyboard markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            self._check_inline_keyboard(markup["inline_keyboard"])
        return markup

    def _check_inline_keyboard(self, rows: Any) -> None:
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request('field "inline_keyboard" must be an Array of Arrays')
        if not self.enforce_button_limits:
            return
        buttons = [button for row in rows for button in row]
        if len(buttons) > _MAX_BUTTONS:
            raise _bad_request("reply markup is too long")
        for button in buttons:
            if not isinstance(button, dict):
                raise _bad_request("can't parse inline keyboard button: Object expected")
            if not isinstance(button.get("text"), str) or not button["text"].strip():
                raise _bad_request("BUTTON_TEXT_INVALID")
            if not _BUTTON_ACTIONS & button.keys():
                raise _bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                size = len(data.encode()) if isinstance(data, str) else 0
                if not 1 <= size <= _CALLBACK_DATA_LIMIT:
                    raise _bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not (
                isinstance(button["url"], str) and _checked_link(button["url"])
            ):
                raise _bad_request("BUTTON_URL_INVALID")

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _chat(self, chat_id: int) -> JSONDict:
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id > 0:
                chat = {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
            else:
                kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
                chat = {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}
            self._chats[chat_id] = chat
        return chat

    def _default_user(self, chat_id: int) -> int:
        return chat_id if chat_id > 0 else 100_001

    def _user(
        self,
        user_id: int,
        username: str | None = None,
        first_name: str | None = None,
        language_code: str | None = None,
    ) -> JSONDict:
        user = self._users.setdefault(
            user_id,
            {
                "id": user_id,
                "is_bot": False,
                "first_name": f"User {user_id}",
                "username": f"user{user_id}",
            },
        )
        if username is not None:
            user["username"] = username
        if first_name is not None:
            user["first_name"] = first_name
        if language_code is not None:
            user["language_code"] = language_code
        return dict(user)

    def _user_message(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str | None,
        username: str | None,
        first_name: str | None,
        language_code: str | None,
    ) -> JSONDict:
        user = self._user(
            user_id if user_id is not None else self._default_user(chat_id),
            username,
            first_name,
            language_code,
        )
        chat_type = chat_type or ("private" if chat_id > 0 else None)
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if user.get("username"):
                chat["username"] = user["username"]
            self._chats[chat_id] = chat
        else:
            chat = self._chat(chat_id)
            if chat_type is not None:
                chat["type"] = chat_type
        message_id = self._new_message_id(chat_id)
        message: JSONDict = {
            "message_id": message_id,
            "from": user,
            "chat": dict(chat),
            "date": int(time.time()),
        }
        self._user_messages[(chat_id, message_id)] = message
        return message

    def _queue_update(self, kind: str, payload: JSONDict) -> int:
        update_id = next(self._ids)
        update = {"update_id": update_id, kind: payload}
        self.updates.append(update)
        self._pending.append(update)
        self._wake_pollers()
        self._notify_change()
        return update_id

    def _store_file(
        self, kind: str, data: bytes, filename: str | None, mime_type: str | None
    ) -> StoredFile:
        number = next(self._ids)
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        elif kind == "photo":
            suffix = ".jpg"
        stored = StoredFile(
            file_id=f"{kind}-{number}",
            file_unique_id=f"u{number}",
            data=data,
            filename=filename,
            mime_type=mime_type,
            file_path=f"{kind}s/file_{number}{suffix}",
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _input_file(self, call: _Call, name: str) -> _Upload | StoredFile:
        """The file parameter ``name``: a fresh upload, or a file the server already has.

        An HTTP URL is accepted but not fetched: it is stored as an empty upload.
        """
        value = call.get(name)
        if value is not None and value.startswith("attach://"):
            upload = call.files.get(value.removeprefix("attach://"))
        else:
            upload = call.files.get(name)
        if upload is not None:
            if not upload.data:
                raise _bad_request("file must be non-empty")
            if self.enforce_length_limits and len(upload.data) > _MAX_UPLOAD:
                raise ApiError(413, "Request Entity Too Large")
            return upload
        if not value:
            raise _bad_request(f"there is no {name} in the request")
        if value in self._files:
            return self._files[value]
        if value.startswith(("http://", "https://")):
            return _Upload(filename=None, data=b"", content_type=None)
        raise _bad_request("wrong file identifier/HTTP URL specified")

    def _record(self, call: _Call, chat_id: int, **fields: Any) -> SentMessage:
        record = SentMessage(
            chat_id=chat_id,
            message_id=self._new_message_id(chat_id),
            method=call.method,
            parse_mode=call.get("parse_mode"),
            params=dict(call.params),
            date=int(time.time()),
            sent_at=self._clock(),
            **fields,
        )
        self._chat(chat_id)
        self._sent.append(record)
        self._messages[(chat_id, record.message_id)] = record
        return record

    def _editable(self, call: _Call) -> SentMessage:
        chat_id = self._target_chat(call)
        message_id = call.integer("message_id", "message identifier is not specified")
        record = self._messages.get((chat_id, message_id))
        if record is None or record.deleted:
            if (chat_id, message_id) in self._user_messages:
                raise _bad_request("message can't be edited")
            raise _bad_request("message to edit not found")
        return record

    def _apply_edit(self, record: SentMessage, call: _Call, **changes: Any) -> JSONDict:
        record.edits.append(dataclasses.replace(record, edits=[]))
        for name, value in changes.items():
            setattr(record, name, value)
        record.params = dict(call.params)
        record.edit_date = int(time.time())
        return self._message_json(record)

    @staticmethod
    def _not_modified() -> ApiError:
        return _bad_request(
            "message is not modified: specified new message content and reply markup are "
            "exactly the same as a current content and reply markup of the message"
        )

    def _document_json(self, stored: StoredFile) -> JSONDict:
        document: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.filename is not None:
            document["file_name"] = stored.filename
        if stored.mime_type is not None:
            document["mime_type"] = stored.mime_type
        return document

    def _message_json(self, record: SentMessage) -> JSONDict:
        message: JSONDict = {
            "message_id": record.message_id,
            "from": self.bot_user,
            "chat": dict(self._chat(record.chat_id)),
            "date": record.date,
        }
        if record.edit_date is not None:
            message["edit_date"] = record.edit_date
        if record.text is not None:
            message["text"] = record.text
            if record.entities:
                message["entities"] = record.entities
        if record.file_id is not None:
            stored = self._files[record.file_id]
            if record.method == "sendPhoto":
                width, height = _image_size(stored.data)
                message["photo"] = [
                    {
                        "file_id": stored.file_id,
                        "file_unique_id": stored.file_unique_id,
                        "width": width,
                        "height": height,
                        "file_size": len(stored.data),
                    }
                ]
            else:
                message["document"] = self._document_json(stored)
        if record.caption:
            message["caption"] = record.caption
            if record.caption_entities:
                message["caption_entities"] = record.caption_entities
        keyboard = _inline_keyboard(record.reply_markup)
        if keyboard:
            message["reply_markup"] = {"inline_keyboard": keyboard}
        return message

    # -- Bot API methods ------------------------------------------------------------------

    async def _ok(self, call: _Call) -> bool:
        return True

    async def _get_me(self, call: _Call) -> JSONDict:
        return self.bot_user

    async def _get_updates(self, call: _Call) -> list[JSONDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = call.optional_integer("offset") or 0
        limit = min(max(call.optional_integer("limit") or 100, 1), 100)
        timeout = max(float(call.get("timeout") or 0), 0.0)
        allowed = call.parse_json("allowed_updates", "allowed_updates")
        if allowed is not None:
            self._allowed_updates = frozenset(allowed) if allowed else None
        pending = self._pending
        if offset < 0:
            while len(pending) > -offset:
                pending.popleft()
        else:
            while pending and pending[0]["update_id"] < offset:
                pending.popleft()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._allowed_updates is not None:
                kept = [u for u in pending if set(u) - {"update_id"} <= self._allowed_updates]
                if len(kept) != len(pending):
                    self._pending = pending = deque(kept)
            remaining = deadline - loop.time()
            if pending or self._closing or remaining <= 0:
                return list(itertools.islice(pending, limit))
            event = self._update_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def _set_webhook(self, call: _Call) -> bool:
        url = call.get("url") or ""
        if url and not url.startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if call.flag("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url = url
        return True

    async def _delete_webhook(self, call: _Call) -> bool:
        if call.flag("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url = ""
        return True

    async def _get_webhook_info(self, call: _Call) -> JSONDict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    @staticmethod
    def _command_key(call: _Call) -> tuple[str, str]:
        scope = call.parse_json("scope", "scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), call.get("language_code") or ""

    async def _set_my_commands(self, call: _Call) -> bool:
        commands = call.parse_json("commands", "commands")
        if not isinstance(commands, list) or not all(isinstance(c, dict) for c in commands):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > _MAX_COMMANDS:
            raise _bad_request("too many commands")
        for command in commands:
            name, description = command.get("command"), command.get("description")
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned = [{"command": c["command"], "description": c["description"]} for c in commands]
        self.command_sets[self._command_key(call)] = cleaned
        self.commands = cleaned
        return True

    async def _get_my_commands(self, call: _Call) -> list[JSONDict]:
        return self.command_sets.get(self._command_key(call), [])

    async def _delete_my_commands(self, call: _Call) -> bool:
        key = self._command_key(call)
        if self.command_sets.pop(key, None) is self.commands:
            self.commands = []
        return True

    async def _send_message(self, call: _Call) -> JSONDict:
        chat_id = self._target_chat(call)
        text, entities = self._format_text(call)
        markup = self._reply_markup(call)
        self._throttle(call.method, chat_id)
        record = self._record(
            call,
            chat_id,
            text=text,
            html=call.get("text"),
            entities=entities,
            reply_markup=markup,
        )
        return self._message_json(record)

    async def _send_file(self, call: _Call, kind: str) -> JSONDict:
        chat_id = self._target_chat(call)
        source = self._input_file(call, kind)
        caption, caption_entities = self._format_caption(call)
        markup = self._reply_markup(call)
        if kind == "photo" and isinstance(source, _Upload) and self.enforce_length_limits:
            width, height = _image_size(source.data)
            if width + height > 10_000 or min(width, height) * 20 < max(width, height):
                raise _bad_request("PHOTO_INVALID_DIMENSIONS")
        self._throttle(call.method, chat_id)
        if isinstance(source, _Upload):
            source = self._store_file(kind, source.data, source.filename, source.content_type)
        known = source
        record = self._record(
            call,
            chat_id,
            html=call.get("caption"),
            caption=caption or None,
            caption_entities=caption_entities,
            reply_markup=markup,
            file_id=known.file_id,
            filename=known.filename,
            mime_type=known.mime_type,
            **{kind: known.data},
        )
        return self._message_json(record)

    async def _send_photo(self, call: _Call) -> JSONDict:
        return await self._send_file(call, "photo")

    async def _send_document(self, call: _Call) -> JSONDict:
        return await self._send_file(call, "document")

    async def _edit_inline_message(self, call: _Call) -> bool:
        if call.get("text") is not None:
            self._format_text(call)
        self._reply_markup(call)
        self._throttle(call.method, None)
        self.inline_message_edits.append({"method": call.method, **call.params})
        return True

    async def _edit_message_text(self, call: _Call) -> JSONDict | bool:
        if call.get("inline_message_id"):
            return await self._edit_inline_message(call)
        record = self._editable(call)
        text, entities = self._format_text(call)
        markup = self._reply_markup(call)
        if record.text is None:
            raise _bad_request("there is no text in the message to edit")
        if (
            record.text == text
            and record.entities == entities
            and _inline_keyboard(record.reply_markup) == _inline_keyboard(markup)
        ):
            raise self._not_modified()
        self._throttle(call.method, record.chat_id)
        return self._apply_edit(
            record,
            call,
            text=text,
            html=call.get("text"),
            entities=entities,
            reply_markup=markup,
            parse_mode=call.get("parse_mode"),
        )

    async def _edit_message_reply_markup(self, call: _Call) -> JSONDict | bool:
        if call.get("inline_message_id"):
            return await self._edit_inline_message(call)
        record = self._editable(call)
        markup = self._reply_markup(call)
        if _inline_keyboard(record.reply_markup) == _inline_keyboard(markup):
            raise self._not_modified()
        self._throttle(call.method, record.chat_id)
        return self._apply_edit(record, call, reply_markup=markup)

    async def _edit_message_caption(self, call: _Call) -> JSONDict | bool:
        if call.get("inline_message_id"):
            return await self._edit_inline_message(call)
        record = self._editable(call)
        caption, caption_entities = self._format_caption(call)
        markup = self._reply_markup(call)
        if record.file_id is None:
            raise _bad_request("there is no caption in the message to edit")
        if (
            (record.caption or "") == caption
            and record.caption_entities == caption_entities
            and _inline_keyboard(record.reply_markup) == _inline_keyboard(markup)
        ):
            raise self._not_modified()
        self._throttle(call.method, record.chat_id)
        return self._apply_edit(
            record,
            call,
            caption=caption or None,
            caption_entities=caption_entities,
            html=call.get("caption"),
            reply_markup=markup,
        )

    async def _delete_message(self, call: _Call) -> bool:
        chat_id = self._target_chat(call)
        message_id = call.integer("message_id", "message identifier is not specified")
        key = (chat_id, message_id)
        record = self._messages.get(key)
        if record is not None and not record.deleted:
            record.deleted = True
        elif key in self._user_messages:
            del self._user_messages[key]
        else:
            raise _bad_request("message to delete not found")
        self.deleted.append(key)
        return True

    async def _answer_callback_query(self, call: _Call) -> bool:
        query_id = call.get("callback_query_id") or ""
        if query_id not in self._open_callback_queries:
            raise ApiError(400, _QUERY_EXPIRED)
        text = call.get("text")
        if self.enforce_length_limits and text and utf16_len(text) > _CALLBACK_ANSWER_LIMIT:
            raise _bad_request("MESSAGE_TOO_LONG")
        self._open_callback_queries.discard(query_id)
        self.callback_answers.append(
            CallbackAnswer(
                callback_query_id=query_id,
                text=text,
                show_alert=call.flag("show_alert"),
                url=call.get("url"),
                cache_time=call.optional_integer("cache_time"),
            )
        )
        return True

    async def _answer_inline_query(self, call: _Call) -> bool:
        query_id = call.get("inline_query_id") or ""
        if query_id not in self._open_inline_queries:
            raise ApiError(400, _QUERY_EXPIRED)
        results = call.parse_json("results", "inline query results")
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise _bad_request("can't parse inline query results JSON object")
        if len(results) > _INLINE_RESULTS_LIMIT:
            raise _bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = result.get("id")
            if not isinstance(result_id, str) or not (
                1 <= len(result_id.encode()) <= _INLINE_RESULT_ID_LIMIT
            ):
                raise _bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                self._format(
                    content["message_text"],
                    content.get("parse_mode"),
                    content.get("entities"),
                    caption=False,
                )
            markup = result.get("reply_markup")
            if isinstance(markup, dict) and "inline_keyboard" in markup:
                self._check_inline_keyboard(markup["inline_keyboard"])
        self._open_inline_queries.discard(query_id)
        self.inline_answers[query_id] = results
        self.inline_answer_options[query_id] = {
            key: call.params[key]
            for key in ("cache_time", "is_personal", "next_offset", "button")
            if key in call.params
        }
        return True

    async def _send_chat_action(self, call: _Call) -> bool:
        chat_id = self._target_chat(call)
        action = call.get("action") or ""
        if action not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        self.chat_actions.append((chat_id, action))
        return True

    async def _get_file(self, call: _Call) -> JSONDict:
        stored = self._files.get(call.get("file_id") or "")
        if stored is None:
            raise _bad_request("invalid file_id")
        if self.enforce_length_limits and len(stored.data) > _MAX_DOWNLOAD:
            raise _bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    async def _get_chat(self, call: _Call) -> JSONDict:
        raw = call.get("chat_id") or ""
        try:
            chat_id = int(raw)
        except ValueError:
            raise _bad_request("chat not found") from None
        if chat_id in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        return {
            **self._chat(chat_id),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
