"""Distance and bearing queries: pairwise legs, distance to borders, along-route lengths, batch CSV.

Every figure is a WGS84 geodesic (pyproj ``Geod``, Karney 2013:
:data:`geodata.base.geodesy.METHOD`) unless it says it was measured along a network.
The plain pairwise path (:func:`distance`) imports only pyproj; numpy, shapely
and pandas are imported inside the functions that need them.
Results are plain dataclasses with ``to_dict()``; coordinates are (lon, lat).
"""
from __future__ import annotations

import csv
import math
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from geodata.base.errors import InputError, Problem, RoutemapError
from geodata.place import Place

from geodata.base.geodesy import (
    COMPASS16,
    GEOD,
    METHOD,
    compass16,
    convert,
    inverse,
    midpoint,
    same_place,
    unit_name,
)

if TYPE_CHECKING:  # pragma: no cover
    from .model import Case, Leg
    from .routed import Route

#: How many bad rows a batch error lists before summarising the rest.
MAX_PROBLEMS = 20


def _r(x: float, nd: int = 6) -> float:
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
            "distance": _r(self.distance), "distance_m": _r(self.distance_m, 4), "units": self.units,
            "initial_bearing": None if self.initial_bearing is None else _r(self.initial_bearing, 9),
            "final_bearing": None if self.final_bearing is None else _r(self.final_bearing, 9),
            "initial_compass": self.initial_compass, "final_compass": self.final_compass,
            "midpoint": {"lon": _r(self.midpoint[0], 7), "lat": _r(self.midpoint[1], 7)},
        }


@dataclass(frozen=True)
class DistanceResult:
    """Consecutive geodesic legs through some places and their total, in ``units``."""

    legs: tuple[LegDistance, ...]
    total: float
    units: str
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "units": self.units, "total": _r(self.total),
                "legs": [leg.to_dict() for leg in self.legs]}


def distance(points: Sequence[Place], units: str = "km") -> DistanceResult:
    """Geodesic distance, bearings and midpoint for each consecutive pair of ``points``, and the total.

    >>> a = Place("a", "Pyongyang", 39.0392, 125.7625)
    >>> b = Place("b", "Vladivostok", 43.1155, 131.8869)
    >>> r = distance([a, b], units="mi")
    >>> round(r.total), r.legs[0].initial_compass, r.units
    (426, 'NE', 'mi')
    """
    units = _units(units)
    if len(points) < 2:
        raise InputError(f"give at least two places to measure between (got {len(points)})")
    legs = []
    for a, b in zip(points, points[1:], strict=False):
        inv = inverse(a.lonlat, b.lonlat)
        if same_place(a.lonlat, b.lonlat):
            legs.append(LegDistance(a, b, 0.0, 0.0, units, None, None, "—", "—", a.lonlat))
            continue
        legs.append(LegDistance(
            a, b, convert(inv.distance_m, units), inv.distance_m, units, inv.initial_bearing, inv.final_bearing,
            compass16(inv.initial_bearing), compass16(inv.final_bearing), midpoint(a.lonlat, b.lonlat)))
    return DistanceResult(tuple(legs), sum(leg.distance for leg in legs), units)


def _units(units: str) -> str:
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
            "from": _place_dict(self.place), "target": self.target, "distance": _r(self.distance),
            "to_boundary": _r(self.to_boundary), "inside": self.inside, "units": self.units,
            "nearest": {"lon": _r(self.nearest[0], 7), "lat": _r(self.nearest[1], 7)},
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

    return _border(place, distance_to_country(place.lon, place.lat, country_code), _units(units))


def to_file(place: Place, path: str | os.PathLike[str], units: str = "km") -> BorderDistance:
    """Geodesic distance from ``place`` to the lines/polygons of a GeoJSON file (0 inside a polygon)."""
    from geodata.borders import distance_to_file

    return _border(place, distance_to_file(place.lon, place.lat, path), _units(units))


# ---------------------------------------------------------------- along a case's legs

@dataclass(frozen=True)
class LegLength:
    """One leg's length along its route and as the straight geodesic, in km."""

    key: str
    label: str
    mode: str
    method: str
    length_km: float
    geodesic_km: float
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"leg": self.key, "label": self.label, "mode": self.mode, "method": self.method,
                "length_km": _r(self.length_km, 3), "geodesic_km": _r(self.geodesic_km, 3),
                "warnings": list(self.warnings)}


