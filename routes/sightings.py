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
arrival, at its destination from the arrival until the next departure (or
for good after the last leg). A sighting is **consistent** when some part of
the timeline that overlaps its date allows the place: within ``NEAR_KM`` of
where the shipment was waiting, or, while under way, reachable from the
origin since the earliest departure and able to reach the destination by the
latest arrival at the mode's top speed (geodesics: a lower bound on any real
route, so "inconsistent" is never said of a sighting that could fit). It is
**inconsistent** when no overlapping part allows it, and **cannot check**
when the legs have no dates.
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
from .verdict import Verdict

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
    reasons: list[str] = []
    moving: list[Verdict] = []   # a fit while under way is kept only if no waiting place fits
    for part, leg, _place, a, b in _timeline(ship):
        if not _overlaps(a, b, s.when):
            continue
        bound = SPEED_BOUNDS.get(leg.mode, SPEED_BOUNDS["unknown"])
        if part in ("before", "after"):
            at = leg.origin if part == "before" else leg.destination
            d = _km(s.place, at)
            if d <= _slack(s.place, at):
                how = (f"departing {leg.depart.text}" if part == "before" and leg.depart
                       else f"arriving {leg.arrive.text}" if leg.arrive else "at its end")
                return Verdict(verdict="consistent", computed=f"{fmt(d)} km from {at.name}",
                               method=f"{METHOD}; within {fmt(_slack(s.place, at))} km counts as there",
                               detail=f"consistent with leg {leg.index} {how}", leg=leg.key,
                               coords=_between(s.place, at), **base)
            reasons.append(f"it was then waiting at {at.name}, {fmt(d)} km away")
            continue
        legs = sorted(ship.legs, key=lambda x: x.index)
        i = legs.index(leg)
        before, after = _anchor_before(legs, i), _anchor_after(legs, i)
        start, end = before[0] if before else leg.origin, after[0] if after else leg.destination
        d1, d2 = _km(start, s.place), _km(s.place, end)
        need1 = need2 = None
        if before and s.when.end:
            need1 = d1 / max(_hours(before[1], s.when.end), 1e-9)
            bound = max((bound, *(SPEED_BOUNDS.get(x.mode, SPEED_BOUNDS["unknown"]) for x in before[2])),
                        key=lambda b: b.high_kmh)
        if after and s.when.start:
            need2 = d2 / max(_hours(s.when.start, after[1]), 1e-9)
            bound = max((bound, *(SPEED_BOUNDS.get(x.mode, SPEED_BOUNDS["unknown"]) for x in after[2])),
                        key=lambda b: b.high_kmh)
        worst = max(x for x in (need1, need2, 0.0) if x is not None)
        if worst <= bound.high_kmh:
            computed = (f"{fmt(d1)} km from {start.name}, {fmt(d2)} km to {end.name}; "
                        f"needs at least {fmt(worst)} km/h")
            moving.append(Verdict(verdict="consistent", computed=computed,
                           method=f"{METHOD}; straight lines, a lower bound on the route; {bound.why}",
                           detail=f"consistent with leg {leg.index} under way ({leg.depart.text if leg.depart else '?'}"
                                  f" → {leg.arrive.text if leg.arrive else '?'})", leg=leg.key,
                           coords=(start.lonlat, s.place.lonlat, end.lonlat), **base))
            continue
        reasons.append(f"on leg {leg.index} it would need at least {fmt(worst)} km/h, above {bound.why}")
    if moving:
        return moving[0]
    if not reasons:
        reasons.append("no part of the reported journey overlaps that date")
    return Verdict(verdict="inconsistent", computed="; ".join(reasons),
                   method=f"{METHOD}; straight-line lower bounds",
                   detail=f"impossible as reported: {_story(ship)}", coords=(s.place.lonlat,), **base)


def check_sightings(case: Case) -> list[Verdict]:
    """A verdict for every sighting of every shipment, in case order."""
    return [check_sighting(ship, s) for ship in case.shipments for s in ship.sightings]
