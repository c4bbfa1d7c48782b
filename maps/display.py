"""Geometry for display, shared by the briefing page, the static image and the observed tracks.

A leg's drawn line (its route, or a geodesic when it was not routed), lines unwrapped and shifted
near the map's centre longitude, simplified and rounded, flipped to Leaflet's (lat, lon), and the
direction arrows along them. Display only: every length is computed from the full geometry elsewhere.
Route coordinates are (lon, lat) in the core; they are flipped to Leaflet's [lat, lon] only in
:func:`latlngs`.
"""
from __future__ import annotations

import contextlib
import math
from typing import Any, Iterable, Iterator, Sequence

from geodata.base.geodesy import densify, line_length_m, unwrap, wrap_lon
from routes.model import Leg
from routes.routed import Route
from routes.verdict import Analysis

#: lines with more points than this are simplified for display (Douglas–Peucker, degrees)
SIMPLIFY_ABOVE = 200
SIMPLIFY_TOLERANCE_DEG = 0.01
DECIMALS = 5


#: the scope's memo of display lines (see :func:`display_cache`), by ``id`` of the route's coords: (the coords,
#: the unwrapped and simplified line as an (n, 2) float64 array, its mean longitude, {shift: the display line
#: as an array}); arrays hold the same doubles as the lists in a sixth of the memory. None outside a scope.
_CACHE: dict[int, tuple[Sequence[tuple[float, float]], Any, float, dict[float, Any]]] | None = None


def _pairs(arr: Any) -> list[tuple[float, float]]:
    """An (n, 2) array's rows as (x, y) tuples of Python floats (the same doubles)."""
    return [(x, y) for x, y in arr.tolist()]


@contextlib.contextmanager
def display_cache() -> Iterator[None]:
    """Within the block, :func:`display_line` computes each line once (by the identity of its ``coords``)
    and shares it between the briefing page and the static image; the memo is dropped at the end."""
    global _CACHE
    outer = _CACHE
    _CACHE = {} if outer is None else outer
    try:
        yield
    finally:
        _CACHE = outer


