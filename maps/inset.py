"""The layers a static map draws on matplotlib axes: the Natural Earth basemap and the zoomed inset of a dense cluster."""
from __future__ import annotations

from typing import Any

from geodata.base.geodesy import wrap_lon

from . import style
from .labels import mpl_text as _t
from .mapview import Extent, aspect_at


def basemap_patches(west: float, south: float, east: float, north: float) -> Any:
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


def draw_inset(fig: Any, ax: Any, box: Extent, lines: list, places: Any, centre: float, renderer: Any) -> Any:
    """A zoomed inset of ``box`` in the emptiest top corner of the map, its area outlined on the map.

    ``lines``: (leg, shipment, display line as an (n, 2) array of display degrees) per leg."""
    from matplotlib.patches import Rectangle

    west, south, east, north = box
    aspect = aspect_at((south + north) / 2)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    import numpy as np

    # every drawn point as one array: each candidate spot is counted in one vectorised pass
    pts = np.concatenate([line for _, _, line in lines] + [
        np.array([(centre + wrap_lon(p.lon - centre), p.lat) for p in places], dtype="float64").reshape(-1, 2)])
    xs, ys = pts[:, 0], pts[:, 1]

    w_f, h_f = 0.28, 0.4       # inset size, fractions of the map

    def load(fx: float, fy: float) -> int:     # data under a candidate position, and the cluster itself
        xa, xb = x0 + (x1 - x0) * fx, x0 + (x1 - x0) * (fx + w_f)
        ya, yb = y0 + (y1 - y0) * fy, y0 + (y1 - y0) * (fy + h_f)
        under = int(np.count_nonzero((xa <= xs) & (xs <= xb) & (ya <= ys) & (ys <= yb)))
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
    iax.add_collection(basemap_patches(west, south, east, north))
    for leg, s, line in lines:
        st = style.leg_style(leg.mode, s.status)
        (ln,) = iax.plot(line[:, 0], line[:, 1], color=st.colour, alpha=st.opacity, linewidth=1.8, zorder=4)
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
