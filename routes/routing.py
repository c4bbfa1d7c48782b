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

Modules: this one (rail/road segments and the public API), :mod:`routes.legseg`
(thresholds, the segment record, geometry helpers), :mod:`routes.legsea` (sea segments).
"""
from __future__ import annotations

import math
from typing import Any, Sequence

from geodata.base.geodesy import cut_antimeridian, densify, inverse, line_length_m, same_place
from geodata.place import Place

from .legsea import _sea_segment, direct_sea_hop
from .legseg import (LAND_WARN_KM, MAX_SNAP_KM, METHOD_BY_MODE, PORT_ZONE_KM, SNAP_WARN_KM, LonLat, _dedupe,
                     _geodesic_segment, _Segment, land_length_km)
from .model import MODES, Avoid, Case, Leg
from .routed import Route, Snap

# ---------------------------------------------------------------- rail and road

#: a rail or road route this many times its straight line (between places at least DETOUR_MIN_KM apart) is warned
#: about: OpenStreetMap-derived graphs miss links (the Crimean Bridge, Astrakhan–Atyrau) and route far round them
DETOUR_FACTOR, DETOUR_MIN_KM = 2.5, 50.0
#: the words of that warning, by which checks know a route's length may be far too long
MISSING_LINK = "may be missing a link"


def suspect_length(route: Route) -> bool:
    """Whether the routing warned that ``route`` goes far round a link its graph may be missing."""
    return any(MISSING_LINK in w for w in route.routing_warnings)

def _graph_segment(a: Place, b: Place, kind: str, net: Any = None) -> _Segment:
    from geodata.graph import NoPairSnap
    from geodata.netcache import network

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
    straight = inverse(a.lonlat, b.lonlat).distance_km
    along = line_length_m(path) / 1000.0 + da + db
    if straight >= DETOUR_MIN_KM and along > DETOUR_FACTOR * straight:
        warnings.append(
            f"the {kind} route from {a.name} to {b.name} is {along:,.0f} km, {along / straight:.1f}× the "
            f"{straight:,.0f} km straight line: the {kind} graph {MISSING_LINK} (a bridge, a ferry, a "
            "border line); check the route before using its length"
        )
    return _Segment([a.lonlat, *path, b.lonlat], (da, net.name), (db, net.name), tuple(warnings), True)


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
        part = densify(_dedupe(seg.coords), spacing_km)
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
    coords = densify(_dedupe(line), spacing_km)
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
