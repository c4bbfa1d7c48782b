"""A static map of a case for slides: PNG, SVG or PDF with matplotlib (Agg) on Natural Earth.

Legend, title (and marking banner), a scale bar sized geodesically at the map
centre, a north arrow, and place labels placed greedily so they do not
overlap (:mod:`maps.labels`: a grid index and a budget of labels; the case's
own and claimed places first, then by kind and by how many legs use them; a
label that cannot be placed without overlap is left out, lower priority
first). Drawn in an equirectangular view with the aspect corrected for the
centre latitude; display only — no figure is measured on it.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any, Sequence

from geodata.base.atomic import atomic_path
from geodata.base.errors import InputError
from geodata.base.geodesy import GEOD, wrap_lon
from routes.verdict import LEG_CHECKS, Analysis

from . import style
from .briefing import DATA_CREDITS, latest_date
from .display import centre_lon, display_line, route_or_geodesic

FORMATS = (".png", ".svg", ".pdf")
#: place kinds labelled first when space is short
_KIND_PRIORITY = {"port": 0, "depot": 0, "military_base": 0, "cosmodrome": 0, "border_crossing": 1, "rail_station": 2,
                  "city": 1, "town": 3}


def _t(text: str) -> str:
    """User text made literal for matplotlib (a ``$`` would start mathtext).

    >>> print(_t("$5m deal"))
    \\$5m deal
    """
    return str(text).replace("$", r"\$")


def _nice_km(target: float) -> float:
    """A round scale-bar length (1, 2, 5 × 10^n km) not above ``target``.

    >>> _nice_km(730), _nice_km(180), _nice_km(0.3)
    (500.0, 100.0, 0.2)
    """
    exp = 10 ** math.floor(math.log10(target))
    for m in (5, 2, 1):
        if m * exp <= target:
            return float(m * exp)
    return float(exp)


Extent = tuple[float, float, float, float]


def parse_extent(text: str) -> Extent:
    """``--extent WEST,SOUTH,EAST,NORTH`` in degrees (west > east crosses the antimeridian); InputError otherwise.

    >>> parse_extent("120, 35, 140, 48"), parse_extent("170,50,-150,66")
    ((120.0, 35.0, 140.0, 48.0), (170.0, 50.0, -150.0, 66.0))
    """
    how = "give --extent WEST,SOUTH,EAST,NORTH in degrees, e.g. 125,38,136,46 (west > east crosses ±180°)"
    try:
        w, s_, e, n = (float(x) for x in str(text).split(","))
    except ValueError:
        raise InputError(f"--extent {text!r}: not four numbers; {how}") from None
    if not all(math.isfinite(v) for v in (w, s_, e, n)):
        raise InputError(f"--extent {text!r}: not finite numbers; {how}")
    if not (-180 <= w <= 180 and -180 <= e <= 180):
        raise InputError(f"--extent {text!r}: longitudes must be within -180..180; {how}")
    if not (-85 <= s_ < n <= 85):
        raise InputError(f"--extent {text!r}: latitudes must run south < north within -85..85; {how}")
    if w == e:
        raise InputError(f"--extent {text!r}: west and east are the same; {how}")
    return (w, s_, e, n)


def _extent_view(extent: Extent, centre: float) -> tuple[float, float, float, float, float]:
    """(west, south, east, north, centre) of ``extent`` in the display's continuous longitudes."""
    w, s_, e, n = extent
    width = (e - w) % 360.0
    mid = wrap_lon(w + width / 2.0)
    west = mid - width / 2.0
    return west, s_, west + width, n, mid


