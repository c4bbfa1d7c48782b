"""geodata.sea: the marnet sea-lane network from searoute, cached (real data)."""
from __future__ import annotations

import pytest

from geodata import sea


def test_marnet_longitudes_are_wrapped() -> None:
    net = sea.marnet()
    assert net.name == "marnet"
    assert net.size > 9000
    # searoute stores Bering Sea nodes with longitudes above 180; ours are wrapped
    assert net.lon.max() <= 180.0 and net.lon.min() >= -180.0


def test_marnet_is_one_big_component_and_routes_across_the_pacific() -> None:
    net = sea.marnet()
    vlad = net.nearest((131.8869, 43.1155))[1][0]
    anchorage = net.nearest((-149.9, 61.2))[1][0]
    path = net.shortest_path(int(vlad), int(anchorage))
    assert path is not None and len(path) > 5
    lons = [net.lonlat(n)[0] for n in path]
    assert any(lon > 170 for lon in lons) and any(lon < -170 for lon in lons)


def _path_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from geodata.base.geodesy import line_length_m

    net = sea.marnet()
    path = net.shortest_path(int(net.nearest(a)[1][0]), int(net.nearest(b)[1][0]))
    assert path is not None
    return line_length_m([net.lonlat(n) for n in path]) / 1000.0


def test_the_bering_strait_joins_the_russian_arctic_but_the_canadian_passage_is_left_out() -> None:
    assert sea.cache_file().name.startswith("marnet-searoute-")
    assert _path_km((170.3, 69.9), (-168.0, 64.0)) < 1500          # Pevek to the Bering Sea through the strait
    assert _path_km((-140.0, 71.0), (-62.0, 72.0)) > 8000   # Beaufort Sea to Baffin Bay: not the ~3,500 km archipelago
    assert _path_km((3.5, 52.0), (129.5, 34.5)) > 18000     # North Sea to the Korea Strait via Suez, not ~14,700 km
                                                            # over the Arctic (the Northern Sea Route is cut mid-way)


def test_nearest_node_to_najin() -> None:
    km, nodes = sea.marnet().nearest((130.3019, 42.2436), k=1)
    assert km[0] == pytest.approx(140.2, abs=1.0)  # marnet is coarse in the Sea of Japan
