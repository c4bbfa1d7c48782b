"""Analysis objects with real coordinates, built from routes.model dataclasses, for the export tests.

Coordinates: Najin, Dunay, Tikhoretsk, Pyongyang, Vladivostok from GeoNames
(rounded); Petropavlovsk-Kamchatsky 158.65,53.04 and Anchorage -149.9,61.22 as
given in issue 7. Routes are WGS84 geodesics densified with geodata.base.geodesy (a
stand-in for network routing, which these tests do not exercise).
"""
from __future__ import annotations

from geodata.place import Place
from routes.dates import parse_when
from geodata.base.geodesy import densify, line_length_m

from mapdata import angara_legs
from routes.model import Case, Leg, Quantity, Shipment, Source
from routes.routed import Route, Snap
from routes.verdict import Analysis, Figures, Verdict

NAJIN = Place("geonames:2039335", "Najin", 42.2497, 130.2958, "port", "KP", source="geonames:2039335")
DUNAY = Place("case:dunay", "Dunay", 42.8939, 132.3500, "port", "RU", uncertainty_km=2.0, source="case file demo.yaml:12")
DEPOT = Place("case:tikhoretsk-depot", "Tikhoretsk ammunition depot", 45.88, 40.09, "depot", "RU", uncertainty_km=10.0,
              aliases=("Tikhoretsk depot",), source="yonhap-2023-10-14")
PYONGYANG = Place("geonames:1871859", "Pyongyang", 39.0339, 125.7543, "city", "KP")
VLADIVOSTOK = Place("geonames:2013348", "Vladivostok", 43.12, 131.89, "port", "RU")
PETROPAVLOVSK = Place("geonames:2122104", "Petropavlovsk-Kamchatsky", 53.04, 158.65, "port", "RU")
ANCHORAGE = Place("geonames:5879400", "Anchorage", 61.22, -149.9, "port", "US")
KHASAN = Place("geonames:2039869", "Khasan", 42.4308, 130.6434, "rail_station", "RU", notes='said "near <b>the</b> bridge"')

SOURCES = (
    Source("yonhap-2023-10-14", "N. Korea sent more than 1,000 containers | White House", "Yonhap", "2023-10-14",
           "https://en.yna.co.kr/view/AEN20231014000351315"),
    Source("ap-2023-09-12", "Kim Jong Un arrives in Russia", "Associated Press", "2023-09-12"),
    Source("evil", "<script>alert(1)</script> & friends", url="javascript:alert(1)"),
)


def _route(leg: Leg, method: str, spacing_km: float = 25.0, snaps: tuple[Snap, ...] = (),
           warnings: tuple[str, ...] = ()) -> Route:
    pts = [leg.origin.lonlat, *(v.lonlat for v in leg.via), leg.destination.lonlat]
    coords = tuple(densify(pts, spacing_km))
    return Route(leg.shipment_id, leg.index, leg.mode, method, coords, line_length_m(coords) / 1000.0,
                 snaps=snaps, warnings=warnings, land_km=0.0 if leg.mode == "sea" else None)


def analysis() -> Analysis:
    """Three shipments, six legs (one crossing the antimeridian), three checks (one with a line, two without)."""
    angara = angara_legs(DEPOT)
    pacific = (
        Leg("pacific-2023", 1, VLADIVOSTOK, PETROPAVLOVSK, "sea", depart=parse_when("2023-09-12T06:00:00+09:00"),
            arrive=parse_when("2023-09")),
        Leg("pacific-2023", 2, PETROPAVLOVSK, ANCHORAGE, "sea", arrive=parse_when("2023-10/2023-11-02")),
    )
    train = (
        Leg("kim-train-2023", 1, PYONGYANG, VLADIVOSTOK, "rail", via=(KHASAN,), depart=parse_when("2023-09-10"),
            sources=("ap-2023-09-12", "evil")),
        Leg("kim-train-2023", 2, VLADIVOSTOK, VLADIVOSTOK, "unknown"),
    )
    shipments = (
        Shipment("angara-2023", "Munitions containers to Russia on MV Angara", angara,
                 cargo="military equipment and munitions",
                 quantity=Quantity("1000", 1000.0, 1000.0, "containers", "more than"),
                 status="reported", confidence="medium", sources=("yonhap-2023-10-14",), notes="About 300 containers"),
        Shipment("pacific-2023", "An antimeridian voyage", pacific, status="disputed", confidence="low"),
        Shipment("kim-train-2023", "Kim's armoured train", train, status="confirmed", confidence="high",
                 sources=("ap-2023-09-12",)),
    )
    case = Case("Export test case: Najin, Dunay & <the> Pacific", shipments, SOURCES, places=(DEPOT,))
    snaps = (Snap("from", "Najin", 1.2, "marnet"), Snap("to", "Dunay", 0.4, "marnet"))
    routes = (
        _route(angara[0], "sea-marnet", 10.0, snaps=snaps),
        _route(angara[1], "rail-osm", 25.0, snaps=(Snap("from", "Dunay", 41.0, "osm-rail"),),
               warnings=("Dunay: nearest rail node is 41 km away",)),
        _route(pacific[0], "geodesic"),
        _route(pacific[1], "geodesic"),
        _route(train[0], "rail-osm"),
        Route("kim-train-2023", 2, "unknown", "geodesic", (VLADIVOSTOK.lonlat, VLADIVOSTOK.lonlat), 0.0),
    )
    claim_line = tuple(densify([PYONGYANG.lonlat, VLADIVOSTOK.lonlat], 50.0))
    verdicts = (
        Verdict("vlad-pyongyang-km", "distance", "consistent", "680 km", "685 km", "WGS84 geodesic",
                "+5 km (+0.7%)", source="ap-2023-09-12", coords=claim_line,
                figures=Figures("km", 680.0, 680.0, 685.3, 685.3, 5.3, 68.0, "geodesic")),
        Verdict("plausibility:angara-2023/1", "plausibility", "consistent", "", "9 kn", "marnet",
                leg="angara-2023/1", figures=Figures("km/h", 1.0, 46.3, 16.0, 18.5, 0.0, 0.0, "implied average speed")),
        Verdict("trucks-rate", "rate", "inconsistent", "300 trucks ± 10%", "12–24 trucks (1–2 per month × 12 months)",
                "rate × length of the period 2011", "−276 trucks (−92%) from the claim; outside ± 10%",
                figures=Figures("trucks", 300.0, 300.0, 12.0, 24.0, -276.0, 30.0, "rate × period")),
    )
    return Analysis(case, routes, verdicts)
