"""The briefing HTML as text: self-contained, deterministic, escaped, and complete."""
from __future__ import annotations

import json
import re

import pytest

from geodata.base.errors import InputError
from maps import briefing
from mapdata import HOSTILE, analysis, hostile_analysis


@pytest.fixture(scope="module")
def page() -> str:
    return briefing.render_html(analysis(), banner="UNCLASSIFIED // FOR BRIEFING", briefing_date="2023-10-14")


def data_of(page: str) -> dict:
    m = re.search(r"<script>window\.ROUTEMAP_DATA = (.*?);</script>", page, re.S)
    assert m
    return json.loads(m.group(1))


def test_same_input_gives_byte_identical_page(page):
    again = briefing.render_html(analysis(), banner="UNCLASSIFIED // FOR BRIEFING", briefing_date="2023-10-14")
    assert again == page


def test_written_page_is_the_rendered_page_and_its_data_one_json_literal(page, tmp_path):
    # write_html streams the page (the data object member by member); the bytes are render_html's
    from maps.template import js_literal

    path = tmp_path / "b.html"
    briefing.write_html(analysis(), path, banner="UNCLASSIFIED // FOR BRIEFING", briefing_date="2023-10-14")
    assert path.read_bytes() == page.encode("utf-8")
    assert f"window.ROUTEMAP_DATA = {js_literal(data_of(page))};" in page
    hostile = briefing.render_html(hostile_analysis())
    assert "<!--routemap-" not in hostile and "<!--routemap-" not in page


def test_no_external_resource_is_referenced(page):
    # no <script src>, <link href>, or CSS url() that is not a data: URI
    assert not re.search(r"<script[^>]+src=", page)
    assert "<link" not in page
    for u in re.findall(r"url\(([^)]*)\)", page):
        assert u.startswith("data:") or u == "#default#VML", u
    assert "cdn" not in page.lower().replace("cdnjs", "") or "cdn." not in page
    assert "default-src 'none'" in page


def test_title_block_banner_date_and_credits(page):
    assert '<div class="rm-banner" role="note">UNCLASSIFIED // FOR BRIEFING</div>' in page
    assert "<h1>North Korea–Russia transfers, 2023</h1>" in page
    assert "Briefing date: 2023-10-14" in page
    credits = data_of(page)["credits"]
    for credit in ("GeoNames (CC BY 4.0)</a>", "Natural Earth", "OpenStreetMap contributors (ODbL)</a>", "marnet", "Leaflet",
                   "UN/LOCODE", "airportsdata (MIT)", "global-land-mask (MIT)"):
        assert credit in credits


def test_default_date_is_the_latest_source_date_not_a_leg_date_nor_today():
    page = briefing.render_html(analysis())
    assert "Reporting up to 2023-10-14" in page        # the Yonhap report; the latest leg date is 2023-10-01
    assert "Briefing date" not in page


def test_one_leg_per_routed_leg_with_popup_fields(page):
    d = data_of(page)
    assert [g["k"] for g in d["legs"]] == ["angara-2023/1", "angara-2023/2", "kim-train-2023/1", "kim-train-2023/2",
                                           "pacific-2023/1", "trucks-2011/1"]
    g = d["legs"][0]
    assert g["label"] == "Najin → Dunay" and g["carrier"] == "MV Angara"
    assert g["dep"] == "2023-09-07 to 2023-09-08 (range as reported)" and g["arr"] == "2023-09-12"
    assert g["method"] == "sea-marnet" and g["len"].endswith(" km along the route")
    assert d["sources"][g["src"][0]] == {"t": "N. Korea sent more than 1,000 containers", "p": "Yonhap", "d": "2023-10-14",
                                         "u": "https://en.yna.co.kr/view/AEN20231014000351315", "x": None}
    assert d["shipments"][0]["quantity"] == "more than 1000 containers"
    rail = d["legs"][1]
    assert rail["speed"] == [{"claimed": "", "computed": "11–14 km/h over 432–480 h", "verdict": "consistent", "detail": ""}]
    assert rail["dep"] == "from 2023-09-12 (open-ended, as reported)"


def test_styles_by_mode_and_status(page):
    d = data_of(page)
    by = {g["k"]: g for g in d["legs"]}
    assert by["kim-train-2023/1"]["dash"] == "" and by["kim-train-2023/1"]["colour"] == "#D55E00"   # confirmed rail
    assert by["angara-2023/1"]["dash"] == "10 6" and by["angara-2023/1"]["colour"] == "#0072B2"     # reported sea
    assert by["pacific-2023/1"]["op"] < 0.5 and by["trucks-2011/1"]["op"] < by["pacific-2023/1"]["op"]


