"""Case-file blocks read and validated against :mod:`routes.caseschema`: sources, places, shipments, legs, claims.

Each reader takes the parsed YAML mapping and a :class:`~routes.caseschema.Collector`
and returns what it could read; every problem goes to the collector with its
line. Legs are read in :mod:`routes.caselegs`.
"""
from __future__ import annotations

import math
import os
import re
from typing import Any, Sequence

from geodata.place import KINDS, Place

from .caseschema import (
    PLACE_KEYS,
    QUANTITY_KEYS,
    SHIPMENT_KEYS,
    SOURCE_KEYS,
    Collector,
    fmt_value,
    slug,
)
from .caselegs import RawLeg, merge_avoid, read_avoid, read_leg, source_refs
from .dates import parse_when
from .model import CONFIDENCES, STATUSES, Claim, Quantity, Source
from .sightings import read_sightings
from geodata.yamlsource import YMap, plain, type_name

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_RANGE = re.compile(r"^\s*([0-9][0-9,_.]*)\s*(?:-|–|—|to)\s*([0-9][0-9,_.]*)\s*$")



def read_sources(doc: YMap, c: Collector) -> list[Source]:
    """The ``sources:`` block: each source once, with unique ids and valid dates."""
    out: list[Source] = []
    seen: dict[str, int] = {}
    items = c.listing(doc, "sources", "")
    for i, m in c.entries(items, "source"):
        sid = c.text(m, "id", f"source {i + 1}: ", required=True)
        label = f"source {sid}: " if sid else f"source {i + 1}: "
        c.keys(m, SOURCE_KEYS, label)
        c.unique_id(m, "source", sid, seen)
        title = c.text(m, "title", label, required=True)
        date = c.text(m, "date", label)
        if date is not None and not _source_date_ok(date):
            c.error(m.line_of("date"), f"{label}date {date!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")
            date = None
        src = Source(id=sid or "", title=title or "", publisher=c.text(m, "publisher", label), date=date,
                     url=c.text(m, "url", label), author=c.text(m, "author", label),
                     notes=c.text(m, "notes", label), line=m.line)
        if sid is not None and sid not in [s.id for s in out]:
            out.append(src)
    return out


def _source_date_ok(text: str) -> bool:
    if not _SOURCE_DATE.match(text):
        return False
    try:
        parse_when(text)
    except ValueError:
        return False
    return True


def read_places(doc: YMap, c: Collector, filename: str) -> list[tuple[Place, int]]:
    """The case's places block, each with its line (Place itself has no line)."""
    out: list[tuple[Place, int]] = []
    seen: dict[str, int] = {}
    ids: set[str] = set()
    items = c.listing(doc, "places", "")
    base = os.path.basename(filename)
    for i, m in c.entries(items, "place"):
        name = c.text(m, "name", f"place {i + 1}: ", required=True)
        label = f"place {name!r}: " if name else f"place {i + 1}: "
        c.keys(m, PLACE_KEYS, label)
        lat = c.number(m, "lat", label, word="latitude", lo=-90, hi=90, required=True)
        lon = c.number(m, "lon", label, word="longitude", lo=-180, hi=180, required=True)
        kind = c.choice(m, "kind", label, KINDS, "point")
        country = c.text(m, "country", label)
        if country is not None:
            if not re.fullmatch(r"[A-Za-z]{2,3}", country):
                c.error(m.line_of("country"), f"{label}country {country!r} is not a country code; use an ISO "
                        "3166-1 alpha-2 code such as RU, KP, CN")
                country = None
            else:
                country = country.upper()
        unc = c.number(m, "uncertainty_km", label, lo=0)
        aliases = tuple(a for a, _ in c.texts(m, "aliases", label))
        source = c.text(m, "source", label) or f"case file {base}:{m.line}"
        notes = c.text(m, "notes", label)
        if name is not None:
            key = name.casefold()
            if key in seen:
                c.error(m.line_of("name"), f"{label}defined twice (first at line {seen[key]}); merge the entries")
                continue
            seen[key] = m.line_of("name")
        if name is None or lat is None or lon is None:
            continue
        pid = f"case:{slug(name)}"
        n = 2
        while pid in ids:
            pid, n = f"case:{slug(name)}-{n}", n + 1
        ids.add(pid)
        out.append((Place(id=pid, name=name, lat=lat, lon=lon, kind=kind, country=country, aliases=aliases,
                          uncertainty_km=unc, source=source, notes=notes), m.line))
    return out


