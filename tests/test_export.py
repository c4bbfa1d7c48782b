"""maps.export: format from the extension or --format, exact errors, atomic output."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from exportdata import analysis
from geodata.base.errors import InputError
from maps.export import export, format_for


@pytest.mark.parametrize("name,fmt", [("a.geojson", "geojson"), ("a.JSON", "geojson"), ("a.gpkg", "gpkg"),
                                      ("a.kml", "kml"), ("a.csv", "csv")])
def test_format_from_extension(name: str, fmt: str) -> None:
    assert format_for(name) == fmt


def test_unknown_extension_names_the_allowed_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        export(analysis(), tmp_path / "out.shp")
    assert str(e.value) == (f"{tmp_path / 'out.shp'}: cannot tell the export format from the extension '.shp'; "
                            "use one of .geojson, .json, .gpkg, .kml, .csv, or give --format geojson|gpkg|kml|csv")
    with pytest.raises(InputError, match=r"^unknown export format 'shp'; use one of geojson, gpkg, kml, csv$"):
        format_for("x.geojson", "shp")
    assert list(tmp_path.iterdir()) == []


def test_fmt_overrides_the_extension(tmp_path: Path) -> None:
    out = export(analysis(), tmp_path / "legs.txt", fmt="geojson")
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_failed_export_leaves_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "case.geojson"
    out.write_text("previous")
    with pytest.raises(InputError):
        export(analysis(), out, precision=-1)
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["case.geojson"]


def test_every_format_writes_through_a_temp_file(tmp_path: Path) -> None:
    for ext in ("geojson", "gpkg", "kml", "csv"):
        export(analysis(), tmp_path / f"case.{ext}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "case.checks.csv", "case.checks.csvt", "case.csv", "case.csvt", "case.geojson", "case.gpkg", "case.kml"]
