"""The rail and road network caches: built once from ``scgraph_data``, saved and loaded as ``.npz``.

See :mod:`geodata.graph` for the layout (node lon/lat, CSR adjacency in km,
components, pickled KD-tree, contracted degree-2 chains) and the searches.
"""
from __future__ import annotations

import pickle
import sys
import time
from functools import cache
from pathlib import Path
from typing import Callable

import numpy as np

from .base.cache import build_once, versions_key
from .base.errors import DataUnavailable, InputError
from .graph import NETWORKS, Network, build_tree

#: cache format version: bump when the .npz layout changes (net3: pickled KD-tree, contracted chains)
FORMAT = "net3"
#: the scgraph_data module holding each network
_MODULES = {"rail": "world_railways", "road": "world_highways"}

def contract_chains(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray) -> dict[str, np.ndarray]:
    """Contract runs of degree-2 nodes of a symmetric CSR graph into single edges between junctions.

    Junctions are nodes whose degree is not 2 (plus one node on each ring made only
    of degree-2 nodes). Returns arrays: ``chain_start``, ``chain_end``, ``chain_km``,
    ``chain_ptr``/``chain_nodes`` (interior nodes of each chain, from its start),
    ``node_chain`` (-1 for junctions), ``node_pos`` (index in its chain),
    ``node_off`` (km from the chain's start) and the contracted graph over the same
    node ids plus two spare rows (``c_indptr``, ``c_indices``, ``c_data``, ``c_chain``
    = chain id of each edge, -1 for an original edge between two junctions).
    """
    n = len(indptr) - 1
    ptr, idx, w = indptr.tolist(), indices.tolist(), data.astype(np.float64).tolist()
    junction = [ptr[i + 1] - ptr[i] != 2 for i in range(n)]
    node_chain = [-1] * n
    node_pos = [0] * n
    node_off = [0.0] * n
    starts: list[int] = []
    ends: list[int] = []
    kms: list[float] = []
    chain_ptr = [0]
    chain_nodes: list[int] = []
    eu: list[int] = []
    ev: list[int] = []
    ew: list[float] = []
    ec: list[int] = []

    def walk(u: int) -> None:
        for k in range(ptr[u], ptr[u + 1]):
            x, total, prev = idx[k], w[k], u
            if junction[x]:
                eu.append(u), ev.append(x), ew.append(total), ec.append(-1)  # type: ignore[func-returns-value]
                continue
            if node_chain[x] >= 0:      # this chain was walked from its other end
                continue
            c = len(starts)
            interior: list[int] = []
            while not junction[x]:
                node_chain[x], node_pos[x], node_off[x] = c, len(interior), total
                interior.append(x)
                a = ptr[x]
                nxt, step = (idx[a + 1], w[a + 1]) if idx[a] == prev else (idx[a], w[a])
                prev, x = x, nxt
                total += step
            starts.append(u), ends.append(x), kms.append(total)  # type: ignore[func-returns-value]
            chain_nodes.extend(interior)
            chain_ptr.append(len(chain_nodes))
            if x != u:                  # a loop back to its own junction never lies on a shortest path
                eu.extend((u, x)), ev.extend((x, u)), ew.extend((total, total)), ec.extend((c, c))  # type: ignore[func-returns-value]

    for u in range(n):
        if junction[u]:
            walk(u)
    for u in range(n):                  # rings of degree-2 nodes only: make one node a junction
        if not junction[u] and node_chain[u] < 0:
            junction[u] = True
            walk(u)
    u_, v_, w_, c_ = (np.asarray(eu, dtype=np.int64), np.asarray(ev, dtype=np.int64),
                      np.asarray(ew, dtype=np.float64), np.asarray(ec, dtype=np.int64))
    order = np.lexsort((w_, v_, u_))    # keep the shortest of parallel edges
    u_, v_, w_, c_ = u_[order], v_[order], w_[order], c_[order]
    first = np.ones(len(u_), dtype=bool)
    first[1:] = (u_[1:] != u_[:-1]) | (v_[1:] != v_[:-1])
    u_, v_, w_, c_ = u_[first], v_[first], w_[first], c_[first]
    counts = np.bincount(u_, minlength=n + 2)
    counts[n:] = 2                      # two spare rows of two slots: the query's virtual end nodes
    c_indptr = np.concatenate([[0], np.cumsum(counts)])
    spare_idx = np.array([n, n, n + 1, n + 1])
    return {
        "chain_start": np.asarray(starts, dtype=np.int64), "chain_end": np.asarray(ends, dtype=np.int64),
        "chain_km": np.asarray(kms, dtype=np.float64), "chain_ptr": np.asarray(chain_ptr, dtype=np.int64),
        "chain_nodes": np.asarray(chain_nodes, dtype=np.int64),
        "node_chain": np.asarray(node_chain, dtype=np.int64), "node_pos": np.asarray(node_pos, dtype=np.int64),
        "node_off": np.asarray(node_off, dtype=np.float64),
        "c_indptr": c_indptr.astype(np.int64),
        "c_indices": np.concatenate([v_, spare_idx]).astype(np.int32),
        "c_data": np.concatenate([w_, np.ones(4)]),
        "c_chain": np.concatenate([c_, -np.ones(4, dtype=np.int64)]),
    }

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
    lon, lat = np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    # the built KD-tree pickles with its tree arrays, so loading it does not rebuild it
    tree = np.frombuffer(pickle.dumps(build_tree(lon, lat), protocol=pickle.HIGHEST_PROTOCOL), dtype=np.uint8)
    data32 = m.data.astype(np.float32)
    chains = contract_chains(m.indptr, m.indices, data32)  # on the float32 km that load_network reads back
    with open(path, "wb") as fh:
        np.savez(
            fh, lon=lon, lat=lat,
            indptr=m.indptr.astype(np.int64), indices=m.indices.astype(np.int32),
            data=data32, component=labels.astype(np.int32), kdtree=tree, **chains,  # type: ignore[arg-type]
        )

