"""/xuat, /thaydoi, the improvement button and "about" questions through the fake Bot API."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.words import commands
from storage.snapshot import load_snapshot
from storage.store import ensure_database, publish
from tests.keys2019 import Group

# Once per transport (EGOV_TRANSPORT), set before the bot is built.
pytestmark = pytest.mark.usefixtures("bot_transport", "bot_app")
USER = 601


async def ask(api, text: str, count: int = 1, chat_id: int = USER):
    before = len(api.sent(chat_id))
    api.send_text(chat_id, text)
    await api.wait_for(lambda s: len(s.sent(chat_id)) >= before + count, timeout=10)
    return api.sent(chat_id)[before:]


async def test_xuat_sends_csv_and_xlsx_that_reimport_unchanged(fake_api, db_path: Path,
                                                               tmp_path: Path):
    sent = await ask(fake_api, "/xuat 2019", count=2)
    assert [(m.method, m.filename) for m in sent] == [
        ("sendDocument", "chi-so-egov-2019.csv"), ("sendDocument", "chi-so-egov-2019.xlsx")]
    assert all("2019" in (m.caption or "") for m in sent)
    db = ensure_database(db_path)
    try:
        snapshot = load_snapshot(db)
        stored = {r.unit_id: r for g in Group for r in snapshot.table(2019, g)}
        for message in sent:
            path = tmp_path / message.filename
            path.write_bytes(message.document)
            outcome = publish(db, path, 2019, replace=True, dry_run=True)
            assert {r.unit_id: r for r in outcome.results} == stored
    finally:
        db.close()


async def test_xuat_without_a_year_exports_the_latest(fake_api):
    sent = await ask(fake_api, "/xuat", count=2)
    assert [m.filename for m in sent] == ["chi-so-egov-2019.csv", "chi-so-egov-2019.xlsx"]
    assert sent[0].document.decode("utf-8-sig").startswith("Chỉ số DienBien e-Gov index 2019")


@pytest.mark.parametrize(("text", "expected"), [
    ("/xuat 1999", "Chưa có kết quả năm 1999"),
    ("/xuat abc", "Năm không hợp lệ"),
    ("/thaydoi 2031", "Chưa có kết quả năm 2031"),
    ("/thaydoi năm nay nhé", "Năm không hợp lệ"),
])
async def test_bad_years_get_a_polite_answer_and_no_file(fake_api, text, expected):
    [reply] = await ask(fake_api, text)
    assert reply.method == "sendMessage"
    assert expected in reply.text


async def test_thaydoi_lists_moves_and_the_report_style_summary(fake_api):
    replies = await ask(fake_api, "/thaydoi 2019")
    text = "\n".join(r.text for r in replies)
    assert "Thay đổi năm 2019 so với năm 2018" in text
    assert "Sở Giao thông Vận tải: giảm 11 bậc (hạng 14)" in text
    assert "Nhóm mức khá (150 điểm trở lên) có 15 cơ quan" in text
    assert "Nhóm mức khá (150 điểm trở lên) có 9 đơn vị" in text
    assert "không biết mức của năm đó" in text


async def test_improve_button_edits_the_card(fake_api):
    [card] = await ask(fake_api, "Sở Xây dựng")
    button = next(d for d in card.callback_data if d.startswith("i:"))
    fake_api.press_button(USER, card.message_id, button)
    await fake_api.wait_for(lambda s: s.message(USER, card.message_id).edits)
    edited = fake_api.message(USER, card.message_id)
    assert "Cần thêm 7,2 điểm để đạt mức khá" in edited.text
    assert "UD 63/110" in edited.text
    assert edited.callback_data == ["u:so-xay-dung:2019"]  # back to the card
    assert len(fake_api.sent(USER)) == 1


async def test_improvement_and_about_questions_by_text(fake_api):
    [reply] = await ask(fake_api, "sở xây dựng làm sao lên khá")
    assert "Cần thêm 7,2 điểm để đạt mức khá" in reply.text
    [about] = await ask(fake_api, "HTKT là gì")
    assert "Tỷ lệ kết nối Internet" in about.text


async def test_commands_include_xuat_and_thaydoi(fake_api):
    await fake_api.wait_for(lambda s: s.commands, timeout=5)
    names = [c["command"] for c in fake_api.commands]
    assert {"xuat", "thaydoi"} <= set(names)
    assert names == list(commands.COMMANDS)

