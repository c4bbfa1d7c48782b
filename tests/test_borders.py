"""Geodesic distance to country outlines and to user GeoJSON files."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyproj import Geod

from geodata.borders import distance_to_country, distance_to_file, load_geojson
from geodata.base.errors import InputError
from geodata.naturalearth import DATASET

DATA = Path(__file__).parent / "data"
G = Geod(ellps="WGS84")


def brute_force_to_segment(lon: float, lat: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Minimum geodesic distance to 20,001 points along the geodesic a→b (an independent check)."""
    pts = [a, *G.npts(a[0], a[1], b[0], b[1], 19999), b]
    return min(G.inv(lon, lat, x, y)[2] for x, y in pts)


def test_tikhoretsk_to_ukraine() -> None:
    # Tikhoretsk (45.855 N, 40.126 E) to the nearest point of Ukraine's outline, German POV edition.
    r = distance_to_country(40.126, 45.855, "UA")
    assert not r.inside
    assert r.distance_m == pytest.approx(201_276, abs=50)       # ≈ 201.3 km
    assert r.nearest == pytest.approx((38.1423, 47.0377), abs=1e-3)  # the land border at the Azov coast
    assert G.inv(40.126, 45.855, *r.nearest)[2] == pytest.approx(r.distance_m, abs=1e-6)
    assert r.dataset == DATASET and "German point of view" in r.dataset


def test_inside_is_zero() -> None:
    r = distance_to_country(40.126, 45.855, "RU")
    assert r.inside and r.distance_m == 0.0
    assert 100_000 < r.boundary_m < 150_000     # the Sea of Azov coast


def test_antimeridian_cut_is_not_a_boundary() -> None:
    # Chukotka just west of 180°: Natural Earth cuts Russia there, but that edge is no border.
    r = distance_to_country(179.9, 65.5, "RU")
    assert r.inside
    assert abs(r.nearest[0]) < 179.99
    assert r.boundary_m > 5_000   # the cut meridian is 4.6 km away; the real coast is further


def test_file_line_matches_brute_force() -> None:
    r = distance_to_file(40.0, 45.0, DATA / "frontline.geojson")
    assert not r.inside
    expected = brute_force_to_segment(40.0, 45.0, (39.0, 46.0), (41.0, 46.0))
    assert r.distance_m == pytest.approx(expected, abs=0.01)
    assert r.nearest[1] > 46.0    # the geodesic bulges north of the parallel


def test_file_polygon_inside_and_outside() -> None:
    inside = distance_to_file(30.5, 50.5, DATA / "frontline.geojson")
    assert inside.inside and inside.distance_m == 0.0
    outside = distance_to_file(29.0, 50.5, DATA / "frontline.geojson")
    assert outside.distance_m == pytest.approx(brute_force_to_segment(29.0, 50.5, (30.0, 50.0), (30.0, 51.0)), abs=0.01)


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        load_geojson(tmp_path / "missing.geojson")
    assert str(e.value) == f"{tmp_path / 'missing.geojson'}: no such file; give a GeoJSON file with lines or polygons"
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(InputError) as e:
        load_geojson(bad)
    assert str(e.value) == f"{bad}: no geometry; give lines or polygons (e.g. a front line)"
    swapped = tmp_path / "swapped.geojson"
    swapped.write_text('{"type": "LineString", "coordinates": [[46.0, 200.0], [47.0, 41.0]]}')
    with pytest.raises(InputError) as e:
        load_geojson(swapped)
    assert str(e.value) == f"{swapped}: feature 1: coordinates out of range; GeoJSON is lon,lat in degrees (EPSG:4326)"


def test_unknown_country() -> None:
    with pytest.raises(InputError, match="unknown country code 'XX'"):
        distance_to_country(40.0, 45.0, "XX")
