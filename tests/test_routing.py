"""routes.routing: leg geometries over the real marnet, rail and road networks (no mocks)."""
from __future__ import annotations

import math

import pytest

from geodata.place import Place
from geodata.base.geodesy import cut_antimeridian, inverse, line_length_m
from routes.model import Case, Leg, Shipment
from geodata.base.geodesy import densify
from routes.legseg import land_length_km
from routes.routing import route_case, route_leg, route_points


def place(name: str, lat: float, lon: float, kind: str = "port") -> Place:
    return Place(id=f"test:{name}", name=name, lat=lat, lon=lon, kind=kind)


# real coordinates (ports: the quays)
NAJIN = place("Najin", 42.2436, 130.3019)
DUNAY = place("Dunay", 42.893, 132.349)
TIKHORETSK = place("Tikhoretsk ammunition depot", 45.855, 40.125, "depot")
CHANGCHUN = place("Changchun", 43.88, 125.32, "city")
RAJIN = place("Rajin", 42.25, 130.28, "city")
# Wikipedia, "Tumen River Bridge": 42°34′04″N 130°31′21″E
BRIDGE = place("Quanhe-Wonjong bridge", 42.5678, 130.5225, "bridge")
VLADIVOSTOK = place("Vladivostok", 43.1155, 131.8869)
PETROPAVLOVSK = place("Petropavlovsk-Kamchatsky", 53.01, 158.65)
ANCHORAGE = place("Anchorage", 61.24, -149.89)
HONOLULU = place("Honolulu", 21.307, -157.858, "city")


def min_distance_km(coords, point) -> float:
    return min(inverse(c, point).distance_km for c in coords)


def test_geodesic_bows_north() -> None:
    r = route_points([NAJIN, TIKHORETSK], "air", spacing_km=50)
    assert r.method == "geodesic"
    assert max(lat for _, lat in r.coords) > 54
    assert r.length_km == pytest.approx(inverse(NAJIN.lonlat, TIKHORETSK.lonlat).distance_km, rel=1e-9)
    assert r.coords[0] == NAJIN.lonlat and r.coords[-1] == TIKHORETSK.lonlat
    assert r.snaps == () and r.land_km is None


def test_spacing_is_respected() -> None:
    r = route_points([NAJIN, TIKHORETSK], "unknown", spacing_km=10)
    steps = [inverse(a, b).distance_km for a, b in zip(r.coords, r.coords[1:], strict=False)]
    assert max(steps) <= 10.0 + 1e-6


def test_sea_najin_to_dunay_stays_at_sea_and_ends_at_dunay() -> None:
    r = route_points([NAJIN, DUNAY], "sea", shipment_id="angara-2023", leg_index=1)
    assert r.method == "sea-marnet" and r.key == "angara-2023/1"
    assert r.coords[0] == NAJIN.lonlat and r.coords[-1] == DUNAY.lonlat
    assert 180 < r.length_km < 260      # straight line 182 km; searoute's 79.7 km trap not inherited
    assert r.land_km == 0.0          # the connectors go round the Tumen delta over water
    assert [s.role for s in r.snaps] == ["from", "to"]
    assert all(s.network == "marnet" for s in r.snaps)
    # the snap is the connector's length over water: longer than the 140.2 km straight line to the node
    assert 140.2 < r.snaps[0].distance_km < 170
    assert r.length_km == pytest.approx(line_length_m(r.coords) / 1000)
    assert not any("crosses land" in w for w in r.warnings)


def test_rail_dunay_to_tikhoretsk_follows_rail() -> None:
    r = route_points([DUNAY, TIKHORETSK], "rail")
    assert r.method == "rail-osm"
    assert 8000 < r.length_km < 10500     # 8,474 km measured
    assert r.length_km > 1.15 * inverse(DUNAY.lonlat, TIKHORETSK.lonlat).distance_km
    assert r.coords[0] == DUNAY.lonlat and r.coords[-1] == TIKHORETSK.lonlat
    dunay_snap = r.snaps[0]
    assert dunay_snap.role == "from" and dunay_snap.network == "osm-rail" and 35 < dunay_snap.distance_km < 50
    assert r.warnings[0].startswith(
        "Dunay: nearest rail node reachable from Tikhoretsk ammunition depot is 44 km away")
    assert all(-180 <= lon <= 180 for lon, _ in r.coords)


