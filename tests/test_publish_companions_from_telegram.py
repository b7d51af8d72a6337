"""Publishing from Telegram with an edition (.toml) and a units file (.csv) sent before the
results: each checked at once and kept in SQLite; the preview shows the new methodology and
the new and retired units; "Công bố" publishes the three together, "Hủy" drops them all."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from bot.publish.views import encode_decision
from bot.words import companions as words
from bot.words import uploads
from storage.companions import companion_kind, pending_companions
from storage.db import open_database
from tests.conftest import dump
from tests.support.bot_harness import running_bot
from tests.support.editions import DTI_2022, DTI_2025, RESULTS, UNITS_2025, rows_of
from tests.support.fake_bot_api import parse_telegram_html

ADMIN, OTHER_ADMIN, STRANGER = 701, 702, 703
ADMINS = frozenset({ADMIN, OTHER_ADMIN})


@pytest.fixture
async def admin_bot(fake_api, db_path):
    async with running_bot(fake_api, admins=ADMINS) as application:
        yield application


async def send(api, filename: str, data: bytes, *, user: int = ADMIN,
               caption: str | None = None) -> list:
    """The admin sends a document; returns the bot's replies once the last one arrived
    (a preview ends with its buttons; anything else is one message)."""
    before = len(api.sent(user))
    api.send_document(user, filename, data, user_id=user, caption=caption)
    await api.wait_for(lambda s: len(s.sent(user)) > before, timeout=10)
    if "Xem trước" in (api.sent(user)[before].text or ""):
        await api.wait_for(lambda s: s.sent(user)[-1].callback_data, timeout=10)
    replies = api.sent(user)[before:]
    for reply in replies:
        parse_telegram_html(reply.html or "", strict=True)
    return replies


async def press(api, message, data: str, *, user: int = ADMIN) -> str:
    answered = len(api.callback_answers)
    query_id = api.press_button(message.chat_id, message.message_id, data, user_id=user)
    await api.wait_for(lambda s: any(a.callback_query_id == query_id
                                     for a in s.callback_answers[answered:]), timeout=10)
    return next(a.text or "" for a in api.callback_answers if a.callback_query_id == query_id)


def pending(db_path: Path, admin: int = ADMIN) -> list[tuple[str, str]]:
    db = open_database(db_path)
    try:
        return [(c.kind, c.filename) for c in pending_companions(db, admin)]
    finally:
        db.close()


def text_of(replies) -> str:
    return "\n".join(r.text or "" for r in replies)


# ---------------------------------------------------------------- recognising the files

@pytest.mark.parametrize(("filename", "content", "expected"), [
    ("dti-2025.toml", b"year = 2025", "edition"),
    ("DTI.TOML", b"", "edition"),
    ("units-2025.csv", b"id,group,name,aliases\nx,so,X,\n", "units"),
    ("don_vi.csv", b"\xef\xbb\xbfid,group,name\r\n", "units"),
    ("don_vi.csv", b'"id","group","name"\n', "units"),
    ("ket_qua_2025.csv", "Đơn vị,NTS,TCS\n".encode(), None),
    ("ket_qua_2025.csv", b"STT,id,group,name\n", None),
    ("ket_qua_2025.xlsx", b"id,group,name\n", None),
    ("ket_qua_2025.csv", b"\xff\xfeid", None),
])
def test_a_companion_is_known_by_its_suffix_or_its_units_header(filename, content, expected):
    assert companion_kind(filename, content) == expected


# ---------------------------------------------------------------- each file at once

@pytest.mark.usefixtures("admin_bot")
async def test_a_valid_edition_is_kept_for_the_next_results_file(fake_api, db_path):
    [reply] = await send(fake_api, "dti-2025.toml", DTI_2025.read_bytes())
    name = tomllib.loads(DTI_2025.read_text(encoding="utf-8"))["name"]
    assert reply.html == words.edition_kept("dti-2025.toml", _edition(DTI_2025), False)
    assert name in reply.text
    assert pending(db_path) == [("edition", "dti-2025.toml")]
    [again] = await send(fake_api, "dti-2025-v2.toml", DTI_2025.read_bytes())
    assert "thay cho tệp ấn bản gửi trước đó" in again.text
    assert pending(db_path) == [("edition", "dti-2025-v2.toml")]


@pytest.mark.usefixtures("admin_bot")
async def test_a_valid_units_file_is_kept_and_counts_new_and_updated_units(fake_api, db_path):
    [reply] = await send(fake_api, "units-2025.csv", UNITS_2025.read_bytes())
    rows = rows_of(UNITS_2025)[1:]
    known = {row[0] for row in rows_of(Path("data/units.csv"))[1:]}
    new = sum(row[0] not in known for row in rows)
    assert f"{new} đơn vị mới, {len(rows) - new} đơn vị cập nhật" in reply.text
    assert pending(db_path) == [("units", "units-2025.csv")]


@pytest.mark.usefixtures("admin_bot")
async def test_a_bad_edition_is_refused_naming_file_and_key_and_changes_nothing(
        fake_api, db_path):
    before = dump(db_path)
    text = DTI_2022.read_text(encoding="utf-8").replace("total_maximum = 500",
                                                        "total_maximum = 450")
    [reply] = await send(fake_api, "dti-2022.toml", text.encode())
    assert uploads.UPLOAD_PROBLEMS_FOOT in reply.text
    assert "dti-2022.toml" in reply.text
    assert "total_maximum" in reply.text
    assert reply.callback_data == []
    assert dump(db_path) == before


@pytest.mark.usefixtures("admin_bot")
async def test_a_bad_units_file_is_refused_naming_row_and_column(fake_api, db_path):
    before = dump(db_path)
    data = b"id,group,name,aliases,from_year,until_year,successor\n" \
           b"so-moi,so,S\xe1\xbb\x9f M\xe1\xbb\x9bi,,2025,,\nso-tnmt,so,X,,,2024,khong-co\n"
    [reply] = await send(fake_api, "units.csv", data)
    assert "units.csv, dòng 3, cột «successor»" in reply.text
    assert dump(db_path) == before


@pytest.mark.usefixtures("admin_bot")
async def test_a_non_admins_edition_is_refused(fake_api, db_path):
    before = dump(db_path)
    [reply] = await send(fake_api, "dti-2025.toml", DTI_2025.read_bytes(), user=STRANGER)
    assert reply.html == uploads.UPLOAD_NOT_ADMIN
    assert dump(db_path) == before


# ---------------------------------------------------------------- the three together

def _edition(path: Path):
    from scoring.edition import read_edition

    edition = read_edition(path)
    return edition.model_copy(update={"path": path.name})


async def _send_2025(api, *, user: int = ADMIN):
    await send(api, "dti-2025.toml", DTI_2025.read_bytes(), user=user)
    await send(api, "units-2025.csv", UNITS_2025.read_bytes(), user=user)
    return await send(api, "ket_qua.csv", RESULTS[2025].read_bytes(), user=user,
                      caption="công bố 2025")


@pytest.mark.usefixtures("admin_bot")
async def test_preview_shows_the_new_edition_and_the_new_and_retired_units(fake_api):
    replies = await _send_2025(fake_api)
    shown = text_of(replies)
    edition = tomllib.loads(DTI_2025.read_text(encoding="utf-8"))
    assert edition["name"] in shown
    for group in edition["groups"]:
        assert group["name"] in shown
    for sub in edition["subindices"]:
        assert f"{sub['label']} — {sub['name']} (tối đa {sub['maximum']})" in shown
    assert f"Tổng điểm tối đa: {edition['total_maximum']}; {edition['decimals']} chữ số" in shown
    for band in edition["levels"]:
        assert band["name"] in shown
    units = rows_of(UNITS_2025)[1:]
    new = [row[2] for row in units if row[4] == "2025"]
    retired = [row[2] for row in units if row[5] == "2024"]
    assert f"Đơn vị mới ({len(new)}):" in shown
    assert f"Đơn vị dừng ({len(retired)}):" in shown
    for name in new + retired:
        assert name in shown
    assert "hợp nhất vào Sở Nông nghiệp và Môi trường" in shown
    assert "Kèm theo: dti-2025.toml, units-2025.csv." in shown
    assert replies[-1].callback_data == [encode_decision("publish", 1),
                                         encode_decision("cancel", 1)]


async def test_publish_writes_the_three_files_at_once_even_after_restarts(fake_api, db_path):
    async with running_bot(fake_api, admins=ADMINS):
        await send(fake_api, "dti-2025.toml", DTI_2025.read_bytes())
    async with running_bot(fake_api, admins=ADMINS):  # the pending files survive a restart
        await send(fake_api, "units-2025.csv", UNITS_2025.read_bytes())
        replies = await send(fake_api, "kq.csv", RESULTS[2025].read_bytes(), caption="2025")
    preview = replies[-1]
    assert pending(db_path) == []  # they belong to the upload now
    async with running_bot(fake_api, admins=ADMINS):
        assert await press(fake_api, preview, encode_decision("publish", 1),
                           user=OTHER_ADMIN) == uploads.UPLOAD_NOT_YOURS
        assert await press(fake_api, preview, encode_decision("publish", 1)) == (
            uploads.UPLOAD_PUBLISHED_SHORT)
        assert await press(fake_api, preview, encode_decision("publish", 1)) == (
            uploads.UPLOAD_ALREADY_PUBLISHED)
    db = open_database(db_path)
    try:
        assert db.execute("SELECT count(*) FROM editions WHERE year = 2025").fetchone() == (1,)
        xa = [row for row in rows_of(UNITS_2025)[1:] if row[1] == "xa"]
        stored = db.execute("SELECT count(*) FROM units WHERE grp = 'xa'").fetchone()[0]
        assert stored == len(xa)
        assert db.execute("SELECT until_year, successor FROM units WHERE id = 'so-tnmt'"
                          ).fetchone() == (2024, "so-nnmt")
        assert db.execute("SELECT count(*) FROM results WHERE year = 2025").fetchone() == (
            len(rows_of(RESULTS[2025])) - 1,)
    finally:
        db.close()


@pytest.mark.usefixtures("admin_bot")
async def test_cancel_drops_the_results_edition_and_units(fake_api, db_path):
    before = dump(db_path)
    preview = (await _send_2025(fake_api))[-1]
    assert await press(fake_api, preview, encode_decision("cancel", 1)) == (
        uploads.UPLOAD_CANCELLED_SHORT)
    await fake_api.wait_for(lambda s: s.sent(ADMIN)[-1].text == uploads.UPLOAD_CANCELLED)
    assert pending(db_path) == []

    def data(lines: list[str]) -> list[str]:
        return [line for line in lines if "upload" not in line]

    assert data(dump(db_path)) == data(before)
    # without its edition and units, the 2025 file alone is refused again
    [refused] = await send(fake_api, "kq.csv", RESULTS[2025].read_bytes(), caption="2025")
    assert uploads.UPLOAD_PROBLEMS_FOOT in refused.text


@pytest.mark.usefixtures("admin_bot")
async def test_a_refused_results_file_leaves_the_pending_files_pending(fake_api, db_path):
    await send(fake_api, "dti-2025.toml", DTI_2025.read_bytes())
    await send(fake_api, "units-2025.csv", UNITS_2025.read_bytes())
    before = dump(db_path)
    rows = RESULTS[2025].read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace("75.68", "175.68")  # above the edition's maximum of 100
    [refused] = await send(fake_api, "kq.csv", ("\n".join(rows) + "\n").encode(),
                           caption="2025")
    assert "kq.csv, dòng 2" in refused.text
    assert dump(db_path) == before
    assert pending(db_path) == [("edition", "dti-2025.toml"), ("units", "units-2025.csv")]
    replies = await send(fake_api, "kq.csv", RESULTS[2025].read_bytes(), caption="2025")
    assert replies[-1].callback_data


@pytest.mark.usefixtures("admin_bot")
async def test_faults_between_the_files_name_each_file(fake_api, db_path):
    """A units file whose groups the stored edition lacks: refused with the results file."""
    await send(fake_api, "units-2025.csv", UNITS_2025.read_bytes())
    before = dump(db_path)
    [refused] = await send(fake_api, "kq.csv", RESULTS[2025].read_bytes(), caption="2025")
    assert "units-2025.csv" in refused.text
    assert "cột «group»" in refused.text
    assert dump(db_path) == before


@pytest.mark.usefixtures("admin_bot")
async def test_each_admin_has_their_own_pending_files(fake_api, db_path):
    await send(fake_api, "dti-2025.toml", DTI_2025.read_bytes(), user=OTHER_ADMIN)
    assert pending(db_path) == []
    assert pending(db_path, OTHER_ADMIN) == [("edition", "dti-2025.toml")]


def test_units_fixture_header_is_the_registry_header():
    with UNITS_2025.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle))[:3] == ["id", "group", "name"]


def test_an_upload_keeps_the_files_it_was_checked_with_when_one_is_replaced_meanwhile(db):
    """Updates run concurrently: an edition sent while the results file is being checked
    replaces the pending one, but the upload publishes what its preview showed."""
    from storage.companions import companions_of, keep_companion
    from storage.uploads import store_upload

    keep_companion(db, admin_id=ADMIN, kind="edition", filename="a.toml", content=b"A")
    checked = pending_companions(db, ADMIN)
    keep_companion(db, admin_id=ADMIN, kind="edition", filename="b.toml", content=b"B")
    upload_id = store_upload(db, admin_id=ADMIN, chat_id=ADMIN, filename="kq.csv",
                             content=b"x", year=2025, companions=checked)
    assert [(c.filename, c.content) for c in companions_of(db, upload_id)] == [
        ("a.toml", b"A")]
    assert [(c.filename, c.content) for c in pending_companions(db, ADMIN)] == [
        ("b.toml", b"B")]
