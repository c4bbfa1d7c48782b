"""Geodesic distance from a point to a country's boundary or to any GeoJSON line/polygon.

Method: the boundary's vertices are projected into an azimuthal-equidistant
projection centred on the point (``+proj=aeqd``, ellipsoidal, so a vertex's
distance from the centre is its exact geodesic distance); the segments nearest
the centre in that plane are the candidates; each candidate segment, taken as
the geodesic between its two vertices, is then searched for its nearest point
and measured on the WGS84 ellipsoid with ``pyproj.Geod`` (Karney's algorithm).
``geodata`` may not import ``routes``, so this module keeps its own
``Geod(ellps="WGS84")`` — the same ellipsoid as ``geodata.base.geodesy.GEOD``.

A point inside a polygon has distance 0 and ``inside=True`` (the distance to
the boundary is still given as ``boundary_m``). Country outlines include
coastlines, so "distance to UA" is the distance to the nearest point of
Ukrainian territory, land border or coast, as drawn in Natural Earth 10m
admin-0, German point of view (:data:`geodata.naturalearth.DATASET`).
Artificial edges along ±180° (where Natural Earth cuts polygons at the
antimeridian) are not boundary and are skipped.

Coordinates are (lon, lat) in degrees; distances in metres.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

from .base.errors import InputError

#: The method text every figure from this module carries.
METHOD = ("WGS84 geodesic (pyproj Geod, Karney 2013) to the nearest boundary point; "
          "candidates from an azimuthal-equidistant projection centred on the place")
_CANDIDATE_MARGIN_M = 2000.0     # extra slack when keeping candidate segments (planar → geodesic)
_CANDIDATE_FACTOR = 1.02


def _geod() -> Any:
    """The project's one ellipsoid (``geodata.base.geodesy.GEOD``)."""
    from .base.geodesy import GEOD

    return GEOD


@dataclass(frozen=True)
class BoundaryDistance:
    """Distance from a point to a boundary. ``distance_m`` is 0 when the point is inside."""

    lon: float
    lat: float
    distance_m: float
    boundary_m: float                 # distance to the nearest boundary point, inside or not
    inside: bool
    nearest: tuple[float, float]      # (lon, lat) of the nearest boundary point
    target: str                       # e.g. "UA (Ukraine)" or the file name
    dataset: str
    method: str = METHOD


def _boundary_segments(geom: Any) -> Any:
    """(n, 4) array of boundary segments lon1, lat1, lon2, lat2 of a shapely geometry."""
    import numpy as np
    import shapely

    parts = []
    for g in shapely.get_parts(geom):
        if g.geom_type in ("Polygon", "MultiPolygon"):
            parts.extend(shapely.get_parts(shapely.boundary(g)))
        elif g.geom_type in ("LineString", "LinearRing", "MultiLineString"):
            parts.extend(shapely.get_parts(g))
        elif g.geom_type in ("Point", "MultiPoint"):
            for p in shapely.get_parts(g):
                parts.append(shapely.LineString([p.coords[0], p.coords[0]]))
        elif g.geom_type == "GeometryCollection":
            parts.append(_boundary_segments(g))
    segs = []
    for p in parts:
        if isinstance(p, np.ndarray):
            segs.append(p)
            continue
        c = shapely.get_coordinates(p)
        if len(c) == 1:
            c = np.vstack([c, c])
        if len(c) >= 2:
            segs.append(np.hstack([c[:-1], c[1:]]))
    if not segs:
        return np.zeros((0, 4))
    s = np.vstack(segs)
    cut = (np.abs(s[:, 0]) >= 179.99999) & (np.abs(s[:, 2]) >= 179.99999) & (np.sign(s[:, 0]) == np.sign(s[:, 2]))
    return s[~cut]


def _nearest_on_geodesic(lon: float, lat: float, seg: Any) -> tuple[float, float, float]:
    """(distance_m, lon, lat) of the point of geodesic segment ``seg`` nearest (lon, lat)."""
    g = _geod()
    lon1, lat1, lon2, lat2 = (float(v) for v in seg)
    az, _, length = g.inv(lon1, lat1, lon2, lat2)

    def at(t: float) -> tuple[float, float, float]:
        if t <= 0.0 or length == 0.0:
            plon, plat = lon1, lat1
        elif t >= 1.0:
            plon, plat = lon2, lat2
        else:
            plon, plat, _ = g.fwd(lon1, lat1, az, length * t)
        return (g.inv(lon, lat, plon, plat)[2], float(plon), float(plat))

    if length == 0.0:
        return at(0.0)
    lo, hi = 0.0, 1.0
    phi = (math.sqrt(5.0) - 1.0) / 2.0
    x1, x2 = hi - phi * (hi - lo), lo + phi * (hi - lo)
    f1, f2 = at(x1)[0], at(x2)[0]
    while (hi - lo) * length > 1e-4:          # 0.1 mm along the segment
        if f1 <= f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - phi * (hi - lo)
            f1 = at(x1)[0]
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + phi * (hi - lo)
            f2 = at(x2)[0]
    return min(at(0.0), at(1.0), at((lo + hi) / 2.0))


