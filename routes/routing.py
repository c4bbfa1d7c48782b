"""Leg routing: turn a leg (origin, via points, destination, mode) into a line geometry.

* ``air`` and ``unknown`` legs, and any leg a network cannot serve, are drawn as
  the WGS84 geodesic, densified so they draw as the true curve (method ``geodesic``).
* ``sea`` legs follow the marnet sea lanes (method ``sea-marnet``). Each end joins
  the network by a straight (geodesic) connector that stays part of the line. The
  join node is chosen among the nearest few so that connector + sea lane is
  shortest, with each km of connector over Natural Earth land costing
  :data:`LAND_PENALTY` km (so a port does not join a lane on the far side of a
  peninsula). The finished line is checked against Natural Earth land: ``land_km``.
  Land checks are batched into one STRtree query, and connector checks are cached
  per process (ports recur across legs).
* ``rail`` and ``road`` legs follow the OpenStreetMap-derived graphs from
  ``scgraph_data`` (methods ``rail-osm``, ``road-osm``). Both ends snap to ONE
  connected component (the one minimising the two snap distances), so a stub
  line near a port never strands the route.

Thresholds (documented, not tunable per call): an end further than
:data:`MAX_SNAP_KM` from a network node (:data:`SEA_MAX_SNAP_KM` for sea, whose
lanes are sparse) cannot use the network and the segment falls back to a
geodesic with a warning; a snap longer than :data:`SNAP_WARN_KM`
(:data:`SEA_SNAP_WARN_KM` for sea) is warned about. Network edge weights are
approximate km and only choose the path: ``length_km`` is always the WGS84
geodesic length of the final, densified polyline. Coordinates are (lon, lat),
longitudes wrapped into [-180, 180] in path order (exporters cut at ±180°).
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from geodata.place import Place

from .geodesy import GEOD, cut_antimeridian, inverse, line_length_m
from .model import MODES, Case, Leg, Route, Snap

LonLat = tuple[float, float]

#: beyond this distance (km) from the nearest rail/road node, a segment is drawn as a geodesic
MAX_SNAP_KM = 300.0
#: the same for sea legs: marnet's lanes are far apart in places (Petropavlovsk-Kamchatsky: 270 km)
SEA_MAX_SNAP_KM = 500.0
#: snaps longer than this (km) get a warning
SNAP_WARN_KM = 10.0
SEA_SNAP_WARN_KM = 100.0
#: a km of sea connector over land costs this many km when choosing where to join the lanes
LAND_PENALTY = 20.0
#: sea legs with more than this (km) over Natural Earth land get a warning
LAND_WARN_KM = 5.0
#: land within this distance (km, along the line) of a port is not warned about: Natural Earth's
#: 10m coastline puts many quays on land, and connectors leave enclosed bays
PORT_ZONE_KM = 15.0
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


# ---------------------------------------------------------------- geometry helpers

def densify_fast(coords: Sequence[LonLat], spacing_km: float) -> list[LonLat]:
    """Like :func:`routes.geodesy.densify` (WGS84 geodesic points every ``spacing_km`` at most),
    vectorised for long network paths; longitudes wrapped into [-180, 180].

    Each segment longer than ``spacing_km`` gets the fewest equally spaced
    geodesic points that bring every step under it; the given vertices are kept
    exactly.

    >>> pts = densify_fast([(130.28, 42.25), (40.09, 45.88)], 100)
    >>> len(pts) > 60, max(lat for _, lat in pts) > 54
    (True, True)
    """
    import numpy as np

    if spacing_km <= 0:
        raise ValueError(f"spacing_km must be positive, got {spacing_km}")
    arr = np.asarray([(float(x), float(y)) for x, y in coords], dtype=np.float64).reshape(-1, 2)
    if len(arr) >= 2:
        arr = _densify_array(arr, spacing_km)
    lon = arr[:, 0]
    out = (lon < -180.0) | (lon > 180.0)
    if out.any():
        lon = np.where(out, ((lon + 180.0) % 360.0) - 180.0, lon)
    return list(zip(lon.tolist(), arr[:, 1].tolist(), strict=True))


def _densify_array(arr: Any, spacing_km: float) -> Any:
    """(n, 2) lon/lat array with geodesic points inserted so no step exceeds ``spacing_km`` (not wrapped)."""
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
        pts = _densify_array(np.asarray(coords, dtype=np.float64).reshape(-1, 2), 5.0)
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
    parts, src = shapely.get_parts(inter, return_index=True)
    while True:  # flatten nested collections
        multi = shapely.get_type_id(parts) >= 4
        if not multi.any():
            break
        sub, k = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], sub])  # type: ignore[assignment]
        src = np.concatenate([src[~multi], src[multi][k]])
    line = (shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)
    parts, src = parts[line], src[line]
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


# ---------------------------------------------------------------- rail and road

def _graph_segment(a: Place, b: Place, kind: str) -> _Segment:
    from geodata.graph import NoPairSnap, network

    net = network(kind)
    snap = net.snap_pair(a.lonlat, b.lonlat, MAX_SNAP_KM)
    if isinstance(snap, NoPairSnap):
        if math.isinf(snap.a_km) or math.isinf(snap.b_km):
            far = a if math.isinf(snap.a_km) else b
            msg = f"no {kind} network within {MAX_SNAP_KM:g} km of {far.name}; {a.name} → {b.name} drawn as a geodesic"
        else:
            msg = (f"no single {kind} network joins {a.name} and {b.name} within {MAX_SNAP_KM:g} km of both "
                   f"(the nearest {kind} nodes, {snap.a_km:.0f} km and {snap.b_km:.0f} km away, are on networks "
                   f"that do not connect); drawn as a geodesic")
        return _geodesic_segment(a, b, (msg,))
    nodes = net.shortest_path(snap.a, snap.b)
    if nodes is None:  # pragma: no cover - snap_pair picks one component
        return _geodesic_segment(a, b, (f"no {kind} path from {a.name} to {b.name}; drawn as a geodesic",))
    path = net.path_coords(nodes)
    da, db = inverse(a.lonlat, path[0]).distance_km, inverse(b.lonlat, path[-1]).distance_km
    warnings = []
    for place, other, d in ((a, b, da), (b, a, db)):
        if d > SNAP_WARN_KM:
            warnings.append(
                f"{place.name}: nearest {kind} node reachable from {other.name} is {d:.0f} km away "
                f"(a spur may be missing from the {kind} graph); the gap is drawn as a straight line"
            )
    return _Segment([a.lonlat, *path, b.lonlat], (da, net.name), (db, net.name), tuple(warnings), True)


# ---------------------------------------------------------------- sea

#: land km of sea connectors, by (place lon, lat, marnet node lon, lat): ports recur across legs
_CONNECTOR_LAND: dict[tuple[float, float, float, float], float] = {}


def _connector_land_km(origin: LonLat, ends: Sequence[LonLat]) -> list[float]:
    """Land km of the geodesic connectors from ``origin`` to each of ``ends`` (cached per process)."""
    keys = [(origin[0], origin[1], e[0], e[1]) for e in ends]
    todo = [k for k in dict.fromkeys(keys) if k not in _CONNECTOR_LAND]
    if todo:
        if len(_CONNECTOR_LAND) > 100_000:  # pragma: no cover - bound the memory of long-running processes
            _CONNECTOR_LAND.clear()
        for k, km in zip(todo, land_lengths_km([[(k[0], k[1]), (k[2], k[3])] for k in todo]).tolist(), strict=True):
            _CONNECTOR_LAND[k] = km
    return [_CONNECTOR_LAND[k] for k in keys]


def _sea_segment(a: Place, b: Place) -> _Segment:
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra

    from geodata.sea import marnet

    net = marnet()
    ends = []
    nodes: Any  # the candidate nodes near each end, then the sea-lane path's node ids
    for p in (a, b):
        km, nodes = net.nearest(p.lonlat, SEA_CANDIDATES, SEA_MAX_SNAP_KM)
        if not len(nodes):
            return _geodesic_segment(a, b, (
                f"no marnet sea lane within {SEA_MAX_SNAP_KM:g} km of {p.name}; {a.name} → {b.name} drawn as a geodesic",))
        joins = net.path_coords(nodes.tolist())
        lon = np.asarray([j[0] for j in joins])
        lat = np.asarray([j[1] for j in joins])
        _, _, d = GEOD.inv(np.full(len(lon), p.lonlat[0]), np.full(len(lon), p.lonlat[1]), lon, lat)
        snap = np.asarray(d) / 1000.0
        cost = snap + LAND_PENALTY * np.asarray(_connector_land_km(p.lonlat, joins))
        ends.append((nodes, cost, snap))
    (na, ca, sa), (nb, cb, sb) = ends
    # one Dijkstra over marnet plus a source joined to a's candidates and a sink joined from b's,
    # each link weighted by its connector cost: the path source -> sink minimises connector + lane + connector
    g, n = net.graph, net.size
    src, sink = n, n + 1
    links = sp.csr_matrix(
        (np.maximum(np.concatenate([ca, cb]), 1e-9),
         (np.concatenate([np.full(len(na), src), nb]), np.concatenate([na, np.full(len(nb), sink)]))),
        shape=(n + 2, n + 2))
    big = sp.csr_matrix((g.data, g.indices, np.concatenate([g.indptr, [g.indptr[-1]] * 2])), shape=(n + 2, n + 2))
    dist, pred = dijkstra(big + links, directed=True, indices=src, return_predecessors=True)
    if not np.isfinite(dist[sink]):  # pragma: no cover - marnet is one component around the ports used
        return _geodesic_segment(a, b, (f"no marnet sea lane joins {a.name} and {b.name}; drawn as a geodesic",))
    nodes = []
    node = int(pred[sink])
    while node != src:
        nodes.append(node)
        node = int(pred[node])
    nodes.reverse()
    i = int(np.flatnonzero(na == nodes[0])[0])
    j = int(np.flatnonzero(nb == nodes[-1])[0])
    warnings = []
    for place, d in ((a, float(sa[i])), (b, float(sb[j]))):
        if d > SEA_SNAP_WARN_KM:
            warnings.append(f"{place.name}: joins the marnet sea lanes {d:.0f} km away; the connector is drawn as a geodesic")
    coords = [a.lonlat, *net.path_coords(nodes), b.lonlat]
    return _Segment(coords, (float(sa[i]), net.name), (float(sb[j]), net.name), tuple(warnings), True)


# ---------------------------------------------------------------- public API

def route_points(points: Sequence[Place], mode: str, *, spacing_km: float = 25.0,
                 shipment_id: str = "", leg_index: int = 0) -> Route:
    """Route through ``points`` ([origin, *via, destination]) by ``mode``; length in km (WGS84 geodesic).

    ``mode`` is one of :data:`routes.model.MODES`; ``air`` and ``unknown`` give a
    densified geodesic (``spacing_km`` apart at most). Via points split the route
    into sub-segments, joined without repeating the joint.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    if len(points) < 2:
        raise ValueError(f"a route needs at least 2 points (origin and destination), got {len(points)}")
    if spacing_km <= 0:
        raise ValueError(f"spacing_km must be positive, got {spacing_km}")
    segments = []
    for a, b in zip(points, points[1:], strict=False):
        if mode == "sea":
            segments.append(_sea_segment(a, b))
        elif mode in ("rail", "road"):
            segments.append(_graph_segment(a, b, mode))
        else:
            segments.append(_geodesic_segment(a, b))
    coords: list[LonLat] = []
    for seg in segments:
        part = densify_fast(_dedupe(seg.coords), spacing_km)
        coords.extend(part[1:] if coords else part)
    if len(coords) == 1:
        coords.append(coords[0])
    on_network = any(s.on_network for s in segments)
    method = METHOD_BY_MODE[mode] if on_network else "geodesic"
    snaps = _snaps(points, segments) if mode in METHOD_BY_MODE else ()
    warnings = list(dict.fromkeys(w for s in segments for w in s.warnings))
    land_km = None
    if mode == "sea":
        land = land_lengths_km([coords, *(_trim(s.coords, PORT_ZONE_KM) for s in segments)])
        land_km = round(float(land[0]), 3)
        away = float(land[1:].sum())
        if away > LAND_WARN_KM:
            warnings.append(
                f"{points[0].name} → {points[-1].name}: {away:.1f} km of the sea route crosses Natural Earth land "
                f"more than {PORT_ZONE_KM:g} km from the ports ({land_km:.1f} km in all); the sea-lane data "
                "or a connector cuts a headland or island"
            )
    return Route(
        shipment_id=shipment_id, leg_index=leg_index, mode=mode, method=method, coords=tuple(coords),
        length_km=line_length_m(coords) / 1000.0, snaps=snaps, warnings=tuple(warnings), land_km=land_km,
    )


