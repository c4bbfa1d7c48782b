"""The compiled A* kernel behind :mod:`geodata.astar` (numba, imported only when a search runs).

Plain loops over numpy arrays, compiled with ``numba.njit(cache=True)``: a binary
heap with lazy deletion, and a lower bound that is the larger of the scaled
great-circle distance and the landmark differences. Callers go through
:class:`geodata.astar.Searcher`, which sets numba's cache folder first.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _pop(hkey: Any, hnode: Any, size: int) -> int:  # pragma: no cover - compiled
    """Remove and return the node with the smallest key from a heap of ``size`` entries."""
    top = hnode[0]
    size -= 1
    if size > 0:
        k, x = hkey[size], hnode[size]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= size:
                break
            if c + 1 < size and hkey[c + 1] < hkey[c]:
                c += 1
            if hkey[c] >= k:
                break
            hkey[i], hnode[i] = hkey[c], hnode[c]
            i = c
        hkey[i], hnode[i] = k, x
    return top


@njit(cache=True, nogil=True)
def _push(hkey: Any, hnode: Any, size: int, key: float, node: int) -> tuple[Any, Any]:  # pragma: no cover
    """Add ``node`` with ``key`` to a heap of ``size`` entries; the heap's arrays (grown when full)."""
    if size == len(hkey):
        nk = np.empty(2 * size, dtype=np.float64)
        nn = np.empty(2 * size, dtype=np.int64)
        nk[:size] = hkey[:size]
        nn[:size] = hnode[:size]
        hkey, hnode = nk, nn
    i = size
    while i > 0:
        p = (i - 1) // 2
        if hkey[p] <= key:
            break
        hkey[i], hnode[i] = hkey[p], hnode[p]
        i = p
    hkey[i], hnode[i] = key, node
    return hkey, hnode


@njit(cache=True, nogil=True)
def _bound(v: int, xyz: Any, target: Any, scale: float, marks: Any, use: Any, at_dst: Any, nmarks: int,
           slack: float) -> float:  # pragma: no cover - compiled
    """A lower bound (km) on the distance from node ``v`` to the target."""
    dx, dy, dz = xyz[v, 0] - target[0], xyz[v, 1] - target[1], xyz[v, 2] - target[2]
    h = scale * np.arcsin(min(0.5 * np.sqrt(dx * dx + dy * dy + dz * dz), 1.0))
    for j in range(nmarks):     # v is in the target's component, so these landmarks reach it too
        b = abs(at_dst[j] - marks[v, use[j]]) - slack
        if b > h:
            h = b
    return h


@njit(cache=True, nogil=True)
def astar(indptr: Any, indices: Any, data: Any, xyz: Any, marks: Any, slack: float, src: int, dst: int,
          scale: float, dist: Any, pred: Any, seen: Any, closed: Any, tick: int) -> float:  # pragma: no cover
    """km of the shortest src → dst path (``pred`` filled along it), or -1.0 if dst is unreachable.

    ``xyz`` are the nodes' unit vectors; ``scale`` is 2 R × the admissible factor, so the
    geometric bound is ``scale * asin(chord / 2)``. ``marks`` (n, K) are km from K landmarks
    (inf where unreachable); ``|d(L, dst) - d(L, v)| - slack`` is a lower bound too. A node's
    ``dist``/``pred`` are valid where ``seen == tick``; it is settled where ``closed == tick``,
    and reopened if a shorter way to it turns up, so the result is exact even where float32
    rounding makes the landmark bound a hair inconsistent.
    """
    use = np.empty(marks.shape[1], dtype=np.int64)     # the landmarks that reach dst
    at_dst = np.empty(marks.shape[1], dtype=np.float64)
    nmarks = 0
    for j in range(marks.shape[1]):
        if np.isfinite(marks[dst, j]):
            use[nmarks] = j
            at_dst[nmarks] = marks[dst, j]
            nmarks += 1
    target = xyz[dst]
    hkey = np.empty(1024, dtype=np.float64)
    hnode = np.empty(1024, dtype=np.int64)
    dist[src], pred[src], seen[src] = 0.0, -1, tick
    hkey[0], hnode[0] = 0.0, src
    size = 1
    while size > 0:
        u = _pop(hkey, hnode, size)
        size -= 1
        if closed[u] == tick:       # a stale entry of a node settled since
            continue
        closed[u] = tick
        if u == dst:
            return dist[u]
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            nd = dist[u] + data[e]
            if seen[v] == tick and nd >= dist[v]:
                continue
            seen[v], closed[v], dist[v], pred[v] = tick, 0, nd, u
            key = nd + _bound(v, xyz, target, scale, marks, use, at_dst, nmarks, slack)
            hkey, hnode = _push(hkey, hnode, size, key, v)
            size += 1
    return -1.0
