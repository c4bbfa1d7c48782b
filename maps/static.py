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
from typing import Any, Iterable, Sequence

from geodata.base.atomic import atomic_path
from geodata.base.errors import InputError
from geodata.base.geodesy import GEOD, wrap_lon
from routes.verdict import LEG_CHECKS, Analysis

from . import style
from .briefing import DATA_CREDITS, latest_date
from .display import centre_lon, display_line, route_or_geodesic
from .inset import basemap_patches, draw_inset
from .labels import mpl_text as _t
from .mapview import Extent, aspect_at, dense_cluster, extent_view, fit_view, nice_km, parse_extent

__all__ = ["FORMATS", "Extent", "StaticView", "dense_cluster", "parse_extent", "render_static"]
_nice_km = nice_km      # the name the tests and older callers use

FORMATS = (".png", ".svg", ".pdf")
#: place kinds labelled first when space is short
_KIND_PRIORITY = {"port": 0, "depot": 0, "military_base": 0, "cosmodrome": 0, "border_crossing": 1, "rail_station": 2,
                  "city": 1, "town": 3}


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
    hidden: tuple[str, ...] = ()    # places outside the view (beyond ±85° latitude, or the --extent), said on the map


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

    case = analysis.case
    centre = centre_lon([p.lon for leg in case.legs() for p in (leg.origin, leg.destination)])
    if extent is not None:
        centre = extent_view(extent, centre)[4]
    import numpy as np

    # each leg's display line as an (n, 2) array of display degrees (the same doubles as the list, a sixth of the memory)
    lines = []
    for s in case.shipments:
        for leg in s.legs:
            coords, _, _, _ = route_or_geodesic(analysis, leg)
            lines.append((leg, s, np.array(display_line(coords, centre), dtype="float64").reshape(-1, 2)))
    places: dict[str, Any] = {}
    for leg, _, _ in lines:
        for p in (leg.origin, *leg.via, leg.destination):
            places.setdefault(p.id, p)
    pts = np.concatenate([line for _, _, line in lines] + [
        np.array([(centre + wrap_lon(p.lon - centre), p.lat) for p in places.values()], dtype="float64").reshape(-1, 2)])
    # fit_view needs only the extremes
    corners = [(float(pts[:, 0].min()), float(pts[:, 1].min())), (float(pts[:, 0].max()), float(pts[:, 1].max()))]
    (west, south, east, north), lat0 = fit_view(corners if len(pts) else [], extent, centre)
    del pts

    fig = Figure(figsize=(11, 7.2), dpi=200 if ext == ".png" else 100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.06, 0.96, 0.82))
    ax.set_facecolor(style.WATER)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect_at(lat0), adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    _draw_base(ax, (west, south, east, north))
    _draw_legs(ax, lines)
    _draw_claims(ax, analysis, centre)
    ordered = _label_order(analysis, places)
    _draw_places(ax, analysis, ordered, centre)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas has one
    _draw_labels(fig, ax, ordered, centre)
    _scale_bar(ax, (west + east) / 2, lat0)
    # north arrow (meridians are vertical in this view)
    ax.annotate("N", xy=(0.965, 0.93), xytext=(0.965, 0.83), xycoords="axes fraction", ha="center", va="bottom",
                fontsize=10, fontweight="bold", zorder=9,
                arrowprops={"arrowstyle": "-|>", "color": style.INK, "linewidth": 1.5, "mutation_scale": 14})

    # inset for a dense cluster, then the legend
    box = None
    if inset and extent is None:
        box = dense_cluster([(centre + wrap_lon(p.lon - centre), p.lat) for p in places.values()], (west, south, east, north))
        if box is not None:
            draw_inset(fig, ax, box, lines, places.values(), centre, renderer)
    _legend(ax, [leg.mode for leg, _, _ in lines], [sh.status for sh in case.shipments],
            any(v.coords and v.kind not in LEG_CHECKS for v in analysis.verdicts))
    view = (*ax.get_xlim(), *ax.get_ylim())
    hidden = _outside(view, places.values(), lines, centre)
    _texts(fig, analysis, banner, renderer, hidden)
    _save(fig, path, ext)
    return StaticView(view, box if inset and extent is None else None, hidden[0])