def test_road_via_bridge_passes_the_bridge() -> None:
    r = route_points([CHANGCHUN, BRIDGE, RAJIN], "road")
    assert r.method == "road-osm"
    assert min_distance_km(r.coords, BRIDGE.lonlat) < 2.0
    assert [s.role for s in r.snaps] == ["from", "via", "to"]
    # the joint is not duplicated
    assert all(a != b for a, b in zip(r.coords, r.coords[1:], strict=False))
    direct = route_points([CHANGCHUN, RAJIN], "road")
    assert r.length_km >= direct.length_km - 1e-6


def test_antimeridian_voyage() -> None:
    r = route_points([VLADIVOSTOK, PETROPAVLOVSK, ANCHORAGE], "sea")
    assert r.method == "sea-marnet"
    assert all(-180 <= lon <= 180 for lon, _ in r.coords)
    parts = cut_antimeridian(r.coords)
    assert len(parts) >= 2
    total = sum(line_length_m(p) for p in parts) / 1000
    assert total == pytest.approx(r.length_km, rel=1e-6)
    assert min_distance_km(r.coords, PETROPAVLOVSK.lonlat) == 0.0  # via point is on the line
    assert r.snaps[1].role == "via" and r.snaps[1].place == "Petropavlovsk-Kamchatsky"
    assert any(w.startswith("Petropavlovsk-Kamchatsky: joins the marnet sea lanes") for w in r.warnings)


def test_rail_from_honolulu_falls_back_to_geodesic() -> None:
    r = route_points([HONOLULU, TIKHORETSK], "rail")
    assert r.method == "geodesic"
    assert r.warnings == ("no rail network within 300 km of Honolulu; "
                          "Honolulu → Tikhoretsk ammunition depot drawn as a geodesic",)
    assert r.length_km == pytest.approx(inverse(HONOLULU.lonlat, TIKHORETSK.lonlat).distance_km, rel=1e-9)


def test_explicit_path() -> None:
    path = ((130.31, 42.2), (131.0, 42.4), (132.3, 42.85))
    leg = Leg(shipment_id="s", index=2, origin=NAJIN, destination=DUNAY, mode="sea", path=path)
    r = route_leg(leg, spacing_km=10)
    assert r.method == "explicit" and r.key == "s/2"
    assert r.coords[0] == NAJIN.lonlat and r.coords[-1] == DUNAY.lonlat
    for vertex in path:
        assert vertex in r.coords
    assert [s.network for s in r.snaps] == ["path", "path"]
    assert r.snaps[0].distance_km == pytest.approx(inverse(NAJIN.lonlat, path[0]).distance_km, abs=1e-3)
    assert r.land_km is not None


def test_route_leg_uses_via_and_case_routes_all_legs() -> None:
    legs = (
        Leg(shipment_id="a", index=1, origin=NAJIN, destination=DUNAY, mode="sea"),
        Leg(shipment_id="a", index=2, origin=CHANGCHUN, destination=RAJIN, via=(BRIDGE,), mode="road"),
        Leg(shipment_id="a", index=3, origin=HONOLULU, destination=ANCHORAGE, mode="air"),
    )
    case = Case(title="t", shipments=(Shipment(id="a", title="t", legs=legs),))
    routes = route_case(case)
    assert [r.key for r in routes] == ["a/1", "a/2", "a/3"]
    assert [r.method for r in routes] == ["sea-marnet", "road-osm", "geodesic"]
    assert min_distance_km(routes[1].coords, BRIDGE.lonlat) < 2.0


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown mode 'boat'; use one of sea, rail, road, air, unknown"):
        route_points([NAJIN, DUNAY], "boat")
    with pytest.raises(ValueError, match="a route needs at least 2 points"):
        route_points([NAJIN], "sea")


def test_land_length_of_a_line_across_korea() -> None:
    # Pyongyang -> Wonsan crosses the peninsula: all of it on land
    coords = [(125.7625, 39.0392), (127.4431, 39.1528)]
    total = inverse(*coords).distance_km
    assert land_length_km(coords) == pytest.approx(total, rel=0.01)
    assert land_length_km([(132.0, 42.3), (133.7, 42.7)]) == 0.0   # Sea of Japan


