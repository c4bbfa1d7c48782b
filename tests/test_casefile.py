"""Case files: routes.casefile (parsing, validation, resolution, warnings, summary)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geodata.base.errors import InputError
from routes.casefile import load_case, load_case_with_warnings, parse_case, parse_case_with_warnings, summarize
from routes.model import Quantity

DEMO = Path(__file__).resolve().parent.parent / "routes" / "data" / "demo.yaml"

CASE = """\
version: 1
title: Test case
notes: a note
places:
  - {name: Port A, lat: 42.25, lon: 130.28, kind: port, country: KP, uncertainty_km: 2, aliases: [Harbour A]}
  - {name: Depot B, lat: 45.88, lon: 40.09, kind: depot, country: RU, source: src-1}
  - {name: Bridge C, lat: 42.44, lon: 130.60, kind: bridge}
sources:
  - {id: src-1, title: "N. Korea sent containers", publisher: Yonhap, date: 2023-10-14, url: "https://example.org/a"}
  - {id: src-2, title: Another, date: 2023-11}
shipments:
  - id: ship-1
    title: Containers
    cargo: munitions
    quantity: {value: 1000, unit: containers, qualifier: more than}
    status: confirmed
    confidence: high
    sources: [src-1]
    legs:
      - {from: Port A, to: Depot B, mode: Rail, via: [Bridge C], depart: 2023-09-07/2023-09-08, arrive: 2023-09-12, carrier: MV X, sources: [src-2]}
      - from: Harbour A
        to: Depot B
        path: [Port A, [100.5, 50.25], Depot B]
        arrive: 2023-09-12T06:00:00+09:00
  - id: ship-2
    quantity: {value: "3,000-4,000", unit: vehicles}
    legs:
      - {from: Depot B, to: Port A, path: {type: LineString, coordinates: [[40.09, 45.88], [130.28, 42.25]]}}
claims:
  - {id: c1, kind: distance, from: Port A, to: Depot B, value: 425, unit: mi, tolerance: 5%, source: src-1}
