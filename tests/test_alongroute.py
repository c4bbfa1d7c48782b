"""Lengths along a case's legs: given routes, geodesic and explicit legs, and the errors."""
from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from geodata.base.errors import InputError
from geodata.place import Place
from routes.alongroute import along_route
from routes.dates import parse_when
from routes.model import Case, Leg, Shipment

WGS = Geodesic.WGS84


def P(name: str, lat: float, lon: float) -> Place:
    return Place(id=f"test:{name}", name=name, lat=lat, lon=lon)


NAJIN, DUNAY, TIKHORETSK = P("Najin", 42.245, 130.30), P("Dunay", 42.888, 132.349), P("Tikhoretsk", 45.855, 40.126)


def test_along_route_with_given_routes() -> None:
    from routes.routed import Route

    leg1 = Leg("s", 1, NAJIN, DUNAY, "air", depart=parse_when("2023-09-07"), arrive=parse_when("2023-09-08"))
    leg2 = Leg("s", 2, DUNAY, TIKHORETSK, "rail", path=((132.349, 42.888), (100.0, 50.0), (40.126, 45.855)))
    case = Case("t", (Shipment("s", "S", (leg1, leg2)),))
    r = along_route(case, "s")
    g1 = WGS.Inverse(42.245, 130.30, 42.888, 132.349)["s12"] / 1000
    assert r.legs[0].method == "geodesic" and r.legs[0].length_km == pytest.approx(g1, abs=1e-6)
    assert r.legs[1].method == "explicit" and r.legs[1].length_km > r.legs[1].geodesic_km
    given = Route("s", 2, "rail", "rail-osm", ((132.349, 42.888), (40.126, 45.855)), 9000.0)
    only2 = along_route(case, "s", leg=2, routes=[given], units="mi")
    assert only2.total_km == 9000.0 and only2.total == pytest.approx(9000 / 1.609344)
    with pytest.raises(InputError, match=r"^shipment 's' has legs 1-2; there is no leg 3$"):
        along_route(case, "s", leg=3)
    with pytest.raises(InputError, match=r"^no shipment 'x' in this case; known: s$"):
        along_route(case, "x")
