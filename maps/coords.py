"""Coordinates of exported lines as numbers and as text: one rounding and one formatter for KML, CSV-WKT and GeoJSON.

Rounding is numpy's (vectorised), to a fixed number of decimals, with ``-0.0``
made ``0.0``; the text of each number is Python's shortest repr, so the bytes do
not depend on the format (a fixed-width format would write 42.250000 for 42.25).

The text is made without a Python call per number: a number rounded to ``p``
decimals is the double nearest to ``N / 10**p`` for a whole ``N``, and its
shortest repr is that decimal written out with the trailing zeros dropped (no
shorter decimal lies within the double's spacing), so the digits of ``N`` are
laid out in a byte matrix by numpy and the wanted ones picked (1.66 million
points: ~0.3 s instead of ~1.4 s). Numbers that repr writes in exponent form
(0 < |x| < 1e-4) and |N| from 2**50 on (doubles nearly as sparse as the decimals) go
through ``repr`` itself.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from typing import Any

#: from this |N| (rounded number × 10**decimals) on, doubles are too sparse for the digits argument: repr is used
_EXACT = 2.0 ** 50


def points(part: Iterable[tuple[float, float]]) -> Any:
    """A line's (lon, lat) points as an (n, 2) float64 array (degrees), read in one flat pass when they are
    Python pairs (``np.asarray`` walks nested tuples about twice as slowly).

    >>> points(((1.0, 2.0), (3.0, 4.0))).tolist()
    [[1.0, 2.0], [3.0, 4.0]]
    """
    import numpy as np

    if isinstance(part, (tuple, list)) and part and all(type(p) is tuple and len(p) == 2 for p in (part[0], part[-1])):
        try:
            return np.fromiter(chain.from_iterable(part), dtype="float64", count=2 * len(part)).reshape(-1, 2)
        except ValueError:      # a point of another length inside: as np.asarray would
            pass
    return np.asarray(part, dtype="float64").reshape(-1, 2)


def rounded(part: Iterable[tuple[float, float]], precision: int) -> Any:
    """A line's (lon, lat) points as an (n, 2) float64 array rounded to ``precision`` decimals, no ``-0.0``.

    >>> rounded([(1.23456, -0.000001)], 4).tolist()
    [[1.2346, 0.0]]
    """
    import numpy as np

    return np.round(points(part), precision) + 0.0


def coord_text(part: Iterable[tuple[float, float]], precision: int, within: str, between: str) -> str:
    """The rounded points as text: each point's two numbers joined by ``within``, points joined by ``between``.

    >>> coord_text([(130.28, 42.25), (131.0, 1e-07)], 6, ",", " ")
    '130.28,42.25 131.0,0.0'
    >>> coord_text([(130.28, 42.25), (131.0, 42.7)], 6, " ", ", ")
    '130.28 42.25, 131.0 42.7'
    """
    return rounded_text(rounded(part, precision), precision, within, between)


def rounded_text(arr: Any, precision: int, within: str, between: str) -> str:
    """:func:`coord_text` of points already :func:`rounded` to ``precision`` decimals (an (n, 2) array).

    >>> import numpy as np
    >>> rounded_text(np.array([[-0.5, 10.0], [1e-05, 2.125]]), 6, ",", "],[")
    '-0.5,10.0],[1e-05,2.125'
    """
    import numpy as np

    flat = np.asarray(arr, dtype="float64").reshape(-1)
    if not len(flat):
        return ""
    mag = np.abs(flat)
    if (not np.isfinite(flat).all() or float(mag.max()) * 10.0 ** precision >= _EXACT
            or ((mag < 1e-4) & (mag > 0)).any()):
        return between.join(f"{x!r}{within}{y!r}" for x, y in flat.reshape(-1, 2).tolist())
    return _digits_text(flat, precision, within, between)


def _digits_text(flat: Any, precision: int, within: str, between: str) -> str:
    """The repr of each number of ``flat`` (rounded, finite, in repr's positional range), laid out by numpy.

    Each number is written as sign, whole digits, ".", fraction digits, in groups of three digits looked up
    in a table; the leading zeros of the whole part and the trailing zeros of the fraction (one digit always
    stays on either side of the point) are then left out by a mask.
    """
    import numpy as np

    lut, lead, trail = _tables()
    n = np.rint(flat * float(10 ** precision)).astype("int64")
    a = np.abs(n)
    whole, frac = a // 10 ** precision, a % 10 ** precision
    wl = max(1, -(-len(str(int(whole.max()))) // 3))      # groups of three digits before the point
    fl = max(1, -(-precision // 3))                       # and after it
    frac = frac * 10 ** (3 * fl - precision)
    w_groups = [(whole // 1000 ** (wl - 1 - i)) % 1000 for i in range(wl)]
    f_groups = [(frac // 1000 ** (fl - 1 - i)) % 1000 for i in range(fl)]
    lz = np.zeros(len(flat), dtype="int64")
    zero = np.ones(len(flat), dtype=bool)
    for g in w_groups:                  # leading zeros: all of a zero group while no digit was seen yet
        lz += np.where(zero, lead[g], 0)
        zero &= g == 0
    tz = np.zeros(len(flat), dtype="int64")
    zero = np.ones(len(flat), dtype=bool)
    for g in reversed(f_groups):        # trailing zeros, likewise from the end
        tz += np.where(zero, trail[g], 0)
        zero &= g == 0
    w_len = np.maximum(3 * wl - lz, 1)
    f_len = np.maximum(3 * fl - tz, 1)
    cols = 1 + 3 * wl + 1 + 3 * fl
    num = np.empty((len(flat), cols), dtype="uint8")
    keep = np.empty((len(flat), cols), dtype=bool)
    num[:, 0], keep[:, 0] = ord("-"), n < 0
    for i, g in enumerate(w_groups):
        num[:, 1 + 3 * i:4 + 3 * i] = lut[g]
    keep[:, 1:1 + 3 * wl] = np.arange(3 * wl) >= (3 * wl - w_len)[:, None]
    num[:, 1 + 3 * wl], keep[:, 1 + 3 * wl] = ord("."), True
    for i, g in enumerate(f_groups):
        num[:, 2 + 3 * wl + 3 * i:5 + 3 * wl + 3 * i] = lut[g]
    keep[:, 2 + 3 * wl:] = np.arange(3 * fl) < f_len[:, None]
    # a point's row: x, within, y, between (the last point's between is cut off below)
    w, b = np.frombuffer(within.encode(), dtype="uint8"), np.frombuffer(between.encode(), dtype="uint8")
    num, keep = num.reshape(-1, 2 * cols), keep.reshape(-1, 2 * cols)
    row = np.empty((len(num), 2 * cols + len(w) + len(b)), dtype="uint8")
    row_keep = np.ones(row.shape, dtype=bool)
    row[:, :cols], row_keep[:, :cols] = num[:, :cols], keep[:, :cols]
    row[:, cols:cols + len(w)] = w
    row[:, cols + len(w):2 * cols + len(w)], row_keep[:, cols + len(w):2 * cols + len(w)] = num[:, cols:], keep[:, cols:]
    row[:, 2 * cols + len(w):] = b
    text = row[row_keep].tobytes().decode("utf-8")
    return text[:len(text) - len(between)] if between else text


@lru_cache(maxsize=1)
def _tables() -> tuple[Any, Any, Any]:
    """For 0 … 999: its three digits (ASCII), its leading and its trailing zeros as a three-digit group."""
    import numpy as np

    text = [f"{i:03d}" for i in range(1000)]
    lut = np.frombuffer("".join(text).encode(), dtype="uint8").reshape(1000, 3)
    lead = np.array([len(t) - len(t.lstrip("0")) for t in text], dtype="int64")
    trail = np.array([len(t) - len(t.rstrip("0")) for t in text], dtype="int64")
    return lut, lead, trail
