"""Sightings: dated observations of a shipment, read from a case file and checked against its legs.

A shipment's ``sightings:`` list holds entries like::

    sightings:
      - {at: Dunay, date: 2023-09-12, kind: imagery, source: businesskorea-2023-11,
         notes: MV Angara anchored at Dunay}
      - {lat: 42.24, lon: 130.30, date: 2023-09-07/2023-09-08, kind: imagery}

``at`` is a place name (resolved like leg places) or ``lat``/``lon`` give the
point; ``date`` is a date, datetime or range (as for legs); ``kind`` is one of
imagery, ais, photo, report.

The check builds the shipment's timeline from its legs: at the first origin
until the first departure, under way on leg *i* between its departure and
arrival (an undated leg between the known times around it), at its
destination from the arrival until the next departure (or for good after the
last leg). A sighting is **consistent** when some part of the timeline that
overlaps its date allows the place: within ``NEAR_KM`` of where the shipment
was waiting; while under way, reachable from where it was last known and able
to reach where it is next known, at one moment of the sighting's date, at the
fastest top speed of the modes in between; or, away from where it waited, a
trip there and back (or from before the first departure, or after the last
arrival) that the reporting does not mention but the speeds allow. Distances
are geodesics, a lower bound on any real route, so "inconsistent" is never said
of a sighting that could fit. It is **inconsistent** when no overlapping part
allows it, and **cannot check** when the legs have no dates.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from geodata.place import Place

from .caseschema import SIGHTING_KEYS
from .checkfmt import fmt
from .checks import SPEED_BOUNDS
from .dates import When
from geodata.base.geodesy import METHOD, inverse
from .model import SIGHTING_KINDS, Case, Leg, LonLat, Shipment, Sighting
from .verdict import Figures, Verdict

NEAR_KM = 25.0   # a sighting this close to where the shipment was waiting is "there" (ports, anchorages, towns)


# --------------------------------------------------------------------------- reading (called by routes.casefile)

def read_sightings(m: Any, c: Any, label: str, sid: str, source_ids: set[str]) -> list[dict[str, Any]]:
    """Raw sightings of one shipment mapping ``m`` (problems go to the case-file collector ``c``)."""
    items = c.listing(m, "sightings", label)
    out: list[dict[str, Any]] = []
    for i, s in c.entries(items, f"{label}sighting"):
        where = f"{label}sighting {i + 1}: "
        c.keys(s, SIGHTING_KEYS, where)
        raw: dict[str, Any] = {"index": i + 1, "line": s.line, "at": None, "lonlat": None}
        name = c.text(s, "at", where) if "at" in s else None
        if name is not None:
            raw["at"] = (name, s.line_of("at"))
            if "lat" in s or "lon" in s:
                c.error(s.line_of("at"), f"{where}give either at: (a place) or lat:/lon:, not both")
        elif "lat" in s and "lon" in s:
            lat, lon = s["lat"], s["lon"]
            ok = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
            if not ok or not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
                c.error(s.line_of("lat"), f"{where}lat {lat!r} / lon {lon!r} must be numbers, latitude -90..90 and "
                        f"longitude -180..180")
            else:
                raw["lonlat"] = (float(lon), float(lat))
        else:
            c.error(s.line, f"{where}missing at: (a place name) or lat: and lon:")
        raw["when"] = c.when(s, "date", where)
        if "date" not in s or s["date"] is None:
            c.error(s.line, f"{where}missing date: (a date, datetime or range like 2023-09-07/2023-09-08)")
        raw["kind"] = c.choice(s, "kind", where, SIGHTING_KINDS, "report")
        src = c.text(s, "source", where)
        if src is not None and src not in source_ids:
            known = ", ".join(sorted(source_ids)) or "none"
            c.error(s.line_of("source"), f"{where}source {src!r} is not defined under sources:; defined: {known}")
        raw["source"] = src
        raw["notes"] = c.text(s, "notes", where)
        out.append(raw)
    return out


def place_refs(sid: str, raws: list[dict[str, Any]]) -> list[tuple[tuple[str, int], str]]:
    """((name, line), message prefix) for every sighting placed by name, for the case's name resolution."""
    return [(r["at"], f"shipment {sid}: sighting {r['index']}: at: ") for r in raws
            if r["at"] is not None and r["at"][0]]


