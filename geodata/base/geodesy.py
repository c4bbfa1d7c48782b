"""Geodesy on the WGS84 ellipsoid: distances, bearings, midpoints, densified lines.

One ``Geod(ellps="WGS84")`` (Karney's algorithm via PROJ) serves the whole project;
never planar degrees. Coordinates are (lon, lat) in degrees everywhere here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from pyproj import Geod

from .sphere import EARTH_RADIUS_KM, sphere_km  # noqa: F401  (part of this module's API: the one approximation)

#: The one ellipsoid model used for every figure routemap prints.
GEOD = Geod(ellps="WGS84")
METHOD = "WGS84 geodesic (pyproj Geod, Karney 2013)"

#: metres per unit
UNITS: dict[str, float] = {"km": 1000.0, "mi": 1609.344, "nmi": 1852.0, "m": 1.0}
UNIT_ALIASES = {
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
    "nmi": "nmi", "nm": "nmi", "nautical mile": "nmi", "nautical miles": "nmi",
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
}
COMPASS16 = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
             "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")

LonLat = tuple[float, float]


def unit_name(unit: str) -> str:
    """Canonical unit name for ``unit`` (km, mi, nmi, m); ValueError otherwise.

    >>> unit_name("miles"), unit_name("NM")
    ('mi', 'nmi')
    """
    key = str(unit).strip().lower()
    if key not in UNIT_ALIASES:
        raise ValueError(f"unknown unit {unit!r}; use one of km, mi, nmi, m")
    return UNIT_ALIASES[key]


def convert(metres: float, unit: str) -> float:
    """Convert a length in metres to ``unit``.

    >>> round(convert(1852.0, "nmi"), 6)
    1.0
    """
    return metres / UNITS[unit_name(unit)]


def to_metres(value: float, unit: str) -> float:
    """Convert a length in ``unit`` to metres."""
    return value * UNITS[unit_name(unit)]


#: two points closer than this (metres) are the same place: distance 0 and no bearing
SAME_PLACE_M = 1.0


def same_place(a: LonLat, b: LonLat) -> bool:
    """Whether ``a`` and ``b`` (lon, lat) are the same place (within :data:`SAME_PLACE_M` metres).

    >>> same_place((130.28, 42.25), (130.28, 42.25)), same_place((130.28, 42.25), (130.29, 42.25))
    (True, False)
    """
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) < SAME_PLACE_M


def is_line(coords: Sequence[LonLat]) -> bool:
    """Whether ``coords`` (lon, lat) draw a line: at least two distinct points (GEOS calls a line on one spot invalid).

    >>> is_line([(1.0, 2.0), (1.0, 2.0)]), is_line([(1.0, 2.0), (1.0, 2.5)]), is_line([(1.0, 2.0)])
    (False, True, False)
    """
    import numpy as np

    a = np.asarray(coords, dtype=np.float64)
    return len(a) >= 2 and bool((a != a[0]).any())


def at_pole(p: LonLat) -> bool:
    """Whether (lon, lat) ``p`` is a pole, where a bearing has no meaning (every direction is south, or north).

    >>> at_pole((0.0, 90.0)), at_pole((120.0, -90.0)), at_pole((0.0, 89.9))
    (True, True, False)
    """
    return abs(p[1]) >= 90.0 - 1e-7


def norm_bearing(deg: float) -> float:
    """A bearing folded into [0, 360) degrees.

    >>> norm_bearing(-90.0), norm_bearing(360.0)
    (270.0, 0.0)
    """
    b = math.fmod(deg, 360.0)
    if b < 0:
        b += 360.0
    return 0.0 if b >= 360.0 else b + 0.0   # + 0.0: never -0.0


def compass16(deg: float) -> str:
    """The 16-point compass word for a bearing in degrees.

    >>> compass16(0), compass16(11.24), compass16(11.26), compass16(350)
    ('N', 'N', 'NNE', 'N')
    """
    return COMPASS16[int((norm_bearing(deg) + 11.25) // 22.5) % 16]


def compass_to_degrees(word: str) -> float:
    """Degrees for a compass word (N, NNE, … NNW; also 'north', 'south-east').

    >>> compass_to_degrees("NE"), compass_to_degrees("north")
    (45.0, 0.0)
    """
    w = word.strip().upper().replace("-", "").replace(" ", "")
    names = {"NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W",
             "NORTHEAST": "NE", "NORTHWEST": "NW", "SOUTHEAST": "SE", "SOUTHWEST": "SW"}
    w = names.get(w, w)
    if w not in COMPASS16:
        raise ValueError(f"unknown compass direction {word!r}; use one of {', '.join(COMPASS16)} or degrees 0-360")
    return COMPASS16.index(w) * 22.5


@dataclass(frozen=True)
class Inverse:
    """The solution of the inverse geodesic problem between two points."""

    distance_m: float
    initial_bearing: float  # degrees in [0, 360), at the first point
    final_bearing: float    # degrees in [0, 360), direction of travel at the second point

    @property
    def distance_km(self) -> float:
        return self.distance_m / 1000.0


def inverse(a: LonLat, b: LonLat) -> Inverse:
    """Geodesic distance (m) and initial/final bearings (deg) from ``a`` to ``b``, both (lon, lat).

    >>> r = inverse((125.7625, 39.0392), (131.8869, 43.1155))   # Pyongyang -> Vladivostok
    >>> round(r.distance_km), compass16(r.initial_bearing)
    (685, 'NE')
    """
    az12, az21, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    return Inverse(float(dist), norm_bearing(az12), norm_bearing(az21 + 180.0))


def midpoint(a: LonLat, b: LonLat) -> LonLat:
    """The point halfway along the geodesic from ``a`` to ``b`` (lon, lat)."""
    az12, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    lon, lat, _ = GEOD.fwd(a[0], a[1], az12, dist / 2.0)
    return (float(lon), float(lat))


def line_length_m(coords: Sequence[LonLat]) -> float:
    """Length in metres of a polyline whose vertices are joined by geodesics."""
    if len(coords) < 2:
        return 0.0
    lons = [c[0] for c in coords]
    lats = [c[1] for c in coords]
    return float(GEOD.line_length(lons, lats))


def densify(coords: Sequence[LonLat], spacing_km: float = 25.0) -> list[LonLat]:
    """Insert WGS84 geodesic points so no step is longer than ``spacing_km`` (vectorised).

    Each segment longer than ``spacing_km`` gets the fewest equally spaced
    geodesic points that bring every step under it; the given vertices are kept
    exactly. The result draws as the true curve on a web map; its geodesic
    length equals the input's. Longitudes are wrapped into [-180, 180].

    >>> pts = densify([(130.28, 42.25), (40.09, 45.88)], spacing_km=100)
    >>> len(pts) > 60, max(lat for _, lat in pts) > 54
    (True, True)
    """
    import numpy as np

    if spacing_km <= 0:
        raise ValueError(f"spacing_km must be positive, got {spacing_km}")
    arr = np.asarray([(float(x), float(y)) for x, y in coords], dtype=np.float64).reshape(-1, 2)
    if len(arr) >= 2:
        arr = densify_array(arr, spacing_km)
    lon = arr[:, 0]
    out = (lon < -180.0) | (lon > 180.0)
    if out.any():
        lon = np.where(out, ((lon + 180.0) % 360.0) - 180.0, lon)
    return list(zip(lon.tolist(), arr[:, 1].tolist(), strict=True))


def densify_array(arr: Any, spacing_km: float) -> Any:
    """(n, 2) lon/lat array (deg) with geodesic points inserted so no step exceeds ``spacing_km`` (not wrapped)."""
    import numpy as np

    az, _, dist = GEOD.inv(arr[:-1, 0], arr[:-1, 1], arr[1:, 0], arr[1:, 1])
    need = np.maximum(np.ceil(np.asarray(dist) / (spacing_km * 1000.0)).astype(np.int64) - 1, 0)
    total = int(need.sum())
    if not total:
        return arr
    seg = np.repeat(np.arange(len(need)), need)
    k = np.arange(total) - np.repeat(np.cumsum(need) - need, need) + 1        # 1..need within each segment
    step = np.asarray(dist)[seg] / (need[seg] + 1)
    lon, lat, _ = GEOD.fwd(arr[seg, 0], arr[seg, 1], np.asarray(az)[seg], k * step)
    out = np.empty((len(arr) + total, 2))
    vertex = np.arange(len(arr)) + np.concatenate([[0], np.cumsum(need)])
    inserted = np.ones(len(out), dtype=bool)
    inserted[vertex] = False
    out[vertex] = arr
    out[inserted, 0] = lon
    out[inserted, 1] = lat
    return out




def intersection_lines(geoms: Any) -> tuple[Any, Any]:
    """The non-empty LineString parts of shapely geometries (e.g. intersections, flattening nested collections)
    and, for each part, the index of the geometry it came from."""
    import numpy as np
    import shapely

    parts, src = shapely.get_parts(geoms, return_index=True)
    while True:
        multi = shapely.get_type_id(parts) >= 4
        if not multi.any():
            break
        sub, k = shapely.get_parts(parts[multi], return_index=True)
        parts, src = np.concatenate([parts[~multi], sub]), np.concatenate([src[~multi], src[multi][k]])
    keep = (shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)
    return parts[keep], src[keep]


def wrap_lon(lon: float) -> float:
    """Longitude folded into [-180, 180).

    >>> wrap_lon(190.0), wrap_lon(-180.0)
    (-170.0, -180.0)
    """
    return ((lon + 180.0) % 360.0) - 180.0


def unwrap(coords: Iterable[LonLat]) -> list[LonLat]:
    """Make longitudes continuous (no jump > 180°) for display across the antimeridian.

    >>> unwrap([(179.0, 0.0), (-179.0, 0.0)])
    [(179.0, 0.0), (181.0, 0.0)]
    """
    out: list[LonLat] = []
    for lon, lat in coords:
        if out:
            prev = out[-1][0]
            lon = prev + wrap_lon(lon - prev)
        out.append((float(lon), float(lat)))
    return out


def cut_antimeridian(coords: Sequence[LonLat]) -> list[list[LonLat]]:
    """Split a line at ±180° into parts with longitudes in [-180, 180] (RFC 7946 §3.1.9).

    The crossing latitude is interpolated along the geodesic segment, so the
    parts' total geodesic length equals the input's.

    >>> cut_antimeridian([(179.0, 50.0), (-179.0, 50.0)])
    [[(179.0, 50.0), (180.0, 50.00...)], [(-180.0, 50.00...), (-179.0, 50.0)]]
    """
    pts = [(_snap_edge(lon), lat) for lon, lat in unwrap(coords)]
    parts: list[list[LonLat]] = [[]]

    def add(p: LonLat) -> None:
        if not parts[-1] or parts[-1][-1] != p:     # a vertex on ±180° must not repeat the cut point
            parts[-1].append(p)

    for i, (lon, lat) in enumerate(pts):
        band = _band(lon)
        if i:
            plon, plat = pts[i - 1]
            band_prev = _band(plon)
            while band_prev != band:
                east = band > band_prev
                edge = (180.0 if east else -180.0) + 360.0 * band_prev
                clat = lat if lon == edge else plat if plon == edge else _crossing_lat((plon, plat), (lon, lat), edge)
                add((180.0 if east else -180.0, clat))
                parts.append([(-180.0 if east else 180.0, clat)])
                band_prev += 1 if east else -1
        # the band's own shift, not a modulo: (179.99999999999997 + 180) % 360 rounds to 0 and would put the
        # vertex at -180 on the wrong side of the cut (a 360°-wide segment)
        add((lon - 360.0 * band, lat))
    return [p for p in parts if len(p) >= 2]


def _snap_edge(lon: float) -> float:
    """An unwrapped longitude within 1e-9° (0.1 mm) of a cut meridian (180 + 360k) put exactly on it.

    >>> _snap_edge(179.99999999999997), _snap_edge(-180.00000000000003), _snap_edge(10.5)
    (180.0, -180.0, 10.5)
    """
    edge = 180.0 + 360.0 * round((lon - 180.0) / 360.0)
    return edge if abs(lon - edge) < 1e-9 else lon


def _band(lon: float) -> int:
    """k such that -180 + 360k <= lon < 180 + 360k, exact even where float division rounds.

    >>> _band(179.99999999999997), _band(180.0), _band(-180.0)
    (0, 1, 0)
    """
    k = math.floor((lon + 180.0) / 360.0)
    if lon < -180.0 + 360.0 * k:
        k -= 1
    elif lon >= 180.0 + 360.0 * k:
        k += 1
    return k


def _crossing_lat(a: LonLat, b: LonLat, edge_lon: float) -> float:
    """Latitude where the geodesic a→b (unwrapped lons) meets longitude ``edge_lon``."""
    lo, hi = 0.0, 1.0
    az12, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    lat = a[1]
    for _ in range(60):
        mid = (lo + hi) / 2.0
        lon, lat, _ = GEOD.fwd(a[0], a[1], az12, dist * mid)
        lon = a[0] + wrap_lon(lon - a[0])
        if (lon - edge_lon) * (a[0] - edge_lon) > 0:
            lo = mid
        else:
            hi = mid
    return float(lat)
