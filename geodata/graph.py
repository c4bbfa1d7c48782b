"""Transport networks (world rail, world roads) as compact cached graphs with shortest paths.

The rail and road graphs come from the installed ``scgraph_data`` package
(OpenStreetMap-derived, ODbL), shipped as 17–35 MB Python literals
(``graph=[{neighbour: km, ...}, ...]``, ``nodes=[[lat, lon], ...]`` — note the
lat, lon order there). Importing one takes 1.5–15 s, so each is converted ONCE
into an ``.npz`` in the routemap cache (``geodata.base.cache.build_once``): node
lon/lat arrays, a symmetric CSR adjacency matrix of edge lengths in km (the
package's approximate figures), connected-component labels, and the built
scipy KD-tree over the nodes' unit vectors (so nearest neighbours are right
across the antimeridian and near the poles), pickled so that loading never
rebuilds it. Loading the cache takes a fraction of a second.

The cache also holds, for each node, its km from a few landmark nodes (about
sixteen, spread over the large components). Shortest paths are exact A*
(:mod:`geodata.astar`, compiled by numba) bounded below by the larger of the
great-circle distance and the landmark differences, so a query settles mostly
the nodes near its path instead of a ball around each end.

Distances here are on a sphere of radius 6371.0088 km: good enough to pick a
node and to compare against thresholds. Callers measure the final figures with
the WGS84 geodesic (``geodata.base.geodesy``).

Building, saving and loading the cache is :mod:`geodata.netcache`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from .base.geodesy import EARTH_RADIUS_KM

#: network names as recorded in ``Snap.network``
NETWORKS = {"rail": "osm-rail", "road": "osm-road"}
#: where each network comes from, for reports
DATASETS = {
    "rail": "world railways graph from scgraph_data (OpenStreetMap-derived, ODbL)",
    "road": "world highways graph from scgraph_data (OpenStreetMap-derived, ODbL)",
}

LonLat = tuple[float, float]

def unit_vectors(lon: Any, lat: Any) -> np.ndarray:
    """(n, 3) unit vectors for lon/lat arrays in degrees.

    >>> unit_vectors([0.0], [90.0]).round(6).tolist()
    [[0.0, 0.0, 1.0]]
    """
    lo = np.radians(np.asarray(lon, dtype=float))
    la = np.radians(np.asarray(lat, dtype=float))
    c = np.cos(la)
    return np.column_stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)])

def chord_to_km(chord: Any) -> Any:
    """Great-circle km on the mean sphere for a unit-sphere chord length.

    >>> round(float(chord_to_km(km_to_chord(1234.5))), 6)
    1234.5
    """
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chord) / 2.0, 0.0, 1.0))

def km_to_chord(km: float) -> float:
    """Unit-sphere chord length for a great-circle distance in km."""
    return 2.0 * math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2.0)

@dataclass(frozen=True)
class PairSnap:
    """The nodes two points snap to, on one connected component, and the spherical snap distances (km)."""

    a: int
    b: int
    a_km: float
    b_km: float

@dataclass(frozen=True)
class NoPairSnap:
    """Why two points could not be snapped to a shared component within ``max_km``."""

    a_km: float          # distance to the nearest node of any component, km (inf if none in range)
    b_km: float

@dataclass(eq=False)
class Network:
    """A transport network: nodes (lon, lat), a symmetric CSR of edge km, component labels."""

    name: str                    # e.g. "osm-rail"
    lon: np.ndarray              # float64, degrees in [-180, 180]
    lat: np.ndarray
    graph: Any                   # scipy.sparse.csr_matrix, km
    component: np.ndarray        # int32 label per node
    landmarks: Any = None        # (n, K) float32 km from K landmarks (geodata.astar.choose_landmarks), or None
    factor: float | None = None  # geodata.astar.admissible_factor of the graph, or None (computed when needed)
    xyz: Any = None              # (n, 3) unit vectors of the nodes, or None (computed when needed)
    _tree: Any = field(default=None, repr=False)
    _searcher: Any = field(default=None, repr=False)   # geodata.astar.Searcher (built on first search)

    @property
    def size(self) -> int:
        """Number of nodes."""
        return int(self.lon.shape[0])

    @property
    def tree(self) -> Any:
        """KD-tree over the nodes' unit vectors (built on first use)."""
        if self._tree is None:
            self._tree = build_tree(self.lon, self.lat)
        return self._tree

    def lonlat(self, node: int) -> LonLat:
        """(lon, lat) of ``node``."""
        return (float(self.lon[node]), float(self.lat[node]))

    def nearest(self, point: LonLat, k: int = 1, max_km: float = math.inf) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest nodes to ``point`` within ``max_km``: (km array, node array), nearest first.

        Fewer than ``k`` nodes come back when fewer lie within ``max_km``.
        """
        k = max(1, min(k, self.size))
        ub = km_to_chord(max_km) if math.isfinite(max_km) else np.inf
        d, i = self.tree.query(unit_vectors([point[0]], [point[1]])[0], k=k, distance_upper_bound=ub)
        d, i = np.atleast_1d(d), np.atleast_1d(i)
        ok = np.isfinite(d)
        return chord_to_km(d[ok]), i[ok].astype(np.int64)

    def snap_pair(self, a: LonLat, b: LonLat, max_km: float = 300.0) -> PairSnap | NoPairSnap:
        """Snap ``a`` and ``b`` to nodes of ONE connected component, minimising the sum of snap distances.

        Only components with a node within ``max_km`` of both points count. The
        search widens until no unseen component could do better.
        """
        ka = kb = 64
        while True:
            da, ia = self.nearest(a, ka, max_km)
            db, ib = self.nearest(b, kb, max_km)
            if not len(da) or not len(db):
                return NoPairSnap(float(da[0]) if len(da) else math.inf, float(db[0]) if len(db) else math.inf)
            best_a = _first_per_component(self.component[ia], da, ia)
            best_b = _first_per_component(self.component[ib], db, ib)
            best: PairSnap | None = None
            for c in best_a.keys() & best_b.keys():
                (xa, na), (xb, nb) = best_a[c], best_b[c]
                if best is None or xa + xb < best.a_km + best.b_km:
                    best = PairSnap(int(na), int(nb), float(xa), float(xb))
            # an unseen component lies beyond a list's last distance (unless that list is complete)
            ra = float(da[-1]) if len(da) == min(ka, self.size) else math.inf
            rb = float(db[-1]) if len(db) == min(kb, self.size) else math.inf
            bound = min(ra, rb)
            if best is not None and best.a_km + best.b_km <= bound:
                return best
            if math.isinf(bound):
                return best if best is not None else NoPairSnap(float(da[0]), float(db[0]))
            if math.isfinite(ra):
                ka *= 8
            if math.isfinite(rb):
                kb *= 8

    def shortest_path(self, a: int, b: int) -> list[int] | None:
        """Node indices of the shortest path from ``a`` to ``b`` (by edge km), or None if unconnected.

        Exact A* (:class:`geodata.astar.Searcher`); one query at a time per process.
        """
        if a == b:
            return [a]
        if self.component[a] != self.component[b]:
            return None
        found = self.searcher.path(a, b)
        return None if found is None else found[1]

    @property
    def searcher(self) -> Any:
        """This network's :class:`geodata.astar.Searcher` (its arrays built on first use; numba not yet loaded)."""
        if self._searcher is None:
            from .astar import Searcher

            self._searcher = Searcher(self.graph, self.lon, self.lat, self.landmarks, self.factor, self.xyz)
        return self._searcher

    def path_coords(self, nodes: Sequence[int]) -> list[LonLat]:
        """(lon, lat) of each node in ``nodes``."""
        idx = np.asarray(nodes, dtype=np.int64)
        return list(zip(self.lon[idx].tolist(), self.lat[idx].tolist(), strict=True))

def build_tree(lon: np.ndarray, lat: np.ndarray) -> Any:
    """A scipy cKDTree over the unit vectors of the nodes."""
    from scipy.spatial import cKDTree

    return cKDTree(unit_vectors(lon, lat), balanced_tree=False, compact_nodes=False)

def _first_per_component(labels: np.ndarray, dist: np.ndarray, nodes: np.ndarray) -> dict[int, tuple[float, int]]:
    """{component: (distance, node)} for the nearest node of each component in a sorted list."""
    uniq, first = np.unique(labels, return_index=True)
    return {int(c): (float(dist[f]), int(nodes[f])) for c, f in zip(uniq, first, strict=True)}
