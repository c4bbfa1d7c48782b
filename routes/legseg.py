"""Leg segments: the routing thresholds, the segment record and the geometry helpers (dedupe, trim, land length).

See :mod:`routes.routing` for how the thresholds are used.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from geodata.base.geodesy import GEOD, cut_antimeridian, densify_array, intersection_lines
from geodata.place import Place

LonLat = tuple[float, float]

#: beyond this distance (km) from the nearest rail/road node, a segment is drawn as a geodesic
MAX_SNAP_KM = 300.0
#: the same for sea legs: marnet's lanes are far apart in places (Petropavlovsk-Kamchatsky: 270 km)
SEA_MAX_SNAP_KM = 500.0
#: snaps longer than this (km) get a warning
SNAP_WARN_KM = 10.0
SEA_SNAP_WARN_KM = 100.0
#: a port that is not on the raster's water (a river quay) joins lane nodes this close (km) by a straight line:
#: marnet's own waterway reaches it
DIRECT_JOIN_KM = 10.0
#: a port further than this (km) from the water raster's nearest navigable cell is "on land" (a city centre,
#: a river quay): the approach is recorded as a snap and its stub is not counted as land
APPROACH_MAX_KM = 5.0
#: nor further than this (km): beyond it the water the raster finds is not the port's (a lake port: the Great
#: Lakes are land in the raster), and the port joins its nearest lane node straight, with the land reported
APPROACH_FAR_KM = 50.0
#: marnet nodes further than the nearest + this (km), and than twice the nearest, are not tried as joins
CANDIDATE_SPAN_KM = 150.0
#: sea legs with more than this (km) over land get a warning naming where
LAND_WARN_KM = 1.0
#: land within this distance (km, along the line) of a port is not counted: quays and their approach stubs
PORT_ZONE_KM = 5.0
#: how many nearest marnet nodes are tried as join points at each end
SEA_CANDIDATES = 12

METHOD_BY_MODE = {"sea": "sea-marnet", "rail": "rail-osm", "road": "road-osm"}


@dataclass(frozen=True)
class _Segment:
    coords: list[LonLat]
    snap_a: tuple[float, str] | None     # (km, network) or None when no network was used
    snap_b: tuple[float, str] | None
    warnings: tuple[str, ...]
    on_network: bool
    approach_a: float = 0.0              # km from an inland port point to the water its sea route starts on
    approach_b: float = 0.0


# ---------------------------------------------------------------- geometry helpers

def _wrap(lon: float) -> float:
    """Longitude into [-180, 180] (180 stays 180)."""
    if -180.0 <= lon <= 180.0:
        return lon
    return ((lon + 180.0) % 360.0) - 180.0


def _dedupe(coords: Sequence[LonLat]) -> list[LonLat]:
    """Drop consecutive repeated points."""
    out: list[LonLat] = []
    for c in coords:
        if not out or (abs(out[-1][0] - c[0]) > 1e-12 or abs(out[-1][1] - c[1]) > 1e-12):
            out.append(c)
    return out


@lru_cache(maxsize=1)
def _land() -> tuple[Any, Any]:
    """(STRtree, numpy object array) of the land tiles."""
    import numpy as np

    from geodata.naturalearth import land_index

    tree, parts = land_index()
    arr = np.empty(len(parts), dtype=object)
    arr[:] = parts
    return tree, arr


def land_length_km(coords: Sequence[LonLat]) -> float:
    """Length (km, WGS84 geodesic) of a line over Natural Earth 10m land.

    The line is densified to 5 km first, so intersecting in lon/lat follows the geodesic closely.
    """
    return float(land_lengths_km([coords])[0])


def land_lengths_km(lines: Sequence[Sequence[LonLat]]) -> Any:
    """Like :func:`land_length_km` for many lines at once (one STRtree query): a numpy array of km."""
    import numpy as np
    import shapely

    pieces, owner = [], []
    for i, coords in enumerate(lines):
        if len(coords) < 2:
            continue
        pts = densify_array(np.asarray(coords, dtype=np.float64).reshape(-1, 2), 5.0)
        lon = pts[:, 0]
        if (lon < -180.0).any() or (lon > 180.0).any():
            pts = pts.copy()
            pts[:, 0] = ((lon + 180.0) % 360.0) - 180.0
        if np.any(np.abs(np.diff(pts[:, 0])) > 180.0):
            parts = [np.asarray(p) for p in cut_antimeridian([tuple(p) for p in pts.tolist()])]
        else:
            parts = [pts]
        for part in parts:
            if len(part) >= 2:
                pieces.append(part)
                owner.append(i)
    total = np.zeros(len(lines))
    if not pieces:
        return total
    tree, land = _land()
    sizes = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    geoms = shapely.linestrings(np.concatenate(pieces), indices=np.repeat(np.arange(len(pieces)), sizes))
    which, tile = tree.query(geoms, predicate="intersects")
    if not len(which):
        return total
    inter = shapely.intersection(geoms[which], land[tile])
    parts, src = intersection_lines(inter)
    if not len(parts):
        return total
    xy, piece = shapely.get_coordinates(parts, return_index=True)
    _, _, d = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    same = piece[:-1] == piece[1:]
    per_part = np.bincount(piece[:-1][same], weights=np.asarray(d)[same], minlength=len(parts))
    line_of_part = np.asarray(owner)[which[src]]
    total += np.bincount(line_of_part, weights=per_part, minlength=len(lines)) / 1000.0
    return total


def _trim(coords: Sequence[LonLat], km: float) -> list[LonLat]:
    """The part of a line more than ``km`` (along the line) from both of its ends."""
    import numpy as np

    pts = _dedupe([(float(x), float(y)) for x, y in coords])
    if len(pts) < 2:
        return []
    arr = np.asarray(pts)
    az, _, d = GEOD.inv(arr[:-1, 0], arr[:-1, 1], arr[1:, 0], arr[1:, 1])
    az, d = np.asarray(az), np.asarray(d) / 1000.0
    cum = np.concatenate([[0.0], np.cumsum(d)])
    lo, hi = km, cum[-1] - km
    if hi <= lo:
        return []
    cut = []
    for at in (lo, hi):   # the points exactly ``km`` from each end, on the geodesic segment holding them
        i = min(int(np.searchsorted(cum, at, side="right")) - 1, len(d) - 1)
        lon, lat, _ = GEOD.fwd(arr[i, 0], arr[i, 1], az[i], (at - cum[i]) * 1000.0)
        cut.append((float(lon), float(lat)))
    inner = [pts[j] for j in np.flatnonzero((cum > lo) & (cum < hi)).tolist()]
    return [cut[0], *inner, cut[1]]


def _geodesic_segment(a: Place, b: Place, warnings: tuple[str, ...] = ()) -> _Segment:
    return _Segment([a.lonlat, b.lonlat], None, None, warnings, False)
