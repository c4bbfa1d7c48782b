"""Shortest paths over water on a local window of the 1 km water raster (:mod:`geodata.water`).

Used for the last mile of a sea leg (port → the marnet lane nodes around it)
and for repairing marnet lane edges that cut across land (:mod:`routes.sealanes`).

Method: take the raster window around the points (coarsened by whole cells
only when a window would exceed :data:`MAX_CELLS`: a coarse cell is water only
if all its cells are), link each water cell to its 8 neighbours with edge
weights in km (east-west steps shrink with cos(latitude)), and run scipy's
Dijkstra from the start cell, bounded by a radius limit. Points on land are
moved to the nearest water cell that is connected to the targets (the
"approach" point). The cell path is then smoothed by string pulling: each
vertex is joined to the furthest later vertex in straight sight over water on
the full-resolution raster, so the line hugs no more cells than it must and
never leaves the water it was found on. Water cells near the shore cost more and
the string pulling sees only across water at least :data:`SHORE_CELLS` from land,
so lines keep a little off the coast where the sea allows; shore cells that
Natural Earth 10m draws as land cost :data:`NE_LAND_PENALTY` times more. Distances are on the mean sphere (km),
close enough to choose a path; callers measure final lengths with WGS84.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from geodata.base.geodesy import EARTH_RADIUS_KM, sphere_km
from geodata.water import RES, Window, window

LonLat = tuple[float, float]

#: km of one raster row (1/120° of latitude on the mean sphere)
CELL_KM = math.pi * EARTH_RADIUS_KM / 180.0 / RES
#: windows larger than this many cells are coarsened
MAX_CELLS = 600_000
#: margin (km) added around the points when cutting a window
MARGIN_KM = 40.0
#: water within this many cells (about 1 km each) of land costs up to 1 + SHORE_PENALTY times more, so paths
#: keep off the shore where the sea allows (coastlines differ by a cell or two between data sets)
SHORE_CELLS, SHORE_PENALTY = 3.0, 2.0
#: shore water cells that Natural Earth 10m draws as land cost this much more (the two coastlines disagree)
NE_LAND_PENALTY = 10.0
#: water cells this close (cells) to the raster's land are checked against Natural Earth 10m land
NE_CHECK_CELLS = 8.0
#: the 8-neighbour offsets, one per undirected pair direction
_STEPS = ((0, 1), (1, 0), (1, 1), (1, -1))


@dataclass(frozen=True)
class WaterPaths:
    """Paths over water from one start point to several targets.

    ``km[k]`` is the length (km, mean sphere) of the line to target ``k`` (inf when
    no water path joins them in the window) and ``paths[k]`` its smoothed (lon, lat) line from the
    approach point to the target, or None. ``approach`` is where the start
    point meets the water (the point itself when it is on water) and
    ``approach_km`` how far it had to move.
    """

    km: np.ndarray
    paths: tuple[list[LonLat] | None, ...]
    approach: LonLat
    approach_km: float
    target_km: np.ndarray        # how far each target is from the water cell its path ends on (km)


def natural_earth_land(lon: Any, lat: Any) -> np.ndarray:
    """Whether points (degrees; longitudes wrapped here) are on Natural Earth 10m land."""
    import shapely

    from geodata.naturalearth import land

    lon = ((np.asarray(lon, dtype=float) + 180.0) % 360.0) - 180.0
    return shapely.contains_xy(land(), lon, np.asarray(lat, dtype=float))


def _window_for(points: Sequence[LonLat], margin_km: float) -> tuple[Window, int]:
    """A raster window around ``points`` (continuous across 180°) and its coarsening factor."""
    lon = np.asarray([p[0] for p in points], dtype=float)
    lat = np.asarray([p[1] for p in points], dtype=float)
    lon = lon[0] + ((lon - lon[0] + 180.0) % 360.0) - 180.0       # unwrap around the first point
    dlat = margin_km / (CELL_KM * RES)
    lat0, lat1 = max(-89.9, lat.min() - dlat), min(89.9, lat.max() + dlat)
    coslat = max(0.05, math.cos(math.radians(max(abs(lat0), abs(lat1)))))
    dlon = dlat / coslat
    win = window(lon.min() - dlon, lat0, lon.max() + dlon, lat1)
    f = max(1, math.ceil(math.sqrt(win.water.size / MAX_CELLS)))
    return win, f


def _coarsen(water: np.ndarray, f: int) -> np.ndarray:
    """Blocks of ``f`` x ``f`` cells: water only where every cell is water (edge blocks padded with land)."""
    if f == 1:
        return water
    r, c = -(-water.shape[0] // f) * f, -(-water.shape[1] // f) * f
    pad = np.zeros((r, c), dtype=bool)
    pad[:water.shape[0], :water.shape[1]] = water
    return np.asarray(pad.reshape(r // f, f, c // f, f).all(axis=(1, 3)))


def _graph(water: np.ndarray, lat_rows: np.ndarray, cell_km: float, shore: np.ndarray) -> Any:
    """CSR of 8-neighbour links between water cells (each pair once: search it undirected), weights in km
    times the ``shore`` factor of the nearer-to-land cell of each pair."""
    import scipy.sparse as sp

    rows, cols = water.shape
    ids = np.arange(rows * cols, dtype=np.int32).reshape(rows, cols)
    coslat = np.cos(np.radians(lat_rows)).astype(np.float32)
    shore = shore.astype(np.float32)
    u, v, w = [], [], []
    for di, dj in _STEPS:
        c0 = max(0, -dj)
        a = (slice(0, rows - di), slice(c0, cols - max(0, dj)))
        b = (slice(di, rows), slice(c0 + dj, cols - max(0, dj) + dj))
        both = water[a] & water[b]
        mid = coslat[: rows - di] if di == 0 else 0.5 * (coslat[: rows - di] + coslat[di:])
        step = cell_km * np.hypot(np.float32(di), dj * mid)[:, None]
        u.append(ids[a][both])
        v.append(ids[b][both])
        w.append((step * np.maximum(shore[a], shore[b]))[both])
    n = rows * cols
    return sp.csr_matrix((np.concatenate(w), (np.concatenate(u), np.concatenate(v))), shape=(n, n))


def _nearest_water(mask: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """For (k, 2) window cells, the nearest cell where ``mask`` is True (the cell itself if it is)."""
    from scipy import ndimage

    if not mask.any():
        return np.full_like(cells, -1)
    _, idx = ndimage.distance_transform_edt(~mask, return_indices=True)
    i = np.clip(cells[:, 0], 0, mask.shape[0] - 1)
    j = np.clip(cells[:, 1], 0, mask.shape[1] - 1)
    return np.stack([idx[0][i, j], idx[1][i, j]], axis=1)


def sight(water: np.ndarray, a: Any, b: Any) -> bool:
    """Whether the straight line between window cells ``a`` and ``b`` (row, col) crosses only water cells."""
    n = int(max(abs(b[0] - a[0]), abs(b[1] - a[1]))) * 2 + 1
    t = np.arange(n + 1) / n
    i = np.rint(a[0] + (b[0] - a[0]) * t).astype(np.int64)
    j = np.rint(a[1] + (b[1] - a[1]) * t).astype(np.int64)
    return bool(water[i, j].all())


def smooth(water: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """String-pull a path of window cells: keep only the vertices needed for straight runs over water."""
    if len(cells) <= 2:
        return cells
    keep = [0]
    i = 0
    while i < len(cells) - 1:
        lo, hi = i + 1, len(cells) - 1
        if not sight(water, cells[i], cells[hi]):          # furthest visible vertex by bisection, then walk on
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if sight(water, cells[i], cells[mid]):
                    lo = mid
                else:
                    hi = mid
            hi = lo
        keep.append(hi)
        i = hi
    return cells[keep]


def water_paths(start: LonLat, targets: Sequence[LonLat], *, margin_km: float = MARGIN_KM,
                limit_km: float = math.inf) -> WaterPaths:
    """Shortest paths over water (km on the mean sphere) from ``start`` to each of ``targets`` (lon, lat).

    Targets on land are taken from their nearest water cell; the start is moved
    to the nearest water cell connected to a target. ``limit_km`` bounds the search.
    """
    from scipy import ndimage
    from scipy.sparse.csgraph import dijkstra

    k = len(targets)
    none = WaterPaths(np.full(k, np.inf), (None,) * k, start, 0.0, np.full(k, np.inf))
    win, f = _window_for([start, *targets], margin_km)
    fine = win.water
    coarse = _coarsen(fine, f)
    ti, tj = win.cell([t[0] for t in targets], [t[1] for t in targets])
    tcells = _nearest_water(coarse, np.stack([ti // f, tj // f], axis=1))
    if tcells[0, 0] < 0:
        return none
    labels, _ = ndimage.label(coarse, structure=np.ones((3, 3), dtype=bool))
    reach = np.isin(labels, np.unique(labels[tcells[:, 0], tcells[:, 1]]))
    si, sj = win.cell([start[0]], [start[1]])
    s = _nearest_water(reach, np.stack([si // f, sj // f], axis=1))[0]
    rows, cols = coarse.shape
    lat_rows = 90.0 - (win.row0 + (np.arange(rows) + 0.5) * f) / RES
    offshore = ndimage.distance_transform_edt(coarse) * f          # fine cells to the nearest land cell
    shore = 1.0 + SHORE_PENALTY * np.clip((SHORE_CELLS - offshore) / SHORE_CELLS, 0.0, 1.0)
    open_sea = offshore >= SHORE_CELLS
    ci, cj = np.nonzero(coarse & (offshore < NE_CHECK_CELLS))
    if len(ci):   # shore water that Natural Earth 10m draws as land: used only when there is no other way
        clon, clat = win.lonlat((ci + 0.5) * f - 0.5, (cj + 0.5) * f - 0.5)
        ne = natural_earth_land(clon, clat)
        shore[ci[ne], cj[ne]] = 1.0 + NE_LAND_PENALTY
        open_sea[ci[ne], cj[ne]] = False
    g = _graph(coarse, lat_rows, CELL_KM * f, shore)
    src = int(s[0] * cols + s[1])
    dist, pred = dijkstra(g, directed=False, indices=src, return_predecessors=True, limit=limit_km)
    tid = tcells[:, 0] * cols + tcells[:, 1]
    km = np.full(k, np.inf)
    # the approach point: the start's own position when on water, else the centre of its water cell
    on_water = bool(fine[np.clip(si[0], 0, fine.shape[0] - 1), np.clip(sj[0], 0, fine.shape[1] - 1)]) and (
        s[0] == si[0] // f and s[1] == sj[0] // f)
    alon, alat = win.lonlat((s[0] + 0.5) * f - 0.5, (s[1] + 0.5) * f - 0.5)
    approach = start if on_water else (_wrap(float(alon)), float(alat))
    approach_km = 0.0 if on_water else float(sphere_km(start[0], start[1], approach[0], approach[1]))
    paths: list[list[LonLat] | None] = []
    for t, node in zip(targets, tid.tolist(), strict=True):
        if not np.isfinite(dist[node]):
            paths.append(None)
            continue
        seq = [node]
        while seq[-1] != src:
            seq.append(int(pred[seq[-1]]))
        seq.reverse()
        cells = np.stack([np.asarray(seq) // cols, np.asarray(seq) % cols], axis=1)
        pulled = smooth(open_sea, cells) * f + (f - 1) // 2   # a fine cell in each kept coarse cell
        lon, lat = win.lonlat(pulled[:, 0], pulled[:, 1])
        line = [(_wrap(float(x)), float(y)) for x, y in zip(lon.tolist(), lat.tolist(), strict=True)]
        line[0] = approach
        line.append((float(t[0]), float(t[1])))
        paths.append(line)
        xy = np.asarray(line)
        km[len(paths) - 1] = float(sphere_km(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1]).sum())
    tlon, tlat = win.lonlat((tcells[:, 0] + 0.5) * f - 0.5, (tcells[:, 1] + 0.5) * f - 0.5)
    target_km = sphere_km(np.asarray([t[0] for t in targets]), np.asarray([t[1] for t in targets]), tlon, tlat)
    return WaterPaths(km, tuple(paths), approach, approach_km, np.asarray(target_km, dtype=float))


def _wrap(lon: float) -> float:
    """Longitude into [-180, 180]."""
    return lon if -180.0 <= lon <= 180.0 else ((lon + 180.0) % 360.0) - 180.0