@dataclass(frozen=True)
class AlongRoute:
    """Lengths of a shipment's legs along their routes, and the total, in km."""

    shipment_id: str
    legs: tuple[LegLength, ...]
    total_km: float
    units: str = "km"

    @property
    def total(self) -> float:
        """The total in ``units``."""
        return convert(self.total_km * 1000.0, self.units)

    def to_dict(self) -> dict[str, Any]:
        return {"shipment": self.shipment_id, "units": self.units, "total": _r(self.total, 3),
                "total_km": _r(self.total_km, 3), "legs": [leg.to_dict() for leg in self.legs],
                "geodesic_method": METHOD}


def _geodesic_route(leg: Leg, points: Sequence[Place], warnings: tuple[str, ...] = ()) -> Route:
    from geodata.base.geodesy import densify, line_length_m
    from .routed import Route

    coords = [p.lonlat for p in points]
    return Route(leg.shipment_id, leg.index, leg.mode, "geodesic", tuple(densify(coords)),
                 line_length_m(coords) / 1000.0, warnings=warnings)


def route_for_leg(leg: Leg, routes: Any = None, spacing_km: float = 25.0) -> Route:
    """The leg's route: from ``routes`` (Routes or a mapping by key) if given, else routed now.

    Give a mapping (:func:`routes.model.routes_by_key`) when looking up many legs:
    a sequence is indexed on every call.

    Sea, rail and road legs go along their network (``routes.routing.route_points``);
    air and unknown legs, or legs whose network cannot be used, are geodesics
    (the route's ``warnings`` say why).
    """
    from geodata.base.geodesy import line_length_m
    from .routed import Route, routes_by_key

    if routes is not None:
        found = routes_by_key(routes).get(leg.key)
        if found is not None:
            return found
    points = [leg.origin, *leg.via, leg.destination]
    if leg.path:
        return Route(leg.shipment_id, leg.index, leg.mode, "explicit", tuple(leg.path),
                     line_length_m(leg.path) / 1000.0)
    if leg.mode not in ("sea", "rail", "road"):
        return _geodesic_route(leg, points)
    try:
        from .routing import route_leg
    except ImportError:
        return _geodesic_route(leg, points, (f"{leg.mode} routing is not available; measured as a geodesic (a lower bound)",))
    try:
        return route_leg(leg, spacing_km=spacing_km)
    except (RoutemapError, ValueError) as e:
        return _geodesic_route(leg, points, (f"{leg.mode} routing failed ({e}); measured as a geodesic (a lower bound)",))


def along_route(case: Case, shipment_id: str, leg: int | None = None, routes: Any = None,
                units: str = "km") -> AlongRoute:
    """Length of a shipment (or of its leg number ``leg``, 1-based) along its routes."""
    units = _units(units)
    try:
        ship = case.shipment(shipment_id)
    except KeyError as e:
        raise InputError(str(e.args[0])) from None
    legs = ship.legs
    if leg is not None:
        if not 1 <= leg <= len(legs):
            raise InputError(f"shipment {shipment_id!r} has legs 1-{len(legs)}; there is no leg {leg}")
        legs = (legs[leg - 1],)
    from .routed import routes_by_key

    by_key = routes_by_key(routes) if routes is not None else None
    out = []
    for lg in legs:
        r = route_for_leg(lg, by_key)
        geo = sum(inverse(a.lonlat, b.lonlat).distance_m for a, b in
                  zip([lg.origin, *lg.via, lg.destination], [*lg.via, lg.destination], strict=False)) / 1000.0
        out.append(LegLength(lg.key, lg.label, lg.mode, r.method, r.length_km, geo, tuple(r.warnings)))
    return AlongRoute(shipment_id, tuple(out), sum(x.length_km for x in out), units)


# ---------------------------------------------------------------- batch