_CHAIN_KEYS = ("chain_start", "chain_end", "chain_km", "chain_ptr", "chain_nodes", "node_chain", "node_pos",
               "node_off", "c_indptr", "c_indices", "c_data", "c_chain")

def load_network(path: Path, name: str) -> Network:
    """Read a network written by :func:`save_network`."""
    import scipy.sparse as sp

    with np.load(path) as z:
        lon, lat = z["lon"], z["lat"]
        n = len(lon)
        m = sp.csr_matrix((z["data"].astype(np.float64), z["indices"], z["indptr"]), shape=(n, n))
        tree = None
        if "kdtree" in z.files:
            try:
                tree = pickle.loads(z["kdtree"].tobytes())  # our own cache file, written by save_network
            except Exception:  # pragma: no cover - e.g. a scipy upgrade changed the pickle; rebuild lazily
                tree = None
        chains = {k: z[k] for k in _CHAIN_KEYS} if "c_indptr" in z.files else None
        return Network(name=name, lon=lon, lat=lat, graph=m, component=z["component"], _tree=tree, _chains=chains)

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
    return build_once(f"{kind}-{versions_key('scgraph-data', 'scipy', salt=FORMAT)}.npz", _build_scgraph(kind))

@cache
def network(kind: str) -> Network:
    """The rail or road network (``kind`` is "rail" or "road"), loaded once per process."""
    from .base.cache import load_cached

    return load_cached(cache_file(kind).name, _build_scgraph(kind), lambda p: load_network(p, NETWORKS.get(kind, kind)),
                       f"{kind} network")

def release_networks() -> None:
    """Drop the rail, road and marnet networks loaded in this process (~170 MB); they reload on next use.

    A build calls this once routing and checking are done, so the memory of the
    networks and that of the outputs (matplotlib, GDAL) are never held at once.
    """
    import gc

    from . import sea

    network.cache_clear()
    sea.marnet.cache_clear()
    gc.collect()
    trim_heap()

def trim_heap() -> None:
    """Hand freed heap memory back to the system (glibc keeps big freed arrays otherwise); no-op elsewhere.

    A build calls it between outputs so that one writer's temporary arrays do not stack on the next's.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
