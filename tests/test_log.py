"""geodata.base.log: routemap's loggers write to stderr only, at the level the CLI chose."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from geodata.base.log import configure, get_logger
from routes.cli import cli


def test_loggers_are_children_of_routemap() -> None:
    assert get_logger("geodata.base.cache").name == "routemap.geodata.base.cache"
    assert get_logger("routemap").name == "routemap"


def test_levels_and_one_handler() -> None:
    assert configure().level == 30 and configure(1).level == 20 and configure(2).level == 10
    root = configure(3, quiet=True)
    assert root.level == 40 and len([h for h in root.handlers if getattr(h, "_routemap", False)]) == 1
    configure()


def test_cli_options_and_stdout_stays_clean() -> None:
    code = ("import sys\nfrom routes.cli import main\nfrom geodata.base.log import get_logger\n"
            "import routes.cli\nrc = main(sys.argv[1:])\nget_logger('x').warning('w')\nget_logger('x').info('i')\n")
    p = subprocess.run([sys.executable, "-c", code, "-v", "distance", "0,0", "0,1", "--json"],
                       capture_output=True, text=True, check=False)
    assert p.stdout.startswith("{") and "routemap: WARNING: w" in p.stderr and "routemap: INFO: i" in p.stderr
    r = CliRunner().invoke(cli, ["--help"])
    assert "--verbose" in r.output and "--quiet" in r.output
