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
from typing import Any, Sequence

from geodata.atomic import atomic_path
from geodata.errors import InputError
from routes.geodesy import GEOD, wrap_lon
from routes.model import Analysis

from . import style
from .briefing import LEG_KINDS, _centre_lon, _route_or_geodesic, display_line, latest_date

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


def _label_order(analysis: Analysis, places: dict[str, Any]) -> list[Any]:
    """The places, most worth a label first: the case's own and claimed places, then by kind, use count, name."""
    own = {p.id for p in analysis.case.places}
    claimed = {pt for v in analysis.verdicts if v.kind not in LEG_KINDS and v.coords for pt in (v.coords[0], v.coords[-1])}
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
                    textcoords="offset points", ha=ha, va=va, fontsize=size_pt, zorder=7, color="#111",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})


def render_static(analysis: Analysis, path: str | os.PathLike[str], *, banner: str | None = None) -> None:
    """Draw ``analysis`` to ``path`` (.png at 200 dpi, .svg or .pdf), written atomically."""
    ext = os.path.splitext(str(path))[1].lower()
    if ext not in FORMATS:
        raise InputError(f"{path}: cannot write a static map as {ext or 'a file without extension'!r}; use .png, .svg or .pdf")
    # the Agg canvas directly (no pyplot, no global backend switch)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Ellipse, Polygon as MplPolygon
    from matplotlib.collections import PatchCollection

    from .basemap import countries_geojson, labels

    case = analysis.case
    lons = [p.lon for leg in case.legs() for p in (leg.origin, leg.destination)]
    centre = _centre_lon(lons)
    lines = []
    for s in case.shipments:
        for leg in s.legs:
            coords, _, _, _ = _route_or_geodesic(analysis, leg)
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
                patches.append(MplPolygon(list(zip(xs, ys)), closed=True))
    ax.add_collection(PatchCollection(patches, facecolor=style.LAND, edgecolor=style.BORDER, linewidth=0.4, zorder=1))
    for name, lon, lat in labels((west, south, east, north), limit=10):
        ax.text(lon, lat, _t(name), fontsize=7, color="#8a8a8a", style="italic", ha="center", va="center", zorder=2, clip_on=True)

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
        if len(v.coords) >= 2 and v.kind not in LEG_KINDS:
            line = display_line(v.coords, centre)
            ax.plot([p[0] for p in line], [p[1] for p in line], color=style.CLAIM_LINE, linewidth=1.2,
                    linestyle=(0, (1, 3)), zorder=3)

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
    ax.plot([bar_x0, bar_x0 + bar_len], [bar_lat, bar_lat], color="#111", linewidth=3, solid_capstyle="butt", zorder=8)
    ax.plot([bar_x0, bar_x0 + bar_len / 2], [bar_lat, bar_lat], color="white", linewidth=1.2, solid_capstyle="butt", zorder=9)
    ax.text(bar_x0 + bar_len / 2, bar_lat + 0.012 * yr, f"{km:,.0f} km" if km >= 1 else f"{km * 1000:,.0f} m",
            ha="center", va="bottom", fontsize=7.5, zorder=9,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.text(bar_x0, bar_lat - 0.012 * yr, f"scale at {lat0:.0f}°{'N' if lat0 >= 0 else 'S'}", fontsize=6, va="top", color="#444", zorder=9)

    # north arrow (meridians are vertical in this view)
    ax.annotate("N", xy=(0.965, 0.93), xytext=(0.965, 0.83), xycoords="axes fraction", ha="center", va="bottom",
                fontsize=10, fontweight="bold", zorder=9,
                arrowprops={"arrowstyle": "-|>", "color": "#111", "linewidth": 1.5, "mutation_scale": 14})

    # legend
    modes = [m for m in style.MODE_COLOURS if any(leg.mode == m for leg, _, _ in lines)]
    statuses = [s for s in style.STATUS_STYLE if any(sh.status == s for sh in case.shipments)]
    handles = [Line2D([], [], color=style.MODE_COLOURS[m], linewidth=2.5, label=m) for m in modes]
    for s_ in statuses:
        st = style.leg_style("unknown", s_)
        h = Line2D([], [], color="#333", alpha=st.opacity, linewidth=2.0, label=s_)
        if st.mpl_dashes:
            h.set_dashes(st.mpl_dashes)
        handles.append(h)
    if any(v.coords and v.kind not in LEG_KINDS for v in analysis.verdicts):
        handles.append(Line2D([], [], color=style.CLAIM_LINE, linewidth=1.2, linestyle=(0, (1, 3)), label="measured claim"))
    handles.append(Line2D([], [], marker="o", linestyle="", color="#666", markeredgecolor="white", label="place"))
    ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.9, title="mode / status", title_fontsize=7)

    # title, banner, credits
    latest = latest_date(analysis)
    fig.text(0.02, 0.955, _t(case.title), fontsize=13, fontweight="bold", va="top")
    sub = f"{len(case.shipments)} shipments · reporting up to {latest}" if latest else f"{len(case.shipments)} shipments"
    fig.text(0.02, 0.915, sub + " · routes and positions are assessments", fontsize=8.5, color="#444", va="top")
    if banner:
        for y, va in ((0.995, "top"), (0.005, "bottom")):
            fig.text(0.5, y, _t(banner), ha="center", va=va, fontsize=9, fontweight="bold", color="#5a4700",
                     bbox={"boxstyle": "square,pad=0.2", "fc": "#FFF3B0", "ec": "none"})
    fig.text(0.98, 0.035, "Basemap: Natural Earth · Places: GeoNames (CC BY 4.0) · Networks: © OpenStreetMap contributors (ODbL), "
             "marnet/searoute · equirectangular view, display only", ha="right", va="bottom", fontsize=6, color="#555")

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
