"""Charts in the bot, end to end: /bieudo and the "📈 Biểu đồ" button send a PNG photo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.words import charting
from storage.store import ensure_database, publish
from tests.support.fake_bot_api import SentMessage

pytestmark = pytest.mark.usefixtures("bot_app")
USER = 601
PNG = b"\x89PNG\r\n\x1a\n"
REPO = Path(__file__).resolve().parent.parent


async def ask(api, text: str, chat_id: int = USER, **kwargs) -> list[SentMessage]:
    before = len(api.sent(chat_id))
    api.send_text(chat_id, text, **kwargs)
    await api.wait_for(lambda s: len(s.sent(chat_id)) > before, timeout=10)
    return api.sent(chat_id)[before:]


async def press(api, message: SentMessage, prefix: str, chat_id: int = USER) -> SentMessage:
    data = next(d for d in message.callback_data if d.startswith(prefix))
    before = len(api.sent(chat_id))
    api.press_button(chat_id, message.message_id, data)
    await api.wait_for(lambda s: len(s.sent(chat_id)) > before, timeout=10)
    return api.sent(chat_id)[-1]


async def test_bieudo_sends_the_units_rank_history_as_a_photo(fake_api):
    [photo] = await ask(fake_api, "/bieudo Sở Y tế")
    assert photo.method == "sendPhoto"
    assert photo.photo is not None
    assert photo.photo.startswith(PNG)
    assert photo.caption == "Sở Y tế – lịch sử xếp hạng (khối sở, 19 đơn vị)"
    assert (USER, "upload_photo") in fake_api.chat_actions
    assert [d.split(":")[-1] for d in photo.callback_data] == ["p", "g"]


async def test_the_chart_button_on_a_unit_card_sends_a_photo(fake_api):
    [card] = await ask(fake_api, "Sở Tư pháp")
    assert charting.BUTTON_CHART in [b["text"] for row in card.buttons for b in row]
    photo = await press(fake_api, card, "g:so-tu-phap:2019")
    assert photo.photo is not None
    assert photo.photo.startswith(PNG)
    assert "Sở Tư pháp – lịch sử xếp hạng" in (photo.caption or "")
    assert fake_api.message(USER, card.message_id).edits == []  # the card stays as it was


async def test_buttons_under_a_chart_switch_to_the_units_other_charts(fake_api):
    [history] = await ask(fake_api, "/bieudo Mường Nhé")
    profile = await press(fake_api, history, "g:h-muong-nhe:2019:p")
    assert "UBND huyện Mường Nhé – chỉ số thành phần năm 2019" in (profile.caption or "")
    group = await press(fake_api, profile, "g:h-muong-nhe:2019:g")
    assert "Khối UBND huyện, thị xã, thành phố – xếp hạng năm 2019" in (group.caption or "")
    for message in (profile, group):
        assert message.photo is not None
        assert message.photo.startswith(PNG)


async def test_a_second_request_is_served_from_the_cache(fake_api, bot_app):
    [first] = await ask(fake_api, "/bieudo khối huyện")
    [second] = await ask(fake_api, "/bieudo huyện")
    assert first.photo == second.photo
    assert first.photo is not None
    assert fake_api.chat_actions.count((USER, "upload_photo")) == 1
    assert bot_app.bot_data["chart_cache"].hits == 1


async def test_compare_and_group_charts_from_bieudo(fake_api):
    [compare] = await ask(fake_api, "/bieudo Sở Y tế và Sở Tư pháp")
    assert compare.caption == "So sánh Sở Y tế và Sở Tư pháp – chỉ số năm 2019"
    [group] = await ask(fake_api, "/bieudo sở 2019")
    assert (group.caption or "").startswith("Khối sở, ban, ngành tỉnh – xếp hạng năm 2019")
    assert compare.photo is not None
    assert group.photo is not None


async def test_an_unknown_unit_gets_a_polite_answer_and_no_photo(fake_api):
    [reply] = await ask(fake_api, "/bieudo Bộ Quốc phòng")
    assert reply.method == "sendMessage"
    assert reply.text == ("Xin lỗi, tôi không tìm thấy đơn vị «Bộ Quốc phòng» để vẽ biểu đồ. "
                          "Mời bạn gõ tên đơn vị, ví dụ: /bieudo Sở Y tế hoặc "
                          "/bieudo khối huyện.")


async def test_bieudo_alone_explains_what_to_type(fake_api):
    [reply] = await ask(fake_api, "/bieudo")
    assert reply.text is not None
    assert reply.text.startswith("Gõ tên đơn vị sau lệnh")


async def test_a_rank_only_year_chart_politely_says_there_are_no_scores(fake_api):
    [reply] = await ask(fake_api, "/bieudo Sở Y tế và Sở Tư pháp 2018")
    assert reply.text == charting.chart_rank_only(2018)


async def test_an_ambiguous_name_offers_units_whose_buttons_send_charts(fake_api):
    [reply] = await ask(fake_api, "/bieudo so giao")
    assert reply.text is not None
    assert reply.text.startswith(charting.CHART_CLARIFY)
    assert reply.callback_data == ["g:so-gtvt:0:h", "g:so-gddt:0:h"]
    photo = await press(fake_api, reply, "g:so-gddt")
    assert (photo.caption or "").startswith("Sở Giáo dục và Đào tạo – lịch sử xếp hạng")


async def test_a_publish_from_another_process_redraws_the_chart(
        fake_api, db_path: Path, data_dir: Path, write_sheet):
    [before] = await ask(fake_api, "/bieudo Sở Y tế")
    db = ensure_database(db_path, data_dir)
    try:
        publish(db, write_sheet(), 2020)
    finally:
        db.close()
    [after] = await ask(fake_api, "/bieudo Sở Y tế")
    assert after.photo != before.photo
    assert fake_api.chat_actions.count((USER, "upload_photo")) == 2
    assert [d.split(":")[2] for d in after.callback_data] == ["2020", "2020"]


def test_neither_the_bot_nor_egov_ask_imports_matplotlib(db_path: Path):
    """Start-up time: matplotlib loads with the first chart, not before."""
    script = (
        "import sys\n"
        "from bot.telegram.app import build_application\n"
        "from bot.cli import main\n"
        "from bot.config import Settings\n"
        "build_application(Settings(token='1:x'))\n"
        "main(['ask', 'Sở Y tế'])\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, env={**os.environ, "EGOV_DB": str(db_path)},
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Sở Y tế" in result.stdout


async def test_the_same_chart_asked_twice_at_once_is_drawn_once(fake_api, monkeypatch):
    from bot.charts import handlers as chart_handlers

    drawn = []
    real_render = chart_handlers.RENDERER.render

    async def counting_render(spec):
        drawn.append(spec.title)
        return await real_render(spec)

    monkeypatch.setattr(chart_handlers.RENDERER, "render", counting_render)
    fake_api.send_text(USER, "/bieudo Sở Nội vụ")
    fake_api.send_text(USER + 1, "/bieudo Sở Nội vụ")
    await fake_api.wait_for(lambda s: s.sent(USER) and s.sent(USER + 1), timeout=10)
    assert fake_api.sent(USER)[0].photo == fake_api.sent(USER + 1)[0].photo
    assert drawn == ["Sở Nội vụ – lịch sử xếp hạng (khối sở, 19 đơn vị)"]
