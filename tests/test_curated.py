"""The curated places file: complete, sourced, and consistent."""
from __future__ import annotations

import re

import pytest

from geodata.curated import PATH, curated_places, load_curated
from geodata.base.errors import GazetteerFileError
from geodata.normalize import name_key
from geodata.place import KINDS

REQUIRED = [
    "Pyongyang", "Najin", "Dunay", "Tikhoretsk", "Tikhoretsk ammunition depot", "Changchun", "FAW headquarters",
    "Khasan-Tumangang rail bridge", "Tumen-Namyang bridge", "Quanhe-Wonjong bridge", "Sino-Korean Friendship Bridge",
    "Khasan", "Tumangang", "Namyang", "Wonjong", "Quanhe", "Tumen", "Hunchun", "Vladivostok", "Vostochny Cosmodrome",
    "Ulan-Ude", "Shanghai", "Nampo", "Dandong", "Sinuiju", "Ussuriysk", "Bolshoy Kamen", "Nakhodka", "Vostochny Port",
    "Zarubino", "Posyet", "Slavyanka", "Chongjin", "Hamhung", "Wonsan", "Songnim", "Hyesan", "Manpo", "Rostov-on-Don",
    "Novorossiysk", "Kerch", "Belgorod", "Moscow", "Khabarovsk", "Komsomolsk-on-Amur", "Blagoveshchensk",
    "Petropavlovsk-Kamchatsky", "Anchorage", "Yanji", "Jilin", "Shenyang", "Beijing", "Dalian", "Yingkou", "Tianjin",
    "Honolulu",
]


def test_at_least_50_entries_and_every_required_name() -> None:
    places = curated_places().places
    assert len(places) >= 50
    names = {p.name for p in places}
    assert [n for n in REQUIRED if n not in names] == []


def test_every_entry_is_sourced_and_valid() -> None:
    for p in curated_places().places:
        assert p.kind in KINDS, p.id
        assert p.country and re.fullmatch(r"[A-Z]{2}", p.country), p.id
        assert p.uncertainty_km is not None and p.uncertainty_km > 0, p.id
        sourced = r"(GeoNames \d+|approximate, |approximate centre, |UN/LOCODE [A-Z]{5} |airportsdata ICAO [A-Z0-9]{4})"
        assert re.match(sourced, p.source), (p.id, p.source)
        if p.source.startswith("approximate"):
            assert p.uncertainty_km >= 1, p.id


def test_ids_unique_and_prefixed() -> None:
    ids = [p.id for p in curated_places().places]
    assert len(ids) == len(set(ids)) and all(i.startswith("curated:") for i in ids)


def test_key_entries() -> None:
    by = curated_places().by_id
    najin = by["najin"]
    assert najin.kind == "port" and najin.country == "KP"
    assert {"Rajin", "Rason", "나진", "라진"} <= set(najin.aliases)
    dunay = by["dunay"]
    assert dunay.kind == "port" and 42.8 < dunay.lat < 43.0 and 132.2 < dunay.lon < 132.5
    assert "NOT the Danube" in (dunay.notes or "")
    depot = by["tikhoretsk-ammunition-depot"]
    assert (depot.kind, depot.lat, depot.lon, depot.uncertainty_km) == ("depot", 45.88, 40.09, 10)
    assert "Tikhoretsk depot" in depot.aliases
    assert "Ch'ongjin" in by["chongjin"].aliases and "청진" in by["chongjin"].aliases
    assert "Dandong-Sinuiju bridge" in by["sino-korean-friendship-bridge"].aliases


def test_tumen_crossing_is_preferred_for_one_bridge_and_alias_of_all_three() -> None:
    cur = curated_places()
    assert cur.preferred[name_key("the Tumen crossing")] == "curated:khasan-tumangang-bridge"
    holders = sorted(p.id for p in cur.places if "Tumen crossing" in p.aliases)
    assert holders == ["curated:khasan-tumangang-bridge", "curated:quanhe-wonjong-bridge", "curated:tumen-namyang-bridge"]