def build_sightings(sid: str, raws: list[dict[str, Any]], resolved: Mapping[str, Place]) -> tuple[Sighting, ...]:
    """Sightings with their places resolved."""
    out = []
    for r in raws:
        if r["at"] is not None:
            place = resolved[r["at"][0]]
        else:
            lon, lat = r["lonlat"]
            place = Place(id=f"coords:{lat},{lon}", name=f"{lat:.4f}, {lon:.4f}", lat=lat, lon=lon,
                          source="coordinates as given")
        out.append(Sighting(shipment_id=sid, index=r["index"], place=place, when=r["when"], kind=r["kind"],
                            source=r["source"], notes=r["notes"], line=r["line"]))
    return tuple(out)


# --------------------------------------------------------------------------- checking

def _hours(a: dt.datetime, b: dt.datetime) -> float:
    return (b - a).total_seconds() / 3600.0


def _overlaps(a: dt.datetime | None, b: dt.datetime | None, w: When) -> bool:
    return (a is None or w.end is None or a < w.end or (a == w.end == w.start)) and (
        b is None or w.start is None or w.start < b)


def _km(p: Place, q: Place) -> float:
    return inverse(p.lonlat, q.lonlat).distance_km


def _between(p: Place, q: Place) -> tuple[LonLat, ...]:
    """The line from ``p`` to ``q``, or ``p`` alone when they are the same point (no zero-length line)."""
    return (p.lonlat,) if p.lonlat == q.lonlat else (p.lonlat, q.lonlat)


def _slack(p: Place, q: Place) -> float:
    return NEAR_KM + float(getattr(p, "uncertainty_km", 0) or 0) + float(getattr(q, "uncertainty_km", 0) or 0)


Anchor = tuple[Place, dt.datetime, tuple[Leg, ...]]
"""(place, time, legs in between): where the shipment was, and the legs it travels to or from there."""


def _anchor_before(legs: list[Leg], i: int) -> Anchor | None:
    """The last place the shipment is known at before leg ``i`` moves, and the earliest it can have left it.

    The leg's own departure, else the last dated end of an earlier leg (legs ``i`` and those after it are travelled).
    """
    for j in range(i, -1, -1):
        leg = legs[j]
        if j < i and leg.arrive is not None and leg.arrive.start is not None:
            return leg.destination, leg.arrive.start, tuple(legs[j + 1:i + 1])
        if leg.depart is not None and leg.depart.start is not None:
            return leg.origin, leg.depart.start, tuple(legs[j:i + 1])
    return None


def _anchor_after(legs: list[Leg], i: int) -> Anchor | None:
    """The first place the shipment is known at after leg ``i`` moves, and the latest it can have reached it."""
    for j in range(i, len(legs)):
        leg = legs[j]
        if j > i and leg.depart is not None and leg.depart.end is not None:
            return leg.origin, leg.depart.end, tuple(legs[i:j])
        if leg.arrive is not None and leg.arrive.end is not None:
            return leg.destination, leg.arrive.end, tuple(legs[i:j + 1])
    return None


def _timeline(ship: Shipment) -> list[tuple[str, Leg, Place, dt.datetime | None, dt.datetime | None]]:
    """(what, leg, place, from, until) parts: 'before' (at the origin), 'moving', 'after' (at the destination).

    A leg without dates moves between the nearest known times around it (:func:`_anchor_before`, :func:`_anchor_after`).
    """
    legs = sorted(ship.legs, key=lambda leg: leg.index)
    parts: list[tuple[str, Leg, Place, dt.datetime | None, dt.datetime | None]] = []
    if legs:
        first = legs[0]
        parts.append(("before", first, first.origin, None, first.depart.end if first.depart else None))
    for i, leg in enumerate(legs):
        a, b = _anchor_before(legs, i), _anchor_after(legs, i)
        parts.append(("moving", leg, leg.destination, a[1] if a else None, b[1] if b else None))
        nxt = legs[i + 1] if i + 1 < len(legs) else None
        parts.append(("after", leg, leg.destination, leg.arrive.start if leg.arrive else None,
                      nxt.depart.end if nxt is not None and nxt.depart else None))
    return parts


def _story(ship: Shipment) -> str:
    """'the shipment left Najin on 2023-09-07/2023-09-08 and was at Dunay on 2023-09-12; …'"""
    bits = []
    for leg in sorted(ship.legs, key=lambda x: x.index):
        dep = f"left {leg.origin.name} on {leg.depart.text}" if leg.depart else f"left {leg.origin.name} (undated)"
        arr = f"was at {leg.destination.name} on {leg.arrive.text}" if leg.arrive else f"went to {leg.destination.name}"
        bits.append(f"leg {leg.index} {dep} and {arr}")
    return "; ".join(bits)


