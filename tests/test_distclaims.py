"""Claims between places (routes.distclaims): a leg's routed line reused for a network claim, its leg warnings not."""
from __future__ import annotations

from geodata.place import Place
from routes.checkfmt import notes
from routes.distclaims import NetworkRoutes, check_distance
from routes.model import Case, Leg, Shipment
from routes.routed import Route, Transit

DUNAY = Place("test:dunay", "Dunay", 42.888, 132.349, "port", "RU")
TIKHORETSK = Place("test:tikhoretsk", "Tikhoretsk", 45.855, 40.126, "town", "RU")
LEG = Leg("s", 1, DUNAY, TIKHORETSK, "rail")
ROUTE = Route("s", 1, "rail", "rail-osm", (DUNAY.lonlat, TIKHORETSK.lonlat), 9000.0,
              warnings=("Dunay: a gap drawn as a straight line", "both ends are in RU but the route passes through CN"),
              transit=Transit((), (), 0.0), leg_warnings=("both ends are in RU but the route passes through CN",))


def test_a_legs_route_is_reused_with_only_its_routings_warnings() -> None:
    case = Case("t", (Shipment("s", "S", (LEG,)),))
    networks = NetworkRoutes(case, {LEG.key: ROUTE})
    assert networks.between(DUNAY, TIKHORETSK, "rail") is ROUTE   # not routed again
    place = {"Dunay": DUNAY, "Tikhoretsk": TIKHORETSK}.__getitem__
    v = check_distance({"from": "Dunay", "to": "Tikhoretsk", "value": 9000, "unit": "km", "basis": "rail"},
                       {"claim_id": "c", "kind": "distance"}, place, networks)
    assert v.verdict == "consistent" and v.detail.endswith(notes(ROUTE.routing_warnings))
    assert "passes through CN" not in v.detail


def test_a_leg_with_a_via_is_not_reused() -> None:
    chita = Place("test:chita", "Chita", 52.04311, 113.49171, "city", "RU")
    leg = Leg("s", 1, DUNAY, TIKHORETSK, "rail", via=(chita,))
    case = Case("t", (Shipment("s", "S", (leg,)),))
    assert NetworkRoutes(case, {leg.key: ROUTE})._leg_routes() == {}


def test_a_bearing_from_a_pole_cannot_be_checked() -> None:
    """From the North Pole every direction is south: the bearing pyproj gives depends on the pole's longitude."""
    from routes.distclaims import check_bearing

    pole = Place("test:np", "North Pole", 90.0, 0.0, "point")
    svalbard = Place("test:lyr", "Longyearbyen", 78.2232, 15.6267, "town", "NO")
    place = {"North Pole": pole, "Longyearbyen": svalbard}.__getitem__
    v = check_bearing({"from": "North Pole", "to": "Longyearbyen", "value": "S"}, {"claim_id": "b", "kind": "bearing"},
                      place)
    assert v.verdict == "cannot check" and "at the North Pole, where every direction is south" in v.detail
    back = check_bearing({"from": "Longyearbyen", "to": "North Pole", "value": "N"},
                         {"claim_id": "b", "kind": "bearing"}, place)
    assert back.verdict == "consistent"