def test_the_legend_shows_the_dashes_the_legs_are_drawn_with(page):
    """Each status sample in the legend is the dash and opacity of that status's legs, and no status looks like
    a claim's measured line (issue 15: disputed was dotted like the claim line)."""
    import re

    from maps import style

    legend = page[page.index('<div id="rm-legend"'):]
    legend = legend[:legend.index("</div>")]
    samples = {}
    for line, label in re.findall(r'(<line [^>]*/>)</svg></td><td>([^<]+)</td>', legend):
        m = re.search(r'stroke-dasharray="([^"]*)"', line)
        samples[label] = m.group(1) if m else ""
    d = data_of(page)
    for g in d["legs"]:
        status = d["shipments"][g["s"]]["status"]
        assert samples[status] == g["dash"], status
    assert samples["measured line of a claim"] == style.CLAIM_STYLE.dash == d["claimStyle"]["dash"]
    # dots (every dash ≤ 2 px) mean a claim's line; a status has at least one dash of 3 px or more
    for dash, _ in style.STATUS_STYLE.values():
        assert not dash or max(float(x) for x in dash.split()[::2]) >= 3, dash
    assert max(float(x) for x in style.CLAIM_STYLE.dash.split()[::2]) <= 2


def test_long_leg_is_simplified_and_rounded(page):
    a = analysis()
    assert len(a.route("angara-2023/2").coords) > 3000
    rail = data_of(page)["legs"][1]
    assert 2 <= len(rail["c"]) < 300
    assert all(len(repr(v).split(".")[-1]) <= 5 for pt in rail["c"] for v in pt)
    assert rail["c"][0] == [42.8939, 132.35] and rail["c"][-1] == [45.88, 40.09]   # (lat, lon) for Leaflet


def test_antimeridian_leg_is_continuous(page):
    pacific = data_of(page)["legs"][4]["c"]
    lons = [p[1] for p in pacific]
    assert max(abs(b - a) for a, b in zip(lons, lons[1:], strict=False)) < 10
    assert lons[0] == 158.65 and lons[-1] == pytest.approx(-149.9 + 360)


def test_arrows_point_the_way_of_travel():
    # east-bound along the equator: angle 0; north-bound: -90 (screen y grows downwards)
    assert briefing.arrows([(0.0, 0.0), (10.0, 0.0)]) == [[0.0, 5.0, 0.0]]
    assert briefing.arrows([(10.0, 0.0), (0.0, 0.0)])[0][2] == 180.0
    assert briefing.arrows([(0.0, 10.0), (0.0, 0.0)])[0][2] == 90.0


def test_places_with_uncertainty_and_claim_lines(page):
    d = data_of(page)
    dunay = next(p for p in d["places"] if p["n"] == "Dunay")
    assert dunay["u"] == 2.0 and dunay["k"] == "port"
    assert next(p for p in d["places"] if p["n"] == "Najin")["u"] is None
    assert [v["id"] for v in d["verdicts"]] == ["vlad-pyongyang-km", "depot-border", "plausibility:angara-2023/2"]
    assert len(d["verdicts"][0]["c"]) > 2 and d["verdicts"][2]["c"] == []
    assert '<tr data-i="1"><td>depot-border</td><td>290 km</td><td>231 km</td><td><span class="rm-v rm-v-inconsistent">inconsistent</span>' in page


def test_time_slider_range_covers_dated_legs(page):
    d = data_of(page)
    assert d["time"] == {"min": 19607, "max": 19631}   # 2023-09-07 .. 2023-10-01
    assert 'value="19631"' in page and "Dated legs from 2023-09-07 to 2023-10-01." in page
    undated = data_of(page)["legs"][5]
    assert undated["t0"] is None and undated["t1"] is None


def test_hostile_text_is_escaped_everywhere():
    page = briefing.render_html(hostile_analysis())
    assert page.count("<script>") == 3           # leaflet, data, our JS ... and nothing else
    assert page.count("<script") == page.count("</script>")
    markup = re.sub(r"<script>window\.ROUTEMAP_DATA = .*?;</script>", "", page, flags=re.S)
    assert HOSTILE not in markup and '" onmouseover=' not in markup and "javascript:" not in markup
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert "<td>&quot; onmouseover=&quot;alert(2)&quot; x=&quot;</td>" in page
    data = page.split("window.ROUTEMAP_DATA = ")[1].split(";</script>")[0]
    assert "<" not in data and ">" not in data   # nothing in the data can close the script
    d = data_of(page)
    evil = d["sources"][-1]
    assert evil["u"] is None and evil["x"] == "javascript:alert(3)"
    assert d["legs"][-1]["notes"] == "</script><!-- " + HOSTILE


