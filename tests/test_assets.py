"""Leaflet assets come from the installed xstatic-leaflet package and inline without requests."""
from __future__ import annotations

import re

from maps import assets


def test_leaflet_js_is_the_installed_leaflet_without_source_map():
    js = assets.leaflet_js()
    assert 'version="' + assets.leaflet_version() + '"' in js
    assert "sourceMappingURL" not in js
    assert "</script" not in js.lower()


def test_leaflet_css_images_are_data_uris():
    css = assets.leaflet_css()
    assert ".leaflet-container" in css
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls, "leaflet.css should reference its images"
    assert all(u.startswith("data:image/png;base64,") or u == "#default#VML" for u in urls), urls
    assert "images/" not in css


def test_assets_are_not_copied_into_the_repo():
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent
    found = [p for p in root.rglob("leaflet*.js") if ".venv" not in p.parts]
    assert found == []
