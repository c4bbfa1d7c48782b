"""routes.casewriter: a Case back to version-1 YAML that routes.casefile reads."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from exportdata import analysis
from routes.casewriter import dump_case, places_used


def test_dump_case_layout() -> None:
    case = analysis().case
    doc = yaml.safe_load(dump_case(case, header="written by a test"))
    assert list(doc) == ["version", "title", "places", "sources", "shipments"]
    assert doc["version"] == 1 and doc["title"] == case.title
    assert [p["name"] for p in doc["places"]] == [p.name for p in places_used(case)]
    depot = doc["places"][0]
    assert depot == {"name": "Tikhoretsk ammunition depot", "lat": 45.88, "lon": 40.09, "kind": "depot",
                     "country": "RU", "uncertainty_km": 10.0, "aliases": ["Tikhoretsk depot"],
                     "source": "yonhap-2023-10-14"}
    dunay = next(p for p in doc["places"] if p["name"] == "Dunay")
    assert "source" not in dunay                           # "case file …" provenance is made again on load
    angara = doc["shipments"][0]
    assert angara["quantity"] == {"value": 1000, "unit": "containers", "qualifier": "more than"}
    assert angara["legs"][0] == {"from": "Najin", "to": "Dunay", "mode": "sea", "carrier": "MV Angara",
                                 "depart": "2023-09-07/2023-09-08", "arrive": "2023-09-12",
                                 "sources": ["yonhap-2023-10-14"], "notes": "Seen at Najin on Sept. 7-8"}
    assert doc["shipments"][2]["legs"][0]["via"] == ["Khasan"]
    assert doc["sources"][2] == {"id": "evil", "title": "<script>alert(1)</script> & friends", "url": "javascript:alert(1)"}


def test_dates_stay_strings_and_paths_are_pairs() -> None:
    case = analysis().case
    s = case.shipments[0]
    leg = replace(s.legs[0], path=((130.2958, 42.2497), (131.0, 42.5), (132.35, 42.8939)))
    case = replace(case, shipments=(replace(s, legs=(leg, *s.legs[1:])),))
    text = dump_case(case)
    assert "arrive: '2023-09-12'" in text                # quoted: YAML would make it a date otherwise
    assert "    path:\n    - [130.2958, 42.2497]\n    - [131, 42.5]\n" in text
    assert yaml.safe_load(text)["shipments"][0]["legs"][0]["path"][1] == [131, 42.5]


def test_header_is_a_comment() -> None:
    text = dump_case(analysis().case, header="line one\nline two")
    assert text.startswith("# line one\n# line two\nversion: 1\n")


def test_load_case_reads_it_back(tmp_path: Path) -> None:
    from routes.casefile import load_case

    case = analysis().case
    out = tmp_path / "case.yaml"
    out.write_text(dump_case(case), encoding="utf-8")
    back = load_case(out)
    for a, b in zip(case.legs(), back.legs(), strict=True):
        assert (a.key, a.origin.name, a.destination.name, a.mode, a.depart, a.arrive, a.carrier) == (
            b.key, b.origin.name, b.destination.name, b.mode, b.depart, b.arrive, b.carrier)
        assert (a.origin.lon, a.origin.lat) == (b.origin.lon, b.origin.lat)
    assert [s.id for s in back.sources] == [s.id for s in case.sources]


def test_avoid_and_stay_in_are_written_and_read_back(tmp_path: Path) -> None:
    from routes.casefile import load_case
    from routes.model import Avoid

    case = analysis().case
    s = case.shipments[0]
    leg = replace(s.legs[1], avoid=Avoid(countries=("CN", "KZ"), passages=("Suez Canal",), stay_in=("RU",)))
    case = replace(case, shipments=(replace(s, legs=(s.legs[0], leg)),))
    doc = yaml.safe_load(dump_case(case))
    assert doc["shipments"][0]["legs"][1]["avoid"] == ["CN", "KZ", "Suez Canal"]
    assert doc["shipments"][0]["legs"][1]["stay_in"] == ["RU"]
    path = tmp_path / "c.yaml"
    path.write_text(dump_case(case), encoding="utf-8")
    assert load_case(path).shipments[0].legs[1].avoid == leg.avoid
