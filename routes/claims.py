"""The claim schema: which fields each kind of claim takes, and how they are read.

A claim is a sentence from the reporting turned into a checkable record
(``claims:`` in a case file)::

    - {id: vlad-pyongyang, kind: distance, from: Pyongyang, to: Vladivostok, value: 425, unit: mi, tolerance: 5%}
    - {id: vlad-north, kind: bearing, from: Pyongyang, to: Vladivostok, value: N}
    - {id: depot-border, kind: border_distance, from: Tikhoretsk, to: UA, value: 290, unit: km, tolerance: 10%}
    - {id: trucks-rate, kind: rate, quantity: 3000-4000, unit: vehicles, per: 100/day, period: 2011-07-01/2011-07-31}
    - {id: angara-rail-speed, kind: speed, leg: angara-2023/2}
    - {id: no-china, kind: transit, leg: angara-2023/2, through: CN, value: no}

:func:`claim_problems` validates one claim's fields (the case-file parser calls
it and adds ``file:line``); the ``parse_*`` helpers read the values the same
way for :mod:`routes.checks`. Pure functions, no I/O.

Default tolerances when a claim gives none (:data:`DEFAULT_TOLERANCE`):
distance and border_distance 10 %, bearing 11.25° (half a 16-point compass
sector), rate 10 %, speed 10 %. A bare number as tolerance is read in the
claim's own unit (degrees for bearings).
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from geodata.base.geodesy import UNITS, compass_to_degrees, unit_name

#: The kinds of claim routemap can check.
CLAIM_KINDS = ("distance", "bearing", "border_distance", "rate", "speed", "transit")
#: Fields every claim may carry besides its kind's own.
COMMON_FIELDS = ("id", "kind", "source", "notes")
#: kind -> (required fields, optional fields)
SCHEMA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "distance": (("from", "to", "value", "unit"), ("tolerance", "basis")),
    "bearing": (("from", "to", "value"), ("tolerance",)),
    "border_distance": (("from", "to", "value", "unit"), ("tolerance",)),
    "rate": (("quantity", "per", "period"), ("unit", "tolerance")),
    "speed": (("leg",), ("value", "unit", "tolerance")),
    "transit": (("through",), ("leg", "shipment", "value")),
}
#: how a transit claim's ``value`` may be written (YAML reads yes/no/true/false as booleans)
TRANSIT_VALUES = {True: True, False: False, "yes": True, "no": False, "true": True, "false": False,
                  "passed": True, "entered": True, "not entered": False, "did not enter": False}
#: Tolerance used when a claim gives none (shown in every verdict).
DEFAULT_TOLERANCE = {"distance": "10%", "border_distance": "10%", "bearing": "11.25°", "rate": "10%", "speed": "10%"}
#: What a distance claim may be measured along.
BASES = ("geodesic", "rail", "road", "sea")
#: km/h per speed unit
SPEED_UNITS: dict[str, float] = {"km/h": 1.0, "kn": 1.852, "mph": 1.609344, "m/s": 3.6}
SPEED_ALIASES = {
    "km/h": "km/h", "kmh": "km/h", "kph": "km/h", "kmph": "km/h", "km/hr": "km/h",
    "kn": "kn", "kt": "kn", "kts": "kn", "knot": "kn", "knots": "kn",
    "mph": "mph", "mi/h": "mph", "m/s": "m/s", "mps": "m/s",
}
#: hours per rate period unit
PERIOD_HOURS = {"hour": 1.0, "day": 24.0, "week": 168.0, "month": 730.485, "year": 8765.82}
_PERIOD_ALIASES = {"h": "hour", "hr": "hour", "hours": "hour", "d": "day", "days": "day", "wk": "week",
                   "weeks": "week", "mo": "month", "months": "month", "yr": "year", "years": "year", "a": "year"}
_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+"
_RANGE = re.compile(rf"^\s*(?:about|around|roughly|~)?\s*({_NUM})\s*(?:(?:-|–|to)\s*({_NUM}))?\s*$", re.I)
_TOL = re.compile(rf"^\s*(?:±|\+/-|\+-)?\s*({_NUM})\s*(.*?)\s*$")
_LENGTHS = ", ".join(UNITS)
_SPEEDS = ", ".join(SPEED_UNITS)


@dataclass(frozen=True)
class Tolerance:
    """How far a computed value may be from the claimed one: a percentage or an absolute amount.

    ``amount`` is in ``unit`` (a length unit, ``deg``, a speed unit, or the
    claim's own unit for rates); ``percent`` is of the claimed value.
    """

    text: str
    percent: float | None = None
    amount: float | None = None
    unit: str | None = None

    def allowance(self, claimed: float) -> float:
        """The allowed absolute difference around ``claimed`` (same unit as ``amount``)."""
        if self.percent is not None:
            return abs(claimed) * self.percent / 100.0
        return float(self.amount or 0.0)


def parse_number(value: Any) -> float:
    """A non-negative number from a YAML value (``425``, ``"1,200"``); ValueError otherwise.

    >>> parse_number("1,200"), parse_number(425)
    (1200.0, 425.0)
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        x = float(value)
    else:
        m = _RANGE.match(str(value))
        if not m or m.group(2):
            raise ValueError(f"{value!r} is not a number")
        x = float(m.group(1).replace(",", ""))
    if not math.isfinite(x) or x < 0:
        raise ValueError(f"{value!r} is not a finite number ≥ 0")
    return x


def parse_range(value: Any) -> tuple[float, float]:
    """(low, high) from a number or a range ``"3000-4000"``; ValueError otherwise.

    >>> parse_range("3000-4000"), parse_range(680), parse_range("about 1,200")
    ((3000.0, 4000.0), (680.0, 680.0), (1200.0, 1200.0))
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        x = parse_number(value)
        return (x, x)
    m = _RANGE.match(str(value))
    if not m:
        raise ValueError(f"{value!r} is not a number or a range LOW-HIGH")
    low = float(m.group(1).replace(",", ""))
    high = float(m.group(2).replace(",", "")) if m.group(2) else low
    if high < low:
        raise ValueError(f"range {value!r} has its high end first; write LOW-HIGH")
    return (low, high)


def speed_unit(unit: Any) -> str:
    """Canonical speed unit (km/h, kn, mph, m/s); ValueError otherwise.

    >>> speed_unit("knots"), speed_unit("KPH")
    ('kn', 'km/h')
    """
    key = str(unit).strip().lower()
    if key not in SPEED_ALIASES:
        raise ValueError(f"unknown speed unit {unit!r}; use one of {_SPEEDS}")
    return SPEED_ALIASES[key]


def parse_bearing(value: Any) -> float:
    """Degrees in [0, 360] from a compass word (N, NNE, north-east…) or a number of degrees.

    >>> parse_bearing("NE"), parse_bearing(90), parse_bearing("270°")
    (45.0, 90.0, 270.0)
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        deg = float(value)
    else:
        text = str(value).strip().rstrip("°").strip()
        try:
            deg = float(text)
        except ValueError:
            try:
                return compass_to_degrees(text)
            except ValueError:
                raise ValueError(f"{value!r} is neither a compass direction (N, NNE, NE, … NNW) nor degrees 0-360") from None
    if not 0.0 <= deg <= 360.0:
        raise ValueError(f"{value!r} is neither a compass direction (N, NNE, NE, … NNW) nor degrees 0-360")
    return deg


def parse_per(value: Any) -> tuple[float, float, str]:
    """(low, high, period unit) from a rate such as ``100/day`` or ``80-120 per week``.

    >>> parse_per("100/day"), parse_per("80-120 per week")
    ((100.0, 100.0, 'day'), (80.0, 120.0, 'week'))
    """
    text = str(value).strip()
    m = re.match(r"^(.*?)\s*(?:/|\bper\b|\ba\b|\ban\b)\s*([A-Za-z]+)\s*$", text, re.I)
    if not m:
        raise ValueError(f"{value!r} is not a rate; write NUMBER/PERIOD, e.g. 100/day (periods: {', '.join(PERIOD_HOURS)})")
    unit = m.group(2).lower()
    unit = _PERIOD_ALIASES.get(unit, unit)
    if unit not in PERIOD_HOURS:
        raise ValueError(f"rate {value!r} has unknown period {m.group(2)!r}; use one of {', '.join(PERIOD_HOURS)}")
    low, high = parse_range(m.group(1))
    return (low, high, unit)


def tolerance_text(value: Any) -> str:
    """A tolerance as written, without its "±" (it is shown after one: never "± ±5%").

    >>> tolerance_text("±5%"), tolerance_text("+/- 10 km"), tolerance_text(20)
    ('5%', '10 km', '20')
    """
    return re.sub(r"^\s*(?:±|\+/-|\+-)\s*", "", str(value)).strip()


def parse_tolerance(value: Any, kind: str, unit: str | None = None) -> Tolerance:
    """Read a tolerance for a claim of ``kind`` whose value is in ``unit``; ValueError otherwise.

    Allowed: a percentage (``5%``) for every kind but bearing; an absolute amount
    with a unit (``20 km`` for distances, ``10°`` for bearings, ``5 kn`` for
    speeds); or a bare number, read in the claim's own unit (degrees for bearings).

    >>> parse_tolerance("5%", "distance")
    Tolerance(text='5%', percent=5.0, amount=None, unit=None)
    >>> parse_tolerance("20 km", "distance", "mi")
    Tolerance(text='20 km', percent=None, amount=20.0, unit='km')
    >>> parse_tolerance("±5%", "distance").text, parse_tolerance("+/- 10 km", "distance").text
    ('5%', '10 km')
    """
    text = str(value).strip()
    m = _TOL.match(text)
    allowed = {
        "distance": f"a percentage like '5%' or a length like '20 km' ({_LENGTHS})",
        "border_distance": f"a percentage like '10%' or a length like '20 km' ({_LENGTHS})",
        "bearing": "degrees, like '20°' or 20",
        "rate": "a percentage like '10%' or a number in the claim's unit",
        "speed": f"a percentage like '10%' or a speed like '5 kn' ({_SPEEDS})",
    }[kind]
    if not m:
        raise ValueError(f"{value!r} is not a tolerance; give {allowed}")
    text = tolerance_text(text)
    amount = float(m.group(1).replace(",", ""))
    suffix = m.group(2).strip()
    if suffix == "%":
        if kind == "bearing":
            raise ValueError(f"{value!r}: a bearing tolerance cannot be a percentage; give {allowed}")
        if amount > 100:
            raise ValueError(f"{value!r}: a percentage tolerance must be at most 100%")
        return Tolerance(text, percent=amount)
    if not suffix:
        own = "deg" if kind == "bearing" else unit
        return Tolerance(text, amount=amount, unit=own)
    try:
        if kind in ("distance", "border_distance"):
            return Tolerance(text, amount=amount, unit=unit_name(suffix))
        if kind == "bearing" and suffix.lower() in ("°", "deg", "degree", "degrees"):
            return Tolerance(text, amount=amount, unit="deg")
        if kind == "speed":
            return Tolerance(text, amount=amount, unit=speed_unit(suffix))
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a tolerance; give {allowed}")


def tolerance_for(fields: Mapping[str, Any], kind: str, unit: str | None = None) -> Tolerance:
    """The claim's tolerance, or the default for its kind (:data:`DEFAULT_TOLERANCE`)."""
    raw = fields.get("tolerance")
    if raw is None or raw == "":
        t = parse_tolerance(DEFAULT_TOLERANCE[kind], kind, unit)
        return Tolerance(f"{DEFAULT_TOLERANCE[kind]} (default)", t.percent, t.amount, t.unit)
    return parse_tolerance(raw, kind, unit)


def _field_error(name: str, value: Any, why: str) -> str:
    return f"field '{name}': {why}" if why.startswith(repr(value)) else f"field '{name}': {value!r}: {why}"


def _parsed(f: Mapping[str, Any], name: str, parse: Callable[[Any], Any], out: list[str], hint: str = "") -> Any:
    """``parse(f[name])``, or None with the problem appended to ``out`` (``hint``: what to give instead)."""
    try:
        return parse(f[name])
    except ValueError as e:
        out.append(_field_error(name, f[name], f"{e}; {hint}") if hint else f"field '{name}': {e}")
        return None


def claim_problems(fields: Mapping[str, Any], kind: str) -> list[str]:
    """Everything wrong with one claim's fields, as messages naming field, value and what is allowed.

    ``fields`` is the claim as written (``id``, ``kind``, ``source`` and
    ``notes`` are allowed in it); an empty list means the claim can be checked.

    >>> claim_problems({"from": "Pyongyang", "to": "Vladivostok", "value": 425, "unit": "mi", "tolerance": "5%"}, "distance")
    []
    >>> claim_problems({"from": "A", "to": "B", "unit": "furlongs"}, "distance")
    ["missing field 'value' (a distance claim needs from, to, value, unit)", "field 'unit': unknown unit 'furlongs'; use one of km, mi, nmi, m"]
    >>> claim_problems({}, "distanse")
    ["unknown claim kind 'distanse'; use one of distance, bearing, border_distance, rate, speed, transit (did you mean 'distance'?)"]
    """
    if kind not in SCHEMA:
        msg = f"unknown claim kind {kind!r}; use one of {', '.join(CLAIM_KINDS)}"
        close = difflib.get_close_matches(str(kind), CLAIM_KINDS, n=1)
        return [msg + (f" (did you mean {close[0]!r}?)" if close else "")]
    required, optional = SCHEMA[kind]
    allowed = required + optional + COMMON_FIELDS
    problems: list[str] = []
    for name in fields:
        if name not in allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(f"unknown field {name!r} in a {kind} claim; {hint}allowed: {', '.join(allowed)}")
    for name in required:
        if fields.get(name) is None or str(fields.get(name)).strip() == "":
            problems.append(f"missing field {name!r} (a {kind} claim needs {', '.join(required)})")
    problems.extend(_value_problems(fields, kind))
    return problems


def _present(fields: Mapping[str, Any], name: str) -> bool:
    v = fields.get(name)
    return v is not None and str(v).strip() != ""


def _value_problems(f: Mapping[str, Any], kind: str) -> list[str]:
    """Problems with the values of the fields that are present."""
    out: list[str] = []
    kind_problems = _KIND_PROBLEMS.get(kind)
    unit = kind_problems(f, out) if kind_problems is not None else None
    if _present(f, "tolerance"):
        try:
            parse_tolerance(f["tolerance"], kind, unit)
        except ValueError as e:
            out.append(f"field 'tolerance': {e}")
    return out


def _length_problems(f: Mapping[str, Any], out: list[str]) -> str | None:
    """A length claim's value and unit (distance, border_distance) into ``out``; its unit when it parses."""
    unit: str | None = None
    if _present(f, "value"):
        _parsed(f, "value", parse_range, out, "give a distance like 425 or a range like 400-450")
    if _present(f, "unit"):
        unit = _parsed(f, "unit", unit_name, out)
    return unit


def _distance_problems(f: Mapping[str, Any], out: list[str]) -> str | None:
    """A distance claim's value, unit and basis into ``out``; its unit."""
    unit = _length_problems(f, out)
    if _present(f, "basis") and str(f["basis"]).strip().lower() not in BASES:
        out.append(f"field 'basis': {f['basis']!r} is not a basis; use one of {', '.join(BASES)} (default geodesic)")
    return unit


def _border_problems(f: Mapping[str, Any], out: list[str]) -> str | None:
    """A border_distance claim's value, unit and country code into ``out``; its unit."""
    unit = _length_problems(f, out)
    if _present(f, "to"):
        code = str(f["to"]).strip()
        if not re.fullmatch(r"[A-Za-z]{2,3}", code):
            out.append(f"field 'to': {f['to']!r} is not a country code; give an ISO 3166-1 alpha-2 code such as UA, RU, KP, CN")
    return unit


def _bearing_problems(f: Mapping[str, Any], out: list[str]) -> str | None:
    """A bearing claim's value into ``out`` (degrees: no unit)."""
    if _present(f, "value"):
        _parsed(f, "value", parse_bearing, out)
    return None


def _rate_problems(f: Mapping[str, Any], out: list[str]) -> str | None:
    """A rate claim's quantity, rate and period into ``out``; its unit as written."""
    if _present(f, "quantity"):
        _parsed(f, "quantity", parse_range, out, "give a number like 3500 or a range like 3000-4000")
    if _present(f, "per"):
        _parsed(f, "per", parse_per, out)
    if _present(f, "period"):
        from .dates import parse_when

        try:
            w = parse_when(f["period"])
            if w.is_open:
                out.append(f"field 'period': {f['period']!r} has an open end; give both ends, e.g. 2011-07-01/2011-07-31")
        except ValueError as e:
            out.append(f"field 'period': {e}")
    return str(f["unit"]).strip() if _present(f, "unit") else None


def _speed_problems(f: Mapping[str, Any], out: list[str]) -> str | None:
    """A speed claim's leg key, value and unit (both or neither) into ``out``; its unit."""
    unit: str | None = None
    if _present(f, "leg") and not re.fullmatch(r"[^/\s]+/[1-9][0-9]*", str(f["leg"]).strip()):
        out.append(f"field 'leg': {f['leg']!r} is not a leg key; write SHIPMENT/N, e.g. angara-2023/2")
    has_v, has_u = _present(f, "value"), _present(f, "unit")
    if has_v:
        _parsed(f, "value", parse_range, out, "give a speed like 40 or a range like 30-50")
    if has_u:
        unit = _parsed(f, "unit", speed_unit, out)
    if has_v and not has_u:
        out.append(f"missing field 'unit' (a speed claim with a value needs a unit: {_SPEEDS})")
    if has_u and not has_v:
        out.append("missing field 'value' (a speed claim with a unit needs a value, e.g. value: 40)")
    return unit


def _transit_kind_problems(f: Mapping[str, Any], out: list[str]) -> str | None:
    """A transit claim's fields into ``out`` (no unit)."""
    out.extend(_transit_problems(f))
    return None


#: each kind's value checks: problems into the list, and the claim's unit for its tolerance
_KIND_PROBLEMS: dict[str, Callable[[Mapping[str, Any], list[str]], str | None]] = {
    "distance": _distance_problems, "border_distance": _border_problems, "bearing": _bearing_problems,
    "rate": _rate_problems, "speed": _speed_problems, "transit": _transit_kind_problems,
}


def transit_value(f: Mapping[str, Any]) -> bool:
    """A transit claim's ``value``: True for "passed through" (the default), False for "did not enter"."""
    v = f.get("value", True)
    if v is None:
        return True
    key = v.strip().lower() if isinstance(v, str) else v
    if key not in TRANSIT_VALUES:
        raise ValueError(f"{v!r} is not yes or no")
    return TRANSIT_VALUES[key]


def _transit_problems(f: Mapping[str, Any]) -> list[str]:
    out = []
    if _present(f, "leg") == _present(f, "shipment"):
        out.append("a transit claim needs exactly one of 'leg' (SHIPMENT/N) or 'shipment' (every leg of it)")
    if _present(f, "leg") and not re.fullmatch(r"[^/\s]+/[1-9][0-9]*", str(f["leg"]).strip()):
        out.append(f"field 'leg': {f['leg']!r} is not a leg key; write SHIPMENT/N, e.g. angara-2023/2")
    try:
        transit_value(f)
    except ValueError as e:
        out.append(f"field 'value': {e}; write yes (passed through, the default) or no (did not enter)")
    return out
