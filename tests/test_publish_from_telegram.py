"""Publishing from Telegram: an admin sends a file, sees faults or a preview, and confirms."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.cli import main as egov
from bot.publish.handlers import MAX_UPLOAD_BYTES
from bot.publish.views import encode_decision
from bot.words import companions as companion_words
from bot.words import uploads
from scoring.errors import DataFileError
from storage.db import open_database
from storage.store import prepare_publish, publish
from storage.uploads import safe_filename, year_from
from tests.conftest import dump, rows_2020
from tests.support.bot_harness import running_bot

ADMIN, OTHER_ADMIN, STRANGER = 701, 702, 703

pytestmark = pytest.mark.usefixtures("bot_transport")  # once per transport
ADMINS = frozenset({ADMIN, OTHER_ADMIN})
SUBSCRIBERS = (9001, -9002)


@pytest.fixture
async def admin_bot(fake_api, db_path):
    async with running_bot(fake_api, admins=ADMINS) as application:
        yield application


@pytest.fixture
def subscribers(db_path: Path) -> tuple[int, ...]:
    with database(db_path) as db:
        db["subscriptions"].insert_all([
            {"chat_id": chat, "active": 1, "chat_type": "private" if chat > 0 else "group",
             "title": "", "created_at": "t", "updated_at": "t"} for chat in SUBSCRIBERS])
    return SUBSCRIBERS


def file_bytes(path: Path) -> bytes:
    """A test sheet's bytes (a few kB: reading them blocks nothing that matters)."""
    return path.read_bytes()


async def send_file(api, path: Path, *, user: int = ADMIN, caption: str | None = None,
                    filename: str | None = None, data: bytes | None = None):
    """The admin sends a document; returns the bot's first reply."""
    before = len(api.sent(user))
    api.send_document(user, filename or path.name,
                      file_bytes(path) if data is None else data, user_id=user,
                      caption=caption)
    await api.wait_for(lambda s: len(s.sent(user)) > before, timeout=5)
    return api.sent(user)[before]


async def press(api, message, data: str, *, user: int = ADMIN) -> str:
    """Press a button of `message` as `user`; returns the text of the callback answer."""
    answered = len(api.callback_answers)
    query_id = api.press_button(message.chat_id, message.message_id, data, user_id=user)
    await api.wait_for(lambda s: any(a.callback_query_id == query_id
                                     for a in s.callback_answers[answered:]), timeout=5)
    return next(a.text or "" for a in api.callback_answers if a.callback_query_id == query_id)


async def published_message(api, user: int = ADMIN):
    await api.wait_for(lambda s: any("✅" in (m.text or "") for m in s.sent(user)), timeout=5)
    return next(m for m in api.sent(user) if "✅" in (m.text or ""))


@contextmanager
def database(path: Path) -> Iterator[Database]:
    """A second connection, as `egov publish` from a shell would open."""
    db = open_database(path)
    try:
        yield db
    finally:
        db.close()


def rows(path: Path, sql: str) -> list[tuple]:
    with database(path) as db:
        return db.execute(sql).fetchall()


def faulty_rows() -> list[list[str]]:
    rows = rows_2020()
    rows[0][2] = "abc"  # not a number
    rows[1][1] = "30"  # above HTKT's maximum of 25
    rows[2][0] = "Sở Không Tồn Tại"  # unknown unit (and so one unit goes missing)
    return rows


def without_uploads(lines: list[str]) -> list[str]:
    return [line for line in lines if "uploads" not in line]


def ask_json(capsys, text: str) -> dict:
    capsys.readouterr()
    assert egov(["ask", "--json", text]) == 0
    return json.loads(capsys.readouterr().out)


# ---------------------------------------------------------------- pure helpers

@pytest.mark.parametrize(("caption", "filename", "expected"), [
    ("2020", "ket_qua.csv", 2020),
    ("công bố 2020", "ket_qua.csv", 2020),
    ("công bố 2021", "ket_qua_2020.csv", 2021),
    (None, "ket_qua_2020.csv", 2020),
    ("", "egov-2022.xlsx", 2022),
    (None, "ket_qua.csv", None),
    ("bảng 12345", "kq.csv", None),
])
def test_year_comes_from_the_caption_then_the_filename(caption, filename, expected):
    assert year_from(caption, filename) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("ket_qua_2020.csv", "ket_qua_2020.csv"),
    ("../../etc/passwd.csv", "passwd.csv"),
    ("C:\\Users\\a\\kq 2020.xlsx", "kq 2020.xlsx"),
    ("a<b>|c.csv", "a_b__c.csv"),
    ("", ""),
])
def test_uploaded_file_names_lose_folders_and_unsafe_characters(name, expected):
    assert safe_filename(name) == expected


# ---------------------------------------------------------------- refusals

