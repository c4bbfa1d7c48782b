"""The ``routemap`` command line: parsing and printing only.

Every command is a thin wrapper over a plain Python function in ``geodata``,
``routes`` or ``maps``. Heavy libraries (geopandas, folium, matplotlib) are
imported inside the commands that need them, so ``routemap distance A B``
starts fast. Exit codes: 0 ok, 1 checks failed under ``--strict``,
2 usage or input error (printed without a traceback).

Several developers add commands here: each command lives in its own section
below; edit only your own section and re-read the file before each edit.
"""
from __future__ import annotations

import json
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Callable

import click

from geodata.errors import RoutemapError

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_INPUT = 0, 1, 2

try:
    __version__ = version("routemap")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0+unknown"


class RoutemapGroup(click.Group):
    """A click group that turns routemap's own errors into a message and exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RoutemapError as e:
            click.echo(f"routemap: error: {e}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("routemap: interrupted; no output file was left half-written", err=True)
            ctx.exit(130)


# ---------------------------------------------------------------- shared options
# Options used by several commands are defined once here.

def json_option(f: Callable) -> Callable:
    """``--json``: machine-readable output on stdout."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def gazetteer_option(f: Callable) -> Callable:
    """``--gazetteer FILE``: extra places (YAML or CSV) that win over the bundled ones."""
    return click.option(
        "--gazetteer", "gazetteer_files", multiple=True, type=click.Path(dir_okay=False),
        metavar="FILE", help="Your own places (YAML or CSV); they win over the bundled ones. Repeatable.",
    )(f)


def units_option(f: Callable) -> Callable:
    """``--units km|mi|nmi``."""
    return click.option(
        "--units", type=click.Choice(["km", "mi", "nmi"]), default="km", show_default=True,
        help="Units for distances.",
    )(f)


def strict_option(f: Callable) -> Callable:
    """``--strict``: exit 1 when a check fails."""
    return click.option("--strict", is_flag=True, help="Exit 1 when any claim is inconsistent.")(f)


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON (dates must already be ISO strings)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))


@click.group(cls=RoutemapGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="routemap")
def cli() -> None:
    """Map reported shipments: resolve place names offline, route dated legs over
    real sea, rail and road networks, check the claims in the reporting, and
    write a briefing map and GIS exports.

    Exit codes: 0 ok, 1 checks failed (with --strict), 2 usage or input error.
    """


# ---------------------------------------------------------------- geocode (gazetteer)

# ---------------------------------------------------------------- distance, check (distance checks)

# ---------------------------------------------------------------- route, validate (case files and routing)

# ---------------------------------------------------------------- map (briefing map)

# ---------------------------------------------------------------- export, import (exports)

# ---------------------------------------------------------------- build, demo (the main job)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``routemap`` console script; returns the exit code."""
    try:
        cli.main(args=argv, prog_name="routemap", standalone_mode=True)
    except SystemExit as e:
        return int(e.code or 0) if not isinstance(e.code, str) else EXIT_INPUT
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
