"""geodata.water: the 1 km water raster built from global-land-mask and Natural Earth (real data)."""
from __future__ import annotations

import numpy as np

from geodata import water


def test_raster_is_memory_mapped_packed_bits() -> None:
    arr = water.packed()
    assert arr.shape == (water.ROWS, water.COLS // 8) and arr.dtype == np.uint8
    assert isinstance(arr, np.memmap)
    assert water.cache_file().name.startswith("water-global-land-mask-")


def test_ocean_land_and_the_caspian() -> None:
    # mid-Pacific, central Asia, the middle of the Caspian (land in global-land-mask, water here)
    assert water.is_water([-150.0, 80.0, 51.0, 50.5], [0.0, 45.0, 42.0, 40.0]).tolist() == [True, False, True, True]
    # the Black Sea and the Sea of Azov, the Bosphorus at its widest
    assert water.is_water([34.0, 36.5], [43.0, 46.0]).all()


def test_window_matches_point_lookups_and_crosses_the_antimeridian() -> None:
    win = water.window(179.5, 51.0, 180.5, 52.0)          # the Aleutians, across 180°
    assert win.water.shape == (121, 121)
    i = np.arange(0, 121, 7)
    j = np.arange(0, 121, 7)
    lon, lat = win.lonlat(i, j)
    assert (win.water[i, j] == water.is_water(lon, lat)).all()
    assert win.water.any() and not win.water.all()         # sea and islands
    ci, cj = win.cell(lon, lat)
    assert (ci == i).all() and (cj == j).all()
    ci, cj = win.cell(lon - 360.0, lat)                    # the same points given west of 180°
    assert (ci == i).all() and (cj == j).all()