def test_densify_wraps_longitudes() -> None:
    pts = densify([(179.0, 50.0), (-179.0, 50.0)], 10)
    assert all(-180 <= lon <= 180 for lon, _ in pts)
    assert line_length_m(pts) == pytest.approx(line_length_m([(179.0, 50.0), (-179.0, 50.0)]))


def test_densify_puts_equally_spaced_geodesic_points() -> None:
    from geodata.base.geodesy import GEOD

    line = [NAJIN.lonlat, DUNAY.lonlat, TIKHORETSK.lonlat, TIKHORETSK.lonlat]
    pts = densify(line, 30)
    assert pts[0] == NAJIN.lonlat and DUNAY.lonlat in pts
    i = pts.index(DUNAY.lonlat)
    _, _, d = GEOD.inv(*NAJIN.lonlat, *DUNAY.lonlat)
    ref = GEOD.inv_intermediate(*NAJIN.lonlat, *DUNAY.lonlat, npts=i - 1, initial_idx=1, terminus_idx=1,
                                return_back_azimuth=True)
    assert i - 1 == int(math.ceil(d / 30_000.0)) - 1
    assert all(p == pytest.approx(q, abs=1e-9) for p, q in zip(pts[1:i], zip(ref.lons, ref.lats, strict=True), strict=True))


def test_land_lengths_km_batches_like_single_calls() -> None:
    from routes.legseg import land_lengths_km

    lines = [[(125.7625, 39.0392), (127.4431, 39.1528)], [(132.0, 42.3), (133.7, 42.7)], [(1.0, 1.0)],
             [(179.0, 65.0), (-175.0, 65.5)]]   # the last crosses the antimeridian over Chukotka
    batch = land_lengths_km(lines)
    assert batch.tolist() == pytest.approx([land_length_km(c) for c in lines], abs=1e-9)
    assert batch[0] > 140 and batch[1] == 0.0 and batch[2] == 0.0 and batch[3] > 0


def test_trim_cuts_exactly_at_the_port_zone() -> None:
    from routes.legseg import _trim

    line = [(130.0, 42.0), (131.0, 42.0), (131.2, 42.0)]
    total = line_length_m(line) / 1000
    inner = _trim(line, 15.0)
    assert inner[1:-1] == [(131.0, 42.0)]
    assert inverse(line[0], inner[0]).distance_km == pytest.approx(15.0, abs=1e-6)
    assert inverse(inner[-1], line[-1]).distance_km == pytest.approx(15.0, abs=1e-6)
    assert line_length_m(inner) / 1000 == pytest.approx(total - 30.0, abs=1e-6)
    assert _trim([(130.0, 42.0), (130.2, 42.0)], 15.0) == []   # 16.5 km: nothing is 15 km from both ends


def test_a_short_open_water_detour_is_replaced_by_the_direct_line() -> None:
    from routes.legsea import direct_sea_hop
    from routes.legseg import _Segment

    a = Place(id="a", name="A", lat=0.0, lon=179.8)
    b = Place(id="b", name="B", lat=0.0, lon=179.99)
    detour = _Segment([(179.8, 0.0), (179.8, 3.0), (179.99, 3.0), (179.99, 0.0)], (1.0, "marnet"), (1.0, "marnet"),
                      (), True)
    seg = direct_sea_hop(a, b, detour)
    assert seg.coords == [a.lonlat, b.lonlat] and not seg.on_network
    assert any("the direct line over open water" in w for w in seg.warnings)
    # a hop the lanes serve well stays as it is
    near = _Segment([(179.8, 0.0), (179.9, 0.01), (179.99, 0.0)], (0.0, "marnet"), (0.0, "marnet"), (), True)
    assert direct_sea_hop(a, b, near) is near
    # a hop whose direct line crosses land (Najin to Dunay across the Tumen delta) keeps the lanes, with a note
    najin = Place(id="n", name="Najin", lat=42.25559, lon=130.28308)
    dunay = Place(id="d", name="Dunay", lat=42.9, lon=132.35)
    long_way = _Segment([najin.lonlat, (131.0, 40.0), (134.0, 40.0), dunay.lonlat], None, None, (), True)
    kept = direct_sea_hop(najin, dunay, long_way)
    assert kept.coords == long_way.coords and any("crosses" in w for w in kept.warnings)
