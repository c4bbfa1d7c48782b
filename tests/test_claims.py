"""The claim schema: required fields, units, tolerances, bases, and exact messages."""
from __future__ import annotations

import pytest

from routes.claims import (
    DEFAULT_TOLERANCE, Tolerance, claim_problems, parse_bearing, parse_per, parse_range, parse_tolerance,
    speed_unit, tolerance_for,
)

GOOD = {
    "distance": {"from": "Pyongyang", "to": "Vladivostok", "value": 425, "unit": "mi", "tolerance": "5%", "source": "ap"},
    "bearing": {"from": "Pyongyang", "to": "Vladivostok", "value": "N"},
    "border_distance": {"from": "Tikhoretsk", "to": "UA", "value": 290, "unit": "km", "tolerance": "10%"},
    "rate": {"quantity": "3000-4000", "unit": "vehicles", "per": "100/day", "period": "2011-07-01/2011-07-31"},
    "speed": {"leg": "angara-2023/2"},
    "transit": {"leg": "angara-2023/2", "through": "CN", "value": False},
}


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_good_claims_have_no_problems(kind: str) -> None:
    assert claim_problems(GOOD[kind], kind) == []


def test_unknown_kind() -> None:
    assert claim_problems({}, "distanse") == [
        "unknown claim kind 'distanse'; use one of distance, bearing, border_distance, rate, speed, transit (did you mean 'distance'?)"
    ]
    assert claim_problems({}, "colour") == [
        "unknown claim kind 'colour'; use one of distance, bearing, border_distance, rate, speed, transit"
    ]


def test_missing_value() -> None:
    f = dict(GOOD["distance"])
    del f["value"]
    assert claim_problems(f, "distance") == ["missing field 'value' (a distance claim needs from, to, value, unit)"]


def test_bad_unit() -> None:
    f = {**GOOD["distance"], "unit": "furlongs"}
    assert claim_problems(f, "distance") == ["field 'unit': unknown unit 'furlongs'; use one of km, mi, nmi, m"]


def test_unknown_field_suggests() -> None:
    f = {**GOOD["distance"], "frm": "x"}
    assert claim_problems(f, "distance") == [
        "unknown field 'frm' in a distance claim; did you mean 'from'? allowed: "
        "from, to, value, unit, tolerance, basis, id, kind, source, notes"
    ]


@pytest.mark.parametrize(("fields", "kind", "problem"), [
    ({**GOOD["distance"], "value": "far"}, "distance",
     "field 'value': 'far' is not a number or a range LOW-HIGH; give a distance like 425 or a range like 400-450"),
    ({**GOOD["distance"], "basis": "crow"}, "distance",
     "field 'basis': 'crow' is not a basis; use one of geodesic, rail, road, sea (default geodesic)"),
    ({**GOOD["distance"], "tolerance": "5 parsecs"}, "distance",
     "field 'tolerance': '5 parsecs' is not a tolerance; give a percentage like '5%' or a length like '20 km' (km, mi, nmi, m)"),
    ({**GOOD["bearing"], "value": "up"}, "bearing",
     "field 'value': 'up' is neither a compass direction (N, NNE, NE, … NNW) nor degrees 0-360"),
    ({**GOOD["bearing"], "tolerance": "5%"}, "bearing",
     "field 'tolerance': '5%': a bearing tolerance cannot be a percentage; give degrees, like '20°' or 20"),
    ({**GOOD["border_distance"], "to": "Ukraine"}, "border_distance",
     "field 'to': 'Ukraine' is not a country code; give an ISO 3166-1 alpha-2 code such as UA, RU, KP, CN"),
    ({**GOOD["rate"], "per": "100/fortnight"}, "rate",
     "field 'per': rate '100/fortnight' has unknown period 'fortnight'; use one of hour, day, week, month, year"),
    ({**GOOD["rate"], "period": "2011-07-01/"}, "rate",
     "field 'period': '2011-07-01/' has an open end; give both ends, e.g. 2011-07-01/2011-07-31"),
    ({"leg": "angara-2023"}, "speed",
     "field 'leg': 'angara-2023' is not a leg key; write SHIPMENT/N, e.g. angara-2023/2"),
    ({"leg": "a/1", "value": 40}, "speed",
     "missing field 'unit' (a speed claim with a value needs a unit: km/h, kn, mph, m/s)"),
    ({"leg": "a/1", "value": 40, "unit": "furlongs/fortnight"}, "speed",
     "field 'unit': unknown speed unit 'furlongs/fortnight'; use one of km/h, kn, mph, m/s"),
])
def test_bad_values_each_named(fields: dict, kind: str, problem: str) -> None:
    assert claim_problems(fields, kind) == [problem]

def test_parsers() -> None:
    assert parse_range("3000-4000") == (3000.0, 4000.0)
    assert parse_range("1,200") == (1200.0, 1200.0)
    with pytest.raises(ValueError, match="high end first"):
        parse_range("400-300")
    assert parse_bearing("NNE") == 22.5
    assert parse_bearing("south-west") == 225.0
    assert parse_bearing(359) == 359.0
    assert parse_per("3 a week") == (3.0, 3.0, "week")
    assert speed_unit("knots") == "kn" and speed_unit("kph") == "km/h"


def test_tolerances_and_defaults() -> None:
    assert parse_tolerance("20 km", "distance", "mi") == Tolerance("20 km", amount=20.0, unit="km")
    assert parse_tolerance("15", "distance", "mi") == Tolerance("15", amount=15.0, unit="mi")
    assert parse_tolerance("10°", "bearing") == Tolerance("10°", amount=10.0, unit="deg")
    assert parse_tolerance("3 kn", "speed", "km/h") == Tolerance("3 kn", amount=3.0, unit="kn")
    assert tolerance_for({}, "distance").text == "10% (default)"
    assert tolerance_for({}, "bearing").amount == 11.25
    assert DEFAULT_TOLERANCE["bearing"] == "11.25°"
    assert parse_tolerance("5%", "distance").allowance(680) == pytest.approx(34.0)


def test_transit_claim_problems() -> None:
    assert claim_problems({"through": "CN"}, "transit") == [
        "a transit claim needs exactly one of 'leg' (SHIPMENT/N) or 'shipment' (every leg of it)"]
    assert claim_problems({"through": "CN", "leg": "a/1", "value": "maybe"}, "transit") == [
        "field 'value': 'maybe' is not yes or no; write yes (passed through, the default) or no (did not enter)"]
    assert claim_problems({"shipment": "a", "through": "Bosphorus", "value": "yes"}, "transit") == []