def _least_kmh(d1: float, t1: dt.datetime | None, d2: float, t2: dt.datetime | None, w: When) -> float:
    """The least average speed (km/h) that fits a sighting at some moment of ``w``.

    The shipment was ``d1`` km from the sighting at ``t1`` or later, and must be ``d2`` km from it by ``t2``
    (None: no such bound). One moment is taken for both (the sighting is one observation, even when dated by a
    range): the best moment balances the two, clamped to ``w``. ``inf`` when no moment of ``w`` fits at all.
    """
    lo = max((x for x in (w.start, t1) if x is not None), default=None)
    hi = min((x for x in (w.end, t2) if x is not None), default=None)
    if lo is not None and hi is not None and lo > hi:
        return float("inf")

    def need(t: dt.datetime) -> float:
        v1 = 0.0 if t1 is None or d1 == 0 else (float("inf") if t <= t1 else d1 / _hours(t1, t))
        v2 = 0.0 if t2 is None or d2 == 0 else (float("inf") if t >= t2 else d2 / _hours(t, t2))
        return max(v1, v2)

    best: dt.datetime | None
    if t1 is not None and t2 is not None and d1 + d2 > 0:
        best = t1 + (t2 - t1) * (d1 / (d1 + d2))
    elif t1 is not None:
        best = hi    # as late as possible (None: no end, any speed will do)
    else:
        best = lo    # as early as possible
    if best is None:
        return 0.0
    if lo is not None and best < lo:
        best = lo
    if hi is not None and best > hi:
        best = hi
    return need(best)


def _waiting_anchors(legs: list[Leg], i: int, part: str) -> tuple[tuple[Place, dt.datetime] | None,
                                                                   tuple[Place, dt.datetime] | None]:
    """Where and when the shipment was last known before, and is next known after, waiting at leg ``i``'s origin
    (``part`` "before": the first leg) or destination ("after")."""
    came: tuple[Place, dt.datetime] | None = None
    goes: tuple[Place, dt.datetime] | None = None
    leg = legs[i]
    if part == "after":
        if leg.arrive is not None and leg.arrive.start is not None:
            came = (leg.destination, leg.arrive.start)
        else:
            ab = _anchor_before(legs, i)
            came = (ab[0], ab[1]) if ab else None
        j = i + 1
    else:
        j = i
    if j < len(legs):
        nxt = legs[j]
        if nxt.depart is not None and nxt.depart.end is not None:
            goes = (nxt.origin, nxt.depart.end)
        else:
            aa = _anchor_after(legs, j)
            goes = (aa[0], aa[1]) if aa else None
    return came, goes


def _speed_figures(needed_kmh: float, top_kmh: float) -> Figures:
    """A sighting's numbers: the least average speed it needs (km/h) against the top speed allowed."""
    finite = needed_kmh if needed_kmh != float("inf") else None
    delta = None if finite is None else max(0.0, finite - top_kmh)
    return Figures("km/h", 0.0, top_kmh, finite, finite, delta, 0.0, "least average speed to be there (straight lines)")


def _fastest(*legs: Leg) -> Any:
    """The speed bound of the fastest mode among ``legs``."""
    return max((SPEED_BOUNDS.get(x.mode, SPEED_BOUNDS["unknown"]) for x in legs), key=lambda b: b.high_kmh)


