"""The marnet sea-lane network (from the installed ``searoute`` package) as a cached graph.

routemap does not call ``searoute.searoute()`` (it drops the real end points
when they are tuples, snaps "Dunay" to Zarubino when port snapping is on, reports
an undocumented "nm" unit 1.32x too long, and returns longitudes above 180).
It reads searoute's marnet node and edge lists once, wraps longitudes into
[-180, 180], drops the passages searoute restricts by default (the Northwest
Passage), measures each edge on the sphere, and caches the result like the rail
and road graphs (see :mod:`geodata.graph`), so snapping and lengths are ours.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from .base.cache import build_once, versions_key
from .base.errors import DataUnavailable
from .base.geodesy import sphere_km
from .graph import Network
from .netcache import FORMAT, load_network, save_network

NAME = "marnet"
DATASET = "marnet sea-lane network from the searoute package (Eurostat SeaRoute, EUPL)"
#: passages left out of the network, as searoute does by default
EXCLUDED_PASSAGES = ("northwest",)


def _build(tmp: Path) -> None:
    sys.stderr.write("routemap: building the marnet sea network cache (once; a few seconds)...\n")
    try:
        from searoute.data.marnet_dict import edge_list, node_list
    except ImportError as e:  # pragma: no cover - broken install
        raise DataUnavailable(f"cannot read searoute's marnet data ({e}); reinstall routemap") from e
    index = {k: i for i, k in enumerate(node_list)}
    for a, nbrs in edge_list.items():  # some edge ends may be missing from node_list
        for k in (a, *nbrs):
            index.setdefault(k, len(index))
    keys = list(index)
    raw = np.asarray(keys, dtype=np.float64)
    lon = ((raw[:, 0] + 180.0) % 360.0) - 180.0
    lat = raw[:, 1]
    u, v = [], []
    for a, nbrs in edge_list.items():
        for b, data in nbrs.items():
            if data.get("passage") in EXCLUDED_PASSAGES:
                continue
            u.append(index[a])
            v.append(index[b])
    uu, vv = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    km = sphere_km(lon[uu], lat[uu], lon[vv], lat[vv])
    save_network(tmp, lon, lat, uu, vv, km)


def cache_name() -> str:
    """The name of marnet's cache file for the installed versions (nothing is built)."""
    return f"marnet-{versions_key('searoute', 'scipy', salt=FORMAT)}.npz"


def cache_file() -> Path:
    """The cached ``.npz`` of marnet, built on first use."""
    return build_once(cache_name(), _build)


@lru_cache(maxsize=1)
def marnet() -> Network:
    """The marnet sea network, loaded once per process."""
    from .base.cache import load_cached

    return load_cached(cache_name(), _build, lambda p: load_network(p, NAME), "marnet sea network")
