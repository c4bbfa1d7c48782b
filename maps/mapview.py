"""The view of a static map: the extent option, the box the map shows and the dense cluster that gets an inset.

Pure geometry in display degrees (longitudes continue past ±180° across the
Pacific, centred on the case); no drawing library here.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from geodata.base.errors import InputError
from geodata.base.geodesy import wrap_lon

def nice_km(target: float) -> float:
    """A round scale-bar length (1, 2, 5 × 10^n km) not above ``target``.

    >>> nice_km(730), nice_km(180), nice_km(0.3)
    (500.0, 100.0, 0.2)
    """
    exp = 10 ** math.floor(math.log10(target))
    for m in (5, 2, 1):
        if m * exp <= target:
            return float(m * exp)
    return float(exp)



Extent = tuple[float, float, float, float]


def parse_extent(text: str) -> Extent:
    """``--extent WEST,SOUTH,EAST,NORTH`` in degrees (west > east crosses the antimeridian); InputError otherwise.

    >>> parse_extent("120, 35, 140, 48"), parse_extent("170,50,-150,66")
    ((120.0, 35.0, 140.0, 48.0), (170.0, 50.0, -150.0, 66.0))
    """
    how = "give --extent WEST,SOUTH,EAST,NORTH in degrees, e.g. 125,38,136,46 (west > east crosses ±180°)"
    try:
        w, s_, e, n = (float(x) for x in str(text).split(","))
    except ValueError:
        raise InputError(f"--extent {text!r}: not four numbers; {how}") from None
    if not all(math.isfinite(v) for v in (w, s_, e, n)):
        raise InputError(f"--extent {text!r}: not finite numbers; {how}")
    if not (-180 <= w <= 180 and -180 <= e <= 180):
        raise InputError(f"--extent {text!r}: longitudes must be within -180..180; {how}")
    if not (-85 <= s_ < n <= 85):
        raise InputError(f"--extent {text!r}: latitudes must run south < north within -85..85; {how}")
    if w == e:
        raise InputError(f"--extent {text!r}: west and east are the same; {how}")
    return (w, s_, e, n)


def extent_view(extent: Extent, centre: float) -> tuple[float, float, float, float, float]:
    """(west, south, east, north, centre) of ``extent`` in the display's continuous longitudes."""
    w, s_, e, n = extent
    width = (e - w) % 360.0
    mid = wrap_lon(w + width / 2.0)
    west = mid - width / 2.0
    return west, s_, west + width, n, mid


#: a cluster is at least this many places within this fraction of the map's width of each other
CLUSTER_MIN_PLACES = 3
CLUSTER_FRACTION = 0.03


def dense_cluster(points: Sequence[tuple[float, float]], view: Extent) -> Extent | None:
    """The box (west, south, east, north, display degrees) of the densest cluster of places that would be
    unreadable at the scale of ``view``: ≥ 3 places in a square 3% of the map's width wide, centred on one. None when
    there is none, or the map is already zoomed in (narrower than 12°). One pass per place: O(n²) for the
    few dozen places a case has.

    >>> dense_cluster([(130.3, 42.2), (130.6, 42.4), (130.9, 42.8), (40.1, 45.9)], (30.0, 30.0, 140.0, 60.0))
    (129.8, 41.7, 131.4, 43.3)
    >>> dense_cluster([(130.3, 42.2), (133.0, 42.4), (135.9, 42.8)], (30.0, 30.0, 140.0, 60.0)) is None
    True
    >>> dense_cluster([(130.3, 42.2), (40.1, 45.9)], (30.0, 30.0, 140.0, 60.0)) is None
    True
    """
    west, _, east, _ = view
    width = east - west
    if width < 12.0 or len(points) < CLUSTER_MIN_PLACES:
        return None
    r = width * CLUSTER_FRACTION
    best: list[tuple[float, float]] = []
    for x0, y0 in points:
        near = [(x, y) for x, y in points if abs(x - x0) <= r / 2 and abs(y - y0) <= r / 2]
        if len(near) > len(best):
            best = near
    if len(best) < CLUSTER_MIN_PLACES:
        return None
    cx, cy = sum(p[0] for p in best) / len(best), sum(p[1] for p in best) / len(best)
    best = [(x, y) for x, y in points if abs(x - cx) <= r and abs(y - cy) <= r]     # and the neighbours around it
    xs, ys = [p[0] for p in best], [p[1] for p in best]
    pad = max(0.5, 0.25 * max(max(xs) - min(xs), max(ys) - min(ys)))
    return (round(min(xs) - pad, 6), round(min(ys) - pad, 6), round(max(xs) + pad, 6), round(max(ys) + pad, 6))


#: the map axes' width / height (11 × 7.2 in figure, 96% × 82% of it)
BOX_RATIO = (11 * 0.96) / (7.2 * 0.82)


def aspect_at(lat: float) -> float:
    """Screen length of a degree of latitude against one of longitude at ``lat`` (degrees), at most 5.

    >>> aspect_at(60.0)
    1.9999999999999996
    """
    return 1.0 / max(0.2, math.cos(math.radians(lat)))


def fit_view(points: Sequence[tuple[float, float]], extent: Extent | None, centre: float) -> tuple[Extent, float]:
    """((west, south, east, north), lat0) of the map: around ``points`` (display degrees) with a margin,
    or ``extent``, widened or heightened (within ±85°) to the axes' shape at :func:`aspect_at` ``lat0``,
    the middle latitude of the box before that (degrees).

    >>> fit_view([(0.0, 0.0), (10.0, 5.0)], None, 0.0)[0]
    (-1.5, -1.1306320597940702, 11.5, 6.13063205979407)
    """
    if extent is not None:
        west, south, east, north = extent_view(extent, centre)[:4]
    else:
        if points:
            west, east = min(p[0] for p in points), max(p[0] for p in points)
            south, north = min(p[1] for p in points), max(p[1] for p in points)
        else:
            west, south, east, north = -20.0, -10.0, 60.0, 60.0
        pad_x = max(1.5, (east - west) * 0.08)
        pad_y = max(1.0, (north - south) * 0.12)
        west, east = west - pad_x, east + pad_x
        south, north = max(-85.0, south - pad_y), min(85.0, north + pad_y)
    lat0 = (south + north) / 2
    aspect = aspect_at(lat0)
    data_w, data_h = east - west, (north - south) * aspect
    if data_w / data_h < BOX_RATIO:                # too tall: widen
        extra = (data_h * BOX_RATIO - data_w) / 2
        west, east = west - extra, east + extra
    else:                                          # too wide: heighten (within ±85°)
        extra = (data_w / BOX_RATIO - data_h) / 2 / aspect
        south, north = max(-85.0, south - extra), min(85.0, north + extra)
    return (west, south, east, north), lat0
