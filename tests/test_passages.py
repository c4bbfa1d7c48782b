"""Straits, canals and inland water on sea legs, and waterway closures (routes.passages), on real sea lanes."""
from __future__ import annotations

import pytest

from geodata.place import Place
from routes.model import Avoid
from routes.routing import route_points
from routes.transit import annotate

NOVOROSSIYSK = Place("t:novo", "Novorossiysk", 44.7239, 37.7689, "port", "RU")
MAKHACHKALA = Place("t:makh", "Makhachkala", 42.9764, 47.5024, "port", "RU")
SIMONSTOWN = Place("t:simons", "Simon's Town", -34.1925, 18.4333, "port", "ZA")


def test_sea_route_names_straits_and_canal_and_avoiding_suez_goes_round_the_cape() -> None:
    r = annotate(route_points([NOVOROSSIYSK, SIMONSTOWN], "sea"))
    names = [p.name for p in r.transit.passages if p.kind != "inland"]
    assert names == ["Kerch Strait", "Bosphorus", "Dardanelles", "Suez Canal", "Bab-el-Mandeb"] or \
        names == ["Bosphorus", "Dardanelles", "Suez Canal", "Bab-el-Mandeb"]
    cape = annotate(route_points([NOVOROSSIYSK, SIMONSTOWN], "sea", avoid=Avoid(passages=("Suez Canal",))))
    names = [p.name for p in cape.transit.passages]
    assert "Suez Canal" not in names and "Strait of Gibraltar" in names
    assert cape.length_km > r.length_km


def test_caspian_to_black_sea_is_named_as_inland_water() -> None:
    r = annotate(route_points([MAKHACHKALA, NOVOROSSIYSK], "sea"))
    inland = [p for p in r.transit.passages if p.kind == "inland"]
    assert len(inland) == 1 and inland[0].km > 900
    assert inland[0].name.startswith("Volga–Don Canal, Volga, Don") or {"Volga", "Don", "Volga–Don Canal"} <= set(
        inland[0].name.replace(" (RU)", "").split(", "))
    assert r.transit.inland_km == pytest.approx(inland[0].km)
    land = [w for w in r.warnings if "crosses Natural Earth land" in w]
    assert all("km is inland water: Volga" in w for w in land)


def test_volga_don_winter_closure_is_a_warning() -> None:
    from routes.dates import parse_when

    r = route_points([MAKHACHKALA, NOVOROSSIYSK], "sea")
    winter = annotate(r, dates=(parse_when("2024-01-10"), None))
    summer = annotate(r, dates=(parse_when("2024-07-10"), None))
    assert any("closed to navigation in winter" in w for w in winter.warnings)
    assert not any("closed to navigation" in w for w in summer.warnings)


def test_a_canal_mouth_is_not_the_canal() -> None:
    hamburg = Place("t:hamburg", "Hamburg", 53.54, 9.97, "port", "DE")
    spb = Place("t:spb", "Saint Petersburg", 59.9, 30.23, "port", "RU")
    names = [p.name for p in annotate(route_points([hamburg, spb], "sea")).transit.passages]
    assert "Øresund" in names and "Kiel Canal" not in names