def test_a_broken_curated_file_is_reported(tmp_path) -> None:
    f = tmp_path / "places.yaml"
    f.write_text("places:\n  - id: x\n    name: X\n    lat: 1\n    lon: 2\n    kind: city\n    country: KP\n    uncertainty_km: 1\n", encoding="utf-8")
    with pytest.raises(GazetteerFileError, match=r"places.yaml:2: curated place 'X': 'source' is required"):
        load_curated(f)


def test_bundled_file_is_the_one_loaded() -> None:
    assert PATH.name == "places.yaml" and PATH.is_file()


# Bridges and the border they cross (Natural Earth 10m generalises river borders by up to ~1.5 km here).
BRIDGES = {"khasan-tumangang-bridge": ("RU", "KP"), "tumen-namyang-bridge": ("CN", "KP"),
           "quanhe-wonjong-bridge": ("CN", "KP"), "sino-korean-friendship-bridge": ("CN", "KP")}


def _border_km(lonlat: tuple[float, float], a: str, b: str) -> float:
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    from geodata import naturalearth
    from geodata.base.geodesy import inverse

    border = naturalearth.country(a).geometry.boundary.intersection(naturalearth.country(b).geometry.buffer(0.01))
    q = nearest_points(border, Point(*lonlat))[0]
    return inverse(lonlat, (q.x, q.y)).distance_km


@pytest.mark.parametrize(("pid", "countries"), sorted(BRIDGES.items()))
def test_bridges_sit_on_their_border(pid: str, countries: tuple[str, str]) -> None:
    p = curated_places().by_id[pid]
    assert _border_km(p.lonlat, *countries) < 2.0


@pytest.mark.parametrize(("pid", "country"), [("quanhe", "CN"), ("wonjong", "KP"), ("namyang", "KP"), ("tumen", "CN"),
                                              ("khasan", "RU"), ("dandong", "CN"), ("sinuiju", "KP")])
def test_border_towns_are_in_their_country_near_their_bridge(pid: str, country: str) -> None:
    from shapely.geometry import Point

    from geodata import naturalearth
    from geodata.base.geodesy import inverse

    by = curated_places().by_id
    p = by[pid]
    assert p.country == country and naturalearth.country(country).geometry.contains(Point(*p.lonlat))
    nearest = min(inverse(p.lonlat, by[b].lonlat).distance_km for b in BRIDGES)
    assert nearest < 5.0


def test_quanhe_wonjong_crossing_where_the_road_crosses() -> None:
    """Regression: the bridge, Quanhe and Wonjong were placed ~14 km SSW of the real crossing."""
    from geodata.base.geodesy import inverse

    by = curated_places().by_id
    bridge = by["quanhe-wonjong-bridge"]
    assert inverse(bridge.lonlat, (130.5225, 42.5678)).distance_km < 0.5
    assert max(inverse(bridge.lonlat, by[t].lonlat).distance_km for t in ("quanhe", "wonjong")) < 2.0


def test_the_parsed_copy_in_the_cache_gives_the_same_places(tmp_path, monkeypatch) -> None:
    """curated_places() keeps a JSON copy in the cache folder; reading it gives exactly what parsing gives."""
    monkeypatch.setenv("ROUTEMAP_CACHE", str(tmp_path))
    parsed = load_curated(PATH)
    curated_places.cache_clear()
    try:
        assert curated_places() == parsed                      # parsed, and the copy written
        (copy,) = tmp_path.glob("curated-*.json")
        curated_places.cache_clear()
        assert curated_places() == parsed                      # read from the copy
        copy.write_text("{not json", encoding="utf-8")         # a damaged copy is parsed again and rewritten
        curated_places.cache_clear()
        assert curated_places() == parsed
        assert copy.read_text(encoding="utf-8").startswith("{\"places\"")
    finally:
        curated_places.cache_clear()
