"""The briefing map: one self-contained, offline, deterministic HTML file made from an Analysis.

The page is our own jinja2 template (not folium), ``maps/assets/briefing.html.j2``, rendered
with autoescape on (``maps.template``): Leaflet's JS and CSS are inlined from the installed
``xstatic-leaflet`` package and our own script and styles from ``maps/assets/`` (``maps.assets``),
the basemap is Natural Earth vectors (``maps.basemap``), and the case is one JSON object drawn by
``briefing.js``. So the saved page makes no network request (unless ``tiles`` asks for online
tiles), the same input gives a byte-identical file, and text from the case file is escaped by the
template for the server-written parts and through ``textContent`` in the browser for the rest.
This module gathers what the page shows; lines are prepared for display in ``maps.display``.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
from typing import Any, Iterator, Sequence
from urllib.parse import urlsplit

from geodata.base.atomic import atomic_write
from geodata.base.errors import InputError, RoutemapError
from geodata.place import Place
from routes.dates import When
from routes.model import Shipment
from routes.verdict import LEG_CHECKS, Analysis

from . import style
from .display import (DECIMALS, arrows, centre_lon, display_line, latlngs, near_lon, warm)
from .pagelegs import Extent, leg_days, leg_entries
from .template import Later, js_literal

__all__ = ["CREDITS", "DATA_CREDITS", "arrows", "display_line", "js_literal", "latest_date", "quantity_text",
           "render_html", "safe_url", "tile_layer", "when_text", "write_html"]

#: at most this many places get permanent name labels (hover tooltips otherwise)
PERMANENT_LABELS_MAX = 60
#: the layer control lists each shipment up to this many; above, one switch per status
MAX_LISTED_SHIPMENTS = 150

#: the data behind every map, credited on the HTML and the static maps: (what, source and licence, link)
DATA_CREDITS = (
    ("Basemap and borders", "Natural Earth (public domain)", "https://www.naturalearthdata.com/"),
    ("Places", "GeoNames (CC BY 4.0)", "https://www.geonames.org/"),
    ("Ports", "UN/LOCODE via searoute", "https://unece.org/trade/uncefact/unlocode"),
    ("Airports", "airportsdata (MIT)", "https://github.com/mborsetti/airportsdata"),
    ("Rail/road networks", "© OpenStreetMap contributors (ODbL)", "https://www.openstreetmap.org/copyright"),
    ("Sea lanes", "marnet via searoute", "https://github.com/genthalili/searoute-py"),
    ("Water", "global-land-mask (MIT)", "https://github.com/toddkarin/global-land-mask"),
)
CREDITS = '<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>' + "".join(
    f' | {what}: <a href="{url}">{who}</a>' for what, who, url in DATA_CREDITS)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------- escaping

def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL without spaces or quotes, else None.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)"), safe_url(" JaVaScRiPt:x")
    ('https://example.org/a?b=1', None, None)
    """
    if not url:
        return None
    u = url.strip()
    if re.search(r"[\s<>\"'`\x00-\x1f]", u):
        return None
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    return u if parts.scheme.lower() in ("http", "https") and parts.netloc else None


# ---------------------------------------------------------------- text

def when_text(w: When | None) -> str | None:
    """A reported date as written, e.g. ``2023-09-07/2023-09-08`` → ``2023-09-07 to 2023-09-08``."""
    if w is None:
        return None
    if "/" in w.text:
        if w.earliest and w.latest:
            return f"{w.earliest} to {w.latest} (range as reported)"
        if w.earliest:
            return f"from {w.earliest} (open-ended, as reported)"
        return f"by {w.latest} (open-ended, as reported)"
    return w.text


def quantity_text(s: Shipment) -> str | None:
    """``more than 1000 containers`` from a shipment's Quantity (the case parser's text already has
    the qualifier and unit; each is added only when missing, never twice).

    >>> from routes.model import Quantity, Shipment
    >>> quantity_text(Shipment("s", "t", (), quantity=Quantity("more than 300000 shells", 3e5, 3e5, "shells", "more than")))
    'more than 300000 shells'
    """
    q = s.quantity
    if q is None:
        return None
    parts = [q.qualifier if q.qualifier and not q.text.lower().startswith(q.qualifier.lower()) else None, q.text]
    if q.unit and q.unit not in q.text:
        parts.append(q.unit)
    return " ".join(p for p in parts if p)


