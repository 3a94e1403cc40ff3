"""The app's own Python keeps to a size a reader takes in at once: no file
over 300 lines and no function over 40. ESLint holds the JavaScript to the
same (max-lines and max-lines-per-function in eslint.config.mjs)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_PYTHON = sorted((ROOT / "spasm").rglob("*.py"))
MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 40


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", APP_PYTHON, ids=relative)
def test_no_file_over_300_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_FILE_LINES


@pytest.mark.parametrize("path", APP_PYTHON, ids=relative)
def test_no_function_over_40_lines(path):
    functions = (
        node
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )
    long = {node.name: node.end_lineno - node.lineno + 1 for node in functions if node.end_lineno}
    assert {name: lines for name, lines in long.items() if lines > MAX_FUNCTION_LINES} == {}
