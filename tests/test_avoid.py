"""Networks without countries or passages (geodata.avoid)."""
from __future__ import annotations

import numpy as np
import pytest

from geodata.avoid import forbidden_countries, passage, reach_km, restricted
from geodata.countries import country_of_points, country_tiles
from geodata.base.errors import InputError
from geodata.base.geodesy import sphere_km


def test_restricted_rail_has_no_node_in_the_avoided_countries() -> None:
    ct = country_tiles()
    bad = forbidden_countries(["CN", "kaz"], [])
    assert bad == {ct.index("CN"), ct.index("KZ")}
    net = restricted("rail", bad)
    labels = country_of_points(net.lon, net.lat)
    assert not np.isin(labels, list(bad)).any()
    assert net.graph.shape == (net.size, net.size) and net.component.shape == (net.size,)


def test_stay_in_forbids_every_other_country() -> None:
    ct = country_tiles()
    bad = forbidden_countries([], ["RU"])
    assert ct.index("RU") not in bad and len(bad) == len(ct.codes) - 1
    net = restricted("rail", bad)
    labels = country_of_points(net.lon, net.lat)
    assert set(np.unique(labels).tolist()) <= {-1, ct.index("RU")}


def test_avoided_passage_drops_the_sea_lanes_within_its_radius() -> None:
    suez = passage("suez")
    assert suez.name == "Suez Canal" and passage("Bosporus").name == "Bosphorus"
    net = restricted("sea", frozenset(), ("Suez Canal",))
    assert float(sphere_km(suez.lon, suez.lat, net.lon, net.lat).min()) > reach_km(suez) == suez.uncertainty_km / 2
    with pytest.raises(InputError, match="unknown passage 'Suez Canl'; known straits and canals: Bab-el-Mandeb"):
        passage("Suez Canl")


def test_a_leg_from_a_place_to_itself_is_not_a_missing_route_under_avoid() -> None:
    """Length 0 is drawn as a point-like geodesic; the restriction has nothing to refuse (not NoRoute)."""
    from geodata.place import Place
    from routes.model import Avoid
    from routes.routing import route_points

    najin = Place(id="n", name="Najin", lat=42.25559, lon=130.28308, kind="port", country="KP")
    for mode in ("rail", "sea"):
        r = route_points([najin, najin], mode, avoid=Avoid(countries=("CN",)))
        assert r.length_km == 0.0 and r.method == "geodesic"
