"""``routemap distance``: geodesic distance between places, to a border or file, along a case, or in batch.

The command checks that one mode was chosen and hands it to a function of its
own: :func:`_between` (two or more places), :func:`_to_outline` (``--to-border``,
``--to-file``), :func:`_along_case` (``--case``) and :func:`_pairs` (``--pairs``).
"""
from __future__ import annotations

import sys
from typing import Any, Callable

import click

from routes.cli.options import force_opt, gazetteer_opt, json_opt, threads_opt, units_opt
from routes.cli.output import echo_json
from routes.cli.places import COORD_ARGS, gazetteer_with, resolve_queries


@click.command("distance", context_settings=COORD_ARGS)
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
@threads_opt
@units_opt
@json_opt
@gazetteer_opt
@force_opt
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

    chosen = [n for n, v in (("--to-border", border), ("--to-file", geo_file), ("--case", case_path), ("--pairs", pairs)) if v]
    if len(chosen) > 1:
        raise click.UsageError(f"use only one of {', '.join(chosen)}")
    if pairs:
        _pairs(pairs, output, places, units=units, threads=threads, skip_bad=skip_bad, as_json=as_json,
               gazetteer_files=gazetteer_files)
    elif case_path:
        _along_case(case_path, shipment, leg, places, units=units, as_json=as_json, gazetteer_files=gazetteer_files)
    elif shipment or leg:
        raise click.UsageError("--shipment and --leg go with --case CASE.yaml")
    elif border:
        _to_outline("--to-border", lambda p: dist.to_border(p, border, units=units), places, units=units,
                    as_json=as_json, gazetteer_files=gazetteer_files)
    elif geo_file:
        _to_outline("--to-file", lambda p: dist.to_file(p, geo_file, units=units), places, units=units,
                    as_json=as_json, gazetteer_files=gazetteer_files)
    else:
        _between(places, units=units, as_json=as_json, gazetteer_files=gazetteer_files)


def _between(places: tuple[str, ...], *, units: str, as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """``distance A B [C …]``: each consecutive pair's distance and bearings, and the total."""
    from routes import distance as dist
    from geodata.base.geodesy import METHOD

    if len(places) < 2:
        raise click.UsageError("give at least two places (names or \"lat,lon\"), or use --to-border, --to-file, --case or --pairs")
    points, resolution = resolve_queries(places, gazetteer_files)
    dres = dist.distance(points, units=units)
    if as_json:
        echo_json({**dres.to_dict(), "resolution": resolution})
        return
    for dl in dres.legs:
        if dl.distance_m == 0.0:
            click.echo(f"{dl.origin.name} → {dl.destination.name}: 0 {units}; the same place, so no bearing")
            continue
        ini = ("no initial bearing (from a pole)" if dl.initial_bearing is None
               else f"initial bearing {dl.initial_bearing:.1f}° ({dl.initial_compass})")
        fin = "no final bearing (at a pole)" if dl.final_bearing is None else f"final {dl.final_bearing:.1f}° ({dl.final_compass})"
        click.echo(f"{dl.origin.name} → {dl.destination.name}: {dl.distance:,.1f} {units}; {ini}, {fin}; "
                   f"midpoint {dl.midpoint[1]:.4f},{dl.midpoint[0]:.4f}")
    if len(dres.legs) > 1:
        click.echo(f"total: {dres.total:,.1f} {units}")
    click.echo(f"method: {METHOD}; coordinates lat,lon")


def _to_outline(flag: str, measure: Callable[[Any], Any], places: tuple[str, ...], *, units: str, as_json: bool,
                gazetteer_files: tuple[str, ...]) -> None:
    """``distance PLACE --to-border CC`` / ``--to-file FILE``: from one place to the nearest boundary point.

    ``measure`` is the :mod:`routes.distance` function for ``flag``, given the resolved place.
    """
    if len(places) != 1:
        raise click.UsageError(f"{flag} measures from exactly one PLACE (got {len(places)})")
    (p,), _ = resolve_queries(places, gazetteer_files)
    bres = measure(p)
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


def _along_case(case_path: str, shipment: str | None, leg: int | None, places: tuple[str, ...], *, units: str,
                as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """``distance --case CASE --shipment ID [--leg N]``: each leg's routed and straight-line length, and the total."""
    from routes.alongroute import along_route
    from routes.casefile import load_case
    from geodata.base.geodesy import METHOD, convert

    if places or not shipment:
        raise click.UsageError("--case needs --shipment ID and no PLACE arguments")
    case = load_case(case_path, gazetteer=gazetteer_with(gazetteer_files))
    res = along_route(case, shipment, leg=leg, units=units)
    if as_json:
        echo_json(res.to_dict())
        return
    for lg in res.legs:
        click.echo(f"{lg.key:<24} {lg.label}  [{lg.mode}]")
        click.echo(f"{'':<24} {convert(lg.length_km * 1000, units):,.1f} {units} along {lg.method}; "
                   f"straight line {convert(lg.geodesic_km * 1000, units):,.1f} {units}")
        for w in lg.warnings:
            click.echo(f"{'':<24} note: {w}")
    click.echo(f"total {res.total:,.1f} {units} along the routes (marnet sea lanes, OSM-derived rail/road graphs; straight lines: {METHOD})")


def _pairs(pairs: str, output: str | None, places: tuple[str, ...], *, units: str, threads: int | None,
           skip_bad: bool, as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """``distance --pairs PAIRS.csv -o OUT.csv``: every row's distance and bearings, written to a CSV."""
    from routes.distbatch import batch
    from geodata.base.geodesy import METHOD

    if places:
        raise click.UsageError("--pairs takes no PLACE arguments; the pairs come from the CSV")
    if not output:
        raise click.UsageError("--pairs needs -o OUT.csv")
    stats = batch(pairs, output, units=units, gazetteer=gazetteer_with(gazetteer_files), threads=threads,
                  skip_bad=skip_bad, progress=sys.stderr.isatty())
    for p in stats.problems:
        click.echo(f"routemap: skipped {p}", err=True)
    if as_json:
        echo_json(stats.to_dict())
    else:
        click.echo(f"{stats.written} pairs written to {stats.output} (distance_{units}, bearings in degrees), "
                   f"{stats.skipped} bad rows skipped; {stats.seconds:.2f} s")
        click.echo(f"method: {METHOD}")
