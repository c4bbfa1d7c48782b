"""CSV for spreadsheets: one row per leg, a WKT geometry column, the ``routes.schema`` leg columns.

The first column, ``WKT``, is a LINESTRING (or a MULTILINESTRING for a leg cut
at ±180°) in lon/lat order, so GDAL and QGIS read the file as a layer without
options. Dates are ISO 8601 text; lists are joined with `` | ``. UTF-8 with
a header row, RFC 4180 quoting.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
import os
from typing import Any, Iterable

from geodata.atomic import atomic_write
from routes import schema

from .features import Feature, FeatureSet

WKT_COLUMN = "WKT"
#: leading characters a spreadsheet would run as a formula; such cells get a leading apostrophe
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _num(x: float, precision: int) -> str:
    return repr(round(x, precision) + 0.0)


def wkt(f: Feature, precision: int = 6) -> str:
    """WKT of a feature's geometry, coordinates rounded to ``precision`` decimals.

    >>> from maps.features import Feature
    >>> wkt(Feature("legs", "a/1", (((130.28, 42.25), (131.0, 42.7)),), {}))
    'LINESTRING (130.28 42.25, 131.0 42.7)'
    """
    import numpy as np

    def line(part: Iterable[tuple[float, float]]) -> str:
        arr = np.round(np.asarray(part, dtype="float64").reshape(-1, 2), precision) + 0.0
        return "(" + ", ".join(f"{x!r} {y!r}" for x, y in arr.tolist()) + ")"
    if f.is_point:
        x, y = f.parts[0][0]
        return f"POINT ({_num(x, precision)} {_num(y, precision)})"
    if f.geometry_type == "MultiLineString":
        return "MULTILINESTRING (" + ", ".join(line(p) for p in f.parts) + ")"
    return "LINESTRING " + line(f.parts[0])


def cell(v: Any) -> str:
    """A property value as CSV text (dates ISO, None empty; formula-like text defused).

    >>> cell(None), cell(dt.date(2023, 9, 12)), cell("=HYPERLINK()"), cell(-3.5)
    ('', '2023-09-12', "'=HYPERLINK()", '-3.5')
    """
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    s = str(v)
    if isinstance(v, str) and s.startswith(_FORMULA):
        return "'" + s
    return s


def write_csv(fs: FeatureSet, path: str | os.PathLike[str], *, precision: int = 6) -> None:
    """Write one row per leg to ``path`` (atomically)."""
    names = schema.field_names("legs")
    with atomic_write(path, newline="") as f:
        w = csv.writer(f)
        w.writerow([WKT_COLUMN, *names])
        for feat in fs.legs:
            w.writerow([wkt(feat, precision), *(cell(feat.properties.get(n)) for n in names)])
