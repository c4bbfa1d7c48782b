"""A case as GeoDataFrames (EPSG:4326) for notebooks: one row per leg, one row per place.

geopandas and shapely are imported inside the functions.
"""
from __future__ import annotations

from typing import Any, Iterable

from .model import Case, Leg
from .routed import Route

CRS = "EPSG:4326"


def _iso(w: Any, attr: str) -> str | None:
    return getattr(w, attr) if w is not None else None


def legs_frame(case: Case, routes: Iterable[Route] | None = None) -> Any:
    """One row per leg with its routed line (a MultiLineString when it crosses ±180°).

    ``routes`` defaults to routing the case with :func:`routes.routing.route_case`
    (loads the sea/rail/road networks). Lengths are km along the route.
    Columns: key, shipment_id, leg_index, shipment_title, mode, method,
    from_name, from_id, from_lon, from_lat, to_name, to_id, to_lon, to_lat,
    via_names, depart, arrive, depart_earliest, arrive_latest, carrier, status,
    confidence, cargo, length_km, land_km, snaps, warnings, sources, notes, line, geometry.
    """
    import geopandas as gpd
    from shapely.geometry import LineString, MultiLineString

    from geodata.base.geodesy import cut_antimeridian

    if routes is None:
        from .routing import route_case

        routes = route_case(case)
    by_key = {r.key: r for r in routes}
    rows: list[dict[str, Any]] = []
    geoms = []
    for ship in case.shipments:
        for leg in ship.legs:
            r = by_key.get(leg.key)
            if r is None:
                raise KeyError(f"no route for leg {leg.key}; pass the routes of this case (or none to route it)")
            parts = cut_antimeridian(r.coords) if len(r.coords) >= 2 else []
            if len(parts) == 1:
                geoms.append(LineString(parts[0]))
            elif parts:
                geoms.append(MultiLineString(parts))
            else:
                geoms.append(None)
            rows.append(_leg_row(leg, r, ship.title, ship.status, ship.confidence, ship.cargo))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=CRS)


def _leg_row(leg: Leg, r: Route, title: str, status: str, confidence: str, cargo: str | None) -> dict[str, Any]:
    return {
        "key": leg.key, "shipment_id": leg.shipment_id, "leg_index": leg.index, "shipment_title": title,
        "mode": leg.mode, "method": r.method,
        "from_name": leg.origin.name, "from_id": leg.origin.id, "from_lon": leg.origin.lon, "from_lat": leg.origin.lat,
        "to_name": leg.destination.name, "to_id": leg.destination.id,
        "to_lon": leg.destination.lon, "to_lat": leg.destination.lat,
        "via_names": "; ".join(v.name for v in leg.via) or None,
        "depart": _iso(leg.depart, "text"), "arrive": _iso(leg.arrive, "text"),
        "depart_earliest": _iso(leg.depart, "earliest"), "arrive_latest": _iso(leg.arrive, "latest"),
        "carrier": leg.carrier, "status": status, "confidence": confidence, "cargo": cargo,
        "length_km": float(r.length_km), "land_km": r.land_km,
        "snaps": "; ".join(f"{s.role} {s.place}: {s.distance_km:.1f} km to {s.network}" for s in r.snaps) or None,
        "warnings": "; ".join(r.warnings) or None,
        "sources": "; ".join(leg.sources) or None, "notes": leg.notes, "line": leg.line,
    }


def places_frame(case: Case) -> Any:
    """One row per distinct place: the case's ``places:`` block and every leg end, via and path place.

    Columns: id, name, kind, country, lon, lat, uncertainty_km, source, aliases,
    in_case_file (from the ``places:`` block), legs (keys of the legs that use it), geometry (Point).
    """
    import geopandas as gpd
    from shapely.geometry import Point

    places: dict[str, Any] = {}
    used: dict[str, list[str]] = {}
    own = {p.id for p in case.places}
    for p in case.places:
        places.setdefault(p.id, p)
        used.setdefault(p.id, [])
    for leg in case.legs():
        for p in (leg.origin, *leg.via, leg.destination):
            places.setdefault(p.id, p)
            keys = used.setdefault(p.id, [])
            if leg.key not in keys:
                keys.append(leg.key)
    rows = [{
        "id": p.id, "name": p.name, "kind": p.kind, "country": p.country, "lon": p.lon, "lat": p.lat,
        "uncertainty_km": p.uncertainty_km, "source": p.source, "aliases": "; ".join(p.aliases) or None,
        "in_case_file": p.id in own, "legs": "; ".join(used[p.id]) or None,
    } for p in places.values()]
    geoms = [Point(p.lon, p.lat) for p in places.values()]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=CRS)
