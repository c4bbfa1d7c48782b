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
from typing import Any, Callable

import click

from geodata.errors import RoutemapError

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_INPUT = 0, 1, 2



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
    """Turn SIGTERM and SIGHUP into :class:`~geodata.errors.Interrupted` so clean-up code runs."""
    import signal

    from geodata.errors import Interrupted

    def handler(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(sig) == signal.SIG_DFL:  # an ignored signal (nohup) stays ignored
                signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread (e.g. inside a test runner)
            return


# ---------------------------------------------------------------- shared options
# Options used by several commands are defined once here.

def json_option(f: Callable) -> Callable:
    """``--json``: machine-readable output on stdout."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def force_option(f: Callable) -> Callable:
    """``--force``: write through a device, FIFO, socket or link at an output path instead of refusing."""
    import functools

    @functools.wraps(f)
    def wrapper(*args: Any, force: bool, **kwargs: Any) -> Any:
        from geodata.atomic import forcing

        with forcing(force):
            return f(*args, **kwargs)

    return click.option("--force", is_flag=True, help="Write through a device, FIFO or link at the output path "
                        "(without replacing it) instead of refusing.")(wrapper)


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


def _print_version(ctx: click.Context) -> None:
    """``--version``: print the installed version (read only now, to keep the cold path short) and exit."""
    click.echo(f"routemap, version {_version()}")
    ctx.exit()


@click.group(cls=RoutemapGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, help="Show the version and exit.",
              callback=lambda ctx, _, value: _print_version(ctx) if value and not ctx.resilient_parsing else None)
def cli() -> None:
    """Map reported shipments: resolve place names offline, route dated legs over
    real sea, rail and road networks, check the claims in the reporting, and
    write a briefing map and GIS exports.

    Exit codes: 0 ok, 1 checks failed (with --strict), 2 usage or input error.
    """


# ---------------------------------------------------------------- geocode (gazetteer)
# One resolution policy (geodata.resolve) for every command: confident answers are used,
# context settles ambiguous names, anything else stops with exit 2 and the candidates.

#: Commands whose arguments may be negative coordinates ("-34.19,18.43") take unknown options as arguments.
_COORD_ARGS = {"ignore_unknown_options": True}


def _gazetteer_with(gazetteer_files: tuple[str, ...]) -> Any:
    """The one gazetteer of a command: the bundled places plus the user's files."""
    from routes.analysis import gazetteer_for

    return gazetteer_for(gazetteer_files)


def _check_args(args: tuple[str, ...]) -> None:
    """Unknown options let through for negative coordinates must be coordinates, not typos of options."""
    for a in args:
        if a.startswith("-") and not any(ch.isdigit() for ch in a[:3]):
            raise click.UsageError(f"no such option: {a}")


#: What ``--json`` says about how each place of a ``route``/``distance`` was resolved.
_RESOLUTION_KEYS = ("query", "name", "id", "confident", "ambiguous", "score", "reason", "uncertainty_km", "candidates")
_RESOLVED: list[dict[str, Any]] = []  # the last _resolve_queries call's answers (one command per process)


def _resolve_queries(queries: tuple[str, ...], gazetteer_files: tuple[str, ...], *, mode: str | None = None,
                     near: tuple[str, ...] = ()) -> list[Any]:
    """Places for names that belong together (each is context for the others); exit 2 on any unsure one."""
    from geodata.resolve import alternatives, lookup_all, require

    _check_args(queries)
    gz = _gazetteer_with(gazetteer_files)
    ctx = [require(gz.lookup(n)) for n in near]
    matches = lookup_all(gz, queries, mode=mode, near=ctx)
    places = [require(m) for m in matches]
    _RESOLVED[:] = [{k: v for k, v in m.to_dict().items() if k in _RESOLUTION_KEYS} for m in matches]
    for m in matches:
        if m.ambiguous and "context:" in m.reason:
            click.echo(f"routemap: note: {m.query!r} is ambiguous; chose {m.place.name} ({m.place.country or '?'}) by "
                       f"{m.reason.split('context: ', 1)[1]}; also {'; '.join(alternatives(m, 3))}", err=True)
    return places


def _geocode_row(m: Any) -> tuple[str, ...]:
    p = m.place
    unc = f"±{p.uncertainty_km:g} km" if p.uncertainty_km is not None else "-"
    sure = "yes" if m.confident else "NO"
    return (m.query, p.name, f"{p.lat:.5f}", f"{p.lon:.5f}", p.country or "-", p.kind, f"{m.score:.0f}", unc, sure,
            p.source)


@cli.command("geocode", context_settings=_COORD_ARGS)
@click.argument("queries", nargs=-1, required=True, metavar="QUERY...")
@click.option("--country", metavar="CC", default=None, help="Only places in this country (ISO alpha-2, e.g. KP).")
@click.option("--kind", metavar="KIND", default=None, help="Only places of this kind (e.g. port, city, bridge).")
@click.option("--near", "near", metavar="PLACE", multiple=True,
              help="Context: prefer the candidate nearest this place (a name or 'lat,lon'). Repeatable.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="At most this many places per query (the best and the alternatives).")
@json_option
@gazetteer_option
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
    from geodata.resolve import require, with_context

    _check_args(queries)
    gaz = _gazetteer_with(gazetteer_files)
    ctx_places = [require(gaz.lookup(n)) for n in near]
    results: list[Any] = []
    for q in queries:
        try:
            m = gaz.lookup(q, country=country, kind=kind, limit=limit)
        except RoutemapError as e:
            results.append(e)
            continue
        results.append(with_context(m, ctx_places) if ctx_places else m)
    failed = sum(1 for r in results if isinstance(r, RoutemapError) or not r.confident)
    if as_json:
        echo_json([{"query": q, "error": str(r), "confident": False, "ambiguous": False, "candidates": [],
                    "suggestions": list(getattr(r, "suggestions", ()))} if isinstance(r, RoutemapError) else r.to_dict()
                   for q, r in zip(queries, results, strict=True)])
    else:
        rows: list[tuple[str, ...]] = [("query", "name", "lat", "lon", "country", "kind", "score", "uncertainty",
                                        "confident", "source")]
        notes: dict[int, list[str]] = {}
        for m in results:
            if isinstance(m, RoutemapError):
                continue
            rows.append(_geocode_row(m))
            lines = [f"  ↳ {m.reason}"]
            if m.ambiguous or not m.confident:
                others = ", ".join(f"{c.place.name} ({c.place.country or '?'}, {c.place.kind})" for c in m.candidates)
                word = "ambiguous" if m.confident else "not confident"
                lines.append(f"  ↳ {word}: also {others}" if others else f"  ↳ {word}")
            notes[len(rows) - 1] = lines
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        for i, r in enumerate(rows if len(rows) > 1 else ()):
            click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1])
            for line in notes.get(i, ()):
                click.echo(line)
    for r in results:  # every query was answered above; now each failure, in order, and exit 2
        if isinstance(r, RoutemapError):
            click.echo(f"routemap: error: {r}", err=True)
        elif not r.confident:
            try:
                require(r)
            except RoutemapError as e:
                click.echo(f"routemap: error: {e}", err=True)
    if failed:
        ctx.exit(EXIT_INPUT)


