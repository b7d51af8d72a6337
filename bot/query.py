"""What an official asked for: a unit, a list, a comparison, a question back, or help.

Parsing is separate from name matching. Intent words (year, list, level, order, limit,
comparison markers, polite filler) are read and removed first; what is left is cut at
separators into unit mentions that `NameIndex` resolves. Names win over intent words: a word
is kept when it and its neighbour spell part of a name ("xã hội", "Nậm Pồ", "thể thao"), and
"và" splits a comparison only where both sides are units ("Sở Giáo dục và Đào tạo" is one).

Pure and bounded: no I/O, no Telegram, never raises, and only the first MAX_INPUT_CHARS
characters are read, so a pasted document costs no more than a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from rapidfuzz import fuzz

from bot.matcher import GENERIC_WORDS, MAX_CANDIDATES, Core, NameIndex, NameMatch, Span
from bot.query_measures import Vocabulary
from scoring.vietnamese import CLAUSE_SEPARATOR, strip_invisible

QueryKind = Literal["unit", "list", "compare", "clarify", "help", "about"]
Order = Literal["best", "worst"]

MAX_INPUT_CHARS = 200
MAX_PARTS = 12  # mentions considered per clause
MAX_JOINED_PARTS = 4  # a name has at most this many "và"-separated pieces
MAX_UNITS = 8
STRONG_SCORE = 90.0  # a fuzzy leftover beside an exact name must be this sure to count
HINTED_GUESS = 80.0  # "Sở Tià Chính": a group word and a close typo of the rest
NEIGHBOUR_SIMILARITY = 80.0  # "muongg" before "nhé" is still "Mường Nhé"

_YEAR = re.compile(r"(?:19|20)\d\d")
_SOFT = "&"  # separator inside a clause that may also be part of a name ("và")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Query:
    """The parsed request; the handlers decide what to show for it."""

    kind: QueryKind
    year: int | None = None  # a year the user named; None = latest
    unit_ids: tuple[str, ...] = ()  # unit: one; compare: two or more, in the order typed
    candidates: tuple[str, ...] = ()  # clarify: the ambiguous unit ids, best first
    group: str | None = None  # list: one group key, or None for both
    level: str | None = None  # list filtered by level (a band key)
    limit: int | None = None  # top/bottom N; None = whole list
    order: Order = "best"
    text: str = ""  # the cleaned input
    improve: bool = False  # unit: what it needs to reach the next level ("cần cải thiện gì")
    topic: str | None = None  # about: "scoring", "levels", a sub-index value; None = the index


# -- keyword tables (folded words) ---------------------------------------------------------


@dataclass(frozen=True)
class _Intent:
    """What an intent phrase contributes to the query."""

    kind: Literal["filler", "list", "compare", "separator", "help", "about", "improve"]
    level: str | None = None  # a band key of the editions
    order: Order | None = None
    group: str | None = None  # a group key of the editions
    compare: bool = False
    topic: str | None = None  # what an "about" question is about


_FILLER = _Intent("filler")
_LIST = _Intent("list")
_SEPARATOR = _Intent("separator")

# Polite words, question words, "điểm", "kết quả"…: they never change what is asked. None of
# FILLER_WORDS is a word of a name (a test checks); words that are ("hỏi" of "xã hội", "năm"
# of "Nậm Pồ") are removed only inside these phrases or, for TRAILING_WORDS, at the end.
FILLER_PHRASES = (
    "cam on", "chi so", "chinh quyen dien tu", "ket qua", "xep loai", "nam nay", "nam ngoai",
    "nam truoc", "nam roi", "cac nam", "thu may", "dung thu may", "dung thu", "dung hang may",
    "thu hang", "vi tri", "tra cuu", "vui long", "xin chao", "tong diem", "so diem",
    "bao nhieu", "the nao", "nhu the nao", "ra sao", "thong tin ve", "thong tin cua",
    "xem thong tin", "cho biet", "the thi sao", "cho hoi", "minh hoi", "em hoi", "xin hoi",
    "toi hoi", "hoi ve", "hoi diem", "hoi ket qua", "thank you", "duoc khong", "voi a",
    "tinh hinh",
)
FILLER_WORDS = (
    "a", "ad", "admin", "ah", "ak", "alo", "anh", "bot", "cho", "chi", "co", "cq", "cqdt",
    "cu", "cua", "da", "di", "dum", "duoc", "dc", "e", "em", "egov", "gov", "gi", "giua",
    "giup", "ha", "hang", "hello", "hi", "hien", "kq", "khong", "ko", "k", "la", "lam",
    "luon", "minh", "muon", "muc", "loai", "dat", "nao", "nha", "nhi", "nhat", "nho", "o",
    "oi", "ok", "ra", "roi", "sao", "toi", "tui", "ve", "vay", "xem", "xin", "diem", "biet",
    "trong", "vao", "please", "thanks", "score", "rank", "ranking", "nhieu", "thu", "may",
)
TRAILING_WORDS = ("nhe",)  # "…nhé" ends a request; "Mường Nhé" is a name

_KEYWORDS: tuple[tuple[str, _Intent], ...] = (
    *((phrase, _FILLER) for phrase in FILLER_PHRASES + FILLER_WORDS),
    *((phrase, _LIST) for phrase in (
        "danh sach", "ds", "liet ke", "bang xep hang", "bxh", "xep hang", "bang diem", "cac",
        "khoi", "nhom", "tat ca", "toan bo", "nhung", "don vi", "co quan", "thong ke", "list",
        "ca hai", "ca tinh",
    )),
    # group, level and sub-index words come from the editions (see _tables)
    *((phrase, _Intent("list", order="worst")) for phrase in (
        "thap nhat", "kem nhat", "yeu nhat", "te nhat", "cuoi bang", "cuoi cung", "xep cuoi",
        "duoi cung", "bet bang", "chot bang", "bottom", "cuoi", "it diem nhat",
    )),
    *((phrase, _Intent("list", order="best")) for phrase in (
        "cao nhat", "tot nhat", "dung dau", "dau bang", "dan dau", "hang dau", "top",
        "nhieu diem nhat", "xuat sac nhat",
    )),
    *((phrase, _Intent("compare", compare=True)) for phrase in (
        "so sanh", "ss", "doi chieu", "compare",
    )),
    ("so voi", _Intent("separator", compare=True)),
    *((word, _SEPARATOR) for word in ("va", "voi", "vs", "versus", "cung", "hoac", "and")),
    *((phrase, _Intent("help")) for phrase in (
        "help", "huong dan", "tro giup", "giup do", "start", "menu", "lenh", "cach dung",
        "su dung",
    )),
    # Improvement and "about" questions: narrow phrases, read only when they fit (see
    # understand): "Sở Xây dựng cần cải thiện gì", "HTKT là gì", "cách tính điểm".
    *((phrase, _Intent("improve")) for phrase in (
        "cai thien", "can cai thien", "len kha", "len muc", "len trung binh", "len hang",
        "nang hang", "nang muc", "can them", "con thieu", "thieu bao nhieu", "lam sao len",
        "lam sao de", "lam the nao de", "can lam gi", "lam gi de", "de dat muc", "de len",
    )),
    *((phrase, _Intent("about")) for phrase in (
        "la gi", "nghia la gi", "co nghia la gi", "y nghia", "khai niem", "dinh nghia",
        "giai thich", "gom nhung gi", "gom gi", "gom nhung", "bao gom", "tieu chi",
        "la bao nhieu diem", "tu bao nhieu diem", "bao nhieu diem thi",
    )),
    *((phrase, _Intent("about", topic="scoring")) for phrase in (
        "cach tinh", "cach tinh diem", "tinh diem", "tinh the nao", "tinh nhu the nao",
        "thang diem", "phuong phap", "diem toi da", "toi da",
    )),
    *((phrase, _Intent("filler", topic="levels")) for phrase in ("cac muc", "nguong")),
)

_KeywordTable = dict[str, tuple[tuple[tuple[str, ...], _Intent], ...]]


def _keyword_table(entries: Iterable[tuple[str, _Intent]]) -> _KeywordTable:
    """First word → (phrase words, intent), longest phrase first; first entry wins ties."""
    table: dict[str, dict[tuple[str, ...], _Intent]] = {}
    for phrase, intent in entries:
        words = tuple(phrase.split())
        table.setdefault(words[0], {}).setdefault(words, intent)
    return {
        first: tuple(sorted(entries.items(), key=lambda entry: -len(entry[0])))
        for first, entries in table.items()
    }


# Phrases of "about" and "improve" questions, for the grammar to read before its own words.
INTENT_PHRASES: tuple[tuple[str, _Intent], ...] = tuple(
    (phrase, intent) for phrase, intent in _KEYWORDS if intent.kind in ("about", "improve"))
_TRAILING = frozenset(TRAILING_WORDS)
_STATIC_WORDS: frozenset[str] = frozenset(w for p, _ in _KEYWORDS for w in p.split())


@dataclass(frozen=True)
class _Tables:
    """The keyword table of one name index: the fixed words plus its editions' words."""

    table: _KeywordTable
    phrases: frozenset[str]  # every keyword phrase
    group_words: tuple[tuple[tuple[str, ...], str], ...]  # kept for the names, hint a group


