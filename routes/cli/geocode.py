"""``routemap geocode``: place names or typed coordinates to places, with how sure each answer is."""
from __future__ import annotations

from typing import Any

import click

from geodata.base.errors import RoutemapError
from routes.cli.options import gazetteer_opt, json_opt
from routes.cli.output import EXIT_INPUT, echo_json
from routes.cli.places import COORD_ARGS, check_args, gazetteer_with

_COLUMNS = ("query", "name", "lat", "lon", "country", "kind", "score", "uncertainty", "confident", "source")


@click.command("geocode", context_settings=COORD_ARGS)
@click.argument("queries", nargs=-1, required=True, metavar="QUERY...")
@click.option("--country", metavar="CC", default=None, help="Only places in this country (ISO alpha-2, e.g. KP).")
@click.option("--kind", metavar="KIND", default=None, help="Only places of this kind (e.g. port, city, bridge).")
@click.option("--near", "near", metavar="PLACE", multiple=True,
              help="Context: prefer the candidate nearest this place (a name or 'lat,lon'). Repeatable.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="At most this many places per query (the best and the alternatives).")
@json_opt
@gazetteer_opt
@click.pass_context
def geocode_cmd(ctx: click.Context, queries: tuple[str, ...], country: str | None, kind: str | None,
                near: tuple[str, ...], limit: int, as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """Resolve place names (any script) or typed coordinates to places, offline.

    Every query is answered; each answer says how sure it is (confident,
    score, reason, uncertainty) and lists the alternatives. Exit 2 after all
    answers when any query matched nothing or nothing confidently. Example:

    \b
        routemap geocode Najin "Nome, Alaska" "Port of Vladivostok" ZKPY -- -34.19,18.43
    """
    from geodata.resolve import near_named, require, with_context

    check_args(queries)
    gaz = gazetteer_with(gazetteer_files)
    ctx_places = [require(gaz.lookup(n)) for n in near]
    results: list[Any] = []
    for q in queries:
        try:
            m = gaz.lookup(q, country=country, kind=kind, limit=limit)
        except RoutemapError as e:
            results.append(e)
            continue
        results.append(near_named(with_context(m, ctx_places), ctx_places, "given with --near") if ctx_places else m)
    if as_json:
        echo_json([_error_dict(q, r) if isinstance(r, RoutemapError) else r.to_dict()
                   for q, r in zip(queries, results, strict=True)])
    else:
        _print_table(results)
    if _report_failures(results):
        ctx.exit(EXIT_INPUT)


def _error_dict(query: str, e: RoutemapError) -> dict[str, Any]:
    """The ``--json`` answer for a query that matched nothing."""
    return {"query": query, "error": str(e), "confident": False, "ambiguous": False, "candidates": [],
            "suggestions": list(getattr(e, "suggestions", ()))}


def _row(m: Any) -> tuple[str, ...]:
    """A table row (:data:`_COLUMNS`) for a match."""
    p = m.place
    unc = f"±{p.uncertainty_km:g} km" if p.uncertainty_km is not None else "-"
    sure = "yes" if m.confident else "NO"
    return (m.query, p.name, f"{p.lat:.5f}", f"{p.lon:.5f}", p.country or "-", p.kind, f"{m.score:.0f}", unc, sure,
            p.source)


def _notes(m: Any) -> list[str]:
    """The lines under a match's row: its reason and, when unsure or ambiguous, the alternatives."""
    lines = [f"  ↳ {m.reason}"]
    if m.ambiguous or not m.confident:
        others = ", ".join(f"{c.place.name} ({c.place.country or '?'}, {c.place.kind})" for c in m.candidates)
        word = "ambiguous" if m.confident else "not confident"
        lines.append(f"  ↳ {word}: also {others}" if others else f"  ↳ {word}")
    return lines


def _print_table(results: list[Any]) -> None:
    """One aligned row per answered query (the source column unpadded), each followed by its notes."""
    rows: list[tuple[str, ...]] = [_COLUMNS]
    notes: dict[int, list[str]] = {}
    for m in results:
        if isinstance(m, RoutemapError):
            continue
        rows.append(_row(m))
        notes[len(rows) - 1] = _notes(m)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for i, r in enumerate(rows if len(rows) > 1 else ()):
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1])
        for line in notes.get(i, ()):
            click.echo(line)


def _report_failures(results: list[Any]) -> int:
    """Print every query that matched nothing or nothing confidently, in order, on stderr; return how many."""
    from geodata.resolve import require

    failed = 0
    for r in results:
        if isinstance(r, RoutemapError):
            click.echo(f"routemap: error: {r}", err=True)
            failed += 1
        elif not r.confident:
            failed += 1
            try:
                require(r)
            except RoutemapError as e:
                click.echo(f"routemap: error: {e}", err=True)
    return failed