def test_js_literal_and_safe_url():
    assert briefing.js_literal("</script><!--&\u2028") == '"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"'
    assert json.loads(briefing.js_literal("</script>")) == "</script>"
    assert briefing.safe_url("http://x.org/a") == "http://x.org/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "https://x.org/a b", "//x.org", 'https://x.org/"', "vbscript:x"):
        assert briefing.safe_url(bad) is None, bad


def test_tiles_add_online_layer_and_bad_names_fail():
    page = briefing.render_html(analysis(), tiles="OpenStreetMap")
    d = data_of(page)
    assert d["tiles"]["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "img-src data: https: http:" in page
    assert data_of(briefing.render_html(analysis()))["tiles"] is None
    with pytest.raises(InputError) as e:
        briefing.render_html(analysis(), tiles="NoSuchTiles")
    assert str(e.value) == ("--tiles 'NoSuchTiles': unknown tile provider; use an xyzservices name such as "
                            "OpenStreetMap, OpenStreetMap.Mapnik, CartoDB.Positron, Esri.WorldImagery")


def test_bad_briefing_date():
    with pytest.raises(InputError) as e:
        briefing.render_html(analysis(), briefing_date="14/10/2023")
    assert str(e.value) == "briefing date '14/10/2023' is not YYYY-MM-DD; give e.g. 2023-10-14"


def test_write_html_is_atomic_and_utf8(tmp_path):
    out = tmp_path / "b.html"
    briefing.write_html(analysis(), out, banner="SECRET")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and ">SECRET<" in text
    assert [p.name for p in tmp_path.iterdir()] == ["b.html"]


def test_unrouted_leg_is_drawn_as_geodesic():
    from routes.verdict import Analysis

    a = analysis()
    partial = Analysis(a.case, a.routes[:1], a.verdicts)
    d = data_of(briefing.render_html(partial))
    assert len(d["legs"]) == 6
    assert d["legs"][1]["method"] == "geodesic (leg not routed)"
    assert d["legs"][1]["warn"] == ["this leg was not routed; drawn as a geodesic"]


def test_leg_popup_says_what_the_route_passes_and_marks_crossings():
    from dataclasses import replace

    from routes.routed import Route
    from routes.transit import annotate

    a = analysis()
    # a straight line Pyongyang -> Vladivostok leaves North Korea (Natural Earth, German point of view)
    r = annotate(Route("x", 1, "road", "road-osm", ((125.7543, 39.0339), (131.89, 43.12)), 0.0))
    leg_key = a.routes[0].key
    a = replace(a, routes=(replace(r, shipment_id=a.routes[0].shipment_id, leg_index=a.routes[0].leg_index),
                           *a.routes[1:]))
    g = next(x for x in data_of(briefing.render_html(a, briefing_date="2023-10-14"))["legs"] if x["k"] == leg_key)
    assert g["transit"].startswith("KP ") and "German point of view" in g["transit"]
    assert g["x"] and g["x"][0][2].startswith("crosses KP→")
    assert all(len(x) == 3 and 38 < x[0] < 44 for x in g["x"])


def test_a_case_of_many_shipments_draws_simplified_lines_with_the_same_ends():
    import dataclasses

    a = analysis()
    s0 = a.case.shipments[0]
    many = tuple(dataclasses.replace(s0, id=f"copy-{i}", legs=tuple(dataclasses.replace(leg, shipment_id=f"copy-{i}") for leg in s0.legs))
                 for i in range(briefing.MAX_LISTED_SHIPMENTS + 1))
    big = dataclasses.replace(a, case=dataclasses.replace(a.case, shipments=many))
    small = data_of(briefing.render_html(dataclasses.replace(a, case=dataclasses.replace(a.case, shipments=many[:1]))))["legs"]
    text = briefing.render_html(big)
    assert text == briefing.render_html(big)                       # deterministic
    legs = data_of(text)["legs"]
    assert len(legs) == len(many) * len(s0.legs)
    for drawn, full in zip(legs, small, strict=False):
        assert drawn["c"][0] == full["c"][0] and drawn["c"][-1] == full["c"][-1]
        assert len(drawn["c"]) <= len(full["c"]) and all(p in full["c"] for p in drawn["c"])
        assert drawn["a"] == full["a"]                              # arrows from the full line
