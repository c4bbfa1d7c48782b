"""Write a Case back to a version-1 case file (YAML) that ``routes.casefile.load_case`` reads.

Every place a leg uses goes into the ``places:`` block with its coordinates,
so the file loads the same way on any machine, whatever the gazetteer says.
A leg with explicit geometry gets ``path: [[lon, lat], ...]``. Dates are
written as reported (``2023-09-07/2023-09-08``, ``2023-09``, ``2023-09-12/``).
"""
from __future__ import annotations

import math
from typing import Any, Iterable

import yaml

from geodata.place import Place

from .model import Case, Claim, Leg, Quantity, Shipment, Sighting, Source


class _Flow(list):
    """A list written in YAML flow style (``[a, b]``)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _num(x: float) -> int | float:
    """A number as written: whole numbers without ``.0``."""
    return int(x) if float(x).is_integer() and abs(x) < 1e15 else float(x)


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != () and v != []}


def _place(p: Place) -> dict[str, Any]:
    source = p.source if p.source and not p.source.startswith("case file ") else None
    return _drop_none({
        "name": p.name, "lat": float(p.lat), "lon": float(p.lon), "kind": p.kind if p.kind != "point" else None,
        "country": p.country, "uncertainty_km": p.uncertainty_km,
        # aliases only of the case's own places; a gazetteer place's aliases stay in the gazetteer
        "aliases": _Flow(p.aliases) if p.aliases and p.id.startswith(("case:", "import:")) else None,
        "source": source, "notes": p.notes,
    })


def _source(s: Source) -> dict[str, Any]:
    return _drop_none({"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url,
                       "author": s.author, "notes": s.notes})


def _quantity(q: Quantity | None) -> dict[str, Any] | None:
    if q is None or q.low is None or q.high is None:
        return None
    value: Any = _num(q.low) if q.low == q.high else f"{_num(q.low)}-{_num(q.high)}"
    return _drop_none({"value": value, "unit": q.unit, "qualifier": q.qualifier})


def _leg(leg: Leg) -> dict[str, Any]:
    path = list(_Flow([_num(round(lon, 7)), _num(round(lat, 7))]) for lon, lat in leg.path) if leg.path else None
    return _drop_none({
        "from": leg.origin.name, "to": leg.destination.name,
        "via": _Flow(v.name for v in leg.via) if leg.via else None,
        "mode": leg.mode, "carrier": leg.carrier, "carrier_mmsi": leg.carrier_mmsi, "carrier_imo": leg.carrier_imo,
        "depart": leg.depart.text if leg.depart else None, "arrive": leg.arrive.text if leg.arrive else None,
        "sources": _Flow(leg.sources) if leg.sources else None, "notes": leg.notes, "path": path,
        "avoid": _Flow((*leg.avoid.countries, *leg.avoid.passages)) if leg.avoid and (
            leg.avoid.countries or leg.avoid.passages) else None,
        "stay_in": _Flow(leg.avoid.stay_in) if leg.avoid and leg.avoid.stay_in else None,
    })


def _sighting(x: Sighting) -> dict[str, Any]:
    where = ({"lat": _num(round(x.place.lat, 7)), "lon": _num(round(x.place.lon, 7))}
             if x.place.id.startswith("coords:") else {"at": x.place.name})
    return _drop_none({**where, "date": x.when.text, "kind": x.kind, "source": x.source, "notes": x.notes})


def _shipment(s: Shipment) -> dict[str, Any]:
    return _drop_none({
        "id": s.id, "title": s.title, "cargo": s.cargo, "quantity": _quantity(s.quantity),
        "status": s.status, "confidence": s.confidence,
        "sources": _Flow(s.sources) if s.sources else None, "notes": s.notes,
        "legs": [_leg(leg) for leg in s.legs],
        "sightings": [_sighting(x) for x in s.sightings] or None,
    })


def _claim(c: Claim) -> dict[str, Any]:
    fields = {k: v for k, v in c.fields.items() if k not in ("id", "kind", "source")}
    return _drop_none({"id": c.id, "kind": c.kind, **fields, "source": c.source})


def places_used(case: Case) -> list[Place]:
    """The case's own places and every place its legs use, one per name, in first-use order."""
    seen: dict[str, Place] = {}
    legs_places: Iterable[Place] = (p for leg in case.legs() for p in (leg.origin, *leg.via, leg.destination))
    seen_at = (x.place for s in case.shipments for x in s.sightings if not x.place.id.startswith("coords:"))
    for p in (*case.places, *legs_places, *seen_at):
        seen.setdefault(p.name.casefold(), p)
    return list(seen.values())


def case_dict(case: Case) -> dict[str, Any]:
    """The case as plain data in the version-1 layout (what :func:`dump_case` writes)."""
    for p in places_used(case):
        for v in (p.lat, p.lon):
            if not math.isfinite(v):
                raise ValueError(f"place {p.name!r} has a non-finite coordinate {v}")
    return _drop_none({
        "version": 1, "title": case.title, "notes": case.notes,
        "places": [_place(p) for p in places_used(case)],
        "sources": [_source(s) for s in case.sources],
        "shipments": [_shipment(s) for s in case.shipments],
        "claims": [_claim(c) for c in case.claims],
    })


def dump_case(case: Case, *, header: str | None = None) -> str:
    """YAML text of ``case`` in the version-1 case-file format; ``header`` becomes a leading comment."""
    text = yaml.dump(case_dict(case), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    if header:
        text = "".join(f"# {line}\n" for line in header.splitlines()) + text
    return text
