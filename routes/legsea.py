"""Sea segments of a leg: port joins to the marnet lanes, the lane search and short open-water hops.

See :mod:`routes.routing` for the method.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geodata.base.geodesy import densify, inverse, line_length_m
from geodata.place import Place

from .legseg import (APPROACH_FAR_KM, APPROACH_MAX_KM, CANDIDATE_SPAN_KM, DIRECT_JOIN_KM, SEA_CANDIDATES, SEA_MAX_SNAP_KM,
                     SEA_SNAP_WARN_KM, LonLat, _geodesic_segment, _Segment, land_lengths_km)

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
    land = float(land_lengths_km([densify([a.lonlat, b.lonlat], 1.0)])[0])
    if land > DIRECT_LAND_KM:
        note = (f"{a.name} → {b.name}: the sea-lane route ({seg_km:,.1f} km) is {seg_km / geo_km:.0f}× the direct line "
                f"({geo_km:,.1f} km), which crosses {land:,.1f} km of land")
        return _Segment(seg.coords, seg.snap_a, seg.snap_b, (*seg.warnings, note), seg.on_network)
    note = (f"{a.name} → {b.name}: the direct line over open water ({geo_km:,.1f} km, WGS84 geodesic) is shorter "
            f"than the sea-lane route ({seg_km:,.1f} km); the direct line is used")
    return _Segment([a.lonlat, b.lonlat], None, None, (note,), False)
