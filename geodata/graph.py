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

The cache also holds a contracted copy of the graph in which each run of
degree-2 nodes is one edge between junctions (the run's nodes are kept, so a
path expands back to every original node). Shortest paths run scipy's Dijkstra
on it from both ends with a radius limit (bidirectional, exact): two balls of
radius about half the path length are searched instead of the whole continent.

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

from .base.geodesy import EARTH_RADIUS_KM, sphere_km

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
    _tree: Any = field(default=None, repr=False)
    _chains: Any = field(default=None, repr=False)     # geodata.netcache.contract_chains() arrays
    _cgraph: Any = field(default=None, repr=False)     # the contracted CSR (built on first use)
    _ckey: Any = field(default=None, repr=False)       # its (row, column) keys, for finding an edge

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

        Searches the contracted graph (runs of degree-2 nodes as single edges, see
        :func:`geodata.netcache.contract_chains`) from both ends at once: each end joins it through
        a virtual node linked to the junction(s) of its chain. Bidirectional
        Dijkstra with a radius limit ``r`` on both searches: every path of length
        ``D <= 2 r`` has an edge whose near end is within ``r`` of ``a`` and whose
        far end is within ``r`` of ``b``, so the best such edge gives the exact
        shortest path once its length is ``<= 2 r``; otherwise ``r`` grows (the
        last round is unlimited, so this always ends).
        """
        if a == b:
            return [a]
        if self.component[a] != self.component[b]:
            return None
        if self._chains is None:  # pragma: no cover - caches always carry the chains
            graph, src, dst, extra = self.graph, a, b, ((), ())
        else:
            graph, src, dst, extra = self._contracted_ends(a, b)
        crow = float(sphere_km(self.lon[a], self.lat[a], self.lon[b], self.lat[b]))
        found = self._bidirectional(graph, src, dst, extra, crow)
        direct = self._same_chain_km(a, b)
        if direct is not None and (found is None or direct <= found[0]):
            return self._chain_slice(a, b)
        if found is None:  # pragma: no cover - same component, so reachable
            return None
        _, pa, pb, u, v = found
        seq = _walk(pa, src, u)[::-1] + _walk(pb, dst, v)
        return seq if self._chains is None else self._expand(a, b, seq)

    def _bidirectional(self, graph: Any, src: int, dst: int, extra: tuple, crow: float) -> Any:
        """(km, pred from src, pred from dst, u, v) of the shortest src → dst path over edge (u, v), or None."""
        from scipy.sparse.csgraph import dijkstra

        r = 0.68 * crow + 30.0     # most rail and road paths are 1.05-1.35x the great-circle distance
        while True:
            da, pa = dijkstra(graph, directed=True, indices=src, return_predecessors=True, limit=r)
            db, pb = dijkstra(graph, directed=True, indices=dst, return_predecessors=True, limit=r)
            found = _meet(graph, da, db)
            # the links into the far virtual node exist only as edges out of it: check them here
            for j, km in extra[1]:      # edges j -> dst (stored as dst -> j)
                if np.isfinite(da[j]) and (found is None or da[j] + km < found[0]):
                    found = (float(da[j] + km), j, dst)
            for j, km in extra[0]:      # edges src -> j
                if np.isfinite(db[j]) and (found is None or km + db[j] < found[0]):
                    found = (float(km + db[j]), src, j)
            if found is not None and (found[0] <= 2.0 * r or math.isinf(r)):
                return (found[0], pa, pb, found[1], found[2])
            if math.isinf(r):  # pragma: no cover - same component, so reachable
                return None
            # a path of length found[0] exists, so radius found[0] / 2 is sure to find the shortest
            r = found[0] / 2.0 if found is not None else (1.5 * r if r < 4.0 * EARTH_RADIUS_KM else math.inf)

    # ------------------------------------------------------------ the contracted graph

    def _entries(self, x: int) -> list[tuple[int, float]]:
        """(junction, km) pairs by which node ``x`` joins the contracted graph."""
        ch = self._chains
        c = int(ch["node_chain"][x])
        if c < 0:
            return [(x, 1e-12)]
        s, e = int(ch["chain_start"][c]), int(ch["chain_end"][c])
        off, total = float(ch["node_off"][x]), float(ch["chain_km"][c])
        if s == e:
            return [(s, min(off, total - off))]
        return [(s, off), (e, total - off)]

    def _contracted_ends(self, a: int, b: int) -> tuple[Any, int, int, tuple]:
        """The contracted graph with its two spare rows linking virtual nodes n (for a) and n+1 (for b)."""
        import scipy.sparse as sp

        ch, n = self._chains, self.size
        if self._cgraph is None:
            self._cgraph = sp.csr_matrix((ch["c_data"].copy(), ch["c_indices"].copy(), ch["c_indptr"]),
                                         shape=(n + 2, n + 2))
        g = self._cgraph
        ends = (self._entries(a), self._entries(b))
        for row, entries in zip((n, n + 1), ends, strict=True):
            k = int(g.indptr[row])
            for slot in range(2):       # an unused slot is a harmless self-loop
                j, km = entries[slot] if slot < len(entries) else (row, 1.0)
                g.indices[k + slot], g.data[k + slot] = j, km
        return g, n, n + 1, ends

    def _same_chain_km(self, a: int, b: int) -> float | None:
        """km between ``a`` and ``b`` straight along the chain holding both, or None."""
        ch = self._chains
        if ch is None:  # pragma: no cover
            return None
        ca, cb = int(ch["node_chain"][a]), int(ch["node_chain"][b])
        if ca < 0 or ca != cb:
            return None
        return abs(float(ch["node_off"][a]) - float(ch["node_off"][b]))

    def _chain_slice(self, a: int, b: int) -> list[int]:
        """Nodes from ``a`` to ``b`` along their common chain."""
        ch = self._chains
        c = int(ch["node_chain"][a])
        nodes = ch["chain_nodes"][ch["chain_ptr"][c]:ch["chain_ptr"][c + 1]]
        i, j = int(ch["node_pos"][a]), int(ch["node_pos"][b])
        part = nodes[i:j + 1] if i <= j else nodes[j:i + 1][::-1]
        return [int(x) for x in part]

    def _toward(self, x: int, junction: int) -> list[int]:
        """Nodes from ``x`` along its chain to ``junction`` (both included)."""
        ch = self._chains
        c = int(ch["node_chain"][x])
        if c < 0:
            return [x]
        nodes = ch["chain_nodes"][ch["chain_ptr"][c]:ch["chain_ptr"][c + 1]]
        i = int(ch["node_pos"][x])
        s, e = int(ch["chain_start"][c]), int(ch["chain_end"][c])
        off, total = float(ch["node_off"][x]), float(ch["chain_km"][c])
        to_start = junction == s and (s != e or off <= total - off)
        part = nodes[:i + 1][::-1] if to_start else nodes[i:]
        return [int(y) for y in part] + [junction]

    def _expand(self, a: int, b: int, seq: list[int]) -> list[int]:
        """Original node ids of a contracted path ``[virtual a, junctions..., virtual b]``."""
        ch, g = self._chains, self._cgraph
        junctions = np.asarray(seq[1:-1], dtype=np.int64)
        pieces = [np.asarray(self._toward(a, int(junctions[0])), dtype=np.int64)]
        if len(junctions) > 1:
            x, y = junctions[:-1], junctions[1:]
            if self._ckey is None:  # row * width + column: sorted, as rows are in order and columns sorted
                width = g.shape[1]
                self._ckey = np.repeat(np.arange(g.shape[0], dtype=np.int64), np.diff(g.indptr)) * width + g.indices
            chain = ch["c_chain"][np.searchsorted(self._ckey, x * g.shape[1] + y)]
            cptr, cnodes, cstart = ch["chain_ptr"], ch["chain_nodes"], ch["chain_start"]
            for xi, yi, c in zip(x.tolist(), y.tolist(), chain.tolist(), strict=True):
                if c >= 0:
                    inner = cnodes[cptr[c]:cptr[c + 1]]
                    pieces.append(inner if cstart[c] == xi else inner[::-1])
                pieces.append(np.asarray([yi]))
        tail = self._toward(b, int(junctions[-1]))[::-1]
        pieces.append(np.asarray(tail[1:], dtype=np.int64))
        return np.concatenate(pieces).tolist()

    def path_coords(self, nodes: Sequence[int]) -> list[LonLat]:
        """(lon, lat) of each node in ``nodes``."""
        idx = np.asarray(nodes, dtype=np.int64)
        return list(zip(self.lon[idx].tolist(), self.lat[idx].tolist(), strict=True))

def _meet(graph: Any, da: np.ndarray, db: np.ndarray) -> tuple[float, int, int] | None:
    """(length, u, v) of the shortest a→u→v→b path over one edge (u, v), or None if no edge joins the balls."""
    fa, fb = np.isfinite(da), np.isfinite(db)
    swap = int(np.count_nonzero(fb)) < int(np.count_nonzero(fa))
    near, far = (db, da) if swap else (da, db)
    rows = np.flatnonzero(fb if swap else fa)
    indptr = graph.indptr
    starts, counts = indptr[rows], indptr[rows + 1] - indptr[rows]
    if not counts.sum():
        return None
    # edge positions of every row in ``rows``, without a Python loop
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    pos = np.arange(int(counts.sum()), dtype=np.int64) + offsets
    src = np.repeat(rows, counts)
    dst = graph.indices[pos]
    total = near[src] + graph.data[pos] + far[dst]
    k = int(np.argmin(total))
    if not np.isfinite(total[k]):
        return None
    x, y = int(src[k]), int(dst[k])
    return (float(total[k]), y, x) if swap else (float(total[k]), x, y)

def _walk(pred: np.ndarray, root: int, node: int) -> list[int]:
    """Nodes from ``node`` back to ``root`` along a Dijkstra predecessor array (``node`` first)."""
    out = [node]
    while node != root:
        node = int(pred[node])
        if node < 0:  # pragma: no cover - node was reached, so it has a chain to the root
            raise RuntimeError("broken predecessor chain")
        out.append(node)
    return out

def build_tree(lon: np.ndarray, lat: np.ndarray) -> Any:
    """A scipy cKDTree over the unit vectors of the nodes."""
    from scipy.spatial import cKDTree

    return cKDTree(unit_vectors(lon, lat), balanced_tree=False, compact_nodes=False)

def _first_per_component(labels: np.ndarray, dist: np.ndarray, nodes: np.ndarray) -> dict[int, tuple[float, int]]:
    """{component: (distance, node)} for the nearest node of each component in a sorted list."""
    uniq, first = np.unique(labels, return_index=True)
    return {int(c): (float(dist[f]), int(nodes[f])) for c, f in zip(uniq, first, strict=True)}
