"""The antimeridian in every output (issue 15): a case across ±180° exported to GeoJSON, GeoPackage, KML
and CSV (and ``route --json``), each read back by a real client, no segment wider than 180°, the RFC 7946
bbox running west > east; and a property test with routes that cross ±180° (sea, air, rail over Chukotka),
vertices exactly on ±180° included, the fault the routed sea lanes produced.
"""
from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import clients
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.place import Place
from maps.csvout import sidecars
from maps.export import export
from routes.analysis import analyze
from routes.casefile import load_case
from geodata.base.geodesy import cut_antimeridian, line_length_m
from routes.model import Case, Leg, Shipment
from routes.routed import Route
from routes.verdict import Analysis
from routes.routing import route_points, route_to_dict

DATELINE = Path(__file__).resolve().parent / "data" / "dateline.yaml"
FORMATS = ("geojson", "gpkg", "kml", "csv")


def widest_step(lines: Iterable[Iterable[tuple[float, float]]]) -> float:
    """The widest longitude step between consecutive vertices of any line (degrees)."""
    return max((abs(b[0] - a[0]) for line in lines for a, b in zip(list(line), list(line)[1:], strict=False)), default=0.0)


def _lines(geom: Any) -> list[list[tuple[float, float]]]:
    if geom is None or geom.is_empty:
        return []
    parts = geom.geoms if geom.geom_type.startswith("Multi") else [geom]
    return [[(x, y) for x, y, *_ in p.coords] for p in parts if p.geom_type == "LineString"]


def read_back(path: Path, fmt: str) -> tuple[list[list[tuple[float, float]]], Any]:
    """Every line of an export as read by a real client, and the GeoJSON bbox (None for other formats)."""
    import pyogrio

    if fmt == "geojson":
        doc = clients.validate_geojson(path)
        lines = []
        for f in doc["features"]:
            g = f["geometry"]
            if g and g["type"] == "LineString":
                lines.append([tuple(c) for c in g["coordinates"]])
            elif g and g["type"] == "MultiLineString":
                lines.extend([tuple(c) for c in part] for part in g["coordinates"])
        return lines, doc.get("bbox")
    if fmt == "kml":
        tree = clients.validate_kml(path)
        ns = {"k": "http://www.opengis.net/kml/2.2"}
        return [[tuple(float(v) for v in c.split(",")) for c in el.text.split()]
                for el in tree.findall(".//k:LineString/k:coordinates", ns)], None
    if fmt == "gpkg":
        clients.validate_gpkg(path)
        lines = []
        for layer in ("legs", "shipments", "claims"):
            _, _, wkb, _ = pyogrio.raw.read(path, layer=layer)
            for g in shapely.from_wkb(wkb):
                lines.extend(_lines(g))
        return lines, None
    lines = []
    for p in (path, sidecars(path)[1]):
        df = clients.read_csv_gdal(p)
        for g in df.geometry:
            lines.extend(_lines(g))
    return lines, None


def assert_dateline_ok(lines: list, bbox: Any, crosses: bool) -> None:
    assert lines, "no lines read back"
    assert widest_step(lines) <= 180.0, "a segment runs the long way round the world"
    assert all(-180.0 <= x <= 180.0 and -90.0 <= y <= 90.0 for line in lines for x, y in line)
    if bbox is not None:
        west, south, east, north = bbox
        assert -180.0 <= west <= 180.0 and -180.0 <= east <= 180.0 and south <= north
        if crosses:
            assert west > east, f"bbox {bbox} is not in RFC 7946 §5.2 antimeridian form"


