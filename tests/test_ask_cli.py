"""`egov ask`: the JSON contract other programs call, one object per line, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema

from bot.cli import main
from tests.conftest import REPO
from tests.test_answers import SCHEMA


def egov(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *args], cwd=REPO,
                            env=os.environ.copy(), text=True, **kwargs)


def test_one_query_prints_one_json_object(db_path, capsys):
    assert main(["ask", "--json", "Sở Y tế 2019"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    answer = json.loads(lines[0])
    jsonschema.validate(answer, SCHEMA)
    assert (answer["query"], answer["kind"], answer["results"][0]["total"]) == (
        "Sở Y tế 2019", "unit", 198.5)


def test_stdin_mode_answers_each_line_in_order_and_flushes(db_path):
    proc = egov("ask", "--json", "-", stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None
    assert proc.stdout is not None
    answers = []
    for query in ["so y te", "", "top 3 sở", "năm 1999", "so giao"]:
        proc.stdin.write(query + "\n")
        proc.stdin.flush()
        answers.append(json.loads(proc.stdout.readline()))  # flushed per line, or this hangs
    proc.stdin.close()
    assert proc.stdout.read() == ""
    assert proc.wait(timeout=10) == 0
    proc.stdout.close()
    for answer in answers:
        jsonschema.validate(answer, SCHEMA)
    assert [a["query"] for a in answers] == ["so y te", "", "top 3 sở", "năm 1999", "so giao"]
    assert [a["kind"] for a in answers] == ["unit", "help", "list", "no_data", "clarify"]


def test_text_mode_prints_what_the_bot_would_send(db_path, capsys):
    assert main(["ask", "huyện khá"]) == 0
    out = capsys.readouterr().out
    assert "UBND huyện Mường Ảng · 185,4 ↑2" in out
    assert "<b>" not in out


def test_ask_does_not_import_the_telegram_stack(db_path):
    code = ("import sys; from bot.cli import main; main(['ask', '--json', 'so y te']); "
            "sys.exit(1 if any(m.split('.')[0] == 'telegram' for m in sys.modules) else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