def _outside(view: tuple[float, ...], places: Iterable[Any], lines: Sequence[tuple[Any, Any, Any]],
             centre: float) -> tuple[tuple[str, ...], int]:
    """(names of the places outside ``view``, number of legs partly outside it): said on the map, never dropped silently."""
    west, east, south, north = view
    names = tuple(p.name for p in places
                  if not (south <= p.lat <= north and west <= centre + wrap_lon(p.lon - centre) <= east))
    legs = sum(1 for _, _, a in lines if len(a) and bool(((a[:, 1] < south) | (a[:, 1] > north)
                                                           | (a[:, 0] < west) | (a[:, 0] > east)).any()))
    return names, legs


def _draw_base(ax: Any, view: Extent) -> None:
    """Natural Earth land (copies shifted by 360° where the view runs past ±180°) and up to 10 country names."""
    from .basemap import labels

    ax.add_collection(basemap_patches(*view))
    for name, lon, lat in labels(view, limit=10):
        ax.text(lon, lat, _t(name), fontsize=7, color=style.COUNTRY_LABEL, style="italic", ha="center", va="center", zorder=2, clip_on=True)


def _draw_legs(ax: Any, lines: Sequence[tuple[Any, Any, Any]]) -> None:
    """Each leg's display line (an (n, 2) array) in its mode/status style, with one arrow at the middle of the drawn line."""
    for leg, s, line in lines:
        st = style.leg_style(leg.mode, s.status)
        (ln,) = ax.plot(line[:, 0], line[:, 1], color=st.colour, alpha=st.opacity, linewidth=2.0, zorder=4,
                        solid_capstyle="round")
        if st.mpl_dashes:
            ln.set_dashes(st.mpl_dashes)
        if len(line) >= 2:
            mid = len(line) // 2
            a, b = tuple(line[max(0, mid - 1)].tolist()), tuple(line[min(len(line) - 1, mid + 1)].tolist())
            if a != b:
                ax.annotate("", xy=b, xytext=a, zorder=5,
                            arrowprops={"arrowstyle": "-|>", "color": st.colour, "alpha": max(st.opacity, 0.6),
                                        "mutation_scale": 14, "linewidth": 0})


def _draw_claims(ax: Any, analysis: Analysis, centre: float) -> None:
    """The measured claims' lines, dotted."""
    for v in analysis.verdicts:
        if v.has_line and v.kind not in LEG_CHECKS:
            line = display_line(v.coords, centre)
            (cl,) = ax.plot([p[0] for p in line], [p[1] for p in line], color=style.CLAIM_STYLE.colour, linewidth=1.2,
                            alpha=style.CLAIM_STYLE.opacity, zorder=3, dash_capstyle="round")
            dashes = style.CLAIM_STYLE.mpl_dashes
            assert dashes is not None  # CLAIM_STYLE is dotted ("1 5")
            cl.set_dashes(dashes)


def _draw_places(ax: Any, analysis: Analysis, ordered: Sequence[Any], centre: float) -> None:
    """Place markers (an uncertainty ellipse for approximate ones) and sighting rings coloured by their check
    (green consistent, red inconsistent, grey cannot check)."""
    from matplotlib.patches import Ellipse

    for p in ordered:
        x = centre + wrap_lon(p.lon - centre)
        if p.approximate:
            r_deg = p.uncertainty_km / 111.32
            ax.add_patch(Ellipse((x, p.lat), 2 * r_deg / math.cos(math.radians(p.lat)), 2 * r_deg,
                                                    facecolor=style.kind_colour(p.kind), alpha=0.12,
                                                    edgecolor=style.kind_colour(p.kind), linestyle="--", zorder=5))
        ax.plot([x], [p.lat], marker="o", markersize=5.5, color=style.kind_colour(p.kind), markeredgecolor="white",
                markeredgewidth=1.0, zorder=6)
    checked = {v.claim_id: v.verdict for v in analysis.verdicts if v.kind == "sighting"}
    for s in analysis.case.shipments:
        for sg in s.sightings:
            ax.plot([centre + wrap_lon(sg.place.lon - centre)], [sg.place.lat], marker="o", markersize=11,
                    markerfacecolor="none", markeredgewidth=2.2, zorder=6,
                    markeredgecolor=style.SIGHTING_RING.get(checked.get(f"sighting:{sg.key}", ""), style.SIGHTING_UNCHECKED))


