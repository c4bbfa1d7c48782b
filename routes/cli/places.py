"""Places named on the command line: one gazetteer per command and one resolution policy (``geodata.resolve``).

Confident answers are used, context settles ambiguous names, anything else
stops with exit 2 and the candidates.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from geodata.place import Place

#: Commands whose arguments may be negative coordinates ("-34.19,18.43") take unknown options as arguments.
COORD_ARGS = {"ignore_unknown_options": True}

#: What ``--json`` says about how each place of a ``route``/``distance`` was resolved.
RESOLUTION_KEYS = ("query", "name", "id", "confident", "ambiguous", "score", "reason", "uncertainty_km", "candidates")


def gazetteer_with(gazetteer_files: tuple[str, ...]) -> Any:
    """The one gazetteer of a command: the bundled places plus the user's files."""
    from routes.analysis import gazetteer_for

    return gazetteer_for(gazetteer_files)


def check_args(args: tuple[str, ...]) -> None:
    """Unknown options let through for negative coordinates must be coordinates, not typos of options."""
    for a in args:
        if a.startswith("-") and not any(ch.isdigit() for ch in a[:3]):
            raise click.UsageError(f"no such option: {a}")


def resolve_queries(queries: tuple[str, ...], gazetteer_files: tuple[str, ...], *,
                    mode: str | None = None) -> tuple[list[Place], list[dict[str, Any]]]:
    """Places for names that belong together (each is context for the others); exit 2 on any unsure one.

    Returns the places and, for ``--json``, how each was resolved (:data:`RESOLUTION_KEYS`).
    A name settled by context is noted on stderr with its alternatives.
    """
    from geodata.resolve import alternatives, lookup_all, require

    check_args(queries)
    matches = lookup_all(gazetteer_with(gazetteer_files), queries, mode=mode)
    places = [require(m) for m in matches]
    resolution = [{k: v for k, v in m.to_dict().items() if k in RESOLUTION_KEYS} for m in matches]
    for m in matches:
        if m.ambiguous and "context:" in m.reason:
            click.echo(f"routemap: note: {m.query!r} is ambiguous; chose {m.place.name} ({m.place.country or '?'}) by "
                       f"{m.reason.split('context: ', 1)[1]}; also {'; '.join(alternatives(m, 3))}", err=True)
    return places, resolution
