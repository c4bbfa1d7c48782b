"""Sightings and observed tracks on the briefing page in headless Chromium: drawn, no errors, popups complete."""
from __future__ import annotations

import pytest

import tracksdata as td
from maps.briefing import write_html
from routes.casefile import load_case
from routes.checks import check_case
from routes.verdict import Analysis
from routes.tracks.engine import run_memory
from test_briefing_browser import Opened, browser  # noqa: F401  (the shared browser fixture)
from test_map_tracks import CASE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def opened(browser, tmp_path_factory):  # noqa: F811
    d = tmp_path_factory.mktemp("tracksmap")
    (d / "case.yaml").write_text(CASE, encoding="utf-8")
    td.write_noaa_legacy(d / "ais.csv", td.reports())
    case = load_case(d / "case.yaml")
    analysis = Analysis(case=case, routes=(), verdicts=check_case(case, try_networks=False))
    write_html(analysis, d / "m.html", tracks=run_memory(d / "ais.csv", want_tracks=True))
    o = Opened(browser, d / "m.html")
    yield o
    o.context.close()


def test_sightings_and_tracks_draw_without_errors(opened) -> None:
    page = opened.page
    layers = page.inner_text(".leaflet-control-layers")
    assert "Sightings" in layers and "Observed tracks (ais.csv)" in layers
    assert page.evaluate("routemap.sightings.getLayers().length") == 2
    assert page.evaluate("routemap.observed.getLayers().length") > 40     # 6 vessels' lines, 1 gap, 44 events
    page.evaluate("() => { routemap.sightings.getLayers()[0].openPopup(); }")
    text = page.inner_text(".leaflet-popup-content")
    for expected in ("Seen at Port B", "2023-09-12", "imagery", "Satellite imagery", "consistent with leg 1 arriving"):
        assert expected in text
    page.evaluate("() => { routemap.map.closePopup(); }")
    assert opened.outside == [] and opened.errors == [] and opened.dialogs == []