@lru_cache(maxsize=8)
def _tables(index: NameIndex) -> _Tables:
    """Group, level and sub-index words of `index.editions`, as intents.

    A group word becomes a list intent unless it is made only of words read elsewhere
    (generic words such as "sở" and "huyện" stay for the name layer and hint the group;
    "khối" is a list word) or names part of a unit ("xã" of "xã Mường Nhé").
    """
    vocabulary = Vocabulary.from_editions(index.editions)
    derived: list[tuple[str, _Intent]] = []
    for phrase, key in vocabulary.groups.items():
        words = phrase.split()
        if (words and not all(w in GENERIC_WORDS or w in _STATIC_WORDS for w in words)
                and not any(w in index.vocabulary for w in words)):
            derived.append((phrase, _Intent("list", group=key)))
    derived += [(phrase, _Intent("list", level=key)) for phrase, key in vocabulary.levels.items()
                if phrase]
    derived += [(phrase, _Intent("filler", topic=key))
                for phrase, key in vocabulary.subindices.items() if phrase]
    entries = (*_KEYWORDS, *derived)
    group_words = tuple((tuple(phrase.split()), key) for phrase, key in index.group_hints.items()
                        if vocabulary.groups.get(phrase) == key)
    return _Tables(_keyword_table(entries), frozenset(p for p, _ in entries), group_words)


