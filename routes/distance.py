"""Distance and bearing queries between places: pairwise legs, distance to borders, and the vectorised pair arrays.

Lengths along a case's routed legs are :mod:`routes.alongroute`; the batch CSV of pairs is :mod:`routes.distbatch`.
Every figure is a WGS84 geodesic (pyproj ``Geod``, Karney 2013:
:data:`geodata.base.geodesy.METHOD`) unless it says it was measured along a network.
The plain pairwise path (:func:`distance`) imports only pyproj; numpy, shapely
and pandas are imported inside the functions that need them.
Results are plain dataclasses with ``to_dict()``; coordinates are (lon, lat).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

from geodata.base.errors import InputError
from geodata.place import Place

from geodata.base.geodesy import (
    COMPASS16,
    GEOD,
    METHOD,
    at_pole,
    compass16,
    convert,
    inverse,
    midpoint,
    same_place,
    unit_name,
)


def rounded(x: float, nd: int = 6) -> float:
    """``x`` as a float rounded to ``nd`` decimals, as the ``to_dict()`` results give figures."""
    return round(float(x), nd)


def _place_dict(p: Place) -> dict[str, Any]:
    return {"name": p.name, "lat": p.lat, "lon": p.lon, "id": p.id, "source": p.source}


@dataclass(frozen=True)
class LegDistance:
    """The geodesic from one place to the next. ``distance`` is in ``units``; bearings in degrees.

    From a place to itself the distance is 0 and there is no bearing (None, compass "—").
    """

    origin: Place
    destination: Place
    distance: float
    distance_m: float
    units: str
    initial_bearing: float | None
    final_bearing: float | None
    initial_compass: str
    final_compass: str
    midpoint: tuple[float, float]     # (lon, lat)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": _place_dict(self.origin), "to": _place_dict(self.destination),
            "distance": rounded(self.distance), "distance_m": rounded(self.distance_m, 4), "units": self.units,
            "initial_bearing": None if self.initial_bearing is None else rounded(self.initial_bearing, 9),
            "final_bearing": None if self.final_bearing is None else rounded(self.final_bearing, 9),
            "initial_compass": self.initial_compass, "final_compass": self.final_compass,
            "midpoint": {"lon": rounded(self.midpoint[0], 7), "lat": rounded(self.midpoint[1], 7)},
        }


@dataclass(frozen=True)
class DistanceResult:
    """Consecutive geodesic legs through some places and their total, in ``units``."""

    legs: tuple[LegDistance, ...]
    total: float
    units: str
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "units": self.units, "total": rounded(self.total),
                "legs": [leg.to_dict() for leg in self.legs]}


def distance(points: Sequence[Place], units: str = "km") -> DistanceResult:
    """Geodesic distance, bearings and midpoint for each consecutive pair of ``points``, and the total.

    >>> a = Place("a", "Pyongyang", 39.0392, 125.7625)
    >>> b = Place("b", "Vladivostok", 43.1155, 131.8869)
    >>> r = distance([a, b], units="mi")
    >>> round(r.total), r.legs[0].initial_compass, r.units
    (426, 'NE', 'mi')
    """
    units = checked_units(units)
    if len(points) < 2:
        raise InputError(f"give at least two places to measure between (got {len(points)})")
    legs = []
    for a, b in zip(points, points[1:], strict=False):
        inv = inverse(a.lonlat, b.lonlat)
        if same_place(a.lonlat, b.lonlat):
            legs.append(LegDistance(a, b, 0.0, 0.0, units, None, None, "—", "—", a.lonlat))
            continue
        ini = None if at_pole(a.lonlat) else inv.initial_bearing     # from a pole every direction is S (or N)
        fin = None if at_pole(b.lonlat) else inv.final_bearing
        legs.append(LegDistance(
            a, b, convert(inv.distance_m, units), inv.distance_m, units, ini, fin,
            "—" if ini is None else compass16(ini), "—" if fin is None else compass16(fin), midpoint(a.lonlat, b.lonlat)))
    return DistanceResult(tuple(legs), sum(leg.distance for leg in legs), units)


def checked_units(units: str) -> str:
    """The canonical name of a length unit (km, m, mi, nmi), or :class:`InputError` naming the known ones."""
    try:
        return unit_name(units)
    except ValueError as e:
        raise InputError(str(e)) from None


# ---------------------------------------------------------------- borders and files

@dataclass(frozen=True)
class BorderDistance:
    """Geodesic distance from a place to a country's outline or a user file's lines/polygons.

    ``distance`` is 0 when the place is inside (``inside=True``); ``to_boundary``
    is the distance to the nearest boundary point either way. Both in ``units``.
    """

    place: Place
    target: str
    distance: float
    to_boundary: float
    inside: bool
    nearest: tuple[float, float]      # (lon, lat) of the nearest boundary point
    units: str
    dataset: str
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": _place_dict(self.place), "target": self.target, "distance": rounded(self.distance),
            "to_boundary": rounded(self.to_boundary), "inside": self.inside, "units": self.units,
            "nearest": {"lon": rounded(self.nearest[0], 7), "lat": rounded(self.nearest[1], 7)},
            "dataset": self.dataset, "method": self.method,
        }


def _border(place: Place, bd: Any, units: str) -> BorderDistance:
    return BorderDistance(place, bd.target, convert(bd.distance_m, units), convert(bd.boundary_m, units),
                          bd.inside, bd.nearest, units, bd.dataset, bd.method)


def to_border(place: Place, country_code: str, units: str = "km") -> BorderDistance:
    """Geodesic distance from ``place`` to the nearest point of a country's outline (0 inside it).

    Natural Earth 10m admin-0, German point of view; outlines include coastlines.
    """
    from geodata.borders import distance_to_country

    return _border(place, distance_to_country(place.lon, place.lat, country_code), checked_units(units))


def to_file(place: Place, path: str | os.PathLike[str], units: str = "km") -> BorderDistance:
    """Geodesic distance from ``place`` to the lines/polygons of a GeoJSON file (0 inside a polygon)."""
    from geodata.borders import distance_to_file

    return _border(place, distance_to_file(place.lon, place.lat, path), checked_units(units))


# ---------------------------------------------------------------- many pairs at once

def inverse_arrays(lon1: Any, lat1: Any, lon2: Any, lat2: Any, threads: int | None = None) -> tuple[Any, Any, Any]:
    """Vectorised (distance m, initial bearing, final bearing) for arrays of (lon, lat) pairs.

    Splits the arrays across ``threads`` (default: every core) — pyproj's
    ``Geod.inv`` releases the GIL, so threads run in parallel. Bearings in [0, 360).
    """
    import numpy as np

    arrays = [np.ascontiguousarray(a, dtype=np.float64) for a in (lon1, lat1, lon2, lat2)]
    n = len(arrays[0])
    threads = max(1, threads or os.cpu_count() or 1)
    if n < 20000:
        threads = 1

    def run(sl: slice) -> tuple[Any, Any, Any]:
        az12, az21, d = GEOD.inv(arrays[0][sl], arrays[1][sl], arrays[2][sl], arrays[3][sl], return_back_azimuth=False)
        return d, az12, az21

    if threads == 1:
        d, az12, az21 = run(slice(0, n))
    else:
        from concurrent.futures import ThreadPoolExecutor

        bounds = np.linspace(0, n, threads + 1).astype(int)
        with ThreadPoolExecutor(threads) as ex:
            parts = list(ex.map(run, [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]))
        d, az12, az21 = (np.concatenate([p[i] for p in parts]) for i in range(3))
    az12 = np.mod(az12, 360.0)
    az21 = np.mod(az21, 360.0)
    az12[az12 >= 360.0] = 0.0
    az21[az21 >= 360.0] = 0.0
    return d, az12, az21


def compass_array(bearings: Any) -> list[str]:
    """16-point compass words for an array of bearings in degrees."""
    import numpy as np

    idx = (np.floor((np.asarray(bearings) + 11.25) / 22.5).astype(int)) % 16
    return [COMPASS16[i] for i in idx.tolist()]
