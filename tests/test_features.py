"""maps.features: the one flat schema all export writers share."""
from __future__ import annotations

import datetime as dt

import pytest

from exportdata import analysis
from maps.features import build_features, first_day, last_day, line_parts
from routes import exportschema as schema
from routes.dates import parse_when
from geodata.base.geodesy import line_length_m
from routes.verdict import Analysis


def test_layers_counts_and_ids() -> None:
    fs = build_features(analysis())
    assert [f.id for f in fs.legs] == ["angara-2023/1", "angara-2023/2", "pacific-2023/1", "pacific-2023/2",
                                       "kim-train-2023/1", "kim-train-2023/2"]
    assert [f.id for f in fs.shipments] == ["angara-2023", "pacific-2023", "kim-train-2023"]
    assert [f.properties["name"] for f in fs.places] == [
        "Najin", "Dunay", "Tikhoretsk ammunition depot", "Vladivostok", "Petropavlovsk-Kamchatsky", "Anchorage",
        "Pyongyang", "Khasan"]
    # every check, with its line or none (the plausibility verdict and the rate claim have none here)
    assert [f.id for f in fs.claims] == ["vlad-pyongyang-km", "plausibility:angara-2023/1", "trucks-rate"]
    assert [f.has_geometry for f in fs.claims] == [True, False, False]
    assert build_features(analysis(), include_claims=False).claims == ()


def test_every_feature_has_exactly_the_schema_columns() -> None:
    fs = build_features(analysis())
    for layer in schema.LAYERS:
        for f in fs.layer(layer):
            assert tuple(f.properties) == schema.field_names(layer), (layer, f.id)
            assert f.properties["feature_type"] == schema.FEATURE_TYPES[layer]


def test_leg_properties() -> None:
    fs = build_features(analysis())
    p = fs.legs[0].properties
    assert (p["mode"], p["status"], p["confidence"], p["carrier"], p["method"]) == (
        "sea", "reported", "medium", "MV Angara", "sea-marnet")
    assert (p["depart"], p["depart_earliest"], p["depart_latest"]) == ("2023-09-07/2023-09-08", "2023-09-07", "2023-09-08")
    assert (p["depart_first_day"], p["depart_last_day"]) == (dt.date(2023, 9, 7), dt.date(2023, 9, 8))
    assert (p["arrive_earliest"], p["arrive_latest"]) == ("2023-09-12", "2023-09-12")
    assert (p["snap_from_km"], p["snap_to_km"]) == (1.2, 0.4)
    assert p["snaps"] == "from Najin: 1.2 km to marnet | to Dunay: 0.4 km to marnet"
    assert p["source_ids"] == "yonhap-2023-10-14"
    assert p["source_titles"] == "N. Korea sent more than 1,000 containers / White House"   # '|' would split it
    assert p["source_urls"] == "https://en.yna.co.kr/view/AEN20231014000351315"
    assert (p["quantity"], p["quantity_low"], p["quantity_unit"], p["quantity_qualifier"]) == (
        "1000", 1000.0, "containers", "more than")
    rail = fs.legs[1].properties
    assert rail["warnings"] == "Dunay: nearest rail node is 41 km away"
    assert (rail["depart_latest"], rail["depart_last_day"]) == (None, None)
    # a leg without its own sources shows the shipment's; the shipment's are kept apart for the importer
    train = fs.legs[4].properties
    assert train["source_ids"] == "ap-2023-09-12 | evil"
    assert train["source_urls"] == " | javascript:alert(1)"
    assert train["via_names"] == "Khasan"
    assert train["shipment_source_ids"] == "ap-2023-09-12"


def test_lengths_match_the_routes() -> None:
    a = analysis()
    fs = build_features(a)
    for f in fs.legs:
        r = a.route(f.id)
        assert f.properties["length_km"] == r.length_km
        assert abs(sum(line_length_m(p) for p in f.parts) - r.length_km * 1000) < 1.0
    angara = fs.shipments[0].properties
    assert angara["length_km"] == pytest.approx(a.route("angara-2023/1").length_km + a.route("angara-2023/2").length_km)
    assert (angara["legs"], angara["modes"], angara["depart_earliest"], angara["arrive_latest"]) == (
        2, "sea | rail", "2023-09-07", "2023-10-01")


def test_antimeridian_leg_is_cut() -> None:
    fs = build_features(analysis())
    leg = fs.legs[3]                               # Petropavlovsk-Kamchatsky -> Anchorage
    assert leg.geometry_type == "MultiLineString" and leg.crosses_antimeridian
    assert leg.parts[0][-1][0] == 180.0 and leg.parts[1][0][0] == -180.0
    assert all(-180 <= lon <= 180 for part in leg.parts for lon, _ in part)
    assert fs.legs[2].geometry_type == "LineString" and not fs.legs[2].crosses_antimeridian
    assert fs.shipments[1].geometry_type == "MultiLineString"


def test_unrouted_leg_is_drawn_as_a_geodesic_not_dropped() -> None:
    a = analysis()
    fs = build_features(Analysis(a.case, a.routes[:-1], a.verdicts))
    last = fs.legs[-1].properties
    assert last["id"] == "kim-train-2023/2"
    assert last["warnings"] == "not routed by the analysis; drawn as a geodesic"


def test_days_and_parts_helpers() -> None:
    assert first_day(parse_when("2023-09-12T23:30:00-02:00")) == dt.date(2023, 9, 13)   # UTC day
    assert last_day(parse_when("2023-09-12T23:30:00-02:00")) == dt.date(2023, 9, 13)
    assert last_day(parse_when("2011")) == dt.date(2011, 12, 31)
    assert first_day(None) is None and last_day(parse_when("2023-09-12/")) is None
    parts = line_parts([(170.0, 50.0), (-170.0, 50.0), (-160.0, 50.0)])
    assert len(parts) == 2 and parts[1][-1] == (-160.0, 50.0)
    with pytest.raises(KeyError, match="no layer 'roads'; layers: places, legs, shipments, claims"):
        build_features(analysis()).layer("roads")


def test_a_leg_from_a_place_to_itself_has_no_zero_length_line(tmp_path) -> None:
    """GEOS and QGIS call a line without two distinct points invalid: such a leg (and its shipment) has no geometry,
    its ends stay in the from_/to_ columns, and every file reads back with only valid geometries."""
    from pathlib import Path

    import pyogrio

    from maps.export import export
    from routes.analysis import load_and_analyze

    a = load_and_analyze(Path(__file__).parent / "data" / "hostile" / "same-place.yaml")
    fs = build_features(a)
    (leg,), (ship,) = fs.legs, fs.shipments
    assert leg.parts == () and not leg.has_geometry and ship.parts == ()
    assert (leg.properties["from_lon"], leg.properties["to_lon"]) == (130.28308, 130.28308)
    for ext in ("geojson", "gpkg", "kml"):
        out = tmp_path / f"x.{ext}"
        export(a, out)
        for layer in pyogrio.list_layers(out)[:, 0]:
            geoms = pyogrio.read_dataframe(out, layer=layer).geometry
            assert all(g is None or g.is_valid for g in geoms), (ext, layer)
