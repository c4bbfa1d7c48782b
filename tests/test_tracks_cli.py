"""``routemap tracks``: the summary, --json, -o JSON/GeoJSON/GeoPackage, exit codes, and the Dask engine."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import tracksdata as td
from routes.cli import cli


@pytest.fixture(scope="module")
def ais(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("cli") / "AIS_2023_09_01.csv"
    td.write_noaa_legacy(path, td.reports())
    return path


def _run(*args: str):
    return CliRunner().invoke(cli, ["tracks", *map(str, args)])


def test_summary_table(ais) -> None:
    r = _run(ais)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split()[:3] == ["vessel", "mmsi", "reports"]
    angara = next(x for x in lines if x.startswith("ANGARA TEST"))
    assert angara.split()[2:4] == ["273000001", "419"]
    assert "1 dark, 1 port_call, 1 meeting, 41 jump" in r.output


def test_json(ais) -> None:
    r = _run(ais, "--json")
    assert r.exit_code == 0
    d = json.loads(r.output)
    assert [v["mmsi"] for v in d["vessels"]] == [td.A, td.B, td.C, td.D, td.E, td.F]
    dark = next(e for e in d["events"] if e["kind"] == "dark")
    assert dark["mmsi"] == td.A and dark["start"] == "2023-09-01T09:58:00Z" and dark["end"] == "2023-09-01T18:00:00Z"
    assert dark["implied_speed_kn"] == pytest.approx(12.0, abs=0.2) and "reachable_ports" in dark


def test_thresholds_are_options(ais) -> None:
    d = json.loads(_run(ais, "--json", "--dark-hours", "9").output)
    assert not [e for e in d["events"] if e["kind"] == "dark"]
    assert d["thresholds"]["dark_hours"] == 9


def test_output_json_geojson_gpkg(ais, tmp_path) -> None:
    out = tmp_path / "t.json"
    assert _run(ais, "-o", out).exit_code == 0
    assert json.loads(out.read_text())["events"]
    gj = tmp_path / "t.geojson"
    assert _run(ais, "-o", gj).exit_code == 0
    fc = json.loads(gj.read_text())
    by = {f["id"]: f for f in fc["features"]}
    d = by[f"track-{td.D}"]["geometry"]
    assert d["type"] == "MultiLineString" and len(d["coordinates"]) == 2        # cut at 180°
    assert d["coordinates"][0][-1][0] == 180.0 and d["coordinates"][1][0][0] == -180.0
    a = by[f"track-{td.A}"]["geometry"]["coordinates"]
    assert len(a) == 2                                                              # split at the dark gap
    kinds = {f["properties"]["feature_type"] for f in fc["features"]}
    assert kinds == {"track", "dark_gap", "dark", "port_call", "meeting", "jump"}
    assert fc["bbox"][0] > fc["bbox"][2]                                            # west > east across 180°
    gp = tmp_path / "t.gpkg"
    assert _run(ais, "-o", gp).exit_code == 0
    import pyogrio

    layers = {name: kind for name, kind in pyogrio.list_layers(gp)}
    assert layers == {"tracks": "MultiLineString", "gaps": "MultiLineString", "events": "Point"}
    ev = pyogrio.read_dataframe(gp, layer="events")
    assert sorted(ev["feature_type"].unique()) == ["dark", "jump", "meeting", "port_call"]


def test_bad_input_exit_2(tmp_path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("name,population\nNajin,200000\n", encoding="utf-8")
    r = _run(p)
    assert r.exit_code == 2 and f"{p}:1: not an AIS position file" in r.output and "Traceback" not in r.output
    assert _run(tmp_path / "missing.csv").exit_code == 2
    r = _run(p, "-o", tmp_path / "out.kml")
    assert r.exit_code == 2 and "use .json, .geojson or .gpkg" in r.output
    r = _run(p, "--columns", "id=a,time=b")
    assert r.exit_code == 2 and "lacks lat, lon" in r.output
    r = _run(p, "--scheduler", "tcp://127.0.0.1:1")
    assert r.exit_code == 2 and "--scheduler needs --engine dask" in r.output


@pytest.mark.slow
def test_dask_engine_gives_identical_results(ais, tmp_path) -> None:
    mem = json.loads(_run(ais, "--json").output)
    r = _run(ais, "--json", "--engine", "dask", "--workers", "2")
    assert r.exit_code == 0, r.output
    dsk = json.loads(r.output)
    assert dsk["engine"] == "dask" and mem["engine"] == "memory"
    for key in ("vessels", "events", "input"):
        assert dsk[key] == mem[key], key


@pytest.mark.slow
def test_dask_engine_on_an_existing_scheduler(ais) -> None:
    from distributed import LocalCluster

    mem = json.loads(_run(ais, "--json").output)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        r = _run(ais, "--json", "--engine", "dask", "--scheduler", cluster.scheduler_address)
        assert r.exit_code == 0, r.output
        dsk = json.loads(r.output)
        assert cluster.scheduler is not None        # the command did not shut the user's cluster down
    assert dsk["events"] == mem["events"] and dsk["vessels"] == mem["vessels"]


@pytest.mark.slow
def test_unreachable_scheduler_is_exit_2(ais) -> None:
    r = _run(ais, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert r.exit_code == 2 and "cannot reach a Dask scheduler" in r.output


def test_text_ids_are_labels_not_mmsis(tmp_path) -> None:
    rows = [r for r in td.reports() if r["mmsi"] == td.A]
    for r in rows:
        r["mmsi"] = "ANGARA-GPS"
    p = tmp_path / "gps.gpx"
    td.write_gpx(p, rows)
    d = json.loads(_run(p, "--json").output)
    assert d["vessels"][0]["id"] == "ANGARA-GPS" and d["vessels"][0]["mmsi"] is None
    dark = next(e for e in d["events"] if e["kind"] == "dark")
    assert dark["mmsi"] is None and dark["name"] == "ANGARA-GPS"
