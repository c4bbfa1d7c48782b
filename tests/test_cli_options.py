"""The shared options of routes/cli/options.py: defined once, validated in their callbacks (exit 2)."""
from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from routes.cli import cli
from routes.cli.options import gazetteer_opt, json_opt


@pytest.mark.parametrize("value", ["-3", "0"])
def test_threads_below_one_is_refused_before_any_work(value: str) -> None:
    r = CliRunner().invoke(cli, ["distance", "--pairs", "missing.csv", "-o", "out.csv", "--threads", value])
    assert r.exit_code == 2
    assert f"Invalid value for '--threads': {value} is not a number of threads; give 1 or more" in r.output
    assert "missing.csv" not in r.output   # refused while parsing, before the CSV is opened


def test_jobs_zero_means_every_core_and_negative_is_refused() -> None:
    build = cli.commands["build"]
    assert build.make_context("build", ["c.yaml", "--out", "d"]).params["jobs"] is None
    assert build.make_context("build", ["c.yaml", "--out", "d", "--jobs", "0"]).params["jobs"] is None
    assert build.make_context("build", ["c.yaml", "--out", "d", "--jobs", "3"]).params["jobs"] == 3
    r = CliRunner().invoke(cli, ["build", "c.yaml", "--out", "d", "--jobs", "-1"])
    assert r.exit_code == 2 and "Invalid value for '--jobs'" in r.output


def test_an_option_object_gives_every_command_the_same_option() -> None:
    @click.command()
    @json_opt
    @gazetteer_opt
    def probe(as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
        """A probe."""

    mine = {p.name: p.help for p in probe.params}
    for cmd in cli.commands.values():
        if cmd.name == "tracks":   # its --json describes its own output
            continue
        for p in cmd.params:
            if p.name in mine:
                assert p.help == mine[p.name], (cmd.name, p.name)
