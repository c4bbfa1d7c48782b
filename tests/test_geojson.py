"""maps.geojson: strict RFC 7946 output, validated by a checker coded here and read back with GDAL."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyogrio
import pytest
import shapely

from clients import validate_geojson
from exportdata import ANCHORAGE, PETROPAVLOVSK, VLADIVOSTOK, analysis
from maps.export import export
from maps.features import build_features
from maps.geojson import bbox, dumps, feature_collection, orient_polygon, ring_area2
from geodata.base.geodesy import densify, line_length_m
from routes.model import Case, Leg, Shipment
from routes.routed import Route
from routes.verdict import Analysis


def _decimals(x: float) -> int:
    return max(0, -Decimal(repr(x)).as_tuple().exponent)  # type: ignore[operator]


def rfc7946_problems(doc: Any, precision: int = 6) -> list[str]:
    """Every RFC 7946 rule this project promises, checked; an empty list when the document complies."""
    out: list[str] = []
    if doc.get("type") != "FeatureCollection":
        out.append("top level is not a FeatureCollection")
    if "crs" in doc:
        out.append("has a crs member (§4)")
    box = doc.get("bbox")
    if not (isinstance(box, list) and len(box) == 4):
        out.append("no 2D bbox")
    else:
        w, s, e, n = box
        if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
            out.append(f"bbox out of range: {box}")

    def in_box(lon: float, lat: float) -> bool:
        w, s, e, n = box
        ok_lon = w <= lon <= e if w <= e else (lon >= w or lon <= e)      # §5.2: west > east crosses ±180
        return ok_lon and s - 1e-9 <= lat <= n + 1e-9

    def position(p: Any, where: str) -> None:
        if not (isinstance(p, list) and len(p) == 2):
            out.append(f"{where}: position {p} is not [lon, lat] (no 3rd/4th value)")
            return
        lon, lat = p
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            out.append(f"{where}: {p} out of lon/lat range")
        if _decimals(lon) > precision or _decimals(lat) > precision:
            out.append(f"{where}: {p} has more than {precision} decimals")
        if isinstance(box, list) and len(box) == 4 and not in_box(lon, lat):
            out.append(f"{where}: {p} outside bbox {box}")

    def line(coords: Any, where: str) -> None:
        if len(coords) < 2:
            out.append(f"{where}: line with fewer than 2 positions")
        for p in coords:
            position(p, where)
        for a, b in zip(coords, coords[1:], strict=False):
            if abs(b[0] - a[0]) > 180:
                out.append(f"{where}: segment {a}->{b} jumps across the antimeridian (cut it, §3.1.9)")

    for i, f in enumerate(doc.get("features", [])):
        where = f"feature {i}"
        if f.get("type") != "Feature" or "properties" not in f:
            out.append(f"{where}: not a Feature with properties")
        if not isinstance(f.get("properties", {}).get("feature_type"), str):
            out.append(f"{where}: no feature_type property")
        if "geometry" not in f:
            out.append(f"{where}: no geometry member (null is allowed, absent is not: §3.2)")
        g = f.get("geometry")
        if g is None:  # an unlocated feature (§3.2): a check with nothing to draw, or a leg from a place to itself
            props = f.get("properties", {})
            if props.get("feature_type") != "claim" and props.get("length_km") != 0:
                out.append(f"{where}: only a check or a zero-length leg may have a null geometry")
            continue
        t, c = g.get("type"), g.get("coordinates")
        if t == "Point":
            position(c, where)
        elif t == "LineString":
            line(c, where)
        elif t == "MultiLineString":
            for part in c:
                line(part, where)
        elif t == "Polygon":
            for k, ring in enumerate(c):
                line(ring, where)
                if ring[0] != ring[-1]:
                    out.append(f"{where}: ring {k} not closed")
                if (ring_area2(ring) > 0) != (k == 0):
                    out.append(f"{where}: ring {k} wound against the right-hand rule (§3.1.6)")
        else:
            out.append(f"{where}: unexpected geometry {t}")
    return out


def _voyage() -> Analysis:
    """Vladivostok -> Petropavlovsk-Kamchatsky -> Anchorage, by sea (the second leg crosses ±180°)."""
    legs = (Leg("voyage", 1, VLADIVOSTOK, PETROPAVLOVSK, "sea"), Leg("voyage", 2, PETROPAVLOVSK, ANCHORAGE, "sea"))
    case = Case("Antimeridian voyage", (Shipment("voyage", "Across the antimeridian", legs),))
    routes = []
    for leg in legs:
        coords = tuple(densify([leg.origin.lonlat, leg.destination.lonlat], 25.0))
        routes.append(Route("voyage", leg.index, "sea", "geodesic", coords, line_length_m(coords) / 1000.0))
    return Analysis(case, tuple(routes))


def _exported(a: Analysis, out: Path) -> dict:
    """``a`` exported to ``out``, checked against the GeoJSON schema and RFC 7946; the parsed document."""
    export(a, out)
    validate_geojson(out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert rfc7946_problems(doc) == []
    return doc


def _geodesic_km(geom: Any) -> float:
    if geom is None:                   # a leg from a place to itself has no line
        return 0.0
    parts = geom.geoms if geom.geom_type.startswith("Multi") else [geom]
    return sum(line_length_m(list(p.coords)) for p in parts) / 1000.0


def test_antimeridian_voyage_is_rfc7946(tmp_path: Path) -> None:
    doc = _exported(_voyage(), tmp_path / "voyage.geojson")
    legs = [f for f in doc["features"] if f["properties"]["feature_type"] == "leg"]
    assert [f["geometry"]["type"] for f in legs] == ["LineString", "MultiLineString"]
    west, south, east, north = doc["bbox"]
    assert (west, east) == (131.89, -149.9)          # crosses: west > east (§5.2)
    assert south == 43.12 and 61.22 <= north < 66
    cut = legs[1]["geometry"]["coordinates"]
    assert cut[0][-1][0] == 180.0 and cut[1][0][0] == -180.0 and cut[0][-1][1] == cut[1][0][1]


def test_export_is_rfc7946_and_reads_back_with_gdal(tmp_path: Path) -> None:
    a = analysis()
    out = tmp_path / "case.geojson"
    doc = _exported(a, out)
    assert doc["title"] == a.case.title and "crs" not in doc
    meta, _, wkb, cols = pyogrio.raw.read(out, DATE_AS_STRING="YES")
    names = list(meta["fields"])
    rows = [dict(zip(names, vals, strict=True)) for vals in zip(*cols, strict=True)]
    geoms = shapely.from_wkb(wkb)
    legs = [(r, g) for r, g in zip(rows, geoms, strict=True) if r["feature_type"] == "leg"]
    assert [r["id"] for r, _ in legs] == [f"{leg.key}" for leg in a.case.legs()]
    assert sum(r["feature_type"] == "place" for r in rows) == 8
    assert sum(r["feature_type"] == "claim" for r in rows) == 3               # every check, drawn or not
    assert [g is None for r, g in zip(rows, geoms, strict=True) if r["feature_type"] == "claim"] == [False, True, True]
    for r, g in legs:
        route = a.route(r["id"])
        assert abs(r["length_km"] - route.length_km) * 1000 < 1.0
        assert abs(_geodesic_km(g) - r["length_km"]) * 1000 < 1.0, r["id"]
    first = legs[0][0]
    assert (first["depart_earliest"], first["depart_latest"], first["arrive_earliest"]) == ("2023-09-07", "2023-09-08", "2023-09-12")
    assert first["depart_first_day"] == "2023-09-07"
    assert legs[2][0]["depart"] == "2023-09-12T06:00:00+09:00"


def test_precision_and_no_claims(tmp_path: Path) -> None:
    fs = build_features(analysis())
    doc = feature_collection(fs, precision=2, include_claims=False)
    assert rfc7946_problems(doc, precision=2) == []
    assert not any(f["properties"]["feature_type"] == "claim" for f in doc["features"])
    doc6 = feature_collection(fs)
    pt = next(f for f in doc6["features"] if f["id"] == "geonames:2039335")["geometry"]["coordinates"]
    assert pt == [130.2958, 42.2497]
    # dumps is valid JSON with one feature per line
    text = dumps(doc6)
    assert json.loads(text) == doc6 and text.count("\n") == len(doc6["features"]) + 2


def test_checker_catches_violations() -> None:
    bad = {"type": "FeatureCollection", "crs": {}, "bbox": [0, 0, 10, 10], "features": [
        {"type": "Feature", "properties": {"feature_type": "leg"},
         "geometry": {"type": "LineString", "coordinates": [[179.5, 5], [-179.5, 5, 3], [1.1234567, 2]]}},
        {"type": "Feature", "properties": {"feature_type": "area"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]]}},
    ]}
    problems = rfc7946_problems(bad)
    assert "has a crs member (§4)" in problems
    assert "feature 0: position [-179.5, 5, 3] is not [lon, lat] (no 3rd/4th value)" in problems
    assert "feature 0: [1.1234567, 2] has more than 6 decimals" in problems
    assert "feature 0: segment [179.5, 5]->[-179.5, 5, 3] jumps across the antimeridian (cut it, §3.1.9)" in problems
    assert "feature 1: ring 0 wound against the right-hand rule (§3.1.6)" in problems


def test_polygon_winding() -> None:
    outer_cw = [(0, 0), (0, 2), (2, 2), (2, 0), (0, 0)]
    hole_ccw = [(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 0.5)]
    rings = orient_polygon([outer_cw, hole_ccw])
    assert ring_area2(rings[0]) > 0 and ring_area2(rings[1]) < 0
    assert rings[0][0] == [0, 0] and rings[0][1] == [2, 0]


def test_bbox_without_crossing_is_plain_min_max() -> None:
    # points alone never cross the antimeridian: the plain box, west < east
    fs = build_features(_voyage())
    assert bbox(fs.places) == [-149.9, 43.12, 158.65, 61.22]
    assert bbox(()) is None


def test_bad_precision_is_refused(tmp_path: Path) -> None:
    from geodata.base.errors import InputError
    with pytest.raises(InputError, match=r"^precision 20 is not a whole number of decimals from 0 to 15; 6 \(about 0.1 m\) is the default$"):
        export(analysis(), tmp_path / "x.geojson", precision=20)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("include_claims", [True, False])
def test_streamed_file_is_the_collection_as_dumped(tmp_path: Path, include_claims: bool) -> None:
    """write_geojson streams a feature at a time; the bytes are those of the whole collection dumped at once."""
    from maps.geojson import write_geojson

    fs = build_features(analysis())
    out = tmp_path / "s.geojson"
    write_geojson(fs, out, precision=5, include_claims=include_claims)
    assert out.read_text(encoding="utf-8") == dumps(feature_collection(fs, precision=5, include_claims=include_claims))
    empty = build_features(Analysis(Case("nothing", ()), ()))
    write_geojson(empty, out)
    assert out.read_text(encoding="utf-8") == dumps(feature_collection(empty))


def test_the_readmes_dateline_bbox_is_what_the_export_writes(tmp_path: Path) -> None:
    """The README quotes the bbox of tests/data/dateline.yaml: it must be the one written (docs cannot drift)."""
    import re

    from routes.analysis import load_and_analyze

    root = Path(__file__).parent.parent
    quoted = re.search(r"e\.g\. `(\[[^`]+\])` for `tests/data/dateline\.yaml`", (root / "README.md").read_text())
    assert quoted is not None
    out = tmp_path / "d.geojson"
    export(load_and_analyze(root / "tests" / "data" / "dateline.yaml"), out)
    assert json.loads(out.read_text())["bbox"] == json.loads(quoted.group(1))
