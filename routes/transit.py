"""Countries, border crossings, straits, canals and inland water along a routed leg.

Method: the leg's line is densified along the WGS84 geodesic to points at most
:data:`SPACING_KM` apart, cut at ±180°, and cut into pieces of :data:`PIECE`
segments; one STRtree query finds the country tiles (Natural Earth 10m
admin-0, German point of view, :mod:`geodata.countries`) each piece meets, and
shapely intersects them. Each intersection's ends are placed along the leg
(planar position within its piece, converted to geodesic km), so the runs of
one country come out in order and their km are WGS84 geodesic km. What lies in
no country is "outside" (sea, lakes Natural Earth leaves out, or gaps).

Border crossings (rail and road legs) are the points where one country's run
meets the next (directly, or across a gap shorter than :data:`GAP_KM`, e.g. a
border river), each matched to the nearest curated ``border_crossing`` or
``bridge`` within :data:`CROSSING_KM`. Sea passages are the curated places of
kind ``strait`` and ``canal`` whose point the leg passes within their
``uncertainty_km`` (the radius covering the passage). On sea legs, runs inside
a country more than :data:`~routes.passages.PORT_ZONE_KM` from both ends and longer than
:data:`~routes.passages.INLAND_MIN_KM` are inland water (rivers, canals), named by the curated
rivers and canals within reach. Coordinates are (lon, lat).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Sequence

from .dates import When
from geodata.base.geodesy import GEOD, cut_antimeridian, intersection_lines
from .model import Avoid, Case, LonLat
from .routed import CountryKm, Crossing, Route, Stretch, Transit
from .verdict import Verdict, VerdictText
from .passages import arctic_warnings, closure_warnings, curated, passages

#: densify the leg to this spacing (km) before intersecting in lon/lat, so straight lon/lat segments follow the
#: geodesic (a 25 km chord strays from it by metres; the tests agree with a 2 km densification to the km)
SPACING_KM = 25.0
#: segments per piece intersected with the tiles
PIECE = 32
#: a gap in no country shorter than this (km) between two countries is a border (rivers, slivers), not sea
GAP_KM = 30.0
#: a known crossing within this distance (km) of a crossing point names it
CROSSING_KM = 20.0
#: third-country warnings: km inside another country from which a leg is warned about
THIRD_COUNTRY_KM = 1.0
METHOD = ("route densified to 25 km along the WGS84 geodesic, intersected with Natural Earth 10m admin-0 "
          "(German point of view); km are WGS84 geodesic")


def densified(coords: Sequence[LonLat]) -> list[Any]:
    """The leg densified to :data:`SPACING_KM`, cut at ±180°: a list of (n, 2) arrays."""
    import numpy as np

    from geodata.base.geodesy import densify_array

    pts = np.asarray(coords, dtype=np.float64).reshape(-1, 2)
    if len(pts) >= 2:
        pts = densify_array(pts, SPACING_KM)
    lon = pts[:, 0]
    if (lon < -180.0).any() or (lon > 180.0).any():
        pts = pts.copy()
        pts[:, 0] = ((lon + 180.0) % 360.0) - 180.0
    if len(pts) >= 2 and np.any(np.abs(np.diff(pts[:, 0])) > 180.0):
        return [np.asarray(p, dtype=np.float64) for p in cut_antimeridian([(x, y) for x, y in pts.tolist()])]
    return [pts]


def stretches(coords: Sequence[LonLat]) -> tuple[Stretch, ...]:
    """The leg as ordered runs of one country each (code "" outside every country), km along the leg."""
    import numpy as np
    import shapely

    from geodata.countries import country_tiles

    ct = country_tiles()
    parts = [p for p in densified(coords) if len(p) >= 2]
    if not parts:
        return ()
    # cumulative planar and geodesic length over the whole leg (parts joined end to end)
    piece_pts, piece_off = [], []        # each piece's points, and its start in the planar cumulative
    cum_p, cum_g = [np.zeros(1)], [np.zeros(1)]
    p_off = g_off = 0.0
    for pts in parts:
        d_p = np.hypot(np.diff(pts[:, 0]), np.diff(pts[:, 1]))
        _, _, d_g = GEOD.inv(pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1])
        cp = p_off + np.concatenate([[0.0], np.cumsum(d_p)])
        cg = g_off + np.concatenate([[0.0], np.cumsum(np.asarray(d_g) / 1000.0)])
        cum_p.append(cp)
        cum_g.append(cg)
        for s in range(0, len(pts) - 1, PIECE):
            piece_pts.append(pts[s:s + PIECE + 1])
            piece_off.append(cp[s])
        p_off, g_off = float(cp[-1]) + 1e-9, float(cg[-1])
    P, G = np.concatenate(cum_p[1:]), np.concatenate(cum_g[1:])
    total = float(G[-1])
    sizes = np.fromiter((len(p) for p in piece_pts), dtype=np.int64, count=len(piece_pts))
    pieces = shapely.linestrings(np.concatenate(piece_pts), indices=np.repeat(np.arange(len(piece_pts)), sizes))
    runs: list[tuple[float, float, int, LonLat, LonLat]] = []
    # pieces wholly inside one tile need no intersection: the run is the whole piece
    whole, wtile = ct.tree.query(pieces, predicate="within")
    if len(whole):
        ends = np.asarray([(len(p) - 1) for p in piece_pts])[whole]
        off = np.asarray(piece_off)[whole]
        plen = shapely.length(pieces[whole])
        ka, kb = np.interp(off, P, G), np.interp(off + plen, P, G)
        for i, w in enumerate(whole.tolist()):
            a, b = piece_pts[w][0], piece_pts[w][ends[i]]
            runs.append((float(ka[i]), float(kb[i]), int(ct.owner[wtile[i]]), (float(a[0]), float(a[1])),
                         (float(b[0]), float(b[1]))))
    rest = np.setdiff1d(np.arange(len(pieces)), whole)
    which, tile = ct.tree.query(pieces[rest], predicate="intersects")
    which = rest[which]
    if len(which):
        inter = shapely.intersection(pieces[which], ct.tiles[tile])
        got, src = intersection_lines(inter)
        if len(got):
            piece = which[src]
            first = shapely.get_point(got, 0)
            last = shapely.get_point(got, -1)
            loc_a = shapely.line_locate_point(pieces[piece], first)
            loc_b = shapely.line_locate_point(pieces[piece], last)
            off = np.asarray(piece_off)[piece]
            ka = np.interp(off + np.minimum(loc_a, loc_b), P, G)
            kb = np.interp(off + np.maximum(loc_a, loc_b), P, G)
            fa, la = shapely.get_coordinates(first), shapely.get_coordinates(last)
            swap = loc_a > loc_b
            owner = ct.owner[tile[src]]
            for i in range(len(ka)):
                a, b = (la[i], fa[i]) if swap[i] else (fa[i], la[i])
                runs.append((float(ka[i]), float(kb[i]), int(owner[i]), (float(a[0]), float(a[1])),
                             (float(b[0]), float(b[1]))))
    runs.sort(key=lambda r: (r[0], r[1]))
    return _merge(runs, total, parts, ct)


def _merge(runs: list, total: float, parts: list, ct: Any) -> tuple[Stretch, ...]:
    """Join touching runs of one country; fill what no country covers with code ""."""
    out: list[list] = []                  # [k or -1, start_km, end_km, start, end]
    start = (float(parts[0][0, 0]), float(parts[0][0, 1]))
    end = (float(parts[-1][-1, 0]), float(parts[-1][-1, 1]))
    pos, where = 0.0, start
    tol = 1e-6
    for a, b, k, pa, pb in runs:
        if b <= pos + tol:
            continue                      # overlapping tiles or a repeated piece end
        if a > pos + tol:
            out.append([-1, pos, a, where, pa])
        a = max(a, pos)
        if out and out[-1][0] == k and a - out[-1][2] <= tol:
            out[-1][2], out[-1][4] = b, pb
        else:
            out.append([k, a, b, pa if a > pos - tol else where, pb])
        pos, where = b, pb
    if total > pos + tol:
        out.append([-1, pos, total, where, end])
    return tuple(Stretch(ct.codes[k] if k >= 0 else "", ct.names[k] if k >= 0 else "", a, b, pa, pb)
                 for k, a, b, pa, pb in out)


def countries(parts: Iterable[Stretch]) -> tuple[tuple[CountryKm, ...], float]:
    """(km per country in order of first entry, km outside every country)."""
    km: dict[str, float] = {}
    names: dict[str, str] = {}
    outside = 0.0
    for s in parts:
        if s.code:
            km[s.code] = km.get(s.code, 0.0) + s.km
            names[s.code] = s.name
        else:
            outside += s.km
    return tuple(CountryKm(c, names[c], round(v, 3)) for c, v in km.items()), round(outside, 3)


def crossings(parts: Sequence[Stretch]) -> tuple[Crossing, ...]:
    """Border crossings: where one country's run meets another's (directly or over a gap < :data:`GAP_KM`)."""
    import numpy as np

    from geodata.base.geodesy import sphere_km

    known = curated(("border_crossing", "bridge"))
    out = []
    prev: Stretch | None = None
    gap: Stretch | None = None
    for s in parts:
        if not s.code:
            gap = s
            continue
        if prev is not None and prev.code != s.code and (gap is None or gap.km < GAP_KM):
            if gap is None:
                at, at_km = s.start, s.start_km
            else:
                at = ((gap.start[0] + gap.end[0]) / 2.0, (gap.start[1] + gap.end[1]) / 2.0)
                at_km = (gap.start_km + gap.end_km) / 2.0
            name, dist = None, None
            if known:
                d = sphere_km(at[0], at[1], np.asarray([p.lon for p in known]), np.asarray([p.lat for p in known]))
                i = int(np.argmin(d))
                if float(d[i]) <= CROSSING_KM:
                    name, dist = known[i].name, round(float(d[i]), 1)
            out.append(Crossing(prev.code, s.code, (round(at[0], 4), round(at[1], 4)), round(at_km, 1), name, dist))
        prev, gap = s, None
    return tuple(out)


def transit(route: Route) -> Transit:
    """Countries, crossings and passages of a routed leg (see the module docstring for the method)."""
    parts = stretches(route.coords)
    per_country, outside = countries(parts)
    cross = crossings(parts) if route.mode in ("rail", "road") else ()
    named, inland = passages(route.coords, parts) if route.mode == "sea" else ((), 0.0)
    return Transit(per_country, parts, outside, cross, named, inland)


def annotate(route: Route, *, ends: Sequence[str | None] = (), mentioned: Iterable[str] = (),
             avoid: Avoid | None = None, dates: Sequence[When | None] = ()) -> Route:
    """``route`` with its :class:`Transit` and third-country warnings.

    ``ends`` are the countries of the leg's origin and destination (None: the one it lies in); ``mentioned``
    every country the case names. A rail, road or air leg between two places of
    one country that passes through another, or through a country the case
    never mentions, gets a warning with the km and a hint (``avoid``, ``stay_in``, ``via``).
    With ``avoid``, km still inside an avoided country (a geodesic air leg, or a
    straight connector to the network) are warned about, and so is a leg dated
    (``dates``: depart, arrive) when a waterway it uses is closed (:data:`routes.passages.WINTER_CLOSED`).
    These leg warnings follow the routing's own in ``warnings`` and are also kept apart in ``leg_warnings``
    (a leg's earlier ones are replaced); the routing's land warning of a sea route names the inland water it uses.
    """
    t = route.transit if route.transit is not None else transit(route)   # computed in a routing worker
    warnings = list(route.routing_warnings)
    if t.inland_km > 0:                     # the sea route's land km are (partly) rivers and canals: say so
        names = "; ".join(p.name for p in t.passages if p.kind == "inland")
        warnings = [w + f" (of which {t.inland_km:,.0f} km is inland water: {names})"
                    if "crosses Natural Earth land" in w else w for w in warnings]
    own = closure_warnings(t, dates)
    if route.mode == "sea":
        own.extend(arctic_warnings(route.coords, dates))
    if len(ends) == 2 and t.stretches:
        own.extend(end_country_warnings(ends, (t.stretches[0].code, t.stretches[-1].code)))
        # an end without a declared country: the country it lies in
        ends = (ends[0] or t.stretches[0].code or None, ends[1] or t.stretches[-1].code or None)
    if avoid:
        inside = [c for c in t.countries if c.km >= THIRD_COUNTRY_KM and
                  (c.code in avoid.countries or (avoid.stay_in and c.code not in avoid.stay_in))]
        if inside:
            if route.method == "explicit":
                how = "the leg follows its given path, which avoid does not change"
            elif route.mode in ("air", "unknown") or route.method == "geodesic":
                how = "air and unknown-mode legs are drawn as geodesics, which avoid cannot reroute"
            else:
                how = "the straight connectors between the places and the network cross it"
            still = ", ".join(f"{c.code} {c.km:,.0f} km" for c in inside)
            own.append(f"{avoid.text()}, the route still has {still}: {how}")
        avoided = {name.casefold() for name in avoid.passages}
        through = [p.name for p in t.passages if p.name.casefold() in avoided]
        if through:   # e.g. a port inside the Sea of Azov: its connector to the sea lanes runs through the Kerch Strait
            own.append(f"{avoid.text()}, the route still passes {' and '.join(through)}: a place's connector to the "
                       "network runs through it, so this route does not show that the passage could be avoided")
    elif route.mode != "sea":
        fixed_line = route.method in ("geodesic", "explicit")
        own.extend(third_country_warnings(t, ends, set(mentioned), geodesic=fixed_line))
    routing = tuple(dict.fromkeys(warnings))
    leg = tuple(w for w in dict.fromkeys(own) if w not in routing)
    return replace(route, transit=t, warnings=routing + leg, leg_warnings=leg)


def end_country_warnings(declared: Sequence[str | None], found: Sequence[str]) -> list[str]:
    """Warnings for a leg end given in one country whose point Natural Earth puts in another.

    Near a border river (Tumangang, KP, on the Tumen) the 1:10m borders can put a
    place's point on the wrong bank; the leg's country figures then follow Natural
    Earth, which an analyst must know before reading "0 km in KP".

    >>> end_country_warnings(("KP", "RU"), ("RU", "RU"))
    ["the leg starts at a place given as KP, but Natural Earth's 1:10m borders put its point in RU; the leg's country km follow Natural Earth"]
    """
    out = []
    for word, given, code in zip(("starts", "ends"), declared, found, strict=True):
        if given and code and code != given:
            out.append(f"the leg {word} at a place given as {given}, but Natural Earth's 1:10m borders put its point "
                       f"in {code}; the leg's country km follow Natural Earth")
    return out


def case_countries(case: Case) -> frozenset[str]:
    """Every country code a case mentions: its places and its legs' ends and via points."""
    places = [*case.places, *(p for leg in case.legs() for p in (leg.origin, leg.destination, *leg.via))]
    return frozenset(p.country for p in places if p.country)


def third_country_warnings(t: Transit, ends: Sequence[str | None], mentioned: set[str], *,
                           geodesic: bool = False) -> list[str]:
    """Warnings for km in countries other than both ends' (same-country legs) or never mentioned by the case.

    ``geodesic``: the line is a geodesic or a given path, which ``avoid`` cannot reroute: the hint is ``via`` only.
    """
    codes = {c for c in ends if c}
    out = []
    same = len(codes) == 1 and len([c for c in ends if c]) == 2
    others = [c for c in t.countries if c.code not in codes and c.km >= THIRD_COUNTRY_KM]
    if same and others:
        home = next(iter(codes))
        listed = ", ".join(f"{c.code} {c.km:,.0f} km" for c in others)
        fix = ("a via: point (or a path:)" if geodesic else
               f"stay_in: {home} (or avoid: [{', '.join(c.code for c in others)}]) or a via: point")
        out.append(f"both ends are in {home} but the route passes through {listed}; to keep it in {home} add {fix}")
    elif mentioned:
        unmentioned = [c for c in others if c.code not in mentioned]
        if unmentioned:
            listed = ", ".join(f"{c.code} ({c.name}) {c.km:,.0f} km" for c in unmentioned)
            fix = "a via: point (or a path:)" if geodesic else \
                f"avoid: [{', '.join(c.code for c in unmentioned)}] or a via: point"
            out.append(f"the route passes through {listed}, which the case never mentions; if that is wrong add {fix}")
    return out


def transit_text(t: Transit) -> str:
    """One line: countries with km, then passages and crossings, e.g. ``RU 8,123 km, CN 1,350 km; via Bosphorus``."""
    bits = [", ".join(f"{c.code} {c.km:,.0f} km" for c in t.countries) or "no country"]
    if t.outside_km >= 0.5:
        bits[0] += f", outside any country {t.outside_km:,.0f} km"
    if t.passages:
        bits.append("via " + ", ".join(p.name + (f" {p.km:,.0f} km" if p.km else "") for p in t.passages))
    if t.crossings:
        bits.append("crosses " + ", ".join(crossing_text(c) for c in t.crossings))
    return "; ".join(bits)


def crossing_text(c: Crossing) -> str:
    """A crossing as text: ``RU→KP at Khasan-Tumangang rail bridge (0.4 km)``, or
    ``RU→KZ at 50.10N 46.90E, no known crossing within 20 km``."""
    lon, lat = c.at
    where = f"{abs(lat):.2f}{'N' if lat >= 0 else 'S'} {abs(lon):.2f}{'E' if lon >= 0 else 'W'}"
    if c.known:
        return f"{c.from_code}→{c.to_code} at {c.known} ({c.known_km:g} km)"
    return f"{c.from_code}→{c.to_code} at {where}, no known crossing within {CROSSING_KM:g} km"


def transit_to_dict(t: Transit) -> dict[str, Any]:
    """JSON-ready countries (``[{code, name, km}]``), crossings, passages and km outside any country."""
    return {
        "countries": [{"code": c.code, "name": c.name, "km": round(c.km, 1)} for c in t.countries],
        "outside_km": round(t.outside_km, 1),
        "crossings": [{"from": c.from_code, "to": c.to_code, "lon": c.at[0], "lat": c.at[1], "at_km": c.at_km,
                       "known": c.known, "known_km": c.known_km} for c in t.crossings],
        "passages": [{"name": p.name, "kind": p.kind, "at_km": p.at_km, "distance_km": p.distance_km, "km": p.km}
                     for p in t.passages],
        "inland_km": t.inland_km,
        "countries_method": METHOD,
    }


def route_avoid(avoid: str, stay_in: str) -> Avoid | None:
    """An :class:`Avoid` from the command line's comma-separated ``--avoid`` and ``--stay-in`` (InputError if unknown).
    """
    from geodata.avoid import passage
    from geodata.countries import codes_index, country_tiles
    from geodata.base.errors import InputError

    items = [x.strip() for x in avoid.split(",") if x.strip()]
    stays = [x.strip() for x in stay_in.split(",") if x.strip()]
    if not items and not stays:
        return None
    ct = country_tiles()
    codes, passages = [], []
    for item in items:
        try:
            codes.append(ct.codes[codes_index(ct, [item])[0]])
        except InputError:
            try:
                passages.append(passage(item).name)
            except InputError as e:
                raise InputError(f"--avoid {item!r} is neither a country code (ISO 3166-1 alpha-2, e.g. CN) nor "
                                 f"a known passage: {e}") from None
    try:
        stay = tuple(ct.codes[i] for i in codes_index(ct, stays))
    except InputError as e:
        raise InputError(f"--stay-in: {e}") from None
    return Avoid(tuple(codes), tuple(passages), stay)


def transit_columns(t: Transit | None) -> dict[str, str | None]:
    """Export columns ``countries`` (``RU 6916.4 km | CN 1346.7 km``), ``passages`` and ``crossings`` (text)."""
    from .exportschema import join

    if t is None:
        return {"countries": None, "passages": None, "crossings": None}
    return {
        "countries": join(f"{c.code} {c.km:.1f} km" for c in t.countries),
        "passages": join(p.name + (f" {p.km:.1f} km inland water" if p.km else "") for p in t.passages),
        "crossings": join(crossing_text(c) for c in t.crossings),
    }


def check_transit(f: Any, routes: Sequence[Route], *, base: dict[str, Any], constrained: bool = False) -> Verdict:
    """Verdict of a ``transit`` claim (``through`` a country code or passage name; ``value`` yes/no) on ``routes``.

    A rail, road or sea leg routed as the network's shortest path, without ``via``, ``avoid``, ``stay_in`` or a
    ``path`` (``constrained`` False), is an assumption: when it disagrees with the claim, the verdict is "cannot
    check" (the real route may differ), never "inconsistent"; the detail says how to test the claim.
    """
    from geodata.avoid import passage
    from geodata.countries import codes_index, country_tiles
    from geodata.base.errors import InputError

    from .checks import fmt
    from .claims import transit_value

    through = str(f["through"]).strip()
    claimed_in = transit_value(f)
    claimed = f"{'passed through' if claimed_in else 'did not enter'} {through}"
    if any(r.transit is None for r in routes):
        return Verdict(verdict="cannot check", claimed=claimed, computed="—", method="—",
                       detail="the leg has no country split (not routed)", **base)
    ct = country_tiles()
    try:
        code = ct.codes[codes_index(ct, [through])[0]]
        km = sum(r.transit.km_in(code) for r in routes if r.transit is not None)  # all are, checked above
        inside = km >= THIRD_COUNTRY_KM
        computed = f"{fmt(km)} km in {code}"
        method = METHOD
    except InputError:
        try:
            name = passage(through).name
        except InputError as e:
            return Verdict(verdict="cannot check", claimed=claimed, computed="—", method="—",
                           detail=f"{through!r} is neither a country code nor a known passage ({e})", **base)
        hits = [p for r in routes for p in r.transit.passages if p.name == name]  # type: ignore[union-attr]
        inside = bool(hits)
        computed = (f"passes the {name} ({fmt(hits[0].distance_km)} km from its point)" if hits
                    else f"does not pass the {name}")
        method = "curated strait/canal point and radius (geodata/data/places.yaml) against the routed line"
    geodesic = [r.key for r in routes if r.method == "geodesic" and r.mode not in ("air",)]
    if geodesic:
        return Verdict(verdict="cannot check", claimed=claimed, computed=computed, method=method,
                       detail=f"leg {', '.join(geodesic)} is drawn as a geodesic (no network route); "
                              "it cannot say which countries the cargo crossed", **base)
    ok = inside == claimed_in
    detail = "against the modelled route (an assumption, not reporting)"
    verdict: VerdictText = "consistent" if ok else "inconsistent"
    if not ok:
        detail += (f"; if the claim is right, add avoid: [{through}] to the leg" if not claimed_in
                   else f"; if the claim is right, add a via: point in or beyond {through}")
        if not constrained and any(r.mode in ("rail", "road", "sea") for r in routes):
            verdict = "cannot check"
            detail = (f"the modelled route {'passes through' if inside else 'does not enter'} {through}, but it is the "
                      f"network's shortest path, not the reported route; to test the claim, give the leg "
                      + (f"avoid: [{through}] (a route without it must exist)" if not claimed_in
                         else f"a via: point in {through}"))
    return Verdict(verdict=verdict, claimed=claimed, computed=computed, method=method, detail=detail, **base)
