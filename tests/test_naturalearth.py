"""geodata.naturalearth reads the bundled Natural Earth countries."""
from __future__ import annotations

import pytest
from shapely.geometry import Point

from geodata import naturalearth as ne
from geodata.base.errors import InputError


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
    with pytest.raises(InputError, match="unknown country code 'XX': Natural Earth has no country shape"):
        ne.country("XX")


def test_placeholder_codes_are_not_countries() -> None:
    for code in ("-99", "CN-TW", "", "1A"):
        with pytest.raises(InputError, match="is not a country code"):
            ne.country(code)
    assert all(c.iso2 != "-99" and c.iso3 != "-99" for c in ne.countries())


def test_every_code_with_a_shape_is_accepted_and_names_are_utf8() -> None:
    assert ne.country("TW").name == "Taiwan"
    assert ne.country("AX").name == "Åland"
    assert ne.country("CW").name == "Curaçao"
    assert not any("Ã" in c.name for c in ne.countries())


def test_countries_load_from_the_cache_without_gdal() -> None:
    """Once cached, the countries load without importing pyogrio (about 90 MB) and match the shapefile's."""
    import subprocess
    import sys

    from geodata.naturalearth import _read_countries, countries

    cached = countries()
    read = _read_countries()
    assert [(c.iso2, c.iso3, c.name) for c in cached] == [(c.iso2, c.iso3, c.name) for c in read]
    assert all(a.geometry.equals_exact(b.geometry, 0.0) for a, b in zip(cached, read, strict=True))
    code = "import sys; from geodata.naturalearth import countries; countries(); print('pyogrio' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"
