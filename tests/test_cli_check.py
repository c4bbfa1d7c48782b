"""``routemap check``: the demo case's claims, --json and --strict."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geographiclib.geodesic import Geodesic

from geodata.gazetteer import Gazetteer
from routes.analysis import demo_case_path
from routes.cli import cli


@pytest.fixture(scope="module")
def demo_json() -> dict:
    r = CliRunner().invoke(cli, ["check", str(demo_case_path()), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_demo_claims(demo_json: dict) -> None:
    v = {x["id"]: x for x in demo_json["verdicts"]}
    assert v["vlad-pyongyang-mi"]["verdict"] == "consistent"
    assert v["vlad-pyongyang-km"]["verdict"] == "consistent"
    assert v["vlad-north"]["verdict"] == "inconsistent"          # Vladivostok is NE of Pyongyang
    assert v["trucks-rate"]["verdict"] == "consistent"
    assert v["angara-rail-speed"]["verdict"] == "consistent"
    # claimed 290 km ± 10%; the outline of Ukraine is 197 km away: outside 261–319 km
    assert v["depot-border"]["verdict"] == "inconsistent"
    assert "German point of view" in v["depot-border"]["method"]
    assert sum(1 for x in demo_json["verdicts"] if x["kind"] == "plausibility") >= 7
    assert demo_json["method"] == "WGS84 geodesic (pyproj Geod, Karney 2013)"
    # the numbers behind each verdict (issue 15): the rate claim 3,000–4,000 vehicles against 100/day × 31 days
    rate = v["trucks-rate"]["figures"]
    assert (rate["unit"], rate["claimed_low"], rate["claimed_high"], rate["computed_low"], rate["delta"]) == (
        "vehicles", 3000, 4000, 3100, 0)
    assert rate["basis"] == "rate × period" and rate["tolerance"] == 300
    assert all(set(x["figures"]) >= {"unit", "delta", "tolerance", "basis"} for x in demo_json["verdicts"])


def test_border_distance_is_the_geodesic_to_the_nearest_point(demo_json: dict) -> None:
    """The figure shown is the WGS84 geodesic to the nearest point shown, by GeographicLib (independent of pyproj).

    That the point is the nearest one is checked against a brute-force search in tests/test_borders.py.
    """
    import re

    v = {x["id"]: x for x in demo_json["verdicts"]}["depot-border"]
    m = re.fullmatch(r"(\d+) km \(nearest point of UA \(Ukraine\) at (-?[\d.]+),(-?[\d.]+)\)", v["computed"])
    assert m, v["computed"]
    depot = Gazetteer.default().lookup("Tikhoretsk ammunition depot").place
    km = Geodesic.WGS84.Inverse(depot.lat, depot.lon, float(m[2]), float(m[3]))["s12"] / 1000
    assert abs(int(m[1]) - km) <= 0.5 + 0.01   # shown rounded to the km; the point to 4 decimals (~10 m)
    assert km < 290 * 0.9


def test_table_and_strict() -> None:
    r = CliRunner().invoke(cli, ["check", str(demo_case_path()), "--strict"])
    assert r.exit_code == 1   # vlad-north is inconsistent
    assert r.output.splitlines()[0].split() == ["id", "kind", "claimed", "computed", "verdict"]
    assert "method: WGS84 geodesic (pyproj Geod, Karney 2013); borders: Natural Earth 10m admin-0 (German point of view)" in r.output
    r = CliRunner().invoke(cli, ["check", str(demo_case_path()), "--markdown"])
    assert r.exit_code == 0 and r.output.startswith("# Claim checks: ")


def test_missing_file() -> None:
    r = CliRunner().invoke(cli, ["check", "/nonexistent/case.yaml"])
    assert r.exit_code == 2 and r.output.startswith("routemap: error: ")
