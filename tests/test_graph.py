"""geodata.graph: the scgraph_data rail and road networks as cached arrays (real data)."""
from __future__ import annotations

import numpy as np
import pytest

from geodata import graph, netcache
from geodata.base.errors import InputError
from geodata.graph import NoPairSnap, PairSnap


@pytest.fixture(scope="module")
def rail() -> graph.Network:
    return netcache.network("rail")


def test_rail_network_is_lon_lat_and_symmetric(rail: graph.Network) -> None:
    assert rail.name == "osm-rail"
    assert rail.size > 200_000
    assert rail.lon.min() >= -180 and rail.lon.max() <= 180
    assert rail.lat.min() >= -90 and rail.lat.max() <= 90
    # scgraph_data stores [lat, lon]: Buenos Aires is node 0 (lat -34.6, lon -58.4), so lon must be -58
    assert rail.lonlat(0) == pytest.approx((-58.381, -34.638))
    assert (rail.graph != rail.graph.T).nnz == 0
    assert rail.graph.diagonal().max() == 0  # self-loops dropped


def test_nearest_uses_great_circle_km(rail: graph.Network) -> None:
    km, nodes = rail.nearest((40.125, 45.855), k=3)  # Tikhoretsk, a rail junction
    assert len(nodes) == 3 and km[0] < 2.0 and list(km) == sorted(km)
    km, nodes = rail.nearest((-157.858, 21.307), k=3, max_km=300)  # Honolulu: no rail in range
    assert len(nodes) == 0


def test_snap_pair_picks_a_component_reaching_both_ends(rail: graph.Network) -> None:
    dunay, tikhoretsk = (132.349, 42.893), (40.125, 45.855)
    snap = rail.snap_pair(dunay, tikhoretsk, 300.0)
    assert isinstance(snap, PairSnap)
    assert rail.component[snap.a] == rail.component[snap.b]
    assert 35 < snap.a_km < 50  # Dunay's port spur is missing from the graph
    nearest_km, nearest = rail.nearest(dunay, k=1)
    assert nearest_km[0] < snap.a_km  # a closer node exists, on a stub that does not reach Tikhoretsk
    assert rail.component[nearest[0]] != rail.component[snap.b]


def test_snap_pair_reports_no_network() -> None:
    snap = netcache.network("rail").snap_pair((-157.858, 21.307), (40.125, 45.855), 300.0)
    assert isinstance(snap, NoPairSnap)
    assert snap.a_km == float("inf") and snap.b_km < 2.0


def test_shortest_path_is_connected(rail: graph.Network) -> None:
    snap = rail.snap_pair((131.8869, 43.1155), (132.0, 43.8), 300.0)   # Vladivostok -> Ussuriysk
    assert isinstance(snap, PairSnap)
    path = rail.shortest_path(snap.a, snap.b)
    assert path[0] == snap.a and path[-1] == snap.b
    assert all(rail.graph[u, v] > 0 for u, v in zip(path, path[1:], strict=False))
    weight = sum(rail.graph[u, v] for u, v in zip(path, path[1:], strict=False))
    assert 80 < weight < 130  # ~110 km by rail


def test_road_network_loads_from_cache() -> None:
    road = netcache.network("road")
    assert road.name == "osm-road" and road.size > 500_000
    assert netcache.cache_file("road").suffix == ".npz"
    assert np.issubdtype(road.component.dtype, np.integer)


def test_unknown_network() -> None:
    with pytest.raises(InputError, match="unknown network 'canal'; use one of rail, road"):
        netcache.cache_file("canal")


def test_astar_shortest_path_is_exact(rail: graph.Network) -> None:
    from scipy.sparse.csgraph import dijkstra

    # Dunay -> Tikhoretsk (thousands of km, landmark bounds at work) and a short one
    for a, b in [((132.349, 42.893), (40.125, 45.855)), ((131.8869, 43.1155), (132.0, 43.8))]:
        snap = rail.snap_pair(a, b, 300.0)
        assert isinstance(snap, PairSnap)
        path = rail.shortest_path(snap.a, snap.b)
        assert path[0] == snap.a and path[-1] == snap.b
        weight = sum(rail.graph[u, v] for u, v in zip(path, path[1:], strict=False))
        full = dijkstra(rail.graph, directed=True, indices=snap.a)[snap.b]
        assert weight == pytest.approx(full, rel=1e-9)
    assert rail.shortest_path(5, 5) == [5]


def test_kd_tree_is_stored_in_the_cache() -> None:
    net = netcache.load_network(netcache.cache_file("rail"), "osm-rail")
    assert net._tree is not None  # unpickled from the cache, not rebuilt
    assert net._tree.n == net.size
    assert netcache.cache_file("rail").name.endswith(f"_{netcache.FORMAT}.npz")


def test_exact_paths_on_a_small_graph(tmp_path) -> None:
    from scipy.sparse.csgraph import dijkstra

    # a line 0-1-2-3, a ring 4-5-6 of degree-2 nodes only, two parallel chains 7-9-8 (2 km) and
    # 7-10-11-8 (3 km) with leaves 12 and 13, and a loop 3-14-15-3 hanging off node 3
    edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (4, 5, 1.0), (5, 6, 1.0), (6, 4, 1.0),
             (7, 9, 1.0), (9, 8, 1.0), (7, 10, 1.0), (10, 11, 1.0), (11, 8, 1.0), (7, 12, 1.0), (8, 13, 1.0),
             (3, 14, 1.0), (14, 15, 1.0), (15, 3, 1.0)]
    n = 16
    u, v, km = (np.asarray(x) for x in zip(*edges, strict=True))
    lon, lat = np.linspace(0.0, 0.015, n), np.zeros(n)   # ~0.1 km apart: straight-line km below edge km
    netcache.save_network(tmp_path / "t.npz", lon, lat, u.astype(np.int64), v.astype(np.int64), km.astype(float))
    net = netcache.load_network(tmp_path / "t.npz", "test")
    assert net.landmarks.shape == (n, 0)      # no component of 10,000 nodes: the great-circle bound alone
    full = dijkstra(net.graph, directed=False)
    for a in range(n):
        for b in range(n):
            path = net.shortest_path(a, b)
            if not np.isfinite(full[a, b]):
                assert path is None
                continue
            assert path[0] == a and path[-1] == b
            assert all(net.graph[x, y] > 0 for x, y in zip(path, path[1:], strict=False))
            assert sum(net.graph[x, y] for x, y in zip(path, path[1:], strict=False)) == pytest.approx(full[a, b])
    assert net.shortest_path(12, 13) == [12, 7, 9, 8, 13]   # the shorter of the parallel chains
    assert net.shortest_path(1, 2) == [1, 2] and net.shortest_path(14, 15) == [14, 15]


def test_release_networks_drops_them_and_they_reload_on_use():
    from geodata.netcache import network, release_networks
    from geodata.sea import marnet

    rail, sea = network("rail"), marnet()
    release_networks()
    again = network("rail")
    assert again is not rail and marnet() is not sea      # loaded afresh from the cache
    assert again.size == rail.size and (again.lon == rail.lon).all()
