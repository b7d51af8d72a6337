"""The console chat (`egov bot` without a token) runs the same handlers and prints replies."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from bot.config import Settings
from bot.telegram.console import run_console
from tests.conftest import REPO


async def test_console_answers_questions_and_button_numbers(db_path):
    stdin = io.StringIO("so y te\n3\nso giao\n2\n/help\n")
    out = io.StringIO()
    await run_console(Settings(), stdin=stdin, out=out)
    text = out.getvalue()
    assert "Bấm một ví dụ" in text  # /start is shown first
    assert "Tổng điểm: 198,5/200" in text
    assert "[3] 📊 Chỉ số thành phần" in text
    assert "Trung vị khối" in text  # button 3 pressed: the sub-index detail
    assert "Bạn muốn hỏi đơn vị nào?" in text
    assert "Sở Giáo dục và Đào tạo" in text
    assert "/sosanh" in text
    assert "<b>" not in text


def test_egov_bot_without_token_is_a_console_chat(db_path):
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "bot"], input="top 3 sở\n",
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Sở Giáo dục và Đào tạo · 193,0" in proc.stdout
    assert "Traceback" not in proc.stderr
