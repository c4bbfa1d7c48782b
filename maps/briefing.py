"""The briefing map: one self-contained, offline, deterministic HTML file made from an Analysis.

The page is written from our own template (not folium): Leaflet's JS and CSS
are inlined from the installed ``xstatic-leaflet`` package (``maps.assets``),
the basemap is Natural Earth vectors (``maps.basemap``), and the case is one
JSON object drawn by our own small script (``maps.client``). So the saved page
makes no network request (unless ``tiles`` asks for online tiles), the same
input gives a byte-identical file, and text from the case file is escaped
once, in one place: ``html.escape`` for the server-written parts and
``textContent`` in the browser for the rest.

Route coordinates are (lon, lat) in the core; they are flipped to Leaflet's
(lat, lon) only in :func:`_latlngs`.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import math
import os
import re
from typing import Any, Iterable, Sequence
from urllib.parse import urlsplit

from geodata.atomic import atomic_write
from geodata.errors import InputError, RoutemapError
from geodata.place import Place
from routes.dates import When
from routes.geodesy import densify, line_length_m, unwrap, wrap_lon
from routes.model import LEG_CHECKS, Analysis, Leg, Route, Shipment, Verdict

from . import style

#: lines with more points than this are simplified for display (Douglas–Peucker, degrees)
SIMPLIFY_ABOVE = 200
SIMPLIFY_TOLERANCE_DEG = 0.01
DECIMALS = 5
#: at most this many places get permanent name labels (hover tooltips otherwise)
PERMANENT_LABELS_MAX = 60
#: the layer control lists each shipment up to this many; above, one switch per status
MAX_LISTED_SHIPMENTS = 150
#: verdict kinds about a whole leg (their line is the leg's route, drawn already)

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
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------- escaping

def js_literal(value: Any) -> str:
    """JSON for an inline ``<script>``: ``<``, ``>``, ``&`` and U+2028/2029 escaped.

    The result is valid JSON and valid JavaScript and cannot close the script
    element or open an HTML comment.

    >>> js_literal({"t": "</script><!--"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


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


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- geometry for display

def display_line(coords: Sequence[tuple[float, float]], centre_lon: float = 0.0) -> list[tuple[float, float]]:
    """A leg's (lon, lat) line made ready for display: unwrapped, shifted near ``centre_lon``,
    simplified when long, rounded to 5 decimals (~1 m).

    Display only — every length is computed from the full geometry elsewhere.

    >>> display_line([(179.5, 50.0), (-179.5, 50.0)], centre_lon=170)
    [(179.5, 50.0), (180.5, 50.0)]
    """
    pts = unwrap(coords)
    if len(pts) > SIMPLIFY_ABOVE:
        import numpy as np
        import shapely

        # vectorised (building a LineString from a list of tuples goes point by point)
        line = shapely.simplify(shapely.linestrings(np.asarray(pts, dtype="float64")), SIMPLIFY_TOLERANCE_DEG,
                                preserve_topology=False)
        pts = [tuple(p) for p in shapely.get_coordinates(line).tolist()]
    if pts:
        mean = sum(p[0] for p in pts) / len(pts)
        shift = 360.0 * round((centre_lon - mean) / 360.0)
        pts = [(p[0] + shift, p[1]) for p in pts]
    out: list[tuple[float, float]] = []
    for lon, lat in pts:
        p = (round(lon, DECIMALS) + 0.0, round(lat, DECIMALS) + 0.0)
        if not out or out[-1] != p:
            out.append(p)
    if len(out) == 1:
        out.append(out[0])
    return out


def _near(lon: float, centre_lon: float) -> float:
    return round(centre_lon + wrap_lon(lon - centre_lon), DECIMALS) + 0.0


def _latlngs(line: Iterable[tuple[float, float]]) -> list[list[float]]:
    """(lon, lat) → Leaflet's [lat, lon]."""
    return [[lat, lon] for lon, lat in line]


def _merc_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def arrows(line: Sequence[tuple[float, float]], fractions: Sequence[float] = (0.5,)) -> list[list[float]]:
    """Direction arrows along a display line: ``[lat, lon, angle]`` at each fraction of its drawn length.

    ``angle`` is the screen rotation in degrees (0 = east, 90 = south), measured
    in Web Mercator, which is conformal, so it holds at every zoom.

    >>> arrows([(0.0, 0.0), (10.0, 0.0)])
    [[0.0, 5.0, 0.0]]
    >>> arrows([(0.0, 0.0), (0.0, 10.0)])[0][2]
    -90.0
    """
    xy = [(lon, _merc_y(lat)) for lon, lat in line]
    seg = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(xy, xy[1:], strict=False)]
    total = sum(seg)
    if total <= 0:
        return []
    out = []
    for f in fractions:
        target, acc = f * total, 0.0
        for i, s in enumerate(seg):
            if acc + s >= target and s > 0:
                t = (target - acc) / s
                (lon1, lat1), (lon2, lat2) = line[i], line[i + 1]
                (x1, y1), (x2, y2) = xy[i], xy[i + 1]
                angle = math.degrees(math.atan2(-(y2 - y1), x2 - x1))
                angle = 180.0 if round(angle, 1) <= -180.0 else angle
                out.append([round(lat1 + t * (lat2 - lat1), 4), round(lon1 + t * (lon2 - lon1), 4), round(angle, 1) + 0.0])
                break
            acc += s
    return out


def _centre_lon(lons: Sequence[float]) -> float:
    """Circular mean of longitudes (degrees), so a Pacific case centres near 180."""
    if not lons:
        return 0.0
    x = sum(math.cos(math.radians(v)) for v in lons)
    y = sum(math.sin(math.radians(v)) for v in lons)
    if abs(x) < 1e-12 and abs(y) < 1e-12:
        return 0.0
    return math.degrees(math.atan2(y, x))


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


def _km(value: float) -> str:
    return f"{value:,.0f} km" if value >= 10 else f"{value:,.1f} km"


def _day(t: dt.datetime | None) -> float | None:
    if t is None:
        return None
    return round((t - _EPOCH).total_seconds() / 86400.0, 4)


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

def _verdict_class(v: str) -> str:
    return "rm-v rm-v-" + v.split(" ")[0]


def _route_or_geodesic(analysis: Analysis, leg: Leg) -> tuple[tuple[tuple[float, float], ...], float, str, tuple[str, ...]]:
    try:
        r: Route = analysis.route(leg.key)
        return r.coords, r.length_km, r.method, r.warnings
    except KeyError:
        pts = list(leg.path) if leg.path else [leg.origin.lonlat, *[v.lonlat for v in leg.via], leg.destination.lonlat]
        line = densify(pts, spacing_km=50.0)
        return tuple(line), line_length_m(line) / 1000.0, "geodesic (leg not routed)", ("this leg was not routed; drawn as a geodesic",)


def _transit_text(analysis: Analysis, leg: Leg) -> str | None:
    """Countries with km, passages and border crossings of a routed leg, for its popup."""
    from routes.transit import transit_text

    try:
        t = analysis.route(leg.key).transit
    except KeyError:
        return None
    return f"{transit_text(t)} (Natural Earth 10m, German point of view)" if t is not None else None


def _crossings(analysis: Analysis, leg: Leg, centre: float) -> list[list[Any]]:
    """[lat, lon, text] of each border crossing of a routed leg, lon near the map's centre."""
    from routes.transit import crossing_text

    try:
        t = analysis.route(leg.key).transit
    except KeyError:
        return []
    if t is None:
        return []
    return [[round(c.at[1], DECIMALS), _near(c.at[0], centre), "crosses " + crossing_text(c)] for c in t.crossings]


def _payload(analysis: Analysis, *, tiles: str | None, tracks: Any = None) -> dict[str, Any]:
    from .basemap import countries_geojson, labels

    case = analysis.case
    src_index = {s.id: i for i, s in enumerate(case.sources)}
    # only http(s) URLs become links; any other URL is shown as plain text ("x")
    sources = [{"t": s.title, "p": s.publisher, "d": s.date, "u": safe_url(s.url),
                "x": s.url if s.url and not safe_url(s.url) else None} for s in case.sources]

    lons = [p.lon for leg in case.legs() for p in (leg.origin, leg.destination)] + [p.lon for p in case.places]
    centre = _centre_lon(lons)

    shipments, legs = [], []
    bounds: list[tuple[float, float]] = []
    places: dict[str, Place] = {}
    for si, s in enumerate(case.shipments):
        ls = style.leg_style(s.legs[0].mode if s.legs else "unknown", s.status)
        shipments.append({
            "id": s.id, "title": s.title, "status": s.status, "confidence": s.confidence,
            "cargo": s.cargo, "quantity": quantity_text(s), "n": len(s.legs), "colour": ls.colour,
        })
        for leg in s.legs:
            for p in (leg.origin, *leg.via, leg.destination):
                places.setdefault(p.id, p)
            coords, length_km, method, warnings = _route_or_geodesic(analysis, leg)
            line = display_line(coords, centre)
            bounds.extend(line)
            st = style.leg_style(leg.mode, s.status)
            drawn = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(line, line[1:], strict=False))
            fr = (0.5,) if drawn < 12 else ((0.25, 0.5, 0.75) if drawn < 40 else (0.125, 0.3125, 0.5, 0.6875, 0.875))
            speed = [{"claimed": v.claimed, "computed": v.computed, "verdict": v.verdict, "detail": v.detail}
                     for v in analysis.verdicts_by_leg.get(leg.key, ()) if v.kind in ("plausibility", "speed")]
            t0 = _day(leg.depart.start if leg.depart and leg.depart.start else (leg.arrive.start if leg.arrive else None))
            t1 = _day(leg.arrive.end if leg.arrive and leg.arrive.end else (leg.depart.end if leg.depart else None))
            src = [src_index[x] for x in (leg.sources or s.sources) if x in src_index]
            legs.append({
                "k": leg.key, "s": si, "i": leg.index, "label": leg.label, "mode": leg.mode,
                "via": ", ".join(v.name for v in leg.via) or None,
                "dep": when_text(leg.depart), "arr": when_text(leg.arrive), "carrier": leg.carrier,
                "len": f"{_km(length_km)} along the route", "method": method,
                "speed": speed, "warn": list(warnings), "notes": leg.notes, "src": src,
                "transit": _transit_text(analysis, leg), "x": _crossings(analysis, leg, centre),
                "t0": t0, "t1": t1,
                "colour": st.colour, "dash": st.dash, "op": st.opacity,
                "c": _latlngs(line), "a": arrows(line, fr),
            })
    for p in case.places:
        places.setdefault(p.id, p)

    place_list = []
    for p in places.values():
        lon = _near(p.lon, centre)
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
            lon = _near(x.place.lon, centre)
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
        c = _latlngs(display_line(v.coords, centre)) if len(v.coords) >= 2 and v.kind not in LEG_CHECKS else []
        verdicts.append({"id": v.claim_id, "kind": v.kind, "verdict": v.verdict, "claimed": v.claimed,
                         "computed": v.computed, "method": v.method, "detail": v.detail, "c": c})

    if bounds:
        west, east = min(b[0] for b in bounds), max(b[0] for b in bounds)
        south, north = min(b[1] for b in bounds), max(b[1] for b in bounds)
    else:
        west, south, east, north = -20.0, -10.0, 60.0, 60.0
    shifts = [0.0] + ([360.0] if east > 180 else []) + ([-360.0] if west < -180 else [])
    pad_x, pad_y = max(2.0, (east - west) * 0.15), max(2.0, (north - south) * 0.15)
    country_labels = labels((west - pad_x, max(-85.0, south - pad_y), east + pad_x, min(85.0, north + pad_y)))

    days: list[Any] = [d for g in legs for d in (g["t0"], g["t1"]) if d is not None]
    time = {"min": int(math.floor(min(days))), "max": int(math.ceil(max(days))) - 1} if days else None
    if time and time["max"] < time["min"]:
        time["max"] = time["min"]

    return {
        "shipments": shipments, "legs": legs, "places": place_list, "sources": sources, "verdicts": verdicts,
        "sightings": sightings, "observed": observed,
        "bounds": [[south, west], [north, east]], "centre": round((west + east) / 2.0, DECIMALS) + 0.0, "shifts": shifts, "countries": [list(c) for c in country_labels],
        "basemap": countries_geojson(), "time": time, "permanentLabels": len(place_list) <= PERMANENT_LABELS_MAX,
        "maxListed": MAX_LISTED_SHIPMENTS,
        "tiles": tile_layer(tiles) if tiles else None, "credits": CREDITS,
        "colours": {"land": style.LAND, "border": style.BORDER, "claim": style.CLAIM_LINE},
        "claimStyle": {"dash": style.CLAIM_STYLE.dash, "width": style.CLAIM_STYLE.width, "op": style.CLAIM_STYLE.opacity},
    }


