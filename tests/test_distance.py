"""Distance queries against GeographicLib; edge cases; the vectorised arrays; distance to borders and files."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from geographiclib.geodesic import Geodesic

from geodata.base.errors import InputError
from geodata.place import Place
from routes.distance import compass_array, distance, inverse_arrays, to_border, to_file

WGS = Geodesic.WGS84
DATA = Path(__file__).parent / "data"


def P(name: str, lat: float, lon: float) -> Place:
    return Place(id=f"test:{name}", name=name, lat=lat, lon=lon)


PYONGYANG, VLADIVOSTOK = P("Pyongyang", 39.0392, 125.7625), P("Vladivostok", 43.1155, 131.8869)
NAJIN, DUNAY, TIKHORETSK = P("Najin", 42.245, 130.30), P("Dunay", 42.888, 132.349), P("Tikhoretsk", 45.855, 40.126)


def angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def test_known_value_and_units() -> None:
    g = WGS.Inverse(39.0392, 125.7625, 43.1155, 131.8869)
    km = distance([PYONGYANG, VLADIVOSTOK])
    mi = distance([PYONGYANG, VLADIVOSTOK], units="miles")
    nmi = distance([PYONGYANG, VLADIVOSTOK], units="nmi")
    assert km.legs[0].distance_m == pytest.approx(g["s12"], abs=1e-3)
    assert km.total == pytest.approx(g["s12"] / 1000.0, abs=1e-6)
    assert mi.total == pytest.approx(g["s12"] / 1609.344, abs=1e-6) and mi.units == "mi"
    assert nmi.total == pytest.approx(g["s12"] / 1852.0, abs=1e-6)
    leg = km.legs[0]
    assert angle_diff(leg.initial_bearing, g["azi1"]) < 1e-6
    assert angle_diff(leg.final_bearing, g["azi2"]) < 1e-6
    assert (leg.initial_compass, leg.final_compass) == ("NE", "NE")
    # the midpoint is halfway along the geodesic
    mid = WGS.Inverse(39.0392, 125.7625, leg.midpoint[1], leg.midpoint[0])["s12"]
    assert mid == pytest.approx(g["s12"] / 2.0, abs=1e-3)


def test_random_sample_matches_geographiclib() -> None:
    rng = random.Random(3)
    for _ in range(300):
        lat1, lat2 = rng.uniform(-90, 90), rng.uniform(-90, 90)
        lon1, lon2 = rng.uniform(-180, 180), rng.uniform(-180, 180)
        g = WGS.Inverse(lat1, lon1, lat2, lon2)
        r = distance([P("a", lat1, lon1), P("b", lat2, lon2)]).legs[0]
        assert abs(r.distance_m - g["s12"]) < 1e-3
        assert angle_diff(r.initial_bearing, g["azi1"]) < 1e-6
        assert angle_diff(r.final_bearing, g["azi2"]) < 1e-6


@pytest.mark.parametrize("a,b", [
    ((0.0, 0.0), (0.0, 180.0)),            # equatorial antipodes (the geodesic goes over a pole)
    ((30.0, 0.0), (-30.0, 180.0)),         # antipodes
    ((0.0, 0.0), (0.5, 179.5)),            # nearly antipodal
    ((10.0, 20.0), (-10.1, -160.2)),       # nearly antipodal
    ((90.0, 0.0), (-90.0, 0.0)),           # pole to pole
    ((90.0, 0.0), (45.0, 120.0)),          # from the north pole
    ((0.0, 179.5), (0.0, -179.5)),         # across the antimeridian
    ((66.0, -179.9), (66.0, 179.9)),
])
def test_edge_cases_distance(a: tuple[float, float], b: tuple[float, float]) -> None:
    g = WGS.Inverse(a[0], a[1], b[0], b[1])
    r = distance([P("a", *a), P("b", *b)]).legs[0]
    assert abs(r.distance_m - g["s12"]) < 1e-3
    for bearing, end in ((r.initial_bearing, a), (r.final_bearing, b)):   # none from or at a pole
        assert bearing is None if abs(end[0]) == 90.0 else 0.0 <= bearing < 360.0


def test_antimeridian_and_same_point_values() -> None:
    r = distance([P("a", 0.0, 179.5), P("b", 0.0, -179.5)]).legs[0]
    assert r.distance_m == pytest.approx(111_319.491, abs=1e-3)    # 1° of the equator: a·π/180, a = 6,378,137 m
    assert r.initial_compass == "E"
    same = distance([NAJIN, NAJIN]).legs[0]
    assert same.distance_m == 0.0 and same.midpoint == pytest.approx(NAJIN.lonlat)
    # a place to itself has no bearing (not 180°, "S")
    assert same.initial_bearing is None and same.final_bearing is None and same.initial_compass == "—"
    assert same.to_dict()["initial_bearing"] is None


def test_multi_leg_total_and_errors() -> None:
    r = distance([NAJIN, DUNAY, TIKHORETSK])
    assert len(r.legs) == 2 and r.total == pytest.approx(sum(x.distance for x in r.legs))
    assert r.to_dict()["legs"][0]["from"]["name"] == "Najin"
    with pytest.raises(InputError, match=r"^give at least two places to measure between \(got 1\)$"):
        distance([NAJIN])
    with pytest.raises(InputError, match=r"^unknown unit 'parsec'; use one of km, mi, nmi, m$"):
        distance([NAJIN, DUNAY], units="parsec")


def test_vectorised_matches_geographiclib_with_threads() -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    n = 50_000
    lat1, lat2 = rng.uniform(-90, 90, n), rng.uniform(-90, 90, n)
    lon1, lon2 = rng.uniform(-180, 180, n), rng.uniform(-180, 180, n)
    d1, a1, f1 = inverse_arrays(lon1, lat1, lon2, lat2, threads=1)
    d2, a2, f2 = inverse_arrays(lon1, lat1, lon2, lat2, threads=2)
    assert np.array_equal(d1, d2) and np.array_equal(a1, a2) and np.array_equal(f1, f2)
    for i in range(0, n, 997):
        g = WGS.Inverse(lat1[i], lon1[i], lat2[i], lon2[i])
        assert abs(d1[i] - g["s12"]) < 1e-3 and angle_diff(a1[i], g["azi1"]) < 1e-6 and angle_diff(f1[i], g["azi2"]) < 1e-6
    assert compass_array([0.0, 11.26, 359.0, 180.0]) == ["N", "NNE", "N", "S"]


def test_to_border_and_file_units() -> None:
    km = to_border(TIKHORETSK, "UA")
    mi = to_border(TIKHORETSK, "ua", units="mi")
    assert km.distance == pytest.approx(201.276, abs=0.05)   # tests/test_borders.py::test_tikhoretsk_to_ukraine
    assert mi.distance == pytest.approx(km.distance / 1.609344, rel=1e-9)
    assert "German point of view" in km.to_dict()["dataset"]
    f = to_file(P("sq", 50.5, 30.5), DATA / "frontline.geojson")
    assert f.inside and f.distance == 0.0 and f.target == "frontline.geojson"


def test_no_bearing_from_or_to_a_pole() -> None:
    from geodata.place import Place
    from routes.distance import distance

    pole = Place("np", "North Pole", 90.0, 100.0, "point")
    lyr = Place("lyr", "Longyearbyen", 78.2232, 15.6267, "town")
    out, back = distance([pole, lyr]).legs[0], distance([lyr, pole]).legs[0]
    assert (out.initial_bearing, out.initial_compass, out.final_compass) == (None, "—", "S")
    assert (back.initial_compass, back.final_bearing, back.final_compass) == ("N", None, "—")
    assert round(out.distance) == round(back.distance) == 1315
