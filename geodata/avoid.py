"""Networks with countries or sea passages taken out: what ``avoid`` and ``stay_in`` route over.

A country is taken out of the rail, road or sea network by dropping every node
inside it (Natural Earth 10m admin-0, German point of view; node labels from
:func:`geodata.countries.node_countries`) and every edge longer than
:data:`LONG_EDGE_KM` whose straight line crosses it (the road graph has edges of
several hundred km). ``stay_in`` takes out every other country; nodes outside
every country (sea, coasts Natural Earth leaves out) stay. A passage (a curated
strait or canal) is taken out of the sea network by dropping the nodes within
its ``uncertainty_km`` (:func:`reach_km`: half of it for a canal). The result is
a new :class:`~geodata.graph.Network` over the kept nodes, cached per process
for each restriction.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from .base.errors import InputError
from .base.geodesy import sphere_km
from .graph import Network
from .normalize import name_key
from .place import Place

#: a canal's reach: this fraction of its radius (``uncertainty_km``). A canal is a line through its middle
#: point, so a ship in it passes close to the point; its mouths (the Elbe near the Kiel Canal) lie further out
CANAL_REACH = 0.5
#: edges longer than this (km) are checked against the avoided countries' polygons, not only their ends
LONG_EDGE_KM = 10.0


@lru_cache(maxsize=1)
def passage_places() -> dict[str, Place]:
    """The curated straits and canals by the name key of their name, aliases and id."""
    from .curated import curated_places

    out: dict[str, Place] = {}
    for p in curated_places().places:
        if p.kind in ("strait", "canal"):
            for n in (p.name, *p.aliases, p.id.split(":", 1)[-1]):
                out.setdefault(name_key(n), p)
    return out


def passage(name: str) -> Place:
    """The curated strait or canal called ``name`` (name or alias, any case); InputError listing the known ones."""
    found = passage_places().get(name_key(name))
    if found is None:
        known = sorted({p.name for p in passage_places().values()})
        raise InputError(f"unknown passage {name!r}; known straits and canals: {', '.join(known)}")
    return found


def reach_km(p: Place) -> float:
    """How close (km) a route must pass a curated strait's or canal's point to pass through it."""
    return (p.uncertainty_km or 0.0) * (CANAL_REACH if p.kind == "canal" else 1.0)


def forbidden_countries(avoid: Sequence[str], stay_in: Sequence[str]) -> frozenset[int]:
    """Country indexes (:func:`geodata.countries.country_tiles`) a route may not enter."""
    from .countries import codes_index, country_tiles

    ct = country_tiles()
    out = set(codes_index(ct, avoid))
    if stay_in:
        allowed = set(codes_index(ct, stay_in))
        out |= set(range(len(ct.codes))) - allowed
    return frozenset(out)


@lru_cache(maxsize=4)   # a restricted road network with its KD-tree holds ~50 MB
def restricted(kind: str, forbidden: frozenset[int], passages: tuple[str, ...] = ()) -> Network:
    """Network ``kind`` ("rail", "road" or "sea") without the ``forbidden`` countries and ``passages``."""
    from .countries import country_of_points, node_countries

    if kind == "sea":
        from .sea import marnet

        net = marnet()
        labels = country_of_points(net.lon, net.lat)
    else:
        from .netcache import network

        net = network(kind)
        labels = node_countries(kind)
    return _subnetwork(net, ~_dropped(net, labels, forbidden, passages), forbidden)


def _dropped(net: Network, labels: Any, forbidden: frozenset[int], passages: Sequence[str]) -> Any:
    """Mask of the nodes of ``net`` inside a forbidden country or within reach of an avoided passage."""
    drop = np.isin(labels, np.fromiter(forbidden, dtype=np.int64, count=len(forbidden)))
    for name in passages:
        p = passage(name)
        drop |= sphere_km(p.lon, p.lat, net.lon, net.lat) <= reach_km(p)
    return drop


#: sea graphs without an avoid's nodes and edges, by (id of the lanes graph, forbidden, passages)
_SEA_WITHOUT: dict[tuple[int, frozenset[int], tuple[str, ...]], Any] = {}


def sea_graph_without(graph: Any, forbidden: frozenset[int], passages: tuple[str, ...] = ()) -> Any:
    """``graph`` (a CSR matrix over marnet's nodes, e.g. the repaired lanes) without the edges that touch a node
    in a forbidden country or an avoided passage, or whose long straight line crosses a forbidden country.

    Node ids stay those of marnet, so a route over the result maps back to the same coordinates.
    """
    import scipy.sparse as sp

    from .countries import country_of_points
    from .sea import marnet

    key = (id(graph), forbidden, tuple(passages))
    if key in _SEA_WITHOUT:
        return _SEA_WITHOUT[key]
    net = marnet()
    drop = _dropped(net, country_of_points(net.lon, net.lat), forbidden, passages)
    rows = np.repeat(np.arange(graph.shape[0], dtype=np.int64), np.diff(graph.indptr))
    cols = graph.indices.astype(np.int64)
    ok = ~drop[rows] & ~drop[cols] & ~_crossing_edges(net, rows, cols, graph.data, forbidden)
    out = sp.csr_matrix((graph.data[ok], (rows[ok], cols[ok])), shape=graph.shape)
    out.sort_indices()
    if len(_SEA_WITHOUT) > 8:   # bound the memory of long-running processes
        _SEA_WITHOUT.clear()
    _SEA_WITHOUT[key] = out
    return out


def _crossing_edges(net: Network, rows: Any, cols: Any, km: Any, forbidden: frozenset[int]) -> Any:
    """Mask of edges longer than :data:`LONG_EDGE_KM` whose straight lon/lat line meets a forbidden country."""
    import shapely

    from .countries import country_tiles

    bad = np.zeros(len(rows), dtype=bool)
    long_ = np.flatnonzero((km > LONG_EDGE_KM) & (np.abs(net.lon[rows] - net.lon[cols]) <= 180.0))
    if not len(long_) or not forbidden:
        return bad
    ct = country_tiles()
    r, c = rows[long_], cols[long_]
    lines = shapely.linestrings(
        np.column_stack([net.lon[r], net.lat[r], net.lon[c], net.lat[c]]).reshape(-1, 2),
        indices=np.repeat(np.arange(len(long_)), 2))
    which, tile = ct.tree.query(lines, predicate="intersects")
    hit = np.isin(ct.owner[tile], np.fromiter(forbidden, dtype=np.int64, count=len(forbidden)))
    bad[long_[np.unique(which[hit])]] = True
    return bad


def _subnetwork(net: Network, keep: Any, forbidden: frozenset[int]) -> Network:
    """The network over the nodes in ``keep``, without edges that cross a forbidden country."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    g = net.graph
    rows = np.repeat(np.arange(net.size, dtype=np.int64), np.diff(g.indptr))
    cols = g.indices.astype(np.int64)
    ok = keep[rows] & keep[cols]
    ok &= ~_crossing_edges(net, rows, cols, g.data, forbidden)
    new_id = np.cumsum(keep) - 1
    n = int(keep.sum())
    m = sp.csr_matrix((g.data[ok], (new_id[rows[ok]], new_id[cols[ok]])), shape=(n, n))
    m.sort_indices()
    _, labels = connected_components(m, directed=False)
    if n == 0:
        raise InputError("the restriction leaves no network at all; check avoid/stay_in")
    return Network(name=net.name, lon=net.lon[keep], lat=net.lat[keep], graph=m, component=labels.astype(np.int32))
