"""The resolution policy (geodata.resolve): context decides only when clear; unsure answers stop."""
from __future__ import annotations

import pytest

from geodata.base.errors import AmbiguousPlace
from geodata.gazetteer import Gazetteer
from geodata.resolve import lookup_all, require, with_context


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.default()


def test_nearest_candidate_wins_with_the_alternatives_kept(gz: Gazetteer) -> None:
    m = with_context(gz.lookup("Nome"), [gz.lookup("Anchorage").place])
    assert (m.place.country, round(m.place.lat, 1), m.confident, m.ambiguous) == ("US", 64.5, True, True)
    assert {c.place.country for c in m.candidates} == {"US", "AU"}
    assert "nearest to Anchorage" in m.reason


def test_context_that_does_not_decide_leaves_the_match_unsure(gz: Gazetteer) -> None:
    m = gz.lookup("Uglegorsk")
    assert not with_context(m, [gz.lookup("Nome, Alaska").place]).confident


def test_sea_mode_prefers_ports(gz: Gazetteer) -> None:
    m = with_context(gz.lookup("Amirabad"), [gz.lookup("Makhachkala").place], mode="sea")
    assert (m.place.name, m.place.kind, m.confident) == ("Amirabad port", "port", True)


def test_fuzzy_candidates_are_never_chosen_by_context(gz: Gazetteer) -> None:
    m = gz.lookup("Kimhcaek")  # fuzzy 88 on Kimchaek: close, but not close enough
    assert not m.confident
    assert not with_context(m, [gz.lookup("Chongjin").place]).confident


def test_require_lists_the_candidates(gz: Gazetteer) -> None:
    with pytest.raises(AmbiguousPlace) as e:
        require(gz.lookup("Nome"))
    assert "Nome (AU, village) at -19.36, 146.95" in str(e.value)
    assert require(gz.lookup("Najin")).name == "Najin"


def test_lookup_all_uses_each_other_as_context(gz: Gazetteer) -> None:
    nome, anchorage = lookup_all(gz, ["Nome", "Anchorage"])
    assert nome.confident and round(nome.place.lat, 1) == 64.5 and anchorage.place.name == "Anchorage"


def test_your_own_alias_wins_over_a_town_of_that_name(tmp_path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("- {name: Test works, lat: 51.77, lon: 128.12, kind: factory, aliases: [Uglegorsk]}\n",
                    encoding="utf-8")
    m = Gazetteer.default().with_files([mine]).lookup("Uglegorsk")
    assert (m.place.name, m.confident) == ("Test works", True)
    assert require(m).name == "Test works"
