"""The ``routemap route`` command, on real networks."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from routes.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, ["route", *args])


def test_route_sea_prints_km_nmi_snaps() -> None:
    r = run("42.2436,130.3019", "42.893,132.349", "--mode", "sea")
    assert r.exit_code == 0, r.output
    first = r.output.splitlines()[0]
    km = float(first.split(": ")[1].split(" km")[0])
    assert first.startswith("42.2436,130.3019 → 42.893,132.349: ") and 200 < km < 250
    assert f" km ({km / 1.852:.1f} nmi) by sea, method sea-marnet" in first
    assert "  snap from 42.2436,130.3019: 14" in r.output and " km to marnet" in r.output
    assert "over land" not in r.output          # the route stays on water: no land line, no land warning


def test_route_json_is_geojson_cut_at_the_antimeridian() -> None:
    r = run("43.1155,131.8869", "61.24,-149.89", "--via", "53.01,158.65", "--mode", "sea", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["method"] == "sea-marnet" and data["mode"] == "sea"
    assert data["geometry"]["type"] == "MultiLineString"
    assert all(-180 <= x <= 180 for part in data["geometry"]["coordinates"] for x, _ in part)
    assert data["length_nmi"] == pytest.approx(data["length_km"] / 1.852, abs=0.001)
    assert [s["role"] for s in data["snaps"]] == ["from", "via", "to"]


def test_route_geodesic_default() -> None:
    r = run("42.2436,130.3019", "45.855,40.125", "--json", "--spacing", "100")
    data = json.loads(r.output)
    assert data["method"] == "geodesic" and data["geometry"]["type"] == "LineString"
    assert max(lat for _, lat in data["geometry"]["coordinates"]) > 54


def test_route_rail_fallback_warning() -> None:
    r = run("21.307,-157.858", "45.855,40.125", "--mode", "rail")
    assert r.exit_code == 0
    assert "  warning: no rail network within 300 km of 21.307,-157.858;" in r.output


def test_route_bad_mode_is_a_usage_error() -> None:
    r = run("1,1", "2,2", "--mode", "canoe")
    assert r.exit_code == 2
    assert "--mode" in r.output and "canoe" in r.output and "Traceback" not in r.output  # click's wording around it


def test_route_bad_coordinates() -> None:
    r = run("91,10", "2,2")
    assert r.exit_code == 2
    assert "routemap: error: coordinates '91,10': latitude 91 is out of range -90..90" in r.output


def test_route_json_lists_countries_and_avoid_keeps_the_train_in_russia() -> None:
    dunay, depot = "42.87879,132.33542", "45.88,40.09"
    r = run(dunay, depot, "--mode", "rail", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    km = {c["code"]: c["km"] for c in data["countries"]}
    assert list(km) == ["RU", "CN", "KZ"] and km["CN"] > 1200 and km["KZ"] > 100
    assert data["countries"][1]["name"] == "China" and "German point of view" in data["countries_method"]
    assert [(c["from"], c["to"]) for c in data["crossings"]][:2] == [("RU", "CN"), ("CN", "RU")]
    assert any("both ends are in RU" in w for w in data["warnings"])
    for extra in (["--avoid", "CN,KZ,MN"], ["--stay-in", "RU"]):
        r = run(dunay, depot, "--mode", "rail", "--json", *extra)
        assert r.exit_code == 0, r.output
        assert [c["code"] for c in json.loads(r.output)["countries"]] == ["RU"]


def test_route_table_names_inland_water_and_never_says_just_by_sea() -> None:
    r = run("42.9764,47.5024", "44.7239,37.7689", "--mode", "sea")
    assert r.exit_code == 0, r.output
    assert "by sea and inland water" in r.output.splitlines()[0]
    assert "inland water Volga–Don Canal, Volga, Don (RU)" in r.output or "inland water Volga" in r.output
    assert "canal Volga–Don Canal" in r.output and "country RU (Russia)" in r.output


def test_route_avoid_bad_input_and_no_route_exit_2() -> None:
    r = run("42.9764,47.5024", "44.7239,37.7689", "--mode", "sea", "--avoid", "XQ")
    assert r.exit_code == 2
    assert "--avoid 'XQ' is neither a country code" in r.output and "Suez Canal" in r.output
    r = run("42.9764,47.5024", "44.7239,37.7689", "--mode", "sea", "--stay-in", "Russland")
    assert r.exit_code == 2 and "--stay-in: unknown country code 'Russland'" in r.output
    r = run("42.9764,47.5024", "44.7239,37.7689", "--mode", "sea", "--avoid", "volga-don canal")
    assert r.exit_code == 2, r.output
    assert "no sea route from 42.9764,47.5024 to 44.7239,37.7689 avoiding Volga–Don Canal" in r.output
    assert "Traceback" not in r.output