def keyword_phrases(index: NameIndex) -> frozenset[str]:
    """Every phrase the name layer reads as an intent, with the editions' words of `index`."""
    return _tables(index).phrases


# -- parsing -------------------------------------------------------------------------------


@dataclass
class _Signals:
    """Intent words seen while reading the text (mutable while parsing only)."""

    year: int | None = None
    limit: int | None = None
    level: str | None = None
    order: Order | None = None
    listing: bool = False
    compare: bool = False
    help: bool = False
    groups: set[str] = field(default_factory=set)
    about: bool = False
    improve: bool = False
    topics: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Mention:
    """What one piece of the text names."""

    status: Literal["units", "ambiguous", "none", "empty"]
    unit_ids: tuple[str, ...] = ()
    fuzzy: bool = False


_EMPTY = _Mention("empty")
_NOTHING = _Mention("none")


def clean_text(text: str) -> str:
    """Bounded, NFC, without invisible or control characters, single-spaced."""
    head = strip_invisible(text[: MAX_INPUT_CHARS * 2])
    return " ".join(_CONTROL.sub(" ", head).split())[:MAX_INPUT_CHARS]


def _protected(
    tokens: Sequence[str], start: int, end: int, bigrams: frozenset[tuple[str, str]]
) -> bool:
    """Whether removing tokens[start:end] would cut a name in two ("xã | hội")."""
    return (start > 0 and (tokens[start - 1], tokens[start]) in bigrams) or (
        end < len(tokens) and (tokens[end - 1], tokens[end]) in bigrams
    )


def _read_number(token: str, signals: _Signals) -> None:
    """A year (19xx/20xx) or a small count ("top 3"); other numbers mean nothing here."""
    if _YEAR.fullmatch(token):
        if signals.year is None:
            signals.year = int(token)
    elif len(token) <= 3 and int(token) > 0 and signals.limit is None:
        signals.limit = int(token)


def _apply(intent: _Intent, signals: _Signals, rest: list[str]) -> None:
    """Record one intent phrase; a separator stays in `rest` as a soft break."""
    signals.listing = signals.listing or intent.kind == "list"
    signals.compare = signals.compare or intent.compare
    signals.help = signals.help or intent.kind == "help"
    signals.level = signals.level or intent.level
    signals.order = signals.order or intent.order
    if intent.group is not None:
        signals.groups.add(intent.group)
    signals.about = signals.about or intent.kind == "about"
    signals.improve = signals.improve or intent.kind == "improve"
    if intent.topic is not None:
        signals.topics.append(intent.topic)
    if intent.kind == "separator":
        rest.append(_SOFT)


