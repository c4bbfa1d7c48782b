"""Claims about where places lie from each other: ``distance`` (geodesic or along a network), ``bearing``, ``border_distance``.

A network distance between two places is the routed line of a plain leg of the case between the same
places by the same mode when there is one (its routing's own warnings, not the leg's), else the pair is
routed once (:class:`NetworkRoutes`). Verdicts are worded by :mod:`routes.checkfmt`.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from geodata.base.errors import RoutemapError
from geodata.base.geodesy import METHOD, at_pole, compass16, densify, inverse, same_place, unit_name
from geodata.place import Place

from .checkfmt import (
    compare, fmt, gap, is_number, length_figures, notes, range_text, route_method, same_place_verdict, signed,
    to_unit,
)
from .claims import parse_bearing, parse_range, tolerance_for
from .model import Case
from .routed import Route, place_route_key
from .routing import suspect_length
from .verdict import Figures, Verdict, VerdictText

#: Networks tried, in order, when a geodesic distance claim fails.
NETWORKS = ("rail", "road", "sea")
#: a network route's length is at least this times the geodesic (≥ 1 in theory; a margin for the snapped ends)
NETWORK_MARGIN = 0.99


class NetworkRoutes:
    """Routes between two places along a network for one check run, each (mode, ends) found once."""

    def __init__(self, case: Case, routes: Mapping[str, Route] | None) -> None:
        """``routes`` are the case's routed legs by key (None: none given, every pair is routed)."""
        from .parallel import WorkerRouter

        self._case, self._routes = case, routes
        self._by_ends: dict[Any, Route | str] | None = None   # network routes by (mode, ends): the legs', then claims'
        self._router = WorkerRouter()   # other pairs are routed in a worker process (:mod:`routes.parallel`)

    def close(self) -> None:
        """Stop the routing worker, if one was started."""
        self._router.close()

    def between(self, a: Place, b: Place, mode: str) -> Route | str:
        """The route from a to b along ``mode``'s network, or why there is none.

        A leg of the case already routed between the same places by the same mode
        (no via, avoid or path) is reused, and each other pair is routed once.
        """
        if self._by_ends is None:
            self._by_ends = self._leg_routes()
        key = (mode, place_route_key(a), place_route_key(b))
        if key not in self._by_ends:
            self._by_ends[key] = self._route_network(a, b, mode)
        return self._by_ends[key]

    def _leg_routes(self) -> dict[Any, Route | str]:
        """The given routes of plain legs (no via, avoid or path) by (mode, ends); a claim's verdict notes only
        their routing's own warnings (:attr:`Route.routing_warnings`), as for a pair routed for the claim."""
        if not self._routes:
            return {}
        out: dict[Any, Route | str] = {}
        for leg in self._case.legs():
            r = self._routes.get(leg.key)
            if (r is None or r.transit is None or leg.via or leg.path is not None
                    or r.method == "geodesic" or r.mode != leg.mode):
                continue
            out.setdefault((leg.mode, place_route_key(leg.origin), place_route_key(leg.destination)), r)
        return out

    def _route_network(self, a: Place, b: Place, mode: str) -> Route | str:
        """Route a to b along ``mode``'s network, or say why there is none."""
        try:
            r = self._router([a, b], mode)
        except (RoutemapError, ValueError) as e:
            return str(e)
        if r.method == "geodesic":
            return f"no {mode} route (fell back to a geodesic)"
        return r


