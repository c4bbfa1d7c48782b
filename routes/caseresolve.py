"""Name resolution for case files: each place name a case uses, resolved once with the gazetteer and its context.

The case's own places extend and override the gazetteer (and ``--gazetteer``
files); a name that is ambiguous or not a confident match is decided by the
confident places of its legs, then of its shipment, and the choice is a
warning naming the alternatives (:func:`resolve_names`).
"""
from __future__ import annotations

import os
from typing import Any, Mapping, Sequence

from geodata.base.errors import InputError, PlaceNotFound
from geodata.place import Place

from .caseschema import Collector
from .caselegs import RawLeg
from .model import Leg
from .sightings import place_refs
from geodata.yamlsource import YList, YMap

#: gazetteer score from which another candidate goes by the same name or alias (partial word matches score lower)
SAME_NAME_SCORE = 95.0


def collect_names(raw: Sequence[tuple[dict[str, Any], list[RawLeg]]], doc: YMap,
                  places: Sequence[Place]) -> dict[str, list[tuple[int, str]]]:
    """Every place name the legs and sightings use, with each use's (line, message prefix).

    Names that a broken entry of the places block defines are left out: that entry is already reported.
    """
    names: dict[str, list[tuple[int, str]]] = {}
    for ship, legs in raw:
        for sref, where in place_refs(ship["id"], ship["sightings"]):
            names.setdefault(sref[0], []).append((sref[1], where))
        for leg in legs:
            where = f"leg {leg.index} of {leg.shipment_id}: "
            refs = [(leg.origin, "from"), (leg.destination, "to"), *((v, "via") for v in leg.via),
                    *((p, "path") for p in (leg.path or ()) if isinstance(p[0], str))]
            for ref, key in refs:
                if ref is not None:
                    names.setdefault(ref[0], []).append((ref[1], f"{where}{key}: "))
    # names of broken places: block entries are already reported, so do not report them as unknown too
    block: Any = doc.get("places") if isinstance(doc.get("places"), YList) else ()
    broken = {m["name"].strip().casefold() for m in block
              if isinstance(m, YMap) and isinstance(m.get("name"), str)} - {p.name.casefold() for p in places}
    names = {n: uses for n, uses in names.items() if n.casefold() not in broken}
    return names


def place_desc(p: Place) -> str:
    """A place as messages name it: ``Name (country, kind)``."""
    bits = ", ".join(b for b in (p.country, p.kind) if b)
    return f"{p.name} ({bits})" if bits else p.name


def leg_contexts(raw: Sequence[tuple[Any, list[RawLeg]]]) -> dict[str, tuple[list[str], list[str], set[str]]]:
    """For each name: the other names of its legs, of its shipments, and its legs' modes (context for resolution)."""
    out: dict[str, tuple[list[str], list[str], set[str]]] = {}
    for _, legs in raw:
        ship = [r[0] for leg in legs for r in (leg.origin, leg.destination, *leg.via) if r is not None]
        for leg in legs:
            mine = [r[0] for r in (leg.origin, leg.destination, *leg.via) if r is not None]
            for n in mine:
                entry = out.setdefault(n, ([], [], set()))
                entry[0].extend(x for x in mine if x != n)
                entry[1].extend(x for x in ship if x != n)
                entry[2].add(leg.mode)
    return out


