"""Countries, crossings, passages and third-country warnings along routed legs (routes.transit).

Country km are checked against an independent computation: the leg densified
with pyproj's own ``Geod.npts`` (not routemap's densifier), intersected with the
WHOLE Natural Earth country polygons by shapely (not the tiles), measured with
``Geod.line_length``.
"""
from __future__ import annotations

import itertools

import pytest

from geodata.place import Place
from geodata.base.geodesy import cut_antimeridian
from routes.model import Avoid
from routes.routed import Route
from routes.routing import route_points
from routes.transit import annotate, crossing_text, stretches, transit, transit_text

DUNAY = Place("t:dunay", "Dunay", 42.87879, 132.33542, "port", "RU")
DEPOT = Place("t:depot", "Tikhoretsk ammunition depot", 45.88, 40.09, "depot", "RU")
OLYA = Place("t:olya", "Olya", 46.0858, 47.8166, "port", "RU")
ALABUGA = Place("t:alabuga", "Alabuga", 55.78, 52.05, "factory", "RU")
NOVOROSSIYSK = Place("t:novo", "Novorossiysk", 44.7239, 37.7689, "port", "RU")
MAKHACHKALA = Place("t:makh", "Makhachkala", 42.9764, 47.5024, "port", "RU")
SIMONSTOWN = Place("t:simons", "Simon's Town", -34.1925, 18.4333, "port", "ZA")
KHABAROVSK = (135.0833, 48.4833)
CHITA = (113.5, 52.0333)
TYNDA = (124.72, 55.15)
IRKUTSK = (104.3, 52.3)


