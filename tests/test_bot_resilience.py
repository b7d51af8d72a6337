"""The bot survives what Telegram does to it: 429, 403, 5xx, dropped connections, and
answers longer than one message."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.support.bot_harness import running_bot

pytestmark = pytest.mark.usefixtures("bot_transport")  # once per transport


async def ask(api, text: str, chat_id: int, limit_s: float = 10):
    before = len(api.sent(chat_id))
    api.send_text(chat_id, text)
    await api.wait_for(lambda s: len(s.sent(chat_id)) > before, timeout=limit_s)
    return api.sent(chat_id)[before:]


async def test_blocked_user_does_not_stop_the_bot(fake_api, db_path):
    fake_api.block(700)
    async with running_bot(fake_api) as app:
        fake_api.send_text(700, "so y te")
        await fake_api.wait_for(lambda s: any(r.status == 403 for r in s.requests))
        [reply] = await ask(fake_api, "so y te", 701)
        assert "Sở Y tế" in reply.text
        app.bot_data["errors"].clear()  # the 403 reached the error handler, as it should
    assert fake_api.sent(700) == []


async def test_server_errors_and_dropped_connections_are_survived(fake_api, db_path):
    async with running_bot(fake_api) as app:
        fake_api.fail_next(1, status=502)
        fake_api.send_text(710, "so y te")
        await fake_api.wait_for(lambda s: any(r.status == 502 for r in s.requests))
        fake_api.drop_next(1)
        fake_api.send_text(711, "so y te")
        await fake_api.wait_for(lambda s: any(r.status == 0 for r in s.requests))
        [reply] = await ask(fake_api, "huyện khá", 712)
        assert "Mường Ảng" in reply.text
        app.bot_data["errors"].clear()


async def test_429_is_waited_out_not_lost(db_path):
    from tests.support.fake_bot_api import FakeBotApi

    # A server stricter than our pacing (burst 1) forces a real 429 on the second message.
    async with FakeBotApi(chat_burst=1) as api, running_bot(api):
        api.send_text(720, "/start")
        api.send_text(720, "so y te")
        await api.wait_for(lambda s: len(s.sent(720)) >= 2, timeout=15)
        assert api.count_429 >= 1
        assert "Sở Y tế" in api.sent(720)[-1].text


@pytest.fixture
def big_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A province with 300 sở, so a list answer needs several messages."""
    data = tmp_path / "big"
    (data / "results").mkdir(parents=True)
    shutil.copytree(DATA / "editions", data / "editions")  # answers read the year's edition
    with (data / "units.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "group", "name", "aliases", "from_year", "until_year",
                         "successor"])
        for i in range(300):
            writer.writerow([f"u{i}", "so", f"Sở Thử nghiệm & Phát triển số {i}", "", "",
                             "", ""])
        writer.writerow(["h0", "huyen", "UBND huyện Một", "", "", "", ""])
    with (data / "results" / "2019.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Đơn vị", "Chỉ số HTKT", "Chỉ số UD", "Chỉ số HTNL", "Chỉ số CS&ĐT"])
        for i in range(300):
            writer.writerow([f"Sở Thử nghiệm & Phát triển số {i}", "25", f"{100 - i / 10:.1f}",
                             "30", "35"])
        writer.writerow(["UBND huyện Một", "25", "90", "30", "35"])
    monkeypatch.setenv("EGOV_DATA_DIR", str(data))
    monkeypatch.setenv("EGOV_DB", str(tmp_path / "big.db"))
    return data


@pytest.mark.limiter
async def test_long_list_is_split_between_lines_within_4096(fake_api, big_registry):
    async with running_bot(fake_api):
        fake_api.send_text(730, "các sở mức khá")
        await fake_api.wait_for(lambda s: len(s.sent(730)) >= 3, timeout=20)
        await fake_api.wait_for(
            lambda s: "Sở Thử nghiệm &amp; Phát triển số 299" in "".join(
                m.html for m in s.sent(730)) or "số 299" in s.sent(730)[-1].text, timeout=20)
    parts = fake_api.sent(730)
    assert all(len(p.text) <= 4096 for p in parts)
    lines = [line for p in parts for line in p.text.split("\n")]
    listed = [line for line in lines if "Sở Thử nghiệm & Phát triển số" in line]
    assert len(listed) == 300
    assert fake_api.count_429 == 0
