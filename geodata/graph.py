"""Transport networks (world rail, world roads) as compact cached graphs with shortest paths.

The rail and road graphs come from the installed ``scgraph_data`` package
(OpenStreetMap-derived, ODbL), shipped as 17–35 MB Python literals
(``graph=[{neighbour: km, ...}, ...]``, ``nodes=[[lat, lon], ...]`` — note the
lat, lon order there). Importing one takes 1.5–15 s, so each is converted ONCE
into an ``.npz`` in the routemap cache (``geodata.cache.build_once``): node
lon/lat arrays, a symmetric CSR adjacency matrix of edge lengths in km (the
package's approximate figures), and connected-component labels. Loading the
cache takes a fraction of a second; a KD-tree over unit vectors (so nearest
neighbours are right across the antimeridian and near the poles) is built on load.

Distances here are on a sphere of radius 6371.0088 km: good enough to pick a
node and to compare against thresholds. Callers measure the final figures with
the WGS84 geodesic (``routes.geodesy``).
"""
from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .cache import build_once, versions_key
from .errors import DataUnavailable, InputError

#: mean Earth radius (IUGG), km: used only for spherical approximations
EARTH_RADIUS_KM = 6371.0088
#: cache format version: bump when the .npz layout changes
FORMAT = "net1"
#: network names as recorded in ``Snap.network``
NETWORKS = {"rail": "osm-rail", "road": "osm-road"}
#: the scgraph_data module holding each network
_MODULES = {"rail": "world_railways", "road": "world_highways"}
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


