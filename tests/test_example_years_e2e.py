"""The example years, end to end: each published through the command line and from Telegram
(the fake Bot API), then every kind of question answered on it, as JSON and by the bot.

- 2022, a DTI-like year: 6 sub-indices, 500 points, 4 bands with new names, 2 decimals;
- 2023, a 0–1-valued year: the mean of 6 sub-indices (weights 1/6), 5 decimals, 3 bands;
- 2025 after the restructuring: 14 departments and 45 xã/phường, merged and retired units,
  on 1,000 points (an edition and a units file sent with the results).

Every expected figure is computed here from the fixture files (Decimal, the editions read
with tomllib), never copied from the bot's output.
"""

from __future__ import annotations

import csv
import json
import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pytest

from bot.cli import main as egov
from bot.publish.views import encode_decision
from storage.db import open_database
from tests.conftest import DATA, dump
from tests.support.bot_harness import running_bot
from tests.support.editions import (
    DTI_2022,
    DTI_2025,
    FIXTURES,
    RESULTS,
    UNITS_2025,
    competition_ranks,
    rows_of,
    weighted_total,
)
from tests.support.fake_bot_api import SentMessage, parse_telegram_html

RATIO_2023 = FIXTURES / "ratio-2023.toml"
ADMIN, USER, SUBSCRIBER = 701, 601, 9001
PNG = b"\x89PNG\r\n\x1a\n"
LAST_DATA_YEAR = max(int(p.stem) for p in (DATA / "results").glob("*.csv"))  # 2019


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold().strip()


def number(value: Decimal, decimals: int) -> str:
    """A figure as the report prints it: fixed decimals, decimal comma."""
    return f"{value:.{decimals}f}".replace(".", ",")


def compact(value: Decimal, decimals: int) -> str:
    """`number` without an all-zero fraction ("31,43", "100")."""
    text = number(value, decimals)
    whole, _, fraction = text.partition(",")
    return whole if not fraction.strip("0") else text


def maximum_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@dataclass(frozen=True)
class Example:
    """One example year: its files, and what a careful official computes from them."""

    year: int
    edition_path: Path
    units_path: Path | None = None
    groups_asked: dict[str, str] = field(default_factory=dict)  # group key → word in questions

    @property
    def results_path(self) -> Path:
        return RESULTS[self.year]

    @cached_property
    def edition(self) -> dict:
        return tomllib.loads(self.edition_path.read_text(encoding="utf-8"))

    @property
    def decimals(self) -> int:
        return int(self.edition.get("decimals", 1))

    @cached_property
    def units(self) -> dict[str, dict[str, str]]:
        """id → row of data/units.csv, updated by the units file sent with the year."""
        units = {}
        for path in (DATA / "units.csv", self.units_path):
            if path is not None:
                with path.open(encoding="utf-8") as handle:
                    units.update({row["id"]: row for row in csv.DictReader(handle)})
        return units

    def unit_id(self, name: str) -> str:
        ids = {uid for uid, row in self.units.items()
               if _key(name) in {_key(row["name"]), *(
                   _key(a) for a in (row.get("aliases") or "").split("|") if a)}}
        assert len(ids) == 1, (name, ids)
        return ids.pop()

    @cached_property
    def rows(self) -> dict[str, tuple[str, list[str]]]:
        """unit id → (name as written in the results file, sub-index values as written)."""
        header, *body = rows_of(self.results_path)
        at = next(i for i, column in enumerate(header) if "Đơn vị" in column)
        return {self.unit_id(row[at]): (row[at], row[at + 1:]) for row in body}

    @cached_property
    def totals(self) -> dict[str, Decimal]:
        weights = [Decimal(str(s.get("weight", 1))) for s in self.edition["subindices"]]
        return {uid: weighted_total(values, weights, self.decimals)
                for uid, (_, values) in self.rows.items()}

    def group_of(self, unit_id: str) -> str:
        return self.units[unit_id]["group"]

    def members(self, group: str) -> list[str]:
        return [uid for uid in self.rows if self.group_of(uid) == group]

    @cached_property
    def ranks(self) -> dict[str, int]:
        ranks: dict[str, int] = {}
        for group in {self.group_of(uid) for uid in self.rows}:
            ranks |= competition_ranks({u: self.totals[u] for u in self.members(group)})
        return ranks

    def band(self, unit_id: str) -> dict | None:
        """The highest band whose threshold the total reaches."""
        return next((b for b in self.edition.get("levels", [])
                     if self.totals[unit_id] >= Decimal(str(b["from"]))), None)

    def band_above(self, band: dict) -> dict | None:
        levels = self.edition.get("levels", [])
        at = levels.index(band)
        return levels[at - 1] if at > 0 else None

    def top(self, group: str, count: int) -> list[str]:
        return sorted(self.members(group), key=lambda u: self.ranks[u])[:count]


