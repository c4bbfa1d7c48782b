"""geodata.base.geodesy against GeographicLib, and its edge cases."""
from __future__ import annotations

import math

import pytest
from geographiclib.geodesic import Geodesic

from geodata.base import geodesy as g

WGS84 = Geodesic.WGS84
CASES = [
    ((125.7625, 39.0392), (131.8869, 43.1155)),    # Pyongyang -> Vladivostok
    ((130.28, 42.25), (40.09, 45.88)),             # Najin -> Tikhoretsk depot
    ((0.0, 0.0), (179.5, 0.5)),                    # near-antipodal
    ((0.0, 0.0), (180.0, 0.0)),                    # antipodal on the equator
    ((10.0, 89.9), (-170.0, 89.9)),                # across the pole
    ((179.9, 10.0), (-179.9, 10.0)),               # across the antimeridian
    ((12.0, 34.0), (12.0, 34.0)),                  # same point
    ((0.0, -90.0), (0.0, 90.0)),                   # pole to pole
]


@pytest.mark.parametrize(("a", "b"), CASES)
def test_inverse_matches_geographiclib(a, b) -> None:
    r = g.inverse(a, b)
    ref = WGS84.Inverse(a[1], a[0], b[1], b[0])
    assert abs(r.distance_m - ref["s12"]) < 1e-3
    # bearings are only defined away from the poles and for distinct points
    if ref["s12"] > 0 and abs(a[1]) < 90 and abs(b[1]) < 90:
        assert abs(math.remainder(r.initial_bearing - ref["azi1"], 360.0)) < 1e-6
        assert abs(math.remainder(r.final_bearing - ref["azi2"], 360.0)) < 1e-6
    assert 0.0 <= r.initial_bearing < 360.0 and 0.0 <= r.final_bearing < 360.0


def test_vladivostok_is_about_425_miles_from_pyongyang() -> None:
    r = g.inverse((125.7625, 39.0392), (131.8869, 43.1155))
    assert 420 < g.convert(r.distance_m, "mi") < 430
    assert g.compass16(r.initial_bearing) == "NE"


def test_units_and_aliases() -> None:
    assert g.convert(1609.344, "miles") == pytest.approx(1.0)
    assert g.to_metres(1.0, "nmi") == 1852.0
    with pytest.raises(ValueError, match="unknown unit 'furlong'; use one of km, mi, nmi, m"):
        g.unit_name("furlong")


def test_compass_round_trip() -> None:
    for i, word in enumerate(g.COMPASS16):
        assert g.compass16(i * 22.5) == word
        assert g.compass_to_degrees(word) == i * 22.5
    with pytest.raises(ValueError, match="unknown compass direction 'up'"):
        g.compass_to_degrees("up")


def test_midpoint_is_equidistant() -> None:
    a, b = (125.7625, 39.0392), (131.8869, 43.1155)
    m = g.midpoint(a, b)
    assert g.inverse(a, m).distance_m == pytest.approx(g.inverse(m, b).distance_m, abs=1e-3)


def test_densify_preserves_length_and_bows_north() -> None:
    line = [(130.28, 42.25), (40.09, 45.88)]
    dense = g.densify(line, spacing_km=50)
    assert g.line_length_m(dense) == pytest.approx(g.line_length_m(line), rel=1e-9)
    assert max(lat for _, lat in dense) > 54.0
    steps = [g.inverse(p, q).distance_m for p, q in zip(dense, dense[1:], strict=False)]
    assert max(steps) <= 50_000.0 + 1e-6
    with pytest.raises(ValueError):
        g.densify(line, spacing_km=0)


def test_cut_antimeridian_preserves_length() -> None:
    voyage = [(131.89, 43.12), (158.65, 53.04), (-149.9, 61.22)]  # Vladivostok, Petropavlovsk, Anchorage
    dense = g.densify(voyage, 100)
    parts = g.cut_antimeridian(dense)
    assert len(parts) == 2
    assert parts[0][-1][0] == 180.0 and parts[1][0][0] == -180.0
    assert parts[0][-1][1] == parts[1][0][1]
    for part in parts:
        assert all(-180.0 <= lon <= 180.0 for lon, _ in part)
    total = sum(g.line_length_m(p) for p in parts)
    assert total == pytest.approx(g.line_length_m(dense), rel=1e-9)


def test_unwrap_is_continuous() -> None:
    pts = g.unwrap([(170.0, 0.0), (-170.0, 0.0), (-160.0, 0.0)])
    assert [p[0] for p in pts] == [170.0, 190.0, 200.0]


def test_line_without_crossing_is_one_part() -> None:
    assert g.cut_antimeridian([(0.0, 0.0), (10.0, 0.0)]) == [[(0.0, 0.0), (10.0, 0.0)]]


def test_cut_just_below_the_antimeridian_is_not_a_crossing() -> None:
    # found by hypothesis: 179.99999999999997 + 180 rounds up to 360 in float division
    line = g.densify([(179.99999999999997, 0.0), (1.0, 1.0)], 200.0)
    parts = g.cut_antimeridian(line)
    assert sum(g.line_length_m(p) for p in parts) == pytest.approx(g.line_length_m(line), rel=1e-9)