def _read_intent(
    tokens: list[str], bigrams: frozenset[tuple[str, str]], tables: _Tables
) -> tuple[list[str], _Signals]:
    """Take intent words out of the token stream; what is left are names (and unknowns)."""
    signals = _Signals()
    rest: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if token.isdigit():
            _read_number(token, signals)
            if _YEAR.fullmatch(token) and rest and rest[-1] == "nam":
                rest.pop()  # "năm 2019"
            i += 1
            continue
        if token in _TRAILING and _ends_clause(tokens, i) and not _ends_name(tokens, i, bigrams):
            i += 1
            continue
        for words, intent in tables.table.get(token, ()):
            end = i + len(words)
            if tuple(tokens[i:end]) == words and not _protected(tokens, i, end, bigrams):
                _apply(intent, signals, rest)
                i = end
                break
        else:
            for words, group in tables.group_words:
                if tuple(tokens[i : i + len(words)]) == words:
                    signals.groups.add(group)
            rest.append(token)
            i += 1
    return rest, signals


def _ends_clause(tokens: Sequence[str], i: int) -> bool:
    return i + 1 == len(tokens) or tokens[i + 1] == CLAUSE_SEPARATOR


def _ends_name(tokens: Sequence[str], i: int, bigrams: frozenset[tuple[str, str]]) -> bool:
    """Whether tokens[i] ends a name whose previous word is there, maybe mistyped."""
    if i == 0:
        return False
    before = tokens[i - 1]
    return any(
        right == tokens[i] and fuzz.ratio(left, before) >= NEIGHBOUR_SIMILARITY
        for left, right in bigrams
    )


def _clauses(rest: Sequence[str]) -> list[list[list[str]]]:
    """Clauses (split at "," and the like) of parts (split at "và", "với", "vs", …)."""
    clauses: list[list[list[str]]] = [[[]]]
    for token in rest:
        if token == CLAUSE_SEPARATOR:
            clauses.append([[]])
        elif token == _SOFT:
            clauses[-1].append([])
        else:
            clauses[-1][-1].append(token)
    return [[part for part in clause if part][:MAX_PARTS] for clause in clauses]


def _exact(core: Core, index: NameIndex) -> _Mention | None:
    """An exact spelling, or exact spellings side by side ("nội vụ ngoại vụ"); else None."""
    words = core.words
    if not words:
        return _EMPTY
    exact = index.exact(words)
    if exact:
        return _Mention("units" if len(exact) == 1 else "ambiguous", exact)
    spans = index.spans(words)
    if spans and sum(s.end - s.start for s in spans) == len(words):
        return _from_spans([s.unit_ids for s in spans])
    return None


def _resolve(core: Core, index: NameIndex, joined: bool, group_typed: bool = False) -> _Mention:
    """What one piece names: an exact spelling, exact names side by side, or a fuzzy guess.

    Unknown words beside an exact name do not spoil it ("Sở Nội vụ thế nào"), but a typo
    that makes a longer name does ("Điện Biên Đôngg" is not "Điện Biên" plus noise). Pieces
    `joined` across a "và" must name as a whole, or they would swallow the other side.
    """
    exact = _exact(core, index)
    if exact is not None:
        return exact
    whole = index.match_core(core)
    if whole.status == "unit":
        if not _guess_stands(core, whole, index, group_typed):
            return _Mention("ambiguous", whole.unit_ids, fuzzy=True)  # ask, do not guess
        return _Mention("units", whole.unit_ids, fuzzy=True)
    spans = index.spans(core.words)
    if spans and not joined:
        return _from_spans(_with_strong_leftovers(core, spans, index, group_typed))
    if whole.status == "ambiguous":
        return _Mention("ambiguous", whole.unit_ids, fuzzy=True)
    return _NOTHING


def _with_strong_leftovers(
    core: Core, spans: Sequence[Span], index: NameIndex, group_typed: bool = False
) -> list[tuple[str, ...]]:
    """Exact spans in order, plus words between them only if they surely name a unit."""
    found: list[tuple[str, ...]] = []
    start = 0
    for span in [*spans, None]:
        end = span.start if span else len(core.words)
        if end > start:
            piece = Core(core.words[start:end], core.hint)
            extra = index.match_core(piece)
            if (extra.status == "unit" and extra.score >= STRONG_SCORE
                    and _guess_stands(piece, extra, index, group_typed)):
                found.append(extra.unit_ids)
        if span:
            found.append(span.unit_ids)
            start = span.end
    return found


