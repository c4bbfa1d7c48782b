"""Claim verdicts (each kind consistent and inconsistent) and leg plausibility."""
from __future__ import annotations

import pytest

from geodata.place import Place
from routes.checks import SPEED_BOUNDS, check_case, plausibility
from routes.dates import parse_when
from routes.model import Case, Claim, Leg, Shipment
from routes.routed import Route
from routes.verdict import Verdict

PLACES = (
    Place("test:pyongyang", "Pyongyang", 39.0392, 125.7625, "city", "KP"),
    Place("test:vladivostok", "Vladivostok", 43.1155, 131.8869, "city", "RU"),
    Place("test:najin", "Najin", 42.245, 130.30, "port", "KP"),
    Place("test:dunay", "Dunay", 42.888, 132.349, "port", "RU"),
    Place("test:tikhoretsk", "Tikhoretsk", 45.855, 40.126, "town", "RU"),
)
N = {p.name: p for p in PLACES}
LEG1 = Leg("angara-2023", 1, N["Najin"], N["Dunay"], "sea",
           depart=parse_when("2023-09-07/2023-09-08"), arrive=parse_when("2023-09-12"))
LEG2 = Leg("angara-2023", 2, N["Dunay"], N["Tikhoretsk"], "rail",
           depart=parse_when("2023-09-12/"), arrive=parse_when("2023-10-01"))
ROUTES = (
    Route("angara-2023", 1, "sea", "sea-marnet", (N["Najin"].lonlat, N["Dunay"].lonlat), 250.0),
    Route("angara-2023", 2, "rail", "rail-osm", (N["Dunay"].lonlat, N["Tikhoretsk"].lonlat), 9000.0),
)


def check(*claims: Claim, legs: tuple[Leg, ...] = (LEG1, LEG2), routes=ROUTES, **kw) -> dict[str, Verdict]:
    case = Case("test", (Shipment("angara-2023", "A", legs),), places=PLACES, claims=claims)
    return {v.claim_id: v for v in check_case(case, routes, **kw)}


