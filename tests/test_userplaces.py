"""User gazetteer files: YAML and CSV, with file:line errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from geodata.base.errors import GazetteerFileError
from geodata.place import KINDS
from geodata.userplaces import load_places_file

DATA = Path(__file__).parent / "data"


def test_yaml_places_mapping() -> None:
    places = load_places_file(DATA / "gazetteer-user.yaml")
    assert [p.name for p in places] == ["Najin", "Tumangang siding"]
    najin = places[0]
    assert najin.lonlat == (130.3, 42.24)
    assert najin.kind == "port" and najin.country == "KP" and najin.aliases == ("Najin terminal",)
    assert najin.uncertainty_km == 0.5
    assert najin.source == "my imagery analysis, 2023-09-08"
    assert najin.id == "user:najin"
    assert places[1].source == "gazetteer-user.yaml:11"


def test_yaml_plain_list(tmp_path: Path) -> None:
    f = tmp_path / "p.yml"
    f.write_text("- {name: Somewhere, lat: 1.5, lon: 2.5}\n", encoding="utf-8")
    (p,) = load_places_file(f)
    assert (p.name, p.lat, p.lon, p.kind, p.source) == ("Somewhere", 1.5, 2.5, "point", "p.yml:1")


def test_csv_good_rows(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("name,lat,lon,kind,country,aliases,uncertainty_km,source\n"
                 "Dunay pier,42.875,132.342,port,ru,Dunay berth;Дунай причал,0.3,my survey\n", encoding="utf-8")
    (p,) = load_places_file(f)
    assert p.aliases == ("Dunay berth", "Дунай причал")
    assert p.country == "RU" and p.uncertainty_km == 0.3 and p.source == "my survey"


def test_csv_errors_name_every_line() -> None:
    path = DATA / "gazetteer-bad.csv"
    with pytest.raises(GazetteerFileError) as e:
        load_places_file(path)
    assert str(e.value) == (
        f"{path}:3: field 'lat': '95' is out of range -90..90; latitude in decimal degrees, north positive (e.g. 42.25)\n"
        f"{path}:4: field 'kind': 'harbour' is not a known kind; use one of: " + ", ".join(KINDS)
    )
    assert [p.line for p in e.value.problems] == [3, 4]


def test_yaml_error_names_the_field_line(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("places:\n  - name: A\n    lat: 1\n    lon: east\n  - name: B\n    latitude: 1\n    lon: 2\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError) as e:
        load_places_file(f)
    msgs = [str(p) for p in e.value.problems]
    assert msgs[0] == f"{f}:4: field 'lon': 'east' is not a number; longitude in decimal degrees, east positive (e.g. 130.28)"
    assert msgs[1].startswith(f"{f}:6: unknown field 'latitude'; allowed fields: id, name, lat, lon,")
    assert msgs[2] == f"{f}:5: field 'lat': missing; latitude in decimal degrees, north positive (e.g. 42.25)"


def test_csv_missing_column(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("name,latitude,longitude\nA,1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError, match=r":1: CSV header 'name,latitude,longitude' lacks lat, lon; the header must be name,lat,lon"):
        load_places_file(f)


def test_not_yaml(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("places:\n  - name: [unclosed\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError, match=r"p.yaml:3: not valid YAML"):
        load_places_file(f)


def test_unsupported_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerFileError, match=r"unsupported file type '.txt'; use .yaml, .yml or .csv"):
        load_places_file(tmp_path / "p.txt")
    with pytest.raises(GazetteerFileError, match=r"nope.csv: file not found; check the path given to --gazetteer"):
        load_places_file(tmp_path / "nope.csv")


def test_empty_yaml(tmp_path: Path) -> None:
    f = tmp_path / "e.yaml"
    f.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError, match="empty file; give a list of places"):
        load_places_file(f)


def test_yaml_duplicate_keys_are_rejected(tmp_path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("places:\n  - name: Najin\n    lat: 42.24\n    lon: 130.3\n    lat: 12.0\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError) as e:
        load_places_file(path)
    assert str(e.value) == (f"{path}:5: duplicate key 'lat' (first at line 3); YAML would silently keep the last "
                            "value: keep one")


def test_a_case_files_places_are_a_gazetteer(tmp_path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("version: 1\ntitle: t\nplaces:\n  - {name: My depot, lat: 45.1, lon: 40.2, kind: depot}\n"
                    "shipments: []\n", encoding="utf-8")
    (p,) = load_places_file(path)
    assert (p.name, p.lat, p.lon, p.kind) == ("My depot", 45.1, 40.2, "depot")
