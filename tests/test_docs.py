"""The docs stay true: README's two commands, CI running exactly the README's test command,
and every bot command listed in /help and the README."""

from __future__ import annotations

import re

from bot.words import commands
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_opens_with_the_two_fresh_machine_commands():
    run, test = readme_commands()
    assert run.startswith("python3 -m venv .venv")
    assert run.endswith("egov bot")
    assert test.startswith("python3 -m venv .venv")
    assert "pytest" in test
    assert "ruff" in test


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci


def test_every_bot_command_is_in_help_and_readme():
    help_text = commands.commands_html()
    for name in commands.COMMANDS:
        assert f"/{name}" in help_text
        assert re.search(rf"`/{name}\b", README), f"/{name} missing from README"


def test_console_script_and_procfile_point_at_the_bot():
    assert (REPO / "Procfile").read_text(encoding="utf-8").strip() == "worker: egov bot"
    assert 'egov = "bot.cli:main"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
