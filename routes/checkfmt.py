"""How the checks word and measure their figures: numbers, ranges, tolerances, differences, routes' methods.

Shared by the claim checks (:mod:`routes.checks`, :mod:`routes.distclaims`) and the sightings; pure functions.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

from geodata.base.geodesy import METHOD, SAME_PLACE_M, UNITS
from geodata.place import Place

from .claims import Tolerance, tolerance_text
from .routed import Route
from .verdict import Figures, Verdict


def fmt(x: float) -> str:
    """A figure with sensible precision and thousands separators.

    >>> fmt(1333.4), fmt(42.25), fmt(3.14159), fmt(0.0), fmt(31.0), fmt(1.0)
    ('1,333', '42.2', '3.14', '0', '31', '1')
    """
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    text = f"{x:,.1f}" if abs(x) >= 10 else f"{x:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def signed(x: float) -> str:
    """``x`` with its sign (+, − or ±) in :func:`fmt`'s precision."""
    return ("+" if x > 0 else "−" if x < 0 else "±") + fmt(abs(x))


def same_place_verdict(a: Place, b: Place, claimed: str, base: dict) -> Verdict:
    """"cannot check": a claim from a place to itself (length 0, no bearing)."""
    return Verdict(verdict="cannot check", claimed=claimed, computed="0 km, no bearing", method=METHOD,
                   detail=f"{a.name} and {b.name} are the same place (within {SAME_PLACE_M:g} m): the distance is 0 "
                          "and there is no bearing, so the claim cannot be checked; check which places it means",
                   **base)


def is_number(v: Any) -> bool:
    """Whether a claimed value is a number of degrees (rather than a compass word)."""
    try:
        float(str(v).strip().rstrip("°"))
        return True
    except ValueError:
        return False


def to_unit(km: float, unit: str) -> float:
    """``km`` in the length unit ``unit`` (a name of :data:`geodata.base.geodesy.UNITS`)."""
    return km * 1000.0 / UNITS[unit]


def range_text(low: float, high: float) -> str:
    """A claimed value (``low == high``) or range as text."""
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def claimed_text(f: Mapping[str, Any]) -> str:
    """What a claim says, from its fields as written, for a verdict that cannot check it."""
    keys = ("value", "unit", "quantity", "per", "period", "leg")
    text = " ".join(str(f[k]) for k in keys if f.get(k) is not None)
    if f.get("tolerance") is not None:   # "870 km ± 10 km", never "870 km 10 km" nor "± ±5%"
        text += f" ± {tolerance_text(f['tolerance'])}"
    return text.strip() or "—"


def gap(value: float, low: float, high: float, tol: Tolerance, unit: str) -> tuple[float, float, float]:
    """(difference from the nearest claimed value, allowed difference, that nearest value), all in ``unit``."""
    near = min(max(value, low), high)
    if tol.percent is not None:
        allow = near * tol.percent / 100.0
    else:
        allow = float(tol.amount or 0.0) * UNITS[tol.unit or unit] / UNITS[unit]
    return value - near, allow, near


def length_figures(value: float, low: float, high: float, tol: Tolerance, unit: str, basis: str) -> Figures:
    """The numbers of a length verdict: claimed range, computed value, difference and allowance in ``unit``."""
    diff, allow, _ = gap(value, low, high, tol, unit)
    return Figures(unit, low, high, value, value, diff, allow, basis)


def compare(value: float, low: float, high: float, tol: Tolerance, unit: str) -> tuple[bool, str]:
    """(consistent?, detail) for a computed length against a claimed value or range in ``unit``."""
    diff, allow, near = gap(value, low, high, tol, unit)
    ok = abs(diff) <= allow + 1e-9
    pct = 100.0 * diff / near if near else (0.0 if diff == 0 else math.inf)
    return ok, f"{signed(diff)} {unit} ({signed(pct)}%) from the claim; {'within' if ok else 'outside'} ± {tol.text}"


def route_method(r: Route) -> str:
    """How a route's length was measured, in words (its network and data, or the geodesic)."""
    return {"sea-marnet": "length along the marnet sea-lane network (searoute)",
            "rail-osm": "length along the OSM-derived rail graph (scgraph_data)",
            "road-osm": "length along the OSM-derived road graph (scgraph_data)",
            "explicit": "length of the path given in the case file (WGS84 geodesic segments)",
            "geodesic": METHOD}.get(r.method, r.method)


def notes(warnings: tuple[str, ...]) -> str:
    """Warnings appended to a verdict's detail, each as ``; note: …``."""
    return "".join(f"; note: {w}" for w in warnings)
