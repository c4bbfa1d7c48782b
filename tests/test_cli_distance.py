"""``routemap distance``: pairs, borders, files, batch CSV and usage errors."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from geographiclib.geodesic import Geodesic

from routes.cli import cli

DATA = Path(__file__).parent / "data"


def run(*args: str):
    return CliRunner().invoke(cli, ["distance", *args])


def test_coordinates_pair_text_and_json() -> None:
    r = run("39.0392,125.7625", "43.1155,131.8869", "--units", "mi")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == ("39.0392,125.7625 → 43.1155,131.8869: 425.7 mi; initial bearing 46.7° (NE), "
                                        "final 50.7° (NE); midpoint 41.1184,128.7300")
    assert "method: WGS84 geodesic (pyproj Geod, Karney 2013)" in r.output
    r = run("39.0392,125.7625", "43.1155,131.8869", "0,0", "--json")
    data = json.loads(r.output)
    assert data["units"] == "km" and len(data["legs"]) == 2 and data["method"].startswith("WGS84 geodesic")
    assert data["legs"][0]["initial_compass"] == "NE"


def test_to_border_and_file() -> None:
    r = run("45.855,40.126", "--to-border", "UA")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "45.855,40.126 → UA (Ukraine): 201.3 km to the nearest boundary point 47.03767,38.14226"
    assert "German point of view" in r.output
    r = run("50.5,30.5", "--to-file", str(DATA / "frontline.geojson"))
    assert r.exit_code == 0 and r.output.startswith("50.5,30.5 is inside frontline.geojson: distance 0 km")
    r = run("45.855,40.126", "--to-border", "XX")
    assert r.exit_code == 2
    assert "routemap: error: unknown country code 'XX'" in r.output


def test_pairs_batch(tmp_path: Path) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text('from,to\n"39.0392,125.7625","43.1155,131.8869"\n"91,0","0,0"\n')
    out = tmp_path / "out.csv"
    r = run("--pairs", str(src), "-o", str(out))
    assert r.exit_code == 2
    assert f"{src}:3: coordinates '91,0': latitude 91 is out of range" in r.output
    assert not out.exists()
    r = run("--pairs", str(src), "-o", str(out), "--skip-bad")
    assert r.exit_code == 0, r.output
    assert f"routemap: skipped {src}:3: coordinates '91,0'" in r.output
    rows = list(csv.DictReader(out.open()))
    ref_km = Geodesic.WGS84.Inverse(39.0392, 125.7625, 43.1155, 131.8869)["s12"] / 1000   # GeographicLib, not pyproj
    assert len(rows) == 1 and float(rows[0]["distance_km"]) == pytest.approx(ref_km, abs=1e-6)


def test_usage_errors() -> None:
    r = run("1,2")
    assert r.exit_code == 2 and "give at least two places" in r.output
    r = run("1,2", "--to-border", "UA", "--pairs", "x.csv")
    assert r.exit_code == 2 and "use only one of --to-border, --pairs" in r.output
    r = run("--pairs", "x.csv")
    assert r.exit_code == 2 and "--pairs needs -o OUT.csv" in r.output


def test_names_resolve() -> None:
    r = run("Najin", "Dunay", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["legs"][0]["from"]["name"] == "Najin"
