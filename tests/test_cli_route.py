"""The ``routemap route`` command, on real networks."""
from __future__ import annotations

import json

from click.testing import CliRunner

from routes.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, ["route", *args])


def test_route_sea_prints_km_nmi_snaps() -> None:
    r = run("42.2436,130.3019", "42.893,132.349", "--mode", "sea")
    assert r.exit_code == 0, r.output
    first = r.output.splitlines()[0]
    assert first.startswith("42.2436,130.3019 → 42.893,132.349: 212.")
    assert " km (114." in first and "nmi) by sea, method sea-marnet" in first
    assert "  snap from 42.2436,130.3019: 140.2 km to marnet" in r.output


def test_route_json_is_geojson_cut_at_the_antimeridian() -> None:
    r = run("43.1155,131.8869", "61.24,-149.89", "--via", "53.01,158.65", "--mode", "sea", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["method"] == "sea-marnet" and data["mode"] == "sea"
    assert data["geometry"]["type"] == "MultiLineString"
    assert all(-180 <= x <= 180 for part in data["geometry"]["coordinates"] for x, _ in part)
    assert data["length_nmi"] == round(data["length_km"] / 1.852, 3)
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
