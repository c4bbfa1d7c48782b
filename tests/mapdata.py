"""Analysis objects with real coordinates for the map tests (built from routes.model dataclasses).

Coordinates: Najin, Dunay, Tikhoretsk, Pyongyang, Vladivostok, Khasan from
GeoNames (rounded); Petropavlovsk-Kamchatsky 158.65,53.04 and Anchorage
-149.9,61.22. Routes are WGS84 geodesics densified with geodata.base.geodesy (a
stand-in for network routing); the rail leg is densified to 3,000+ points to
exercise display simplification. One case carries hostile text in every
field a user writes.
"""
from __future__ import annotations

from geodata.place import Place
from routes.dates import parse_when
from geodata.base.geodesy import densify, line_length_m
from routes.model import Case, Leg, Quantity, Shipment, Source
from routes.routed import Route
from routes.verdict import Analysis, Verdict

NAJIN = Place("geonames:2039335", "Najin", 42.2497, 130.2958, "port", "KP", source="geonames:2039335")
DUNAY = Place("case:dunay", "Dunay", 42.8939, 132.3500, "port", "RU", uncertainty_km=2.0, source="case file demo.yaml:12")
DEPOT = Place("case:tikhoretsk-depot", "Tikhoretsk ammunition depot", 45.88, 40.09, "depot", "RU", uncertainty_km=10.0,
              source="yonhap-2023-10-14")
PYONGYANG = Place("geonames:1871859", "Pyongyang", 39.0339, 125.7543, "city", "KP")
VLADIVOSTOK = Place("geonames:2013348", "Vladivostok", 43.12, 131.89, "port", "RU")
PETROPAVLOVSK = Place("geonames:2122104", "Petropavlovsk-Kamchatsky", 53.04, 158.65, "port", "RU")
ANCHORAGE = Place("geonames:5879400", "Anchorage", 61.22, -149.9, "port", "US")
KHASAN = Place("geonames:2039869", "Khasan", 42.4308, 130.6434, "rail_station", "RU")

HOSTILE = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(2)" x="'


def route(leg: Leg, method: str, spacing_km: float = 25.0) -> Route:
    """A geodesic stand-in route for ``leg``, densified every ``spacing_km``."""
    pts = [leg.origin.lonlat, *(v.lonlat for v in leg.via), leg.destination.lonlat]
    coords = tuple(densify(pts, spacing_km))
    return Route(leg.shipment_id, leg.index, leg.mode, method, coords, line_length_m(coords) / 1000.0)


def angara_legs(depot: Place = DEPOT) -> tuple[Leg, Leg]:
    """The MV Angara shipment's two legs: Najin to Dunay by sea, then by rail to ``depot``."""
    return (
        Leg("angara-2023", 1, NAJIN, DUNAY, "sea", depart=parse_when("2023-09-07/2023-09-08"),
            arrive=parse_when("2023-09-12"), carrier="MV Angara", sources=("yonhap-2023-10-14",),
            notes="Seen at Najin on Sept. 7-8"),
        Leg("angara-2023", 2, DUNAY, depot, "rail", depart=parse_when("2023-09-12/"), arrive=parse_when("2023-10-01")),
    )


def analysis(title: str = "North Korea–Russia transfers, 2023") -> Analysis:
    """Four shipments, six legs (one across the antimeridian, one with 3,000+ points), three verdicts."""
    angara = angara_legs()
    train = (
        Leg("kim-train-2023", 1, PYONGYANG, KHASAN, "rail", depart=parse_when("2023-09-10"),
            arrive=parse_when("2023-09-12"), sources=("ap-2023-09-12",)),
        Leg("kim-train-2023", 2, KHASAN, VLADIVOSTOK, "rail", depart=parse_when("2023-09-12"), arrive=parse_when("2023-09-13")),
    )
    pacific = (
        Leg("pacific-2023", 1, PETROPAVLOVSK, ANCHORAGE, "sea", depart=parse_when("2023-09-20"), arrive=parse_when("2023-09-27")),
    )
    road = (Leg("trucks-2011", 1, PYONGYANG, NAJIN, "road"),)
    case = Case(
        title=title,
        shipments=(
            Shipment("angara-2023", "Munitions containers on MV Angara", angara, cargo="military equipment and munitions",
                     quantity=Quantity("1000", 1000, 1000, "containers", "more than"), status="reported",
                     sources=("yonhap-2023-10-14",)),
            Shipment("kim-train-2023", "Kim Jong Un's armoured train", train, cargo="delegation", status="confirmed",
                     confidence="high", sources=("ap-2023-09-12",)),
            Shipment("pacific-2023", "Trans-Pacific test voyage", pacific, status="disputed"),
            Shipment("trucks-2011", "Trucks, undated", road, status="denied"),
        ),
        sources=(
            Source("yonhap-2023-10-14", "N. Korea sent more than 1,000 containers", "Yonhap", "2023-10-14",
                   "https://en.yna.co.kr/view/AEN20231014000351315"),
            Source("ap-2023-09-12", "Kim Jong Un arrives in Russia", "Associated Press", "2023-09-12"),
        ),
    )
    legs = list(case.legs())
    routes = tuple(route(leg, "rail-osm" if leg.mode == "rail" else "sea-marnet" if leg.mode == "sea" else "road-osm",
                         spacing_km=2.0 if leg.key == "angara-2023/2" else 25.0) for leg in legs)
    verdicts = (
        Verdict("vlad-pyongyang-km", "distance", "consistent", "680 km", "684 km", "WGS84 geodesic (pyproj Geod, Karney 2013)",
                detail="+4 km (+0.6%)", coords=tuple(densify([PYONGYANG.lonlat, VLADIVOSTOK.lonlat], 25.0))),
        Verdict("depot-border", "border_distance", "inconsistent", "290 km", "231 km", "Natural Earth 10m, WGS84 geodesic",
                detail="-59 km (-20%)", coords=((40.09, 45.88), (38.2, 47.1))),
        Verdict("plausibility:angara-2023/2", "speed", "consistent", "", "11–14 km/h over 432–480 h", "rail, route length / elapsed",
                leg="angara-2023/2"),
    )
    return Analysis(case=case, routes=routes, verdicts=verdicts)


def hostile_analysis() -> Analysis:
    """The same case with script tags, attribute breakers and javascript: URLs in user-written fields."""
    base = analysis(title=HOSTILE)
    bad_place = Place("case:bad", HOSTILE + ATTR, 43.0, 131.0, "depot", "RU", uncertainty_km=5.0, notes=HOSTILE)
    leg = Leg("evil", 1, bad_place, VLADIVOSTOK, "road", carrier=ATTR, notes="</script><!-- " + HOSTILE,
              depart=parse_when("2023-09-14"), arrive=parse_when("2023-09-15"), sources=("evil",))
    evil = Shipment("evil", HOSTILE, (leg,), cargo=ATTR, status="reported", sources=("evil",))
    case = Case(
        title=base.case.title, shipments=base.case.shipments + (evil,),
        sources=base.case.sources + (Source("evil", HOSTILE + " & co", ATTR, "2023", "javascript:alert(3)"),),
    )
    verdicts = base.verdicts + (Verdict(HOSTILE, "distance", "inconsistent", ATTR, HOSTILE, "<b>method</b>"),)
    return Analysis(case=case, routes=base.routes + (route(leg, "road-osm"),), verdicts=verdicts)