def km_text(value: float) -> str:
    """A length in km for a popup: whole km from 10 km, else one decimal."""
    return f"{value:,.0f} km" if value >= 10 else f"{value:,.1f} km"


def latest_date(analysis: Analysis) -> str | None:
    """The date the reporting runs up to: the latest source date as written (``2023-11``, ``2023-10-14``);
    without dated sources, the latest reported leg date as an ISO day; None when neither exists.

    A source is what was reported when; a leg's date is when something moved, which may be earlier
    than the latest report about it.
    """
    from routes.dates import parse_when

    dated = []
    for src in analysis.case.sources:
        try:
            w = parse_when(src.date) if src.date else None
        except (ValueError, RoutemapError):
            w = None
        if w is not None and w.end is not None:
            dated.append((w.end, str(src.date)))
    if dated:
        return max(dated)[1]
    ends = [w.end for leg in analysis.case.legs() for w in (leg.depart, leg.arrive) if w is not None and w.end is not None]
    if not ends:
        return None
    return (max(ends) - dt.timedelta(microseconds=1)).date().isoformat()


# ---------------------------------------------------------------- tiles

def tile_layer(name: str) -> dict[str, Any]:
    """URL template and attribution of an xyzservices tile provider (e.g. ``OpenStreetMap``, ``CartoDB.Positron``)."""
    import warnings

    import xyzservices.providers as providers

    p: Any = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            p = providers.query_name(name)
        except ValueError:
            group = {k.lower(): v for k, v in providers.items()}.get(name.strip().lower())
            if group is not None and "TileProvider" not in type(group).__name__ and len(group):
                p = group[next(iter(group))]   # e.g. OpenStreetMap -> OpenStreetMap.Mapnik
    if p is None:
        raise InputError(
            f"--tiles {name!r}: unknown tile provider; use an xyzservices name such as "
            f"OpenStreetMap, OpenStreetMap.Mapnik, CartoDB.Positron, Esri.WorldImagery"
        )
    if p.requires_token():
        raise InputError(f"--tiles {name!r}: this provider needs an API key; choose one without, e.g. OpenStreetMap or CartoDB.Positron")
    return {"name": str(p.name), "url": p.build_url(), "attribution": p.html_attribution, "maxZoom": int(p.get("max_zoom", 19))}


# ---------------------------------------------------------------- the page

