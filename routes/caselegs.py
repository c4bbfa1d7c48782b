"""A case file's legs read and validated against :mod:`routes.caseschema`: places as written, dates, path,
carrier, and the ``avoid:``/``stay_in:`` of legs, shipments and the case (:class:`RawLeg`, :func:`read_leg`).

Place names are kept as written (with their lines); :mod:`routes.caseresolve` turns them into places.
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

from geodata.base.errors import InputError

from .caseschema import (
    LEG_KEYS,
    Collector,
    fmt_value,
)
from .dates import When, as_local_days
from .model import MODES, Avoid, LonLat
from geodata.yamlsource import YList, YMap, type_name

@dataclass
class RawLeg:
    """A leg read from the file, before its names are resolved."""

    shipment_id: str
    index: int
    line: int
    origin: tuple[str, int] | None
    destination: tuple[str, int] | None
    mode: str
    via: list[tuple[str, int]]
    depart: When | None
    arrive: When | None
    carrier: str | None
    notes: str | None
    sources: tuple[str, ...]
    path: list[tuple[str, int] | LonLat] | None
    avoid: Avoid | None = None
    carrier_mmsi: int | None = None
    carrier_imo: int | None = None


def _vessel_number(m: YMap, key: str, c: Collector, label: str) -> int | None:
    """``carrier_mmsi`` (9 digits) or ``carrier_imo`` (7 digits, "IMO " optional) of a leg."""
    if key not in m or m[key] is None:
        return None
    v = m[key]
    digits = 9 if key == "carrier_mmsi" else 7
    text = str(v).strip().upper().removeprefix("IMO").strip() if not isinstance(v, bool) else ""
    if not (text.isdigit() and len(text) == digits):
        c.error(m.line_of(key), f"{label}{key} {v!r} is not a {digits}-digit number"
                f"{' (e.g. 273123456)' if digits == 9 else ' (e.g. IMO 9179842)'}")
        return None
    return int(text)


def source_refs(m: YMap, c: Collector, label: str, source_ids: set[str]) -> tuple[str, ...]:
    """The ``sources:`` ids of an entry; an id not in ``source_ids`` is a problem."""
    refs = c.texts(m, "sources", label)
    for ref, line in refs:
        if ref not in source_ids:
            known = ", ".join(sorted(source_ids)) or "none"
            close = difflib.get_close_matches(ref, sorted(source_ids), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            c.error(line, f"{label}source {ref!r} is not defined under sources:{hint}; defined: {known}")
    return tuple(r for r, _ in refs)


def _name_ref(m: YMap, key: str, c: Collector, label: str, *, required: bool) -> tuple[str, int] | None:
    if key not in m or m[key] is None or (isinstance(m[key], str) and not m[key].strip()):
        if required:
            c.error(m.line, f"{label}missing {key}: (required: the place name the leg {'starts' if key == 'from' else 'ends'} at)")
        return None
    v = m[key]
    if isinstance(v, bool) or not isinstance(v, (str, int, float)):
        c.error(m.line_of(key), f"{label}{key} must be a place name, found {type_name(v)}")
        return None
    return (v.strip() if isinstance(v, str) else fmt_value(v), m.line_of(key))


def read_leg(item: Any, line: int, index: int, sid: str, c: Collector, source_ids: set[str]) -> RawLeg | None:
    """Leg ``index`` of shipment ``sid`` (None when it is not a mapping); its problems go to ``c``."""
    label = f"leg {index} of {sid}: "
    m = c.mapping(item, line, f"leg {index} of {sid}")
    if m is None:
        return None
    c.keys(m, LEG_KEYS, label)
    origin = _name_ref(m, "from", c, label, required=True)
    dest = _name_ref(m, "to", c, label, required=True)
    mode = c.choice(m, "mode", label, MODES, "unknown")
    via = c.texts(m, "via", label)
    depart = c.when(m, "depart", label)
    arrive = c.when(m, "arrive", label)
    if depart is not None and arrive is not None:
        dep, arr = as_local_days(depart, arrive)   # "2023-09-12" then "2023-09-12T09:00+10:00" is in order
        if dep.start is not None and arr.end is not None:
            exclusive = arr.end != arr.start
            if arr.end < dep.start or (exclusive and arr.end == dep.start):
                c.error(m.line_of("arrive"), f"{label}arrive {arrive.text} is before depart {depart.text}")
    path = _path(m, c, label)
    return RawLeg(shipment_id=sid, index=index, line=m.line, origin=origin, destination=dest, mode=mode,
                   via=via, depart=depart, arrive=arrive, carrier=c.text(m, "carrier", label),
                   notes=c.text(m, "notes", label), sources=source_refs(m, c, label, source_ids), path=path,
                   avoid=read_avoid(m, c, label),
                   carrier_mmsi=_vessel_number(m, "carrier_mmsi", c, label),
                   carrier_imo=_vessel_number(m, "carrier_imo", c, label))


def read_avoid(m: YMap, c: Collector, label: str) -> Avoid | None:
    """``avoid:`` (country codes and strait/canal names) and ``stay_in:`` (country codes) of a mapping."""
    avoid, stay = c.texts(m, "avoid", label), c.texts(m, "stay_in", label)
    if not avoid and not stay:
        return None
    from geodata.avoid import passage
    from geodata.countries import codes_index, country_tiles

    ct = country_tiles()
    codes, passages, stay_in = [], [], []
    for item, line in avoid:
        try:
            codes.append(ct.codes[codes_index(ct, [item])[0]])
            continue
        except InputError:
            pass
        try:
            passages.append(passage(item).name)
        except InputError as e:
            c.error(line, f"{label}avoid {item!r} is neither a country code nor a known passage; "
                    f"{e.problems[0].message}; country codes are ISO 3166-1 alpha-2 (e.g. CN, KZ)")
    for item, line in stay:
        try:
            stay_in.append(ct.codes[codes_index(ct, [item])[0]])
        except InputError as e:
            c.error(line, f"{label}stay_in: {e.problems[0].message}")
    return Avoid(tuple(codes), tuple(passages), tuple(stay_in))


def merge_avoid(inner: Avoid | None, outer: Avoid | None) -> Avoid | None:
    """Avoid of a leg given its own and its shipment's (or case's): avoid lists add up, the innermost stay_in wins."""
    if not outer:
        return inner or None
    if not inner:
        return outer
    return Avoid(tuple(dict.fromkeys((*inner.countries, *outer.countries))),
                 tuple(dict.fromkeys((*inner.passages, *outer.passages))), inner.stay_in or outer.stay_in)


def _path(m: YMap, c: Collector, label: str) -> list[tuple[str, int] | LonLat] | None:
    if "path" not in m or m["path"] is None:
        return None
    v = m["path"]
    line = m.line_of("path")
    if isinstance(v, YMap):
        c.keys(v, ("type", "coordinates"), f"{label}path: ")
        if v.get("type") != "LineString":
            c.error(v.line_of("type"), f"{label}path type {v.get('type')!r} is not supported; use a GeoJSON "
                    "LineString or a list of places and [lon, lat] pairs")
            return None
        coords = v.get("coordinates")
        if not isinstance(coords, YList):
            c.error(v.line_of("coordinates"), f"{label}path coordinates must be a list of [lon, lat] pairs, "
                    f"found {type_name(coords)}")
            return None
        items: YList = coords
        names_ok = False
    elif isinstance(v, YList):
        items, names_ok = v, True
    else:
        c.error(line, f"{label}path must be a list of places and [lon, lat] pairs or a GeoJSON LineString, "
                f"found {type_name(v)}")
        return None
    out: list[tuple[str, int] | LonLat] = []
    ok = True
    for i, p in enumerate(items):
        pline = items.line_of(i)
        if isinstance(p, str) and names_ok and p.strip():
            out.append((p.strip(), pline))
            continue
        if isinstance(p, YList) and len(p) in (2, 3) and all(
                isinstance(x, (int, float)) and not isinstance(x, bool) for x in p):
            lon, lat = float(p[0]), float(p[1])
            if not (math.isfinite(lon) and math.isfinite(lat)):
                c.error(pline, f"{label}path point {i + 1} [{fmt_value(p[0])}, {fmt_value(p[1])}] is not finite")
                ok = False
            elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
                hint = "; is it [lat, lon]? write [lon, lat]" if -90 <= lon <= 90 and -180 <= lat <= 180 else ""
                c.error(pline, f"{label}path point {i + 1} [{fmt_value(p[0])}, {fmt_value(p[1])}] is out of range "
                        f"(longitude -180..180, latitude -90..90){hint}")
                ok = False
            else:
                out.append((lon, lat))
            continue
        want = "a place name or a [lon, lat] pair" if names_ok else "a [lon, lat] pair"
        c.error(pline, f"{label}path point {i + 1} must be {want}, found {type_name(p)}")
        ok = False
    if ok and len(out) < 2:
        c.error(line, f"{label}path needs at least 2 points, found {len(out)}")
        return None
    return out if ok else None
