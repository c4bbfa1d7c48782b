"""Leg routing: turn a leg (origin, via points, destination, mode) into a line geometry.

* ``air`` and ``unknown`` legs, and any leg a network cannot serve, are drawn as
  the WGS84 geodesic, densified so they draw as the true curve (method ``geodesic``).
* ``sea`` legs follow the marnet sea lanes (method ``sea-marnet``), with the lane
  edges that cut across land re-routed over water once at cache-build time
  (:mod:`routes.sealanes`). Each port joins the lanes by a shortest path over the
  1 km water raster (:mod:`routes.lastmile`, :mod:`geodata.water`), or by a
  straight line when it is clear of land, or when the port is up a river the
  raster does not resolve and a lane node is within :data:`DIRECT_JOIN_KM`
  (marnet's waterway reaches it). The join node is chosen among the nearest few
  so that connector + lane + connector is shortest (one Dijkstra over marnet,
  bounded by a generous radius first, unbounded if needed: exact either way). A
  port point more than :data:`APPROACH_MAX_KM` from navigable water (a city
  centre) starts the line at the nearest water, not drawn over land, recorded as
  a ``water-approach`` snap. ``land_km`` counts only real land: where the raster
  and Natural Earth 10m agree, outside the curated straits and canals and
  marnet's unresolved waterways, more than :data:`PORT_ZONE_KM` from the ports;
  the warning says where. Port joins and land checks are cached per process
  (ports and lanes recur across legs).
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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from geodata.place import Place

from geodata.base.geodesy import GEOD, cut_antimeridian, inverse, line_length_m, intersection_lines, same_place
from .model import MODES, Avoid, Case, Leg
from .routed import Route, Snap

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

def densify_fast(coords: Sequence[LonLat], spacing_km: float) -> list[LonLat]:
    """Like :func:`geodata.base.geodesy.densify` (WGS84 geodesic points every ``spacing_km`` at most),
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


# ---------------------------------------------------------------- rail and road

def _graph_segment(a: Place, b: Place, kind: str, net: Any = None) -> _Segment:
    from geodata.graph import NoPairSnap, network

    net = net if net is not None else network(kind)
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

@dataclass(frozen=True)
class _PortEnd:
    """How one port joins the lanes: candidate marnet nodes, connector cost (km) and line to each."""

    nodes: Any                   # int array
    cost: Any                    # float array, km over water (inf: not reachable)
    lines: tuple[list[LonLat] | None, ...]   # port ... node, or None
    approach_km: float = 0.0     # how far the port point is from the water its water paths start on


#: the last miles of ports seen in this process, by (lon, lat): ports recur across legs
_PORT_ENDS: dict[LonLat, _PortEnd | None] = {}


def _port_end(p: LonLat) -> _PortEnd | None:
    """The candidate joins of a port to marnet, over water (cached per process); None when no lane is near."""
    if p in _PORT_ENDS:
        return _PORT_ENDS[p]
    import numpy as np

    from geodata.sea import marnet

    from .lastmile import water_paths
    from .sealanes import land_runs

    net = marnet()
    km, nodes = net.nearest(p, SEA_CANDIDATES, SEA_MAX_SNAP_KM)
    if not len(nodes):
        _PORT_ENDS[p] = None
        return None
    keep = km <= max(km[0] + CANDIDATE_SPAN_KM, 2.0 * km[0])
    km, nodes = km[keep], nodes[keep]
    joins = net.path_coords(nodes.tolist())
    cost = np.full(len(nodes), np.inf)
    lines: list[list[LonLat] | None] = [None] * len(nodes)
    for k, j in enumerate(joins):       # a clear straight line to a lane node: join directly
        if not land_runs([p, j]):
            cost[k], lines[k] = float(km[k]), [p, j]
    todo = np.flatnonzero(~np.isfinite(cost))
    approach_km = 0.0
    if len(todo):
        wp = water_paths(p, [joins[k] for k in todo.tolist()], limit_km=3.0 * float(km[todo].max()) + 100.0)
        river = wp.approach_km > APPROACH_MAX_KM and bool((km[todo] <= DIRECT_JOIN_KM).any())
        if river:   # a port up a river the raster does not resolve: marnet's own waterway reaches it
            for k in todo[km[todo] <= DIRECT_JOIN_KM].tolist():
                cost[k], lines[k] = float(km[k]), [p, joins[k]]
        elif wp.approach_km <= APPROACH_MAX_KM or (not np.isfinite(cost).any() and wp.approach_km <= APPROACH_FAR_KM):
            approach_km = wp.approach_km
            for k, c, line in zip(todo.tolist(), wp.km.tolist(), wp.paths, strict=True):
                if line is not None:
                    cost[k], lines[k] = c + wp.approach_km, [p, *line]
    if not np.isfinite(cost).any():   # no water path in the window: fall back to the nearest node, straight
        cost[0], lines[0] = km[0], [p, joins[0]]
    if len(_PORT_ENDS) > 10_000:  # pragma: no cover - bound the memory of long-running processes
        _PORT_ENDS.clear()
    _PORT_ENDS[p] = out = _PortEnd(nodes, cost, tuple(lines), approach_km)
    return out