def resolve_names(names: Mapping[str, list[tuple[int, str]]], places: Sequence[Place], c: Collector, gazetteer: Any,
             gazetteer_files: Sequence[str | os.PathLike[str]],
             contexts: Mapping[str, tuple[list[str], list[str], set[str]]] | None = None) -> dict[str, Place]:
    """Resolve each distinct name once; problems at its first use, mentioning later uses.

    A name that is ambiguous or not a confident match is decided by the confident
    places of its legs (then of its shipments) with :func:`geodata.resolve.with_context`;
    the choice is a warning naming the alternatives.
    """
    from geodata.resolve import alternatives, with_context

    if gazetteer is None:
        try:
            from geodata.gazetteer import Gazetteer
        except ModuleNotFoundError as e:  # pragma: no cover - a broken install
            from geodata.base.errors import DataUnavailable

            raise DataUnavailable(f"the gazetteer cannot be imported ({e}); reinstall routemap") from e
        gazetteer = Gazetteer.default()
    gz = gazetteer
    if gazetteer_files:
        gz = gz.with_files(tuple(gazetteer_files))
    if places:
        gz = gz.with_places(tuple(places))
    out: dict[str, Place] = {}
    own = {p.id for p in places}  # the case's own places are what the user meant
    matches: dict[str, Any] = {}
    for name, uses in names.items():
        first, where = min(uses)
        also = sorted({line for line, _ in uses} - {first})
        try:
            matches[name] = gz.lookup(name)
        except (PlaceNotFound, InputError) as e:
            more = f" (also used at line{'s' if len(also) > 1 else ''} {', '.join(map(str, also))})" if also else ""
            c.error(first, f"{where}{e}{more}")
    sure = {n: m.place for n, m in matches.items() if getattr(m, "confident", True)}
    for name, match in matches.items():
        uses = names[name]
        first, where = min(uses)
        also = sorted({line for line, _ in uses} - {first})
        more = f" (also used at line{'s' if len(also) > 1 else ''} {', '.join(map(str, also))})" if also else ""
        leg_names, ship_names, modes = (contexts or {}).get(name, ([], [], set()))
        if match.place.id not in own and (not match.confident or match.ambiguous):
            ctx = [sure[n] for n in leg_names if n in sure] or [sure[n] for n in ship_names if n in sure]
            decided = with_context(match, ctx, mode=next(iter(modes)) if len(modes) == 1 else None) if ctx else match
            if decided.place.id != match.place.id or decided.confident != match.confident:
                alts = "; ".join(alternatives(decided, 4))
                c.warn(first, f"{where}place {name!r} is ambiguous; chose {place_desc(decided.place)} "
                       f"[{decided.place.id}] by context ({decided.reason.split('context: ', 1)[-1]})"
                       f"{'; alternatives: ' + alts if alts else ''}; "
                       "write the full name or add it to places: to be sure")
                out[name] = decided.place
                continue
        if not getattr(match, "confident", True):
            cands = [match.place, *(getattr(x, "place", x) for x in (getattr(match, "candidates", ()) or ()))]
            descs = [place_desc(p) for p in cands[:6]]
            if len(set(descs)) < len(descs):  # same name, country and kind: tell them apart by position
                descs = [f"{d} at {p.lat:.2f}, {p.lon:.2f}" for d, p in zip(descs, cands[:6], strict=True)]
            listed = ", ".join(descs) + (f" and {len(cands) - 6} more" if len(cands) > 6 else "")
            c.error(first, f"{where}place {name!r} is ambiguous: {listed}; write the full name or add it to places:{more}")
            continue
        place = match.place
        if place.id not in own and getattr(match, "ambiguous", False) and any(
                getattr(x, "score", 100.0) >= SAME_NAME_SCORE for x in (getattr(match, "candidates", ()) or ())):
            others = [getattr(x, "place", x) for x in (getattr(match, "candidates", ()) or ())
                      if getattr(x, "score", 100.0) >= SAME_NAME_SCORE]
            others = [p for p in others if p.id != place.id]
            over = f" over {', '.join(place_desc(p) for p in others[:4])}" if others else ""
            c.warn(first, f"{where}place {name!r} is ambiguous; chose {place_desc(place)} [{place.id}]{over}; "
                   "write the full name or add it to places: to be sure")
        out[name] = place
    return out



def build_leg(raw: RawLeg, resolved: Mapping[str, Place], c: Collector) -> Leg:
    """The :class:`~routes.model.Leg` of a raw leg whose names are resolved; warns on a zero-length leg."""
    origin = resolved[raw.origin[0]]  # type: ignore[index]
    dest = resolved[raw.destination[0]]  # type: ignore[index]
    via = tuple(resolved[n] for n, _ in raw.via)
    path = None
    if raw.path is not None:
        path = tuple(resolved[p[0]].lonlat if isinstance(p[0], str) else (float(p[0]), float(p[1]))
                     for p in raw.path)
    if origin.id == dest.id or origin.lonlat == dest.lonlat:
        c.warn(raw.line, f"leg {raw.index} of {raw.shipment_id}: from and to are the same place "
               f"({origin.name}); a zero-length leg — is one of them wrong?")
    return Leg(shipment_id=raw.shipment_id, index=raw.index, origin=origin, destination=dest, mode=raw.mode,
               via=via, depart=raw.depart, arrive=raw.arrive, carrier=raw.carrier, notes=raw.notes,
               sources=raw.sources, path=path, line=raw.line, avoid=raw.avoid, carrier_mmsi=raw.carrier_mmsi,
               carrier_imo=raw.carrier_imo)
