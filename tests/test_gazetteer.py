"""The gazetteer: exact, alias, native-script, fuzzy, ambiguous, user overrides, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geodata.base.errors import GazetteerFileError, InputError, PlaceNotFound
from geodata.gazetteer import Gazetteer, Match
from geodata.place import Place

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(("query", "place_id"), [
    ("Najin", "curated:najin"), ("Rajin", "curated:najin"), ("Rason", "curated:najin"),
    ("나진", "curated:najin"), ("라진", "curated:najin"), ("NAJIN", "curated:najin"),
    ("Dunay", "curated:dunay"), ("Дунай", "curated:dunay"),
    ("Tikhoretsk", "curated:tikhoretsk"), ("Тихорецк", "curated:tikhoretsk"),
    ("Tikhoretsk ammunition depot", "curated:tikhoretsk-ammunition-depot"),
    ("Tikhoretsk depot", "curated:tikhoretsk-ammunition-depot"),
    ("Changchun", "curated:changchun"), ("长春", "curated:changchun"), ("長春", "curated:changchun"),
    ("FAW headquarters", "curated:faw-headquarters"),
    ("Ch'ongjin", "curated:chongjin"), ("Chongjin", "curated:chongjin"), ("청진", "curated:chongjin"),
    ("Sinŭiju", "curated:sinuiju"), ("Sinuiju", "curated:sinuiju"),
    ("Khasan-Tumangang rail bridge", "curated:khasan-tumangang-bridge"),
    ("Dandong-Sinuiju bridge", "curated:sino-korean-friendship-bridge"),
    ("Ulan Ude", "curated:ulan-ude"), ("Rostov-na-Donu", "curated:rostov-on-don"),
    ("Pyongyang", "curated:pyongyang"), ("평양", "curated:pyongyang"),
    ("Vostochny Cosmodrome", "curated:vostochny-cosmodrome"), ("Honolulu", "curated:honolulu"),
])
def test_exact_and_alias_lookups(gaz: Gazetteer, query: str, place_id: str) -> None:
    m = gaz.lookup(query)
    assert m.place.id == place_id
    assert m.confident
    assert m.score >= 95


def test_reasons(gaz: Gazetteer) -> None:
    assert gaz.lookup("Najin").reason == "exact name"
    assert gaz.lookup("나진").reason == "alias '나진'"
    assert gaz.lookup("Vladivostock").reason == "fuzzy 96 (QRatio) on 'Vladivostok'"


def test_geonames_only_place(gaz: Gazetteer) -> None:
    m = gaz.lookup("Irkutsk")
    assert m.place.id == "geonames:2023469"
    assert m.place.source == "GeoNames 2023469 (CC BY 4.0)"
    assert m.place.kind == "city" and m.place.country == "RU"


@pytest.mark.parametrize(("query", "place_id"), [
    ("Tikhoretz", "curated:tikhoretsk"), ("Vladivostock", "curated:vladivostok"),
    ("Pyongyong", "curated:pyongyang"), ("Chongjn", "curated:chongjin"), ("Sinuijoo", "curated:sinuiju"),
])
def test_fuzzy_misspellings(gaz: Gazetteer, query: str, place_id: str) -> None:
    m = gaz.lookup(query)
    assert m.place.id == place_id
    assert m.reason.startswith("fuzzy ")


def test_changchun_is_ambiguous_but_confident(gaz: Gazetteer) -> None:
    m = gaz.lookup("Changchun")
    assert m.place.id == "curated:changchun"
    assert m.ambiguous and m.confident
    villages = [c for c in m.candidates if c.place.name == "Changchun"]
    assert len(villages) == 2 and all(c.place.kind == "village" for c in villages)
    assert all(c.place.id != "geonames:2038180" for c in m.candidates)  # the city itself is not listed twice


@pytest.mark.parametrize("query", ["Tumen crossing", "the Tumen crossing", "Tumen River crossing"])
def test_tumen_crossing(gaz: Gazetteer, query: str) -> None:
    m = gaz.lookup(query)
    assert m.place.id == "curated:khasan-tumangang-bridge"
    assert m.ambiguous and m.confident
    assert m.reason == f"preferred for {query!r}"
    assert [c.place.id for c in m.candidates] == ["curated:tumen-namyang-bridge", "curated:quanhe-wonjong-bridge"]


def test_tumen_is_ambiguous(gaz: Gazetteer) -> None:
    m = gaz.lookup("Tumen")
    assert m.place.id == "curated:tumen"
    ids = {c.place.id for c in m.candidates}
    assert m.ambiguous
    assert {"curated:tumen-river", "curated:tumen-namyang-bridge", "curated:khasan-tumangang-bridge",
            "curated:quanhe-wonjong-bridge"} <= ids


def test_friendship_bridge_is_not_confident(gaz: Gazetteer) -> None:
    m = gaz.lookup("Friendship Bridge")
    assert m.ambiguous and not m.confident
    assert {m.place.id, m.candidates[0].place.id} == {"curated:khasan-tumangang-bridge", "curated:sino-korean-friendship-bridge"}


def test_hints_narrow(gaz: Gazetteer) -> None:
    assert gaz.lookup("Changchun", country="CN", kind="village").place.kind == "village"
    bridges = gaz.lookup("Tumen", kind="bridge")
    assert {bridges.place.id, *(c.place.id for c in bridges.candidates)} == {
        "curated:tumen-namyang-bridge", "curated:khasan-tumangang-bridge", "curated:quanhe-wonjong-bridge"}
    assert gaz.lookup("Moscow", country="us").place.country == "US"
    with pytest.raises(PlaceNotFound) as e:
        gaz.lookup("Najin", country="RU", kind="port")
    assert str(e.value).startswith("no place matches 'Najin' (with country RU, kind port)")


def test_search_lists_best_first(gaz: Gazetteer) -> None:
    res = gaz.search("Changchun", limit=3)
    assert len(res) == 3
    assert res[0].place.id == "curated:changchun" and all(r.candidates == () for r in res)


def test_coordinates_as_query(gaz: Gazetteer) -> None:
    m = gaz.lookup("42.25,130.28")
    assert (m.place.lon, m.place.lat, m.place.kind, m.place.source) == (130.28, 42.25, "point", "coordinates as typed")
    assert m.reason == "coordinates" and m.confident and not m.ambiguous
    assert gaz.lookup("42°15′N 130°17′E").place.lonlat == pytest.approx((130.28333, 42.25), abs=1e-5)


def test_unknown_name_has_suggestions(gaz: Gazetteer) -> None:
    with pytest.raises(PlaceNotFound) as e:
        gaz.lookup("Vldvstk")
    assert str(e.value).startswith("no place matches 'Vldvstk'; did you mean: Vladivostok (RU, city), ")
    assert e.value.suggestions[0] == "Vladivostok (RU, city)"


def test_nonsense_without_suggestions(gaz: Gazetteer) -> None:
    with pytest.raises(PlaceNotFound) as e:
        gaz.lookup("qxzqxzqxz")
    assert str(e.value) == ("no place matches 'qxzqxzqxz'; check the spelling, give coordinates as 'lat,lon', "
                            "or add the place with --gazetteer FILE")


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_empty_query(gaz: Gazetteer, query: str) -> None:
    with pytest.raises(InputError) as e:
        gaz.lookup(query)
    assert str(e.value) == "empty place name; give a name such as 'Najin' or coordinates such as '42.25,130.28'"


def test_bad_hints(gaz: Gazetteer) -> None:
    with pytest.raises(InputError, match=r"^unknown kind 'harbour'; use one of: city, town, village, port,"):
        gaz.lookup("Najin", kind="harbour")
    with pytest.raises(InputError, match=r"^country 'KOR' is not an ISO 3166-1 alpha-2 code; use two letters"):
        gaz.lookup("Najin", country="KOR")


def test_out_of_range_coordinates(gaz: Gazetteer) -> None:
    with pytest.raises(InputError, match=r"latitude 142.25 is out of range -90..90"):
        gaz.lookup("142.25,30.28")


def test_user_file_overrides_bundled(gaz: Gazetteer) -> None:
    g = gaz.with_files([DATA / "gazetteer-user.yaml"])
    m = g.lookup("Najin")
    assert m.place.id == "user:najin" and m.place.lonlat == (130.3, 42.24)
    assert m.confident and all(c.place.id != "curated:najin" for c in m.candidates)
    assert g.lookup("Najin terminal").place.id == "user:najin"
    assert g.lookup("Tumangang siding").place.kind == "rail_station"
    assert gaz.lookup("Najin").place.id == "curated:najin"  # the default is untouched


def test_case_file_places_win(gaz: Gazetteer) -> None:
    p = Place(id="case:dunay", name="Dunay", lat=42.9, lon=132.3, kind="port", country="RU", source="case file demo.yaml:12")
    m = gaz.with_places([p]).lookup("Dunay")
    assert m.place.source == "case file demo.yaml:12"


def test_malformed_user_file(gaz: Gazetteer) -> None:
    with pytest.raises(GazetteerFileError, match=r"gazetteer-bad.csv:3: field 'lat': '95' is out of range"):
        gaz.with_files([DATA / "gazetteer-bad.csv"])


def test_to_dict_shape(gaz: Gazetteer) -> None:
    d = gaz.lookup("Tumen crossing").to_dict()
    keys = {"query", "name", "lat", "lon", "country", "kind", "source", "score", "ambiguous", "candidates",
            "id", "reason", "uncertainty_km", "confident"}
    assert set(d) == keys
    assert d["query"] == "Tumen crossing" and d["name"] == "Khasan-Tumangang rail bridge" and d["ambiguous"] is True
    assert [set(c) for c in d["candidates"]] == [keys, keys]
    assert all(c["candidates"] == [] for c in d["candidates"])
    json.dumps(d, allow_nan=False)


def test_match_is_frozen(gaz: Gazetteer) -> None:
    m = gaz.lookup("Najin")
    assert isinstance(m, Match)
    with pytest.raises(AttributeError):
        m.score = 1  # type: ignore[misc]


def _demo_names() -> list[str]:
    """Every place name the bundled demo case uses (legs' from/to/via, claims' from)."""
    import yaml

    doc = yaml.safe_load((Path(__file__).parents[1] / "routes" / "data" / "demo.yaml").read_text(encoding="utf-8"))
    names: list[str] = []
    for s in doc["shipments"]:
        for leg in s["legs"]:
            names += [leg["from"], leg["to"], *leg.get("via", ())]
    names += [c["from"] for c in doc.get("claims", ()) if "from" in c]
    return list(dict.fromkeys(names))


def _as_case_place(p: Place) -> Place:
    return Place(id="case:" + p.id.split(":", 1)[1], name=p.name, lat=p.lat, lon=p.lon, kind=p.kind,
                 country=p.country, aliases=p.aliases, uncertainty_km=p.uncertainty_km, source="case file demo.yaml")


def test_case_places_repeating_curated_entries_with_all_aliases(gaz: Gazetteer) -> None:
    """Regression: overlay places sharing an alias ("Tumen crossing") hid each other and the curated entries."""
    curated = {n: gaz.lookup(n).place for n in _demo_names()}
    assert "Khasan-Tumangang rail bridge" in curated and len(curated["Khasan-Tumangang rail bridge"].aliases) == 12
    overlay = [_as_case_place(p) for p in curated.values() if p.id.startswith("curated:")]
    assert len(overlay) >= 10
    g = gaz.with_places(overlay)
    for p in overlay:
        m = g.lookup(p.name)
        assert (p.name, m.place.id, m.confident) == (p.name, p.id, True)
        for alias in p.aliases:
            m = g.lookup(alias)
            owners = {o.id for o in overlay if alias in o.aliases or alias == o.name}
            assert m.place.id in owners, (alias, m.place.id)
            assert all(not c.place.id.startswith("curated:") or c.place.id not in {"curated:" + o.split(":")[1] for o in owners}
                       for c in m.candidates)  # a replaced curated entry is not listed again
    crossing = g.lookup("Tumen crossing")
    assert crossing.place.id == "case:khasan-tumangang-bridge" and crossing.reason == "preferred for 'Tumen crossing'"
    assert [c.place.id for c in crossing.candidates] == ["case:tumen-namyang-bridge", "curated:quanhe-wonjong-bridge"]
    assert g.lookup("Quanhe-Wonjong bridge").place.id == "curated:quanhe-wonjong-bridge"  # shares an alias, still there


def test_shared_alias_does_not_hide_a_place(gaz: Gazetteer) -> None:
    a = Place(id="case:a", name="Alpha siding", lat=42.0, lon=130.0, kind="rail_station", country="KP",
              aliases=("Border siding",), source="case file")
    b = Place(id="case:b", name="Bravo siding", lat=42.1, lon=130.1, kind="rail_station", country="KP",
              aliases=("Border siding",), source="case file")
    g = gaz.with_places([a, b])
    assert g.lookup("Alpha siding").place.id == "case:a" and g.lookup("Bravo siding").place.id == "case:b"
    m = g.lookup("Border siding")
    assert m.ambiguous and not m.confident and {m.place.id, m.candidates[0].place.id} == {"case:a", "case:b"}


def test_later_user_place_with_the_same_name_replaces_the_earlier(gaz: Gazetteer) -> None:
    first = Place(id="user:dunay", name="Dunay", lat=42.8, lon=132.3, kind="port", country="RU", source="file")
    second = Place(id="case:dunay", name="Dunay", lat=42.9, lon=132.35, kind="port", country="RU", source="case")
    m = gaz.with_places([first]).with_places([second]).lookup("Dunay")
    assert m.place.id == "case:dunay" and m.confident
    assert all(c.place.id not in {"user:dunay", "curated:dunay"} for c in m.candidates)


def test_user_alias_wins_over_a_preferred_curated_entry(gaz: Gazetteer) -> None:
    mine = Place(id="user:x", name="My crossing", lat=42.43, lon=130.64, kind="bridge", country="KP",
                 aliases=("Tumen crossing",), source="file")
    m = gaz.with_places([mine]).lookup("Tumen crossing")
    assert m.place.id == "user:x" and m.confident
    assert m.candidates[0].place.id == "curated:khasan-tumangang-bridge"
