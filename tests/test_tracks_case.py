"""``routemap tracks FILE --case CASE``: vessels matched to legs, observed port calls against reported dates."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import tracksdata as td
from routes.casefile import load_case
from routes.cli import cli
from routes.tracks.case import case_report, norm_name
from routes.tracks.engine import run_memory

CASE = """\
version: 1
title: Tracks test
places:
  - {{name: Najin quay, lat: 42.235, lon: 130.305, kind: port, country: KP}}
  - {{name: Sea point, lat: 40.9, lon: 133.6, kind: point}}
shipments:
  - id: s1
    title: Test shipment
    legs:
      - from: Najin quay
        to: Sea point
        mode: sea
        {carrier}
        depart: {depart}
        arrive: {arrive}
"""


@pytest.fixture(scope="module")
def ais(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("case") / "AIS_2023_09_01.csv"
    td.write_noaa_legacy(path, td.reports())
    return path


@pytest.fixture(scope="module")
def result(ais):
    return run_memory(ais)


def _case(tmp_path, carrier: str, depart: str = "2023-09-01", arrive: str = "2023-09-01/2023-09-02"):
    p = tmp_path / "case.yaml"
    p.write_text(CASE.format(carrier=carrier, depart=depart, arrive=arrive), encoding="utf-8")
    return load_case(p)


def test_matched_by_name_and_departure_fits(result, tmp_path) -> None:
    (leg,) = case_report(result, _case(tmp_path, "carrier: MV Angara Test"))
    assert leg["mmsi"] == td.A and leg["matched_by"] == "name 'MV Angara Test'"
    assert leg["departure"]["fits"] is True and leg["departure"]["observed"] == "2023-09-01T03:58:00Z"
    assert leg["arrival"]["fits"] is None and leg["arrival"]["detail"].startswith("no port call observed")
    assert leg["dark"] == [{"start": "2023-09-01T09:58:00Z", "end": "2023-09-01T18:00:00Z", "hours": 8.03}]


def test_matched_by_mmsi_and_departure_does_not_fit(result, tmp_path) -> None:
    (leg,) = case_report(result, _case(tmp_path, f"carrier_mmsi: {td.A}", depart="2023-09-03", arrive="2023-09-04"))
    assert leg["matched_by"] == f"MMSI {td.A}"
    assert leg["departure"]["fits"] is False
    assert "44 h before the reported 2023-09-03" in leg["departure"]["detail"]


def test_unmatched_leg_says_why(result, tmp_path) -> None:
    (leg,) = case_report(result, _case(tmp_path, "carrier: Nonexistent"))
    assert leg["mmsi"] is None and leg["summary"] == "not matched: no vessel in the tracks matches its carrier"


def test_bad_carrier_mmsi_names_the_line(tmp_path) -> None:
    from geodata.base.errors import InputError

    with pytest.raises(InputError) as ei:
        _case(tmp_path, "carrier_mmsi: 1234")
    assert "case.yaml:13: leg 1 of s1: carrier_mmsi 1234 is not a 9-digit number" in str(ei.value)


def test_cli_case_option(ais, tmp_path) -> None:
    _case(tmp_path, "carrier: MV Angara Test")
    r = CliRunner().invoke(cli, ["tracks", str(ais), "--case", str(tmp_path / "case.yaml"), "--json"])
    assert r.exit_code == 0, r.output
    legs = json.loads(r.output)["legs"]
    assert legs[0]["leg"] == "s1/1" and legs[0]["departure"]["fits"] is True


def test_norm_name() -> None:
    assert norm_name("M/V  Harmony-Wish (Cambodian-registered)") == "HARMONY WISH"