def _legend_html(analysis: Analysis) -> str:
    modes = [leg.mode for leg in analysis.case.legs()] or ["unknown"]
    statuses = [sh.status for sh in analysis.case.shipments] or ["reported"]
    claims = any(v.coords and v.kind not in LEG_CHECKS for v in analysis.verdicts)
    rows = []

    def line_svg(look: style.LineStyle) -> str:
        d = f' stroke-dasharray="{_e(look.dash)}"' if look.dash else ""
        cap = ' stroke-linecap="round"' if look is style.CLAIM_STYLE else ""
        return (f'<svg width="44" height="10"><line x1="2" y1="5" x2="42" y2="5" stroke="{_e(look.colour)}" '
                f'stroke-width="{look.width:g}" stroke-opacity="{look.opacity:g}"{d}{cap}/></svg>')

    section = None
    for entry in style.legend_lines(modes, statuses, claims):
        if entry.section == "Claims":
            continue           # listed after the places, as before
        if entry.section != section:
            section = entry.section
            rows.append(f"<tr><td colspan=2><h4>{_e(section)}</h4></td></tr>")
        rows.append(f"<tr><td>{line_svg(entry.look)}</td><td>{_e(entry.label)}</td></tr>")
    rows.append("<tr><td colspan=2><h4>Places</h4></td></tr>")
    kinds = {p.kind for leg in analysis.case.legs() for p in (leg.origin, *leg.via, leg.destination)} | {p.kind for p in analysis.case.places}
    for kind, label in style.KIND_LEGEND:
        colour = style.kind_colour(kind)
        if any(style.kind_colour(k) == colour for k in kinds):
            rows.append(f'<tr><td><svg width="36" height="12"><circle cx="18" cy="6" r="5" fill="{colour}" stroke="#fff" '
                        f'stroke-width="1.5"/></svg></td><td>{_e(label)}</td></tr>')
    if any(style.kind_colour(k) == style.DEFAULT_KIND_COLOUR for k in kinds):
        rows.append(f'<tr><td><svg width="36" height="12"><circle cx="18" cy="6" r="5" fill="{style.DEFAULT_KIND_COLOUR}"/></svg></td><td>other place</td></tr>')
    rows.append('<tr><td><svg width="36" height="14"><circle cx="18" cy="7" r="6" fill="#666" fill-opacity=".1" stroke="#666" '
                'stroke-dasharray="3 3"/></svg></td><td>position uncertain (radius)</td></tr>')
    rows.append('<tr><td><svg width="36" height="12"><path d="M12 1 L26 6 L12 11 L15 6 Z" fill="#333"/></svg></td><td>direction of travel</td></tr>')
    for entry in style.legend_lines((), (), claims):
        rows.append(f"<tr><td>{line_svg(entry.look)}</td><td>{_e(entry.label)}</td></tr>")
    return '<div id="rm-legend" class="rm-box" style="display:none"><table>' + "".join(rows) + "</table></div>"