def _lane_search(na: Any, ca: Any, nb: Any, cb: Any, limit: float,
                 graph: Any = None) -> tuple[float, list[int]] | None:
    """Shortest (connector a + lane + connector b) over the repaired marnet (or ``graph``, the same nodes with
    the edges an ``avoid`` takes out removed), searched up to ``limit`` km."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra

    from .sealanes import lanes

    g = lanes().graph if graph is None else graph
    n = g.shape[0]
    ok = np.isfinite(ca)
    # one extra row: a source joined to a's candidates by their connector costs
    big = sp.csr_matrix((np.concatenate([g.data, np.maximum(ca[ok], 1e-9)]),
                         np.concatenate([g.indices, na[ok]]),
                         np.concatenate([g.indptr, [g.indptr[-1] + int(ok.sum())]])), shape=(n + 1, n + 1))
    dist, pred = dijkstra(big, directed=True, indices=n, return_predecessors=True, limit=limit)
    total = dist[nb] + cb
    j = int(np.argmin(total))
    if not np.isfinite(total[j]) or total[j] > limit:
        return None
    nodes = [int(nb[j])]
    while pred[nodes[-1]] != n:
        nodes.append(int(pred[nodes[-1]]))
    nodes.reverse()
    return float(total[j]), nodes


def _sea_segment(a: Place, b: Place, graph: Any = None) -> _Segment:
    """A sea segment over the repaired marnet lanes; ``graph`` (same node ids) is the lanes without what an
    ``avoid`` takes out, where a port's candidate joins without lanes left are not used."""
    import numpy as np

    from geodata.sea import marnet

    from .sealanes import lanes

    net = marnet()
    ends = []
    nodes: Any  # the candidate nodes near each end, then the sea-lane path's node ids
    for p in (a, b):
        end = _port_end(p.lonlat)
        if end is None:
            return _geodesic_segment(a, b, (f"no marnet sea lane within {SEA_MAX_SNAP_KM:g} km of {p.name}; "
                                            f"{a.name} → {b.name} drawn as a geodesic",))
        ends.append(end)
    ea, eb = ends
    ca, cb = ea.cost, eb.cost
    if graph is not None:   # a join node the restriction isolated cannot be used
        deg = np.diff(graph.indptr)
        ca, cb = np.where(deg[ea.nodes] > 0, ca, np.inf), np.where(deg[eb.nodes] > 0, cb, np.inf)
        if not (np.isfinite(ca).any() and np.isfinite(cb).any()):
            return _geodesic_segment(a, b, (f"no marnet sea lane is left near {a.name if not np.isfinite(ca).any() else b.name}",))
    # Dijkstra bounded by a generous guess first (exact when the best route fits in it), then unbounded
    crow = inverse(a.lonlat, b.lonlat).distance_km
    found = None
    for limit in (1.5 * crow + 500.0, 3.0 * crow + 1000.0, np.inf):
        found = _lane_search(ea.nodes, ca, eb.nodes, cb, limit, graph)
        if found is not None:
            break
    if found is None:  # pragma: no cover - marnet is one component around the ports used
        return _geodesic_segment(a, b, (f"no marnet sea lane joins {a.name} and {b.name}; drawn as a geodesic",))
    _, nodes = found
    i = int(np.flatnonzero(ea.nodes == nodes[0])[0])
    j = int(np.flatnonzero(eb.nodes == nodes[-1])[0])
    la, lb = ea.lines[i], eb.lines[j]
    assert la is not None and lb is not None
    warnings = []
    snaps, approach = [], []
    for place, line, end in ((a, la, ea), (b, lb, eb)):
        d = line_length_m(line) / 1000.0
        snaps.append(d)
        approach.append(end.approach_km if len(line) > 2 and end.approach_km > APPROACH_MAX_KM else 0.0)
        if approach[-1]:
            warnings.append(f"{place.name}: the point is {approach[-1]:.0f} km from navigable water on the 1 km raster "
                            f"(a city centre or a river quay?); the sea route {'starts' if place is a else 'ends'} "
                            f"at the nearest water, {_where(line[1])} (snap 'water-approach')")
        if d > SEA_SNAP_WARN_KM:
            warnings.append(f"{place.name}: joins the marnet sea lanes {d:.0f} km away; "
                            "the connector is routed over water (1 km raster)")
    # an inland point (a city centre) is not joined to its water over land: the line starts at the water
    la, lb = (la[1:] if approach[0] else la), (lb[1:] if approach[1] else lb)
    coords = [*la[:-1], *lanes().coords(nodes), *lb[::-1][1:]]
    return _Segment(coords, (snaps[0], net.name), (snaps[1], net.name), tuple(warnings), True, *approach)


