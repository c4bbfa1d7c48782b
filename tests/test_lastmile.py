"""routes.lastmile: shortest paths over the real water raster."""
from __future__ import annotations

import numpy as np
import pytest

from geodata.water import is_water
from routes.lastmile import sight, smooth, water_paths

SIMONS_TOWN = (18.4339, -34.1925)
CAPE_TOWN = (18.4337, -33.9055)


def test_cape_town_to_simons_town_goes_round_the_peninsula() -> None:
    wp = water_paths(CAPE_TOWN, [SIMONS_TOWN])
    line = wp.paths[0]
    assert line is not None and np.isfinite(wp.km[0])
    assert 90 < wp.km[0] < 130                 # round Cape Point; the straight line is 32 km over land
    assert min(lat for _, lat in line) < -34.3
    x = np.asarray([p[0] for p in line[1:-1]])
    y = np.asarray([p[1] for p in line[1:-1]])
    assert is_water(x, y).all()                # every vertex between the ends is on water


def test_point_on_land_gets_an_approach_on_water() -> None:
    inland = (18.47, -33.93)                   # Cape Town city, a few km from the harbour
    wp = water_paths(inland, [(18.30, -33.95)])
    assert 0 < wp.approach_km < 10
    assert is_water([wp.approach[0]], [wp.approach[1]])[0]
    assert wp.paths[0] is not None and wp.paths[0][0] == wp.approach


def test_start_moves_to_water_connected_to_a_target() -> None:
    # Novorossiysk (Black Sea) to Baku (Caspian): the only water joined to the target is the Caspian, so the
    # approach is hundreds of km away; callers bound approach_km (routing keeps it under 5 km or says so)
    wp = water_paths((37.8, 44.6), [(49.9, 40.4)], margin_km=20)
    assert wp.approach_km > 500 and 46 < wp.approach[0] < 55


def test_smooth_keeps_straight_runs_and_corners() -> None:
    water = np.ones((20, 20), dtype=bool)
    water[5:15, 10] = False                    # a wall
    cells = np.asarray([(2, 2), (3, 3), (4, 4), (4, 5), (4, 6), (4, 7), (4, 8), (4, 9), (4, 10), (4, 11),
                        (5, 12), (6, 12), (7, 12)])
    out = smooth(water, cells)
    assert out[0].tolist() == [2, 2] and out[-1].tolist() == [7, 12]
    assert len(out) < len(cells)
    assert all(sight(water, a, b) for a, b in zip(out, out[1:], strict=False))
    assert not sight(water, (2, 2), (7, 12)) or water[5:8, 10].all()


def test_one_search_serves_several_targets() -> None:
    wp = water_paths((130.3019, 42.2436), [(131.0, 42.0), (132.0, 42.5)])      # Najin to two points at sea
    assert wp.km.shape == (2,) and wp.target_km.tolist() == pytest.approx([0.0, 0.0], abs=1.0)
    assert all(p is not None for p in wp.paths) and wp.km[0] < wp.km[1]
