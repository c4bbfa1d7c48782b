"""`routemap export` and `routemap import` through the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest
import yaml
from click.testing import CliRunner

from exportdata import analysis
from maps.export import export
from routes.cli import cli

DEMO = Path(__file__).resolve().parent.parent / "routes" / "data" / "demo.yaml"


def test_import_writes_a_case_file(tmp_path: Path) -> None:
    gpkg = tmp_path / "case.gpkg"
    export(analysis(), gpkg)
    out = tmp_path / "case.yaml"
    r = CliRunner().invoke(cli, ["import", str(gpkg), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output == f"wrote {out} (3 shipments, 6 legs)\n"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# routemap case file, imported from case.gpkg by `routemap import`.\n")
    doc = yaml.safe_load(text)
    assert [s["id"] for s in doc["shipments"]] == ["angara-2023", "pacific-2023", "kim-train-2023"]
    assert doc["shipments"][0]["legs"][0]["path"][0] == [130.2958, 42.2497]


def test_import_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["import", str(tmp_path / "legs.kml"), "-o", str(tmp_path / "c.yaml")])
    assert r.exit_code == 2
    assert r.output == (f"routemap: error: {tmp_path / 'legs.kml'}: cannot import .kml; give a .geojson, .json, "
                        ".gpkg, .csv file with a legs layer\n")
    gpkg = tmp_path / "case.gpkg"
    export(analysis(), gpkg)
    r = CliRunner().invoke(cli, ["import", str(gpkg), "-o", str(gpkg)])
    assert r.exit_code == 2
    assert "the output path is the input file" in r.output and "Traceback" not in r.output


def test_export_refuses_an_unknown_extension_before_any_work(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["export", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "out.shp")])
    assert r.exit_code == 2
    assert r.output == (f"routemap: error: {tmp_path / 'out.shp'}: cannot tell the export format from the extension "
                        "'.shp'; use one of .geojson, .json, .gpkg, .kml, .csv, or give --format geojson|gpkg|kml|csv\n")
    r = CliRunner().invoke(cli, ["export", str(DEMO), "-o", str(tmp_path / "no" / "out.gpkg")])
    assert r.exit_code == 2
    assert f"folder {tmp_path / 'no'} does not exist" in r.output


@pytest.mark.slow
def test_export_the_demo_case_to_every_format(tmp_path: Path) -> None:
    for ext in ("geojson", "gpkg", "kml", "csv"):
        out = tmp_path / f"demo.{ext}"
        r = CliRunner().invoke(cli, ["export", str(DEMO), "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert r.output == f"wrote {out} ({ext}: 6 shipments, 9 legs)\n"
    doc = json.loads((tmp_path / "demo.geojson").read_text(encoding="utf-8"))
    legs = [f for f in doc["features"] if f["properties"]["feature_type"] == "leg"]
    assert len(legs) == 9 and legs[0]["id"] == "angara-2023/1"
    assert pyogrio.read_info(tmp_path / "demo.gpkg", layer="legs")["features"] == 9
    # round trip: export -> import -> a case file that loads again
    back = tmp_path / "back.yaml"
    r = CliRunner().invoke(cli, ["import", str(tmp_path / "demo.gpkg"), "-o", str(back)])
    assert r.exit_code == 0, r.output
    from routes.casefile import load_case
    case = load_case(back)
    assert [leg.key for leg in case.legs()] == [f["id"] for f in legs]
    assert all(leg.path for leg in case.legs())
