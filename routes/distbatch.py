"""Batch mode of ``routemap distance``: the geodesic distance and bearings of every row of a CSV of pairs.

Rows are read with their line numbers (a bad row is an :class:`InputError` naming ``file:line``, or skipped
with ``skip_bad``), place names are resolved once each, and the pairs are computed in one vectorised call
(:func:`routes.distance.inverse_arrays`) and written atomically. :func:`batch_frame` is the same for a DataFrame.
"""
from __future__ import annotations

import csv
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from geodata.base.errors import InputError, Problem, RoutemapError
from geodata.base.geodesy import METHOD

from .distance import checked_units, compass_array, inverse_arrays

#: How many bad rows a batch error lists before summarising the rest.
MAX_PROBLEMS = 20


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


class _Resolver:
    """Place text ("lat,lon" or a name) to (lon, lat), each distinct text once; the gazetteer loaded when first needed."""

    def __init__(self, gazetteer: Any) -> None:
        self._gazetteer = gazetteer
        self._loaded = False
        self._cache: dict[str, tuple[float, float]] = {}

    def __call__(self, text: str) -> tuple[float, float]:
        if text in self._cache:
            return self._cache[text]
        from geodata.coords import parse_coordinates

        c = parse_coordinates(text)
        if c is None:
            if not self._loaded:
                from geodata.gazetteer import Gazetteer

                self._gazetteer = self._gazetteer or Gazetteer.default()
                self._loaded = True
            from geodata.resolve import require

            p = require(self._gazetteer.lookup(text))
            c = (p.lon, p.lat)
        self._cache[text] = c
        return c


@dataclass
class _Pairs:
    """What reading a pairs CSV gave: rows read, the good pairs (texts and coordinates) and the bad rows."""

    rows: int = 0
    names: list[tuple[str, str]] = field(default_factory=list)
    coords: list[tuple[float, float, float, float]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _open_pairs(src: str) -> BinaryIO:
    """The pairs CSV opened for reading, or :class:`InputError` saying why it cannot be."""
    try:
        return open(src, "rb")
    except OSError as e:
        raise InputError(f"{src}: cannot read ({e.strerror or e})") from None


def _pair(row: list[str], layout: str, idx: tuple[int, ...], header: list[str],
          resolve: _Resolver) -> tuple[tuple[str, str], tuple[float, float, float, float]]:
    """One row's (from, to) texts and (lon1, lat1, lon2, lat2); ValueError (or a RoutemapError) when it is bad."""
    if len(row) <= max(idx):
        raise InputError(f"row has {len(row)} columns, the header {len(header)}; quote \"lat,lon\" values")
    if layout == "names":
        a, b = row[idx[0]].strip(), row[idx[1]].strip()
        if not a or not b:
            raise InputError("empty 'from' or 'to'; give a place name or \"lat,lon\"")
        (lon1, lat1), (lon2, lat2) = resolve(a), resolve(b)
        return (a, b), (lon1, lat1, lon2, lat2)
    lat1, lon1, lat2, lon2 = (float(row[i]) for i in idx)
    for la, lo in ((lat1, lon1), (lat2, lon2)):
        if not (math.isfinite(la) and math.isfinite(lo)):
            raise InputError(f"coordinates {la},{lo} are not numbers (nan or inf); give degrees")
        if not (-90 <= la <= 90 and -180 <= lo <= 180):
            raise InputError(f"coordinates {la},{lo} out of range; latitude -90..90, longitude -180..180")
    return (f"{lat1},{lon1}", f"{lat2},{lon2}"), (lon1, lat1, lon2, lat2)


def _read_pairs(src: str, resolve: _Resolver, progress: bool) -> _Pairs:
    """Every row of the pairs CSV ``src``: the good pairs, and a :class:`Problem` with its line for each bad row."""
    from geodata.inputs import text_lines

    bad_lines: dict[int, str] = {}
    out = _Pairs()
    with _open_pairs(src) as f:
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
            out.rows += 1
            line = reader.line_num
            if line in bad_lines:
                out.problems.append(Problem(src, line, bad_lines[line]))
                continue
            try:
                names, coords = _pair(row, layout, idx, header, resolve)
            except ValueError as e:  # InputError is a ValueError; float() too
                msg = str(e) if isinstance(e, InputError) else f"not a number ({e})"
                out.problems.append(Problem(src, line, msg))
                continue
            except RoutemapError as e:  # PlaceNotFound
                out.problems.append(Problem(src, line, str(e)))
                continue
            out.names.append(names)
            out.coords.append(coords)
    return out


def _refuse(src: str, problems: list[Problem]) -> InputError:
    """The error for bad rows: the first :data:`MAX_PROBLEMS` with their lines, then how many more."""
    shown = problems[:MAX_PROBLEMS]
    if len(problems) > MAX_PROBLEMS:
        shown.append(Problem(src, None, f"... and {len(problems) - MAX_PROBLEMS} more bad rows"))
    return InputError(shown)


def _write(out: Any, units: str, pairs: _Pairs, dist: Any, az1: Any, az2: Any) -> None:
    """Write the output CSV atomically: one row per good pair, coordinates and figures at fixed precision."""
    from geodata.base.atomic import atomic_write

    comp = compass_array(az1)
    with atomic_write(out, newline="") as fo:
        w = csv.writer(fo)
        w.writerow(["from", "to", "from_lat", "from_lon", "to_lat", "to_lon", f"distance_{units}",
                    "initial_bearing", "final_bearing", "initial_compass"])
        w.writerows(
            (a, b, f"{la1:.7f}", f"{lo1:.7f}", f"{la2:.7f}", f"{lo2:.7f}", f"{dd:.6f}", f"{b1:.9f}", f"{b2:.9f}", c)
            for (a, b), (lo1, la1, lo2, la2), dd, b1, b2, c
            in zip(pairs.names, pairs.coords, dist.tolist(), az1.tolist(), az2.tolist(), comp, strict=True)
        )


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

    from geodata.base.atomic import check_writable
    from geodata.inputs import check_input_file

    t0 = time.perf_counter()
    units = checked_units(units)
    src = os.fspath(pairs_csv_in)
    out = check_writable(out_csv, inputs=(src,))
    check_input_file(src, "--pairs CSV")  # a regular file within the size limit
    pairs = _read_pairs(src, _Resolver(gazetteer), progress)
    if pairs.problems and not skip_bad:
        raise _refuse(src, pairs.problems)
    arr = np.array(pairs.coords, dtype=np.float64).reshape(-1, 4)
    tc = time.perf_counter()
    nthreads = max(1, threads or os.cpu_count() or 1)
    d, az1, az2 = inverse_arrays(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], threads=nthreads)
    compute = time.perf_counter() - tc
    dist = d / (1000.0 if units == "km" else {"mi": 1609.344, "nmi": 1852.0, "m": 1.0}[units])
    _write(out, units, pairs, dist, az1, az2)
    return BatchStats(pairs.rows, len(pairs.coords), len(pairs.problems), time.perf_counter() - t0, compute,
                      nthreads if len(pairs.coords) >= 20000 else 1, units, str(out),
                      tuple(str(p) for p in pairs.problems))


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

    units = checked_units(units)
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
