"""geodata.graph: the scgraph_data rail and road networks as cached arrays (real data)."""
from __future__ import annotations

import numpy as np
import pytest

from geodata import graph
from geodata.errors import InputError
from geodata.graph import NoPairSnap, PairSnap


@pytest.fixture(scope="module")
def rail() -> graph.Network:
    return graph.network("rail")


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
    snap = graph.network("rail").snap_pair((-157.858, 21.307), (40.125, 45.855), 300.0)
    assert isinstance(snap, NoPairSnap)
    assert snap.a_km == float("inf") and snap.b_km < 2.0


def test_shortest_path_is_connected(rail: graph.Network) -> None:
    snap = rail.snap_pair((131.8869, 43.1155), (132.0, 43.8), 300.0)   # Vladivostok -> Ussuriysk
    assert isinstance(snap, PairSnap)
    path = rail.shortest_path(snap.a, snap.b)
    assert path[0] == snap.a and path[-1] == snap.b
    assert all(rail.graph[u, v] > 0 for u, v in zip(path, path[1:]))
    weight = sum(rail.graph[u, v] for u, v in zip(path, path[1:]))
    assert 80 < weight < 130  # ~110 km by rail


def test_road_network_loads_from_cache() -> None:
    road = graph.network("road")
    assert road.name == "osm-road" and road.size > 500_000
    assert graph.cache_file("road").suffix == ".npz"
    assert np.issubdtype(road.component.dtype, np.integer)


def test_unknown_network() -> None:
    with pytest.raises(InputError, match="unknown network 'canal'; use one of rail, road"):
        graph.cache_file("canal")
