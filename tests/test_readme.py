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


def _pins() -> dict[str, str]:
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def test_readme_commands_install_from_the_lock() -> None:
    for cmd in _readme_commands()[:2]:
        assert "pip install -q -c constraints.txt -e " in cmd, cmd


def test_lock_pins_every_dependency_within_its_range() -> None:
    """constraints.txt must be refreshed (`.ci/lock`) whenever pyproject.toml's dependencies change."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins()
    stale = []
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(spec)
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None or not req.specifier.contains(pinned, prereleases=True):
            stale.append(f"{spec} (locked: {pinned})")
    assert not stale, "constraints.txt is stale; run .ci/lock: " + "; ".join(stale)

