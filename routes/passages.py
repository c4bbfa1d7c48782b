"""Straits, canals and inland water along a sea leg, and the seasons waterways are closed.

A strait is named when the leg passes within its curated point's
``uncertainty_km`` (the radius covering the passage; kinds ``strait`` and
``canal`` in ``geodata/data/places.yaml``); a canal when the leg passes within
:data:`geodata.avoid.CANAL_REACH` of that radius: a canal is a line through its middle point,
so a ship in it passes close to the point, while one passing the canal's mouth
(the Elbe below Hamburg, near the Kiel Canal) does not. On sea legs, runs inside a country
(:func:`routes.transit.stretches`) more than :data:`PORT_ZONE_KM` from both ends
and at least :data:`INLAND_MIN_KM` long, outside every strait's radius, are
inland water (rivers, canals), named by the curated rivers and canals within
reach. Distances on the mean sphere are used only to decide "within reach".
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from geodata.avoid import reach_km

from .dates import When
from geodata.base.geodesy import GEOD
from .model import LonLat
from .routed import Passage, Stretch, Transit

#: sea legs: a run inside a country this close (km, along the leg) to either end is the port approach
PORT_ZONE_KM = 15.0
#: sea legs: a run inside a country at least this long (km) away from the ports is inland water
INLAND_MIN_KM = 10.0
#: waterways closed part of the year: (closed months, how the warning says it)
WINTER_CLOSED = {"Volga–Don Canal": ((12, 1, 2, 3), "closed to navigation in winter (roughly December to March/April)")}

@lru_cache(maxsize=1)
def curated(kinds: tuple[str, ...]) -> tuple[Any, ...]:
    from geodata.curated import curated_places

    return tuple(p for p in curated_places().places if p.kind in kinds)


def passages(coords: Sequence[LonLat], parts: Sequence[Stretch] = ()) -> tuple[tuple[Passage, ...], float]:
    """(straits and canals the leg passes, and for sea legs the inland-water runs; inland km).

    A strait or canal is named when the leg passes within its ``uncertainty_km``.
    ``parts`` (the leg's stretches) are given for sea legs only: their long runs
    inside a country away from the ports become inland water.
    """
    import numpy as np

    from geodata.base.geodesy import sphere_km

    from .transit import densified

    pts = np.concatenate(densified(coords))
    _, _, d = GEOD.inv(pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1])
    cum = np.concatenate([[0.0], np.cumsum(np.asarray(d) / 1000.0)])
    found = []
    strait = np.zeros(len(pts), dtype=bool)  # points within a strait's radius: sea, even where Natural Earth has land
    for p in curated(("strait", "canal")):
        dist = sphere_km(p.lon, p.lat, pts[:, 0], pts[:, 1])
        i = int(np.argmin(dist))
        if float(dist[i]) <= reach_km(p):
            found.append(Passage(p.name, p.kind, round(float(cum[i]), 1), round(float(dist[i]), 1)))
            if p.kind == "strait":
                strait |= dist <= (p.uncertainty_km or 0.0)
    inland = 0.0
    total = float(cum[-1])
    rivers = curated(("river", "canal"))
    mid = (cum[:-1] + cum[1:]) / 2.0
    for s in parts:
        lo, hi = max(s.start_km, PORT_ZONE_KM), min(s.end_km, total - PORT_ZONE_KM)
        if not s.code or hi - lo < INLAND_MIN_KM:
            continue
        span = (mid >= lo) & (mid <= hi)
        km = float(np.clip(np.minimum(cum[1:], hi) - np.maximum(cum[:-1], lo), 0.0, None)[
            span & ~(strait[:-1] & strait[1:])].sum()) if span.any() else hi - lo
        if km < INLAND_MIN_KM:
            continue
        inland += km
        seg = pts[(cum >= lo) & (cum <= hi)]
        named = [r.name for r in rivers if len(seg) and
                 float(sphere_km(r.lon, r.lat, seg[:, 0], seg[:, 1]).min()) <= (r.uncertainty_km or 0.0)]
        label = f"{', '.join(named)} ({s.code})" if named else f"river or canal in {s.code}"
        found.append(Passage(label, "inland", round(lo, 1), 0.0, round(km, 1)))
    found.sort(key=lambda p: p.at_km)
    return tuple(found), round(inland, 1)


def closure_warnings(t: Transit, dates: Sequence[When | None]) -> list[str]:
    """Plausibility warnings for passages used in months they are closed (dates: the leg's depart and arrive)."""
    out = []
    for p in t.passages:
        months = WINTER_CLOSED.get(p.name)
        if not months:
            continue
        for w in dates:
            if w is None:
                continue
            hit = [d for d in (w.start, w.end) if d is not None and d.month in months[0]]
            if hit:
                out.append(f"the route uses the {p.name}, which is {months[1]}; the leg is dated {w.text}: "
                           "check the dates or the route (e.g. avoid: [Volga-Don Canal])")
                break
    return out


#: Arctic waters that ice closes to ordinary ships for much of the year: north of this latitude (degrees) ...
ARCTIC_LAT = 66.5
#: ... and east of Novaya Zemlya or in the Chukchi and Beaufort seas (the ice-free Barents Sea is left out): lon ranges
ARCTIC_LONS = ((55.0, 180.0), (-180.0, -125.0))
#: months the Northern Sea Route is ice-free enough for ships without an icebreaker, roughly
ARCTIC_OPEN_MONTHS = (7, 8, 9, 10, 11)
#: sea legs with less than this many km in those waters are not warned about
ARCTIC_MIN_KM = 50.0


def arctic_km(coords: Sequence[LonLat]) -> float:
    """WGS84 km of a line (lon, lat; densified) in ice-prone Arctic waters (:data:`ARCTIC_LAT`, :data:`ARCTIC_LONS`).

    >>> round(arctic_km([(170.0, 69.0), (171.0, 69.0)]))   # the East Siberian Sea
    40
    >>> arctic_km([(33.0, 69.5), (40.0, 70.0)])             # the Barents Sea off Murmansk: ice-free
    0.0
    """
    import numpy as np

    a = np.asarray(coords, dtype=np.float64)
    if len(a) < 2:
        return 0.0
    mid_lon, mid_lat = (a[:-1, 0] + a[1:, 0]) / 2.0, (a[:-1, 1] + a[1:, 1]) / 2.0
    inside = mid_lat >= ARCTIC_LAT
    inside &= np.logical_or.reduce([(mid_lon >= lo) & (mid_lon <= hi) for lo, hi in ARCTIC_LONS])
    inside &= np.abs(a[1:, 0] - a[:-1, 0]) <= 180.0      # a step across ±180° is measured by its own parts
    if not inside.any():
        return 0.0
    _, _, m = GEOD.inv(a[:-1, 0][inside], a[:-1, 1][inside], a[1:, 0][inside], a[1:, 1][inside])
    return float(np.sum(m)) / 1000.0


def arctic_warnings(coords: Sequence[LonLat], dates: Sequence[When | None]) -> list[str]:
    """A warning for a sea leg through the ice-prone Arctic: dated outside July–November, or undated."""
    km = arctic_km(coords)
    if km < ARCTIC_MIN_KM:
        return []
    what = (f"the route runs {km:,.0f} km through Arctic waters north of {ARCTIC_LAT}°N (the Northern Sea Route, "
            "Chukchi or Beaufort Sea), navigable without an icebreaker only roughly July to November")
    dated = [w for w in dates if w is not None]
    if not dated:
        return [f"{what}; the leg has no dates to check against that"]
    for w in dated:
        if any(d is not None and d.month not in ARCTIC_OPEN_MONTHS for d in (w.start, w.end)):
            return [f"{what}; the leg is dated {w.text}: check the dates or the route (e.g. a via: point south of it)"]
    return []
