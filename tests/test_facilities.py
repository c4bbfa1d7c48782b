"""Ports (searoute UN/LOCODE) and airports (airportsdata) as gazetteer rows."""
from __future__ import annotations

from geodata.facilities import airport_rows, port_rows
from geodata.gazetteer import Gazetteer


def test_every_searoute_port_with_its_locode() -> None:
    rows = list(port_rows())
    assert len(rows) == 3961  # of searoute's 3,962: Ras Budran (EG) has no full LOCODE
    by_code = {row[6].split()[1]: (row, keys) for row, keys in rows}
    row, keys = by_code["IRBAZ"]
    assert (row[1], row[4], row[5]) == ("Bandar Anzali", "IR", "port")
    assert ("code:irbaz", "IRBAZ") in keys and ("port:anzali", "Bandar Anzali") in keys


def test_airports_by_code_name_and_city() -> None:
    zkpy = next((row, keys) for row, keys in airport_rows() if row[6].startswith("airportsdata ICAO ZKPY"))
    row, keys = zkpy
    assert (row[4], row[5]) == ("KP", "airport")
    assert {"code:zkpy", "code:fnj", "airport:pyongyang"} <= {k for k, _ in keys}


def test_lookups_by_locode_icao_and_iata() -> None:
    g = Gazetteer.default()
    assert g.lookup("IRBAZ").place.name == "Bandar Anzali"
    assert g.lookup("ZKPY").place.id == "icao:ZKPY"
    assert g.lookup("VVO").place.id == "icao:UHWW"
    assert g.lookup("Port of Najin").place.kind == "port"
