"""Options shared by several commands, each defined once as a decorator object (rasterio's ``rio/options.py``).

Validation lives in the option: a click type or a callback refuses a bad value
with a usage error (exit 2) and hands the command the value it needs.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

import click

json_opt = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
"""``--json``: machine-readable output on stdout."""

strict_opt = click.option("--strict", is_flag=True, help="Exit 1 when any claim is inconsistent.")
"""``--strict``: exit 1 when a check fails."""

gazetteer_opt = click.option(
    "--gazetteer", "gazetteer_files", multiple=True, type=click.Path(dir_okay=False),
    metavar="FILE", help="Your own places (YAML or CSV); they win over the bundled ones. Repeatable.",
)
"""``--gazetteer FILE``: extra places (YAML or CSV) that win over the bundled ones."""

units_opt = click.option(
    "--units", type=click.Choice(["km", "mi", "nmi"]), default="km", show_default=True,
    help="Units for distances.",
)
"""``--units km|mi|nmi``."""

spacing_opt = click.option(
    "--spacing", "spacing_km", type=click.FloatRange(min=0.1), default=25.0, show_default=True,
    help="Densify the line to a point every KM at most.", metavar="KM",
)
"""``--spacing KM``: the densification step of a routed line (at least 0.1 km)."""


def _jobs(ctx: click.Context, param: click.Parameter, value: int) -> int | None:
    """``--jobs``: 0 (the default) means every core, at most 8, which the routing API calls None."""
    return value or None


jobs_opt = click.option(
    "--jobs", type=click.IntRange(min=0), default=0, show_default="0: every core, at most 8", callback=_jobs,
    help="Processes routing legs in parallel (the outputs are the same for any number).",
)
"""``--jobs N``: routing processes; the command receives None for the default (every core, at most 8)."""


def _threads(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    """``--threads``: a count of threads is at least 1; left out (None) means every core."""
    if value is not None and value < 1:
        raise click.BadParameter(f"{value} is not a number of threads; give 1 or more, or leave it out to use "
                                 "every core")
    return value


threads_opt = click.option(
    "--threads", type=int, default=None, callback=_threads,
    help="With --pairs: threads for the geodesic computation (default: every core).",
)
"""``--threads N``: threads for batch geodesics (at least 1; default every core)."""


def force_opt(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--force``: write through a device, FIFO, socket or link at an output path instead of refusing.

    The command runs inside :func:`geodata.base.atomic.forcing`, so every write it
    makes sees the choice; the command itself does not take a ``force`` argument.
    """
    @functools.wraps(f)
    def wrapper(*args: Any, force: bool, **kwargs: Any) -> Any:
        from geodata.base.atomic import forcing

        with forcing(force):
            return f(*args, **kwargs)

    return click.option("--force", is_flag=True, help="Write through a device, FIFO or link at the output path "
                        "(without replacing it) instead of refusing.")(wrapper)
