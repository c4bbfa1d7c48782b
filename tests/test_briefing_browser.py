"""The briefing page opened in headless Chromium with the network cut off: it draws, it is
complete, it makes no request, it logs no error, and hostile text stays text.

Screenshots are kept in ``test-artifacts/`` (gitignored).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from maps.briefing import write_html
from mapdata import HOSTILE, analysis, hostile_analysis

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = next((p for p in (os.environ.get("ROUTEMAP_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and os.path.exists(p)), None)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]



def _unavailable(reason: str) -> None:
    """Skip the module, except under CI=true (.ci/run), where these tests must run: fail instead."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and {reason}: the browser tests are the only tests of the map's JavaScript "
                    "and must not be skipped in CI", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if CHROMIUM is None:
    _unavailable("no Chromium executable found (looked for /usr/bin/chromium, chromium, chromium-browser; "
                 "set ROUTEMAP_CHROMIUM); install Debian's chromium to run the browser tests")
try:
    from playwright import sync_api
except ImportError:
    _unavailable("the playwright package is not installed (pip install -c constraints.txt -e '.[test]')")


class Opened:
    """A page opened offline, with every request, console message and dialog recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-rendered]", timeout=30000)

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if u != self.url]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def opened(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / "briefing.html"
    write_html(analysis(), path, banner="UNCLASSIFIED // FOR BRIEFING", briefing_date="2023-10-14")
    o = Opened(browser, path)
    yield o
    o.context.close()


def test_map_draws_every_leg_offline_without_errors(opened):
    page = opened.page
    assert page.locator("#map.leaflet-container").count() == 1
    assert page.locator(".leaflet-pane svg path").count() > 150       # the Natural Earth basemap and the legs
    keys = page.eval_on_selector_all("path[data-leg]", "els => els.map(e => e.getAttribute('data-leg'))")
    assert keys == ["angara-2023/1", "angara-2023/2", "kim-train-2023/1", "kim-train-2023/2", "pacific-2023/1", "trucks-2011/1"]
    assert page.locator(".rm-arrow svg").count() >= 6
    assert page.locator("path[data-claim]").count() == 2
    assert page.get_attribute("body", "data-rendered") == "6"
    assert "Munitions containers on MV Angara" in page.inner_text(".leaflet-control-layers")
    assert "Briefing date: 2023-10-14" in page.inner_text("#rm-title")
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
    assert page.locator(".leaflet-control-scale-line").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "briefing.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000      # a drawn map, not a blank page
    assert opened.outside == [] and opened.errors == [] and opened.dialogs == []


def test_the_panels_do_not_cover_the_places_or_legs(opened):
    """fitBounds pads each side by its panel column (issue 15: the time slider and layer list covered places)."""
    page = opened.page
    page.set_viewport_size({"width": 1100, "height": 720})         # a laptop window
    page.evaluate("() => { routemap.map.invalidateSize({animate: false}); routemap.fit(); }")
    page.screenshot(path=str(ARTIFACTS / "briefing-1100.png"))
    covered = page.evaluate("""() => {
      var panels = Array.prototype.map.call(document.querySelectorAll('.leaflet-control'), c => c.getBoundingClientRect())
        .filter(r => r.width > 0 && r.height > 0);
      var marks = Array.prototype.map.call(document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive'),
        e => [e.getAttribute('data-leg') || e.getAttribute('data-claim') || 'place', e.getBoundingClientRect()]);
      var out = [];
      marks.forEach(function (m) {
        var r = m[1], cx = r.left + r.width / 2, cy = r.top + r.height / 2;
        panels.forEach(function (p) { if (cx > p.left && cx < p.right && cy > p.top && cy < p.bottom) out.push(m[0]); });
      });
      return out;
    }""")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.evaluate("() => { routemap.map.invalidateSize({animate: false}); routemap.fit(); }")
    assert covered == []
    assert page.locator("path[data-leg]").count() == 6


def test_leg_popup_shows_the_reporting(opened):
    page = opened.page
    page.evaluate("() => { routemap.legs[1].line.openPopup(); }")   # return nothing: a Leaflet object is slow to serialise
    text = page.inner_text(".leaflet-popup-content")
    for expected in ("Munitions containers on MV Angara", "reported", "more than 1000 containers", "Dunay → Tikhoretsk ammunition depot",
                     "from 2023-09-12 (open-ended, as reported)", "km along the route", "rail-osm",
                     "11–14 km/h over 432–480 h", "consistent", "N. Korea sent more than 1,000 containers — Yonhap, 2023-10-14"):
        assert expected in text
    assert page.get_attribute(".leaflet-popup-content a", "href") == "https://en.yna.co.kr/view/AEN20231014000351315"
    page.wait_for_timeout(400)   # the popup fades in
    page.screenshot(path=str(ARTIFACTS / "briefing-popup.png"))
    page.evaluate("() => { routemap.map.closePopup(); }")
    assert opened.outside == [] and opened.errors == []


def test_time_slider_filters_and_resets(opened):
    page = opened.page
    page.check("#rm-time input[type=checkbox]")
    page.eval_on_selector("#rm-time input[type=range]", "(r) => { r.value = 19610; r.dispatchEvent(new Event('input')); }")
    assert page.inner_text("#rm-time .rm-date") == "2023-09-10"
    shown = page.eval_on_selector_all("path[data-leg]", "els => els.map(e => e.getAttribute('data-leg'))")
    assert shown == ["angara-2023/1", "kim-train-2023/1"]
    assert "2 legs had started by the end of this day" in page.inner_text("#rm-time")
    page.uncheck("#rm-time input[type=checkbox]")
    assert page.locator("path[data-leg]").count() == 6


def test_measure_tool_gives_great_circle_km(opened):
    page = opened.page
    page.click("#rm-measure button.rm-toggle")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + 700, box["y"] + 500)
    page.mouse.click(box["x"] + 900, box["y"] + 450)
    out = page.inner_text("#rm-measure .rm-out")
    assert out.startswith("≈ ") and " km (" in out and "nmi) over 1 segment" in out
    assert "Great-circle distance on a sphere" in page.inner_text("#rm-measure")
    # the JS formula agrees with the WGS84 geodesic within 0.5 % (Pyongyang–Vladivostok: 684.3 km)
    km = page.evaluate("routemap.measure.km(L.latLng(39.0339, 125.7543), L.latLng(43.12, 131.89))")
    assert km == pytest.approx(684.3, rel=0.005)
    page.click("#rm-measure button.rm-clear")
    page.click("#rm-measure button.rm-toggle")
    assert opened.outside == [] and opened.errors == []


def test_hostile_case_text_is_shown_and_never_runs(browser, tmp_path):
    path = tmp_path / "hostile.html"
    write_html(hostile_analysis(), path)
    o = Opened(browser, path)
    page = o.page
    try:
        assert page.inner_text("#rm-title h1") == HOSTILE
        assert page.title() == HOSTILE
        assert HOSTILE in page.inner_text(".leaflet-control-layers")
        assert page.locator("path[data-leg]").count() == 7
        page.evaluate("() => { routemap.legs[6].line.openPopup(); }")
        text = page.inner_text(".leaflet-popup-content")
        assert HOSTILE in text and "javascript:alert(3)" in text
        assert page.locator(".leaflet-popup-content a").count() == 0         # the javascript: URL is not a link
        page.hover(".leaflet-popup-content")
        assert page.locator("[onmouseover]").count() == 0
        assert page.locator("script").count() == 3
        page.screenshot(path=str(ARTIFACTS / "briefing-hostile.png"))
        assert o.dialogs == [] and o.outside == [] and o.errors == []
    finally:
        o.context.close()


def test_a_case_across_the_antimeridian_is_drawn_continuously_and_opens_on_the_pacific(browser, tmp_path):
    """Kamchatka -> Aleutians by sea, Anadyr -> Nome by air, Anchorage -> Fairbanks by rail (issue 15): the
    legs and places sit in one continuous longitude range, the page opens centred on the Pacific, and a
    view set to 178°W shows the sea leg's path there (the view jumps to the copy of the world the case is in)."""
    from routes.analysis import analyze
    from routes.casefile import load_case

    path = tmp_path / "dateline.html"
    write_html(analyze(load_case(Path(__file__).resolve().parent / "data" / "dateline.yaml")), path)
    o = Opened(browser, path)
    page = o.page
    try:
        lngs = page.evaluate("() => routemap.legs.map(l => l.line.getLatLngs().map(p => p.lng))")
        for leg in lngs:        # continuous: no step jumps across the map
            assert max(abs(b - a) for a, b in zip(leg, leg[1:], strict=False)) < 10.0
        centre = page.evaluate("() => routemap.map.getCenter().lng")
        assert abs(((centre + 180.0) % 360.0) - 180.0) > 160.0, centre        # the Pacific, not Greenwich
        for lng in (-178.0, 182.0, 542.0):          # 178°W on any copy of the world
            page.evaluate(f"() => {{ routemap.map.setView([53.5, {lng}], 5, {{animate: false}}); }}")
            page.wait_for_timeout(200)
            shown = page.evaluate("() => routemap.map.getCenter().lng")
            assert shown % 360.0 == pytest.approx(182.0) and abs(shown - centre) < 180.0, (lng, shown)
        box = page.locator("path[data-leg='pacific/1']").bounding_box()
        view = page.locator("#map").bounding_box()
        assert box is not None and box["width"] > 100
        # the sea leg crosses the middle of the view (178°W is on its way from Kamchatka to the Aleutians)
        assert box["x"] < view["x"] + view["width"] / 2 < box["x"] + box["width"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "briefing-dateline-178W.png"))
        dutch = page.evaluate("() => routemap.places.getLayers().filter(l => l.getLatLng && Math.abs(l.getLatLng().lat - 53.8898) < 1e-4)"
                              ".map(l => l.getLatLng().lng)")
        # Dutch Harbor (166.5°W) beside the leg, in the same continuous range as Petropavlovsk (158.7°E)
        assert dutch and all(x % 360.0 == pytest.approx(193.4578, abs=1e-3) and abs(x - centre) < 30 for x in dutch), dutch
        assert o.outside == [] and o.errors == [] and o.dialogs == []
    finally:
        o.context.close()


