"""routes.gisimport: legs from GeoPackage / GeoJSON / CSV exports (or QGIS edits) back into a Case."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from exportdata import analysis
from geodata.base.errors import InputError
from maps.export import export
from geodata.base.geodesy import inverse, line_length_m
from routes.gisimport import import_legs


def _same_legs(a, case, tol_m: float = 1.0) -> None:
    src = list(a.case.legs())
    got = list(case.legs())
    assert [leg.key for leg in got] == [leg.key for leg in src]
    for s, g in zip(src, got, strict=True):
        assert (g.origin.name, g.destination.name, g.mode, g.carrier) == (s.origin.name, s.destination.name, s.mode, s.carrier)
        assert inverse(g.origin.lonlat, s.origin.lonlat).distance_m < tol_m
        assert (g.depart, g.arrive) == (s.depart, s.arrive)
        route = a.route(s.key)
        if route.length_km == 0:         # a leg from a place to itself has no line in the files: no path
            assert g.path == () and inverse(g.destination.lonlat, s.destination.lonlat).distance_m < tol_m
            continue
        assert len(g.path) == len(route.coords)
        assert max(inverse(p, q).distance_m for p, q in zip(g.path, route.coords, strict=True)) < tol_m
        assert abs(line_length_m(g.path) - route.length_km * 1000) < tol_m


@pytest.mark.parametrize("ext", ["gpkg", "geojson", "csv"])
def test_round_trip(tmp_path: Path, ext: str) -> None:
    a = analysis()
    out = tmp_path / f"case.{ext}"
    export(a, out)
    case = import_legs(out)
    _same_legs(a, case)
    assert [s.id for s in case.shipments] == ["angara-2023", "pacific-2023", "kim-train-2023"]
    angara = case.shipments[0]
    assert (angara.title, angara.status, angara.confidence, angara.cargo, angara.sources) == (
        "Munitions containers to Russia on MV Angara", "reported", "medium", "military equipment and munitions",
        ("yonhap-2023-10-14",))
    assert (angara.quantity.low, angara.quantity.unit, angara.quantity.qualifier) == (1000.0, "containers", "more than")
    assert case.shipments[2].legs[0].sources == ("ap-2023-09-12", "evil")
    assert case.shipments[2].legs[1].sources == ()                    # the shipment's, not repeated per leg
    assert case.source("yonhap-2023-10-14").url == "https://en.yna.co.kr/view/AEN20231014000351315"


def test_gpkg_keeps_title_kinds_and_via(tmp_path: Path) -> None:
    out = tmp_path / "case.gpkg"
    export(analysis(), out)
    case = import_legs(out)
    assert case.title == "Export test case: Najin, Dunay & <the> Pacific"
    depot = case.shipments[0].legs[1].destination
    assert (depot.kind, depot.country, depot.uncertainty_km, depot.aliases) == ("depot", "RU", 10.0, ("Tikhoretsk depot",))
    assert [v.name for v in case.shipments[2].legs[0].via] == ["Khasan"]


def test_geometry_edited_in_a_gis_becomes_the_path(tmp_path: Path) -> None:
    out = tmp_path / "case.gpkg"
    export(analysis(), out)
    meta, _, wkb, cols = pyogrio.raw.read(out, layer="legs")
    geoms = list(shapely.from_wkb(wkb))
    edited = [(130.2958, 42.2497), (130.9, 42.1), (131.8, 42.5), (132.35, 42.8939)]   # redrawn offshore
    geoms[0] = shapely.MultiLineString([edited])
    edited_file = tmp_path / "edited.gpkg"
    pyogrio.raw.write(edited_file, np.asarray(shapely.to_wkb(geoms), dtype=object), cols, list(meta["fields"]),
                      layer="legs", driver="GPKG", geometry_type="MultiLineString", crs="EPSG:4326")
    case = import_legs(edited_file)
    assert case.shipments[0].legs[0].path == tuple(edited)
    assert case.title == "Imported from edited.gpkg"


def _leg(index: int, origin: str, destination: str, coordinates: list, *, geometry: str = "LineString",
         **props: str) -> dict:
    """A GeoJSON feature for leg ``s1/index`` from ``origin`` to ``destination`` (extra properties as given)."""
    return {"type": "Feature",
            "properties": {"shipment_id": "s1", "leg_index": index, "from_name": origin, "to_name": destination,
                           **props},
            "geometry": {"type": geometry, "coordinates": coordinates}}


def _geojson(path: Path, features: list[dict]) -> Path:
    """``features`` written to ``path`` as a FeatureCollection."""
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_new_leg_drawn_without_coordinates_takes_the_line_ends(tmp_path: Path) -> None:
    p = _geojson(tmp_path / "drawn.geojson", [
        _leg(2, "B", "C", [[10.0, 50.0], [11.0, 50.5]], mode="road", depart="2024-01"),
        _leg(1, "A", "B", [[9.0, 49.0], [10.0, 50.0]]),
    ])
    case = import_legs(p)
    legs = list(case.legs())
    assert [(leg.index, leg.origin.name, leg.destination.name, leg.mode) for leg in legs] == [
        (1, "A", "B", "unknown"), (2, "B", "C", "road")]
    assert legs[1].origin.lonlat == (10.0, 50.0) and legs[1].destination.lonlat == (11.0, 50.5)
    assert legs[1].depart.text == "2024-01" and legs[0].origin.id == "import:a"


def test_problems_are_all_reported_with_the_feature(tmp_path: Path) -> None:
    p = _geojson(tmp_path / "bad.geojson", [
        _leg(1, "A", "B", [[9.0, 49.0], [10.0, 50.0]], mode="ship", depart="2023-13-01"),
        _leg(2, "B", "C", [10.0, 50.0], geometry="Point"),
        _leg(1, "A", "B", [[9.0, 49.0], [10.0, 50.0]]),
    ])
    with pytest.raises(InputError) as e:
        import_legs(p)
    assert str(e.value).split("\n") == [
        f"{p}: feature 1: mode 'ship' is not one of sea, rail, road, air, unknown",
        f"{p}: feature 1: depart: date '2023-13-01' is not a real calendar date (month must be in 1..12)",
        f"{p}: feature 2: leg s1/2 has a Point; draw it as a line (LineString), or give from_lon, from_lat, to_lon and to_lat",
    ]


def test_duplicate_leg_and_csv_line_numbers(tmp_path: Path) -> None:
    p = tmp_path / "legs.csv"
    p.write_text("WKT,shipment_id,leg_index,from_name,to_name\n"
                 '"LINESTRING (9 49, 10 50)",s1,1,A,B\n'
                 '"LINESTRING (9 49, 10 50)",s1,1,A,B\n'
                 '"LINESTRING (9 49, 10 50)",s1,x,A,B\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_legs(p)
    assert str(e.value).split("\n") == [
        f"{p}:3: leg s1/1 appears twice (also feature 1); give each leg of a shipment its own leg_index",
        f"{p}:4: leg_index is empty or not readable; every leg needs shipment_id, leg_index (a number), from_name and to_name",
    ]


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot import \.kml; give a \.geojson, \.json, \.gpkg, \.csv file with a legs layer$"):
        import_legs(tmp_path / "x.kml")
    with pytest.raises(InputError, match=r"x\.gpkg: no such file; check the path$"):
        import_legs(tmp_path / "x.gpkg")
    p = tmp_path / "nocols.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}]}))
    with pytest.raises(InputError) as e:
        import_legs(p)
    assert str(e.value) == (f"{p}: the legs have no column shipment_id, leg_index, from_name, to_name; needed: "
                            "shipment_id, leg_index, from_name, to_name and a line geometry (columns found: name)")
    garbage = tmp_path / "garbage.gpkg"
    garbage.write_bytes(b"\x00not a geopackage" * 10)
    with pytest.raises(InputError, match=r"garbage\.gpkg: GDAL cannot open this file \(.*\); export it again"):
        import_legs(garbage)


def test_projected_layers_are_reprojected_to_wgs84(tmp_path: Path) -> None:
    import geopandas as gpd

    a = analysis()
    src = tmp_path / "case.gpkg"
    export(a, src)
    merc = tmp_path / "merc.gpkg"
    for layer in ("legs", "places"):
        gpd.read_file(src, layer=layer).to_crs(3857).to_file(merc, layer=layer, driver="GPKG")
    case = import_legs(merc)
    _same_legs(a, case, tol_m=1.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.gpkg", "merc.gpkg"]   # no .aux.xml beside the input


def test_nan_and_out_of_range_vertices_are_refused_with_the_feature(tmp_path: Path) -> None:
    a = analysis()
    out = tmp_path / "case.geojson"
    export(a, out)
    doc = json.loads(out.read_text())
    legs = [f for f in doc["features"] if f["properties"].get("feature_type") == "leg"]
    legs[0]["geometry"]["coordinates"][1] = [500.0, 100.0]
    out.write_text(json.dumps(doc))
    with pytest.raises(InputError, match=r"feature \d+: leg angara-2023/1: the line's vertex 2 at lon 500, lat 100 "
                                         r"is out of range"):
        import_legs(out)


def test_import_validates_and_bounds_what_it_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from routes import gisimport
    from routes.casefile import load_case

    a = analysis()
    src = tmp_path / "case.gpkg"
    export(a, src)
    out = tmp_path / "case.yaml"
    gisimport.import_to_yaml(src, out)
    assert [s.id for s in load_case(out).shipments] == [s.id for s in a.case.shipments]
    monkeypatch.setenv("ROUTEMAP_MAX_INPUT_MB", "0.01")
    with pytest.raises(InputError, match="over the limit of 0 MB; split it, or set ROUTEMAP_MAX_INPUT_MB"):
        gisimport.import_to_yaml(src, tmp_path / "other.yaml")
    assert not (tmp_path / "other.yaml").exists()