# ---------------------------------------------------------------- distance, check (distance checks)

@cli.command("distance", context_settings=_COORD_ARGS)
@click.argument("places", nargs=-1, metavar="[PLACE]...")
@click.option("--to-border", "border", metavar="CC", help="Distance from one PLACE to a country's outline (ISO code, e.g. UA).")
@click.option("--to-file", "geo_file", type=click.Path(dir_okay=False), metavar="FILE.geojson",
              help="Distance from one PLACE to the lines/polygons of a GeoJSON file (e.g. a front line).")
@click.option("--case", "case_path", type=click.Path(dir_okay=False), metavar="CASE.yaml", help="Along-route lengths of a case's shipment.")
@click.option("--shipment", metavar="ID", help="With --case: the shipment.")
@click.option("--leg", type=int, metavar="N", help="With --case: only leg N (1-based).")
@click.option("--pairs", type=click.Path(dir_okay=False), metavar="PAIRS.csv", help="Batch: a CSV with columns from,to (names or \"lat,lon\").")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="OUT.csv", help="With --pairs: the output CSV (written atomically).")
@click.option("--skip-bad", is_flag=True, help="With --pairs: leave out bad rows (listed on stderr) instead of failing.")
@click.option("--threads", type=int, default=None, help="With --pairs: threads for the geodesic computation (default: every core).")
@units_option
@json_option
@gazetteer_option
@force_option
def distance_cmd(places: tuple[str, ...], border: str | None, geo_file: str | None, case_path: str | None,
                 shipment: str | None, leg: int | None, pairs: str | None, output: str | None, skip_bad: bool,
                 threads: int | None, units: str, as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """Geodesic distance and bearings between places, to a border or file, along a case, or in batch.

    \b
    Examples:
      routemap distance Najin Dunay Tikhoretsk --units nmi
      routemap distance "45.85,40.13" --to-border UA
      routemap distance Tikhoretsk --to-file frontline.geojson
      routemap distance --case case.yaml --shipment angara-2023 --leg 2
      routemap distance --pairs pairs.csv -o out.csv
    """
    from routes import distance as dist
    from routes.geodesy import METHOD

    chosen = [n for n, v in (("--to-border", border), ("--to-file", geo_file), ("--case", case_path), ("--pairs", pairs)) if v]
    if len(chosen) > 1:
        raise click.UsageError(f"use only one of {', '.join(chosen)}")
    if pairs:
        if places:
            raise click.UsageError("--pairs takes no PLACE arguments; the pairs come from the CSV")
        if not output:
            raise click.UsageError("--pairs needs -o OUT.csv")
        gz = _gazetteer_with(gazetteer_files)
        stats = dist.batch(pairs, output, units=units, gazetteer=gz, threads=threads, skip_bad=skip_bad,
                           progress=sys.stderr.isatty())
        for p in stats.problems:
            click.echo(f"routemap: skipped {p}", err=True)
        if as_json:
            echo_json(stats.to_dict())
        else:
            click.echo(f"{stats.written} pairs written to {stats.output} (distance_{units}, bearings in degrees), "
                       f"{stats.skipped} bad rows skipped; {stats.seconds:.2f} s")
            click.echo(f"method: {METHOD}")
        return
    if case_path:
        if places or not shipment:
            raise click.UsageError("--case needs --shipment ID and no PLACE arguments")
        from routes.casefile import load_case

        case = load_case(case_path, gazetteer=_gazetteer_with(gazetteer_files))
        res = dist.along_route(case, shipment, leg=leg, units=units)
        if as_json:
            echo_json(res.to_dict())
            return
        for lg in res.legs:
            click.echo(f"{lg.key:<24} {lg.label}  [{lg.mode}]")
            click.echo(f"{'':<24} {dist.convert(lg.length_km * 1000, units):,.1f} {units} along {lg.method}; "
                       f"straight line {dist.convert(lg.geodesic_km * 1000, units):,.1f} {units}")
            for w in lg.warnings:
                click.echo(f"{'':<24} note: {w}")
        click.echo(f"total {res.total:,.1f} {units} along the routes (marnet sea lanes, OSM-derived rail/road graphs; straight lines: {METHOD})")
        return
    if shipment or leg:
        raise click.UsageError("--shipment and --leg go with --case CASE.yaml")
    if border or geo_file:
        if len(places) != 1:
            raise click.UsageError(f"{'--to-border' if border else '--to-file'} measures from exactly one PLACE (got {len(places)})")
        (p,) = _resolve_queries(places, gazetteer_files)
        bres = dist.to_border(p, border, units=units) if border else dist.to_file(p, geo_file, units=units)  # type: ignore[arg-type]  # geo_file is set
        if as_json:
            echo_json(bres.to_dict())
            return
        if bres.inside:
            click.echo(f"{p.name} is inside {bres.target}: distance 0 {units} "
                       f"({bres.to_boundary:,.1f} {units} from its boundary at {bres.nearest[1]:.5f},{bres.nearest[0]:.5f})")
        else:
            click.echo(f"{p.name} → {bres.target}: {bres.distance:,.1f} {units} to the nearest boundary point "
                       f"{bres.nearest[1]:.5f},{bres.nearest[0]:.5f}")
        click.echo(f"data: {bres.dataset}")
        click.echo(f"method: {bres.method}")
        return
    if len(places) < 2:
        raise click.UsageError("give at least two places (names or \"lat,lon\"), or use --to-border, --to-file, --case or --pairs")
    dres = dist.distance(_resolve_queries(places, gazetteer_files), units=units)
    if as_json:
        echo_json({**dres.to_dict(), "resolution": _RESOLVED})
        return
    for dl in dres.legs:
        if dl.initial_bearing is None or dl.final_bearing is None:
            click.echo(f"{dl.origin.name} → {dl.destination.name}: 0 {units}; the same place, so no bearing")
            continue
        click.echo(f"{dl.origin.name} → {dl.destination.name}: {dl.distance:,.1f} {units}; "
                   f"initial bearing {dl.initial_bearing:.1f}° ({dl.initial_compass}), "
                   f"final {dl.final_bearing:.1f}° ({dl.final_compass}); midpoint {dl.midpoint[1]:.4f},{dl.midpoint[0]:.4f}")
    if len(dres.legs) > 1:
        click.echo(f"total: {dres.total:,.1f} {units}")
    click.echo(f"method: {METHOD}; coordinates lat,lon")


@cli.command("check")
@click.argument("case_file", type=click.Path(dir_okay=False), metavar="CASE.yaml")
@json_option
@strict_option
@gazetteer_option
@click.option("--markdown", is_flag=True, help="Print the checks as a Markdown section (for a briefing).")
def check_cmd(case_file: str, as_json: bool, strict: bool, gazetteer_files: tuple[str, ...], markdown: bool) -> None:
    """Check a case's claims and the plausibility of every dated leg.

    \b
    Examples:
      routemap check case.yaml
      routemap check case.yaml --strict --json
    """
    from routes.casefile import load_case
    from routes.checks import bounds_table, check_case
    from routes.geodesy import METHOD

    gz = _gazetteer_with(gazetteer_files)  # one gazetteer for the legs and the claims
    case = load_case(case_file, gazetteer=gz)
    verdicts = check_case(case, gazetteer=gz)
    bad = sum(v.verdict == "inconsistent" for v in verdicts)
    if as_json:
        echo_json({"case": case.title, "method": METHOD, "speed_bounds": bounds_table(),
                   "verdicts": [_verdict_dict(v) for v in verdicts]})
    elif markdown:
        from maps.checks_md import render_checks_md

        click.echo(render_checks_md((case, verdicts)), nl=False)
    else:
        rows = [("id", "kind", "claimed", "computed", "verdict")] + [
            (v.claim_id, v.kind, v.claimed, v.computed, v.verdict) for v in verdicts]
        widths = [min(40, max(len(r[i]) for r in rows)) for i in range(4)]
        for n, r in enumerate(rows):
            cells = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(r[:4], widths, strict=True)]
            click.echo("  ".join(cells + [r[4]]))
            if n and verdicts[n - 1].detail:
                click.echo(f"    {verdicts[n - 1].detail}")
        click.echo(f"{len(verdicts)} checks: {sum(v.verdict == 'consistent' for v in verdicts)} consistent, {bad} inconsistent, "
                   f"{sum(v.verdict == 'cannot check' for v in verdicts)} cannot check")
        click.echo(f"method: {METHOD}; borders: Natural Earth 10m admin-0 (German point of view); "
                   "networks: marnet sea lanes, OSM-derived rail/road graphs (scgraph_data)")
        click.echo(f"speed bounds: {bounds_table()}")
    if strict and bad:
        sys.exit(EXIT_CHECKS_FAILED)


