"""``routemap tracks FILE``: observed positions (AIS, GPS) read into tracks, dark periods, port calls and meetings.

The engines live in ``routes.tracks``; heavy libraries (pandas, dask, pyais)
and the ``maps`` writers are imported inside the command only.
"""
from __future__ import annotations

import os

import click

from routes.cli.output import echo_json

OUTPUT_KINDS = (".json", ".geojson", ".gpkg")


@click.command("tracks")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--columns", metavar="id=…,time=…,lat=…,lon=…",
              help="Column names in a CSV/Parquet file that is not in a NOAA layout (optional: sog=…, name=…, imo=…).")
@click.option("--engine", type=click.Choice(["memory", "dask"]), default="memory", show_default=True,
              help="memory: pandas/numpy in this process; dask: partitioned by vessel on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: an existing Dask scheduler, "
              "e.g. tcp://10.0.0.5:8786 (default: start a local cluster).")
@click.option("--workers", type=click.IntRange(min=1),
              help="With --engine dask and no --scheduler: local worker processes.")
@click.option("--dark-hours", type=click.FloatRange(min=0, min_open=True), default=6.0, show_default=True,
              help="A gap between reports longer than this is a dark period (hours).")
@click.option("--max-speed", "jump_kn", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="A fix implying more than this from the last good fix is a jump (knots).")
@click.option("--meet-distance", "meet_m", type=click.FloatRange(min=0, min_open=True), default=500.0,
              show_default=True, help="Two slow vessels closer than this are meeting (metres).")
@click.option("--port-radius", "port_km", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="A stop this close to a UN/LOCODE port is a port call (km).")
@click.option("--json", "as_json", is_flag=True, help='Print {"vessels": [...], "events": [...]} as JSON.')
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="OUT.json|.geojson|.gpkg",
              help="Write the JSON, or the tracks, dark gaps and events as GeoJSON/GeoPackage layers.")
@click.option("--strict", is_flag=True, help="Exit 2 on the first malformed row instead of counting it.")
@click.option("--max-invalid", type=click.FloatRange(min=0, max=1), default=0.01, show_default=True,
              help="Fail when more than this fraction of rows is malformed (rows without a position never count).")
@click.option("--case", "case_path", type=click.Path(dir_okay=False), metavar="CASE",
              help="Match vessels to the case's legs (carrier_mmsi, carrier_imo or carrier name); check their dates.")
@click.option("--chunk-rows", type=click.IntRange(min=1), default=500_000, show_default=True,
              help="Rows read at a time (bounds the memory used for parsing).")
def tracks_cmd(file: str, columns: str | None, engine: str, scheduler: str | None, workers: int | None,
               dark_hours: float, jump_kn: float, meet_m: float, port_km: float, as_json: bool, output: str | None,
               strict: bool, max_invalid: float, case_path: str | None, chunk_rows: int) -> None:
    """Read AIS/GPS position reports and find dark periods, port calls, ship-to-ship meetings and jumps.

    FILE is a NOAA MarineCadastre CSV (legacy or 2024 columns), a (Geo)Parquet
    file, any CSV with --columns, a GPX file or raw NMEA AIS sentences. Prints
    one row per vessel; --json prints the vessels and every event with its
    times (ISO 8601 UTC) and the figures behind it.

    \b
    Examples:
      routemap tracks AIS_2023_09_12.csv --json
      routemap tracks export.csv --columns id=ship,time=ts,lat=y,lon=x -o tracks.geojson
      routemap tracks big.parquet --engine dask --scheduler tcp://10.0.0.5:8786
      routemap tracks AIS_2023_09.csv --case case.yaml
    """
    from geodata.base.errors import InputError

    from routes.tracks.readers import parse_columns

    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    ext = os.path.splitext(output)[1].lower() if output else ""
    if output:
        from geodata.base.atomic import check_writable

        if ext not in OUTPUT_KINDS:
            raise InputError(f"{output}: unknown output kind {ext or '(no extension)'!r}; use .json, .geojson or .gpkg")
        check_writable(output, inputs=(file,))
    if not os.path.isfile(file):
        raise InputError(f"{file}: no such file")
    case = None
    if case_path:
        from routes.casefile import load_case

        case = load_case(case_path)   # before the slow part, so a bad case file fails fast
    from routes.tracks.events import Thresholds

    th = Thresholds(dark_hours=dark_hours, jump_kn=jump_kn, meet_m=meet_m, port_km=port_km)
    want_tracks = ext in (".geojson", ".gpkg")
    spec = parse_columns(columns)
    if engine == "dask":
        from routes.tracks.engine_dask import run_dask

        res = run_dask(file, th=th, columns=spec, strict=strict, max_invalid=max_invalid, want_tracks=want_tracks,
                       scheduler=scheduler, workers=workers, chunk_rows=chunk_rows)
    else:
        from routes.tracks.engine import run_memory

        res = run_memory(file, th=th, columns=spec, strict=strict, max_invalid=max_invalid, want_tracks=want_tracks,
                         chunk_rows=chunk_rows)
    from routes.tracks.report import summary_rows, to_dict

    data = to_dict(res)
    if case is not None:
        from routes.tracks.case import case_report

        data["legs"] = case_report(res, case)
    if output:
        _write(res, data, output, ext)
    if as_json:
        echo_json(data)
        return
    rows = summary_rows(res)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    st = res.stats
    counts = {k: int((res.events["kind"] == k).sum()) for k in ("dark", "port_call", "meeting", "jump")}
    click.echo(f"\n{st.rows:,} rows ({st.fmt}): {st.rows - st.missing - st.invalid:,} used, {st.missing:,} without "
               f"a position, {st.invalid:,} malformed; events: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for p in st.problems:
        click.echo(f"  skipped: {p}")
    for leg in data.get("legs", []):
        click.echo(f"leg {leg['leg']} ({leg['label']}): {leg['summary']}")
    click.echo(f"engine {res.engine}; thresholds: dark > {th.dark_hours:g} h, jump > {th.jump_kn:g} kn, meeting "
               f"< {th.meet_m:g} m for >= {th.meet_hours:g} h, port call within {th.port_km:g} km; --json for details")


def _write(res: object, data: dict, output: str, ext: str) -> None:
    """Write the JSON or the GIS layers; say what was written on stderr."""
    if ext == ".json":
        import json

        from geodata.base.atomic import atomic_write

        with atomic_write(output) as f:
            f.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    elif ext == ".geojson":
        from maps.tracks import write_tracks_geojson

        write_tracks_geojson(res, output)  # type: ignore[arg-type]
    else:
        from maps.tracks import write_tracks_gpkg

        write_tracks_gpkg(res, output)  # type: ignore[arg-type]
    click.echo(f"wrote {output} ({os.path.getsize(output):,} bytes)", err=True)
