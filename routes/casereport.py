"""What ``routemap validate`` reports about a case: its summary (counts, km by mode) and the place warnings.

:func:`country_warnings` warns when a case place lies outside the country it
declares (Natural Earth borders, hinting at swapped lat/lon); warnings are
sorted by :func:`line_key`.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from geodata.base.errors import InputError, Problem
from geodata.place import Place

from .caseschema import Collector, fmt_value
from .model import MODES, Case, Leg

#: how far (km) a place may lie outside its declared country before a warning (coastal ports, borders)
COUNTRY_TOLERANCE_KM = 5.0


def line_key(p: Problem) -> tuple[int, str]:
    """Sort key of a problem or warning: by line, then message."""
    return (p.line or 0, p.message)


def summarize(case: Case, routes: Iterable[Any] | None = None, *,
              warnings: Sequence[Problem] = ()) -> dict[str, Any]:
    """A JSON-ready summary: counts, km by mode (along ``routes`` or geodesic), warnings.

    Without ``routes``, each leg's length is the geodesic through its explicit
    path, or from → via… → to.
    """
    by_key = {r.key: r for r in routes} if routes is not None else {}
    km: dict[str, float] = {}
    legs_by_mode: dict[str, int] = {}
    route_warnings: list[str] = []
    method = "routed" if routes is not None else "geodesic"
    for leg in case.legs():
        r = by_key.get(leg.key)
        if r is not None:
            length = float(r.length_km)
            route_warnings.extend(f"{leg.key}: {w}" for w in r.warnings)
        else:
            length = leg_geodesic_km(leg)
        km[leg.mode] = km.get(leg.mode, 0.0) + length
        legs_by_mode[leg.mode] = legs_by_mode.get(leg.mode, 0) + 1
    order = [m for m in MODES if m in km]
    return {
        "title": case.title,
        "path": case.path,
        "shipments": len(case.shipments),
        "legs": sum(legs_by_mode.values()),
        "sources": len(case.sources),
        "claims": len(case.claims),
        "places": len(case.places),
        "length_method": method,
        "by_mode": [{"mode": m, "legs": legs_by_mode[m], "km": round(km[m], 1)} for m in order],
        "total_km": round(sum(km.values()), 1),
        "warnings": [str(w) for w in sorted(warnings, key=line_key)] + route_warnings,
    }


def leg_geodesic_km(leg: Leg) -> float:
    """Geodesic length (km) of a leg: along its explicit path, else from → via… → to."""
    from geodata.base.geodesy import line_length_m

    coords = list(leg.path) if leg.path else [leg.origin.lonlat, *(v.lonlat for v in leg.via), leg.destination.lonlat]
    return line_length_m(coords) / 1000.0



def country_warnings(placed: Sequence[tuple[Place, int]], c: Collector) -> None:
    """Warn when a case place lies outside the country it declares (hinting at swapped lat/lon)."""
    declared = [(p, line) for p, line in placed if p.country]
    if not declared:
        return
    from shapely.geometry import Point

    from geodata import naturalearth

    from geodata.base.geodesy import GEOD

    for p, line in declared:
        try:
            country = naturalearth.country(p.country)  # type: ignore[arg-type]
        except InputError as e:
            c.error(line, f"place {p.name!r}: {e}")
            continue
        geom = country.geometry
        tol_km = max(COUNTRY_TOLERANCE_KM, p.uncertainty_km or 0.0)
        if _near(geom, p.lon, p.lat, tol_km, GEOD, Point):
            continue
        msg = f"place {p.name!r}: lat {fmt_value(p.lat)}, lon {fmt_value(p.lon)} is outside {country.name}, its country {p.country}"
        if abs(p.lon) <= 90 and _near(geom, p.lat, p.lon, tol_km, GEOD, Point):
            msg += f"; lat/lon swapped? (lat {fmt_value(p.lon)}, lon {fmt_value(p.lat)} is in {country.name})"
        else:
            msg += "; check the coordinates and the country"
        c.warn(line, msg)


def _near(geom: Any, lon: float, lat: float, tol_km: float, geod: Any, point: Any) -> bool:
    """True when (lon, lat) is in ``geom`` or within ``tol_km`` of it (tested at 8 geodesic bearings)."""
    if geom.contains(point(lon, lat)):
        return True
    lons, lats, _ = geod.fwd([lon] * 8, [lat] * 8, [0, 45, 90, 135, 180, 225, 270, 315], [tol_km * 1000.0] * 8)
    return any(geom.contains(point(x, y)) for x, y in zip(lons, lats, strict=True))