def check_sighting(ship: Shipment, s: Sighting) -> Verdict:
    """The verdict on one sighting against its shipment's legs."""
    what = f"seen at {s.place.name} {s.when.text} ({s.kind}{', ' + s.source if s.source else ''})"
    base: dict[str, Any] = dict(claim_id=f"sighting:{s.key}", kind="sighting", claimed=what, source=s.source,
                                line=s.line)
    dated = any(leg.depart or leg.arrive for leg in ship.legs)
    if not dated:
        return Verdict(verdict="cannot check", computed="no leg of the shipment has a date", method=METHOD,
                       detail="give the legs depart:/arrive: dates to check sightings against them",
                       coords=(s.place.lonlat,), **base)
    legs = sorted(ship.legs, key=lambda x: x.index)
    reasons: list[str] = []
    needed: list[tuple[float, float]] = []   # (least speed, top speed) of each part that does not fit
    moving: list[Verdict] = []   # fits under way, and ...
    away: list[Verdict] = []     # ... away from a waiting place: used (in that order) only if no waiting place fits
    for part, leg, _place, a, b in _timeline(ship):
        if not _overlaps(a, b, s.when):
            continue
        i = legs.index(leg)
        if part in ("before", "after"):
            at = leg.origin if part == "before" else leg.destination
            d = _km(s.place, at)
            if d <= _slack(s.place, at):
                how = (f"departing {leg.depart.text}" if part == "before" and leg.depart
                       else f"arriving {leg.arrive.text}" if leg.arrive else "at its end")
                return Verdict(verdict="consistent", computed=f"{fmt(d)} km from {at.name}",
                               method=f"{METHOD}; within {fmt(_slack(s.place, at))} km counts as there",
                               detail=f"consistent with leg {leg.index} {how}", leg=leg.key,
                               coords=_between(s.place, at),
                               figures=Figures("km", 0.0, _slack(s.place, at), d, d, 0.0, 0.0,
                                               f"distance from {at.name}, where it waited"), **base)
            # away from where it waited: a trip the reporting does not mention, there and back in time
            nxt = legs[i + 1] if part == "after" and i + 1 < len(legs) else None
            came, goes = _waiting_anchors(legs, i, part)
            bound = _fastest(*legs)
            worst = _least_kmh(_km(came[0], s.place) if came else 0.0, came[1] if came else None,
                               _km(s.place, goes[0]) if goes else 0.0, goes[1] if goes else None, s.when)
            if worst <= bound.high_kmh:
                when = (f"before leg {leg.index} left {at.name}" if part == "before" else
                        f"between leg {leg.index} reaching {at.name} and leg {nxt.index} leaving it" if nxt
                        else f"after leg {leg.index} reached {at.name}")
                away.append(Verdict(
                    verdict="consistent", computed=f"{fmt(d)} km from {at.name}; needs at least {fmt(worst)} km/h",
                    method=f"{METHOD}; straight lines, a lower bound on any route; {bound.why}",
                    detail=f"consistent with a trip the reporting does not mention, {when}", leg=leg.key,
                    coords=_between(s.place, at), figures=_speed_figures(worst, bound.high_kmh), **base))
                continue
            needed.append((worst, bound.high_kmh))
            reasons.append(f"it was then waiting at {at.name}, {fmt(d)} km away (a trip there and back would need "
                           f"at least {fmt(worst)} km/h, above {bound.why})")
            continue
        before, after = _anchor_before(legs, i), _anchor_after(legs, i)
        start, end = before[0] if before else leg.origin, after[0] if after else leg.destination
        d1, d2 = _km(start, s.place), _km(s.place, end)
        bound = _fastest(leg, *(before[2] if before else ()), *(after[2] if after else ()))
        worst = _least_kmh(d1, before[1] if before else None, d2, after[1] if after else None, s.when)
        if worst <= bound.high_kmh:
            computed = (f"{fmt(d1)} km from {start.name}, {fmt(d2)} km to {end.name}; "
                        f"needs at least {fmt(worst)} km/h")
            moving.append(Verdict(
                verdict="consistent", computed=computed,
                method=f"{METHOD}; straight lines, a lower bound on the route; {bound.why}",
                detail=f"consistent with leg {leg.index} under way ({leg.depart.text if leg.depart else '?'}"
                       f" → {leg.arrive.text if leg.arrive else '?'})", leg=leg.key,
                coords=(start.lonlat, s.place.lonlat, end.lonlat), figures=_speed_figures(worst, bound.high_kmh),
                **base))
            continue
        needed.append((worst, bound.high_kmh))
        reasons.append(f"on leg {leg.index} it would need at least {fmt(worst)} km/h, above {bound.why}")
    if moving or away:
        return (moving or away)[0]
    if not reasons:
        reasons.append("no part of the reported journey overlaps that date")
    least = min(needed, default=None)
    return Verdict(verdict="inconsistent", computed="; ".join(reasons),
                   method=f"{METHOD}; straight-line lower bounds",
                   detail=f"impossible as reported: {_story(ship)}", coords=(s.place.lonlat,),
                   figures=_speed_figures(*least) if least else Figures(), **base)


def check_sightings(case: Case) -> list[Verdict]:
    """A verdict for every sighting of every shipment, in case order."""
    return [check_sighting(ship, s) for ship in case.shipments for s in ship.sightings]
