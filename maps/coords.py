"""Coordinates of exported lines as numbers and as text: one rounding and one formatter for KML, CSV-WKT and GeoJSON.

Rounding is numpy's (vectorised), to a fixed number of decimals, with ``-0.0``
made ``0.0``; the text of each number is Python's shortest repr, so the bytes do
not depend on the format (a fixed-width format would write 42.250000 for 42.25).
Measured: formatting a whole line with one ``repr`` of the list and string
replacements is no faster than one f-string per point, so it stays that.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def rounded(part: Iterable[tuple[float, float]], precision: int) -> Any:
    """A line's (lon, lat) points as an (n, 2) float64 array rounded to ``precision`` decimals, no ``-0.0``.

    >>> rounded([(1.23456, -0.000001)], 4).tolist()
    [[1.2346, 0.0]]
    """
    import numpy as np

    return np.round(np.asarray(part, dtype="float64").reshape(-1, 2), precision) + 0.0


def coord_text(part: Iterable[tuple[float, float]], precision: int, within: str, between: str) -> str:
    """The rounded points as text: each point's two numbers joined by ``within``, points joined by ``between``.

    >>> coord_text([(130.28, 42.25), (131.0, 1e-07)], 6, ",", " ")
    '130.28,42.25 131.0,0.0'
    >>> coord_text([(130.28, 42.25), (131.0, 42.7)], 6, " ", ", ")
    '130.28 42.25, 131.0 42.7'
    """
    return between.join(f"{x!r}{within}{y!r}" for x, y in rounded(part, precision).tolist())
