"""The README's two commands are the ones CI runs and the ones that work."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", text, flags=re.S)
    return [b.strip() for b in blocks]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = _readme_commands()[1]
    assert test_cmd in ci.splitlines(), f"the README's test command is not a line of .ci/run: {test_cmd!r}"


def test_first_command_sets_up_and_runs_the_main_job() -> None:
    first = _readme_commands()[0]
    assert first.startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert "routemap" in first.split("&&")[-1]


def test_readme_warns_about_unrelated_pypi_distributions() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("routes", "geodata", "maps"):
        assert f"`{name}`" in text
    assert "unrelated" in text