def check_distance(f: Mapping[str, Any], base: dict, place: Callable[[Any], Place], networks: NetworkRoutes,
                   try_networks: bool = True) -> Verdict:
    """The verdict on a ``distance`` claim: the geodesic or, with ``basis``, the length along that network.

    A geodesic claim that fails is tried along each of :data:`NETWORKS` (with ``try_networks``) and is
    consistent, saying by which network, when one of them fits. ``place`` resolves the claim's places.
    """
    unit = unit_name(f["unit"])
    low, high = parse_range(f["value"])
    tol = tolerance_for(f, "distance", unit)
    basis = str(f.get("basis") or "geodesic").strip().lower()
    a, b = place(f["from"]), place(f["to"])
    claimed = f"{range_text(low, high)} {unit} ± {tol.text}" + (f" by {basis}" if basis != "geodesic" else "")
    if same_place(a.lonlat, b.lonlat):
        return same_place_verdict(a, b, claimed, base)
    geo_km = inverse(a.lonlat, b.lonlat).distance_m / 1000.0
    coords = tuple(densify([a.lonlat, b.lonlat]))
    if basis != "geodesic":
        r = networks.between(a, b, basis)
        if isinstance(r, str):
            return Verdict(verdict="cannot check", claimed=claimed, computed=f"{fmt(to_unit(geo_km, unit))} {unit} geodesic",
                           method=METHOD, detail=f"{basis} route from {a.name} to {b.name}: {r}",
                           figures=Figures(unit, low, high, basis=basis), **base)
        ok, detail = compare(to_unit(r.length_km, unit), low, high, tol, unit)
        verdict: VerdictText = "consistent" if ok else "inconsistent"
        if not ok and suspect_length(r) and to_unit(geo_km, unit) <= high and to_unit(r.length_km, unit) > high:
            verdict = "cannot check"   # the claim may be right along the link the graph is missing
            detail = (f"the {basis} route found is far longer than the claim, but it may go round a link the {basis} "
                      f"graph is missing, and the straight line ({fmt(to_unit(geo_km, unit))} {unit}) is within the "
                      f"claim; {detail}")
        return Verdict(verdict=verdict, claimed=claimed,
                       computed=f"{fmt(to_unit(r.length_km, unit))} {unit} by {basis} ({fmt(r.length_km)} km)",
                       method=route_method(r), detail=detail + notes(r.routing_warnings), coords=r.coords,
                       figures=length_figures(to_unit(r.length_km, unit), low, high, tol, unit, basis), **base)
    value = to_unit(geo_km, unit)
    ok, detail = compare(value, low, high, tol, unit)
    computed = f"{fmt(value)} {unit} geodesic" + ("" if unit == "km" else f" ({fmt(geo_km)} km)")
    # a route from a to b is never shorter than the geodesic: too long as a straight line, too long by any network
    # (with a margin for a route that does not start or end exactly at the place)
    over, allow, _ = gap(value * NETWORK_MARGIN, low, high, tol, unit)
    if not ok and try_networks and not f.get("basis") and over <= allow + 1e-9:   # "basis: geodesic" is meant
        for net in NETWORKS:
            r = networks.between(a, b, net)
            if isinstance(r, str):
                continue
            ok2, _ = compare(to_unit(r.length_km, unit), low, high, tol, unit)
            if ok2:
                return Verdict(
                    verdict="consistent", claimed=claimed,
                    computed=f"{fmt(to_unit(r.length_km, unit))} {unit} by {net}; {computed}",
                    method=f"{route_method(r)}; straight line: {METHOD}",
                    detail=f"consistent by {net}: {fmt(to_unit(r.length_km, unit))} {unit}; "
                           f"as a straight line {detail}" + notes(r.routing_warnings),
                    coords=r.coords, figures=length_figures(to_unit(r.length_km, unit), low, high, tol, unit, net),
                    **base)
    return Verdict(verdict="consistent" if ok else "inconsistent", claimed=claimed, computed=computed,
                   method=METHOD, detail=detail, coords=coords,
                   figures=length_figures(value, low, high, tol, unit, "geodesic"), **base)


def check_bearing(f: Mapping[str, Any], base: dict, place: Callable[[Any], Place]) -> Verdict:
    """The verdict on a ``bearing`` claim: the initial geodesic bearing against a compass word or degrees."""
    want = parse_bearing(f["value"])
    tol = tolerance_for(f, "bearing")
    a, b = place(f["from"]), place(f["to"])
    inv = inverse(a.lonlat, b.lonlat)
    word = str(f["value"]).strip()
    claimed = (f"{word} ({fmt(want)}°)" if not is_number(f["value"]) else f"{fmt(want)}°") + f" ± {tol.text}"
    if same_place(a.lonlat, b.lonlat):
        return same_place_verdict(a, b, claimed, base)
    if at_pole(a.lonlat):
        pole, every = ("North", "south") if a.lat > 0 else ("South", "north")
        return Verdict(verdict="cannot check", claimed=claimed, computed="no bearing", method=METHOD,
                       detail=f"{a.name} is at the {pole} Pole, where every direction is {every}: a bearing from it "
                              "has no meaning; check which place the claim measures from", **base)
    diff = (inv.initial_bearing - want + 180.0) % 360.0 - 180.0
    ok = abs(diff) <= float(tol.amount or 0.0) + 1e-9
    detail = (f"{signed(diff)}° from the claim ({'within' if ok else 'outside'} ± {float(tol.amount or 0):g}°); "
              f"{b.name} is {compass16(inv.initial_bearing)} of {a.name}")
    return Verdict(verdict="consistent" if ok else "inconsistent", claimed=claimed,
                   computed=f"{inv.initial_bearing:.1f}° ({compass16(inv.initial_bearing)}), initial bearing from {a.name}",
                   method=METHOD, detail=detail, coords=tuple(densify([a.lonlat, b.lonlat])),
                   figures=Figures("deg", want, want, inv.initial_bearing, inv.initial_bearing, diff,
                                   float(tol.amount or 0.0), "initial geodesic bearing"), **base)


def check_border(f: Mapping[str, Any], base: dict, place: Callable[[Any], Place]) -> Verdict:
    """The verdict on a ``border_distance`` claim: the geodesic to the nearest point of the country's outline."""
    from geodata.borders import distance_to_country

    unit = unit_name(f["unit"])
    low, high = parse_range(f["value"])
    tol = tolerance_for(f, "border_distance", unit)
    a = place(f["from"])
    bd = distance_to_country(a.lon, a.lat, str(f["to"]))
    value = to_unit(bd.distance_m / 1000.0, unit)
    ok, detail = compare(value, low, high, tol, unit)
    where = (f"inside {bd.target}" if bd.inside else
             f"nearest point of {bd.target} at {bd.nearest[1]:.4f},{bd.nearest[0]:.4f}")
    return Verdict(verdict="consistent" if ok else "inconsistent",
                   claimed=f"{range_text(low, high)} {unit} ± {tol.text} to {str(f['to']).upper()}",
                   computed=f"{fmt(value)} {unit} ({where})",
                   method=f"{METHOD}, to the nearest point of the country outline (land border or coast); "
                          f"data: {bd.dataset}", detail=detail,
                   coords=tuple(densify([a.lonlat, bd.nearest])),
                   figures=length_figures(value, low, high, tol, unit, "geodesic to the country outline"), **base)