def _verdict_dict(v: Any) -> dict[str, Any]:
    """A JSON-ready dict of a Verdict (without its line geometry)."""
    from dataclasses import asdict

    return {"id": v.claim_id, "kind": v.kind, "verdict": v.verdict, "claimed": v.claimed, "computed": v.computed,
            "method": v.method, "detail": v.detail, "source": v.source, "leg": v.leg, "line": v.line,
            "figures": asdict(v.figures)}


# ---------------------------------------------------------------- route, validate (case files and routing)

@cli.command("validate")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=True))
@json_option
@gazetteer_option
def validate_cmd(case_path: str, as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """Check a case file (YAML or CSV of legs) and print a summary: shipments, legs, km by mode, warnings.

    Every problem is printed at once as FILE:LINE: message (exit 2).

    Example: routemap validate case.yaml --gazetteer my-places.csv
    """
    import importlib.util

    from routes.casefile import load_case_with_warnings, summarize

    case, warnings = load_case_with_warnings(case_path, gazetteer=_gazetteer_with(gazetteer_files))
    routes = None
    if importlib.util.find_spec("routes.routing") is not None:
        from routes.routing import route_case

        routes = route_case(case, progress=not as_json)
    s = summarize(case, routes, warnings=warnings)
    if as_json:
        echo_json(s)
        return
    click.echo(f"{case_path}: valid — {s['title']}")
    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    click.echo("  " + ", ".join(n(s[k], k[:-1]) for k in ("shipments", "legs", "sources", "claims")))
    how = "along the routes" if s["length_method"] == "routed" else "geodesic"
    for row in s["by_mode"]:
        click.echo(f"  {row['mode']:<8} {row['legs']:>3} leg{'s' if row['legs'] != 1 else ' '} {row['km']:>11,.1f} km")
    click.echo(f"  {'total':<8} {s['legs']:>3} leg{'s' if s['legs'] != 1 else ' '} {s['total_km']:>11,.1f} km ({how})")
    if s["warnings"]:
        click.echo(f"warnings ({len(s['warnings'])}):")
        for w in s["warnings"]:
            click.echo(f"  {w}")
    else:
        click.echo("no warnings")


@cli.command("route", context_settings=_COORD_ARGS)
@click.argument("origin", metavar="FROM")
@click.argument("destination", metavar="TO")
@click.option("--mode", type=click.Choice(["sea", "rail", "road", "geodesic", "air"]), default="geodesic",
              show_default=True, help="Network to follow; geodesic and air draw the WGS84 geodesic.")
@click.option("--via", "via", multiple=True, metavar="PLACE", help="Force the route through this place. Repeatable.")
@click.option("--spacing", "spacing_km", type=click.FloatRange(min=0.1), default=25.0, show_default=True,
              help="Densify the line to a point every KM at most.", metavar="KM")
@click.option("--avoid", metavar="CC,...", default="",
              help="Route around these countries (ISO codes) or, by sea, passages (e.g. 'Suez Canal').")
@click.option("--stay-in", "stay_in", metavar="CC,...", default="", help="Keep the route inside these countries.")
@json_option
@gazetteer_option
def route_cmd(origin: str, destination: str, mode: str, via: tuple[str, ...], spacing_km: float, avoid: str,
              stay_in: str, as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """Route FROM to TO over the sea, rail or road network and print length, method, snaps and warnings.

    Places are gazetteer names or 'lat,lon' coordinates. Example:

        routemap route Najin Dunay --mode sea
    """
    from .routing import route_points, route_to_dict
    from .transit import annotate, crossing_text, route_avoid

    # the names are each other's context (Nome after Anchorage is Nome, Alaska); sea legs prefer ports
    restriction = route_avoid(avoid, stay_in)
    points = _resolve_queries((origin, *via, destination), gazetteer_files, mode=mode)
    r = route_points(points, "unknown" if mode == "geodesic" else mode, spacing_km=spacing_km, avoid=restriction)
    r = annotate(r, ends=(points[0].country, points[-1].country), avoid=restriction)
    if as_json:
        data = route_to_dict(r)
        data["mode"] = mode
        data["points"] = [{"name": p.name, "lat": p.lat, "lon": p.lon} for p in points]
        data["resolution"] = _RESOLVED
        echo_json(data)
        return
    names = " → ".join(p.name for p in points)
    length = f"{r.length_km:,.1f} km" + (f" ({r.length_km / 1.852:,.1f} nmi)" if mode == "sea" else "")
    t = r.transit
    how = mode
    if mode == "sea" and t is not None and t.inland_km > 0:
        big = t.inland_km >= 0.1 * r.length_km
        how = "sea and inland water" if big else f"sea ({t.inland_km:,.0f} km inland water)"
    click.echo(f"{names}: {length} by {how}, method {r.method}")
    if r.land_km:   # sea legs: only real crossings (the warnings say where)
        click.echo(f"  over land (1 km raster and Natural Earth 10m agree): {r.land_km:,.1f} km")
    if t is not None:
        for c in t.countries:
            click.echo(f"  country {c.code} ({c.name}): {c.km:,.1f} km")
        if t.outside_km >= 0.05:
            click.echo(f"  outside any country: {t.outside_km:,.1f} km")
        for p in t.passages:
            click.echo(f"  {'inland water' if p.kind == 'inland' else p.kind} {p.name}"
                       + (f": {p.km:,.1f} km" if p.km else f" (passes {p.distance_km:,.0f} km from its point)"))
        for cr in t.crossings:
            click.echo(f"  crosses {crossing_text(cr)}")
        click.echo("  countries: Natural Earth 10m admin-0, German point of view")
    for s in r.snaps:
        click.echo(f"  snap {s.role} {s.place}: {s.distance_km:,.1f} km to {s.network}")
    for w in r.warnings:
        click.echo(f"  warning: {w}")


# ---------------------------------------------------------------- map (briefing map)

MAP_FORMATS = (".html", ".htm", ".png", ".svg", ".pdf")


def _briefing_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check ``--date`` is a real YYYY-MM-DD day."""
    if value is None:
        return None
    import datetime as dt
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter(f"{value!r} is not YYYY-MM-DD; give e.g. 2023-10-14")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a real calendar date; give e.g. 2023-10-14") from None
    return value


@cli.command("map")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="OUT.html|.png|.svg|.pdf",
              help="The map to write (kind chosen by extension); written atomically.")
@click.option("--banner", metavar="TEXT", help='A marking line at the top and bottom, e.g. "UNCLASSIFIED // FOR BRIEFING".')
@click.option("--tiles", metavar="NAME", help="HTML only: add online tiles (xyzservices name, e.g. OpenStreetMap, "
              "CartoDB.Positron). Without it the page makes no network request.")
@click.option("--date", "briefing_date", metavar="YYYY-MM-DD", callback=_briefing_date,
              help="Briefing date for the title block (default: the case's latest reported date).")
@click.option("--extent", metavar="W,S,E,N", help="PNG/SVG/PDF only: the view in degrees, e.g. 125,38,136,46 "
              "(west > east crosses ±180°); default: the whole case.")
@click.option("--no-inset", is_flag=True, help="PNG/SVG/PDF only: no zoomed inset for a dense cluster of places.")
@click.option("--tracks", "tracks_file", type=click.Path(dir_okay=False), metavar="AIS_FILE",
              help="HTML only: draw observed AIS tracks from this file (any `routemap tracks` input) beside the legs.")
@gazetteer_option
@force_option
def map_cmd(case_path: str, output: str, banner: str | None, tiles: str | None, briefing_date: str | None,
            extent: str | None, no_inset: bool, tracks_file: str | None,
            gazetteer_files: tuple[str, ...]) -> None:
    """Draw a case as an offline briefing map (HTML) or a static image (PNG, SVG, PDF).

    The HTML is one self-contained file (Leaflet inlined, Natural Earth basemap,
    a layer per shipment, popups with dates and sources, claims panel, time
    slider, measure tool); the same case gives a byte-identical file.

    \b
    Examples:
      routemap map case.yaml -o briefing.html --banner "UNCLASSIFIED // FOR BRIEFING"
      routemap map case.yaml -o briefing.png
      routemap map case.yaml -o korea.png --extent 124,37,135,46
    """
    import os

    from geodata.atomic import check_writable
    from geodata.errors import InputError

    ext = os.path.splitext(output)[1].lower()
    if ext not in MAP_FORMATS:
        raise InputError(f"{output}: unknown map format {ext or '(no extension)'!r}; use .html, .png, .svg or .pdf")
    if tiles and ext not in (".html", ".htm"):
        raise InputError(f"--tiles {tiles!r} applies to HTML maps only; drop it or write a .html file")
    if (extent or no_inset) and ext in (".html", ".htm"):
        raise InputError(f"--extent and --no-inset apply to PNG, SVG and PDF maps only; drop them or write {output} "
                         "as .png")
    view = None
    if extent:
        from maps.static import parse_extent

        view = parse_extent(extent)
    if tracks_file and ext not in (".html", ".htm"):
        raise InputError(f"--tracks {tracks_file!r} applies to HTML maps only; write a .html file")
    check_writable(output, inputs=(case_path,))
    if tiles:
        from maps.briefing import tile_layer

        tile_layer(tiles)  # fail on a bad name before the slow work
    from routes.casefile import load_case
    from routes.checks import check_case
    from routes.model import Analysis
    from routes.routing import route_case

    gz = _gazetteer_with(gazetteer_files)  # one gazetteer for the legs and the claims
    case = load_case(case_path, gazetteer=gz)
    routes = route_case(case, progress=True)
    verdicts = check_case(case, routes, gazetteer=gz)
    analysis = Analysis(case=case, routes=tuple(routes), verdicts=tuple(verdicts))
    if ext in (".html", ".htm"):
        from maps.briefing import write_html

        observed = None
        if tracks_file:
            from routes.tracks.engine import run_memory

            observed = run_memory(tracks_file, want_tracks=True)
        write_html(analysis, output, banner=banner, tiles=tiles, briefing_date=briefing_date, tracks=observed)
    else:
        from maps.static import render_static

        render_static(analysis, output, banner=banner, extent=view, inset=not no_inset)
    click.echo(f"wrote {output} ({os.path.getsize(output):,} bytes; {sum(len(s.legs) for s in case.shipments)} legs)", err=True)


# ---------------------------------------------------------------- export, import (exports)

@cli.command("export")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_path", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Output file: .geojson/.json, .gpkg, .kml or .csv (written atomically).")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "kml", "csv"]), default=None,
              help="Format, when the extension does not say.")
@click.option("--precision", type=click.IntRange(0, 15), default=6, show_default=True,
              help="Decimals of written coordinates (6 is about 0.1 m; GeoPackage keeps full precision).")
@click.option("--no-claims", is_flag=True, help="Leave out the checks (claims and leg plausibility).")
@gazetteer_option
@force_option
def export_cmd(case_path: str, out_path: str, fmt: str | None, precision: int, no_claims: bool,
               gazetteer_files: tuple[str, ...]) -> None:
    """Export a case's routed legs, places and checked claims for GIS tools.

    GeoJSON (RFC 7946), GeoPackage (layers places, legs, shipments, claims),
    KML for Google Earth (a folder per shipment, time spans) or CSV (one row
    per leg with WKT, plus X.csvt column types and X.checks.csv with every check).

    Example: routemap export case.yaml -o case.gpkg
    """
    from geodata.atomic import check_writable
    from maps.export import export, format_for
    from routes.analysis import load_and_analyze

    format_for(out_path, fmt)                 # a bad extension fails before any routing
    check_writable(out_path, inputs=(case_path,))
    analysis = load_and_analyze(case_path, gazetteer_files=gazetteer_files)
    path = export(analysis, out_path, fmt=fmt, precision=precision, include_claims=not no_claims)
    n_legs = sum(len(s.legs) for s in analysis.case.shipments)
    click.echo(f"wrote {path} ({format_for(path, fmt)}: {len(analysis.case.shipments)} shipments, {n_legs} legs)")


@cli.command("import")
@click.argument("gis_path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_path", required=True, type=click.Path(dir_okay=False), metavar="CASE.yaml",
              help="Case file to write (version 1 YAML, written atomically).")
@force_option
def import_cmd(gis_path: str, out_path: str) -> None:
    """Turn legs drawn or edited in a GIS (.geojson, .gpkg, .csv) back into a case file.

    Reads the legs layer written by `routemap export` (shipment_id, leg_index,
    from_name, to_name, mode, dates, … and a line); each line becomes the
    leg's explicit path.

    Example: routemap import edited.gpkg -o case.yaml
    """
    from routes.gisimport import import_to_yaml

    case = import_to_yaml(gis_path, out_path, progress=True)
    n_legs = sum(len(s.legs) for s in case.shipments)
    click.echo(f"wrote {out_path} ({len(case.shipments)} shipments, {n_legs} legs)")


# ---------------------------------------------------------------- build, demo (the main job)

def _build_and_report(case_path: str, out_dir: str, gazetteer_files: tuple[str, ...], banner: str | None,
                      as_json: bool, strict: bool, jobs: int | None = None) -> int:
    """Load, route, check and write the briefing folder; print a one-screen summary."""
    from maps.build import FILES, build, check_out_dir
    from routes.analysis import load_and_analyze

    check_out_dir(out_dir)
    analysis = load_and_analyze(case_path, gazetteer_files=gazetteer_files, progress=not as_json, jobs=jobs)
    result = build(analysis, out_dir, banner=banner, progress=not as_json)
    counts: dict[str, int] = {}
    for v in analysis.verdicts:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    km_by_mode: dict[str, float] = {}
    for r in analysis.routes:
        km_by_mode[r.mode] = km_by_mode.get(r.mode, 0.0) + r.length_km
    warnings = [f"{r.key}: {w}" for r in analysis.routes for w in r.warnings]
    failed = [v for v in analysis.verdicts if v.verdict == "inconsistent"]
    if as_json:
        echo_json({
            "case": case_path, "title": analysis.case.title, "out": str(result.folder),
            "files": [{"name": n, "bytes": b} for n, b in result.files],
            "shipments": len(analysis.case.shipments), "legs": len(analysis.routes),
            "km_by_mode": {k: round(v, 1) for k, v in sorted(km_by_mode.items())},
            "verdicts": counts, "warnings": warnings,
        })
    else:
        click.echo(f"{analysis.case.title}")
        click.echo(f"  {len(analysis.case.shipments)} shipments, {len(analysis.routes)} legs: "
                   + ", ".join(f"{m} {km:,.0f} km" for m, km in sorted(km_by_mode.items())))
        click.echo("  checks: " + (", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"))
        for v in failed:
            click.echo(f"    inconsistent: {v.claim_id}: claimed {v.claimed}, computed {v.computed}")
        if warnings:
            click.echo(f"  {len(warnings)} routing warnings (see checks.md and the map popups)")
        click.echo(f"wrote {result.folder}/")
        described = dict(FILES)
        for name, size in result.files:
            click.echo(f"  {name:<14} {size / 1024:>9,.0f} KiB  {described.get(name, '')}")
    return EXIT_CHECKS_FAILED if strict and failed else EXIT_OK


@cli.command("build")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Briefing folder to write (replaced atomically).")
@click.option("--banner", default=None, help='Marking line for the map, e.g. "UNCLASSIFIED // FOR BRIEFING".')
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default="0: every core, at most 8",
              help="Processes routing legs in parallel (the outputs are the same for any number).")
@gazetteer_option
@json_option
@strict_option
@force_option
@click.pass_context
def build_cmd(ctx: click.Context, case_path: str, out_dir: str, banner: str | None, jobs: int,
              gazetteer_files: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """Write a briefing folder for a case: map, picture, exports and checks.

    Writes briefing.html (offline map), briefing.png, case.geojson, case.gpkg,
    case.kml, legs.csv and checks.md into DIR, all at once: an interrupted
    build leaves the previous folder intact.

    Example: routemap build case.yaml --out briefing/
    """
    ctx.exit(_build_and_report(case_path, out_dir, gazetteer_files, banner, as_json, strict, jobs or None))


@cli.command("demo")
@click.option("--out", "out_dir", default="routemap-demo", show_default=True, type=click.Path(file_okay=False),
              help="Briefing folder to write.")
@click.option("--banner", default="UNCLASSIFIED // DEMO FROM OPEN SOURCES", show_default=True, help="Marking line for the map.")
@json_option
@force_option
@click.pass_context
def demo_cmd(ctx: click.Context, out_dir: str, banner: str, as_json: bool) -> None:
    """Build the bundled demo case (from the project's source reporting).

    Example: routemap demo --out routemap-demo/
    """
    from routes.analysis import demo_case_path

    ctx.exit(_build_and_report(str(demo_case_path()), out_dir, (), banner, as_json, False))


# ---------------------------------------------------------------- tracks (observed positions; body in routes/tracks/cli.py)

from routes.tracks.cli import tracks_cmd  # noqa: E402  (click only; the command imports pandas/dask/pyais lazily)

cli.add_command(tracks_cmd)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``routemap`` console script; returns the exit code."""
    try:
        cli.main(args=argv, prog_name="routemap", standalone_mode=True)
    except SystemExit as e:
        return int(e.code or 0) if not isinstance(e.code, str) else EXIT_INPUT
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
