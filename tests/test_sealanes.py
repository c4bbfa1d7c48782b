"""routes.sealanes and sea legs over water, on real data (marnet, the 1 km water raster, Natural Earth 10m).

The port-pair test measures land with Natural Earth 10m land polygons ALONE (shapely point-in-polygon
every 0.25 km), independent of the global-land-mask raster the routes are searched on. Excluded from
that measure, as the issue allows: 5 km at each end, the curated straits and canals
(geodata/data/places.yaml, kind strait/canal) and marnet's own waterways that the raster does not
resolve (the Elbe to Hamburg, the Nieuwe Waterweg to Rotterdam).
"""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from geodata.naturalearth import land
from geodata.place import Place
from geodata.base.geodesy import inverse
from routes.legseg import _trim
from routes.routing import route_points
from routes.sealanes import LandRun, _samples, in_passage, land_runs, lanes, route_land_runs

# quays (approximate, WGS84), lat, lon
PORTS = {
    "Najin": (42.2436, 130.3019), "Dunay": (42.893, 132.349), "Rajin": (42.25, 130.28),
    "Vladivostok": (43.1155, 131.8869), "Shanghai Waigaoqiao": (31.3600, 121.5900), "Nampo": (38.7375, 125.4078),
    "Rotterdam": (51.9225, 4.47917), "Petropavlovsk-Kamchatsky": (53.01, 158.65),
    "Dutch Harbor": (53.8898, -166.5422), "Cape Town": (-33.9055, 18.4337), "Simon's Town": (-34.1925, 18.4339),
    "Nowshahr": (36.6487, 51.4963), "Makhachkala": (42.9849, 47.5047), "Aktau": (43.65, 51.17),
    "Baku": (40.3667, 49.8352), "Singapore": (1.264, 103.84), "Colombo": (6.9497, 79.8428),
    "Hamburg": (53.5461, 9.9661), "New York": (40.6840, -74.0442), "Novorossiysk": (44.7239, 37.7708),
    "Tartus": (34.8959, 35.8867), "Busan": (35.1040, 129.0403), "Los Angeles": (33.7405, -118.2720),
    "Yokohama": (35.4437, 139.6380), "Piraeus": (37.9420, 23.6465), "Alexandria": (31.2001, 29.8770),
    "Gdansk": (54.3989, 18.6710), "Saint Petersburg": (59.9311, 30.2000), "Balboa": (8.9500, -79.5667),
    "Colon": (9.3590, -79.9010), "Dakar": (14.6800, -17.4300), "Santos": (-23.9600, -46.3000),
    "Bandar Abbas": (27.1832, 56.2666), "Mumbai": (18.9500, 72.8400), "Port Kavkaz": (45.3590, 36.6690),
    "Wonsan": (39.1528, 127.4436), "Honolulu": (21.3070, -157.8670), "San Francisco": (37.8000, -122.4000),
    "Sydney": (-33.8568, 151.2153), "Auckland": (-36.8420, 174.7700), "Astrakhan": (46.3400, 48.0300),
}
PAIRS = [  # regional hops, ocean crossings, the Caspian, the antimeridian, ports behind headlands, canals
    ("Najin", "Dunay"), ("Dunay", "Najin"), ("Rajin", "Vladivostok"), ("Shanghai Waigaoqiao", "Nampo"),
    ("Shanghai Waigaoqiao", "Rotterdam"), ("Petropavlovsk-Kamchatsky", "Dutch Harbor"),
    ("Cape Town", "Simon's Town"), ("Nowshahr", "Makhachkala"), ("Aktau", "Baku"), ("Singapore", "Colombo"),
    ("Hamburg", "New York"), ("Novorossiysk", "Tartus"), ("Busan", "Vladivostok"), ("Los Angeles", "Yokohama"),
    ("Piraeus", "Alexandria"), ("Gdansk", "Saint Petersburg"), ("Balboa", "Colon"), ("Dakar", "Santos"),
    ("Bandar Abbas", "Mumbai"), ("Port Kavkaz", "Novorossiysk"), ("Wonsan", "Vladivostok"),
    ("Honolulu", "San Francisco"), ("Sydney", "Auckland"), ("Makhachkala", "Novorossiysk"),   # the Volga–Don
    ("Astrakhan", "Baku"),
]


def port(name: str) -> Place:
    lat, lon = PORTS[name]
    return Place(id=f"test:{name}", name=name, lat=lat, lon=lon, kind="port")


def natural_earth_land_km(coords, ends_km: float = 5.0) -> float:
    """km of the line over Natural Earth 10m land (every 0.25 km), outside the ends, passages and waterways."""
    inner = _trim(coords, ends_km)
    if len(inner) < 2:
        return 0.0
    x, y, along = _samples(inner)
    x = ((x + 180.0) % 360.0) - 180.0
    on = shapely.contains_xy(land(), x, y) & ~in_passage(x, y) & ~lanes().on_waterway(x, y)
    step = np.diff(along, append=along[-1])
    return float(step[on].sum())


@pytest.mark.slow
@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_port_pairs_stay_on_water(a: str, b: str) -> None:
    r = route_points([port(a), port(b)], "sea")
    assert r.method == "sea-marnet"
    assert natural_earth_land_km(r.coords) <= 3.0
    assert r.land_km == 0.0 and not any("crosses land" in w for w in r.warnings)