"""


def test_a_full_case_is_parsed_into_the_model() -> None:
    case = parse_case(CASE, filename="case.yaml")
    assert (case.title, case.notes, case.path) == ("Test case", "a note", "case.yaml")
    assert [s.id for s in case.sources] == ["src-1", "src-2"]
    assert case.source("src-1").date == "2023-10-14" and case.source("src-1").line == 9
    a, b, c = case.places
    assert (a.id, a.kind, a.country, a.uncertainty_km, a.aliases, a.source) == (
        "case:port-a", "port", "KP", 2.0, ("Harbour A",), "case file case.yaml:5")
    assert b.source == "src-1"
    s1, s2 = case.shipments
    assert (s1.title, s1.cargo, s1.status, s1.confidence, s1.sources, s1.line) == (
        "Containers", "munitions", "confirmed", "high", ("src-1",), 12)
    assert s1.quantity == Quantity("more than 1000 containers", 1000.0, 1000.0, "containers", "more than")
    assert s2.quantity == Quantity("3,000-4,000 vehicles", 3000.0, 4000.0, "vehicles", None)
    assert (s2.title, s2.status, s2.confidence) == ("ship-2", "reported", "medium")
    leg1, leg2 = s1.legs
    assert (leg1.key, leg1.mode, leg1.carrier, leg1.sources, leg1.line) == ("ship-1/1", "rail", "MV X", ("src-2",), 20)
    assert [v.name for v in leg1.via] == ["Bridge C"]
    assert (leg1.depart.earliest, leg1.depart.latest, leg1.arrive.text) == ("2023-09-07", "2023-09-08", "2023-09-12")
    assert leg2.origin == a and leg2.mode == "unknown"
    assert leg2.path == ((130.28, 42.25), (100.5, 50.25), (40.09, 45.88))
    assert leg2.arrive.start == dt.datetime(2023, 9, 11, 21, tzinfo=dt.timezone.utc)
    assert s2.legs[0].path == ((40.09, 45.88), (130.28, 42.25))
    (claim,) = case.claims
    assert (claim.id, claim.kind, claim.source, claim.line) == ("c1", "distance", "src-1", 30)
    assert claim.fields == {"from": "Port A", "to": "Depot B", "value": 425, "unit": "mi", "tolerance": "5%"}
    assert type(claim.fields) is dict


def test_the_bundled_demo_loads() -> None:
    case, warnings = load_case_with_warnings(DEMO)
    assert len(case.shipments) == 6 and len(list(case.legs())) == 9
    assert [leg.key for leg in case.legs()][:3] == ["angara-2023/1", "angara-2023/2", "russian-ships-2023/1"]
    angara = case.shipment("angara-2023")
    assert angara.quantity.low == 1000 and angara.legs[0].carrier == "MV Angara"
    assert case.shipment("faw-trucks-2011").quantity.high == 4000
    assert len(case.claims) == 6 and case.claims[-1].fields == {"leg": "angara-2023/2"}
    assert all(leg.origin.lat != leg.destination.lat for leg in case.legs())
    assert isinstance(warnings, list)


def test_every_problem_is_reported_at_once_sorted_by_line() -> None:
    text = CASE.replace("mode: Rail", "mode: rial").replace("status: confirmed", "status: sure").replace(
        "arrive: 2023-09-12,", "arrive: 2023-09-01,").replace("lat: 45.88, lon: 40.09", "lat: 95, lon: 40.09")
    with pytest.raises(InputError) as e:
        parse_case(text, filename="case.yaml")
    assert str(e.value).splitlines() == [
        "case.yaml:6: place 'Depot B': latitude 95 is out of range -90..90",
        "case.yaml:16: shipment ship-1: unknown status 'sure'; use one of reported, confirmed, disputed, denied",
        "case.yaml:20: leg 1 of ship-1: arrive 2023-09-01 is before depart 2023-09-07/2023-09-08",
        "case.yaml:20: leg 1 of ship-1: unknown mode 'rial'; use one of sea, rail, road, air, unknown (did you mean 'rail'?)",
    ]


def test_arrival_on_the_day_of_departure_is_not_before_it() -> None:
    ok = CASE.replace("arrive: 2023-09-12,", "arrive: 2023-09-08,")
    assert parse_case(ok, filename="c.yaml").shipments[0].legs[0].arrive.text == "2023-09-08"
    day_before = CASE.replace("arrive: 2023-09-12,", "arrive: 2023-09-06,")
    with pytest.raises(InputError, match="arrive 2023-09-06 is before depart 2023-09-07/2023-09-08"):
        parse_case(day_before, filename="c.yaml")


def test_an_unknown_key_names_the_known_keys() -> None:
    with pytest.raises(InputError) as e:
        parse_case(CASE.replace("    cargo: munitions", "    cargoo: munitions"), filename="c.yaml")
    assert str(e.value) == ("c.yaml:14: shipment ship-1: unknown key 'cargoo' (did you mean 'cargo'?); known keys: "
                            "id, title, cargo, quantity, status, confidence, sources, notes, legs, sightings, avoid, stay_in")


def test_claim_problems_come_with_the_claim_line() -> None:
    with pytest.raises(InputError) as e:
        parse_case(CASE.replace("unit: mi,", "unit: furlongs,"), filename="c.yaml")
    assert str(e.value) == "c.yaml:30: claim c1: field 'unit': unknown unit 'furlongs'; use one of km, mi, nmi, m"


def test_a_claim_on_a_leg_that_does_not_exist_is_a_problem_with_the_others() -> None:
    text = CASE + "  - {id: s1, kind: speed, leg: uav-amirabad-2022/3}\n  - {id: s2, kind: speed, leg: ship-1/2}\n"
    with pytest.raises(InputError) as e:
        parse_case(text.replace("unit: mi,", "unit: furlongs,"), filename="c.yaml")
    assert str(e.value).splitlines() == [
        "c.yaml:30: claim c1: field 'unit': unknown unit 'furlongs'; use one of km, mi, nmi, m",
        ("c.yaml:31: claim s1: leg 'uav-amirabad-2022/3' is not a leg of this case; write <shipment id>/<leg number>; "
         "legs: ship-1/1, ship-1/2, ship-2/1"),
    ]


def test_source_references_must_be_defined() -> None:
    with pytest.raises(InputError) as e:
        parse_case(CASE.replace("source: src-1}\n", "source: src-9}\n"), filename="c.yaml")
    assert str(e.value) == "c.yaml:30: claim c1: source 'src-9' is not defined under sources:; defined: src-1, src-2"


def test_warnings_do_not_stop_loading() -> None:
    text = CASE.replace("lat: 45.88, lon: 40.09, kind: depot, country: RU", "lat: 45.88, lon: 40.09, kind: depot, country: UA")
    text = text.replace("{from: Depot B, to: Port A, path", "{from: Depot B, to: Depot B, path")
    case, warnings = parse_case_with_warnings(text, filename="c.yaml")
    assert len(case.shipments) == 2
    assert [str(w) for w in warnings] == [
        "c.yaml:6: place 'Depot B': lat 45.88, lon 40.09 is outside Ukraine, its country UA; check the coordinates and the country",
        "c.yaml:28: leg 1 of ship-2: from and to are the same place (Depot B); a zero-length leg — is one of them wrong?",
    ]


def test_a_coastal_place_just_outside_the_land_polygon_is_not_warned_about() -> None:
    # Najin harbour water, ~1 km off the Natural Earth coastline
    text = CASE.replace("lat: 42.25, lon: 130.28, kind: port, country: KP", "lat: 42.235, lon: 130.30, kind: port, country: KP")
    _, warnings = parse_case_with_warnings(text, filename="c.yaml")
    assert warnings == []


def test_load_case_reads_yaml_and_csv(tmp_path: Path) -> None:
    p = tmp_path / "case.yml"
    p.write_text(CASE, encoding="utf-8")
    assert load_case(p).path == str(p)
    assert load_case(p).shipments[0].legs[0].line == 20


def test_summary_counts_and_geodesic_km() -> None:
    case = parse_case(CASE, filename="c.yaml")
    s = summarize(case)
    assert (s["shipments"], s["legs"], s["sources"], s["claims"], s["places"]) == (2, 3, 2, 1, 3)
    assert s["length_method"] == "geodesic"
    assert [r["mode"] for r in s["by_mode"]] == ["rail", "unknown"]
    rail = s["by_mode"][0]
    assert rail["legs"] == 1 and 6000 < rail["km"] < 8000  # Port A → Bridge C → Depot B along geodesics
    assert s["total_km"] == pytest.approx(sum(r["km"] for r in s["by_mode"]), abs=0.2)
    assert s["warnings"] == []


AVOID_CASE = """\
title: Avoid
avoid: [Suez Canal]
places:
  - {name: Port A, lat: 42.25, lon: 130.28, kind: port, country: KP}
  - {name: Depot B, lat: 45.88, lon: 40.09, kind: depot, country: RU}
