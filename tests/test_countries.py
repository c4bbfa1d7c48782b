"""Country tiles, point-in-country labels and country codes (geodata.countries)."""
from __future__ import annotations

import numpy as np
import pytest

from geodata.countries import codes_index, country_of_points, country_tiles, node_countries
from geodata.base.errors import InputError


def test_points_get_their_country_and_sea_gets_none() -> None:
    ct = country_tiles()
    # Moscow, Harbin, the Black Sea, Sevastopol (Ukraine in Natural Earth's German point of view), Pyongyang
    lon = [37.62, 126.63, 34.0, 33.52, 125.75]
    lat = [55.75, 45.75, 43.0, 44.6, 39.03]
    got = [ct.codes[k] if k >= 0 else "" for k in country_of_points(lon, lat).tolist()]
    assert got == ["RU", "CN", "", "UA", "KP"]


def test_tiles_cover_each_country_exactly_once() -> None:
    import shapely

    from geodata.naturalearth import country

    ct = country_tiles()
    k = ct.index("KZ")
    tiles = ct.tiles[ct.owner == k]
    assert len(tiles) > 1 and all(shapely.get_num_coordinates(t) <= 401 for t in tiles)
    assert float(shapely.union_all(tiles).area) == pytest.approx(float(country("KZ").geometry.area), rel=1e-6)


def test_codes_alpha2_alpha3_any_case_and_unknown_codes_listed() -> None:
    ct = country_tiles()
    assert [ct.codes[i] for i in codes_index(ct, ["ru", "CHN", " kz "])] == ["RU", "CN", "KZ"]
    with pytest.raises(InputError, match=r"unknown country codes 'XQ', 'Russland'; use ISO 3166-1 alpha-2 codes "
                                         r"\(Natural Earth 10m\): AD, AE"):
        codes_index(ct, ["XQ", "RU", "Russland"])


def test_rail_nodes_are_labelled_like_their_points() -> None:
    from geodata.netcache import network

    net = network("rail")
    labels = node_countries("rail")
    assert labels.shape == (net.size,)
    rng = np.random.default_rng(3)
    pick = rng.choice(net.size, 200, replace=False)
    assert (country_of_points(net.lon[pick], net.lat[pick]) == labels[pick]).all()
    assert (labels == country_tiles().index("RU")).sum() > 10_000
