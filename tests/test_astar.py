"""geodata.astar: exact A* with great-circle and landmark bounds, against scipy's Dijkstra."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra

from geodata import netcache
from geodata.astar import Searcher, admissible_factor, choose_landmarks
from geodata.graph import unit_vectors


def _random_graph(seed: int, n: int = 300, m: int = 700, short: bool = False) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """A random symmetric graph of n nodes in a 10-degree box; edge km = great-circle km × [1, 1.5) (or × [0.3, 1.5) with ``short``)."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(10, 20, n), rng.uniform(40, 50, n)
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = u != v
    u, v = u[keep], v[keep]
    xyz = unit_vectors(lon, lat)
    great = 2 * 6371.0088 * np.arcsin(np.linalg.norm(xyz[u] - xyz[v], axis=1) / 2)
    km = great * rng.uniform(0.3 if short else 1.0, 1.5, len(u))
    g = sp.coo_matrix((np.r_[km, km], (np.r_[u, v], np.r_[v, u])), shape=(n, n)).tocsr()
    g.sum_duplicates()
    g = g.minimum(g.T).tocsr()   # one length per pair, both ways
    g.sort_indices()
    return g, lon, lat


@pytest.mark.parametrize("seed,short", [(1, False), (2, False), (3, True), (4, True)])
def test_paths_are_exact_on_random_graphs(seed: int, short: bool) -> None:
    g, lon, lat = _random_graph(seed, short=short)
    _, comp = connected_components(g, directed=False)
    marks = choose_landmarks(g, comp, total=4, min_nodes=20)
    assert marks.shape[1] >= 2 and marks.dtype == np.float32
    full = dijkstra(g, directed=False)
    for search in (Searcher(g, lon, lat), Searcher(g, lon, lat, marks)):
        for a in range(0, 300, 7):
            for b in range(0, 300, 11):
                got = search.path(a, b)
                if not np.isfinite(full[a, b]):
                    assert got is None
                    continue
                km, nodes = got
                assert nodes[0] == a and nodes[-1] == b
                walked = sum(g[x, y] for x, y in zip(nodes, nodes[1:], strict=False))
                assert walked == pytest.approx(full[a, b], rel=1e-12) and km == pytest.approx(full[a, b], rel=1e-12)


def test_admissible_factor_is_the_smallest_edge_ratio() -> None:
    g, lon, lat = _random_graph(5, short=True)
    xyz = unit_vectors(lon, lat)
    f = admissible_factor(g.indptr, g.indices, g.data, xyz)
    assert 0.3 <= f < 0.35                  # edges down to 0.3 of the straight line
    g2, lon2, lat2 = _random_graph(6)
    assert admissible_factor(g2.indptr, g2.indices, g2.data, unit_vectors(lon2, lat2)) == pytest.approx(1.0, abs=1e-3)


def test_landmarks_are_far_apart_and_cover_big_components() -> None:
    g, lon, lat = _random_graph(7, n=400, m=900)
    ncomp, comp = connected_components(g, directed=False)
    marks = choose_landmarks(g, comp, total=6, min_nodes=50)
    big = [c for c in range(ncomp) if (comp == c).sum() >= 50]
    for c in big:   # each big component has at least two landmarks that reach all of it
        inside = comp == c
        reach = np.isfinite(marks[inside]).all(axis=0)
        assert reach.sum() >= 2
    small = ~np.isin(comp, big)
    assert not np.isfinite(marks[small]).any()


def test_real_networks_carry_landmarks() -> None:
    for kind in ("rail", "road"):
        net = netcache.network(kind)
        assert net.landmarks.shape[0] == net.size and 8 <= net.landmarks.shape[1] <= 40
        assert net.landmarks.dtype == np.float32