@pytest.mark.usefixtures("admin_bot")
async def test_file_with_faults_names_every_fault_and_stores_nothing(fake_api, db_path,
                                                                     write_sheet):
    path = write_sheet(faulty_rows())
    with database(db_path) as db, pytest.raises(DataFileError) as expected:
        prepare_publish(db, path, 2020)
    before = dump(db_path)
    reply = await send_file(fake_api, path)
    assert uploads.UPLOAD_PROBLEMS_FOOT in reply.text
    assert f"có {len(expected.value.problems)} lỗi" in reply.text
    for problem in expected.value.problems:
        assert str(problem) in reply.text
    assert reply.callback_data == []
    assert dump(db_path) == before


@pytest.mark.usefixtures("admin_bot")
async def test_non_admins_document_is_refused_and_nothing_stored(fake_api, db_path,
                                                                 write_sheet):
    before = dump(db_path)
    reply = await send_file(fake_api, write_sheet(), user=STRANGER)
    assert reply.html == uploads.UPLOAD_NOT_ADMIN
    assert dump(db_path) == before


@pytest.mark.usefixtures("admin_bot")
async def test_file_without_a_year_gets_a_polite_question(fake_api, db_path, write_sheet):
    before = dump(db_path)
    reply = await send_file(fake_api, write_sheet(name="ket_qua.csv"))
    assert reply.html == uploads.UPLOAD_NEED_YEAR
    assert dump(db_path) == before


@pytest.mark.usefixtures("admin_bot")
async def test_big_or_foreign_files_are_refused(fake_api, db_path, write_sheet):
    before = dump(db_path)
    path = write_sheet()
    big = await send_file(fake_api, path, data=b"x" * (MAX_UPLOAD_BYTES + 1))
    assert big.html == uploads.upload_too_big(5)
    pdf = await send_file(fake_api, path, filename="bao_cao_2020.pdf")
    assert pdf.html == companion_words.WRONG_TYPE  # .toml files are taken too now
    assert dump(db_path) == before


# ---------------------------------------------------------------- preview and decision

@pytest.mark.usefixtures("admin_bot")
async def test_preview_shows_the_year_and_offers_publish_or_cancel(fake_api, subscribers,
                                                                   write_sheet):
    preview = await send_file(fake_api, write_sheet(), caption="công bố 2020")
    assert "Xem trước kết quả năm 2020 (29 đơn vị)" in preview.text
    assert "Khối sở, ban, ngành tỉnh · năm 2020 · 3 đơn vị cao nhất" in preview.text
    assert "Số đơn vị theo mức: khá" in preview.text
    assert "Thay đổi thứ hạng lớn nhất so với năm 2019:" in preview.text
    assert uploads.upload_notices(len(subscribers)) in preview.text
    assert preview.callback_data == [encode_decision("publish", 1),
                                     encode_decision("cancel", 1)]


@pytest.mark.usefixtures("admin_bot")
async def test_only_the_uploading_admin_can_confirm(fake_api, db_path, write_sheet):
    preview = await send_file(fake_api, write_sheet())
    before = dump(db_path)
    for someone in (OTHER_ADMIN, STRANGER):
        for data in preview.callback_data:
            assert await press(fake_api, preview, data, user=someone) == uploads.UPLOAD_NOT_YOURS
    assert dump(db_path) == before
    assert fake_api.message(ADMIN, preview.message_id).callback_data == preview.callback_data


@pytest.mark.usefixtures("admin_bot")
async def test_confirming_publishes_and_queues_notices(fake_api, db_path, subscribers,
                                                       write_sheet, capsys):
    assert ask_json(capsys, "Sở Y tế 2020")["kind"] == "no_data"
    preview = await send_file(fake_api, write_sheet())
    assert await press(fake_api, preview, encode_decision("publish", 1)) == (
        uploads.UPLOAD_PUBLISHED_SHORT)
    done = await published_message(fake_api)
    assert done.text == uploads.upload_published(2020, 29, len(subscribers), replaced=False)
    assert fake_api.message(ADMIN, preview.message_id).callback_data == []
    answer = ask_json(capsys, "Sở Y tế 2020")
    assert (answer["kind"], answer["year"]) == ("unit", 2020)
    notified = rows(db_path, """SELECT outbox.chat_id FROM outbox JOIN publications
                                ON publications.id = outbox.publication_id
                                WHERE publications.year = 2020 ORDER BY outbox.chat_id""")
    assert [chat for (chat,) in notified] == sorted(subscribers)
    assert rows(db_path, "SELECT status FROM uploads") == [("published",)]
    # the bot itself answers with the new year at once (its own write, no data_version bump)
    fake_api.send_text(ADMIN, "Sở Y tế")
    await fake_api.wait_for(lambda s: "năm 2020" in (s.sent(ADMIN)[-1].text or ""))