def _payload(analysis: Analysis, *, tiles: str | None, tracks: Any = None) -> dict[str, Any]:
    from .basemap import countries_geojson

    case = analysis.case
    src_index = {s.id: i for i, s in enumerate(case.sources)}
    # only http(s) URLs become links; any other URL is shown as plain text ("x")
    sources = [{"t": s.title, "p": s.publisher, "d": s.date, "u": safe_url(s.url),
                "x": s.url if s.url and not safe_url(s.url) else None} for s in case.sources]

    lons = [p.lon for leg in case.legs() for p in (leg.origin, leg.destination)] + [p.lon for p in case.places]
    centre = centre_lon(lons)
    countries_geojson()     # the basemap (kept: lru_cache) and the display lines first, before the page's temporaries
    warm(analysis, centre)

    big = len(case.shipments) > MAX_LISTED_SHIPMENTS
    shipments: list[dict[str, Any]] = []
    places: dict[str, Place] = {}
    for s in case.shipments:
        ls = style.leg_style(s.legs[0].mode if s.legs else "unknown", s.status)
        shipments.append({
            "id": s.id, "title": s.title, "status": s.status, "confidence": s.confidence,
            "cargo": s.cargo, "quantity": quantity_text(s), "n": len(s.legs), "colour": ls.colour,
        })
        for leg in s.legs:
            for p in (leg.origin, *leg.via, leg.destination):
                places.setdefault(p.id, p)
    for p in case.places:
        places.setdefault(p.id, p)

    # the map's bounds: the legs' drawn points (taken while the legs are written), then these
    bounds: list[tuple[float, float]] = []
    place_list = []
    for p in places.values():
        lon = near_lon(p.lon, centre)
        bounds.append((lon, p.lat))
        place_list.append({
            "n": p.name, "k": p.kind, "la": round(p.lat, DECIMALS) + 0.0, "lo": lon,
            "u": p.uncertainty_km if p.approximate else None, "src": p.source or None, "co": p.country,
            "no": p.notes, "pos": f"{abs(p.lat):.4f}°{'N' if p.lat >= 0 else 'S'}, {abs(p.lon):.4f}°{'E' if p.lon >= 0 else 'W'}",
            "colour": style.kind_colour(p.kind),
        })

    sightings = []
    verdict_of = {v.claim_id: v for v in analysis.verdicts if v.kind == "sighting"}
    for s in case.shipments:
        for x in s.sightings:
            lon = near_lon(x.place.lon, centre)
            bounds.append((lon, x.place.lat))
            v = verdict_of.get(f"sighting:{x.key}")
            sightings.append({"n": x.place.name, "la": round(x.place.lat, DECIMALS) + 0.0, "lo": lon, "s": s.title,
                              "d": when_text(x.when), "k": x.kind, "no": x.notes,
                              "src": src_index.get(x.source) if x.source else None,
                              "v": v.verdict if v else None, "vd": v.detail if v else None})
    observed = None
    if tracks is not None:
        from .tracks import observed_payload

        observed = observed_payload(tracks, centre)
        bounds.extend((lo, la) for line in observed["lines"] for la, lo in line["c"])

    verdicts = []
    for v in analysis.verdicts:
        # speed/plausibility lines are the leg itself, already drawn: only measured lines get a layer
        c = latlngs(display_line(v.coords, centre)) if v.has_line and v.kind not in LEG_CHECKS else []
        verdicts.append({"id": v.claim_id, "kind": v.kind, "verdict": v.verdict, "claimed": v.claimed,
                         "computed": v.computed, "method": v.method, "detail": v.detail, "c": c})

    extent = Extent()
    view: dict[str, Any] = {}

    def framed(key: str) -> Later:
        """A member computed once the legs are written (their points are in ``extent``)."""
        def value() -> Any:
            if not view:
                view.update(_view(extent, bounds))
            return view[key]
        return Later(value)

    days: list[Any] = [d for leg in case.legs() for d in leg_days(leg) if d is not None]
    time = {"min": int(math.floor(min(days))), "max": int(math.ceil(max(days))) - 1} if days else None
    if time and time["max"] < time["min"]:
        time["max"] = time["min"]

    return {
        "shipments": shipments, "legs": leg_entries(analysis, centre, big, extent), "places": place_list,
        "sources": sources, "verdicts": verdicts, "sightings": sightings, "observed": observed,
        "bounds": framed("bounds"), "centre": framed("centre"), "shifts": framed("shifts"), "countries": framed("countries"),
        "basemap": countries_geojson(), "time": time, "permanentLabels": len(place_list) <= PERMANENT_LABELS_MAX,
        "maxListed": MAX_LISTED_SHIPMENTS,
        "tiles": tile_layer(tiles) if tiles else None, "credits": CREDITS,
        "colours": {"land": style.LAND, "border": style.BORDER, "claim": style.CLAIM_LINE},
        "claimStyle": {"dash": style.CLAIM_STYLE.dash, "width": style.CLAIM_STYLE.width, "op": style.CLAIM_STYLE.opacity},
    }


def _view(extent: Extent, more: list[tuple[float, float]]) -> dict[str, Any]:
    """The page's bounds, centre, world copies and country labels, from the legs' extent and ``more`` points."""
    from .basemap import labels

    extent.add(more)
    if extent.west is not None and extent.east is not None and extent.south is not None and extent.north is not None:
        west, south, east, north = extent.west, extent.south, extent.east, extent.north
    else:
        west, south, east, north = -20.0, -10.0, 60.0, 60.0
    shifts = [0.0] + ([360.0] if east > 180 else []) + ([-360.0] if west < -180 else [])
    pad_x, pad_y = max(2.0, (east - west) * 0.15), max(2.0, (north - south) * 0.15)
    country_labels = labels((west - pad_x, max(-85.0, south - pad_y), east + pad_x, min(85.0, north + pad_y)))
    return {"bounds": [[south, west], [north, east]], "centre": round((west + east) / 2.0, DECIMALS) + 0.0,
            "shifts": shifts, "countries": [list(c) for c in country_labels]}