def _snaps(points: Sequence[Place], segments: Sequence[_Segment]) -> tuple[Snap, ...]:
    """One Snap per point that joined a network (via points: the longer of their two snaps)."""
    out = []
    last = len(points) - 1
    for k, p in enumerate(points):
        found: list[Any] = []
        if k > 0 and segments[k - 1].snap_b is not None:
            found.append(segments[k - 1].snap_b)
        if k < last and segments[k].snap_a is not None:
            found.append(segments[k].snap_a)
        if found:
            km, net = max(found)
            role = "from" if k == 0 else "to" if k == last else "via"
            out.append(Snap(role=role, place=p.name, distance_km=round(km, 3), network=net))
    return tuple(out)


def route_leg(leg: Leg, *, spacing_km: float = 25.0) -> Route:
    """Route one leg; an explicit ``leg.path`` is used as given (method ``explicit``), densified geodesically.

    When the path does not start at the origin (or end at the destination) the
    place is joined to it by a geodesic, recorded as a snap to network "path".
    """
    if leg.path is None:
        return route_points([leg.origin, *leg.via, leg.destination], leg.mode, spacing_km=spacing_km,
                            shipment_id=leg.shipment_id, leg_index=leg.index)
    path = [(float(x), float(y)) for x, y in leg.path]
    if not path:
        raise ValueError(f"leg {leg.key}: the explicit path is empty")
    snaps, warnings = [], []
    line = list(path)
    for role, place, end in (("from", leg.origin, path[0]), ("to", leg.destination, path[-1])):
        d = inverse(place.lonlat, end).distance_km
        snaps.append(Snap(role=role, place=place.name, distance_km=round(d, 3), network="path"))
        if d > 0.001:
            line = [place.lonlat, *line] if role == "from" else [*line, place.lonlat]
        if d > SNAP_WARN_KM:
            warnings.append(f"{place.name}: the given path {'starts' if role == 'from' else 'ends'} {d:.0f} km away; "
                            "joined with a geodesic")
    coords = densify_fast(_dedupe(line), spacing_km)
    if len(coords) == 1:
        coords.append(coords[0])
    land_km = None
    if leg.mode == "sea":
        land_km = round(land_length_km(coords), 3)
        if land_km > LAND_WARN_KM:
            warnings.append(f"{leg.label}: {land_km:.1f} km of the given sea path crosses Natural Earth land (10m coastline)")
    return Route(
        shipment_id=leg.shipment_id, leg_index=leg.index, mode=leg.mode, method="explicit", coords=tuple(coords),
        length_km=line_length_m(coords) / 1000.0, snaps=tuple(snaps), warnings=tuple(warnings), land_km=land_km,
    )