def haversine_km(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> Any:
    """Great-circle distance in km on the mean sphere (vectorised).

    >>> round(float(haversine_km(0, 0, 1, 0)), 2)
    111.2
    """
    lo1, la1, lo2, la2 = (np.radians(np.asarray(x, dtype=float)) for x in (lon1, lat1, lon2, lat2))
    a = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


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
    _tree: Any = field(default=None, repr=False)

    @property
    def size(self) -> int:
        """Number of nodes."""
        return int(self.lon.shape[0])

    @property
    def tree(self) -> Any:
        """KD-tree over the nodes' unit vectors (built on first use)."""
        if self._tree is None:
            from scipy.spatial import cKDTree

            self._tree = cKDTree(unit_vectors(self.lon, self.lat), balanced_tree=False, compact_nodes=False)
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
        """Node indices of the shortest path from ``a`` to ``b`` (by edge km), or None if unconnected."""
        from scipy.sparse.csgraph import dijkstra

        if a == b:
            return [a]
        if self.component[a] != self.component[b]:
            return None
        crow = float(haversine_km(self.lon[a], self.lat[a], self.lon[b], self.lat[b]))
        for limit in (2.5 * crow + 200.0, np.inf):   # bounded search first: much faster on short legs
            dist, pred = dijkstra(self.graph, directed=True, indices=a, return_predecessors=True, limit=limit)
            if np.isfinite(dist[b]):
                break
        else:  # pragma: no cover - same component, so reachable
            return None
        path = [b]
        node = b
        while node != a:
            node = int(pred[node])
            if node < 0:  # pragma: no cover
                return None
            path.append(node)
        path.reverse()
        return path

    def path_coords(self, nodes: Sequence[int]) -> list[LonLat]:
        """(lon, lat) of each node in ``nodes``."""
        idx = np.asarray(nodes, dtype=np.int64)
        return list(zip(self.lon[idx].tolist(), self.lat[idx].tolist()))


def _first_per_component(labels: np.ndarray, dist: np.ndarray, nodes: np.ndarray) -> dict[int, tuple[float, int]]:
    """{component: (distance, node)} for the nearest node of each component in a sorted list."""
    uniq, first = np.unique(labels, return_index=True)
    return {int(c): (float(dist[f]), int(nodes[f])) for c, f in zip(uniq, first)}


# ---------------------------------------------------------------- building and loading the cache

def save_network(path: Path, lon: np.ndarray, lat: np.ndarray, u: np.ndarray, v: np.ndarray, km: np.ndarray) -> None:
    """Write a network as ``.npz`` at ``path``: arrays, a symmetric CSR without self-loops, components."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    n = len(lon)
    keep = u != v
    u, v, km = u[keep], v[keep], km[keep]
    # symmetric: take both directions, keep the shorter where both are given
    uu = np.concatenate([u, v])
    vv = np.concatenate([v, u])
    ww = np.concatenate([km, km]).astype(np.float64)
    order = np.lexsort((ww, vv, uu))
    uu, vv, ww = uu[order], vv[order], ww[order]
    first = np.ones(len(uu), dtype=bool)
    first[1:] = (uu[1:] != uu[:-1]) | (vv[1:] != vv[:-1])
    uu, vv, ww = uu[first], vv[first], ww[first]
    ww = np.maximum(ww, 1e-6)  # an explicit zero would read as "no edge"
    m = sp.csr_matrix((ww, (uu, vv)), shape=(n, n))
    m.sort_indices()
    _, labels = connected_components(m, directed=False)
    with open(path, "wb") as fh:
        np.savez(
            fh, lon=np.asarray(lon, dtype=np.float64), lat=np.asarray(lat, dtype=np.float64),
            indptr=m.indptr.astype(np.int64), indices=m.indices.astype(np.int32),
            data=m.data.astype(np.float32), component=labels.astype(np.int32),
        )


def load_network(path: Path, name: str) -> Network:
    """Read a network written by :func:`save_network`."""
    import scipy.sparse as sp

    with np.load(path) as z:
        lon, lat = z["lon"], z["lat"]
        n = len(lon)
        m = sp.csr_matrix((z["data"].astype(np.float64), z["indices"], z["indptr"]), shape=(n, n))
        return Network(name=name, lon=lon, lat=lat, graph=m, component=z["component"])


def _build_scgraph(kind: str) -> Callable[[Path], None]:
    def builder(tmp: Path) -> None:
        import importlib

        sys.stderr.write(f"routemap: building the {kind} network cache from scgraph_data (once; about 10-30 s)...\n")
        t0 = time.perf_counter()
        try:
            mod = importlib.import_module(f"scgraph_data.{_MODULES[kind]}")
        except ImportError as e:  # pragma: no cover - broken install
            raise DataUnavailable(
                f"cannot import scgraph_data.{_MODULES[kind]} ({e}); reinstall routemap "
                "(it needs scgraph-data==2.0.0 and scgraph<3)"
            ) from e
        graph, nodes = mod.graph, mod.nodes
        latlon = np.asarray(nodes, dtype=np.float64)          # [[lat, lon], ...] in scgraph_data
        deg = np.fromiter((len(d) for d in graph), dtype=np.int64, count=len(graph))
        total = int(deg.sum())
        u = np.repeat(np.arange(len(graph), dtype=np.int64), deg)
        v = np.fromiter((k for d in graph for k in d), dtype=np.int64, count=total)
        km = np.fromiter((x for d in graph for x in d.values()), dtype=np.float64, count=total)
        lon = ((latlon[:, 1] + 180.0) % 360.0) - 180.0
        save_network(tmp, lon, latlon[:, 0], u, v, km)
        sys.stderr.write(f"routemap: {kind} network cache built in {time.perf_counter() - t0:.1f} s\n")

    return builder


def cache_file(kind: str) -> Path:
    """The cached ``.npz`` of network ``kind`` ("rail" or "road"), built on first use."""
    if kind not in _MODULES:
        raise InputError(f"unknown network {kind!r}; use one of {', '.join(_MODULES)}")
    return build_once(f"{kind}-{versions_key('scgraph-data', salt=FORMAT)}.npz", _build_scgraph(kind))


@lru_cache(maxsize=None)
def network(kind: str) -> Network:
    """The rail or road network (``kind`` is "rail" or "road"), loaded once per process."""
    return load_network(cache_file(kind), NETWORKS.get(kind, kind))
