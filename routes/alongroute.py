"""Lengths along a case's legs: each leg's route (given, or routed now) against its straight geodesic.

:func:`route_for_leg` is the one way the checks and ``routemap distance --case`` get a leg's route when the
routing driver (:func:`routes.parallel.route_legs`) has not given it. Lengths in km; coordinates (lon, lat).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from geodata.base.errors import InputError, RoutemapError
from geodata.base.geodesy import METHOD, convert, inverse
from geodata.place import Place

from .distance import checked_units, rounded

if TYPE_CHECKING:  # pragma: no cover
    from .model import Case, Leg
    from .routed import Route


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
                "length_km": rounded(self.length_km, 3), "geodesic_km": rounded(self.geodesic_km, 3),
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
        return {"shipment": self.shipment_id, "units": self.units, "total": rounded(self.total, 3),
                "total_km": rounded(self.total_km, 3), "legs": [leg.to_dict() for leg in self.legs],
                "geodesic_method": METHOD}


def _geodesic_route(leg: Leg, points: Sequence[Place], warnings: tuple[str, ...] = ()) -> Route:
    from geodata.base.geodesy import densify, line_length_m
    from .routed import Route

    coords = [p.lonlat for p in points]
    return Route(leg.shipment_id, leg.index, leg.mode, "geodesic", tuple(densify(coords)),
                 line_length_m(coords) / 1000.0, warnings=warnings)


def route_for_leg(leg: Leg, routes: Any = None, spacing_km: float = 25.0) -> Route:
    """The leg's route: from ``routes`` (Routes or a mapping by key) if given, else routed now.

    Give a mapping (:func:`routes.routed.routes_by_key`) when looking up many legs:
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
    units = checked_units(units)
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