shipments:
  - id: s1
    stay_in: RU
    avoid: KZ
    legs:
      - {from: Port A, to: Depot B, mode: rail, avoid: [cn, MNG]}
      - {from: Port A, to: Depot B, mode: rail, stay_in: [RU, KP]}
"""


def test_avoid_and_stay_in_add_up_from_case_to_leg() -> None:
    case = parse_case(AVOID_CASE, filename="a.yaml")
    first, second = case.shipments[0].legs
    assert first.avoid.countries == ("CN", "MN", "KZ") and first.avoid.passages == ("Suez Canal",)
    assert first.avoid.stay_in == ("RU",) and second.avoid.stay_in == ("RU", "KP")
    assert first.avoid.text() == "avoiding CN, MN, KZ, Suez Canal, staying in RU"


def test_unknown_avoid_names_file_line_and_known_names() -> None:
    bad = AVOID_CASE.replace("avoid: [cn, MNG]", "avoid: [cn, Panama Canl]").replace("stay_in: [RU, KP]",
                                                                                     "stay_in: [RU, XX]")
    with pytest.raises(InputError) as e:
        parse_case(bad, filename="a.yaml")
    lines = str(e.value).splitlines()
    assert lines[0].startswith("a.yaml:11: leg 1 of s1: avoid 'Panama Canl' is neither a country code nor a known "
                               "passage; unknown passage 'Panama Canl'; known straits and canals: Bab-el-Mandeb")
    assert "Panama Canal" in lines[0]
    assert lines[1].startswith("a.yaml:12: leg 2 of s1: stay_in: unknown country code 'XX'; use ISO 3166-1 alpha-2")