def _legend(analysis: Analysis) -> dict[str, Any]:
    """The legend's rows for the template: line samples (modes, statuses), place kinds, claim lines."""
    modes = [leg.mode for leg in analysis.case.legs()] or ["unknown"]
    statuses = [sh.status for sh in analysis.case.shipments] or ["reported"]
    claims = any(v.coords and v.kind not in LEG_CHECKS for v in analysis.verdicts)

    def rows(entries: Sequence[style.LegendLine]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        section = None
        for entry in entries:
            if entry.section != section and entry.section != "Claims":
                section = entry.section
                out.append({"section": section})
            look = {"colour": entry.look.colour, "width": entry.look.width, "opacity": entry.look.opacity,
                    "dash": entry.look.dash, "round": entry.look is style.CLAIM_STYLE}
            out.append({"section": None, "look": look, "label": entry.label})
        return out

    kinds = {p.kind for leg in analysis.case.legs() for p in (leg.origin, *leg.via, leg.destination)} | {p.kind for p in analysis.case.places}
    used = {style.kind_colour(k) for k in kinds}
    return {
        "lines": rows([e for e in style.legend_lines(modes, statuses, claims) if e.section != "Claims"]),  # claims last
        "kinds": [(style.kind_colour(kind), label) for kind, label in style.KIND_LEGEND if style.kind_colour(kind) in used],
        "other": style.DEFAULT_KIND_COLOUR in used,
        "claims": rows(style.legend_lines((), (), claims)),
    }


def _time(time: dict[str, int] | None) -> dict[str, Any] | None:
    """The time slider's range: days since 1970 and the first and last dated day."""
    if not time:
        return None
    epoch = dt.date(1970, 1, 1)
    return {**time, "first": (epoch + dt.timedelta(days=time["min"])).isoformat(),
            "last": (epoch + dt.timedelta(days=time["max"])).isoformat()}


def render_html(analysis: Analysis, *, banner: str | None = None, tiles: str | None = None,
                briefing_date: str | None = None, tracks: Any = None) -> str:
    """The briefing map of ``analysis`` as one self-contained HTML page (str).

    ``banner``: a marking line shown at the top and bottom (e.g. "UNCLASSIFIED // FOR BRIEFING").
    ``tiles``: an xyzservices provider name adding online tiles (the only case the page makes requests).
    ``briefing_date``: YYYY-MM-DD shown in the title block; without it the page names the
    case's latest reported date, so the output depends only on the input.
    ``tracks``: a :class:`routes.tracks.engine.TrackResult` (``routemap map --tracks``) drawn beside the
    declared legs: observed tracks, dark gaps dashed, events as markers with their times.
    """
    return "".join(_page(analysis, banner=banner, tiles=tiles, briefing_date=briefing_date, tracks=tracks))


def _page(analysis: Analysis, *, banner: str | None = None, tiles: str | None = None,
          briefing_date: str | None = None, tracks: Any = None) -> Iterator[str]:
    """The text of :func:`render_html` in pieces (the case's data object member by member)."""
    from .assets import asset_text, leaflet_css, leaflet_js
    from .template import Streamed, chunks

    if briefing_date is not None:
        if not _ISO_DAY.match(briefing_date):
            raise InputError(f"briefing date {briefing_date!r} is not YYYY-MM-DD; give e.g. 2023-10-14")
        try:
            dt.date.fromisoformat(briefing_date)
        except ValueError:
            raise InputError(f"briefing date {briefing_date!r} is not a real calendar date; give e.g. 2023-10-14") from None
    data = _payload(analysis, tiles=tiles, tracks=tracks)
    case = analysis.case
    return chunks(
        "briefing.html.j2", title=case.title, banner=banner, tiles=bool(tiles), briefing_date=briefing_date,
        latest=None if briefing_date else latest_date(analysis),
        n_shipments=len(case.shipments), n_legs=sum(len(s.legs) for s in case.shipments), claims=analysis.verdicts, legend=_legend(analysis),
        colours=style.LEGEND_MARKS, time=_time(data["time"]), data=Streamed(data),
        leaflet_css=leaflet_css(), leaflet_js=leaflet_js(), css=asset_text("briefing.css"), js=asset_text("briefing.js"),
    )


def write_html(analysis: Analysis, path: str | os.PathLike[str], **kw: Any) -> None:
    """Write :func:`render_html` of ``analysis`` to ``path`` atomically (UTF-8), streamed: the page is
    never one string in memory. Keywords as render_html."""
    pieces = _page(analysis, **kw)     # checked and gathered before the file is opened
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as f:
        for piece in pieces:
            f.write(piece)
