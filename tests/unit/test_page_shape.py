"""Page scripts stay thin: at most ~250 lines, nested at most three deep, and their helpers take what they use.

Depth counts the blocks (if/for/while/with/try/match) around a statement: the page script's own, and each
function's from its first line (a named function is the cure for deep nesting, so it starts again at 0); an
``elif`` is as deep as its ``if``. A helper may call a function defined further down, but never read a variable
the script sets further down (it would work only because of the order the script happens to run in).
"""

from __future__ import annotations

import ast
import symtable
from collections.abc import Iterator
from pathlib import Path

import pytest

VIEWS = Path(__file__).resolve().parents[2] / "views"
PAGES = sorted(VIEWS.glob("*.py"))
MAX_LINES = 250
MAX_DEPTH = 3

BLOCKS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _bodies(node: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists directly inside ``node``, an ``elif`` chain flattened into its ``if``."""
    if isinstance(node, ast.If):
        yield node.body
        orelse = node.orelse
        while len(orelse) == 1 and isinstance(orelse[0], ast.If):
            yield orelse[0].body
            orelse = orelse[0].orelse
        yield orelse
    elif isinstance(node, ast.Try):
        yield node.body
        for handler in node.handlers:
            yield handler.body
        yield node.orelse
        yield node.finalbody
    elif isinstance(node, ast.Match):
        for case in node.cases:
            yield case.body
    else:
        yield node.body  # type: ignore[attr-defined]
        yield getattr(node, "orelse", [])


def deepest(statements: list[ast.stmt], depth: int = 0) -> tuple[int, int]:
    """The deepest nesting among ``statements`` and the line where it is reached (0 for a flat script)."""
    worst = (depth, 0)
    for node in statements:
        if isinstance(node, SCOPES):
            inner = 0
        elif isinstance(node, BLOCKS):
            inner = depth + 1
            worst = max(worst, (inner, node.lineno))
        else:
            continue
        for body in _bodies(node):
            worst = max(worst, deepest(body, inner))
    return worst


def _first_binding(tree: ast.Module) -> dict[str, int]:
    """The line where the script first sets each module-level variable (imports too; functions and classes not)."""
    lines: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, SCOPES):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                lines.setdefault((alias.asname or alias.name).split(".")[0], node.lineno)
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                lines.setdefault(sub.id, sub.lineno)
    return lines


def _globals_read(table: symtable.SymbolTable) -> set[str]:
    found = {s.get_name() for s in table.get_symbols() if s.is_referenced() and s.is_global()}
    for child in table.get_children():
        found |= _globals_read(child)
    return found


def read_before_set(source: str, name: str = "<page>") -> list[str]:
    """``helper: variable`` for each helper that reads a module variable the script sets below the helper."""
    lines = _first_binding(ast.parse(source))
    late = []
    for table in symtable.symtable(source, name, "exec").get_children():
        for variable in sorted(_globals_read(table)):
            if lines.get(variable, 0) > table.get_lineno():
                late.append(f"{table.get_name()}: {variable}")
    return late


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_a_page_script_is_short(page: Path) -> None:
    lines = len(page.read_text().splitlines())
    assert lines <= MAX_LINES, f"{page.name} has {lines} lines: move a panel into ooma_cancel/ui/"


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_a_page_script_nests_at_most_three_deep(page: Path) -> None:
    depth, line = deepest(ast.parse(page.read_text()).body)
    assert depth <= MAX_DEPTH, f"{page.name}:{line} is nested {depth} deep: name a function for it"


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_page_helpers_take_what_they_use(page: Path) -> None:
    assert read_before_set(page.read_text(), page.name) == []


def test_the_checks_catch_a_deep_script_and_a_helper_reading_ahead() -> None:
    # The shape the issue found in the final bill page: blocks inside blocks, and a helper reading `me`.
    source = (
        "def save(item):\n"
        "    return store(owner=me, item=item)\n"
        "if upload:\n"
        "    if problem:\n"
        "        pass\n"
        "    elif readable:\n"
        "        with panel:\n"
        "            if run:\n"
        "                save(1)\n"
        "me = scope.owner\n"
    )
    assert deepest(ast.parse(source).body) == (4, 8)
    assert read_before_set(source) == ["save: me"]
    flat = "def save(item, me):\n    return store(owner=me, item=item)\nif a:\n    pass\nelif b:\n    pass\n"
    assert deepest(ast.parse(flat).body) == (1, 3)
    assert read_before_set(flat) == []
