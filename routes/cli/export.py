"""``routemap export`` (a case's legs, places and checks for GIS tools) and ``routemap import`` (legs back)."""
from __future__ import annotations

import click

from routes.cli.options import force_opt, gazetteer_opt


@click.command("export")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_path", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Output file: .geojson/.json, .gpkg, .kml or .csv (written atomically).")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "kml", "csv"]), default=None,
              help="Format, when the extension does not say.")
@click.option("--precision", type=click.IntRange(0, 15), default=6, show_default=True,
              help="Decimals of written coordinates (6 is about 0.1 m; GeoPackage keeps full precision).")
@click.option("--no-claims", is_flag=True, help="Leave out the checks (claims and leg plausibility).")
@gazetteer_opt
@force_opt
def export_cmd(case_path: str, out_path: str, fmt: str | None, precision: int, no_claims: bool,
               gazetteer_files: tuple[str, ...]) -> None:
    """Export a case's routed legs, places and checked claims for GIS tools.

    GeoJSON (RFC 7946), GeoPackage (layers places, legs, shipments, claims),
    KML for Google Earth (a folder per shipment, time spans) or CSV (one row
    per leg with WKT, plus X.csvt column types and X.checks.csv with every check).

    Example: routemap export case.yaml -o case.gpkg
    """
    from geodata.base.atomic import check_writable
    from maps.export import export, format_for
    from routes.analysis import load_and_analyze

    format_for(out_path, fmt)                 # a bad extension fails before any routing
    check_writable(out_path, inputs=(case_path,))
    analysis = load_and_analyze(case_path, gazetteer_files=gazetteer_files)
    path = export(analysis, out_path, fmt=fmt, precision=precision, include_claims=not no_claims)
    n_legs = sum(len(s.legs) for s in analysis.case.shipments)
    click.echo(f"wrote {path} ({format_for(path, fmt)}: {len(analysis.case.shipments)} shipments, {n_legs} legs)")


@click.command("import")
@click.argument("gis_path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_path", required=True, type=click.Path(dir_okay=False), metavar="CASE.yaml",
              help="Case file to write (version 1 YAML, written atomically).")
@force_opt
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