@dataclass(frozen=True)
class BatchStats:
    """What a batch run did: rows read and written, bad rows, time and throughput."""

    rows: int
    written: int
    skipped: int
    seconds: float
    compute_seconds: float
    threads: int
    units: str
    output: str
    problems: tuple[str, ...] = ()
    method: str = METHOD

    @property
    def pairs_per_second(self) -> float:
        return self.written / self.compute_seconds if self.compute_seconds > 0 else float("inf")

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "written": self.written, "skipped": self.skipped,
                "seconds": round(self.seconds, 4), "compute_seconds": round(self.compute_seconds, 4),
                "threads": self.threads, "units": self.units, "output": self.output,
                "problems": list(self.problems), "method": self.method}


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


def _columns(header: list[str], path: str) -> tuple[str, tuple[int, ...]]:
    """('names', (from, to)) or ('coords', (from_lat, from_lon, to_lat, to_lon)) column indexes."""
    low = [h.strip().lower() for h in header]
    if "from" in low and "to" in low:
        return "names", (low.index("from"), low.index("to"))
    cols = ("from_lat", "from_lon", "to_lat", "to_lon")
    if all(c in low for c in cols):
        return "coords", tuple(low.index(c) for c in cols)
    raise InputError.at(path, 1, f"header {','.join(header)!r} has no 'from' and 'to' columns; "
                                 "write a header 'from,to' (names or \"lat,lon\") or 'from_lat,from_lon,to_lat,to_lon'")


def batch(pairs_csv_in: str | os.PathLike[str], out_csv: str | os.PathLike[str], *, units: str = "km",
          gazetteer: Any = None, threads: int | None = None, skip_bad: bool = False,
          progress: bool = False) -> BatchStats:
    """Distance and bearings for every row of a CSV of pairs; write a CSV atomically.

    Input columns ``from,to`` (place names or ``"lat,lon"``) or
    ``from_lat,from_lon,to_lat,to_lon``. Output columns: from, to, from_lat,
    from_lon, to_lat, to_lon, distance_<units>, initial_bearing, final_bearing,
    initial_compass. Bad rows raise :class:`InputError` naming every bad line
    (``file:line``), unless ``skip_bad`` (then they are left out and listed in
    the stats). Names resolve through the gazetteer, each distinct name once.
    """
    import numpy as np

    from geodata.base.atomic import atomic_write, check_writable
    from geodata.coords import parse_coordinates
    from geodata.inputs import check_input_file, text_lines

    t0 = time.perf_counter()
    units = _units(units)
    src = os.fspath(pairs_csv_in)
    out = check_writable(out_csv, inputs=(src,))
    check_input_file(src, "--pairs CSV")  # a regular file within the size limit
    try:
        f = open(src, "rb")
    except OSError as e:
        raise InputError(f"{src}: cannot read ({e.strerror or e})") from None
    bad_lines: dict[int, str] = {}
    problems: list[Problem] = []
    names: list[tuple[str, str]] = []
    coords: list[tuple[float, float, float, float]] = []
    cache: dict[str, tuple[float, float]] = {}
    gz: list[Any] = []
    rows = 0

    def resolve(text: str) -> tuple[float, float]:
        if text in cache:
            return cache[text]
        c = parse_coordinates(text)
        if c is None:
            if not gz:
                from geodata.gazetteer import Gazetteer

                gz.append(gazetteer or Gazetteer.default())
            from geodata.resolve import require

            p = require(gz[0].lookup(text))
            c = (p.lon, p.lat)
        cache[text] = c
        return c

    with f:
        reader = csv.reader(text_lines(f, src, "--pairs CSV", bad_lines))
        header = next(reader, None)
        if 1 in bad_lines:
            raise InputError.at(src, 1, bad_lines[1])
        if not header:
            raise InputError.at(src, 1, "empty file; write a header 'from,to' and one pair per row")
        layout, idx = _columns(header, src)
        it: Any = reader
        if progress:
            from tqdm import tqdm

            it = tqdm(reader, unit=" rows", desc="pairs", leave=False)
        for row in it:
            if not row or all(not c.strip() for c in row):
                continue
            rows += 1
            line = reader.line_num
            if line in bad_lines:
                problems.append(Problem(src, line, bad_lines[line]))
                continue
            try:
                if len(row) <= max(idx):
                    raise InputError(f"row has {len(row)} columns, the header {len(header)}; quote \"lat,lon\" values")
                if layout == "names":
                    a, b = row[idx[0]].strip(), row[idx[1]].strip()
                    if not a or not b:
                        raise InputError("empty 'from' or 'to'; give a place name or \"lat,lon\"")
                    (lon1, lat1), (lon2, lat2) = resolve(a), resolve(b)
                else:
                    lat1, lon1, lat2, lon2 = (float(row[i]) for i in idx)
                    a, b = f"{lat1},{lon1}", f"{lat2},{lon2}"
                    for la, lo in ((lat1, lon1), (lat2, lon2)):
                        if not (math.isfinite(la) and math.isfinite(lo)):
                            raise InputError(f"coordinates {la},{lo} are not numbers (nan or inf); give degrees")
                        if not (-90 <= la <= 90 and -180 <= lo <= 180):
                            raise InputError(f"coordinates {la},{lo} out of range; latitude -90..90, longitude -180..180")
            except ValueError as e:  # InputError is a ValueError; float() too
                msg = str(e) if isinstance(e, InputError) else f"not a number ({e})"
                problems.append(Problem(src, line, msg))
                continue
            except RoutemapError as e:  # PlaceNotFound
                problems.append(Problem(src, line, str(e)))
                continue
            names.append((a, b))
            coords.append((lon1, lat1, lon2, lat2))
    if problems and not skip_bad:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(Problem(src, None, f"... and {len(problems) - MAX_PROBLEMS} more bad rows"))
        raise InputError(shown)
    arr = np.array(coords, dtype=np.float64).reshape(-1, 4)
    tc = time.perf_counter()
    nthreads = max(1, threads or os.cpu_count() or 1)
    d, az1, az2 = inverse_arrays(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], threads=nthreads)
    compute = time.perf_counter() - tc
    dist = d / (1000.0 if units == "km" else {"mi": 1609.344, "nmi": 1852.0, "m": 1.0}[units])
    comp = compass_array(az1)
    with atomic_write(out, newline="") as fo:
        w = csv.writer(fo)
        w.writerow(["from", "to", "from_lat", "from_lon", "to_lat", "to_lon", f"distance_{units}",
                    "initial_bearing", "final_bearing", "initial_compass"])
        w.writerows(
            (a, b, f"{la1:.7f}", f"{lo1:.7f}", f"{la2:.7f}", f"{lo2:.7f}", f"{dd:.6f}", f"{b1:.9f}", f"{b2:.9f}", c)
            for (a, b), (lo1, la1, lo2, la2), dd, b1, b2, c
            in zip(names, coords, dist.tolist(), az1.tolist(), az2.tolist(), comp, strict=True)
        )
    return BatchStats(rows, len(coords), len(problems), time.perf_counter() - t0, compute,
                      nthreads if len(coords) >= 20000 else 1, units, str(out), tuple(str(p) for p in problems))


