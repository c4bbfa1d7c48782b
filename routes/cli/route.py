"""``routemap route``: one route over the sea, rail or road network, with its countries, passages and warnings."""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from routes.cli.options import gazetteer_opt, json_opt, spacing_opt
from routes.cli.output import echo_json
from routes.cli.places import COORD_ARGS, resolve_queries

if TYPE_CHECKING:
    from routes.routed import Route


@click.command("route", context_settings=COORD_ARGS)
@click.argument("origin", metavar="FROM")
@click.argument("destination", metavar="TO")
@click.option("--mode", type=click.Choice(["sea", "rail", "road", "geodesic", "air"]), default="geodesic",
              show_default=True, help="Network to follow; geodesic and air draw the WGS84 geodesic.")
@click.option("--via", "via", multiple=True, metavar="PLACE", help="Force the route through this place. Repeatable.")
@spacing_opt
@click.option("--avoid", metavar="CC,...", default="",
              help="Route around these countries (ISO codes) or, by sea, passages (e.g. 'Suez Canal').")
@click.option("--stay-in", "stay_in", metavar="CC,...", default="", help="Keep the route inside these countries.")
@json_opt
@gazetteer_opt
def route_cmd(origin: str, destination: str, mode: str, via: tuple[str, ...], spacing_km: float, avoid: str,
              stay_in: str, as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """Route FROM to TO over the sea, rail or road network and print length, method, snaps and warnings.

    Places are gazetteer names or 'lat,lon' coordinates. Example:

        routemap route Najin Dunay --mode sea
    """
    from routes.routing import route_points, route_to_dict
    from routes.transit import annotate, route_avoid

    # the names are each other's context (Nome after Anchorage is Nome, Alaska); sea legs prefer ports
    restriction = route_avoid(avoid, stay_in)
    points, resolution = resolve_queries((origin, *via, destination), gazetteer_files, mode=mode)
    r = route_points(points, "unknown" if mode == "geodesic" else mode, spacing_km=spacing_km, avoid=restriction)
    r = annotate(r, ends=(points[0].country, points[-1].country), avoid=restriction)
    if as_json:
        data = route_to_dict(r)
        data["mode"] = mode
        data["points"] = [{"name": p.name, "lat": p.lat, "lon": p.lon} for p in points]
        data["resolution"] = resolution
        echo_json(data)
        return
    click.echo(f"{' → '.join(p.name for p in points)}: {_length_text(r, mode)}, method {r.method}")
    _print_details(r)


def _length_text(r: Route, mode: str) -> str:
    """The length and how it was travelled, e.g. ``1,234.5 km (666.6 nmi) by sea`` (inland water named when used)."""
    length = f"{r.length_km:,.1f} km" + (f" ({r.length_km / 1.852:,.1f} nmi)" if mode == "sea" else "")
    t = r.transit
    how = mode
    if mode == "sea" and t is not None and t.inland_km > 0:
        big = t.inland_km >= 0.1 * r.length_km
        how = "sea and inland water" if big else f"sea ({t.inland_km:,.0f} km inland water)"
    return f"{length} by {how}"


def _print_details(r: Route) -> None:
    """The indented lines under the summary: land, countries, passages, crossings, snaps, warnings."""
    from routes.transit import crossing_text

    if r.land_km:   # sea legs: only real crossings (the warnings say where)
        click.echo(f"  over land (1 km raster and Natural Earth 10m agree): {r.land_km:,.1f} km")
    t = r.transit
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