def simplified(line: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """A subset of ``line``'s (lon, lat) vertices within SIMPLIFY_TOLERANCE_DEG degrees of it (Douglas–Peucker,
    deterministic; the ends are kept). Display only.

    >>> simplified([(0.0, 0.0), (1.0, 0.001), (2.0, 0.0)])
    [(0.0, 0.0), (2.0, 0.0)]
    """
    if len(line) < 3:
        return list(line)
    import numpy as np
    import shapely

    # vectorised (building a LineString from a list of tuples goes point by point)
    out = shapely.simplify(shapely.linestrings(np.asarray(line, dtype="float64")), SIMPLIFY_TOLERANCE_DEG,
                           preserve_topology=False)
    return [(x, y) for x, y in shapely.get_coordinates(out).tolist()]


def _unwrapped(coords: Sequence[tuple[float, float]]) -> tuple[list[tuple[float, float]], float]:
    """``coords`` unwrapped and simplified when long, and their mean longitude (degrees)."""
    pts = unwrap(coords)
    if len(pts) > SIMPLIFY_ABOVE:
        pts = simplified(pts)
    return pts, (sum(p[0] for p in pts) / len(pts) if pts else 0.0)


def display_line(coords: Sequence[tuple[float, float]], centre_lon: float = 0.0) -> list[tuple[float, float]]:
    """A leg's (lon, lat) line made ready for display: unwrapped, shifted near ``centre_lon``,
    simplified when long, rounded to 5 decimals (~1 m).

    Display only — every length is computed from the full geometry elsewhere.

    >>> display_line([(179.5, 50.0), (-179.5, 50.0)], centre_lon=170)
    [(179.5, 50.0), (180.5, 50.0)]
    >>> with display_cache():
    ...     display_line([(179.5, 50.0), (-179.5, 50.0)], centre_lon=-170)
    [(-180.5, 50.0), (-179.5, 50.0)]
    """
    hit = _CACHE.get(id(coords)) if _CACHE is not None else None
    pts: list[tuple[float, float]] | None = None
    if hit is not None and hit[0] is coords:
        _, kept, mean, by_shift = hit
        count = len(kept)
    else:
        pts, mean = _unwrapped(coords)
        count, by_shift = len(pts), {}
        if _CACHE is not None:
            import numpy as np

            _CACHE[id(coords)] = (coords, np.array(pts, dtype="float64").reshape(-1, 2), mean, by_shift)
    shift = 360.0 * round((centre_lon - mean) / 360.0) if count else 0.0
    if shift in by_shift:
        return _pairs(by_shift[shift])
    if pts is None:
        pts = _pairs(kept)
    out: list[tuple[float, float]] = []
    for lon, lat in pts:
        p = (round(lon + shift, DECIMALS) + 0.0, round(lat, DECIMALS) + 0.0)
        if not out or out[-1] != p:
            out.append(p)
    if len(out) == 1:
        out.append(out[0])
    if _CACHE is not None:
        import numpy as np

        by_shift[shift] = np.array(out, dtype="float64").reshape(-1, 2)
    return out


def warm(analysis: Analysis, centre_lon: float) -> None:
    """Within a :func:`display_cache` scope, compute every leg's display line now, before a writer builds its own
    objects: the memo's small long-lived objects are then packed together rather than scattered among the
    writer's temporary ones, where they would keep the freed memory from going back to the system. Outside
    a scope, nothing to do."""
    if _CACHE is None:
        return
    for leg in analysis.case.legs():
        display_line(route_or_geodesic(analysis, leg)[0], centre_lon)


def near_lon(lon: float, centre_lon: float) -> float:
    """``lon`` shifted by whole turns to within 180° of ``centre_lon``, rounded for display.

    >>> near_lon(-179.0, 170.0)
    181.0
    """
    return round(centre_lon + wrap_lon(lon - centre_lon), DECIMALS) + 0.0


def latlngs(line: Iterable[tuple[float, float]]) -> list[list[float]]:
    """(lon, lat) → Leaflet's [lat, lon].

    >>> latlngs([(10.0, 50.0)])
    [[50.0, 10.0]]
    """
    return [[lat, lon] for lon, lat in line]


def _merc_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def arrows(line: Sequence[tuple[float, float]], fractions: Sequence[float] = (0.5,)) -> list[list[float]]:
    """Direction arrows along a display line: ``[lat, lon, angle]`` at each fraction of its drawn length.

    ``angle`` is the screen rotation in degrees (0 = east, 90 = south), measured
    in Web Mercator, which is conformal, so it holds at every zoom.

    >>> arrows([(0.0, 0.0), (10.0, 0.0)])
    [[0.0, 5.0, 0.0]]
    >>> arrows([(0.0, 0.0), (0.0, 10.0)])[0][2]
    -90.0
    """
    xy = [(lon, _merc_y(lat)) for lon, lat in line]
    seg = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(xy, xy[1:], strict=False)]
    total = sum(seg)
    if total <= 0:
        return []
    out = []
    for f in fractions:
        target, acc = f * total, 0.0
        for i, s in enumerate(seg):
            if acc + s >= target and s > 0:
                t = (target - acc) / s
                (lon1, lat1), (lon2, lat2) = line[i], line[i + 1]
                (x1, y1), (x2, y2) = xy[i], xy[i + 1]
                angle = math.degrees(math.atan2(-(y2 - y1), x2 - x1))
                angle = 180.0 if round(angle, 1) <= -180.0 else angle
                out.append([round(lat1 + t * (lat2 - lat1), 4), round(lon1 + t * (lon2 - lon1), 4), round(angle, 1) + 0.0])
                break
            acc += s
    return out


def centre_lon(lons: Sequence[float]) -> float:
    """Circular mean of longitudes (degrees), so a Pacific case centres near 180.

    >>> round(centre_lon([170.0, -170.0]), 6) in (180.0, -180.0)
    True
    """
    if not lons:
        return 0.0
    x = sum(math.cos(math.radians(v)) for v in lons)
    y = sum(math.sin(math.radians(v)) for v in lons)
    if abs(x) < 1e-12 and abs(y) < 1e-12:
        return 0.0
    return math.degrees(math.atan2(y, x))


def route_or_geodesic(analysis: Analysis, leg: Leg) -> tuple[Sequence[tuple[float, float]], float, str, tuple[str, ...]]:
    """The line a leg is drawn with: ``(coords, length_km, method, warnings)`` of its route, or of a
    geodesic through its points (50 km spacing) when the leg was not routed."""
    try:
        r: Route = analysis.route(leg.key)
        return r.coords, r.length_km, r.method, r.warnings
    except KeyError:
        pts = list(leg.path) if leg.path else [leg.origin.lonlat, *[v.lonlat for v in leg.via], leg.destination.lonlat]
        line = densify(pts, spacing_km=50.0)
        return tuple(line), line_length_m(line) / 1000.0, "geodesic (leg not routed)", ("this leg was not routed; drawn as a geodesic",)
