"""Property-based tests (hypothesis): routing invariants, and export → import round trips."""
from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.place import Place
from maps.export import export
from routes.dates import parse_when
from geodata.base.geodesy import densify, inverse, line_length_m
from routes.gisimport import import_legs
from routes.model import Case, Leg, Shipment
from routes.routed import Route
from routes.verdict import Analysis
from routes.routing import route_points

# Eurasian land box where the rail and road graphs are dense, and anywhere for geodesics
eurasia = st.tuples(st.floats(30.0, 130.0), st.floats(35.0, 55.0))
anywhere = st.tuples(st.floats(-180.0, 180.0), st.floats(-80.0, 80.0))
MODES = ("rail", "road", "air")


def _place(name: str, lonlat: tuple[float, float]) -> Place:
    return Place(f"case:{name}", name, round(lonlat[1], 5), round(lonlat[0], 5), "point", source="hypothesis")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(eurasia, eurasia, st.sampled_from(MODES))
def test_a_route_starts_and_ends_at_its_places_and_is_no_shorter_than_the_geodesic(a, b, mode) -> None:
    pa, pb = _place("a", a), _place("b", b)
    r = route_points([pa, pb], mode)
    assert r.coords[0] == pa.lonlat and r.coords[-1] == pb.lonlat
    assert all(-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0 for lon, lat in r.coords)
    # length is the WGS84 length of the drawn line, and no route beats the geodesic
    assert math.isclose(r.length_km * 1000.0, line_length_m(r.coords), rel_tol=1e-9, abs_tol=1e-3)
    assert r.length_km * 1000.0 >= inverse(pa.lonlat, pb.lonlat).distance_m - 1e-3
    for snap in r.snaps:
        assert snap.distance_km >= 0.0


legs_strategy = st.lists(st.tuples(anywhere, anywhere, st.sampled_from(("sea", "rail", "road", "air", "unknown")),
                                   st.sampled_from((None, "2023-09-07", "2023-09-07/2023-09-08", "2023-09"))),
                         min_size=1, max_size=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legs_strategy, st.sampled_from(("gpkg", "geojson", "csv")))
def test_export_then_import_gives_the_same_legs(specs, ext) -> None:
    legs, routes = [], []
    for i, (a, b, mode, when) in enumerate(specs, start=1):
        leg = Leg("s1", i, _place(f"p{i}a", a), _place(f"p{i}b", b), mode,
                  depart=parse_when(when) if when else None)
        coords = tuple(densify([leg.origin.lonlat, leg.destination.lonlat], 200.0))
        legs.append(leg)
        routes.append(Route("s1", i, mode, "explicit", coords, line_length_m(coords) / 1000.0))
    case = Case("round trip", (Shipment("s1", "a shipment", tuple(legs)),))
    analysis = Analysis(case, tuple(routes))
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / f"case.{ext}"
        export(analysis, out)
        back = import_legs(out)
    got = list(back.legs())
    assert [g.key for g in got] == [leg.key for leg in legs]
    for g, leg, r in zip(got, legs, routes, strict=True):
        assert g.mode == leg.mode
        assert g.depart == leg.depart
        assert inverse(g.origin.lonlat, leg.origin.lonlat).distance_m < 1.0
        assert inverse(g.destination.lonlat, leg.destination.lonlat).distance_m < 1.0
        assert abs(line_length_m(g.path) - r.length_km * 1000.0) < 1.0
