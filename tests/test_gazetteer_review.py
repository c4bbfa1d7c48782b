"""Names a review found answered confidently and wrongly (2026-12-01): each is now right or honestly unsure.

The references are the curated entries' own sources (``geodata/data/places.yaml``) or, for the
places GeoNames names, the reviewer's note of where the reporting means; an answer may be unsure,
never confident and wrong.
"""
from __future__ import annotations

import pytest

from geodata.gazetteer import Gazetteer
from geodata.place import Place, great_circle_km
from geodata.resolve import lookup_all

GZ = Gazetteer.default()

#: query → the place reporting means (lat, lon); the answer must be near it or not confident
MEANT = {
    "Kavkaz": (45.3417, 36.6764),                    # Port Kavkaz, not Caucasia (Colombia)
    "Кавказ": (45.3417, 36.6764),
    "Hasan": (42.4306, 130.6447),                    # Khasan, not Hassan (India)
    "Hasan, Primorsky Krai": (42.4306, 130.6447),
    "Russia": (61.5, 105.3),                         # the country, not Russia, Ohio
    "Lebanon": (33.9, 35.9),
    "Mirny, Arkhangelsk Oblast": (62.76, 40.34),     # by Plesetsk, not Mirny in Yakutia
    "Mirny near Plesetsk": (62.76, 40.34),
    "Vostochny near Nakhodka": (42.745, 133.06),     # the port, not the cosmodrome 1,000 km away
    "Vostochny, Primorsky Krai": (42.745, 133.06),
    "Victoria, BC": (48.43, -123.37),                # British Columbia, not Texas
    "Углегорск": (49.07, 142.03),                    # Uglegorsk on Sakhalin; also Tsiolkovsky's old name
    "Ростов": (47.23, 39.72),                        # Rostov-on-Don in reporting; also Rostov Veliky
    "Петропавловск": (53.04, 158.65),                # also Petropavl, Kazakhstan
}


# ---- second review (Iran–Russia, Black Sea, Red Sea reporting)

MEANT_2 = {
    "Sokhna": (29.6, 32.34),            # Ain Sokhna, Egypt, not Sohna, India
    "Pivdennyi": (46.62, 31.02),        # the port by Yuzhne, not a village in Kirovohrad Oblast
    "آبادان": (30.34, 48.3),            # Abadan, Iran, not Ibadan, Nigeria
    "Al Mina": (34.45, 35.82),          # Tripoli's port, not Minya, Egypt (a fuzzy 93)
    "Bahrain": (26.0, 50.55),           # the country, not its airport
}


@pytest.mark.parametrize("query", sorted(MEANT) + sorted(set(MEANT_2) - set(MEANT)))
def test_never_confidently_elsewhere(query: str) -> None:
    m = GZ.lookup(query)
    lat, lon = {**MEANT, **MEANT_2}[query]
    off = great_circle_km(m.place, Place("ref", query, lat, lon))
    assert not m.confident or off <= 50, f"{query} -> {m.place.name} ({m.place.country}), {off:,.0f} km off: {m.reason}"


def test_a_qualifier_far_from_the_answer_says_so() -> None:
    m = GZ.lookup("Mirny, Arkhangelsk Oblast")
    assert not m.confident and "km from Arkhangel’sk (RU), which 'Arkhangelsk Oblast' names" in m.reason
    m = GZ.lookup("Hasan, Primorsky Krai")                                 # the qualifier settles the ambiguity
    assert m.confident and m.place.id == "curated:khasan"
    assert GZ.lookup("Olya, Astrakhan Oblast").confident                 # a qualifier that fits changes nothing


def test_a_country_name_is_not_a_town_of_that_name() -> None:
    m = GZ.lookup("Russia")
    assert not m.confident and "'Russia' names a country (RU), not a place in it" in m.reason
    assert GZ.lookup("Singapore").confident and GZ.lookup("Kuwait").confident   # city-states and capitals named so


def test_canadian_provinces_qualify_like_us_states() -> None:
    m = GZ.lookup("Victoria, BC")
    assert m.confident and m.place.country == "CA"


def test_cyrillic_and_latin_spellings_agree() -> None:
    m = GZ.lookup("Ростов")
    assert not m.confident and "its Latin spelling 'rostov' is Rostov-on-Don" in m.reason
    assert any(c.place.name == "Rostov-on-Don" for c in m.candidates)
    for same in ("Москва", "Тихорецк", "Находка", "Владивосток"):   # one place in both scripts: still confident
        assert GZ.lookup(same).confident, same


def test_context_never_swaps_a_confident_exact_name_for_an_alias_or_the_context_itself() -> None:
    murmansk, busan = lookup_all(GZ, ["Murmansk", "Busan"])
    assert busan.place.country == "KR" and busan.confident
    kazan, khasan = lookup_all(GZ, ["Kazan", "Khasan"])
    assert khasan.place.id == "curated:khasan" and kazan.place.id != khasan.place.id


def test_ambiguous_names_are_settled_by_a_legs_context() -> None:
    hasan, najin = lookup_all(GZ, ["Hasan", "Najin"], mode="rail")
    assert hasan.confident and hasan.place.id == "curated:khasan"
    kavkaz, kerch = lookup_all(GZ, ["Kavkaz", "Kerch"], mode="sea")
    assert kavkaz.confident and kavkaz.place.id == "curated:port-kavkaz"


@pytest.mark.parametrize("query", ["Amur", "Kuban", "Sverdlovsk", "Свердловск"])
def test_region_and_renamed_town_names_are_ambiguous_without_context(query: str) -> None:
    """Amur (oblast, river, or a town in India), Kuban (the region or a village), Sverdlovsk (Yekaterinburg's old
    name, or Dovzhansk in Luhansk Oblast until 2016): never one confident answer."""
    m = GZ.lookup(query)
    assert not m.confident and m.candidates, f"{query} -> {m.place.name}: {m.reason}"


def test_context_does_not_settle_on_a_far_namesake_known_by_an_old_name() -> None:
    from geodata.resolve import near_named, with_context

    baku, novorossiysk = GZ.lookup("Baku").place, GZ.lookup("Novorossiysk").place
    assert not with_context(GZ.lookup("Alat"), [baku]).confident        # not Olot, Uzbekistan, 1,190 km away
    assert not with_context(GZ.lookup("Volna"), [novorossiysk]).confident   # not a village 845 km away
    mersin, kars = lookup_all(GZ, ["Mersin", "Kars"], mode="rail")
    assert kars.place.name == "Kars" and kars.place.country == "TR"    # its own name, not Kadirli (once "Kars")
    plesetsk = GZ.lookup("Plesetsk").place
    m = near_named(with_context(GZ.lookup("Mirny"), [plesetsk]), [plesetsk], "given with --near")
    assert not m.confident and "3,559 km from Plesetsk (RU), given with --near" in m.reason


def test_your_own_alias_in_cyrillic_is_not_second_guessed_by_its_latin_spelling() -> None:
    """The Latin-spelling check is for GeoNames records; a place you give (with_places / --gazetteer) is your choice."""
    yard = Place("rostov-yard", "Rostov Veliky rail yard", 57.19, 39.41, "rail_station", "RU", aliases=("Ростов",),
                 source="my survey")
    m = GZ.with_places([yard]).lookup("Ростов")
    assert m.place.id == "rostov-yard" and m.confident, m.reason