def _scale_bar(ax: Any, cx: float, cy: float) -> None:
    """A scale bar of a round length, sized with the geodesic at (``cx``, ``cy``) degrees, bottom left."""
    x0, y0 = ax.get_xlim()[0], ax.get_ylim()[0]
    xr, yr = ax.get_xlim()[1] - x0, ax.get_ylim()[1] - y0
    bar_lat = y0 + 0.05 * yr
    width_km = GEOD.inv(cx - xr * 0.1, cy, cx + xr * 0.1, cy)[2] / 1000.0
    km = nice_km(width_km)
    lon_end, _, _ = GEOD.fwd(x0 + 0.03 * xr, cy, 90.0, km * 1000.0)
    bar_x0 = x0 + 0.03 * xr
    bar_len = (lon_end - (x0 + 0.03 * xr)) % 360.0
    ax.plot([bar_x0, bar_x0 + bar_len], [bar_lat, bar_lat], color=style.INK, linewidth=3, solid_capstyle="butt", zorder=8)
    ax.plot([bar_x0, bar_x0 + bar_len / 2], [bar_lat, bar_lat], color="white", linewidth=1.2, solid_capstyle="butt", zorder=9)
    ax.text(bar_x0 + bar_len / 2, bar_lat + 0.012 * yr, f"{km:,.0f} km" if km >= 1 else f"{km * 1000:,.0f} m",
            ha="center", va="bottom", fontsize=7.5, zorder=9,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.text(bar_x0, bar_lat - 0.012 * yr, f"scale at {cy:.0f}°{'N' if cy >= 0 else 'S'}", fontsize=6, va="top", color=style.SECONDARY_TEXT, zorder=9)


def _texts(fig: Any, analysis: Analysis, banner: str | None, renderer: Any,
           hidden: tuple[tuple[str, ...], int] = ((), 0)) -> None:
    """Title (fitted to the width), subtitle, the marking banner top and bottom, the data credits, and what the
    view leaves out (``hidden``: place names, number of legs partly outside)."""
    case = analysis.case
    latest = latest_date(analysis)
    below = _title(fig, case.title, renderer)
    sub = f"{len(case.shipments)} shipments · reporting up to {latest}" if latest else f"{len(case.shipments)} shipments"
    names, legs = hidden
    if names or legs:   # never left out silently: the projection stops at ±85°, an --extent where it is told
        shown = ", ".join(_t(n) for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        parts = ([f"{len(names)} place{'s' if len(names) != 1 else ''} ({shown})"] if names else []) + (
            [f"{legs} leg{'s' if legs != 1 else ''} in part"] if legs else [])
        sub += " · not in this view: " + ", ".join(parts)
    fig.text(0.02, below, sub + " · routes and positions are assessments", fontsize=8.5, color=style.SECONDARY_TEXT, va="top")
    if banner:
        for y, va in ((0.995, "top"), (0.005, "bottom")):
            fig.text(0.5, y, _t(banner), ha="center", va=va, fontsize=9, fontweight="bold", color=style.BANNER_TEXT,
                     bbox={"boxstyle": "square,pad=0.2", "fc": style.BANNER_FILL, "ec": "none"})
    credits = " · ".join(f"{what}: {who}" for what, who, _ in DATA_CREDITS)
    fig.text(0.98, 0.035, f"{credits} · equirectangular view, display only", ha="right", va="bottom", fontsize=5,
             color=style.NOTE_TEXT, wrap=True)


def _save(fig: Any, path: str | os.PathLike[str], ext: str) -> None:
    """Write ``fig`` atomically; fixed SVG ids, real (editable) SVG text, no dates in the metadata: same input, same bytes."""
    import matplotlib

    with atomic_path(path) as tmp:
        kw: dict[str, Any] = {"format": ext[1:]}
        if ext == ".svg":
            kw["metadata"] = {"Date": None}
        elif ext == ".pdf":
            kw["metadata"] = {"CreationDate": None, "ModDate": None}
        with matplotlib.rc_context({"svg.hashsalt": "routemap", "svg.fonttype": "none"}):
            fig.savefig(tmp, **kw)
