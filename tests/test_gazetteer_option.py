"""Issue 17: every command that takes ``--gazetteer`` has an end-to-end test that a user file changes its result.

The tests themselves live beside each command's other tests (named in ``COVERED``);
this file fails when a command gains ``--gazetteer`` without one, or a named test disappears.
"""
from __future__ import annotations

import ast
from pathlib import Path

import click

from routes.cli import cli

TESTS = Path(__file__).resolve().parent

#: (test file, test function) -> the commands it runs with and without --gazetteer, asserting the results differ
TESTS_OF: dict[tuple[str, str], tuple[str, ...]] = {
    ("test_cli_geocode.py", "test_gazetteer_changes_the_answer"): ("geocode",),
    ("test_resolution_policy.py", "test_gazetteer_changes_distance_route_validate_check"):
        ("distance", "route", "validate", "check"),
    ("test_resolution_policy.py", "test_gazetteer_changes_export_map_build"): ("export", "map", "build"),
}
COVERED: dict[str, tuple[str, str]] = {command: test for test, commands in TESTS_OF.items() for command in commands}


def _takes_gazetteer(cmd: click.Command) -> bool:
    return any("--gazetteer" in p.opts for p in cmd.params if isinstance(p, click.Option))


def test_every_command_taking_gazetteer_has_a_test() -> None:
    assert isinstance(cli, click.Group)
    takes = {name for name, cmd in cli.commands.items() if _takes_gazetteer(cmd)}
    assert takes == set(COVERED)


def test_each_named_test_exists_and_runs_its_command_with_gazetteer() -> None:
    for command, (filename, func) in COVERED.items():
        tree = ast.parse((TESTS / filename).read_text(encoding="utf-8"))
        found = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == func]
        assert len(found) == 1, (command, filename, func)
        strings = {n.value for n in ast.walk(found[0]) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert "--gazetteer" in strings or "_both" in ast.unparse(found[0]), (command, func)  # _both adds it
        assert command in strings or filename == "test_cli_geocode.py", (command, func)  # that file's run() is geocode