def independent_km(coords) -> dict[str, float]:
    """km per country code: pyproj densification + shapely intersection with whole country polygons."""
    import shapely
    from pyproj import Geod

    from geodata.naturalearth import countries

    g = Geod(ellps="WGS84")
    pts = []
    for (x1, y1), (x2, y2) in itertools.pairwise(coords):
        n = max(int(g.inv(x1, y1, x2, y2)[2] // 2000), 0)
        pts.append((x1, y1))
        if n:
            pts.extend(g.npts(x1, y1, x2, y2, n))
    pts.append(coords[-1])
    line = shapely.MultiLineString(cut_antimeridian(pts))   # lines across ±180° (cut_antimeridian has its own tests)
    out: dict[str, float] = {}
    for c in countries():
        if not shapely.intersects(line, c.geometry):
            continue
        km = 0.0
        for part in shapely.get_parts(shapely.intersection(line, c.geometry)):
            if part.geom_type == "LineString":
                km += g.line_length(*part.xy) / 1000.0
        code = c.iso2 if c.iso2 and c.iso2 != "-99" else c.iso3
        if km > 0:
            out[code] = out.get(code, 0.0) + km
    return out


@pytest.fixture(scope="module")
def dunay_rail() -> Route:
    return route_points([DUNAY, DEPOT], "rail")


def test_countries_agree_with_shapely_to_the_km(dunay_rail: Route) -> None:
    t = transit(dunay_rail)
    mine = {c.code: c.km for c in t.countries}
    theirs = independent_km(dunay_rail.coords)
    assert set(mine) == {k for k, v in theirs.items() if v >= 0.05}
    for code, km in theirs.items():
        assert mine.get(code, 0.0) == pytest.approx(km, abs=1.0), code
    assert sum(mine.values()) + t.outside_km == pytest.approx(dunay_rail.length_km, abs=0.01)


def test_dunay_rail_goes_through_china_and_kazakhstan_in_order(dunay_rail: Route) -> None:
    t = transit(dunay_rail)
    order = [c.code for c in t.countries]
    assert order == ["RU", "CN", "KZ"]
    assert 1200 < t.km_in("CN") < 1500 and 100 < t.km_in("KZ") < 250
    # stretches are ordered and contiguous, from 0 to the leg's length
    parts = stretches(dunay_rail.coords)
    assert parts[0].start_km == 0.0 and parts[-1].end_km == pytest.approx(dunay_rail.length_km, abs=0.01)
    assert all(a.end_km == pytest.approx(b.start_km, abs=1e-6) for a, b in itertools.pairwise(parts))
    runs = [s.code for s in parts if s.code and s.km > 5]
    assert [c for i, c in enumerate(runs) if i == 0 or runs[i - 1] != c] == ["RU", "CN", "RU", "KZ", "RU"]


def test_border_crossings_are_matched_to_known_crossings(dunay_rail: Route) -> None:
    t = transit(dunay_rail)
    pairs = [(c.from_code, c.to_code) for c in t.crossings]
    assert pairs == [("RU", "CN"), ("CN", "RU"), ("RU", "KZ"), ("KZ", "RU")]
    assert t.crossings[0].known == "Grodekovo–Suifenhe crossing" and t.crossings[0].known_km < 3
    assert t.crossings[1].known == "Zabaikalsk–Manzhouli crossing" and t.crossings[1].known_km < 3
    assert t.crossings[2].known is None
    assert crossing_text(t.crossings[2]).endswith("no known crossing within 20 km")
    assert "RU→CN at Grodekovo–Suifenhe crossing" in transit_text(t)


def test_same_country_leg_through_another_country_is_warned(dunay_rail: Route) -> None:
    r = annotate(dunay_rail, ends=("RU", "RU"))
    w = [x for x in r.warnings if "both ends are in RU" in x]
    assert len(w) == 1 and "CN 1,3" in w[0] and "stay_in: RU" in w[0]
    # a leg between two countries warns about a country the case never mentions
    r2 = annotate(dunay_rail, ends=("RU", "BY"), mentioned={"RU", "BY", "CN"})
    assert any("KZ (Kazakhstan)" in x and "never mentions" in x for x in r2.warnings)
    assert not any("CN (China)" in x for x in r2.warnings)


def test_the_legs_warnings_are_kept_apart_from_the_routings(dunay_rail: Route) -> None:
    """annotate: ``warnings`` has everything (the routing's first), ``leg_warnings`` the leg's own, which a
    re-annotation replaces; ``routing_warnings`` is what a route between the same places for a claim has."""
    r = annotate(dunay_rail, ends=("RU", "RU"))
    assert r.leg_warnings and all("both ends are in RU" in w for w in r.leg_warnings)
    assert r.warnings == r.routing_warnings + r.leg_warnings
    assert r.routing_warnings == dunay_rail.warnings
    again = annotate(r, ends=("RU", "BY"), mentioned={"RU", "BY", "CN"})
    assert again.routing_warnings == dunay_rail.warnings
    assert again.leg_warnings and all("never mentions" in w or "Natural Earth's 1:10m borders put its point in RU" in w
                                      for w in again.leg_warnings)   # the Dunay end is in RU, not the BY given


def test_stay_in_russia_keeps_the_train_in_russia() -> None:
    from geodata.base.geodesy import sphere_km

    def passes(r: Route, town: tuple[float, float]) -> bool:
        return float(min(sphere_km(town[0], town[1], [c[0] for c in r.coords], [c[1] for c in r.coords]))) < 15.0

    r = route_points([DUNAY, DEPOT], "rail", avoid=Avoid(stay_in=("RU",)))
    t = transit(r)
    assert [c.code for c in t.countries] == ["RU"]
    assert independent_km(r.coords).keys() == {"RU"}
    # the shortest Russian-only path: Khabarovsk, then the BAM by Tynda; via Chita it follows the Trans-Siberian
    assert passes(r, KHABAROVSK) and passes(r, TYNDA) and not passes(r, CHITA)
    chita = Place("t:chita", "Chita", CHITA[1], CHITA[0], "city", "RU")
    trans_sib = route_points([DUNAY, chita, DEPOT], "rail", avoid=Avoid(stay_in=("RU",)))
    assert [c.code for c in transit(trans_sib).countries] == ["RU"]
    assert passes(trans_sib, KHABAROVSK) and passes(trans_sib, IRKUTSK) and trans_sib.length_km > r.length_km
    same = route_points([DUNAY, DEPOT], "rail", avoid=Avoid(countries=("CN", "KZ", "MN")))
    assert [c.code for c in transit(same).countries] == ["RU"]


def test_road_avoid_drops_long_edges_across_kazakhstan() -> None:
    plain = transit(route_points([OLYA, ALABUGA], "road"))
    kept = transit(route_points([OLYA, ALABUGA], "road", avoid=Avoid(countries=("KZ",))))
    assert plain.km_in("KZ") > 100
    assert kept.km_in("KZ") == 0.0


def test_no_route_is_an_error_with_the_reason() -> None:
    from geodata.base.errors import NoRoute

    with pytest.raises(NoRoute, match="no sea route from Makhachkala to Novorossiysk avoiding Volga–Don Canal"):
        route_points([MAKHACHKALA, NOVOROSSIYSK], "sea", avoid=Avoid(passages=("Volga–Don Canal",)))


def test_air_leg_across_the_antimeridian_is_split_too() -> None:
    a = Place("t:a", "Anadyr", 64.73, 177.5, "city", "RU")
    b = Place("t:b", "Fairbanks", 64.84, -147.72, "city", "US")
    r = route_points([a, b], "air")
    t = transit(r)
    assert [c.code for c in t.countries] == ["RU", "US"]
    assert independent_km(r.coords) == pytest.approx({c.code: c.km for c in t.countries}, abs=1.0)
    assert sum(c.km for c in t.countries) + t.outside_km == pytest.approx(r.length_km, abs=0.01)
    avoided = annotate(r, avoid=Avoid(countries=("US",)))
    assert any("avoid cannot reroute" in w for w in avoided.warnings)
    # a geodesic cannot be rerouted by avoid: the hint is a via point
    warned = annotate(r, ends=("RU", "RU"))
    assert any("add a via: point (or a path:)" in w for w in warned.warnings)


TRANSIT_CASE = """\
title: Transit claims
places:
  - {name: Dunay, lat: 42.87879, lon: 132.33542, kind: port, country: RU}
  - {name: Depot, lat: 45.88, lon: 40.09, kind: depot, country: RU}
  - {name: Novorossiysk, lat: 44.7239, lon: 37.7689, kind: port, country: RU}
  - {name: Simon's Town, lat: -34.1925, lon: 18.4333, kind: port, country: ZA}
shipments:
  - id: train
    legs:
      - {from: Dunay, to: Depot, mode: rail}
  - id: ship
    legs:
      - {from: Novorossiysk, to: Simon's Town, mode: sea}
claims:
  - {id: no-china, kind: transit, leg: train/1, through: CN, value: no}
  - {id: kz, kind: transit, shipment: train, through: kz}
  - {id: bosphorus, kind: transit, leg: ship/1, through: Bosporus}
  - {id: no-suez, kind: transit, leg: ship/1, through: Suez Canal, value: no}
  - {id: atlantis, kind: transit, leg: ship/1, through: Atlantis}
"""


def test_transit_claims_against_routed_legs() -> None:
    from routes.analysis import analyze
    from routes.casefile import parse_case

    a = analyze(parse_case(TRANSIT_CASE, filename="t.yaml"))
    v = {x.claim_id: x for x in a.verdicts}
    # the shortest rail path enters China, but it is not the reported route: cannot say the claim is false
    assert v["no-china"].verdict == "cannot check" and v["no-china"].computed.endswith("km in CN")
    assert "avoid: [CN]" in v["no-china"].detail and "network's shortest path" in v["no-china"].detail
    assert v["kz"].verdict == "consistent" and "km in KZ" in v["kz"].computed
    assert v["bosphorus"].verdict == "consistent" and v["bosphorus"].computed.startswith("passes the Bosphorus")
    assert v["no-suez"].verdict == "cannot check"
    assert v["atlantis"].verdict == "cannot check"
    assert "neither a country code nor a known passage" in v["atlantis"].detail
    # the same analysis feeds checks.md and the export columns
    from maps.checks_md import render_checks_md
    from routes.transit import transit_columns

    md = render_checks_md(a)
    assert "## Countries, passages and crossings" in md and "| train/1 Dunay → Depot | RU " in md
    assert "Grodekovo–Suifenhe crossing" in md and "German point of view" in md
    cols = transit_columns(a.route("ship/1").transit)
    assert cols["countries"].startswith("RU ") and "Suez Canal" in cols["passages"] and cols["crossings"] is None


def test_transit_claims_route_legs_themselves_when_no_routes_are_given() -> None:
    from routes.casefile import parse_case
    from routes.checks import check_case

    case = parse_case(TRANSIT_CASE, filename="t.yaml")
    v = {x.claim_id: x for x in check_case(case)}
    assert v["no-china"].verdict == "cannot check" and v["kz"].verdict == "consistent"


def test_a_passage_the_route_still_uses_despite_avoid_is_warned_about() -> None:
    """Mariupol → Novorossiysk avoiding the Kerch Strait: Novorossiysk's connector to the lanes runs through it."""
    from geodata.gazetteer import Gazetteer
    from routes.model import Avoid
    from routes.routing import route_points

    g = Gazetteer.default()
    a, b = g.lookup("Port of Mariupol").place, g.lookup("Port of Novorossiysk").place
    avoid = Avoid(passages=("Kerch Strait",))
    r = annotate(route_points([a, b], "sea", avoid=avoid), ends=("UA", "RU"), avoid=avoid)
    assert "Kerch Strait" in [p.name for p in r.transit.passages]
    assert any(w.startswith("avoiding Kerch Strait, the route still passes Kerch Strait: a place's connector")
               for w in r.leg_warnings)
