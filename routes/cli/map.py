"""``routemap map``: a case drawn as an offline briefing map (HTML) or a static image (PNG, SVG, PDF)."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from routes.cli.options import force_opt, gazetteer_opt
from routes.cli.places import gazetteer_with

if TYPE_CHECKING:
    from maps.static import Extent

MAP_FORMATS = (".html", ".htm", ".png", ".svg", ".pdf")
HTML_FORMATS = (".html", ".htm")


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


@click.command("map")
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
@gazetteer_opt
@force_opt
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
    from geodata.base.atomic import check_writable

    ext = os.path.splitext(output)[1].lower()
    view = _check_map_options(output, ext, tiles, extent, no_inset, tracks_file)
    check_writable(output, inputs=(case_path,))
    if tiles:
        from maps.briefing import tile_layer

        tile_layer(tiles)  # fail on a bad name before the slow work
    from routes.analysis import analyze
    from routes.casefile import load_case

    gz = gazetteer_with(gazetteer_files)  # one gazetteer for the legs and the claims
    case = load_case(case_path, gazetteer=gz)
    analysis = analyze(case, gazetteer=gz, progress=True)   # the one path: load_case -> analyze -> Analysis
    if ext in HTML_FORMATS:
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


def _check_map_options(output: str, ext: str, tiles: str | None, extent: str | None, no_inset: bool,
                       tracks_file: str | None) -> Extent | None:
    """Refuse options that do not fit the output's kind (exit 2); return the parsed ``--extent``, if any."""
    from geodata.base.errors import InputError

    if ext not in MAP_FORMATS:
        raise InputError(f"{output}: unknown map format {ext or '(no extension)'!r}; use .html, .png, .svg or .pdf")
    if tiles and ext not in HTML_FORMATS:
        raise InputError(f"--tiles {tiles!r} applies to HTML maps only; drop it or write a .html file")
    if (extent or no_inset) and ext in HTML_FORMATS:
        raise InputError(f"--extent and --no-inset apply to PNG, SVG and PDF maps only; drop them or write {output} "
                         "as .png")
    view = None
    if extent:
        from maps.static import parse_extent

        view = parse_extent(extent)
    if tracks_file and ext not in HTML_FORMATS:
        raise InputError(f"--tracks {tracks_file!r} applies to HTML maps only; write a .html file")
    return view
