"""Shipments from a CSV of legs: routes.legcsv (and load_case's .csv dispatch)."""
from __future__ import annotations

from pathlib import Path

import pytest

from geodata.base.errors import InputError
from routes.casefile import load_case
from routes.legcsv import csv_document



def _write(tmp_path: Path, text: str, name: str = "legs.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_rows_become_shipments_with_lines() -> None:
    text = ("shipment_id,seq,from,to,mode,depart,arrive,carrier,via,notes,sources,status,confidence,title,cargo\n"
            "a,2,Dunay,Depot,rail,2023-09-12/,2023-10-01,,,,yonhap; ap,,,,\n"
            "a,1,Najin,Dunay,sea,2023-09-07,2023-09-12,MV Angara,,\"note, with comma\",yonhap,reported,medium,Containers,munitions\n"
            "b,,X,Y,road,,,,Bridge 1;Bridge 2,,,,,,\n")
    doc, problems = csv_document(text, filename="legs.csv")
    assert problems == []
    assert doc["title"] == "legs"
    a, b = doc["shipments"]
    assert (a["id"], a["title"], a["cargo"], a["status"], a["confidence"]) == ("a", "Containers", "munitions", "reported", "medium")
    assert [leg["from"] for leg in a["legs"]] == ["Najin", "Dunay"]      # ordered by seq
    assert a["legs"].item_lines == [3, 2]
    assert a["legs"][0]["notes"] == "note, with comma" and a["legs"][1]["sources"] == ["yonhap", "ap"]
    assert b["legs"][0]["via"] == ["Bridge 1", "Bridge 2"]
    assert [s["id"] for s in doc["sources"]] == ["yonhap", "ap"]


def test_load_case_dispatches_on_csv(tmp_path: Path) -> None:
    p = _write(tmp_path, "shipment_id,seq,from,to,mode,depart,arrive,sources\n"
               "angara,1,Najin,Dunay,sea,2023-09-07,2023-09-12,yonhap\n"
               "angara,2,Dunay,Tikhoretsk ammunition depot,rail,,2023-10-01,\n")
    case = load_case(p)
    assert case.title == "legs" and case.path == str(p)
    (ship,) = case.shipments
    assert [leg.key for leg in ship.legs] == ["angara/1", "angara/2"]
    assert ship.legs[0].mode == "sea" and ship.legs[0].sources == ("yonhap",) and ship.legs[1].line == 3
    assert case.source("yonhap").title == "yonhap"


def test_csv_problems_are_reported_like_yaml_ones(tmp_path: Path) -> None:
    p = _write(tmp_path, "shipment_id,seq,from,to,mode,depart,arrive,status\n"
               "a,1,Najin,Dunay,ship,2023-09-07,2023-09-01,reported\n"
               "a,1,Dunay,Najin,sea,,,confirmed\n"
               ",3,Dunay,Najin,sea,,,\n"
               "b,1,Najin,,sea,,,,extra\n")
    with pytest.raises(InputError) as e:
        load_case(p)
    assert str(e.value).splitlines() == [
        f"{p}:2: leg 1 of a: arrive 2023-09-01 is before depart 2023-09-07",
        f"{p}:2: leg 1 of a: unknown mode 'ship'; use one of sea, rail, road, air, unknown (did you mean 'sea'?)",
        f"{p}:3: shipment a: seq 1 is used twice (first at line 2)",
        f"{p}:3: shipment a: status 'confirmed' differs from 'reported' on line 2; give it once or the same on every row",
        f"{p}:4: missing shipment_id (every row needs the id of its shipment)",
        f"{p}:5: row has 9 cells but the header has 8 columns; quote cells that contain commas",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("", "legs.csv: file is empty; a CSV of legs needs a header row: shipment_id,seq,from,to,mode,depart,arrive,carrier,via,notes,sources,status,confidence,title,cargo,avoid,stay_in,carrier_mmsi,carrier_imo"),
    ("shipment_id,from,to\n", "legs.csv:1: no legs after the header row; add one row per leg"),
    ("shipment_id,from,to,from\na,X,Y,Z\n", "legs.csv:1: column 'from' appears twice in the header"),
    ('shipment_id,from,to\na,"X\n', "legs.csv:2: not a readable CSV file: unexpected end of data"),
])
def test_unreadable_tables(text: str, message: str) -> None:
    with pytest.raises(InputError) as e:
        doc, problems = csv_document(text, filename="legs.csv")
        if problems:
            raise InputError(problems)
    assert str(e.value) == message


def test_avoid_and_stay_in_columns(tmp_path: Path) -> None:
    p = _write(tmp_path, "shipment_id,seq,from,to,mode,avoid,stay_in\n"
               "angara,1,Dunay,Tikhoretsk ammunition depot,rail,CN;KZ,RU\n"
               "angara,2,Najin,Dunay,sea,Korea Strait;XX,\n")
    with pytest.raises(InputError) as e:
        load_case(p)
    assert "legs.csv:3: leg 2 of angara: avoid 'XX' is neither a country code nor a known passage" in str(e.value)
    p = _write(tmp_path, "shipment_id,seq,from,to,mode,avoid,stay_in\n"
               "angara,1,Dunay,Tikhoretsk ammunition depot,rail,CN;KZ,RU\n")
    leg = load_case(p).shipments[0].legs[0]
    assert leg.avoid.countries == ("CN", "KZ") and leg.avoid.stay_in == ("RU",)


def test_vessel_numbers_are_read_and_checked_as_in_a_case_file(tmp_path) -> None:
    from routes.casefile import load_case

    path = tmp_path / "legs.csv"
    path.write_text("shipment_id,from,to,mode,carrier,carrier_mmsi,carrier_imo\n"
                    "a,Najin,Dunay,sea,MV Angara,273123456,IMO 9179842\n", encoding="utf-8")
    leg = load_case(path).shipments[0].legs[0]
    assert (leg.carrier_mmsi, leg.carrier_imo) == (273123456, 9179842)
    path.write_text("shipment_id,from,to,mode,carrier_mmsi\na,Najin,Dunay,sea,27312\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"legs.csv:2: .*carrier_mmsi '27312' is not a 9-digit number"):
        load_case(path)
