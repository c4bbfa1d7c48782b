"""Leaflet's JS and CSS, read from the installed ``xstatic-leaflet`` package for inlining.

Nothing is copied into the repository and nothing is downloaded: the briefing
page carries Leaflet inline, and the images its CSS needs become ``data:`` URIs,
so the saved page makes no network request.
"""
from __future__ import annotations

import base64
import os
import re
from functools import lru_cache

from geodata.base.errors import DataUnavailable

_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S*\s*$")
_CSS_URL = re.compile(r"url\((['\"]?)(images/[\w.-]+\.png)\1\)")


def leaflet_dir() -> str:
    """Folder of Leaflet's files inside the installed ``xstatic-leaflet`` package."""
    try:
        from xstatic.pkg import leaflet
    except ImportError as e:  # pragma: no cover - a broken install
        raise DataUnavailable("the xstatic-leaflet package is missing; reinstall routemap (pip install xstatic-leaflet)") from e
    return leaflet.BASE_DIR


def leaflet_version() -> str:
    """Version of the inlined Leaflet, e.g. ``1.9.3``."""
    from xstatic.pkg import leaflet

    return str(leaflet.VERSION)


def _read(name: str, mode: str = "r") -> str | bytes:
    path = os.path.join(leaflet_dir(), name)
    if not os.path.isfile(path):
        raise DataUnavailable(f"{path} is missing; reinstall xstatic-leaflet")
    if mode == "rb":
        with open(path, "rb") as f:
            return f.read()
    with open(path, encoding="utf-8") as f:
        return f.read()


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet's minified JS, without its source-map comment (which would be a request)."""
    js = _SOURCE_MAP.sub("", str(_read("leaflet.js")))
    if "</script" in js.lower():  # pragma: no cover - not in 1.9.x
        raise DataUnavailable("leaflet.js contains '</script' and cannot be inlined safely")
    return js


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's CSS with every ``url(images/…)`` replaced by a ``data:image/png`` URI."""
    css = str(_read("leaflet.css"))

    def inline(m: re.Match[str]) -> str:
        data = base64.b64encode(_read(m.group(2), "rb")).decode("ascii")  # type: ignore[arg-type]
        return f"url(data:image/png;base64,{data})"

    css = _CSS_URL.sub(inline, css)
    if "</style" in css.lower():  # pragma: no cover
        raise DataUnavailable("leaflet.css contains '</style' and cannot be inlined safely")
    return css


def asset_text(name: str) -> str:
    """One of routemap's own page files in ``maps/assets/`` (package data), e.g. ``briefing.js``.

    ``briefing.js`` reads one data object (``window.ROUTEMAP_DATA``) and draws the offline basemap,
    one layer per shipment with direction arrows, places with uncertainty circles, the measured claim
    lines, a click-to-measure tool (great-circle on a sphere, labelled approximate) and a time slider;
    every string from the case file reaches the page through ``textContent`` or an HTML-escaping
    function, never as markup. ``briefing.css`` styles the panels and popups; ``briefing.html.j2``
    is the page itself (see :mod:`maps.template`).

    >>> asset_text("briefing.js").startswith("(function () {")
    True
    """
    from importlib.resources import files

    return (files("maps") / "assets" / name).read_text(encoding="utf-8")
