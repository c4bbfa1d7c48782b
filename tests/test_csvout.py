"""maps.csvout: one row per leg with WKT, read back with GDAL's CSV driver and the csv module."""
from __future__ import annotations

import csv
from pathlib import Path

import pyogrio
import shapely

from clients import read_csv_gdal
from exportdata import analysis
from maps.csvout import cell, sidecars, wkt
from maps.export import export
from maps.features import build_features
from routes import exportschema as schema
from geodata.base.geodesy import line_length_m


def test_rows_and_wkt_read_back_with_gdal(tmp_path: Path) -> None:
    a = analysis()
    out = tmp_path / "legs.csv"
    export(a, out)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["WKT", *schema.field_names("legs")]
    assert [r["id"] for r in rows] == [leg.key for leg in a.case.legs()]
    assert rows[0]["WKT"].startswith("LINESTRING (130.2958 42.2497, ")
    assert rows[3]["WKT"].startswith("MULTILINESTRING ((158.65 53.04, ")
    assert rows[0]["depart_first_day"] == "2023-09-07" and rows[1]["depart_latest"] == ""
    meta, _, wkb, cols = pyogrio.raw.read(out, GEOM_POSSIBLE_NAMES="WKT", KEEP_GEOM_COLUMNS="NO")
    geoms = shapely.from_wkb(wkb)
    assert len(geoms) == 6 and "WKT" not in list(meta["fields"])
    lengths = dict(zip(meta["fields"], cols, strict=True))["length_km"]
    for g, km, leg in zip(geoms, lengths, a.case.legs(), strict=True):
        if g is None:                                  # Vladivostok → Vladivostok: no zero-length line
            assert float(km) == 0 and a.route(leg.key).length_km == 0
            continue
        parts = g.geoms if g.geom_type == "MultiLineString" else [g]
        got = sum(line_length_m(list(p.coords)) for p in parts)
        assert abs(got - float(km) * 1000) < 1.0, leg.key
        assert abs(float(km) - a.route(leg.key).length_km) * 1000 < 1.0


def test_gdal_reads_the_wkt_column_without_options(tmp_path: Path) -> None:
    out = tmp_path / "legs.csv"
    export(analysis(), out)
    _, _, wkb, _ = pyogrio.raw.read(out)
    assert shapely.from_wkb(wkb[0]).geom_type == "LineString"


def test_cells_defuse_formulas_and_format_values() -> None:
    assert cell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert cell("@SUM(1)") == "'@SUM(1)" and cell(float("nan")) == ""
    fs = build_features(analysis())
    assert wkt(fs.places[0]) == "POINT (130.2958 42.2497)"
    assert wkt(fs.legs[0], precision=1).startswith("LINESTRING (130.3 42.2, 130.4 42.3")


def test_csvt_types_the_columns_for_gdal_and_qgis(tmp_path: Path) -> None:
    import numpy as np

    out = tmp_path / "legs.csv"
    export(analysis(), out)
    types_path, checks, checks_types = sidecars(out)
    assert types_path.read_text().startswith('"WKT","String","String","String","Integer"')
    legs = read_csv_gdal(out)               # GDAL's CSV driver reads legs.csvt beside legs.csv
    assert str(legs["leg_index"].dtype).startswith("int") and legs["length_km"].dtype == np.float64
    assert str(legs["depart_first_day"].dtype).startswith("datetime64")
    assert legs.geometry.iloc[3].geom_type == "MultiLineString"          # cut at the antimeridian
    rows = read_csv_gdal(checks)            # every check, with its numbers, typed by legs.checks.csvt
    assert list(rows["id"]) == ["vlad-pyongyang-km", "plausibility:angara-2023/1", "trucks-rate"]
    assert [g is None for g in rows.geometry] == [False, True, True]
    rate = rows.iloc[2]
    assert (rate["claimed_value"], rate["computed_value"], rate["delta"], rate["tolerance"]) == (300.0, 18.0, -276.0, 30.0)
    assert (rate["unit"], rate["basis"], rate["verdict"]) == ("trucks", "rate × period", "inconsistent")
    assert rows["delta"].dtype == np.float64 and checks_types.exists()