def _claims_html(verdicts: Sequence[Verdict]) -> str:
    if not verdicts:
        return ""
    rows = []
    for i, v in enumerate(verdicts):
        rows.append(
            f'<tr data-i="{i}"><td>{_e(v.claim_id)}</td><td>{_e(v.claimed)}</td><td>{_e(v.computed)}</td>'
            f'<td><span class="{_e(_verdict_class(v.verdict))}">{_e(v.verdict)}</span>'
            + (f"<br><small>{_e(v.detail)}</small>" if v.detail else "")
            + f"</td><td><small>{_e(v.method)}</small></td></tr>"
        )
    bad = sum(1 for v in verdicts if v.verdict == "inconsistent")
    open_attr = " open" if len(verdicts) <= 4 else ""
    return (
        f'<div id="rm-claims" class="rm-box" style="display:none"><details{open_attr}><summary>Claims checked: {len(verdicts)}'
        f" ({bad} inconsistent)</summary><table><thead><tr><th>Claim</th><th>Claimed</th><th>Computed</th><th>Verdict</th>"
        f"<th>Method</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details></div>"
    )


def _time_html(time: dict[str, int] | None) -> str:
    if not time:
        return ""
    first = dt.date(1970, 1, 1) + dt.timedelta(days=time["min"])
    last = dt.date(1970, 1, 1) + dt.timedelta(days=time["max"])
    return (
        '<div id="rm-time" class="rm-box" style="display:none"><h4>Time</h4>'
        '<label><input type="checkbox"> show what had moved by</label> <span class="rm-date"></span><br>'
        f'<input type="range" min="{time["min"]}" max="{time["max"]}" step="1" value="{time["max"]}" '
        f'aria-label="date">'
        f'<div class="rm-note">Dated legs from {first.isoformat()} to {last.isoformat()}.</div></div>'
    )


