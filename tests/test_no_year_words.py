"""No product module names a group, band or sub-index of a particular year (issue 10).

Groups, bands and sub-indices are data (data/editions/*.toml); code reads them from the
edition in force. This scans the source of bot/, scoring/ and storage/ for the 2019
edition's keys and the enums that once named them, as code: comments and docstrings may
describe data. A folded Vietnamese word that spells a key ("so" for "sở") is written in
Vietnamese and folded where it is used, so that the scan can tell a word from a key.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("bot", "scoring", "storage")
# Keys that are never a Vietnamese word: found anywhere inside a string.
ONLY_KEYS = re.compile(r"(?<![a-z0-9])(htkt|htnl|csdt|trung_binh)(?![a-z0-9])")  # "rank_htkt"
# Keys that are also folded words: a string that is exactly one of them is a key.
KEYS = frozenset({"so", "huyen", "kha", "thap", "trung_binh", "htkt", "htnl", "csdt"})
NAMES = frozenset({"Group", "Level", "SubIndex", "SUBINDEX_MAXIMA", "TOTAL_MAX", "KHA_FROM",
                   "TRUNG_BINH_FROM"})
# A released migration replays the schema of its day on every new database; m007_score_rows
# moved its columns to rows keyed by the editions' sub-index keys.
ALLOWED = {("storage/db.py", "m001_results")}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                found.add(id(body[0].value))
    return found


def _allowed_nodes(tree: ast.AST, path: str) -> set[int]:
    inside = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.FunctionDef) and (path, node.name) in ALLOWED):
            inside |= {id(n) for n in ast.walk(node)}
    return inside


def year_words(path: Path, relative: str) -> list[str]:
    """Every 2019 key or enum name in `path`'s code, as "line: what"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _allowed_nodes(tree, relative)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        text = node.value if isinstance(node, ast.Constant) else None
        if isinstance(text, str) and (text in KEYS or ONLY_KEYS.search(text)):
            found.append((node.lineno, repr(text)))
        name = (node.id if isinstance(node, ast.Name) else node.attr
                if isinstance(node, ast.Attribute) else node.name
                if isinstance(node, ast.alias | ast.ClassDef) else None)
        if name in NAMES:
            found.append((node.lineno, name))
    return [f"{line}: {what}" for line, what in sorted(found)]


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_names_a_group_band_or_subindex_of_a_year(path: Path) -> None:
    relative = path.relative_to(REPO).as_posix()
    assert year_words(path, relative) == [], relative


def test_the_scan_finds_keys_and_enum_names_in_code_but_not_in_docstrings(tmp_path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('''"""Groups such as "huyen" are data."""
from scoring.models import Group
LEVEL = "kha"
PHRASES = ("chi so", "so sanh")  # words, not keys
LABEL = f"rank_htkt {1}"


def f() -> None:
    """A band "thap" is described here."""
    return Group.SO
''', encoding="utf-8")
    assert year_words(sample, "sample.py") == [
        "2: Group", "3: 'kha'", "5: 'rank_htkt '", "10: Group"]


def test_the_allowed_migration_is_still_where_the_scan_expects_it() -> None:
    tree = ast.parse((REPO / "storage" / "db.py").read_text(encoding="utf-8"))
    names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert {name for _, name in ALLOWED} <= names