def test_distance_consistent_and_inconsistent() -> None:
    v = check(Claim("mi", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": 425, "unit": "mi", "tolerance": "5%"}, source="ap"),
              Claim("far", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": 900, "unit": "km", "tolerance": "20 km"}),
              try_networks=False)
    assert v["mi"].verdict == "consistent" and v["mi"].source == "ap"
    assert v["mi"].claimed == "425 mi ± 5%"
    assert v["mi"].computed == "426 mi geodesic (685 km)"
    assert v["mi"].detail == "+0.69 mi (+0.16%) from the claim; within ± 5%"
    assert v["mi"].method == "WGS84 geodesic (pyproj Geod, Karney 2013)"
    assert v["far"].verdict == "inconsistent"
    assert v["far"].detail == "−215 km (−23.9%) from the claim; outside ± 20 km"
    assert len(v["far"].coords) > 2


def test_distance_figures_match_geographiclib() -> None:
    """The numbers in the texts above, against GeographicLib's geodesic (independent of pyproj); the texts'
    format is checked exactly in the tests around this one."""
    import re

    from geographiclib.geodesic import Geodesic

    ref_km = Geodesic.WGS84.Inverse(39.0392, 125.7625, 43.1155, 131.8869)["s12"] / 1000
    v = check(Claim("mi", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": 425, "unit": "mi", "tolerance": "5%"}),
              Claim("far", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": 900, "unit": "km", "tolerance": "20 km"}),
              Claim("r", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": "600-650", "unit": "km"}),
              try_networks=False)

    def number(text: str) -> float:
        return float(re.match(r"[+−-]?[\d,.]+", text)[0].replace("−", "-").replace(",", ""))

    assert number(v["mi"].detail) == pytest.approx(ref_km / 1.609344 - 425, abs=0.005)   # shown to 0.01 mi
    assert number(v["far"].detail) == pytest.approx(ref_km - 900, abs=0.5)               # shown to 1 km
    assert number(v["r"].detail) == pytest.approx(ref_km - 650, abs=0.05)                # shown to 0.1 km


def test_distance_range_and_default_tolerance() -> None:
    v = check(Claim("r", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": "600-650", "unit": "km"}),
              try_networks=False)["r"]
    assert v.verdict == "consistent" and v.claimed == "600–650 km ± 10% (default)"
    assert v.detail == "+35.1 km (+5.4%) from the claim; within ± 10% (default)"


def test_distance_consistent_by_rail() -> None:
    v = check(Claim("rail", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": 1200, "unit": "km"}))["rail"]
    assert v.verdict == "consistent"
    assert v.detail.startswith("consistent by rail: 1,")
    assert "as a straight line −515 km (−42.9%) from the claim; outside ± 10% (default)" in v.detail


def test_bearing() -> None:
    v = check(Claim("n", "bearing", {"from": "Pyongyang", "to": "Vladivostok", "value": "N"}),
              Claim("ne", "bearing", {"from": "Pyongyang", "to": "Vladivostok", "value": "NE"}),
              Claim("deg", "bearing", {"from": "Pyongyang", "to": "Vladivostok", "value": 40, "tolerance": "5°"}))
    assert v["n"].verdict == "inconsistent"
    assert v["n"].claimed == "N (0°) ± 11.25° (default)"
    assert v["n"].computed == "46.7° (NE), initial bearing from Pyongyang"
    assert v["n"].detail == "+46.7° from the claim (outside ± 11.25°); Vladivostok is NE of Pyongyang"
    assert v["ne"].verdict == "consistent"
    assert v["deg"].verdict == "inconsistent" and v["deg"].claimed == "40° ± 5°"


def test_border_distance() -> None:
    v = check(Claim("b290", "border_distance", {"from": "Tikhoretsk", "to": "UA", "value": 290, "unit": "km", "tolerance": "10%"}),
              Claim("b200", "border_distance", {"from": "Tikhoretsk", "to": "UA", "value": 200, "unit": "km", "tolerance": "10%"}),
              Claim("in", "border_distance", {"from": "Tikhoretsk", "to": "RU", "value": 0, "unit": "km", "tolerance": "1 km"}))
    assert v["b290"].verdict == "inconsistent"
    assert v["b290"].computed == "201 km (nearest point of UA (Ukraine) at 47.0377,38.1423)"
    assert v["b290"].detail == "−88.7 km (−30.6%) from the claim; outside ± 10%"
    assert "German point of view" in v["b290"].method
    assert v["b200"].verdict == "consistent"
    assert v["in"].verdict == "consistent" and "inside RU (Russia)" in v["in"].computed


def test_rate() -> None:
    base = {"quantity": "3000-4000", "unit": "vehicles", "period": "2011-07-01/2011-07-31"}
    v = check(Claim("ok", "rate", {**base, "per": "100/day"}), Claim("bad", "rate", {**base, "per": "10/day"}))
    assert v["ok"].verdict == "consistent"
    assert v["ok"].computed == "3,100 vehicles (100/day × 31 days)"
    assert v["bad"].verdict == "inconsistent"
    assert v["bad"].detail == "−2,690 vehicles (−89.7%) from the claim; outside ± 10% (default)"


def test_speed() -> None:
    v = check(Claim("plain", "speed", {"leg": "angara-2023/2"}),
              Claim("ok", "speed", {"leg": "angara-2023/1", "value": 1, "unit": "kn"}),
              Claim("bad", "speed", {"leg": "angara-2023/1", "value": 12, "unit": "kn"}),
              Claim("none", "speed", {"leg": "angara-2023/9"}))
    assert v["plain"].verdict == "consistent" and v["plain"].computed == "≥ 18.8 km/h over 9,000 km"
    assert v["ok"].verdict == "consistent" and v["ok"].leg == "angara-2023/1"
    assert v["bad"].verdict == "inconsistent"
    assert v["bad"].detail.startswith("even at the shortest possible time the leg averages 1.87 kn: −10.1 kn (−84.4%) below the claim")
    assert v["none"].verdict == "cannot check"
    assert v["none"].detail == "no leg 'angara-2023/9' in this case; known legs: angara-2023/1, angara-2023/2"


def test_plausibility_every_dated_leg() -> None:
    v = check()
    assert set(v) == {"plausibility:angara-2023/1", "plausibility:angara-2023/2"}
    sea = v["plausibility:angara-2023/1"]
    assert sea.verdict == "consistent" and sea.kind == "plausibility"
    assert sea.claimed == "2023-09-07/2023-09-08 → 2023-09-12 (3 d to 6 d)"
    assert sea.computed == "1.74–3.47 km/h over 250 km (0.94–1.87 kn)"


def test_plausibility_too_fast_and_too_slow() -> None:
    fast = Leg("x", 1, N["Najin"], N["Tikhoretsk"], "rail", depart=parse_when("2023-09-01"), arrive=parse_when("2023-09-02"))
    r = Route("x", 1, "rail", "rail-osm", (N["Najin"].lonlat, N["Tikhoretsk"].lonlat), 9000.0)
    v = plausibility(fast, r)
    assert v is not None and v.verdict == "inconsistent"
    assert v.detail == ("too fast: even over the longest possible time (48 h) the leg averages 188 km/h, "
                        "above freight rail ≤ 120 km/h average")
    slow = Leg("x", 1, N["Najin"], N["Dunay"], "road", depart=parse_when("2023-01-01"), arrive=parse_when("2023-12-31"))
    v = plausibility(slow, Route("x", 1, "road", "road-osm", (N["Najin"].lonlat, N["Dunay"].lonlat), 300.0))
    assert v is not None and v.verdict == "cannot check" and v.detail.startswith("implausibly slow")
    assert "waits or stops the reporting does not mention" in v.detail     # slow is not impossible
    undated = Leg("x", 1, N["Najin"], N["Dunay"], "road")
    assert plausibility(undated, r) is None
    half = Leg("x", 1, N["Najin"], N["Dunay"], "road", arrive=parse_when("2023-12-31"))
    v = plausibility(half, r)
    assert v is not None and v.verdict == "cannot check" and v.detail == "leg x/1 has no departure date"
    assert SPEED_BOUNDS["sea"].high_kmh == pytest.approx(46.3)


def test_bad_claim_cannot_check() -> None:
    v = check(Claim("u", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": 1, "unit": "furlong"}))["u"]
    assert v.verdict == "cannot check"
    assert v.detail == "field 'unit': unknown unit 'furlong'; use one of km, mi, nmi, m"


def test_coordinates_in_claims_and_geodesic_fallback_note() -> None:
    legs = (Leg("s", 1, N["Najin"], N["Dunay"], "air", depart=parse_when("2023-09-07"), arrive=parse_when("2023-09-07")),)
    case = Case("t", (Shipment("s", "S", legs),), claims=(
        Claim("c", "distance", {"from": "39.0392,125.7625", "to": "43.1155,131.8869", "value": 685, "unit": "km"}),))
    out = check_case(case, try_networks=False)
    assert out[0].verdict == "consistent"
    assert out[1].claim_id == "plausibility:s/1" and out[1].verdict == "consistent"
    assert out[1].computed.startswith("≥ 7.")


def test_every_verdict_carries_its_numbers() -> None:
    """Claimed and computed values, the difference, the tolerance, the unit and the basis, as numbers (issue 15)."""
    base = {"quantity": "3000-4000", "unit": "vehicles", "period": "2011-07-01/2011-07-31"}
    v = check(Claim("far", "distance", {"from": "Pyongyang", "to": "Vladivostok", "value": 900, "unit": "km", "tolerance": "20 km"}),
              Claim("deg", "bearing", {"from": "Pyongyang", "to": "Vladivostok", "value": 40, "tolerance": "5°"}),
              Claim("bad", "rate", {**base, "per": "10/day"}),
              Claim("ok", "rate", {**base, "per": "100/day"}),
              Claim("kn", "speed", {"leg": "angara-2023/1", "value": 12, "unit": "kn"}),
              try_networks=False)
    far = v["far"].figures
    assert (far.unit, far.claimed_low, far.claimed_high, far.tolerance, far.basis) == ("km", 900, 900, 20, "geodesic")
    assert far.computed_low == far.computed_high == pytest.approx(685.09, abs=0.01)
    assert far.delta == pytest.approx(far.computed_low - 900)
    deg = v["deg"].figures
    assert (deg.unit, deg.claimed_low, deg.tolerance) == ("deg", 40, 5) and deg.delta == pytest.approx(6.7, abs=0.05)
    bad = v["bad"].figures
    assert (bad.unit, bad.claimed_low, bad.claimed_high, bad.computed_low, bad.computed_high) == ("vehicles", 3000, 4000, 310, 310)
    assert bad.delta == pytest.approx(-2690) and bad.tolerance == pytest.approx(300) and bad.basis == "rate × period"
    assert v["ok"].figures.delta == 0.0                      # the computed range overlaps the claim
    kn = v["kn"].figures
    assert (kn.unit, kn.claimed_low) == ("kn", 12) and kn.delta == pytest.approx(1.87 - 12, abs=0.01)
    sea = v["plausibility:angara-2023/1"].figures
    assert (sea.unit, sea.claimed_low, sea.delta) == ("km/h", 1.0, 0.0) and sea.claimed_high == pytest.approx(46.3)
    assert (sea.computed_low, sea.computed_high) == pytest.approx((1.736, 3.472), abs=0.001)


def test_claims_on_a_routed_legs_ends_reuse_its_route_with_the_same_verdicts() -> None:
    """A network claim between a leg's places takes the leg's route (routed once, issue 16): same verdict as routing it."""
    from routes.parallel import route_legs

    claims = (Claim("rail", "distance", {"from": "Dunay", "to": "Tikhoretsk", "value": 9000, "unit": "km",
                                         "tolerance": "10%", "basis": "rail"}),
              Claim("sea", "distance", {"from": "Najin", "to": "Dunay", "value": 250, "unit": "km", "tolerance": "20%"}),
              Claim("short", "distance", {"from": "Najin", "to": "Dunay", "value": 20, "unit": "km", "tolerance": "1 km"}))
    case = Case("test", (Shipment("angara-2023", "A", (LEG1, LEG2)),), places=PLACES, claims=claims)
    reused = check(*claims, routes=route_legs(case, jobs=1))
    routed = check(*claims, routes=None)
    assert all(reused[c.id] == routed[c.id] for c in claims)   # (plausibility differs: it takes the given routes)
    assert reused["short"].verdict == "inconsistent" and reused["sea"].verdict == "consistent"