def _where(p: LonLat) -> str:
    """'42.23°N 130.30°E'."""
    return f"{abs(p[1]):.2f}°{'N' if p[1] >= 0 else 'S'} {abs(p[0]):.2f}°{'E' if p[0] >= 0 else 'W'}"


# ---------------------------------------------------------------- public API

def route_points(points: Sequence[Place], mode: str, *, spacing_km: float = 25.0,
                 shipment_id: str = "", leg_index: int = 0, avoid: Avoid | None = None) -> Route:
    """Route through ``points`` ([origin, *via, destination]) by ``mode``; length in km (WGS84 geodesic).

    ``mode`` is one of :data:`routes.model.MODES`; ``air`` and ``unknown`` give a
    densified geodesic (``spacing_km`` apart at most). Via points split the route
    into sub-segments, joined without repeating the joint. With ``avoid``, rail,
    road and sea legs use the network without those countries and passages
    (:mod:`geodata.avoid`); when it has no route, :class:`~geodata.base.errors.NoRoute`.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    if len(points) < 2:
        raise ValueError(f"a route needs at least 2 points (origin and destination), got {len(points)}")
    if spacing_km <= 0:
        raise ValueError(f"spacing_km must be positive, got {spacing_km}")
    net = _restricted(mode, avoid) if avoid and mode in METHOD_BY_MODE else None
    segments = []
    for a, b in zip(points, points[1:], strict=False):
        if same_place(a.lonlat, b.lonlat) or mode not in METHOD_BY_MODE:  # length 0 (the case file warns), or air
            segments.append(_geodesic_segment(a, b))
            continue
        seg = _sea_segment(a, b, net) if mode == "sea" else _graph_segment(a, b, mode, net)
        if net is not None and not seg.on_network:   # the restricted network does not join them: never fall back
            from geodata.base.errors import NoRoute

            why = "; ".join(p for w in seg.warnings for p in w.split("; ") if "drawn as a geodesic" not in p)
            why = why or "the network without them does not join the two places"
            raise NoRoute(f"no {mode} route from {a.name} to {b.name} "
                          f"{avoid.text()}: {why}")  # type: ignore[union-attr]
        segments.append(direct_sea_hop(a, b, seg) if mode == "sea" else seg)
    coords: list[LonLat] = []
    parts = []
    for seg in segments:
        part = densify_fast(_dedupe(seg.coords), spacing_km)
        parts.append(part)
        coords.extend(part[1:] if coords else part)
    if len(coords) == 1:
        coords.append(coords[0])
    on_network = any(s.on_network for s in segments)
    method = METHOD_BY_MODE[mode] if on_network else "geodesic"
    snaps = _snaps(points, segments) if mode in METHOD_BY_MODE else ()
    warnings = list(dict.fromkeys(w for s in segments for w in s.warnings))
    land_km = None
    if mode == "sea":
        land_km, more = _sea_land(parts, segments, points)
        warnings.extend(more)
    return Route(
        shipment_id=shipment_id, leg_index=leg_index, mode=mode, method=method, coords=tuple(coords),
        length_km=line_length_m(coords) / 1000.0, snaps=snaps, warnings=tuple(warnings), land_km=land_km,
    )


def _restricted(mode: str, avoid: Avoid) -> Any:
    """The ``mode`` network without the countries and passages of ``avoid``."""
    from geodata.avoid import forbidden_countries, restricted

    forbidden = forbidden_countries(avoid.countries, avoid.stay_in)
    if mode == "sea":   # the repaired lanes (routes.sealanes) keep marnet's node ids: take edges out, keep the ids
        from geodata.avoid import sea_graph_without

        from .sealanes import lanes

        return sea_graph_without(lanes().graph, forbidden, avoid.passages)
    return restricted(mode, forbidden)


def _sea_land(parts: Sequence[Sequence[LonLat]], segments: Sequence[_Segment],
              points: Sequence[Place]) -> tuple[float, list[str]]:
    """Land km of a sea route from its segments' drawn (densified) lines (both land masks agreeing, passages exempt,
    :data:`PORT_ZONE_KM` at each port, plus any approach from an inland point, ignored) and a warning
    naming where the longest stretches are."""
    from .sealanes import route_land_runs

    runs = [r for part, seg in zip(parts, segments, strict=True)
            for r in route_land_runs(part, (PORT_ZONE_KM + seg.approach_a, PORT_ZONE_KM + seg.approach_b))]
    km = round(sum(r.km for r in runs), 3)
    warnings = []
    if km > LAND_WARN_KM:
        where = "; ".join(r.describe() for r in sorted(runs, key=lambda r: -r.km)[:5])
        warnings.append(f"{points[0].name} → {points[-1].name}: {km:.1f} km of the sea route crosses land "
                        f"(1 km raster and Natural Earth 10m agree) more than {PORT_ZONE_KM:g} km from the ports: "
                        f"{where}")
    return km, warnings


def _snaps(points: Sequence[Place], segments: Sequence[_Segment]) -> tuple[Snap, ...]:
    """One Snap per point that joined a network (via points: the longer of their two snaps), and one
    (network ``water-approach``) per sea port moved from an inland point to the nearest navigable water."""
    out = []
    last = len(points) - 1
    for k, p in enumerate(points):
        found: list[tuple[float, str]] = []
        moved = 0.0
        if k > 0 and (snap_b := segments[k - 1].snap_b) is not None:
            found.append(snap_b)
            moved = max(moved, segments[k - 1].approach_b)
        if k < last and (snap_a := segments[k].snap_a) is not None:
            found.append(snap_a)
            moved = max(moved, segments[k].approach_a)
        if found:
            km, net = max(found)
            role = "from" if k == 0 else "to" if k == last else "via"
            out.append(Snap(role=role, place=p.name, distance_km=round(km, 3), network=net))
            if moved:
                out.append(Snap(role=role, place=p.name, distance_km=round(moved, 3), network="water-approach"))
    return tuple(out)


def route_leg(leg: Leg, *, spacing_km: float = 25.0) -> Route:
    """Route one leg; an explicit ``leg.path`` is used as given (method ``explicit``), densified geodesically.

    When the path does not start at the origin (or end at the destination) the
    place is joined to it by a geodesic, recorded as a snap to network "path".
    """
    if leg.path is None:
        return route_points([leg.origin, *leg.via, leg.destination], leg.mode, spacing_km=spacing_km,
                            shipment_id=leg.shipment_id, leg_index=leg.index, avoid=leg.avoid)
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


def route_case(case: Case, *, spacing_km: float = 25.0, progress: bool = False,
               jobs: int | None = 1) -> tuple[Route, ...]:
    """Route every leg of ``case`` in file order, each with its countries, crossings and passages
    (:func:`routes.transit.annotate`); ``jobs`` processes (:func:`routes.parallel.route_legs`, the one driver).

    With ``progress``, a tqdm bar on stderr appears when routing takes more than a moment.
    """
    from .parallel import route_legs

    return route_legs(case, jobs=jobs, spacing_km=spacing_km, progress=progress)


def route_to_dict(route: Route) -> dict[str, Any]:
    """A JSON-ready dict of ``route`` with a GeoJSON geometry cut at the antimeridian."""
    parts = cut_antimeridian(route.coords)
    if len(parts) == 1:
        geometry: dict[str, Any] = {"type": "LineString", "coordinates": [list(c) for c in parts[0]]}
    else:
        geometry = {"type": "MultiLineString", "coordinates": [[list(c) for c in p] for p in parts]}
    out = {
        "shipment_id": route.shipment_id, "leg_index": route.leg_index, "mode": route.mode,
        "method": route.method, "length_km": round(route.length_km, 3),
        "length_nmi": round(route.length_km / 1.852, 3) if route.mode == "sea" else None,
        "land_km": route.land_km,
        "snaps": [{"role": s.role, "place": s.place, "distance_km": s.distance_km, "network": s.network}
                  for s in route.snaps],
        "warnings": list(route.warnings),
        "geometry": geometry,
    }
    if route.transit is not None:
        from .transit import transit_to_dict

        out.update(transit_to_dict(route.transit))
    return out


# ---------------------------------------------------------------- short open-water hops

#: a hop at most this long (km, geodesic) is "short"
SHORT_HOP_KM = 200.0
#: a sea-lane route more than this many times the geodesic of a short hop is a detour
DETOUR_FACTOR = 3.0
#: the direct line may cross at most this much Natural Earth land (km) to be used
DIRECT_LAND_KM = 0.05


def direct_sea_hop(a: Place, b: Place, seg: _Segment) -> _Segment:
    """The direct line instead of ``seg`` for a short open-water hop the sea lanes make a detour of.

    When ``a`` → ``b`` is at most :data:`SHORT_HOP_KM` (geodesic), the sea-lane
    route is more than :data:`DETOUR_FACTOR` times longer, and the direct
    geodesic crosses no land (both ends on water), the direct line is used with a
    note saying so; if it crosses land, ``seg`` stays with a note on the detour.
    """
    geo_km = inverse(a.lonlat, b.lonlat).distance_m / 1000.0
    seg_km = line_length_m(seg.coords) / 1000.0
    if geo_km <= 0.0 or geo_km > SHORT_HOP_KM or seg_km <= DETOUR_FACTOR * geo_km:
        return seg
    from geodata.base.geodesy import densify

    land = float(land_lengths_km([densify([a.lonlat, b.lonlat], 1.0)])[0])
    if land > DIRECT_LAND_KM:
        note = (f"{a.name} → {b.name}: the sea-lane route ({seg_km:,.1f} km) is {seg_km / geo_km:.0f}× the direct line "
                f"({geo_km:,.1f} km), which crosses {land:,.1f} km of land")
        return _Segment(seg.coords, seg.snap_a, seg.snap_b, (*seg.warnings, note), seg.on_network)
    note = (f"{a.name} → {b.name}: the direct line over open water ({geo_km:,.1f} km, WGS84 geodesic) is shorter "
            f"than the sea-lane route ({seg_km:,.1f} km); the direct line is used")
    return _Segment([a.lonlat, b.lonlat], None, None, (note,), False)