def _from_spans(found: Sequence[tuple[str, ...]]) -> _Mention:
    """Units side by side, or the first spelling two units share, to ask about."""
    for ids in found:
        if len(ids) > 1:
            return _Mention("ambiguous", ids[:MAX_CANDIDATES])
    return _Mention("units", tuple(ids[0] for ids in found))


_Rank = tuple[int, int, int, int]


def _rank(mentions: Sequence[_Mention], unexplained: int) -> _Rank:
    """Lower is better: parts left unexplained, then distinct units (more), guesses, pieces.

    Unexplained counts parts, not pieces, so joining an ambiguous side to a unit into one
    unknown piece ("Mường | và | Tuần Giáo") never looks better than asking about it.
    """
    distinct = len({u for m in mentions if m.status == "units" for u in m.unit_ids})
    fuzzy = sum(m.fuzzy for m in mentions)
    pieces = sum(m.status != "empty" for m in mentions)
    return (unexplained, -distinct, fuzzy, pieces)


def _best_split(parts: Sequence[list[str]], index: NameIndex,
                group_typed: bool = False) -> list[_Mention]:
    """The reading of "A và B và C" that names the most units with the fewest guesses.

    Neighbouring parts may be joined back into one name (at most MAX_JOINED_PARTS of them:
    "Sở Giáo dục | và | Đào tạo"). Readings made of exact spellings only are tried first;
    fuzzy matching runs only when there is none.
    """
    cores = {
        (i, j): index.split_core([t for part in parts[i:j] for t in part])
        for j in range(1, len(parts) + 1)
        for i in range(max(0, j - MAX_JOINED_PARTS), j)
    }
    exact = _cheapest_reading(len(parts), lambda i, j: _exact(cores[(i, j)], index))
    if exact is not None:
        return exact
    fuzzy = _cheapest_reading(
        len(parts),
        lambda i, j: _resolve(cores[(i, j)], index, joined=j - i > 1, group_typed=group_typed)
    )
    return fuzzy or []


def _cheapest_reading(
    count: int, mention: Callable[[int, int], _Mention | None]
) -> list[_Mention] | None:
    """Dynamic programme over part boundaries; a segment whose `mention` is None is barred."""
    best: list[tuple[_Rank, list[_Mention]] | None] = [None] * (count + 1)
    best[0] = ((0, 0, 0, 0), [])
    for j in range(1, count + 1):
        for i in range(max(0, j - MAX_JOINED_PARTS), j):
            previous = best[i]
            found = mention(i, j) if previous is not None else None
            if previous is None or found is None:
                continue
            unexplained = previous[0][0] + (j - i) * (found.status in ("ambiguous", "none"))
            mentions = [*previous[1], found]
            rank = _rank(mentions, unexplained)
            current = best[j]
            if current is None or rank < current[0]:
                best[j] = (rank, mentions)
    final = best[count]
    return final[1] if final is not None else None


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Reading:
    """What the name layer found in the words the grammar left: units, lists, help."""

    kind: QueryKind
    year: int | None = None
    unit_ids: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    groups: frozenset[str] = frozenset()
    level: str | None = None
    limit: int | None = None
    order: Order = "best"
    listing: bool = False
    improve: bool = False
    topic: str | None = None
    unknown: bool = False  # some words named nothing
    asked_help: bool = False  # "hướng dẫn", "help", "trợ giúp": help was asked for
    compare: bool = False  # "so sánh", "so với": a comparison was asked for


_GROUP_TYPED = re.compile(r"(?<!\w)(sở|huyện|ubnd|tp|tx|thị xã|thành phố)(?!\w)")
_GROUP_TYPED_PLAIN = re.compile(r"(?<!\w)(so|huyen|ubnd|tp|tx|thi xa|thanh pho)(?!\w)")


def _group_typed(cleaned: str) -> bool:
    """A group word as typed: "sở", "huyện"…; "so" only where nothing carries diacritics."""
    text = cleaned.casefold()
    if text.isascii():
        return bool(_GROUP_TYPED_PLAIN.search(text))
    return bool(_GROUP_TYPED.search(unicodedata.normalize("NFC", text)))


