"""A GIS file's features read with GDAL (pyogrio) for :mod:`routes.gisimport`: its layers, rows and lines,
reprojected to WGS84 lon/lat, with no side files written beside the input.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from geodata.base.errors import InputError

LonLat = tuple[float, float]


@dataclass
class Rows:
    """Columns and rows of one layer: dicts of cell values plus the geometry (shapely or None)."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    geoms: list[Any] = field(default_factory=list)


def read_rows(path: Path, layer: str | None) -> Rows:
    import pyogrio.raw
    import shapely

    kwargs: dict[str, Any] = {}
    if path.suffix.lower() == ".csv":
        kwargs = {"GEOM_POSSIBLE_NAMES": "WKT,wkt,geometry", "KEEP_GEOM_COLUMNS": "NO"}   # GDAL open options
    elif path.suffix.lower() in (".geojson", ".json"):
        kwargs = {"DATE_AS_STRING": "YES"}   # keep "2023-09-12T06:00+09:00" as written
    _no_side_files()
    try:
        meta, _, wkb, data = pyogrio.raw.read(str(path), layer=layer, **kwargs)
    except Exception as e:  # pyogrio raises its own DataSourceError etc.
        raise InputError(f"{path}: GDAL cannot read this file ({e}); export it again as GeoJSON, GeoPackage or CSV") from None
    cols = [str(c) for c in meta["fields"]]
    geoms = list(shapely.from_wkb(wkb)) if wkb is not None else [None] * (len(data[0]) if data else 0)
    geoms = _to_wgs84(geoms, meta.get("crs"), path)
    n = len(geoms)
    rows = [{c: data[j][i] for j, c in enumerate(cols)} for i in range(n)]
    return Rows(cols, rows, geoms)


def _no_side_files() -> None:
    """Keep GDAL from writing ``.aux.xml`` files beside the input."""
    import pyogrio

    pyogrio.set_gdal_config_options({"GDAL_PAM_ENABLED": "NO"})


def _to_wgs84(geoms: list[Any], crs: Any, path: Path) -> list[Any]:
    """The geometries in WGS84 lon/lat: reprojected when the layer has another CRS (none: taken as WGS84)."""
    if not crs:
        return geoms
    import pyproj
    import shapely

    try:
        src = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as e:
        raise InputError(f"{path}: the layer's CRS {crs!r} is not understood ({e}); save it in EPSG:4326") from None
    wgs84 = pyproj.CRS.from_epsg(4326)
    if src.equals(wgs84, ignore_axis_order=True) or src.equals(pyproj.CRS("OGC:CRS84")):
        return geoms
    t = pyproj.Transformer.from_crs(src, wgs84, always_xy=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return [None if g is None else shapely.transform(g, lambda xy: _stack(*t.transform(xy[:, 0], xy[:, 1])))
                for g in geoms]


def _stack(x: Any, y: Any) -> Any:
    import numpy as np

    return np.column_stack([x, y])


def bad_vertex(coords: Sequence[LonLat]) -> str | None:
    """Why a line's vertices are not WGS84 lon/lat (a NaN, or out of range), or None."""
    for k, (lon, lat) in enumerate(coords, 1):
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return f"vertex {k} is not a number (lon {lon}, lat {lat})"
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            return (f"vertex {k} at lon {lon:g}, lat {lat:g} is out of range (lon -180..180, lat -90..90); "
                    "is the layer in a projected CRS without its .prj or CRS?")
    return None


def layer_names(path: Path) -> list[str]:
    import pyogrio

    _no_side_files()
    try:
        return [str(name) for name, _ in pyogrio.list_layers(str(path))]
    except Exception as e:
        raise InputError(f"{path}: GDAL cannot open this file ({e}); export it again as GeoJSON, GeoPackage or CSV") from None


def line_coords(geom: Any) -> list[LonLat] | None:
    """A line's (lon, lat) vertices; a MultiLineString's parts joined, undoing a cut at ±180°."""
    if geom is None or geom.is_empty:
        return None
    gt = geom.geom_type
    if gt == "LineString":
        parts = [list(geom.coords)]
    elif gt == "MultiLineString":
        parts = [list(g.coords) for g in geom.geoms]
    else:
        return None
    out: list[LonLat] = []
    for part in parts:
        pts = [(float(c[0]), float(c[1])) for c in part]
        if out and pts:
            a, b = out[-1], pts[0]
            if abs(a[0]) == 180.0 and a[0] == -b[0] and abs(a[1] - b[1]) < 1e-6:
                out.pop()         # the two ends of an antimeridian cut: the original line had no vertex there
                pts = pts[1:]
            elif a == b:
                pts = pts[1:]
        out.extend(pts)
    return out if len(out) >= 2 else None