def _title(fig: Any, text: str, renderer: Any) -> float:
    """Draw the title so it fits the figure's width: smaller type (13 → 9 pt), then two lines.
    Returns the figure y (fraction) below it, where the subtitle goes."""
    import textwrap

    limit = fig.bbox.width * 0.96
    for size in (13, 12, 11, 10, 9):
        t = fig.text(0.02, 0.955, _t(text), fontsize=size, fontweight="bold", va="top")
        if t.get_window_extent(renderer).width <= limit:
            return 0.915
        t.remove()
    for width in range(len(text) // 2 + 8, 10, -4):
        lines = textwrap.wrap(text, width)[:2]
        if len(lines) == 2 and textwrap.wrap(text, width)[2:]:
            lines[1] = lines[1][:-1] + "…"
        t = fig.text(0.02, 0.965, _t("\n".join(lines)), fontsize=9.5, fontweight="bold", va="top", linespacing=1.1)
        if t.get_window_extent(renderer).width <= limit:
            return 0.91
        t.remove()
    fig.text(0.02, 0.965, _t(text[:80] + "…"), fontsize=9, fontweight="bold", va="top")
    return 0.915


def _basemap(west: float, south: float, east: float, north: float) -> Any:
    """Natural Earth land as a PatchCollection for a view (copies shifted by 360° where it runs past ±180°)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Polygon as MplPolygon

    from .basemap import countries_geojson

    patches = []
    shifts = [0.0] + ([360.0] if east > 180 else []) + ([-360.0] if west < -180 else [])
    for f in countries_geojson()["features"]:
        for poly in f["geometry"]["coordinates"]:
            ring = poly[0]
            for shift in shifts:
                xs = [x + shift for x, _ in ring]
                if max(xs) < west - 5 or min(xs) > east + 5:
                    continue
                ys = [y for _, y in ring]
                if max(ys) < south - 5 or min(ys) > north + 5:
                    continue
                patches.append(MplPolygon(list(zip(xs, ys, strict=True)), closed=True))
    return PatchCollection(patches, facecolor=style.LAND, edgecolor=style.BORDER, linewidth=0.4, zorder=1)


#: a cluster is at least this many places within this fraction of the map's width of each other
CLUSTER_MIN_PLACES = 3
CLUSTER_FRACTION = 0.03


def dense_cluster(points: Sequence[tuple[float, float]], view: Extent) -> Extent | None:
    """The box (west, south, east, north, display degrees) of the densest cluster of places that would be
    unreadable at the scale of ``view``: ≥ 3 places in a square 3% of the map's width wide, centred on one. None when
    there is none, or the map is already zoomed in (narrower than 12°). One pass per place: O(n²) for the
    few dozen places a case has.

    >>> dense_cluster([(130.3, 42.2), (130.6, 42.4), (130.9, 42.8), (40.1, 45.9)], (30.0, 30.0, 140.0, 60.0))
    (129.8, 41.7, 131.4, 43.3)
    >>> dense_cluster([(130.3, 42.2), (133.0, 42.4), (135.9, 42.8)], (30.0, 30.0, 140.0, 60.0)) is None
    True
    >>> dense_cluster([(130.3, 42.2), (40.1, 45.9)], (30.0, 30.0, 140.0, 60.0)) is None
    True
    """
    west, _, east, _ = view
    width = east - west
    if width < 12.0 or len(points) < CLUSTER_MIN_PLACES:
        return None
    r = width * CLUSTER_FRACTION
    best: list[tuple[float, float]] = []
    for x0, y0 in points:
        near = [(x, y) for x, y in points if abs(x - x0) <= r / 2 and abs(y - y0) <= r / 2]
        if len(near) > len(best):
            best = near
    if len(best) < CLUSTER_MIN_PLACES:
        return None
    cx, cy = sum(p[0] for p in best) / len(best), sum(p[1] for p in best) / len(best)
    best = [(x, y) for x, y in points if abs(x - cx) <= r and abs(y - cy) <= r]     # and the neighbours around it
    xs, ys = [p[0] for p in best], [p[1] for p in best]
    pad = max(0.5, 0.25 * max(max(xs) - min(xs), max(ys) - min(ys)))
    return (round(min(xs) - pad, 6), round(min(ys) - pad, 6), round(max(xs) + pad, 6), round(max(ys) + pad, 6))


def _inset(fig: Any, ax: Any, box: Extent, lines: list, places: Any, centre: float, renderer: Any) -> Any:
    """A zoomed inset of ``box`` in the emptiest top corner of the map, its area outlined on the map."""
    from matplotlib.patches import Rectangle

    west, south, east, north = box
    lat0 = (south + north) / 2
    aspect = 1.0 / max(0.2, math.cos(math.radians(lat0)))
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    pts = [p for _, _, line in lines for p in line] + [(centre + wrap_lon(p.lon - centre), p.lat) for p in places]

    w_f, h_f = 0.28, 0.4       # inset size, fractions of the map

    def load(fx: float, fy: float) -> int:     # data under a candidate position, and the cluster itself
        xa, xb = x0 + (x1 - x0) * fx, x0 + (x1 - x0) * (fx + w_f)
        ya, yb = y0 + (y1 - y0) * fy, y0 + (y1 - y0) * (fy + h_f)
        under = sum(1 for x, y in pts if xa <= x <= xb and ya <= y <= yb)
        return under + (10_000 if xa < east and xb > west and ya < north and yb > south else 0)

    # candidate spots clear of the scale bar (bottom left), the legend (bottom right) and the north arrow
    spots = [(fx, fy) for fy in (0.57, 0.34, 0.12) for fx in (0.015, 0.18, 0.36, 0.52, 0.66)
             if not (fx > 0.5 and fy < 0.4)]
    fx, fy = min(spots, key=lambda c: load(*c))
    pos = ax.get_position()
    iax = fig.add_axes((pos.x0 + pos.width * fx, pos.y0 + pos.height * fy, pos.width * w_f, pos.height * h_f))
    # widen the box to the inset's shape, so it shows more around the cluster rather than shrinking
    shape = (iax.bbox.width / iax.bbox.height) * aspect          # degrees of lon per degree of lat on screen
    if (east - west) / (north - south) < shape:
        grow = ((north - south) * shape - (east - west)) / 2
        west, east = west - grow, east + grow
    else:
        grow = ((east - west) / shape - (north - south)) / 2
        south, north = south - grow, north + grow
    iax.set_facecolor(style.WATER)
    iax.add_collection(_basemap(west, south, east, north))
    for leg, s, line in lines:
        st = style.leg_style(leg.mode, s.status)
        (ln,) = iax.plot([p[0] for p in line], [p[1] for p in line], color=st.colour, alpha=st.opacity, linewidth=1.8, zorder=4)
        if st.mpl_dashes:
            ln.set_dashes(st.mpl_dashes)
    iax.set_xlim(west, east)
    iax.set_ylim(south, north)
    iax.set_aspect(aspect, adjustable="box")
    # places within a few pixels of each other (a bridge at its town) share one label, names stacked
    groups: list[tuple[float, float, list[str]]] = []
    span = max(east - west, 1e-9) / max(iax.bbox.width, 1.0)          # degrees per pixel
    for p in sorted(places, key=lambda q: (-q.lat, q.name)):
        x = centre + wrap_lon(p.lon - centre)
        if west <= x <= east and south <= p.lat <= north:
            iax.plot([x], [p.lat], marker="o", markersize=5, color=style.kind_colour(p.kind), markeredgecolor="white", zorder=6)
            near = next((g for g in groups if abs(g[0] - x) < 14 * span and abs(g[1] - p.lat) < 14 * span / aspect), None)
            if near is None:
                groups.append((x, p.lat, [p.name]))
            else:
                near[2].append(p.name)
    for i, (x, y, names) in enumerate(groups):
        left = i % 2 == 1 and x > (west + east) / 2       # alternate sides where the right would leave the inset
        iax.annotate(_t("\n".join(names)), (x, y), xytext=(-5 if left else 5, 2), textcoords="offset points",
                     ha="right" if left else "left", fontsize=6.5, zorder=7, clip_on=True,
                     bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    iax.set_xticks([])
    iax.set_yticks([])
    for spine in iax.spines.values():
        spine.set_edgecolor(style.INK)
    iax.set_title("inset", fontsize=7, loc="left", pad=2)
    ax.add_patch(Rectangle((west, south), east - west, north - south, fill=False, edgecolor=style.INK, linewidth=0.8, zorder=8))
    return iax


def _legend(ax: Any, modes: list[str], statuses: list[str], claims: bool) -> None:
    """The legend from :func:`maps.style.legend_lines`, samples long enough to show each dash pattern."""
    from matplotlib.lines import Line2D

    handles = []
    for entry in style.legend_lines(modes, statuses, claims):
        look = entry.look
        h = Line2D([], [], color=look.colour, alpha=look.opacity, linewidth=2.0 if entry.section != "Claims" else 1.2,
                   label="measured claim" if entry.section == "Claims" else entry.label,
                   solid_capstyle="butt", dash_capstyle="round" if entry.section == "Claims" else "butt")
        if look.mpl_dashes:
            h.set_dashes(look.mpl_dashes)
        handles.append(h)
    handles.append(Line2D([], [], marker="o", linestyle="", color=style.PLACE_SAMPLE, markeredgecolor="white", label="place"))
    ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.9, title="mode / status", title_fontsize=7,
              handlelength=5.0)


def _label_order(analysis: Analysis, places: dict[str, Any]) -> list[Any]:
    """The places, most worth a label first: the case's own and claimed places, then by kind, use count, name."""
    own = {p.id for p in analysis.case.places}
    claimed = {pt for v in analysis.verdicts if v.kind not in LEG_CHECKS and v.coords for pt in (v.coords[0], v.coords[-1])}
    uses: dict[str, int] = {}
    for leg in analysis.case.legs():
        for p in (leg.origin, *leg.via, leg.destination):
            uses[p.id] = uses.get(p.id, 0) + 1
    return sorted(places.values(), key=lambda p: (
        0 if p.id in own or p.lonlat in claimed else 1, _KIND_PRIORITY.get(p.kind, 2), -uses.get(p.id, 0), p.name))


def _draw_labels(fig: Any, ax: Any, ordered: Sequence[Any], centre: float) -> None:
    """Label ``ordered`` places without overlap; each text is measured once, only placed labels are drawn."""
    from matplotlib.font_manager import FontProperties

    from .labels import POSITIONS, place_labels

    if not ordered:
        return
    ax.apply_aspect()
    renderer = fig.canvas.get_renderer()
    size_pt = 7.5
    prop = FontProperties(size=size_pt)
    scale = fig.dpi / 72.0
    pad = 0.15 * size_pt * scale
    # one line height for the size (matplotlib lays every line out at the height of "lp"), widths per text
    _, line_h, _ = renderer.get_text_width_height_descent("lp", prop, ismath=False)
    measured: dict[str, tuple[float, float]] = {}
    names = [_t(p.name) for p in ordered]
    for n in names:
        if n not in measured:
            w, _, _ = renderer.get_text_width_height_descent(n, prop, ismath=False)
            measured[n] = (w * 1.05, line_h * 1.15)
    xy = ax.transData.transform([(centre + wrap_lon(p.lon - centre), p.lat) for p in ordered])
    frame = ax.get_window_extent(renderer)
    placed = place_labels([tuple(a) for a in xy], [measured[n] for n in names],
                          (frame.x0, frame.y0, frame.x1, frame.y1), scale=scale, pad=pad)
    for pl in placed:
        p = ordered[pl.index]
        dx, dy, ha, va = POSITIONS[pl.position]
        ax.annotate(names[pl.index], (centre + wrap_lon(p.lon - centre), p.lat), xytext=(dx, dy),
                    textcoords="offset points", ha=ha, va=va, fontsize=size_pt, zorder=7, color=style.INK,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})


