"""The briefing page's legs: one data entry per leg (popup text, display line, arrows, times), made one at a time.

The page writer serialises each entry as it is made (``maps.template.js_literal_chunks``), so a big
case's legs are never all held as entries at once; :class:`Extent` keeps the extremes of the points drawn
so far for the map's bounds. Coordinates are display degrees (longitudes near the map's centre); Leaflet's
lines are [lat, lon].
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any, Iterable, Sequence

from routes.model import Leg, Shipment
from routes.verdict import Analysis

from . import style
from .display import DECIMALS, arrows, display_line, latlngs, near_lon, route_or_geodesic, simplified

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class Extent:
    """The extremes (display degrees) of the points added so far, each the first one met as ``min``/``max``
    would give over all of them in the order added; None before any point."""

    def __init__(self) -> None:
        self.west: float | None = None
        self.east: float | None = None
        self.south: float | None = None
        self.north: float | None = None

    def add(self, points: Sequence[tuple[float, float]]) -> None:
        """Take ``points`` (lon, lat) into account."""
        if not points:
            return
        w, e = min(p[0] for p in points), max(p[0] for p in points)
        s, n = min(p[1] for p in points), max(p[1] for p in points)
        if self.west is None or self.east is None or self.south is None or self.north is None:
            self.west, self.east, self.south, self.north = w, e, s, n
            return
        self.west, self.east = (w if w < self.west else self.west), (e if e > self.east else self.east)
        self.south, self.north = (s if s < self.south else self.south), (n if n > self.north else self.north)


def day(t: dt.datetime | None) -> float | None:
    """Days since 1970-01-01 UTC (4 decimals), or None."""
    if t is None:
        return None
    return round((t - _EPOCH).total_seconds() / 86400.0, 4)


def leg_days(leg: Leg) -> tuple[float | None, float | None]:
    """(first, last) possible moment of a leg as days since 1970 (its departure's start, its arrival's end)."""
    t0 = day(leg.depart.start if leg.depart and leg.depart.start else (leg.arrive.start if leg.arrive else None))
    t1 = day(leg.arrive.end if leg.arrive and leg.arrive.end else (leg.depart.end if leg.depart else None))
    return t0, t1


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
    return [[round(c.at[1], DECIMALS), near_lon(c.at[0], centre), "crosses " + crossing_text(c)] for c in t.crossings]


def leg_entries(analysis: Analysis, centre: float, big: bool, extent: Extent) -> Iterable[dict[str, Any]]:
    """Each leg's entry of the page's data, in case order; the drawn points go into ``extent`` as they are made.

    ``big``: the case lists too many shipments, so every line is drawn simplified.
    """
    from .briefing import km_text, when_text

    src_index = {s.id: i for i, s in enumerate(analysis.case.sources)}
    for si, s in enumerate(analysis.case.shipments):
        for leg in s.legs:
            yield _entry(analysis, s, si, leg, centre, big, src_index, extent, when_text, km_text)


def _entry(analysis: Analysis, s: Shipment, si: int, leg: Leg, centre: float, big: bool, src_index: dict[str, int],
           extent: Extent, when_text: Any, km_text: Any) -> dict[str, Any]:
    coords, length_km, method, warnings = route_or_geodesic(analysis, leg)
    line = display_line(coords, centre)
    extent.add(line)
    st = style.leg_style(leg.mode, s.status)
    drawn = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(line, line[1:], strict=False))
    fr = (0.5,) if drawn < 12 else ((0.25, 0.5, 0.75) if drawn < 40 else (0.125, 0.3125, 0.5, 0.6875, 0.875))
    speed = [{"claimed": v.claimed, "computed": v.computed, "verdict": v.verdict, "detail": v.detail}
             for v in analysis.verdicts_by_leg.get(leg.key, ()) if v.kind in ("plausibility", "speed")]
    t0, t1 = leg_days(leg)
    src = [src_index[x] for x in (leg.sources or s.sources) if x in src_index]
    return {
        "k": leg.key, "s": si, "i": leg.index, "label": leg.label, "mode": leg.mode,
        "via": ", ".join(v.name for v in leg.via) or None,
        "dep": when_text(leg.depart), "arr": when_text(leg.arrive), "carrier": leg.carrier,
        "len": f"{km_text(length_km)} along the route", "method": method,
        "speed": speed, "warn": list(warnings), "notes": leg.notes, "src": src,
        "transit": _transit_text(analysis, leg), "x": _crossings(analysis, leg, centre),
        "t0": t0, "t1": t1,
        "colour": st.colour, "dash": st.dash, "op": st.opacity,
        # a big case draws every line simplified (display.SIMPLIFY_TOLERANCE_DEG, ≈ 1 km: under a pixel
        # up to zoom 7) so the page stays small and fast; arrows, checks and exports use the full line
        "c": latlngs(simplified(line) if big else line), "a": arrows(line, fr),
    }
