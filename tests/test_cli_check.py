"""``routemap check``: the demo case's claims, --json and --strict."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from routes.cli import cli

pytest.importorskip("geodata.gazetteer")
pytest.importorskip("routes.casefile")
from routes.analysis import demo_case_path  # noqa: E402


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
    assert v["depot-border"]["verdict"] in ("consistent", "inconsistent")
    assert "German point of view" in v["depot-border"]["method"]
    assert sum(1 for x in demo_json["verdicts"] if x["kind"] == "plausibility") >= 7
    assert demo_json["method"] == "WGS84 geodesic (pyproj Geod, Karney 2013)"
    # the numbers behind each verdict (issue 15): the rate claim 3,000–4,000 vehicles against 100/day × 31 days
    rate = v["trucks-rate"]["figures"]
    assert (rate["unit"], rate["claimed_low"], rate["claimed_high"], rate["computed_low"], rate["delta"]) == (
        "vehicles", 3000, 4000, 3100, 0)
    assert rate["basis"] == "rate × period" and rate["tolerance"] == 300
    assert all(set(x["figures"]) >= {"unit", "delta", "tolerance", "basis"} for x in demo_json["verdicts"])


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
