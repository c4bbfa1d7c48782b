"""Check a case's claims, and the plausibility of every dated leg, against geodesy and the networks.

Every claim gets a :class:`~routes.verdict.Verdict`: ``consistent``,
``inconsistent`` (with the difference in the claim's unit and in %), or
``cannot check`` (with why), plus the computed value, its method and data.

* ``distance`` (:mod:`routes.distclaims`, as ``bearing`` and ``border_distance``): the WGS84 geodesic (or, with ``basis: rail|road|sea``, the
  length along that network). When a geodesic claim fails but the same pair is
  consistent along a network, the verdict is ``consistent`` and its detail
  says so first (``consistent by rail: 1,333 km``) and gives the straight line.
* ``bearing``: the initial geodesic bearing against a compass word or degrees.
* ``border_distance``: to the nearest point of the country's outline (land
  border or coast) in Natural Earth 10m admin-0, German point of view.
* ``rate``: the claimed quantity against rate × length of the period.
* ``speed``: a leg's implied average speed range (length along its route ÷ the
  longest and shortest possible elapsed time) against a claimed speed, or,
  without one, against :data:`SPEED_BOUNDS`.
* ``transit``: whether the routed leg(s) pass through a country (``through: CN``,
  km inside from :mod:`routes.transit`) or a strait or canal (``through: Bosphorus``);
  ``value: no`` claims the route did NOT enter it. The routes are assumptions,
  so the verdict is against the modelled route and says so.

Every leg with a date also gets a ``plausibility`` verdict: its implied speed
range against what its mode can do (:data:`SPEED_BOUNDS`).
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any, Mapping

from geodata.base.errors import RoutemapError
from geodata.place import Place

from .checkfmt import claimed_text, fmt, notes, range_text, route_method, signed
from .claims import PERIOD_HOURS, SPEED_UNITS, Tolerance, claim_problems, parse_per, parse_range, speed_unit, tolerance_for
from .dates import elapsed_hours, parse_when
from .distclaims import NetworkRoutes, check_bearing, check_border, check_distance
from .model import Case, Claim, Leg
from .casereport import leg_geodesic_km
from .routed import Route, routes_by_key
from .routing import suspect_length
from .verdict import Figures, Verdict, VerdictText


@dataclass(frozen=True)
class SpeedBound:
    """Average speeds (km/h) a mode can plausibly sustain over a whole leg, door to door."""

    low_kmh: float
    high_kmh: float
    why: str


#: Plausible average speed per mode. Above ``high`` the leg is too fast even at
#: the longest possible elapsed time; below ``low`` (1 km/h = 24 km a day) it
#: took implausibly long even at the shortest: the dates, places or route are
#: probably wrong, or the cargo waited somewhere on the way (say so in notes).
SPEED_BOUNDS: dict[str, SpeedBound] = {
    "sea": SpeedBound(1.0, 25 * 1.852, "cargo ship ≤ 25 kn (46.3 km/h)"),
    "rail": SpeedBound(1.0, 120.0, "freight rail ≤ 120 km/h average"),
    "road": SpeedBound(1.0, 90.0, "road ≤ 90 km/h average"),
    "air": SpeedBound(1.0, 950.0, "air ≤ 950 km/h"),
    "unknown": SpeedBound(1.0, 950.0, "mode unknown: ≤ 950 km/h (air)"),
}


def bounds_table() -> str:
    """The speed bounds as text, for method notes."""
    return "; ".join(f"{m} {fmt(b.low_kmh)}–{fmt(b.high_kmh)} km/h ({b.why})" for m, b in SPEED_BOUNDS.items())


def check_case(case: Case, routes: Any = None, *, gazetteer: Any = None,
               try_networks: bool = True, progress: bool = False) -> tuple[Verdict, ...]:
    """A verdict for every claim of ``case`` (in file order), then one per dated leg.

    ``routes`` are the case's routed legs (Routes, or a mapping by leg key); a
    leg missing from them is routed now (``routes.routing``), or measured as a
    geodesic when no network can be used. ``gazetteer`` resolves claim places
    (default: the bundled gazetteer plus the case's own places). With ``progress``,
    a tqdm bar on stderr.
    """
    ctx = CheckContext(case, routes, gazetteer, try_networks)
    claims = case.claims
    if progress:   # a bar on stderr when checking takes more than a second
        from geodata.base.workers import progress_bar   # a routing worker may be forked while it runs

        claims = progress_bar(claims, desc="checking claims", unit="claim", file=sys.stderr, delay=1.0)
    try:
        out = [ctx.check(c) for c in claims]
    finally:
        ctx.networks.close()
    out.extend(v for leg in case.legs() if (v := plausibility(leg, ctx.route(leg))) is not None)
    from .sightings import check_sightings   # sightings imports this module

    out.extend(check_sightings(case))
    return tuple(out)


class CheckContext:
    """Shared state for one check run: the gazetteer and routes, each loaded once."""

    def __init__(self, case: Case, routes: Any, gazetteer: Any, try_networks: bool) -> None:
        """``routes``, ``gazetteer`` and ``try_networks`` as for :func:`check_case`."""
        self.case, self._gz, self.try_networks = case, gazetteer, try_networks
        self.routes = routes_by_key(routes) if routes is not None else None  # one index, not a scan per leg
        self._gz_ready = False
        self._routed: dict[str, Route] = {}
        self.networks = NetworkRoutes(case, self.routes)

    def gazetteer(self) -> Any:
        """The gazetteer claims resolve places with: the given (or bundled) one plus the case's own places."""
        if not self._gz_ready:
            from geodata.gazetteer import Gazetteer

            self._gz = (self._gz or Gazetteer.default()).with_places(self.case.places)
            self._gz_ready = True
        return self._gz

    def place(self, name: Any) -> Place:
        """A claim's place: coordinates as given, one of the case's places, or the gazetteer's confident match."""
        if isinstance(name, Place):
            return name
        from geodata.coords import parse_coordinates

        c = parse_coordinates(str(name))
        if c is not None:
            return Place(id=f"coords:{c[1]},{c[0]}", name=str(name).strip(), lat=c[1], lon=c[0], source="coordinates as given")
        for p in self.case.places:
            if str(name).strip().lower() in (p.name.lower(), p.id.lower(), *(a.lower() for a in p.aliases)):
                return p
        from geodata.resolve import require, with_context

        match = self.gazetteer().lookup(str(name))
        if not match.confident or match.ambiguous:  # the case's own legs are the context, as in the case file
            match = with_context(match, [p for lg in self.case.legs() for p in (lg.origin, lg.destination)])
        return require(match)

    def route(self, leg: Leg) -> Route:
        """The leg's route: the given one, or routed now (:func:`routes.alongroute.route_for_leg`), once per leg."""
        if leg.key not in self._routed:
            from .alongroute import route_for_leg

            self._routed[leg.key] = route_for_leg(leg, self.routes)
        return self._routed[leg.key]

    def leg(self, key: str) -> Leg | None:
        """The case's leg ``key`` (None when there is none)."""
        return self.case.leg(key)

    def check(self, claim: Claim) -> Verdict:
        """The verdict on one claim; a claim that cannot be checked says why."""
        fields = dict(claim.fields)
        base: dict[str, Any] = {"claim_id": claim.id, "kind": claim.kind, "source": claim.source or fields.get("source"),
                "line": claim.line}
        problems = claim_problems(fields, claim.kind)
        if problems:
            return Verdict(verdict="cannot check", claimed=claimed_text(fields), computed="—", method="—",
                           detail="; ".join(problems), **base)
        try:
            fn = {"distance": self._distance, "bearing": self._bearing, "border_distance": self._border,
                  "rate": self._rate, "speed": self._speed, "transit": self._transit}[claim.kind]
            return fn(fields, base)
        except ImportError as e:
            return Verdict(verdict="cannot check", claimed=claimed_text(fields), computed="—", method="—",
                           detail=f"a component routemap needs is missing ({e})", **base)
        except RoutemapError as e:
            return Verdict(verdict="cannot check", claimed=claimed_text(fields), computed="—", method="—",
                           detail=str(e), **base)

    # ------------------------------------------------------------ kinds

    def _distance(self, f: Mapping[str, Any], base: dict) -> Verdict:
        return check_distance(f, base, self.place, self.networks, self.try_networks)

    def _bearing(self, f: Mapping[str, Any], base: dict) -> Verdict:
        return check_bearing(f, base, self.place)

    def _border(self, f: Mapping[str, Any], base: dict) -> Verdict:
        return check_border(f, base, self.place)

    def _rate(self, f: Mapping[str, Any], base: dict) -> Verdict:
        q_low, q_high = parse_range(f["quantity"])
        r_low, r_high, per = parse_per(f["per"])
        period = parse_when(f["period"])
        unit = str(f.get("unit") or "").strip()
        tol = tolerance_for(f, "rate", unit or None)
        hours = (period.end - period.start).total_seconds() / 3600.0  # type: ignore[operator]
        n = hours / PERIOD_HOURS[per]
        e_low, e_high = r_low * n, r_high * n
        u = f" {unit}" if unit else ""
        claimed = f"{range_text(q_low, q_high)}{u} ± {tol.text}"
        computed = f"{range_text(e_low, e_high)}{u} ({f['per']} × {fmt(n)} {per}s)"
        a_low, a_high = q_low - tol.allowance(q_low), q_high + tol.allowance(q_high)
        ok = e_high >= a_low and e_low <= a_high
        near = q_high if e_low > q_high else q_low
        far = e_low if e_low > q_high else e_high if e_high < q_low else near
        if ok:
            detail = f"rate × period overlaps the claimed quantity (within ± {tol.text})"
        else:
            detail = f"{signed(far - near)}{u} ({signed(100.0 * (far - near) / near if near else math.inf)}%) from the claim; outside ± {tol.text}"
        return Verdict(verdict="consistent" if ok else "inconsistent", claimed=claimed, computed=computed,
                       method=f"rate × length of the period {period.text} ({fmt(hours / 24.0)} days)",
                       detail=detail, figures=Figures(unit or None, q_low, q_high, e_low, e_high, far - near,
                                                      tol.allowance(near), "rate × period"), **base)

    def _transit(self, f: Mapping[str, Any], base: dict) -> Verdict:
        from .transit import annotate, check_transit

        key = str(f.get("leg") or f.get("shipment")).strip()
        legs = [lg for lg in self.case.legs() if lg.key == key or (not f.get("leg") and lg.shipment_id == key)]
        if not legs:
            known = ", ".join(lg.key for lg in self.case.legs()) or "none"
            return Verdict(verdict="cannot check", claimed=claimed_text(f), computed="—", method="—",
                           detail=f"no leg or shipment {key!r} in this case; known legs: {known}", **base)
        routes = [self.route(lg) for lg in legs]
        routes = [r if r.transit is not None else annotate(r) for r in routes]
        constrained = all(lg.path or lg.via or lg.avoid for lg in legs)
        return check_transit(f, routes, base={**base, "leg": key}, constrained=constrained)

    def _speed(self, f: Mapping[str, Any], base: dict) -> Verdict:
        key = str(f["leg"]).strip()
        leg = self.leg(key)
        if leg is None:
            keys = [lg.key for lg in self.case.legs()]
            known = (", ".join(keys[:20]) + (f" and {len(keys) - 20} more" if len(keys) > 20 else "")) or "none"
            return Verdict(verdict="cannot check", claimed=claimed_text(f), computed="—", method="—",
                           detail=f"no leg {key!r} in this case; known legs: {known}", leg=key, **base)
        route = self.route(leg)
        sp = implied_speed(leg, route)
        base = {**base, "leg": key}
        if f.get("value") is None:
            v = plausibility(leg, route)
            if v is None:
                return Verdict(verdict="cannot check", claimed="plausible speed", computed="—", method="—",
                               detail=f"leg {key} has no dates", **base)
            return Verdict(verdict=v.verdict, claimed=f"plausible for {leg.mode}", computed=v.computed,
                           method=v.method, detail=v.detail, coords=v.coords, figures=v.figures, **base)
        unit = speed_unit(f["unit"])
        low, high = parse_range(f["value"])
        tol = tolerance_for(f, "speed", unit)
        claimed = f"{range_text(low, high)} {unit} ± {tol.text}"
        if sp.low is None and sp.high is None:
            return Verdict(verdict="cannot check", claimed=claimed, computed="—", method=sp.method,
                           detail=sp.why, **base)
        k = SPEED_UNITS[unit]
        v_low = (sp.low or 0.0) / k
        v_high = sp.high / k if sp.high is not None else math.inf
        allow_lo = _speed_allow(tol, low, unit)
        allow_hi = _speed_allow(tol, high, unit)
        ok = v_high >= low - allow_lo and v_low <= high + allow_hi
        delta = v_low - high if v_low > high else v_high - low if v_high < low else 0.0
        figures = Figures(unit, low, high, v_low, v_high if math.isfinite(v_high) else None, delta,
                          allow_hi if v_low > high else allow_lo, f"implied average speed along the {route.method} route")
        if ok:
            detail = f"the claimed speed is within the implied range (± {tol.text})"
        elif v_low > high:
            detail = f"even at the longest possible time the leg averages {fmt(v_low)} {unit}: {signed(v_low - high)} {unit} ({signed(100 * (v_low - high) / high)}%) above the claim; outside ± {tol.text}"
        else:
            detail = f"even at the shortest possible time the leg averages {fmt(v_high)} {unit}: {signed(v_high - low)} {unit} ({signed(100 * (v_high - low) / low)}%) below the claim; outside ± {tol.text}"
        return Verdict(verdict="consistent" if ok else "inconsistent", claimed=claimed,
                       computed=_speed_text(v_low, v_high if math.isfinite(v_high) else None, unit) + f" over {fmt(route.length_km)} km",
                       method=sp.method, detail=detail + notes(route.warnings), coords=route.coords,
                       figures=figures, **base)


# ---------------------------------------------------------------- speeds

def _speed_allow(tol: Tolerance, claimed: float, unit: str) -> float:
    if tol.percent is not None:
        return claimed * tol.percent / 100.0
    return float(tol.amount or 0.0) * SPEED_UNITS[tol.unit or unit] / SPEED_UNITS[unit]


@dataclass(frozen=True)
class ImpliedSpeed:
    """A leg's implied average speed range in km/h (None where unbounded) and how it was found."""

    low: float | None         # length ÷ longest possible time
    high: float | None        # length ÷ shortest possible time (None: unbounded)
    shortest_h: float | None
    longest_h: float | None
    length_km: float
    method: str
    why: str = ""             # why it cannot be bounded


def implied_speed(leg: Leg, route: Route) -> ImpliedSpeed:
    """Average speed range of ``leg`` along ``route`` from its reported dates."""
    shortest, longest = elapsed_hours(leg.depart, leg.arrive)
    method = f"{route_method(route)} ({fmt(route.length_km)} km) ÷ elapsed time between the reported dates"
    why = ""
    if leg.depart is None or leg.arrive is None:
        why = f"leg {leg.key} has no {'departure' if leg.depart is None else 'arrival'} date"
    elif shortest is None and longest is None:
        why = f"the dates of leg {leg.key} leave the elapsed time unbounded"
    if route.length_km <= 0.0:
        why = f"leg {leg.key} starts and ends at the same place (length 0); its speed cannot be checked"
        return ImpliedSpeed(None, None, shortest, longest, 0.0, method, why)
    low = route.length_km / longest if longest else None
    high = route.length_km / shortest if shortest else None
    if longest == 0:
        low = math.inf
    return ImpliedSpeed(low, high, shortest, longest, route.length_km, method, why)


def _speed_text(low: float | None, high: float | None, unit: str = "km/h") -> str:
    if low is not None and high is not None:
        return f"{fmt(low)}–{fmt(high)} {unit}" if fmt(low) != fmt(high) else f"{fmt(low)} {unit}"
    if low is not None:
        return f"≥ {fmt(low)} {unit}"
    if high is not None:
        return f"≤ {fmt(high)} {unit}"
    return "—"


def _hours_text(h: float | None) -> str:
    if h is None:
        return "?"
    return f"{fmt(h)} h" if h < 72 else f"{fmt(h / 24.0)} d"


def plausibility(leg: Leg, route: Route) -> Verdict | None:
    """The implied-speed verdict for a leg with at least one date (None when it has none)."""
    if leg.depart is None and leg.arrive is None:
        return None
    sp = implied_speed(leg, route)
    bound = SPEED_BOUNDS.get(leg.mode, SPEED_BOUNDS["unknown"])
    dates = f"{leg.depart.text if leg.depart else '?'} → {leg.arrive.text if leg.arrive else '?'}"
    claimed = f"{dates} ({_hours_text(sp.shortest_h)} to {_hours_text(sp.longest_h)})"
    method = f"{sp.method}; bounds for {leg.mode}: {fmt(bound.low_kmh)}–{fmt(bound.high_kmh)} km/h ({bound.why})"
    basis = f"implied average speed along the {route.method} route against the {leg.mode} bounds"
    base: dict[str, Any] = dict(claim_id=f"plausibility:{leg.key}", kind="plausibility", leg=leg.key,
                                line=leg.line, claimed=claimed, method=method, coords=route.coords)
    if sp.low is None and sp.high is None:
        return Verdict(verdict="cannot check", computed=f"{fmt(route.length_km)} km", detail=sp.why or "no elapsed time",
                       figures=Figures("km/h", bound.low_kmh, bound.high_kmh, basis=basis), **base)
    high = sp.high if sp.high is not None and math.isfinite(sp.high) else None
    low = sp.low if sp.low is not None and math.isfinite(sp.low) else None
    delta = (sp.low - bound.high_kmh if sp.low is not None and sp.low > bound.high_kmh else
             sp.high - bound.low_kmh if sp.high is not None and sp.high < bound.low_kmh else 0.0)
    base["figures"] = Figures("km/h", bound.low_kmh, bound.high_kmh, low, high,
                              delta if math.isfinite(delta) else None, 0.0, basis)
    computed = f"{_speed_text(sp.low, sp.high)} over {fmt(route.length_km)} km"
    if leg.mode == "sea":
        computed += f" ({_speed_text(None if sp.low is None else sp.low / 1.852, None if sp.high is None else sp.high / 1.852, 'kn')})"
    verdict: VerdictText
    fast = sp.low if sp.low is not None and sp.low > bound.high_kmh else None   # km/h over the top speed
    straight: tuple[float, float] | None = None   # (km, km/h) along the straight line: a route round a missing link
    if fast is not None and suspect_length(route):
        km = leg_geodesic_km(leg)
        straight = (km, fast * km / max(route.length_km, 1e-9))
    if fast is not None and straight is not None and straight[1] <= bound.high_kmh:
        detail = (f"too fast along this route ({fmt(fast)} km/h), but the route may go far round a link the "
                  f"{leg.mode} graph is missing; along the {fmt(straight[0])} km straight line the leg needs only "
                  f"{fmt(straight[1])} km/h")
        verdict = "cannot check"
    elif fast is not None:
        detail = (f"too fast: even over the longest possible time ({_hours_text(sp.longest_h)}) the leg averages "
                  f"{fmt(fast)} km/h, above {bound.why}")
        verdict = "inconsistent"
    elif sp.high is not None and sp.high < bound.low_kmh:
        detail = (f"implausibly slow: even over the shortest possible time ({_hours_text(sp.shortest_h)}) the leg "
                  f"averages {fmt(sp.high)} km/h, below {fmt(bound.low_kmh)} km/h: waits or stops the reporting does "
                  "not mention (a ship at anchor for a berth), or wrong dates or places; not impossible, so not "
                  "counted against the reporting")
        verdict = "cannot check"
    else:
        detail = f"within {fmt(bound.low_kmh)}–{fmt(bound.high_kmh)} km/h for {leg.mode} ({bound.why})"
        verdict = "consistent"
        if sp.low is None or sp.high is None:
            detail += ("; the dates allow no time at all (the same day), so there is no upper speed"
                       if sp.high is None and sp.shortest_h == 0 else "; one end of the range is open")
    if route.method == "geodesic" and leg.mode in ("sea", "rail", "road"):
        detail += "; length is the straight line, a lower bound on the real route"
    return Verdict(verdict=verdict, computed=computed, detail=detail + notes(route.warnings), **base)
