"""The ``routemap`` command line: parsing and printing only.

Every command is a thin wrapper over a plain Python function in ``geodata``,
``routes`` or ``maps``, in a module of its own here; options shared by several
commands are defined once in :mod:`routes.cli.options`. This module holds the
click group (routemap's errors as messages), registers the commands and runs
them (:func:`main`). Heavy libraries (geopandas, folium, matplotlib) are
imported inside the commands that need them, so ``routemap distance A B``
starts fast. Exit codes: 0 ok, 1 checks failed under ``--strict``,
2 usage or input error (printed without a traceback).
"""
from __future__ import annotations

from typing import Any

import click

from geodata.base.errors import RoutemapError
from routes.cli.build import build_cmd, demo_cmd
from routes.cli.cache import cache_cmd
from routes.cli.check import check_cmd, validate_cmd
from routes.cli.distance import distance_cmd
from routes.cli.export import export_cmd, import_cmd
from routes.cli.geocode import geocode_cmd
from routes.cli.map import map_cmd
from routes.cli.output import EXIT_CHECKS_FAILED, EXIT_INPUT, EXIT_OK, echo_json
from routes.cli.route import route_cmd
from routes.cli.tracks import tracks_cmd

__all__ = ["EXIT_CHECKS_FAILED", "EXIT_INPUT", "EXIT_OK", "RoutemapGroup", "cli", "main"]

COMMANDS = (geocode_cmd, distance_cmd, route_cmd, check_cmd, validate_cmd, map_cmd, export_cmd, import_cmd,
            build_cmd, demo_cmd, tracks_cmd, cache_cmd)
"""Every ``routemap`` command; a new one is a module in this package and a name here."""


def _version() -> str:
    """routemap's installed version (read only when asked: importlib.metadata is slow to import)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("routemap")
    except PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    raise AttributeError(name)


class RoutemapGroup(click.Group):
    """A click group that turns routemap's own errors into a message and exit 2.

    Expected runtime failures (a file that cannot be read or written, memory
    exhausted by an input) are messages too; with ``--json`` the error is also
    a JSON object on stdout. SIGTERM and SIGHUP are handled like Ctrl-C:
    temporary files are removed, then the exit code is 128 + the signal.
    """

    def invoke(self, ctx: click.Context) -> Any:
        protected = ctx._protected_args if hasattr(ctx, "_protected_args") else ctx.protected_args
        args = [*protected, *ctx.args]
        as_json = "--json" in args[: args.index("--")] if "--" in args else "--json" in args
        _handle_termination()
        try:
            return super().invoke(ctx)
        except RoutemapError as e:
            _fail(ctx, e, as_json)
        except click.UsageError as e:   # a bad option or value: click's message, and with --json also as JSON
            if not as_json:
                raise
            e.show()
            echo_json({"error": e.format_message(), "file": None, "line": None, "exit_code": e.exit_code})
            ctx.exit(e.exit_code)
        except BrokenPipeError:  # the reader of our output stopped early (`routemap route … | head -1`): its choice
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
            ctx.exit(0)
        except OSError as e:  # an input that cannot be read, a folder that cannot be listed
            where = f"{e.filename}: " if e.filename else ""
            _fail(ctx, RoutemapError(f"{where}{e.strerror or e}"), as_json)
        except EOFError as e:  # click would print only "Aborted!"
            _fail(ctx, RoutemapError(f"a file ended before its data did ({e or 'EOFError'}); it may be truncated"),
                  as_json)
        except (MemoryError, RecursionError) as e:
            _fail(ctx, RoutemapError(f"an input is too large or too deeply nested to read ({type(e).__name__}); "
                                     "check the files you gave"), as_json)
        except KeyboardInterrupt as e:
            code = getattr(e, "exit_code", 130)
            what = "stopped by a signal" if code != 130 else "interrupted"
            click.echo(f"routemap: {what}; no output file was left half-written", err=True)
            ctx.exit(code)


def _fail(ctx: click.Context, e: RoutemapError, as_json: bool) -> None:
    """Print ``e`` (and with ``--json`` a JSON object on stdout) and exit with its code."""
    click.echo(f"routemap: error: {e}", err=True)
    if as_json:
        problems = getattr(e, "problems", ())
        first = problems[0] if problems else None
        data: dict[str, Any] = {"error": str(e), "file": first.file if first else getattr(e, "file", None),
                                "line": first.line if first else None, "exit_code": e.exit_code}
        if len(problems) > 1:
            data["problems"] = [{"file": p.file, "line": p.line, "message": p.message} for p in problems]
        echo_json(data)
    ctx.exit(e.exit_code)


def _handle_termination() -> None:
    """Turn SIGTERM and SIGHUP into :class:`~geodata.base.errors.Interrupted` so clean-up code runs."""
    import signal

    from geodata.base.errors import Interrupted

    def handler(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(sig) == signal.SIG_DFL:  # an ignored signal (nohup) stays ignored
                signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread (e.g. inside a test runner)
            return


def _print_version(ctx: click.Context) -> None:
    """``--version``: print the installed version (read only now, to keep the cold path short) and exit."""
    click.echo(f"routemap, version {_version()}")
    ctx.exit()


@click.group(cls=RoutemapGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, help="Show the version and exit.",
              callback=lambda ctx, _, value: _print_version(ctx) if value and not ctx.resilient_parsing else None)
@click.option("-v", "--verbose", count=True, help="Say more on stderr (-vv: debugging detail).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def cli(verbose: int, quiet: bool) -> None:
    """Map reported shipments: resolve place names offline, route dated legs over
    real sea, rail and road networks, check the claims in the reporting, and
    write a briefing map and GIS exports.

    Exit codes: 0 ok, 1 checks failed (with --strict), 2 usage or input error.
    """
    from geodata.base.log import configure

    configure(verbose, quiet)


for _command in COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``routemap`` console script; returns the exit code."""
    try:
        cli.main(args=argv, prog_name="routemap", standalone_mode=True)
    except SystemExit as e:
        return int(e.code or 0) if not isinstance(e.code, str) else EXIT_INPUT
    return EXIT_OK