def test_a_large_case_is_drawn_on_a_canvas_with_working_popups(browser, tmp_path):
    """More than 150 shipments (maps.briefing.MAX_LISTED_SHIPMENTS): one canvas, no per-leg SVG paths or arrows,
    every leg drawn and clickable, simplified lines, and still no request, error or dialog."""
    import sys

    from maps.briefing import MAX_LISTED_SHIPMENTS

    sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
    from export import synthetic   # tests/benchmarks/export.py: real-looking places, densified geodesic legs

    a = synthetic(MAX_LISTED_SHIPMENTS + 50)
    path = tmp_path / "big.html"
    write_html(a, path)
    o = Opened(browser, path)
    page = o.page
    try:
        assert page.get_attribute("body", "data-rendered") == str(len(a.routes))
        assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
        assert page.locator("path[data-leg]").count() == 0 and page.locator(".rm-arrow").count() == 0
        points = page.evaluate("() => routemap.legs.map(l => l.line.getLatLngs().length)")
        assert len(points) == len(a.routes)
        assert sum(points) < sum(len(r.coords) for r in a.routes)      # simplified for the page
        page.evaluate("() => { routemap.legs[7].line.openPopup(); }")
        assert "Shipment 2" in page.inner_text(".leaflet-popup-content")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "briefing-large.png"))
        assert o.outside == [] and o.errors == [] and o.dialogs == []
    finally:
        o.context.close()
