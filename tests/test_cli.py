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


#: libraries no cold path below may load (each costs 50-500 ms to import)
HEAVY = ("geopandas", "matplotlib", "pandas", "scipy", "searoute", "shapely", "numpy", "pyogrio", "rapidfuzz", "tqdm", "jinja2")
COLD = [[name, "--help"] for name in sorted(cli.commands)] + [
    ["distance", "Pyongyang", "Vladivostok"], ["distance", "Pyongyang", "Vladivostok", "--json"],
    ["geocode", "Najin"], ["geocode", "Najin", "--json"], ["--version"]]


def test_every_command_cold_path_stays_light() -> None:
    """Each command's help, and `distance A B` / `geocode A` themselves, in a fresh process: no heavy library."""
    code = (
        "import sys\n"
        "from routes.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "if sys.argv[1] == 'geocode' and 'pyproj' in sys.modules: heavy.append('pyproj')\n"
        "print('LOADED:' + ','.join(heavy), rc, file=sys.stderr)\n"
    )
    for args in COLD:
        p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
        line = p.stderr.strip().splitlines()[-1]
        assert line == "LOADED: 0", f"routemap {' '.join(args)}: {line}"


def test_python_dash_m_routes_is_the_command() -> None:
    p = subprocess.run([sys.executable, "-m", "routes", "distance", "0,0", "0,1"], capture_output=True, text=True,
                       check=False)
    assert p.returncode == 0 and p.stdout.startswith("0,0 → 0,1: "), p.stdout + p.stderr


def test_a_usage_error_under_json_is_also_a_json_object() -> None:
    import json

    r = CliRunner().invoke(cli, ["distance", "Pyongyang", "Vladivostok", "--threads", "-3", "--json"])
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    assert data["exit_code"] == 2 and "--threads" in data["error"] and "1 or more" in data["error"]
    assert "Usage: cli distance" in r.stderr          # click's own message stays on stderr
    plain = CliRunner().invoke(cli, ["distance", "Pyongyang", "Vladivostok", "--threads", "-3"])
    assert plain.exit_code == 2 and plain.stdout == "" and "Invalid value for '--threads'" in plain.stderr
