"""geodata.naturalearth reads the bundled Natural Earth countries."""
from __future__ import annotations

import pytest
from shapely.geometry import Point

from geodata import naturalearth as ne
from geodata.errors import InputError


def test_countries_have_codes_and_geometry() -> None:
    cs = ne.countries()
    assert len(cs) > 240
    codes = {c.iso2 for c in cs}
    assert {"UA", "RU", "KP", "CN", "FR", "NO"} <= codes  # FR and NO are -99 in ISO_A2, fixed from ISO_A2_EH


def test_country_contains_its_capital() -> None:
    assert ne.country("KP").geometry.contains(Point(125.7625, 39.0392))      # Pyongyang
    assert ne.country("UKR").geometry.contains(Point(30.5234, 50.4501))      # Kyiv, by alpha-3
    assert not ne.country("RU").geometry.contains(Point(125.7625, 39.0392))


def test_unknown_country_code() -> None:
    with pytest.raises(InputError, match="unknown country code 'XX'; use an ISO 3166-1 alpha-2 code"):
        ne.country("XX")