EXAMPLES = {
    2022: Example(2022, DTI_2022, groups_asked={"so": "sở", "huyen": "huyện"}),
    2023: Example(2023, RATIO_2023, groups_asked={"so": "sở", "huyen": "huyện"}),
    2025: Example(2025, DTI_2025, UNITS_2025, groups_asked={"so": "sở"}),
}


# ---------------------------------------------------------------- publishing

def add_subscriber(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        db["subscriptions"].insert({"chat_id": SUBSCRIBER, "active": 1, "chat_type": "private",
                                    "title": "", "created_at": "t", "updated_at": "t"})
    finally:
        db.close()


def publish_with_the_cli(example: Example, capsys) -> None:
    args = ["publish", str(example.results_path), "--year", str(example.year),
            "--edition", str(example.edition_path)]
    if example.units_path is not None:
        args += ["--units", str(example.units_path)]
    capsys.readouterr()
    assert egov(args) == 0, capsys.readouterr().err
    assert f"Đã công bố năm {example.year}" in capsys.readouterr().out


def file_bytes(path: Path) -> bytes:
    """A fixture's bytes (a few kB: reading them blocks nothing that matters)."""
    return path.read_bytes()


async def send_document(api, path: Path, caption: str | None = None) -> list[SentMessage]:
    before = len(api.sent(ADMIN))
    api.send_document(ADMIN, path.name, file_bytes(path), user_id=ADMIN, caption=caption)
    await api.wait_for(lambda s: len(s.sent(ADMIN)) > before, timeout=15)
    if "Xem trước" in (api.sent(ADMIN)[before].text or ""):
        await api.wait_for(lambda s: s.sent(ADMIN)[-1].callback_data, timeout=15)
    return api.sent(ADMIN)[before:]


async def publish_from_telegram(example: Example, api) -> None:
    kept = await send_document(api, example.edition_path)
    assert "Đã nhận tệp ấn bản" in kept[0].text
    if example.units_path is not None:
        kept = await send_document(api, example.units_path)
        assert "Đã nhận danh sách đơn vị" in kept[0].text
    replies = await send_document(api, example.results_path, caption=str(example.year))
    shown = "\n".join(r.text or "" for r in replies)
    assert f"Xem trước kết quả năm {example.year} ({len(example.rows)} đơn vị)" in shown
    assert example.edition["name"] in shown
    for sub in example.edition["subindices"]:
        assert f"{sub['label']} — {sub['name']} (tối đa {maximum_text(sub['maximum'])}" in shown
    preview = replies[-1]
    assert preview.callback_data[0] == encode_decision("publish", 1)
    api.press_button(ADMIN, preview.message_id, encode_decision("publish", 1), user_id=ADMIN)
    await api.wait_for(lambda s: any("✅" in (m.text or "") for m in s.sent(ADMIN)),
                       timeout=15)


# ---------------------------------------------------------------- asking

def ask_json(capsys, question: str) -> dict:
    capsys.readouterr()
    assert egov(["ask", "--json", question]) == 0
    return json.loads(capsys.readouterr().out)


async def ask_bot(api, text: str) -> list[SentMessage]:
    """The bot's replies to `text`, each checked as strict Telegram HTML."""
    before = len(api.sent(USER))
    api.send_text(USER, text, user_id=USER)
    await api.wait_for(lambda s: len(s.sent(USER)) > before, timeout=15)
    replies = api.sent(USER)[before:]
    for reply in replies:
        parse_telegram_html(reply.html or reply.caption or "", strict=True)
    return replies


def check_card(example: Example, answer: dict, reply: str, unit_id: str) -> None:
    [result] = answer["results"]
    edition, decimals = example.edition, example.decimals
    group = example.group_of(unit_id)
    size = len(example.members(group))
    band = example.band(unit_id)
    assert (answer["kind"], result["unit_id"], result["year"]) == ("unit", unit_id,
                                                                   example.year)
    assert Decimal(str(result["total"])) == example.totals[unit_id]
    assert (result["rank"], result["group"], result["group_size"]) == (
        example.ranks[unit_id], group, size)
    assert result["level"] == (band["key"] if band else None)
    assert result["level_name"] == (band["name"] if band else None)
    keys = [s["key"] for s in edition["subindices"]]
    assert list(result["scores"]) == keys
    values = example.rows[unit_id][1]
    assert [Decimal(str(result["scores"][k])) for k in keys] == [Decimal(v) for v in values]
    assert result["maxima"] == {"total": edition["total_maximum"],
                                **{s["key"]: s["maximum"] for s in edition["subindices"]}}
    total = number(example.totals[unit_id], decimals)
    assert f"Tổng điểm: {total}/{maximum_text(edition['total_maximum'])}" in reply
    if band:
        assert f"mức {band['name']}" in reply
    [rank_line] = [line for line in reply.splitlines() if line.startswith("Xếp hạng:")]
    assert rank_line.startswith(f"Xếp hạng: {example.ranks[unit_id]}/{size}")
    if "so với" in rank_line:  # compared with the last year it was ranked: data/'s last
        assert rank_line.endswith(f"so với {LAST_DATA_YEAR})")


def check_ranked(example: Example, answer: dict, expected: list[str]) -> None:
    assert [r["unit_id"] for r in answer["results"]] == expected
    for result in answer["results"]:
        assert Decimal(str(result["total"])) == example.totals[result["unit_id"]]
        assert result["rank"] == example.ranks[result["unit_id"]]


def check_about(example: Example, text: str) -> None:
    assert example.edition["name"] in text
    for sub in example.edition["subindices"]:
        assert sub["name"] in text
        assert maximum_text(sub["maximum"]) in text
    for band in example.edition.get("levels", []):
        assert band["name"] in text


async def answers_every_kind_of_question(example: Example, api, capsys) -> None:
    year, decimals = example.year, example.decimals
    first, second = example.top("so", 2)
    name = example.rows[first][0]
    other = example.rows[second][0]

    # a unit card
    answer = ask_json(capsys, f"{name} {year}")
    [reply] = await ask_bot(api, f"{name} {year}")
    check_card(example, answer, reply.text or "", first)
    assert (reply.text or "").startswith(answer["text"].splitlines()[0])

    # a list and a top N of each group the edition's words name
    for group, word in example.groups_asked.items():
        members = example.members(group)
        listed = ask_json(capsys, f"{word} {year}")
        assert listed["kind"] == "list"
        assert {r["unit_id"] for r in listed["results"]} == set(members)
        for result in listed["results"]:
            assert result["rank"] == example.ranks[result["unit_id"]]
        top = ask_json(capsys, f"top 3 {word} {year}")
        check_ranked(example, top, example.top(group, 3))
        [reply] = await ask_bot(api, f"top 3 {word} {year}")
        for uid in example.top(group, 3):
            assert number(example.totals[uid], decimals) in (reply.text or "")

    # compare
    compared = ask_json(capsys, f"so sánh {name} và {other} {year}")
    assert compared["kind"] == "compare"
    check_ranked(example, compared, [first, second])
    [reply] = await ask_bot(api, f"so sánh {name} và {other} {year}")
    for uid in (first, second):
        assert number(example.totals[uid], decimals) in (reply.text or "")

    # about: the edition's sub-indices and bands
    about = ask_json(capsys, f"cách tính điểm {year}")
    assert about["kind"] == "about"
    check_about(example, about["text"])
    [reply] = await ask_bot(api, f"cách tính điểm {year}")
    check_about(example, reply.text or "")

    # improve: the next band of this edition, for a unit below the top band
    climber = next(u for u in example.members("so")
                   if example.band(u) and example.band_above(example.band(u)))
    band = example.band(climber)
    assert band is not None
    above = example.band_above(band)
    assert above is not None
    gap = Decimal(str(above["from"])) - example.totals[climber]
    [reply] = await ask_bot(api, f"{example.rows[climber][0]} cần cải thiện gì {year}")
    assert f"Cần thêm {compact(gap, decimals)} điểm để đạt mức {above['name']}" in (
        reply.text or "")

    # charts: the unit's and the group's
    for question in (f"/bieudo {name} {year}", f"/bieudo sở {year}"):
        [photo] = await ask_bot(api, question)
        assert photo.photo is not None
        assert photo.photo.startswith(PNG)

    # notices: the subscriber got exactly one, naming the year
    await api.wait_for(lambda s: s.sent(SUBSCRIBER), timeout=15,
                       what="the notice of the new year")
    [notice] = api.sent(SUBSCRIBER)
    assert str(year) in (notice.text or "")
    parse_telegram_html(notice.html or "", strict=True)


def export_round_trip(example: Example, db_path: Path, tmp_path: Path, capsys) -> None:
    """`egov export` then `egov publish --dry-run --replace` of it: nothing would change."""
    exported = tmp_path / f"export-{example.year}.csv"
    assert egov(["export", "--year", str(example.year), "-o", str(exported)]) == 0
    before = dump(db_path)
    capsys.readouterr()
    assert egov(["publish", str(exported), "--year", str(example.year), "--dry-run",
                 "--replace"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert f"sẽ thay thế năm {example.year} ({len(example.rows)} đơn vị)" in out
    assert "Ghi chú dữ liệu: không có" in out
    assert "Ấn bản mới" not in out
    assert dump(db_path) == before

    from storage.store import publish

    db = open_database(db_path)
    try:
        again = publish(db, exported, example.year, dry_run=True, replace=True)
        stored = {uid: tuple(row) for uid, *row in db.execute(
            "SELECT unit_id, total, rank, level, grp FROM results WHERE year = ?",
            [example.year])}
    finally:
        db.close()
    assert {r.unit_id: (r.total, r.rank, r.level, r.group) for r in again.results} == stored
    assert {r.unit_id: Decimal(str(r.total)) for r in again.results} == example.totals


# ---------------------------------------------------------------- the tests

@pytest.mark.parametrize("year", sorted(EXAMPLES))
async def test_year_published_with_the_cli_answers_every_kind_of_question(
        year, fake_api, db_path, tmp_path, capsys):
    example = EXAMPLES[year]
    add_subscriber(db_path)
    publish_with_the_cli(example, capsys)
    async with running_bot(fake_api):
        await answers_every_kind_of_question(example, fake_api, capsys)
    export_round_trip(example, db_path, tmp_path, capsys)


@pytest.mark.parametrize("year", sorted(EXAMPLES))
async def test_year_published_from_telegram_answers_every_kind_of_question(
        year, fake_api, db_path, tmp_path, capsys):
    example = EXAMPLES[year]
    add_subscriber(db_path)
    async with running_bot(fake_api, admins=frozenset({ADMIN})):
        await publish_from_telegram(example, fake_api)
        await answers_every_kind_of_question(example, fake_api, capsys)
    export_round_trip(example, db_path, tmp_path, capsys)


@pytest.mark.parametrize(("question", "count"), [("top 5 xã 2025", 5),
                                                 ("các phường 2025", None)])
def test_the_2025_editions_group_words_name_the_xã_phường_group(question, count, db_path,
                                                                 capsys):
    example = EXAMPLES[2025]
    publish_with_the_cli(example, capsys)
    answer = ask_json(capsys, question)
    members = example.members("xa")
    expected = example.top("xa", count) if count else sorted(
        members, key=lambda u: example.ranks[u])
    assert answer["kind"] == "list"
    check_ranked(example, answer, expected)


@pytest.mark.parametrize("band", ["tốt", "xuất sắc", "khá"])
def test_the_2022_editions_band_words_list_the_units_in_that_band(band, db_path, capsys):
    example = EXAMPLES[2022]
    publish_with_the_cli(example, capsys)
    answer = ask_json(capsys, f"sở mức {band} 2022")
    expected = sorted((u for u in example.members("so")
                       if (example.band(u) or {}).get("name") == band),
                      key=lambda u: example.ranks[u])
    assert answer["kind"] == "list"  # a band no sở reached is an empty list, not another band
    check_ranked(example, answer, expected)


def test_a_notice_names_the_year_a_rank_change_compares_with(db_path, capsys):
    """2020 and 2021 were never published: 2022's rank changes compare with 2019."""
    from bot.notices.views import followed_line
    from storage.snapshot import load_snapshot

    example = EXAMPLES[2022]
    publish_with_the_cli(example, capsys)
    db = open_database(db_path)
    try:
        snapshot = load_snapshot(db)
    finally:
        db.close()
    unit_id = example.top("so", 1)[0]
    line = followed_line(unit_id, 2022, snapshot)
    assert f"so với {LAST_DATA_YEAR})" in line
    assert "so với 2021" not in line
