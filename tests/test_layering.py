"""Data flows one way: geodata imports neither routes nor maps; routes does not import maps,
except the CLI package routes/cli/ (the composition root), and only inside its commands."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"geodata": {"routes", "maps"}, "routes": {"maps"}, "maps": set()}


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(top-level package imported, line, at module level?) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(n) for n in tree.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name.split(".")[0], node.lineno, id(node) in top_level) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module.split(".")[0], node.lineno, id(node) in top_level))
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_direction(package: str) -> None:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):   # subpackages too (routes/tracks)
        for name, line, module_level in _imports(path):
            if name not in FORBIDDEN[package]:
                continue
            if path.parent == ROOT / "routes" / "cli" and not module_level:
                continue  # the composition root imports maps lazily inside commands
            bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert bad == []


def test_base_layer_stands_alone() -> None:
    """geodata/base/ (errors, atomic writes, cache, geodesy) imports nothing of routemap outside itself."""
    bad = []
    for path in sorted((ROOT / "geodata" / "base").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports from outside geodata/base")
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] in FORBIDDEN and not node.module.startswith("geodata.base"):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}")
            elif isinstance(node, ast.Import):
                bad += [f"{path.relative_to(ROOT)}:{node.lineno} imports {a.name}" for a in node.names
                        if a.name.split(".")[0] in FORBIDDEN and not a.name.startswith("geodata.base")]
    assert bad == []
