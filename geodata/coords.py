"""Coordinates typed as a place query: ``42.25,130.28`` or ``42°15′N 130°17′E``.

Decimal pairs are read as *latitude, longitude* (the way people type them and
the way map sites show them); the result is always ``(lon, lat)``, the order
used everywhere in the core. With hemisphere letters the order may be either
way round (``130°17′E 42°15′N`` works too).

>>> parse_coordinates("42.25,130.28")
(130.28, 42.25)
>>> parse_coordinates("42°15′N 130°17′E")
(130.28333333333333, 42.25)
>>> parse_coordinates("Najin") is None
True
"""
from __future__ import annotations

import re

from .base.errors import InputError

__all__ = ["parse_coordinates"]

_NUM = r"[-+−]?\d+(?:\.\d+)?"
# "42.25, 130.28", "42.25 130.28", "-33.9;151.2"
_DECIMAL_PAIR = re.compile(rf"^\s*({_NUM})\s*[,; ]\s*({_NUM})\s*$")
# One angle with a hemisphere: 42°15′30″N, 42 15 N, 42.25N, N42.25, 42d15m N
_ANGLE = (
    r"(?P<deg>\d+(?:\.\d+)?)\s*(?:°|º|d|deg|\s)?\s*"
    r"(?:(?P<min>\d+(?:\.\d+)?)\s*(?:′|'|’|m|min|\s)?\s*)?"
    r"(?:(?P<sec>\d+(?:\.\d+)?)\s*(?:″|\"|''|s|sec)?\s*)?"
)
_HEMI_AFTER = re.compile(rf"^\s*{_ANGLE}(?P<hemi>[NSEW])\s*$", re.IGNORECASE)
_HEMI_BEFORE = re.compile(rf"^\s*(?P<hemi>[NSEW])\s*{_ANGLE}$", re.IGNORECASE)
# a pair where a number is "nan" or "inf": an error, not a place name
_NOT_A_NUMBER = re.compile(r"^\s*[-+−]?(?:nan|inf(?:inity)?|\d+(?:\.\d+)?)\s*[,; ]\s*[-+−]?(?:nan|inf(?:inity)?|\d+(?:\.\d+)?)\s*$",
                           re.IGNORECASE)
_SPLIT_AFTER_HEMI = re.compile(r"(?<=[NSEWnsew])\s*[,;]?\s*(?=[\dNSEWnsew])")
_EXAMPLE = "give coordinates as 'lat,lon' (e.g. 42.25,130.28) or with hemispheres (e.g. 42°15′N 130°17′E)"


def _check(lat: float, lon: float, text: str) -> tuple[float, float]:
    if not -90.0 <= lat <= 90.0:
        raise InputError(f"coordinates {text.strip()!r}: latitude {lat:g} is out of range -90..90; {_EXAMPLE}")
    if not -180.0 <= lon <= 180.0:
        raise InputError(f"coordinates {text.strip()!r}: longitude {lon:g} is out of range -180..180; {_EXAMPLE}")
    return (lon, lat)


def _angle(part: str) -> tuple[float, str] | None:
    m = _HEMI_AFTER.match(part) or _HEMI_BEFORE.match(part)
    if not m:
        return None
    deg = float(m["deg"])
    minutes = float(m["min"]) if m["min"] else 0.0
    seconds = float(m["sec"]) if m["sec"] else 0.0
    if minutes >= 60 or seconds >= 60:
        raise InputError(f"coordinates {part.strip()!r}: minutes and seconds must be below 60; {_EXAMPLE}")
    value = deg + minutes / 60.0 + seconds / 3600.0
    hemi = m["hemi"].upper()
    return (-value if hemi in "SW" else value), hemi


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Parse coordinates typed as a query; return ``(lon, lat)`` in degrees, or None.

    None means "this is not coordinates" (treat it as a name). Coordinates out of
    range raise :class:`~geodata.base.errors.InputError` naming the value and the range.

    >>> parse_coordinates("-33.87, 151.21")
    (151.21, -33.87)
    >>> parse_coordinates("42 15 N 130 17 E")
    (130.28333333333333, 42.25)
    >>> parse_coordinates("91,10")
    Traceback (most recent call last):
    ...
    geodata.base.errors.InputError: coordinates '91,10': latitude 91 is out of range -90..90; give coordinates as 'lat,lon' (e.g. 42.25,130.28) or with hemispheres (e.g. 42°15′N 130°17′E)
    """
    if text and _NOT_A_NUMBER.match(text) and re.search(r"nan|inf", text, re.IGNORECASE):
        raise InputError(f"coordinates {text.strip()!r}: not a number (nan or inf); {_EXAMPLE}")
    if not text or not any(ch.isdigit() for ch in text):
        return None
    m = _DECIMAL_PAIR.match(text)
    if m:
        lat, lon = (float(g.replace("−", "-")) for g in m.groups())
        return _check(lat, lon, text)
    # Hemisphere form: split into two angles after the first hemisphere letter,
    # or before the second when letters lead ("N42.25 E130.28").
    stripped = text.strip()
    parts: list[str] = []
    lead = re.match(r"^\s*[NSEWnsew]", stripped)
    if lead:
        m2 = re.match(r"^(\s*[NSEWnsew][^NSEWnsew]+?)\s*[,;]?\s*([NSEWnsew].*)$", stripped)
        if m2:
            parts = [m2.group(1), m2.group(2)]
    else:
        pieces = _SPLIT_AFTER_HEMI.split(stripped, maxsplit=1)
        if len(pieces) == 2:
            parts = pieces
    if len(parts) != 2:
        return None
    a, b = _angle(parts[0]), _angle(parts[1])
    if a is None or b is None:
        return None
    (va, ha), (vb, hb) = a, b
    if ha in "NS" and hb in "EW":
        return _check(va, vb, text)
    if ha in "EW" and hb in "NS":
        return _check(vb, va, text)
    raise InputError(f"coordinates {stripped!r}: give one latitude (N/S) and one longitude (E/W); {_EXAMPLE}")
