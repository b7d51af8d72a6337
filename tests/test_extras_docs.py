"""The README documents exports, year-over-year changes, improvement and "about" questions."""

from __future__ import annotations

import subprocess
import sys

from bot.words import commands, extras
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_lists_the_new_commands_and_question_kinds():
    for needle in ("/xuat", "/thaydoi", "egov export", extras.BUTTON_IMPROVE, "HTKT là gì",
                   "cần cải thiện gì", "cách tính điểm"):
        assert needle in README
    for name in ("xuat", "thaydoi"):
        assert name in commands.COMMANDS


def test_readme_export_command_line_is_accepted():
    result = subprocess.run([sys.executable, "-m", "bot.cli", "export", "--help"], cwd=REPO,
                            capture_output=True, text=True, check=True)
    for option in ("--year", "--format", "-o"):
        assert option in result.stdout
        assert option in README
