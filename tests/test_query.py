"""The query grammar (geodata.query): facility words, qualifiers, context names."""
from __future__ import annotations

import pytest

from geodata.query import country_code, parse_query


@pytest.mark.parametrize(("text", "core", "kinds", "country", "admin1", "near"), [
    ("Port of Najin", "Najin", ("port",), None, None, None),
    ("Najin port", "Najin", ("port",), None, None, None),
    ("Bandar Amirabad", "Amirabad", ("port",), None, None, None),
    ("Bandar-e Anzali", "Anzali", ("port",), None, None, None),
    ("Vladivostok airport", "Vladivostok", ("airport",), None, None, None),
    ("Alabuga SEZ", "Alabuga", ("facility", "factory"), None, None, None),
    ("Tartus naval base", "Tartus", ("military_base", "port"), None, None, None),
    ("Makhachkala sea port", "Makhachkala", ("port",), None, None, None),
    ("Nome, Alaska", "Nome", (), "US", "AK", None),
    ("Nome AK", "Nome", (), "US", "AK", None),
    ("Amirabad port (Iran)", "Amirabad", ("port",), "IR", None, None),
    ("Olya in Russia", "Olya", (), "RU", None, None),
    ("Olya port in Astrakhan", "Olya", ("port",), None, None, "Astrakhan"),
    ("FAW headquarters Changchun", "FAW", ("facility", "factory"), None, None, "Changchun"),
    ("丹东港", "丹东", ("port",), None, None, None),
    ("나진항", "나진", ("port",), None, None, None),
    ("Najin", "Najin", (), None, None, None),
])
def test_parse(text: str, core: str, kinds: tuple, country: str | None, admin1: str | None, near: str | None) -> None:
    q = parse_query(text)
    assert (q.core, q.kinds, q.country, q.admin1, q.near) == (core, kinds, country, admin1, near)


def test_plain_names_are_not_parsed() -> None:
    assert not parse_query("Rostov-on-Don").parsed
    assert parse_query("Nome, Alaska").parsed


def test_country_names() -> None:
    assert (country_code("North Korea"), country_code("Iran"), country_code("KP"), country_code("Atlantis")) == (
        "KP", "IR", "KP", None)