def read_shipments(doc: YMap, c: Collector, source_ids: set[str]) -> list[tuple[dict[str, Any], list[RawLeg]]]:
    """The ``shipments:`` block: each shipment's fields (for :class:`~routes.model.Shipment`) and its raw legs."""
    out: list[tuple[dict[str, Any], list[RawLeg]]] = []
    items = c.listing(doc, "shipments", "")
    if items is not None and not items:
        c.error(doc.line_of("shipments"), "shipments: is empty; give at least one shipment with id: and legs:")
    seen: dict[str, int] = {}
    for i, m in c.entries(items, "shipment"):
        sid = c.text(m, "id", f"shipment {i + 1}: ", required=True)
        if sid is not None and not _SLUG.match(sid):
            c.error(m.line_of("id"), f"shipment id {sid!r} is not slug-like; use letters, digits, '-', '_' "
                    f"or '.', e.g. {slug(sid) or 'angara-2023'}")
        label = f"shipment {sid}: " if sid else f"shipment {i + 1}: "
        c.keys(m, SHIPMENT_KEYS, label)
        c.unique_id(m, "shipment", sid, seen)
        ship: dict[str, Any] = {
            "id": sid or f"shipment-{i + 1}",
            "title": c.text(m, "title", label) or sid or f"shipment {i + 1}",
            "cargo": c.text(m, "cargo", label),
            "quantity": _quantity(m, c, label),
            "status": c.choice(m, "status", label, STATUSES, "reported"),
            "confidence": c.choice(m, "confidence", label, CONFIDENCES, "medium"),
            "sources": source_refs(m, c, label, source_ids),
            "notes": c.text(m, "notes", label),
            "line": m.line,
        }
        ship["sightings"] = read_sightings(m, c, label, ship["id"], source_ids)
        legs_list = c.listing(m, "legs", label)
        if "legs" not in m or m["legs"] is None:
            c.error(m.line, f"{label}missing legs: (required; a list of legs, each with from: and to:)")
        elif legs_list is not None and not legs_list:
            c.error(m.line_of("legs"), f"{label}legs: is empty; give at least one leg with from: and to:")
        legs = [read_leg(leg, legs_list.line_of(j), j + 1, ship["id"], c, source_ids)  # type: ignore[union-attr]
                for j, leg in enumerate(legs_list or ())]
        ship_avoid = read_avoid(m, c, label)
        for leg in legs:
            if leg is not None:
                leg.avoid = merge_avoid(leg.avoid, ship_avoid)
        out.append((ship, [leg for leg in legs if leg is not None]))
    return out


def _quantity(m: YMap, c: Collector, label: str) -> Quantity | None:
    if "quantity" not in m or m["quantity"] is None:
        return None
    q = m["quantity"]
    qline = m.line_of("quantity")
    if not isinstance(q, YMap):
        if isinstance(q, (int, float, str)) and not isinstance(q, bool):
            q2 = YMap(qline)
            q2["value"], q2.key_lines["value"] = q, qline
            q = q2
        else:
            c.error(qline, f"{label}quantity must be a mapping like {{value: 1000, unit: containers}}, found {type_name(q)}")
            return None
    c.keys(q, QUANTITY_KEYS, f"{label}quantity: ")
    unit = c.text(q, "unit", f"{label}quantity: ")
    qualifier = c.text(q, "qualifier", f"{label}quantity: ")
    if "value" not in q or q["value"] is None:
        c.error(q.line, f"{label}quantity: missing value: (a number such as 1000 or a range such as 3000-4000)")
        return None
    v = q["value"]
    vline = q.line_of("value")
    low = high = None
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        c.error(vline, f"{label}quantity value must be a number or a range like 3000-4000, found {type_name(v)}")
        return None
    written = fmt_value(v) if not isinstance(v, str) else v.strip()
    if isinstance(v, (int, float)):
        low = high = float(v)
    else:
        rng = _RANGE.match(v)
        try:
            if rng:
                low, high = (float(x.replace(",", "").replace("_", "")) for x in rng.groups())
            else:
                low = high = float(v.replace(",", "").replace("_", "").strip())
        except ValueError:
            low = high = None
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)) or low < 0:
        c.error(vline, f"{label}quantity value {written!r} is not a number or a range like 3000-4000")
        return None
    if low > high:
        c.error(vline, f"{label}quantity range {written!r} runs backwards; write LOW-HIGH")
        return None
    text = " ".join(x for x in (qualifier, written, unit) if x)
    return Quantity(text=text, low=low, high=high, unit=unit, qualifier=qualifier)


def read_claims(doc: YMap, c: Collector, source_ids: set[str]) -> list[Claim]:
    """The ``claims:`` block, each claim's fields checked by :func:`routes.claims.claim_problems`."""
    out: list[Claim] = []
    items = c.listing(doc, "claims", "")
    seen: dict[str, int] = {}
    try:
        from .claims import claim_problems
    except ImportError:  # pragma: no cover - the claims module ships with routemap
        claim_problems = None  # type: ignore[assignment]
    for i, m in c.entries(items, "claim"):
        cid = c.text(m, "id", f"claim {i + 1}: ", required=True)
        label = f"claim {cid}: " if cid else f"claim {i + 1}: "
        kind = c.text(m, "kind", label, required=True)
        c.unique_id(m, "claim", cid, seen)
        source = c.text(m, "source", label)
        if source is not None and source not in source_ids:
            known = ", ".join(sorted(source_ids)) or "none"
            c.error(m.line_of("source"), f"{label}source {source!r} is not defined under sources:; defined: {known}")
        if cid is None or kind is None:
            continue
        if claim_problems is not None:
            whole = plain(m)
            for msg in claim_problems(whole, kind):
                c.error(m.line, f"{label}{msg}")
        fields = {k: plain(v) for k, v in m.items() if k not in ("id", "kind", "source")}
        out.append(Claim(id=cid, kind=kind, fields=fields, source=source, line=m.line))
    return out


def check_claim_legs(claims: Sequence[Claim], leg_keys: Sequence[str], c: Collector) -> None:
    """A problem for each claim whose ``leg:`` names no leg of the case (``check`` would say 'cannot check')."""
    for cl in claims:
        ref = cl.fields.get("leg")
        if ref is not None and str(ref).strip() and str(ref).strip() not in leg_keys:
            known = ", ".join(leg_keys[:12]) + (", …" if len(leg_keys) > 12 else "") if leg_keys else "none"
            c.error(cl.line, f"claim {cl.id}: leg {str(ref).strip()!r} is not a leg of this case; "
                    f"write <shipment id>/<leg number>; legs: {known}")