def _guess_stands(core: Core, found: NameMatch, index: NameIndex, group_typed: bool) -> bool:
    """Whether a fuzzy match may answer, rather than be asked about.

    Words that only look like pieces of a name ("đủ" for "du lịch", "sớm phòng" for "Văn
    phòng") are a guess: the bot asks. A guess stands when it spells two neighbouring words
    of the name (typos allowed: "Nậm Pồo"), or when a group word typed as such says a unit of
    that group is meant and the rest is a close typo ("Sở Tià Chính").
    """
    if index.exact(core.words):
        return True
    if any(index.like_a_bigram(a, b) for a, b in pairwise(core.words)):
        return True
    return (core.hint is not None and group_typed and len(core.words) >= 2
            and found.score >= HINTED_GUESS
            and index.group_of(found.unit_ids[0]) == core.hint
            and index.spelled_in_order(core.words, found.unit_ids[0]))


def understand_tokens(cleaned: str, tokens: list[str], index: NameIndex) -> Reading:
    """Read unit mentions and list/help/about words from folded tokens."""
    rest, signals = _read_intent(tokens, index.name_bigrams, _tables(index))
    typed = _group_typed(cleaned)
    mentions = [m for clause in _clauses(rest) for m in _best_split(clause, index, typed)]
    year = signals.year
    groups = frozenset(str(g) for g in signals.groups)
    ambiguous = next((m for m in mentions if m.status == "ambiguous"), None)
    if ambiguous is not None:
        return Reading("clarify", year, candidates=ambiguous.unit_ids, groups=groups)
    units = _unique(u for m in mentions if m.status == "units" for u in m.unit_ids)[:MAX_UNITS]
    if not units and (signals.about or (signals.topics and not signals.listing)):
        return Reading("about", year, level=signals.level, topic=_about_topic(signals),
                       groups=groups)
    if units:
        return Reading("unit" if len(units) == 1 else "compare", year, unit_ids=units,
                       improve=signals.improve, groups=groups, compare=signals.compare)
    unknown = any(m.status == "none" for m in mentions)
    listing = signals.listing or signals.level is not None or (
        not unknown and (bool(signals.groups) or (year is not None and not signals.help)))
    if signals.help or not listing:
        return Reading("help", year, groups=groups, unknown=unknown,
                       asked_help=signals.help)
    return Reading("list", year, groups=groups, level=signals.level, limit=signals.limit,
                   order=signals.order or "best", listing=True, unknown=unknown)


def understand(text: str, index: NameIndex, this_year: int | None = None) -> Query:
    """Parse one message into the short form the older callers use (see `query_grammar`).

    The structured question is richer; this keeps its unit, list, comparison, question
    back and help readings. `this_year` is the calendar year ("năm nay"); default: today.
    """
    from datetime import date

    from bot.query_grammar import default_grammar

    question = default_grammar(index).parse(text, this_year or date.today().year)
    return legacy_query(question)


def legacy_query(question) -> Query:
    """The `Query` a structured question reads as."""
    q = question
    op = q.op
    if op in ("card", "improve", "neighbour") or (op == "value" and len(q.unit_ids) == 1):
        return Query("unit", q.year, unit_ids=q.unit_ids[:1], text=q.text,
                     improve=op == "improve")
    if op in ("compare", "value"):
        return Query("compare", q.year, unit_ids=q.unit_ids, text=q.text)
    if op == "clarify":
        return Query("clarify", q.year, candidates=q.candidates, text=q.text)
    if op == "about":
        return Query("about", q.year, level=q.level, topic=q.topic, text=q.text)
    if op in ("list", "top", "position", "filter", "sort", "count", "aggregate"):
        limit = q.limit if op in ("list", "top", "filter", "sort") else None
        level = q.level if op in ("list", "filter", "count") else None
        return Query("list", q.year, group=q.group, level=level, limit=limit,
                     order="best" if q.best else "worst", text=q.text)
    return Query("help", q.year if op == "help" else None, text=q.text)


def _about_topic(signals: _Signals) -> str | None:
    """A named sub-index first, then the level bands, then scoring; None: the whole index."""
    subindex = next((t for t in signals.topics if t not in ("scoring", "levels")), None)
    if subindex is not None:
        return subindex
    if signals.level is not None or "levels" in signals.topics:
        return "levels"
    return "scoring" if "scoring" in signals.topics else None
