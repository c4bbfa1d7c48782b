"""Point-to-point shortest paths on a network: A* with great-circle and landmark lower bounds, compiled by numba.

The search runs on a network's CSR adjacency (edge lengths in km) and is exact.
Its lower bound on the remaining length is the larger of two: the great-circle
distance on the mean sphere to the target, scaled by the smallest ratio of an
edge's km to the great-circle distance between its ends (about 0.99 for the
OpenStreetMap-derived rail and road graphs of scgraph_data); and, for each
landmark, the difference of its distances to the node and to the target
(triangle inequality; stored as float32, less :data:`LANDMARK_SLACK_KM`).
Neither overestimates, and a node reached again by a shorter way is reopened,
so the path found is a shortest one. Compared with Dijkstra from both ends, it
settles mostly the nodes in a narrow band around the path.

The kernel is compiled by numba on first use and cached on disk under the
routemap cache (``$ROUTEMAP_CACHE/numba``, unless ``NUMBA_CACHE_DIR`` is set),
so later processes load it in a fraction of a second. Working arrays (distance,
predecessor, a visit stamp) are kept per network and reused, so a query costs
only what it settles, not the size of the network.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from .base.geodesy import EARTH_RADIUS_KM

#: km taken off each landmark bound for the float32 rounding of the stored distances: below 65,536 km (all of
#: them, see :func:`choose_landmarks`) a float32 is within 2**-8 km of the true value, a difference within 2**-7
LANDMARK_SLACK_KM = 0.01
#: landmark distances must stay below this (km) for :data:`LANDMARK_SLACK_KM` to hold
LANDMARK_MAX_KM = 65_536.0


def _kernel() -> Any:
    """The compiled kernel (:func:`geodata.astarkernel.astar`), numba's cache folder set first."""
    if "NUMBA_CACHE_DIR" not in os.environ:
        from .base.cache import cache_dir

        os.environ["NUMBA_CACHE_DIR"] = str(cache_dir() / "numba")
    try:
        from .astarkernel import astar
    except ImportError as e:  # pragma: no cover - a broken install
        from .base.errors import DataUnavailable

        raise DataUnavailable(f"network routing needs numba, which cannot be imported ({e}); reinstall routemap "
                              "with its dependencies (the README's install command)") from None
    return astar


class Searcher:
    """Reusable A* state for one network: its arrays, bounds and work arrays (one query at a time)."""

    def __init__(self, graph: Any, lon: np.ndarray, lat: np.ndarray, landmarks: np.ndarray | None = None,
                 factor: float | None = None, xyz: np.ndarray | None = None) -> None:
        """``factor`` (:func:`admissible_factor`) and ``xyz`` (the nodes' unit vectors) where already known
        (network caches store both); arrays are used as given where their types fit (memory-mapped ones too)."""
        from .graph import unit_vectors

        n = len(lon)
        self.indptr = np.ascontiguousarray(graph.indptr)     # int32 or int64, as the graph has it
        self.indices = np.ascontiguousarray(graph.indices)
        self.data = np.ascontiguousarray(graph.data, dtype=np.float64)
        self.xyz = np.ascontiguousarray(unit_vectors(lon, lat) if xyz is None else xyz, dtype=np.float64)
        if factor is None:
            factor = admissible_factor(self.indptr, self.indices, self.data, self.xyz)
        self.scale = 2.0 * EARTH_RADIUS_KM * factor
        self.marks = (np.ascontiguousarray(landmarks, dtype=np.float32) if landmarks is not None
                      else np.zeros((n, 0), dtype=np.float32))
        self.dist = np.empty(n, dtype=np.float64)
        self.pred = np.empty(n, dtype=np.int32)
        self.seen = np.zeros(n, dtype=np.int32)     # a query's stamp: 2**31 queries per process at the most
        self.closed = np.zeros(n, dtype=np.int32)
        self.tick = 0

    def path(self, a: int, b: int) -> tuple[float, list[int]] | None:
        """(km, nodes from ``a`` to ``b``) of the shortest path, or None if ``b`` is unreachable from ``a``."""
        self.tick += 1
        km = _kernel()(self.indptr, self.indices, self.data, self.xyz, self.marks, LANDMARK_SLACK_KM, a, b, self.scale,
                       self.dist, self.pred, self.seen, self.closed, self.tick)
        if km < 0:
            return None
        out = [b]
        node = b
        while node != a:
            node = int(self.pred[node])
            out.append(node)
        return float(km), out[::-1]


def admissible_factor(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, xyz: np.ndarray) -> float:
    """The smallest ratio of an edge's km to the great-circle km between its ends (at most 1).

    Scaling the great-circle distance to the target by this factor never
    overestimates a remaining path length, so A* stays exact.
    """
    from .graph import chord_to_km

    rows = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))
    least = 1.0
    for s in range(0, len(rows), 1 << 18):      # in blocks: a few MB at a time, not 100 MB at once
        r, c = rows[s:s + (1 << 18)], indices[s:s + (1 << 18)]
        great = chord_to_km(np.linalg.norm(xyz[r] - xyz[c], axis=1))
        ok = great > 0
        if ok.any():
            least = min(least, float(np.min(data[s:s + (1 << 18)][ok] / great[ok])))
    # a hair under the ratio, so rounding in the kernel cannot make the bound exceed an edge
    return least * (1.0 - 1e-9)


def choose_landmarks(graph: Any, component: np.ndarray, total: int = 16, min_nodes: int = 10_000) -> np.ndarray:
    """(n, K) float32 km from K landmarks to every node (inf where unreachable), for A*'s landmark bound.

    Components of at least ``min_nodes`` nodes get landmarks in proportion to
    their size (at least two each; about ``total`` in all), chosen by farthest
    point: the first is the node farthest from the component's first node, each
    next one the node farthest from those already chosen. Deterministic; costs
    one full Dijkstra per landmark (seconds, once, when the cache is built).
    """
    from scipy.sparse.csgraph import dijkstra

    labels, counts = np.unique(component, return_counts=True)
    big = sorted(((int(s), int(c)) for c, s in zip(labels, counts, strict=True) if s >= min_nodes), reverse=True)
    covered = sum(s for s, _ in big)
    columns: list[np.ndarray] = []
    for size, label in big:
        members = np.flatnonzero(component == label)
        far = dijkstra(graph, directed=False, indices=int(members[0]))[members]   # from the first node at first
        for i in range(max(2, round(total * size / covered))):
            mark = int(members[int(np.argmax(far))])
            d = dijkstra(graph, directed=False, indices=mark)
            if np.max(d[members]) >= LANDMARK_MAX_KM:    # pragma: no cover - no Earth network is that long
                raise ValueError(f"a landmark distance of {np.max(d[members]):.0f} km is too long for float32 bounds")
            columns.append(d.astype(np.float32))
            far = d[members] if i == 0 else np.minimum(far, d[members])   # then from the nearest landmark
    n = graph.shape[0]
    return np.column_stack(columns) if columns else np.zeros((n, 0), dtype=np.float32)