@pytest.mark.usefixtures("admin_bot")
async def test_confirming_starts_the_notices(fake_api, subscribers, write_sheet):
    preview = await send_file(fake_api, write_sheet())
    await press(fake_api, preview, encode_decision("publish", 1))
    await fake_api.wait_for(lambda s: all(s.sent(chat) for chat in subscribers), timeout=5,
                            what="a notice in every subscriber's chat")
    assert all("2020" in (fake_api.sent(chat)[0].text or "") for chat in subscribers)


@pytest.mark.usefixtures("admin_bot")
async def test_two_presses_publish_once(fake_api, db_path, subscribers, write_sheet):
    preview = await send_file(fake_api, write_sheet())
    publish_button = encode_decision("publish", 1)
    first = fake_api.press_button(ADMIN, preview.message_id, publish_button, user_id=ADMIN)
    second = fake_api.press_button(ADMIN, preview.message_id, publish_button, user_id=ADMIN)
    await fake_api.wait_for(lambda s: {a.callback_query_id for a in s.callback_answers}
                            >= {first, second}, timeout=5)
    assert sorted(a.text for a in fake_api.callback_answers) == sorted(
        [uploads.UPLOAD_PUBLISHED_SHORT, uploads.UPLOAD_ALREADY_PUBLISHED])
    assert rows(db_path, "SELECT count(*) FROM publications WHERE year = 2020") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM outbox") == [(len(subscribers),)]


@pytest.mark.usefixtures("admin_bot")
async def test_cancel_publishes_nothing(fake_api, db_path, subscribers, write_sheet):
    preview = await send_file(fake_api, write_sheet())
    before = dump(db_path)
    assert await press(fake_api, preview, encode_decision("cancel", 1)) == (
        uploads.UPLOAD_CANCELLED_SHORT)
    await fake_api.wait_for(lambda s: s.sent(ADMIN)[-1].text == uploads.UPLOAD_CANCELLED)
    assert without_uploads(dump(db_path)) == without_uploads(before)
    assert fake_api.message(ADMIN, preview.message_id).callback_data == []
    assert rows(db_path, "SELECT status FROM uploads") == [("cancelled",)]


async def test_confirm_still_works_after_a_restart(fake_api, db_path, write_sheet, capsys):
    async with running_bot(fake_api, admins=ADMINS):
        preview = await send_file(fake_api, write_sheet(name="kq.xlsx"), caption="2020")
    assert "Xem trước kết quả năm 2020" in preview.text
    async with running_bot(fake_api, admins=ADMINS):
        await press(fake_api, preview, encode_decision("publish", 1))
        await published_message(fake_api)
    assert ask_json(capsys, "Sở Tư pháp 2020")["year"] == 2020


@pytest.mark.usefixtures("admin_bot")
async def test_existing_year_is_replaced_only_when_the_admin_chooses_it(fake_api, db_path,
                                                                        write_sheet, capsys):
    with database(db_path) as db:
        publish(db, write_sheet(name="first.csv"), 2020)
    rows = rows_2020()
    rows[0][2] = "60.0"  # Sở Y tế drops
    preview = await send_file(fake_api, write_sheet(rows), caption="2020")
    assert uploads.upload_replace_warning(2020) in preview.text
    assert preview.callback_data == [encode_decision("replace", 1),
                                     encode_decision("cancel", 1)]
    await press(fake_api, preview, encode_decision("replace", 1))
    done = await published_message(fake_api)
    assert done.text == uploads.upload_published(2020, 29, 0, replaced=True)
    assert ask_json(capsys, "Sở Y tế 2020")["results"][0]["scores"]["ud"] == 60.0


@pytest.mark.usefixtures("admin_bot")
async def test_year_published_elsewhere_meanwhile_offers_replace(fake_api, db_path,
                                                                 write_sheet):
    preview = await send_file(fake_api, write_sheet())
    before = dump(db_path)
    with database(db_path) as db:
        publish(db, write_sheet(name="other.csv"), 2020)  # as `egov publish` in a shell
    after_cli = dump(db_path)
    assert after_cli != before
    answer = await press(fake_api, preview, encode_decision("publish", 1))
    assert answer == uploads.upload_year_exists(2020)
    assert dump(db_path) == after_cli
    await fake_api.wait_for(lambda s: encode_decision("replace", 1) in s.message(
        ADMIN, preview.message_id).callback_data)
    await press(fake_api, preview, encode_decision("replace", 1))
    await published_message(fake_api)


@pytest.mark.usefixtures("admin_bot")
async def test_documents_in_groups_are_ignored(fake_api, db_path, write_sheet):
    group = -1005
    before = dump(db_path)
    fake_api.send_document(group, "ket_qua_2020.csv", file_bytes(write_sheet()),
                           user_id=ADMIN, chat_type="supergroup")
    fake_api.send_text(group, "/tra Sở Y tế", user_id=ADMIN, chat_type="supergroup")
    await fake_api.wait_for(lambda s: s.sent(group), timeout=5)
    assert [m.text.splitlines()[0] for m in fake_api.sent(group)] == ["Sở Y tế"]
    assert dump(db_path) == before
