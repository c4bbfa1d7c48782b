"""Flat feature records from an Analysis: the one schema every export writer shares.

An :class:`~routes.verdict.Analysis` becomes four layers of :class:`Feature` —
places (points), legs (lines), shipments (all legs of one shipment) and claims
(the lines checked claims measured) — each with plain properties named in
``routes.exportschema`` (text, numbers, ``datetime.date``; lists joined with `` | ``),
so QGIS, Google Earth and a spreadsheet show the same attribute table. Lines
are already cut at the antimeridian (RFC 7946 §3.1.9) into ``parts`` with
longitudes in [-180, 180]. Lengths are in km, coordinates (lon, lat) degrees.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from geodata.place import Place
from routes import exportschema
from routes.dates import When
from geodata.base.geodesy import cut_antimeridian, densify, is_line, line_length_m
from routes.model import Case, Leg, Shipment
from routes.routed import Route
from routes.verdict import LEG_CHECKS, Analysis, Figures, Verdict
from routes.transit import transit_columns

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Feature:
    """One exported feature: a point or a (possibly cut) line with flat properties.

    ``parts`` holds one part with one point for a point feature, and one or
    more line parts (each ≥ 2 points) for a line; ``multi`` says the writer
    should write a MultiLineString (a shipment, or a line cut at ±180°).
    """

    layer: str                           # places | legs | shipments | claims
    id: str
    parts: tuple[tuple[LonLat, ...], ...]
    properties: dict[str, Any]
    multi: bool = False

    @property
    def is_point(self) -> bool:
        return self.layer == "places"

    @property
    def has_geometry(self) -> bool:
        """False for a check with nothing to draw (e.g. a rate claim): written with a null geometry."""
        return bool(self.parts)

    @property
    def geometry_type(self) -> str:
        """"Point", "LineString" or "MultiLineString"."""
        if self.is_point:
            return "Point"
        return "MultiLineString" if self.multi or len(self.parts) > 1 else "LineString"

    @property
    def crosses_antimeridian(self) -> bool:
        """True when a line was cut at ±180° (some part ends on it and the next starts on it)."""
        return any(abs(a[-1][0]) == 180.0 and abs(b[0][0]) == 180.0 and a[-1][0] == -b[0][0]
                   for a, b in zip(self.parts, self.parts[1:], strict=False))


@dataclass(frozen=True)
class FeatureSet:
    """The four layers of an export, plus the case title."""

    title: str
    places: tuple[Feature, ...]
    legs: tuple[Feature, ...]
    shipments: tuple[Feature, ...]
    claims: tuple[Feature, ...]

    def layer(self, name: str) -> tuple[Feature, ...]:
        """The features of layer ``name`` (places, legs, shipments, claims)."""
        if name not in exportschema.LAYERS:
            raise KeyError(f"no layer {name!r}; layers: {', '.join(exportschema.LAYERS)}")
        return getattr(self, name)

    def all(self, include_claims: bool = True) -> list[Feature]:
        """Places, then legs, then (optionally) claims: the features of one GeoJSON/KML file."""
        return [*self.places, *self.legs, *(self.claims if include_claims else ())]


def line_parts(coords: Sequence[LonLat]) -> tuple[tuple[LonLat, ...], ...]:
    """A line as parts cut at the antimeridian; one part when it does not cross.

    A part without two distinct points (a leg from a place to itself) is left
    out, so no file holds a zero-length line, which GEOS and QGIS call invalid;
    a line with no part left has no geometry.

    >>> line_parts([(10.0, 1.0), (11.0, 2.0)])
    (((10.0, 1.0), (11.0, 2.0)),)
    >>> [p[-1][0] for p in line_parts([(179.0, 50.0), (-179.0, 50.0)])]
    [180.0, -179.0]
    >>> line_parts([(10.0, 1.0), (10.0, 1.0)])
    ()
    """
    import numpy as np

    from .coords import points

    if not is_line(coords):
        return ()
    if not (np.abs(np.diff(points(coords)[:, 0])) > 180.0).any():
        return (coords if isinstance(coords, tuple) else tuple((float(x), float(y)) for x, y in coords),)
    parts = (tuple(p) for p in cut_antimeridian([(float(x), float(y)) for x, y in coords]))
    return tuple(p for p in parts if is_line(p))


def first_day(w: When | None) -> dt.date | None:
    """The first possible UTC day of a reported date (None when open or missing).

    >>> from routes.dates import parse_when
    >>> first_day(parse_when("2023-09")), last_day(parse_when("2023-09"))
    (datetime.date(2023, 9, 1), datetime.date(2023, 9, 30))
    """
    return w.start.date() if w is not None and w.start is not None else None


def last_day(w: When | None) -> dt.date | None:
    """The last possible UTC day of a reported date (None when open or missing)."""
    if w is None or w.end is None:
        return None
    end = w.end if (w.start is not None and w.end == w.start) else w.end - dt.timedelta(microseconds=1)
    return end.date()


def _sources(case: Case, ids: Iterable[str]) -> dict[str, Any]:
    ids = list(ids)
    found = [case.source(i) for i in ids]
    return {
        "source_ids": exportschema.join(ids),
        "source_titles": exportschema.join((s.title if s else "") for s in found),
        "source_urls": exportschema.join((s.url or "" if s else "") for s in found),
    }


def _dates(leg: Leg) -> dict[str, Any]:
    d, a = leg.depart, leg.arrive
    return {
        "depart": d.text if d else None, "arrive": a.text if a else None,
        "depart_earliest": d.earliest if d else None, "depart_latest": d.latest if d else None,
        "arrive_earliest": a.earliest if a else None, "arrive_latest": a.latest if a else None,
        "depart_first_day": first_day(d), "depart_last_day": last_day(d),
        "arrive_first_day": first_day(a), "arrive_last_day": last_day(a),
    }


def _quantity(s: Shipment) -> dict[str, Any]:
    q = s.quantity
    return {"quantity": q.text if q else None, "quantity_low": q.low if q else None,
            "quantity_high": q.high if q else None, "quantity_unit": q.unit if q else None,
            "quantity_qualifier": q.qualifier if q else None}


def _fallback_route(leg: Leg) -> Route:
    """A geodesic for a leg the analysis did not route (so it is never silently dropped)."""
    pts = list(leg.path) if leg.path else [leg.origin.lonlat, *(v.lonlat for v in leg.via), leg.destination.lonlat]
    coords = tuple(densify(pts, 25.0))
    return Route(leg.shipment_id, leg.index, leg.mode, "explicit" if leg.path else "geodesic", coords,
                 line_length_m(coords) / 1000.0, warnings=("not routed by the analysis; drawn as a geodesic",))


def _leg_feature(case: Case, s: Shipment, leg: Leg, r: Route) -> Feature:
    snap = {sn.role: sn.distance_km for sn in r.snaps}
    props: dict[str, Any] = {
        "feature_type": "leg", "id": leg.key, "shipment_id": s.id, "leg_index": leg.index,
        "shipment_title": s.title, "label": leg.label,
        "from_name": leg.origin.name, "from_id": leg.origin.id, "from_lon": leg.origin.lon, "from_lat": leg.origin.lat,
        "to_name": leg.destination.name, "to_id": leg.destination.id,
        "to_lon": leg.destination.lon, "to_lat": leg.destination.lat,
        "via_names": exportschema.join(v.name for v in leg.via),
        "mode": leg.mode, "status": s.status, "confidence": s.confidence, "carrier": leg.carrier,
        "cargo": s.cargo, **_quantity(s),
        "method": r.method, "length_km": float(r.length_km), "land_km": r.land_km,
        **transit_columns(r.transit),
        **_dates(leg),
        "snap_from_km": snap.get("from"), "snap_to_km": snap.get("to"),
        "snaps": exportschema.join(f"{sn.role} {sn.place}: {sn.distance_km:.1f} km to {sn.network}" for sn in r.snaps),
        "warnings": exportschema.join(r.warnings),
        **_sources(case, leg.sources or s.sources),
        "shipment_source_ids": exportschema.join(s.sources),
        "notes": leg.notes,
    }
    return Feature("legs", leg.key, line_parts(r.coords), props)


def _shipment_feature(case: Case, s: Shipment, legs: list[Feature]) -> Feature:
    departs = [leg.depart for leg in s.legs if leg.depart is not None]
    arrives = [leg.arrive for leg in s.legs if leg.arrive is not None]
    modes: list[str] = []
    for leg in s.legs:
        if leg.mode not in modes:
            modes.append(leg.mode)
    props = {
        "feature_type": "shipment", "id": s.id, "title": s.title, "cargo": s.cargo,
        "quantity": s.quantity.text if s.quantity else None, "status": s.status, "confidence": s.confidence,
        "legs": len(s.legs), "modes": exportschema.join(modes),
        "length_km": float(sum(f.properties["length_km"] for f in legs)),
        "depart_earliest": departs[0].earliest if departs else None,
        "arrive_latest": arrives[-1].latest if arrives else None,
        "depart_first_day": first_day(departs[0]) if departs else None,
        "arrive_last_day": last_day(arrives[-1]) if arrives else None,
        **_sources(case, s.sources), "notes": s.notes,
    }
    parts = tuple(p for f in legs for p in f.parts)
    return Feature("shipments", s.id, parts, props, multi=True)


def _place_features(case: Case) -> list[Feature]:
    used: dict[str, tuple[Place, list[str], list[str]]] = {}

    def add(p: Place, shipment: str | None, leg: str | None) -> None:
        entry = used.setdefault(p.id, (p, [], []))
        if shipment and shipment not in entry[1]:
            entry[1].append(shipment)
        if leg and leg not in entry[2]:
            entry[2].append(leg)

    for leg in case.legs():
        for p in (leg.origin, *leg.via, leg.destination):
            add(p, leg.shipment_id, leg.key)
    for p in case.places:
        add(p, None, None)
    out = []
    for p, ships, legs in used.values():
        props = {
            "feature_type": "place", "id": p.id, "name": p.name, "kind": p.kind, "country": p.country,
            "lon": p.lon, "lat": p.lat, "uncertainty_km": p.uncertainty_km, "place_source": p.source or None,
            "aliases": exportschema.join(p.aliases), "shipment_ids": exportschema.join(ships), "leg_ids": exportschema.join(legs),
            "notes": p.notes,
        }
        out.append(Feature("places", p.id, (((float(p.lon), float(p.lat)),),), props))
    return out


def _figures(v: Verdict) -> dict[str, Any]:
    f = v.figures
    return {
        "claimed_value": Figures.mid(f.claimed_low, f.claimed_high), "claimed_low": f.claimed_low,
        "claimed_high": f.claimed_high, "computed_value": Figures.mid(f.computed_low, f.computed_high),
        "computed_low": f.computed_low, "computed_high": f.computed_high, "delta": f.delta,
        "tolerance": f.tolerance, "unit": f.unit, "basis": f.basis,
    }


def _claim_features(analysis: Analysis) -> list[Feature]:
    """One feature per verdict, every check: its measured line, or no geometry when it has none.

    A check of a leg's own speed (kinds ``speed`` and ``plausibility``) measures the leg's routed line, which the
    ``legs`` layer already holds: it names the leg (``leg``) and carries its length, without a second copy of the line.
    """
    out = []
    for v in analysis.verdicts:
        measured = v.has_line
        line = measured and v.kind not in LEG_CHECKS
        at = v.coords[0] if len(v.coords) and not measured else (None, None)   # a check about one place
        props = {
            "feature_type": "claim", "id": v.claim_id, "kind": v.kind, "verdict": v.verdict,
            "claimed": v.claimed, "computed": v.computed, "method": v.method, "detail": v.detail or None,
            **_figures(v), "leg": v.leg, "shipment_id": v.leg.rsplit("/", 1)[0] if v.leg else None,
            "length_km": line_length_m(v.coords) / 1000.0 if measured else None, "lon": at[0], "lat": at[1],
            **_sources(analysis.case, [v.source] if v.source else []),
        }
        out.append(Feature("claims", v.claim_id, line_parts(v.coords) if line else (), props))
    return out


def build_features(analysis: Analysis, *, include_claims: bool = True) -> FeatureSet:
    """Turn an Analysis into the four export layers (never mutates it).

    A leg the analysis has no route for is drawn as a geodesic with a warning,
    never dropped.
    """
    case = analysis.case
    routes = {r.key: r for r in analysis.routes}
    legs: list[Feature] = []
    shipments: list[Feature] = []
    for s in case.shipments:
        mine = []
        for leg in s.legs:
            r = routes.get(leg.key) or _fallback_route(leg)
            mine.append(_leg_feature(case, s, leg, r))
        legs.extend(mine)
        if mine:
            shipments.append(_shipment_feature(case, s, mine))
    claims = _claim_features(analysis) if include_claims else []
    return FeatureSet(case.title, tuple(_place_features(case)), tuple(legs), tuple(shipments), tuple(claims))