def route_case(case: Case, *, spacing_km: float = 25.0, progress: bool = False) -> tuple[Route, ...]:
    """Route every leg of ``case`` in file order; each network is loaded at most once per process.

    With ``progress``, a tqdm bar on stderr appears when routing takes more than a moment.
    """
    from tqdm import tqdm

    legs = list(case.legs())
    out = []
    for leg in tqdm(legs, desc="routing legs", unit="leg", file=sys.stderr, disable=not progress, delay=1.0):
        out.append(route_leg(leg, spacing_km=spacing_km))
    return tuple(out)


def route_to_dict(route: Route) -> dict[str, Any]:
    """A JSON-ready dict of ``route`` with a GeoJSON geometry cut at the antimeridian."""
    parts = cut_antimeridian(route.coords)
    if len(parts) == 1:
        geometry: dict[str, Any] = {"type": "LineString", "coordinates": [list(c) for c in parts[0]]}
    else:
        geometry = {"type": "MultiLineString", "coordinates": [[list(c) for c in p] for p in parts]}
    return {
        "shipment_id": route.shipment_id, "leg_index": route.leg_index, "mode": route.mode,
        "method": route.method, "length_km": round(route.length_km, 3),
        "length_nmi": round(route.length_km / 1.852, 3) if route.mode == "sea" else None,
        "land_km": route.land_km,
        "snaps": [{"role": s.role, "place": s.place, "distance_km": s.distance_km, "network": s.network}
                  for s in route.snaps],
        "warnings": list(route.warnings),
        "geometry": geometry,
    }
