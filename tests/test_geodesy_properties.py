"""Property-based tests (hypothesis) for the geodesy invariants."""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.base import geodesy as g

lons = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)
lats = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)
points = st.tuples(lons, lats)


@given(points, points)
def test_distance_is_symmetric_and_non_negative(a, b) -> None:
    d1, d2 = g.inverse(a, b).distance_m, g.inverse(b, a).distance_m
    assert d1 >= 0.0
    assert math.isclose(d1, d2, rel_tol=1e-9, abs_tol=1e-6)


@given(points, points, points)
def test_triangle_inequality(a, b, c) -> None:
    ab, bc, ac = (g.inverse(p, q).distance_m for p, q in ((a, b), (b, c), (a, c)))
    assert ac <= ab + bc + 1e-3  # 1 mm tolerance for the iterative solution


@given(points, points)
def test_bearings_are_in_range(a, b) -> None:
    r = g.inverse(a, b)
    assert 0.0 <= r.initial_bearing < 360.0
    assert 0.0 <= r.final_bearing < 360.0
    assert g.compass16(r.initial_bearing) in g.COMPASS16


@settings(max_examples=60)
@given(points, points, st.floats(min_value=5.0, max_value=500.0))
def test_densified_length_equals_geodesic_distance(a, b, spacing) -> None:
    d = g.inverse(a, b).distance_m
    if d > 19_000_000:  # near-antipodal: the geodesic is not unique, so skip
        return
    dense = g.densify([a, b], spacing)
    assert math.isclose(g.line_length_m(dense), d, rel_tol=1e-7, abs_tol=1e-3)
    assert dense[0] == (float(a[0]), float(a[1])) and dense[-1] == (float(b[0]), float(b[1]))


@settings(max_examples=60)
@given(st.lists(points, min_size=2, max_size=6))
def test_antimeridian_cut_preserves_length_and_range(coords) -> None:
    # build a line whose segments are short enough to be unambiguous after unwrapping
    dense = g.densify(coords, 200.0)
    parts = g.cut_antimeridian(dense)
    for part in parts:
        assert len(part) >= 2
        assert all(-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0 for lon, lat in part)
    total = sum(g.line_length_m(p) for p in parts)
    assert math.isclose(total, g.line_length_m(dense), rel_tol=1e-6, abs_tol=1.0)
