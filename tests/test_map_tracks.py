"""Sightings and observed AIS tracks on the briefing map (``routemap map CASE --tracks FILE``)."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import tracksdata as td
from maps import briefing
from maps.tracks import observed_payload
from routes.casefile import load_case
from routes.checks import check_case
from routes.cli import cli
from routes.verdict import Analysis
from routes.tracks.engine import run_memory

CASE = """\
version: 1
title: Map with sightings
sources:
  - {id: src1, title: Satellite imagery}
places:
  - {name: Port A, lat: 42.2436, lon: 130.3019, kind: port}
  - {name: Port B, lat: 42.893, lon: 132.349, kind: port}
shipments:
  - id: s1
    title: By sea
    legs:
      - {from: Port A, to: Port B, mode: sea, depart: 2023-09-07/2023-09-08, arrive: 2023-09-12}
    sightings:
      - {at: Port B, date: 2023-09-12, kind: imagery, source: src1, notes: anchored}
      - {lat: 1.26, lon: 103.82, date: 2023-09-13, kind: report}
"""


def _data(page: str) -> dict:
    m = re.search(r"<script>window\.ROUTEMAP_DATA = (.*?);</script>", page, re.S)
    assert m
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def case_path(tmp_path_factory: pytest.TempPathFactory):
    d = tmp_path_factory.mktemp("map")
    (d / "case.yaml").write_text(CASE, encoding="utf-8")
    td.write_noaa_legacy(d / "ais.csv", td.reports())
    return d / "case.yaml"


def test_sightings_are_on_the_map_with_date_source_and_verdict(case_path) -> None:
    case = load_case(case_path)
    analysis = Analysis(case=case, routes=(), verdicts=check_case(case, try_networks=False))
    data = _data(briefing.render_html(analysis))
    first, second = data["sightings"]
    assert (first["n"], first["d"], first["k"], first["no"], first["v"]) == ("Port B", "2023-09-12", "imagery",
                                                                             "anchored", "consistent")
    assert data["sources"][first["src"]]["t"] == "Satellite imagery"
    assert second["v"] == "inconsistent" and second["vd"].startswith("impossible as reported")
    assert data["observed"] is None


def test_observed_payload_lines_gaps_and_events(case_path) -> None:
    res = run_memory(case_path.parent / "ais.csv", want_tracks=True)
    obs = observed_payload(res, centre_lon=131.0)
    assert obs["file"] == "ais.csv"
    assert {e["k"] for e in obs["events"]} == {"dark", "port_call", "meeting", "jump"}
    assert len(obs["gaps"]) == 1 and "dark 2023-09-01T09:58:00Z" in obs["gaps"][0]["t"]
    # the dateline vessel is drawn continuously near the case's centre, not split across the map
    lons = [lon for line in obs["lines"] if line["n"] == "DATELINE TEST" for _, lon in line["c"]]
    assert max(lons) - min(lons) < 10


def test_map_command_with_tracks(case_path, tmp_path) -> None:
    out = tmp_path / "m.html"
    r = CliRunner().invoke(cli, ["map", str(case_path), "-o", str(out), "--tracks", str(case_path.parent / "ais.csv")])
    assert r.exit_code == 0, r.output
    data = _data(out.read_text(encoding="utf-8"))
    assert data["observed"]["events"] and len(data["sightings"]) == 2
    r = CliRunner().invoke(cli, ["map", str(case_path), "-o", str(tmp_path / "m.png"), "--tracks", "x.csv"])
    assert r.exit_code == 2 and "applies to HTML maps only" in r.output


def test_sightings_reach_the_exports_as_claims(case_path, tmp_path) -> None:
    from maps.features import build_features

    case = load_case(case_path)
    analysis = Analysis(case=case, routes=(), verdicts=check_case(case, try_networks=False))
    claims = {f.id: f.properties for f in build_features(analysis).claims}
    assert claims["sighting:s1/sighting-1"]["verdict"] == "consistent"
    assert claims["sighting:s1/sighting-2"]["claimed"] == "seen at 1.2600, 103.8200 2023-09-13 (report)"


def test_sightings_are_in_checks_md(case_path) -> None:
    from maps.checks_md import render_checks_md

    case = load_case(case_path)
    analysis = Analysis(case=case, routes=(), verdicts=check_case(case, try_networks=False))
    md = render_checks_md(analysis)
    assert "seen at Port B 2023-09-12 (imagery, src1)" in md and "consistent with leg 1 arriving 2023-09-12" in md