def batch_frame(df: Any, units: str = "km", threads: int | None = None) -> Any:
    """A GeoDataFrame of geodesic distances and bearings for a DataFrame of pairs.

    ``df`` has columns ``from_lon, from_lat, to_lon, to_lat`` (degrees). The
    result adds ``distance_<units>``, ``initial_bearing``, ``final_bearing``,
    ``initial_compass`` and a two-point LineString geometry (EPSG:4326); the
    input is not modified. For map display densify with ``geodata.base.geodesy.densify``.
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    units = _units(units)
    missing = [c for c in ("from_lon", "from_lat", "to_lon", "to_lat") if c not in df.columns]
    if missing:
        raise InputError(f"batch_frame: missing columns {', '.join(missing)}; give from_lon, from_lat, to_lon, to_lat in degrees")
    a = [df[c].to_numpy(dtype=np.float64) for c in ("from_lon", "from_lat", "to_lon", "to_lat")]
    d, az1, az2 = inverse_arrays(a[0], a[1], a[2], a[3], threads=threads)
    out = df.copy()
    out[f"distance_{units}"] = d / {"km": 1000.0, "mi": 1609.344, "nmi": 1852.0, "m": 1.0}[units]
    out["initial_bearing"] = az1
    out["final_bearing"] = az2
    out["initial_compass"] = compass_array(az1)
    coords = np.stack([np.stack([a[0], a[1]], axis=1), np.stack([a[2], a[3]], axis=1)], axis=1)
    geom = shapely.linestrings(coords)
    return gpd.GeoDataFrame(out, geometry=geom, crs="EPSG:4326")