@dataclass(frozen=True)
class StaticView:
    """What a static map shows: the view (west, east, south, north, display degrees: longitudes continue
    past ±180° across the Pacific) and the inset's box, if one was drawn."""

    view: tuple[float, float, float, float]
    inset: Extent | None


def render_static(analysis: Analysis, path: str | os.PathLike[str], *, banner: str | None = None,
                  extent: Extent | None = None, inset: bool = True) -> StaticView:
    """Draw ``analysis`` to ``path`` (.png at 200 dpi, .svg or .pdf), written atomically; return what was drawn.

    ``extent`` (west, south, east, north in degrees; west > east across ±180°) sets the view instead of
    the case's bounds. With ``inset``, a dense cluster of places that would be unreadable at the map's
    scale gets a zoomed inset (:func:`dense_cluster`). A case across the antimeridian is centred on the
    Pacific (longitudes continue past ±180° for display).
    """
    ext = os.path.splitext(str(path))[1].lower()
    if ext not in FORMATS:
        raise InputError(f"{path}: cannot write a static map as {ext or 'a file without extension'!r}; use .png, .svg or .pdf")
    # the Agg canvas directly (no pyplot, no global backend switch)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Ellipse

    from .basemap import labels

    case = analysis.case
    lons = [p.lon for leg in case.legs() for p in (leg.origin, leg.destination)]
    centre = centre_lon(lons)
    if extent is not None:
        view = _extent_view(extent, centre)
        centre = view[4]
    lines = []
    for s in case.shipments:
        for leg in s.legs:
            coords, _, _, _ = route_or_geodesic(analysis, leg)
            lines.append((leg, s, display_line(coords, centre)))
    places: dict[str, Any] = {}
    for leg, _, _ in lines:
        for p in (leg.origin, *leg.via, leg.destination):
            places.setdefault(p.id, p)
    pts = [pt for _, _, line in lines for pt in line] + [(centre + wrap_lon(p.lon - centre), p.lat) for p in places.values()]
    if pts:
        west, east = min(p[0] for p in pts), max(p[0] for p in pts)
        south, north = min(p[1] for p in pts), max(p[1] for p in pts)
    else:
        west, south, east, north = -20.0, -10.0, 60.0, 60.0
    pad_x = max(1.5, (east - west) * 0.08)
    pad_y = max(1.0, (north - south) * 0.12)
    west, east = west - pad_x, east + pad_x
    south, north = max(-85.0, south - pad_y), min(85.0, north + pad_y)
    if extent is not None:
        west, south, east, north = view[:4]
    lat0 = (south + north) / 2
    aspect = 1.0 / max(0.2, math.cos(math.radians(lat0)))
    box_ratio = (11 * 0.96) / (7.2 * 0.82)          # axes width / height in inches
    data_w, data_h = east - west, (north - south) * aspect
    if data_w / data_h < box_ratio:                # too tall: widen
        extra = (data_h * box_ratio - data_w) / 2
        west, east = west - extra, east + extra
    else:                                          # too wide: heighten (within ±85°)
        extra = (data_w / box_ratio - data_h) / 2 / aspect
        south, north = max(-85.0, south - extra), min(85.0, north + extra)

    fig = Figure(figsize=(11, 7.2), dpi=200 if ext == ".png" else 100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.06, 0.96, 0.82))
    ax.set_facecolor(style.WATER)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect, adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])

    # basemap (copies shifted by 360° where the view runs past ±180)
    ax.add_collection(_basemap(west, south, east, north))
    for name, lon, lat in labels((west, south, east, north), limit=10):
        ax.text(lon, lat, _t(name), fontsize=7, color=style.COUNTRY_LABEL, style="italic", ha="center", va="center", zorder=2, clip_on=True)

    # legs, with one arrow each at the middle of the drawn line
    for leg, s, line in lines:
        st = style.leg_style(leg.mode, s.status)
        xs, ys = [p[0] for p in line], [p[1] for p in line]
        (ln,) = ax.plot(xs, ys, color=st.colour, alpha=st.opacity, linewidth=2.0, zorder=4, solid_capstyle="round")
        if st.mpl_dashes:
            ln.set_dashes(st.mpl_dashes)
        if len(line) >= 2:
            mid = len(line) // 2
            a, b = line[max(0, mid - 1)], line[min(len(line) - 1, mid + 1)]
            if a != b:
                ax.annotate("", xy=b, xytext=a, zorder=5,
                            arrowprops={"arrowstyle": "-|>", "color": st.colour, "alpha": max(st.opacity, 0.6),
                                        "mutation_scale": 14, "linewidth": 0})

    # claim lines
    for v in analysis.verdicts:
        if len(v.coords) >= 2 and v.kind not in LEG_CHECKS:
            line = display_line(v.coords, centre)
            (cl,) = ax.plot([p[0] for p in line], [p[1] for p in line], color=style.CLAIM_STYLE.colour, linewidth=1.2,
                            alpha=style.CLAIM_STYLE.opacity, zorder=3, dash_capstyle="round")
            dashes = style.CLAIM_STYLE.mpl_dashes
            assert dashes is not None  # CLAIM_STYLE is dotted ("1 5")
            cl.set_dashes(dashes)

    # places and greedy non-overlapping labels (maps.labels: a grid index and a budget)
    ordered = _label_order(analysis, places)
    for p in ordered:
        x = centre + wrap_lon(p.lon - centre)
        if p.approximate:
            r_deg = p.uncertainty_km / 111.32
            ax.add_patch(Ellipse((x, p.lat), 2 * r_deg / math.cos(math.radians(p.lat)), 2 * r_deg,
                                                    facecolor=style.kind_colour(p.kind), alpha=0.12,
                                                    edgecolor=style.kind_colour(p.kind), linestyle="--", zorder=5))
        ax.plot([x], [p.lat], marker="o", markersize=5.5, color=style.kind_colour(p.kind), markeredgecolor="white",
                markeredgewidth=1.0, zorder=6)
    # sightings: rings coloured by their check (green consistent, red inconsistent, grey cannot check)
    checked = {v.claim_id: v.verdict for v in analysis.verdicts if v.kind == "sighting"}
    for s in case.shipments:
        for sg in s.sightings:
            ax.plot([centre + wrap_lon(sg.place.lon - centre)], [sg.place.lat], marker="o", markersize=11,
                    markerfacecolor="none", markeredgewidth=2.2, zorder=6,
                    markeredgecolor=style.SIGHTING_RING.get(checked.get(f"sighting:{sg.key}", ""), style.SIGHTING_UNCHECKED))
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas has one
    _draw_labels(fig, ax, ordered, centre)

    # scale bar: a round length, sized with the geodesic at the map centre
    cx, cy = (west + east) / 2, lat0
    x0, y0 = ax.get_xlim()[0], ax.get_ylim()[0]
    xr, yr = ax.get_xlim()[1] - x0, ax.get_ylim()[1] - y0
    bar_lat = y0 + 0.05 * yr
    width_km = GEOD.inv(cx - xr * 0.1, cy, cx + xr * 0.1, cy)[2] / 1000.0
    km = _nice_km(width_km)
    lon_end, _, _ = GEOD.fwd(x0 + 0.03 * xr, cy, 90.0, km * 1000.0)
    bar_x0 = x0 + 0.03 * xr
    bar_len = (lon_end - (x0 + 0.03 * xr)) % 360.0
    ax.plot([bar_x0, bar_x0 + bar_len], [bar_lat, bar_lat], color=style.INK, linewidth=3, solid_capstyle="butt", zorder=8)
    ax.plot([bar_x0, bar_x0 + bar_len / 2], [bar_lat, bar_lat], color="white", linewidth=1.2, solid_capstyle="butt", zorder=9)
    ax.text(bar_x0 + bar_len / 2, bar_lat + 0.012 * yr, f"{km:,.0f} km" if km >= 1 else f"{km * 1000:,.0f} m",
            ha="center", va="bottom", fontsize=7.5, zorder=9,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.text(bar_x0, bar_lat - 0.012 * yr, f"scale at {lat0:.0f}°{'N' if lat0 >= 0 else 'S'}", fontsize=6, va="top", color=style.SECONDARY_TEXT, zorder=9)

    # north arrow (meridians are vertical in this view)
    ax.annotate("N", xy=(0.965, 0.93), xytext=(0.965, 0.83), xycoords="axes fraction", ha="center", va="bottom",
                fontsize=10, fontweight="bold", zorder=9,
                arrowprops={"arrowstyle": "-|>", "color": style.INK, "linewidth": 1.5, "mutation_scale": 14})

    # inset for a dense cluster, then the legend
    box = None
    if inset and extent is None:
        box = dense_cluster([(centre + wrap_lon(p.lon - centre), p.lat) for p in places.values()], (west, south, east, north))
        if box is not None:
            _inset(fig, ax, box, lines, places.values(), centre, renderer)
    _legend(ax, [leg.mode for leg, _, _ in lines], [sh.status for sh in case.shipments],
            any(v.coords and v.kind not in LEG_CHECKS for v in analysis.verdicts))

    # title (fitted to the width), banner, credits
    latest = latest_date(analysis)
    below = _title(fig, case.title, renderer)
    sub = f"{len(case.shipments)} shipments · reporting up to {latest}" if latest else f"{len(case.shipments)} shipments"
    fig.text(0.02, below, sub + " · routes and positions are assessments", fontsize=8.5, color=style.SECONDARY_TEXT, va="top")
    if banner:
        for y, va in ((0.995, "top"), (0.005, "bottom")):
            fig.text(0.5, y, _t(banner), ha="center", va=va, fontsize=9, fontweight="bold", color=style.BANNER_TEXT,
                     bbox={"boxstyle": "square,pad=0.2", "fc": style.BANNER_FILL, "ec": "none"})
    credits = " · ".join(f"{what}: {who}" for what, who, _ in DATA_CREDITS)
    fig.text(0.98, 0.035, f"{credits} · equirectangular view, display only", ha="right", va="bottom", fontsize=5,
             color=style.NOTE_TEXT, wrap=True)

    with atomic_path(path) as tmp:
        kw: dict[str, Any] = {"format": ext[1:]}
        if ext == ".svg":
            kw["metadata"] = {"Date": None}
        elif ext == ".pdf":
            kw["metadata"] = {"CreationDate": None, "ModDate": None}
        import matplotlib

        # fixed SVG ids and real (editable) SVG text; no dates in the metadata: same input, same bytes
        with matplotlib.rc_context({"svg.hashsalt": "routemap", "svg.fonttype": "none"}):
            fig.savefig(tmp, **kw)
    return StaticView((*ax.get_xlim(), *ax.get_ylim()), box if inset and extent is None else None)
