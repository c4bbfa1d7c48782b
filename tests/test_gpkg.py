"""maps.gpkg: four typed layers in EPSG:4326, read back with GDAL and compared with the Analysis."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyogrio
import shapely

from clients import validate_gpkg
from exportdata import analysis
from maps.export import export
from routes import exportschema as schema
from geodata.base.geodesy import line_length_m


def _read(path: Path, layer: str) -> tuple[list[dict], list]:
    meta, _, wkb, cols = pyogrio.raw.read(path, layer=layer)
    names = list(meta["fields"])
    return [dict(zip(names, vals, strict=True)) for vals in zip(*cols, strict=True)], list(shapely.from_wkb(wkb))


def _exported(tmp_path: Path):
    """The test analysis exported to a validated GeoPackage: (analysis, path)."""
    a = analysis()
    out = tmp_path / "case.gpkg"
    export(a, out)
    validate_gpkg(out)
    return a, out


def _km(geom) -> float:
    """km of a (Multi)LineString; 0 for no geometry (a leg from a place to itself)."""
    return 0.0 if geom is None else sum(line_length_m(list(p.coords)) for p in geom.geoms) / 1000.0


def test_layers_types_and_crs(tmp_path: Path) -> None:
    out = tmp_path / "case.gpkg"
    export(analysis(), out)
    validate_gpkg(out)
    assert pyogrio.list_layers(out).tolist() == [
        ["places", "Point"], ["legs", "MultiLineString"], ["shipments", "MultiLineString"], ["claims", "MultiLineString"]]
    info = pyogrio.read_info(out, layer="legs")
    assert info["crs"] == "EPSG:4326"
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert list(info["fields"]) == list(schema.field_names("legs"))
    assert (types["leg_index"], types["length_km"], types["depart_first_day"], types["depart_earliest"]) == (
        "OFTInteger64", "OFTReal", "OFTDate", "OFTString")
    assert info["dataset_metadata"] == {"ROUTEMAP_TITLE": "Export test case: Najin, Dunay & <the> Pacific"}
    assert pyogrio.read_info(out, layer="places")["features"] == 8


def test_legs_match_the_analysis(tmp_path: Path) -> None:
    a, out = _exported(tmp_path)
    rows, geoms = _read(out, "legs")
    assert [r["id"] for r in rows] == [leg.key for leg in a.case.legs()]
    for r, g, leg in zip(rows, geoms, a.case.legs(), strict=True):
        route = a.route(leg.key)
        assert abs(r["length_km"] - route.length_km) * 1000 < 1.0
        assert abs(_km(g) - route.length_km) * 1000 < 1.0, leg.key
        assert (r["from_name"], r["to_name"], r["mode"], r["leg_index"]) == (
            leg.origin.name, leg.destination.name, leg.mode, leg.index)
        assert r["depart"] == (leg.depart.text if leg.depart else None)
        assert r["arrive_latest"] == (leg.arrive.latest if leg.arrive else None)
    first = rows[0]
    assert first["depart_first_day"] == np.datetime64("2023-09-07") and first["depart_last_day"] == np.datetime64("2023-09-08")
    assert np.isnat(rows[1]["depart_last_day"])                   # "2023-09-12/" has no last day
    assert rows[3]["arrive_first_day"] == np.datetime64(dt.date(2023, 10, 1))
    assert len(geoms[3].geoms) == 2                               # cut at the antimeridian
    assert np.isnan(rows[2]["snap_from_km"]) and rows[0]["snap_from_km"] == 1.2


def test_shipments_and_claims(tmp_path: Path) -> None:
    a, out = _exported(tmp_path)
    rows, geoms = _read(out, "shipments")
    assert [r["id"] for r in rows] == ["angara-2023", "pacific-2023", "kim-train-2023"]
    for r, g, s in zip(rows, geoms, a.case.shipments, strict=True):
        total = sum(a.route(leg.key).length_km for leg in s.legs)
        assert abs(r["length_km"] - total) * 1000 < 1.0
        assert abs(_km(g) - total) * 1000 < 1.0
        assert r["legs"] == len(s.legs)
    claims, cgeoms = _read(out, "claims")
    assert [(c["id"], c["verdict"], c["source_ids"]) for c in claims] == [
        ("vlad-pyongyang-km", "consistent", "ap-2023-09-12"), ("plausibility:angara-2023/1", "consistent", None),
        ("trucks-rate", "inconsistent", None)]
    assert [g is None for g in cgeoms] == [False, True, True]      # a check with no line: a null geometry
    rate = claims[2]
    assert (rate["claimed_value"], rate["computed_low"], rate["computed_high"], rate["computed_value"]) == (300, 12, 24, 18)
    assert (rate["delta"], rate["tolerance"], rate["unit"], rate["basis"]) == (-276, 30, "trucks", "rate × period")
    assert claims[1]["shipment_id"] == "angara-2023" and claims[1]["leg"] == "angara-2023/1"
    assert abs(_km(cgeoms[0]) - claims[0]["length_km"]) * 1000 < 1.0
    out2 = tmp_path / "noclaims.gpkg"
    export(a, out2, include_claims=False)
    validate_gpkg(out2)
    assert pyogrio.read_info(out2, layer="claims")["features"] == 0


def test_overwrite_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "case.gpkg"
    out.write_text("old")
    export(analysis(), out)
    validate_gpkg(out)
    assert pyogrio.read_info(out, layer="legs")["features"] == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.gpkg"]


def test_layers_written_in_chunks_read_back_the_same(tmp_path, monkeypatch):
    """A big layer goes in chunks (append); the features read back are those written in one go."""
    from maps import gpkg

    a = analysis()
    export(a, tmp_path / "one.gpkg")
    monkeypatch.setattr(gpkg, "CHUNK", 2)
    export(a, tmp_path / "chunks.gpkg")
    for layer in ("places", "legs", "shipments", "claims"):
        one = pyogrio.read_dataframe(tmp_path / "one.gpkg", layer=layer)
        chunks = pyogrio.read_dataframe(tmp_path / "chunks.gpkg", layer=layer)
        assert len(one) > 0 or layer == "claims"
        assert one.to_wkt().equals(chunks.to_wkt()), layer
    meta = pyogrio.read_info(tmp_path / "chunks.gpkg", layer="places")["dataset_metadata"]
    assert meta == pyogrio.read_info(tmp_path / "one.gpkg", layer="places")["dataset_metadata"]
