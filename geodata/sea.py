"""The marnet sea-lane network (from the installed ``searoute`` package) as a cached graph.

routemap does not call ``searoute.searoute()`` (it drops the real end points
when they are tuples, snaps "Dunay" to Zarubino when port snapping is on, reports
an undocumented "nm" unit 1.32x too long, and returns longitudes above 180).
It reads searoute's marnet node and edge lists once, wraps longitudes into
[-180, 180], drops the Northwest Passage through the Canadian Arctic (which
searoute restricts by default), measures each edge on the sphere, and caches the
result like the rail and road graphs (see :mod:`geodata.graph`), so snapping and
lengths are ours.

searoute tags more than the Canadian passage "northwest": the links from the
Bering Strait north into the Chukchi Sea and west along Chukotka to the Northern
Sea Route carry the tag too. Dropping them (as routemap did before) cut the
Russian Arctic off from the Pacific: Pevek → Nome went via Panama (26,621 km
instead of about 1,300) and a leg across the strait ran down the 180° meridian.
Only the edges with an end in the Canadian Arctic are dropped now, and the
Northern Sea Route is cut in its ice-bound middle by the New Siberian Islands
(:data:`NSR_CUT`), so no route crosses the whole Arctic from Europe to the
Pacific (Rotterdam → Busan stays via Suez, as with searoute's default): the
western Arctic is reached from Europe, the eastern (Pevek, the Chukchi Sea) from
the Pacific. The Arctic legs that remain get a seasonal-ice warning
(:mod:`routes.passages`).
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
#: passages left out of the network where an edge end lies within these longitudes (the Canadian Arctic)
EXCLUDED_PASSAGES = {"northwest": (-141.0, -52.0)}
#: the Northern Sea Route's edge by the New Siberian Islands (lon range, lowest lat), left out: no Arctic transit
NSR_CUT = ((138.0, 146.0), 70.0)
#: the marnet cache's own format: the network format and the edges kept
SEA_FORMAT = f"{FORMAT}-nw3"


def _excluded(data: dict, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether an edge ``a``–``b`` (raw marnet lon, lat) with edge ``data`` is left out of the network."""
    (west, east), lat = NSR_CUT
    if all(west <= lon <= east and la >= lat for lon, la in (a, b)):
        return True
    span = EXCLUDED_PASSAGES.get(data.get("passage") or "")
    if span is None:
        return False
    return any(span[0] <= ((lon + 180.0) % 360.0) - 180.0 <= span[1] for lon, _ in (a, b))


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
            if _excluded(data, a, b):
                continue
            u.append(index[a])
            v.append(index[b])
    uu, vv = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    km = sphere_km(lon[uu], lat[uu], lon[vv], lat[vv])
    save_network(tmp, lon, lat, uu, vv, km)


def cache_name() -> str:
    """The name of marnet's cache file for the installed versions (nothing is built)."""
    return f"marnet-{versions_key('searoute', 'scipy', salt=SEA_FORMAT)}.npz"


def cache_file() -> Path:
    """The cached ``.npz`` of marnet, built on first use."""
    return build_once(cache_name(), _build)


@lru_cache(maxsize=1)
def marnet() -> Network:
    """The marnet sea network, loaded once per process."""
    from .base.cache import load_cached

    return load_cached(cache_name(), _build, lambda p: load_network(p, NAME), "marnet sea network")
