"""README's table of questions stays true: every example gets the kind of answer it lists."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.service import AnswerService
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
KINDS = ("unit", "list", "compare", "clarify", "no_data", "help", "about", "value", "stats")


def table_rows() -> list[tuple[str, str]]:
    """(example, kind) for each example of a row whose answer column starts with a kind."""
    section = README.split("## What officials can type", 1)[1].split("\n## ", 1)[0]
    found = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or "→" in cells[1]:
            continue
        kind = re.match(r"`(\w+)`", cells[2])
        if kind is None or kind[1] not in KINDS:
            continue
        found += [(example, kind[1]) for example in re.findall(r"`([^`]+)`", cells[1])]
    return found


ROWS = table_rows()


def test_the_table_covers_every_new_kind() -> None:
    assert {kind for _, kind in ROWS} >= {"unit", "list", "compare", "value", "stats", "help",
                                           "clarify", "about"}
    assert len(ROWS) >= 60


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from storage.store import ensure_database
    from tests.conftest import DATA

    db = ensure_database(tmp_path_factory.mktemp("db") / "r.db", DATA)
    yield AnswerService(db, today=lambda: date(2020, 6, 1))
    db.close()


@pytest.mark.parametrize(("example", "kind"), ROWS)
def test_each_readme_example_gets_the_kind_it_lists(service, example: str, kind: str) -> None:
    assert service.ask(example).kind == kind
