"""Hostile and huge files sent to the bot: parsed off the event loop, refused with the same
message as the command line, and a long fault list cut to 30 with the rest as a file."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from bot.words import cards, uploads
from scoring import sheets
from scoring.errors import DataFileError, DataFileProblem
from scoring.report import render_problems
from tests.conftest import HEADER, dump, rows_2020
from tests.support.bot_harness import running_bot
from tests.support.xlsx_files import repeated_sheet, xlsx_with_sheet

ADMIN, OFFICIAL = 701, 9_001
UNIT_ROW = (b'<row><c t="inlineStr"><is><t>S\xe1\xbb\x9f Y t\xe1\xba\xbf</t></is></c>'
            b"<c><v>12.5</v></c></row>")


@pytest.fixture
async def admin_bot(fake_api, db_path):
    async with running_bot(fake_api, admins=frozenset({ADMIN})) as application:
        yield application


async def send(api, path: Path, *, name: str | None = None) -> list:
    """The admin sends `path`; returns everything the bot sent back (message, maybe a file)."""
    before = len(api.sent(ADMIN))
    api.send_document(ADMIN, name or path.name, file_bytes(path), user_id=ADMIN)
    await api.wait_for(lambda s: len(s.sent(ADMIN)) > before, timeout=5)
    await asyncio.sleep(0.2)  # a fault list may come with its file
    return api.sent(ADMIN)[before:]


def file_bytes(path: Path) -> bytes:
    """A test file's bytes (at most a few MB, read once)."""
    return path.read_bytes()


def unknown_units_file(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "ket_qua_2020.csv"
    lines = [",".join(HEADER), *(f"Đơn vị lạ số {i},1,1,1,1" for i in range(count))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.usefixtures("admin_bot")
async def test_questions_are_answered_while_a_big_upload_is_parsed(fake_api, db_path,
                                                                   tmp_path, monkeypatch):
    parsing = threading.Event()
    real_read_csv = sheets._read_csv

    def slow_read_csv(*args, **kwargs):  # a big file: 1.5 s of parsing
        parsing.set()
        time.sleep(1.5)
        return real_read_csv(*args, **kwargs)

    monkeypatch.setattr(sheets, "_read_csv", slow_read_csv)
    fake_api.send_document(ADMIN, "ket_qua_2020.csv",
                           file_bytes(unknown_units_file(tmp_path, 40)), user_id=ADMIN)
    # this test runs on the bot's event loop: if parsing blocks the loop, it waits too
    assert await asyncio.to_thread(parsing.wait, 5)
    asked = time.perf_counter()
    fake_api.send_text(OFFICIAL, "Sở Y tế năm 2019")
    await fake_api.wait_for(lambda s: s.sent(OFFICIAL), timeout=5)
    answered = time.perf_counter() - asked
    assert not fake_api.sent(ADMIN), "the upload finished before the question was answered"
    assert answered < 1.0
    assert "Sở Y tế" in (fake_api.sent(OFFICIAL)[0].text or "")
    await fake_api.wait_for(lambda s: s.sent(ADMIN), timeout=5)
    assert "có 69 lỗi" in (fake_api.sent(ADMIN)[0].text or "")


@pytest.mark.usefixtures("admin_bot")
async def test_long_fault_list_is_cut_and_sent_whole_as_a_file(fake_api, db_path, tmp_path):
    path = unknown_units_file(tmp_path, 60)
    with pytest.raises(DataFileError) as expected:
        sheets_error(path)
    total = 60 + 29  # sixty unknown names; each of the 29 real units is missing
    assert len(expected.value.problems) == total
    before = dump(db_path)
    replies = await send(fake_api, path)
    text = "\n".join(r.text or "" for r in replies if r.method == "sendMessage")
    assert f"có {total} lỗi" in text
    bullets = [line for line in text.splitlines() if line.startswith("• ")]
    assert bullets == [f"• {p}" for p in expected.value.problems[:30]]
    assert f"… và {total - 30} lỗi khác (danh sách đầy đủ trong tệp đính kèm)." in text
    assert uploads.UPLOAD_PROBLEMS_FOOT in text
    files = [r for r in replies if r.method == "sendDocument"]
    assert [f.filename for f in files] == ["ket_qua_2020-loi.txt"]
    assert files[0].document is not None
    listed = files[0].document.decode()
    assert listed == render_problems(expected.value, limit=None)
    assert len(listed.splitlines()) == total + 1
    assert files[0].caption == f"Danh sách đầy đủ {total} lỗi của tệp."
    assert dump(db_path) == before


def sheets_error(path: Path) -> None:
    """The faults `egov publish` finds in `path` (raises DataFileError)."""
    from storage.db import open_database
    from storage.store import prepare_publish

    db = open_database(path.parent / "egov.db")
    try:
        prepare_publish(db, path, 2020)
    finally:
        db.close()


@pytest.mark.usefixtures("admin_bot")
async def test_a_few_faults_come_without_a_file(fake_api, tmp_path, write_sheet):
    rows = rows_2020()
    rows[0][1] = "abc"
    replies = await send(fake_api, write_sheet(rows))
    assert [r.method for r in replies] == ["sendMessage"]
    assert "lỗi khác" not in (replies[0].text or "")


@pytest.mark.usefixtures("admin_bot")
async def test_zip_bomb_sent_to_the_bot_is_refused_naming_the_limit(fake_api, db_path,
                                                                    tmp_path):
    bomb = xlsx_with_sheet(tmp_path / "ket_qua_2020.xlsx",
                           repeated_sheet(UNIT_ROW, (1 << 30) // len(UNIT_ROW)))
    before = dump(db_path)
    started = time.perf_counter()
    replies = await send(fake_api, bomb)
    assert time.perf_counter() - started < 3
    assert ("ket_qua_2020.xlsx: nội dung tệp Excel khi giải nén là 1024,1 MB, vượt giới hạn "
            "20 MB (tệp hỏng hoặc là «bom zip»)") in (replies[0].text or "")
    assert dump(db_path) == before


@pytest.mark.usefixtures("admin_bot")
async def test_huge_rank_gets_the_admin_the_same_message_as_the_cli(fake_api, db_path,
                                                                    write_sheet):
    rows = [[*row, ""] for row in rows_2020()]
    rows[2][5] = "1e30"
    path = write_sheet(rows, [*HEADER, "Xếp hạng"])
    problem = DataFileProblem("ket_qua_2020.csv", 4, "Xếp hạng",
                              "thứ hạng «1e30» quá lớn (tối đa 10000)")
    replies = await send(fake_api, path)
    assert f"• {problem}" in (replies[0].text or "")
    assert cards.ERROR not in (replies[0].text or "")


@pytest.mark.usefixtures("admin_bot")
async def test_hidden_row_sent_to_the_bot_is_named(fake_api, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in rows_2020():
        workbook.active.append([row[0], *(float(v) for v in row[1:])])
    workbook.active.row_dimensions[7].hidden = True
    path = tmp_path / "ket_qua_2020.xlsx"
    workbook.save(path)
    replies = await send(fake_api, path)
    assert "• ket_qua_2020.xlsx, dòng 7: dòng này đang bị ẩn trong Excel" in (
        replies[0].text or "")