@pytest.fixture(scope="module")
def dateline() -> Analysis:
    return analyze(load_case(DATELINE))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_dateline_case_exports_with_no_segment_round_the_world(dateline: Analysis, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"dateline.{fmt}"
    export(dateline, out)
    lines, bbox = read_back(out, fmt)
    assert_dateline_ok(lines, bbox, crosses=True)
    if fmt == "geojson":
        west, _, east, _ = bbox
        assert 158.0 < west < 159.0 and -148.0 < east < -147.0      # Petropavlovsk … Fairbanks, across ±180°
        doc = json.loads(out.read_text(encoding="utf-8"))
        sea = next(f for f in doc["features"] if f["id"] == "pacific/1")
        assert sea["geometry"]["type"] == "MultiLineString"
        a, b = sea["geometry"]["coordinates"][:2]
        assert a[-1][0] == 180.0 and b[0][0] == -180.0 and a[-1][1] == b[0][1]


NUMBERS = ("claimed_value", "computed_value", "delta", "tolerance", "unit", "basis", "verdict")


def checks_read_back(path: Path, fmt: str) -> dict[str, dict[str, Any]]:
    """The check features of an export as a real client reads them: id -> attributes."""
    import pyogrio

    if fmt == "geojson":
        doc = clients.validate_geojson(path)
        return {f["id"]: f["properties"] for f in doc["features"] if f["properties"]["feature_type"] == "claim"}
    if fmt == "kml":
        tree = clients.validate_kml(path)
        ns = {"k": "http://www.opengis.net/kml/2.2"}
        return {pm.get("id"): {d.get("name"): d.findtext("k:value", namespaces=ns) for d in pm.findall(".//k:Data", ns)}
                for pm in tree.findall(".//k:Folder[@id='claims']/k:Placemark", ns)}
    if fmt == "gpkg":
        clients.validate_gpkg(path)
        df = pyogrio.read_dataframe(path, layer="claims")
    else:
        df = clients.read_csv_gdal(sidecars(path)[1])
    return {r["id"]: r.to_dict() for _, r in df.iterrows()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_check_is_in_every_format_with_its_numbers(dateline: Analysis, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"dateline.{fmt}"
    export(dateline, out)
    got = checks_read_back(out, fmt)
    assert len(got) == len(dateline.verdicts) == 6            # 3 claims (one a rate, with no line) + 3 legs
    rate = next(v for k, v in got.items() if "shells-rate" in k)
    assert {k: rate.get(k) not in (None, "") for k in NUMBERS} == dict.fromkeys(NUMBERS, True)
    assert float(rate["claimed_value"]) == float(rate["computed_value"]) == 300000      # 10,000 a day × 30 days
    assert float(rate["delta"]) == 0 and float(rate["tolerance"]) == pytest.approx(30000) and rate["unit"] == "shells"
    far = next(v for k, v in got.items() if "kamchatka-aleutians-km" in k)
    assert far["unit"] == "km" and far["basis"] == "geodesic" and float(far["claimed_value"]) == 1900


def test_route_json_is_cut_cleanly(dateline: Analysis) -> None:
    for r in dateline.routes:
        g = route_to_dict(r)["geometry"]
        parts = g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]]
        assert widest_step(parts) <= 180.0, r.key
    assert route_to_dict(dateline.route("pacific/1"))["geometry"]["type"] == "MultiLineString"


def test_a_vertex_exactly_on_the_antimeridian_is_cut_on_the_right_side() -> None:
    # the routed sea lane Petropavlovsk -> Dutch Harbor has network nodes at -180 and +180 in a row
    line = [(179.0, 50.2), (179.707884, 50.12174), (-180.0, 50.0), (180.0, 50.0), (-179.5, 49.9)]
    parts = cut_antimeridian(line)
    assert parts == [[(179.0, 50.2), (179.707884, 50.12174), (180.0, 50.0)], [(-180.0, 50.0), (-179.5, 49.9)]]
    assert widest_step(parts) < 1.0
    assert sum(line_length_m(p) for p in parts) == pytest.approx(line_length_m([line[0], line[1], (180.0, 50.0), line[4]]))


# ---------------------------------------------------------------- property test

west_side = st.tuples(st.floats(160.0, 179.9), st.floats(51.0, 66.0))       # Kamchatka, Chukotka, the Bering Sea
east_side = st.tuples(st.floats(-179.9, -150.0), st.floats(51.0, 66.0))     # Chukotka east of 180°, Alaska
edge = st.sampled_from((None, -180.0, 180.0, "both"))


def _place(name: str, lonlat: tuple[float, float]) -> Place:
    return Place(f"case:{name}", name, round(lonlat[1], 4), round(lonlat[0], 4), "point", source="hypothesis")


def _with_edge_vertices(coords: tuple, how: Any) -> tuple:
    """The route with vertices exactly on ±180° where it crosses, as network routing leaves them."""
    if how is None:
        return coords
    out = [coords[0]]
    for a, b in itertools.pairwise(coords):
        if abs(b[0] - a[0]) > 180.0:
            lat = (a[1] + b[1]) / 2.0
            out.extend([(-180.0, lat), (180.0, lat)] if how == "both" else [(how, lat)])
        out.append(b)
    return tuple(out)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(west_side, east_side, st.sampled_from(("sea", "air", "rail")), edge, st.booleans()),
                min_size=1, max_size=3),
       st.sampled_from(FORMATS))
def test_routes_across_the_dateline_read_back_in_every_format(specs, fmt) -> None:
    legs, routes = [], []
    for i, (a, b, mode, how, eastward) in enumerate(specs, start=1):
        pa, pb = _place(f"w{i}", a), _place(f"e{i}", b)
        if not eastward:
            pa, pb = pb, pa
        r = route_points([pa, pb], mode, shipment_id="s", leg_index=i)
        coords = _with_edge_vertices(r.coords, how)
        legs.append(Leg("s", i, pa, pb, mode))
        routes.append(Route("s", i, mode, r.method, coords, line_length_m(coords) / 1000.0))
    analysis = Analysis(Case("dateline", (Shipment("s", "across", tuple(legs)),)), tuple(routes))
    crosses = any(widest_step([r.coords]) > 180.0 for r in routes)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / f"x.{fmt}"
        export(analysis, out)
        lines, bbox = read_back(out, fmt)
    assert_dateline_ok(lines, bbox, crosses)
