"""The CLI shell: version, help, exit codes, and a light import."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from routes.cli import cli


def test_version() -> None:
    r = CliRunner().invoke(cli, ["--version"])
    assert r.exit_code == 0
    assert r.output.startswith("routemap, version ")


def test_unknown_command_is_a_usage_error() -> None:
    r = CliRunner().invoke(cli, ["frobnicate"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "'frobnicate'" in r.output  # click's message names the unknown command


def test_help_on_every_command() -> None:
    for name, cmd in cli.commands.items():
        r = CliRunner().invoke(cli, [name, "--help"])
        assert r.exit_code == 0, name
        assert cmd.help and cmd.help.strip(), f"routemap {name} has no help text"
        first = cmd.help.strip().split("\n")[0][:20]
        assert f"routemap {name}" in r.output and first in r.output, name


def test_importing_the_cli_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, routes.cli; "
        "heavy = [m for m in ('geopandas', 'matplotlib', 'pandas', 'scipy', 'searoute', 'shapely', 'pyproj', 'numpy', 'pyogrio') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"importing routes.cli loaded: {out}"