def nearest_boundary_point(lon: float, lat: float, segments: Any) -> tuple[float, tuple[float, float]]:
    """(geodesic distance in m, (lon, lat)) of the point of ``segments`` nearest (lon, lat).

    ``segments`` is an (n, 4) array of lon1, lat1, lon2, lat2, each segment a geodesic.
    """
    import numpy as np
    from pyproj import Transformer

    if len(segments) == 0:
        raise InputError("the boundary has no segments to measure to")
    tr = Transformer.from_crs(
        "+proj=longlat +ellps=WGS84 +no_defs",
        f"+proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84 +units=m +no_defs",
        always_xy=True,
    )
    x1, y1 = tr.transform(segments[:, 0], segments[:, 1])
    x2, y2 = tr.transform(segments[:, 2], segments[:, 3])
    x1, y1, x2, y2 = (np.asarray(a, dtype=float) for a in (x1, y1, x2, y2))
    dx, dy = x2 - x1, y2 - y1
    len2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(len2 > 0, -(x1 * dx + y1 * dy) / len2, 0.0)
    t = np.clip(np.nan_to_num(t), 0.0, 1.0)
    d = np.hypot(x1 + t * dx, y1 + t * dy)
    d = np.where(np.isfinite(d), d, np.inf)
    best = float(d.min())
    keep = np.nonzero(d <= best * _CANDIDATE_FACTOR + _CANDIDATE_MARGIN_M)[0]
    if len(keep) > 200:                         # far away: many near-equal candidates
        keep = keep[np.argsort(d[keep])[:200]]
    results = [_nearest_on_geodesic(lon, lat, segments[i]) for i in keep]
    dist, nlon, nlat = min(results)
    return dist, (nlon, nlat)


def distance_to_geometry(lon: float, lat: float, geom: Any, target: str, dataset: str) -> BoundaryDistance:
    """Geodesic distance from (lon, lat) to a shapely geometry in lon/lat (0 inside a polygon)."""
    import shapely

    _check_point(lon, lat)
    inside = bool(shapely.covers(geom, shapely.Point(lon, lat))) and any(
        g.geom_type in ("Polygon", "MultiPolygon") for g in shapely.get_parts(geom))
    dist, nearest = nearest_boundary_point(lon, lat, _boundary_segments(geom))
    return BoundaryDistance(lon, lat, 0.0 if inside else dist, dist, inside, nearest, target, dataset)


def distance_to_country(lon: float, lat: float, code: str) -> BoundaryDistance:
    """Geodesic distance from (lon, lat) to the nearest point of country ``code``'s outline.

    Natural Earth 10m admin-0, German point of view; 0 and ``inside=True`` inside the country.
    """
    from .naturalearth import DATASET, country

    c = country(code)
    return distance_to_geometry(lon, lat, c.geometry, f"{c.iso2 or c.iso3} ({c.name})", DATASET)


def _check_point(lon: float, lat: float) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0 and math.isfinite(lon) and math.isfinite(lat)):
        raise InputError(f"point ({lat}, {lon}) is out of range; latitude -90..90, longitude -180..180")


def load_geojson(path: str | os.PathLike[str]) -> Any:
    """A shapely geometry (lines, polygons, points) from a GeoJSON file; InputError naming the file otherwise."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    from .inputs import load_json

    name = os.fspath(path)
    if not os.path.lexists(name):
        raise InputError(f"{name}: no such file; give a GeoJSON file with lines or polygons")
    data = load_json(name, "GeoJSON file")
    if not isinstance(data, dict) or "type" not in data:
        raise InputError(f"{name}: not GeoJSON (no 'type'); give a Feature, FeatureCollection or geometry")
    if data["type"] == "FeatureCollection":
        raw = [ft.get("geometry") for ft in data.get("features") or [] if isinstance(ft, dict)]
    elif data["type"] == "Feature":
        raw = [data.get("geometry")]
    else:
        raw = [data]
    geoms = []
    for i, g in enumerate(raw, 1):
        if not g:
            continue
        try:
            geom = shape(g)
        except (Exception, RecursionError) as e:  # shapely raises several types for bad geometry
            raise InputError(f"{name}: feature {i}: bad geometry ({type(e).__name__}: {e})") from None
        if not geom.is_empty:
            b = geom.bounds
            if not bool(np.isfinite(shapely.get_coordinates(geom)).all()):
                raise InputError(f"{name}: feature {i}: coordinates are not numbers (nan or inf); give lon,lat in degrees")
            if b[1] < -90 or b[3] > 90 or b[0] < -180 or b[2] > 180:
                raise InputError(f"{name}: feature {i}: coordinates out of range; GeoJSON is lon,lat in degrees (EPSG:4326)")
            geoms.append(shapely.make_valid(geom) if geom.geom_type in ("Polygon", "MultiPolygon") else geom)
    if not geoms:
        raise InputError(f"{name}: no geometry; give lines or polygons (e.g. a front line)")
    return shapely.GeometryCollection(geoms) if len(geoms) > 1 else geoms[0]


def distance_to_file(lon: float, lat: float, path: str | os.PathLike[str]) -> BoundaryDistance:
    """Geodesic distance from (lon, lat) to the lines/polygons of a GeoJSON file (0 inside a polygon)."""
    geom = load_geojson(path)
    name = os.path.basename(os.fspath(path))
    return distance_to_geometry(lon, lat, geom, name, f"user file {os.fspath(path)}")