MEASURE_HTML = (
    '<div id="rm-measure" class="rm-box" style="display:none">'
    '<button type="button" class="rm-toggle">Measure distance</button> <button type="button" class="rm-clear">Clear</button>'
    '<div class="rm-out"></div>'
    '<div class="rm-note">Great-circle distance on a sphere (R = 6,371 km): approximate, within about 0.5%. '
    'Figures in popups and claims are WGS84 ellipsoid values.</div></div>'
)


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
    from .assets import leaflet_css, leaflet_js
    from .client import CSS, JS

    if briefing_date is not None:
        if not _ISO_DAY.match(briefing_date):
            raise InputError(f"briefing date {briefing_date!r} is not YYYY-MM-DD; give e.g. 2023-10-14")
        try:
            dt.date.fromisoformat(briefing_date)
        except ValueError:
            raise InputError(f"briefing date {briefing_date!r} is not a real calendar date; give e.g. 2023-10-14") from None
    data = _payload(analysis, tiles=tiles, tracks=tracks)
    case = analysis.case
    if briefing_date:
        when = f"Briefing date: {_e(briefing_date)}"
    else:
        latest = latest_date(analysis)
        when = f"Reporting up to {_e(latest)}" if latest else "Undated reporting"
    n_legs = len(data["legs"])
    mark = f'<div class="rm-mark">{_e(banner)}</div>' if banner else ""
    title_block = (
        f'<div id="rm-title" class="rm-box" style="display:none">{mark}<h1>{_e(case.title)}</h1>'
        f'<div class="rm-meta">{when} · {len(case.shipments)} shipment{"s" * (len(case.shipments) != 1)}, '
        f'{n_legs} leg{"s" * (n_legs != 1)} · routes and positions are assessments; see each popup</div></div>'
    )
    banner_top = f'<div class="rm-banner" role="note">{_e(banner)}</div>' if banner else ""
    banner_bottom = f'<div class="rm-banner rm-bottom" role="note">{_e(banner)}</div>' if banner else ""
    if "</script" in JS.lower() or "<!--" in JS:
        raise AssertionError("client JS must not contain '</script' or '<!--'")
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="routemap">\n',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data:" + (" https: http:" if tiles else "") + "\">\n",
        f"<title>{_e(case.title)}</title>\n",
        "<style>\n", leaflet_css(), "\n</style>\n<style>", CSS, "</style>\n",
        "<script>\n", leaflet_js(), "\n</script>\n</head>\n<body>\n",
        banner_top, '\n<div id="map" role="application" aria-label="briefing map"></div>\n', banner_bottom, "\n",
        title_block, "\n", MEASURE_HTML, "\n", _claims_html(analysis.verdicts), "\n", _legend_html(analysis), "\n",
        _time_html(data["time"]), "\n",
        "<noscript><p>This briefing map needs JavaScript (it is inline; nothing is downloaded).</p></noscript>\n",
        "<script>window.ROUTEMAP_DATA = ", js_literal(data), ";</script>\n",
        "<script>", JS, "</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def write_html(analysis: Analysis, path: str | os.PathLike[str], **kw: Any) -> None:
    """Write :func:`render_html` of ``analysis`` to ``path`` atomically (UTF-8). Keywords as render_html."""
    page = render_html(analysis, **kw)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(page)
