"""The rail and road network caches: built once from ``scgraph_data``, saved and loaded as ``.npz``.

See :mod:`geodata.graph` for the layout (node lon/lat, CSR adjacency in km,
components, pickled KD-tree, landmark distances) and :mod:`geodata.astar` for the search.
"""
from __future__ import annotations

import pickle
import sys
import time
from functools import cache
from pathlib import Path
from typing import Callable

import numpy as np

from .base.arrays import map_arrays, save_arrays
from .base.cache import build_once, versions_key
from .base.errors import DataUnavailable, InputError
from .astar import admissible_factor, choose_landmarks
from .graph import NETWORKS, Network, build_tree, unit_vectors

#: cache format version: bump when the .npz layout changes (net5: aligned for memory-mapping, pickled KD-tree,
#: unit vectors, landmark distances)
FORMAT = "net5"
#: the scgraph_data module holding each network
_MODULES = {"rail": "world_railways", "road": "world_highways"}

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
    m.data = m.data.astype(np.float32).astype(np.float64)   # the package's km carry float32 precision at best
    marks = choose_landmarks(m, labels)
    xyz = unit_vectors(lon, lat)
    factor = admissible_factor(m.indptr, m.indices, m.data, xyz)
    with open(path, "wb") as fh:   # aligned, so that load_network maps the arrays instead of reading them
        save_arrays(
            fh, lon=lon, lat=lat,
            indptr=m.indptr.astype(np.int32), indices=m.indices.astype(np.int32),
            data=m.data, component=labels.astype(np.int32), kdtree=tree, landmarks=marks, xyz=xyz,
            factor=np.float64(factor),
        )

def load_network(path: Path, name: str) -> Network:
    """Read a network written by :func:`save_network`: its arrays memory-mapped (pages read when used)."""
    import scipy.sparse as sp

    z = map_arrays(path)
    lon, lat = z["lon"], z["lat"]
    n = len(lon)
    m = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=(n, n), copy=False)
    try:
        tree = pickle.loads(z["kdtree"].data)  # our own cache file, written by save_network; no copy of it
    except Exception:  # pragma: no cover - e.g. a scipy upgrade changed the pickle; rebuild lazily
        tree = None
    return Network(name=name, lon=lon, lat=lat, graph=m, component=z["component"], landmarks=z["landmarks"],
                   factor=float(z["factor"]), xyz=z["xyz"], _tree=tree)

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

def cache_name(kind: str) -> str:
    """The name of network ``kind``'s cache file for the installed versions (nothing is built)."""
    if kind not in _MODULES:
        raise InputError(f"unknown network {kind!r}; use one of {', '.join(_MODULES)}")
    return f"{kind}-{versions_key('scgraph-data', 'scipy', salt=FORMAT)}.npz"


def cache_file(kind: str) -> Path:
    """The cached ``.npz`` of network ``kind`` ("rail" or "road"), built on first use."""
    return build_once(cache_name(kind), _build_scgraph(kind))

@cache
def network(kind: str) -> Network:
    """The rail or road network (``kind`` is "rail" or "road"), loaded once per process."""
    from .base.cache import load_cached

    return load_cached(cache_name(kind), _build_scgraph(kind), lambda p: load_network(p, NETWORKS.get(kind, kind)),
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
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none. Looked up once: finding the library
    runs ``ldconfig`` in a child process, which would briefly hold as much memory as this one."""
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