def test_pair_list_is_big_enough() -> None:
    assert len(PAIRS) >= 20


def test_cape_town_to_simons_town_goes_round_cape_point() -> None:
    r = route_points([port("Cape Town"), port("Simon's Town")], "sea")
    assert 90 < r.length_km <= 130          # round Cape Point, about 100 km; was 253 km
    assert min(lat for _, lat in r.coords) < -34.33      # south of Cape Point (34.357°S)
    assert natural_earth_land_km(r.coords) == 0.0


def test_caspian_legs_stay_on_the_caspian() -> None:
    r = route_points([port("Nowshahr"), port("Makhachkala")], "sea")
    lon = np.asarray([c[0] for c in r.coords])
    lat = np.asarray([c[1] for c in r.coords])
    assert ((lon > 46.5) & (lon < 55.0) & (lat > 36.5) & (lat < 47.5)).all()


def test_antimeridian_petropavlovsk_to_dutch_harbor() -> None:
    r = route_points([port("Petropavlovsk-Kamchatsky"), port("Dutch Harbor")], "sea")
    assert any(lon > 179 for lon, _ in r.coords) and any(lon < -179 for lon, _ in r.coords)
    assert 2250 < r.length_km < 2800        # great circle 2,200 km; no dip to marnet's seam node at 50°N
    assert natural_earth_land_km(r.coords) <= 3.0


def test_inland_city_gets_a_water_approach_snap_and_no_land_warning() -> None:
    shanghai = Place(id="test:shanghai", name="Shanghai", lat=31.2304, lon=121.4737, kind="city")
    r = route_points([shanghai, port("Nampo")], "sea")
    approach = [s for s in r.snaps if s.network == "water-approach"]
    assert [s.role for s in approach] == ["from"] and 5 < approach[0].distance_km < 30
    assert any(w.startswith("Shanghai: the point is") for w in r.warnings)
    assert r.land_km == 0.0
    # the line starts at the water, not at the city centre across Pudong
    assert inverse(shanghai.lonlat, r.coords[0]).distance_km == pytest.approx(approach[0].distance_km, abs=0.5)
    assert natural_earth_land_km(r.coords) <= 3.0


@pytest.mark.slow
def test_demo_sea_legs_stay_on_water() -> None:
    from routes.analysis import demo_case_path
    from routes.casefile import load_case
    from routes.routing import route_leg

    legs = [leg for leg in load_case(demo_case_path()).legs() if leg.mode == "sea"]
    assert len(legs) >= 3
    for leg in legs:
        r = route_leg(leg)
        assert natural_earth_land_km(r.coords) <= 3.0, leg.label
        assert r.land_km == 0.0, (leg.label, r.warnings)


def test_land_runs_say_where() -> None:
    # Pyongyang -> Wonsan straight across the Korean peninsula: all land, one run
    runs = land_runs([(125.75, 39.03), (127.44, 39.15)])
    assert len(runs) == 1 and isinstance(runs[0], LandRun)
    assert 130 < runs[0].km < 150
    assert runs[0].describe().startswith(f"{runs[0].km:.1f} km at 39.0")
    # the same line as geodesic pieces, cached per piece, ends skipped
    cut = route_land_runs([(125.75, 39.03), (126.5, 39.1), (127.44, 39.15)], (10.0, 10.0))
    assert len(cut) == 1 and cut[0].km == pytest.approx(runs[0].km - 20, abs=2)


def test_passages_and_canals_are_not_land() -> None:
    suez = land_runs([(32.30, 31.25), (32.56, 29.95)])        # Port Said to Suez along the canal
    assert suez == []
    assert in_passage([29.07, 32.33, 10.0], [41.12, 30.6, 50.0]).tolist() == [True, True, False]


def test_repaired_lanes_keep_off_land() -> None:
    lanes_ = lanes()
    assert len(lanes_.detour) > 50
    worst = max(sum(r.km for r in land_runs(line)) for line in lanes_.detour.values())
    assert worst <= 3.0


def test_sea_land_warning_says_where() -> None:
    from geodata.base.geodesy import densify
    from routes.legseg import _Segment
    from routes.routing import _sea_land

    # a sea "route" straight across the Korean peninsula, Nampo to Wonsan: real land, reported with where
    line = [(125.41, 38.74), (127.44, 39.15)]
    seg = _Segment(line, (0.0, "marnet"), (0.0, "marnet"), (), True)
    km, warnings = _sea_land([densify(line, 25.0)], [seg], [port("Nampo"), port("Wonsan")])
    assert 150 < km < 190
    assert len(warnings) == 1 and warnings[0].startswith("Nampo → Wonsan: ")
    assert "crosses land" in warnings[0] and "km at 38." in warnings[0] and "°N 12" in warnings[0]


def test_seam_shortcuts_cross_the_antimeridian_on_open_sea() -> None:
    from geodata.sea import marnet
    from routes.sealanes import _seam_shortcuts

    net = marnet()
    cuts = _seam_shortcuts(net)
    assert len(cuts) > 20
    for a, b, km in cuts[:10]:
        assert net.lon[a] > 0 > net.lon[b] and km > 0
        assert land_runs([net.lonlat(a), net.lonlat(b)]) == []
