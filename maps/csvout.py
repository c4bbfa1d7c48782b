"""CSV for spreadsheets: one row per leg, a WKT geometry column, the ``routes.exportschema`` leg columns.

The first column, ``WKT``, is a LINESTRING (or a MULTILINESTRING for a leg cut
at ±180°) in lon/lat order, so GDAL and QGIS read the file as a layer without
options. Dates are ISO 8601 text; lists are joined with `` | ``. UTF-8 with
a header row, RFC 4180 quoting.

Beside ``X.csv`` a ``X.csvt`` gives each column's type (``WKT``, ``String``,
``Integer``, ``Real``, ``Date``; GDAL's CSV driver and QGIS read it), and
``X.checks.csv`` (+ ``.csvt``) has one row per check with its numeric fields,
so every check is in the CSV output too (WKT empty when it has no line).
"""
from __future__ import annotations

import csv
import datetime as dt
import math
import os
from pathlib import Path
from typing import Any, Iterable

from geodata.base.atomic import atomic_write
from routes import exportschema

from .coords import coord_text
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
    def line(part: Iterable[tuple[float, float]]) -> str:
        return "(" + coord_text(part, precision, " ", ", ") + ")"
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


#: GDAL CSV driver column type (.csvt) per routes.exportschema type
CSVT_TYPES = {"str": "String", "int": "Integer", "float": "Real", "date": "Date"}


def csvt(layer: str) -> str:
    """The ``.csvt`` line for a layer's CSV: the WKT column, then each schema column's GDAL type.

    >>> csvt("claims")[:40]
    '"WKT","String","String","String","String'
    """
    return ",".join(f'"{t}"' for t in ("WKT", *(CSVT_TYPES[k] for _, k in exportschema.FIELDS[layer]))) + "\n"


def sidecars(path: str | os.PathLike[str]) -> tuple[Path, Path, Path]:
    """(types of X.csv, X.checks.csv, its types) for the CSV export ``X.csv``.

    >>> [p.name for p in sidecars("out/legs.csv")]
    ['legs.csvt', 'legs.checks.csv', 'legs.checks.csvt']
    """
    p = Path(path)
    checks = p.with_name(p.stem + ".checks.csv")
    return p.with_suffix(".csvt"), checks, checks.with_suffix(".csvt")


def _write_table(path: str | os.PathLike[str], layer: str, features: Iterable[Feature], precision: int) -> None:
    names = exportschema.field_names(layer)
    with atomic_write(path, newline="") as f:
        w = csv.writer(f)
        w.writerow([WKT_COLUMN, *names])
        for feat in features:
            w.writerow([wkt(feat, precision) if feat.has_geometry else "", *(cell(feat.properties.get(n)) for n in names)])
    with atomic_write(Path(path).with_suffix(".csvt")) as f:
        f.write(csvt(layer))


def write_csv(fs: FeatureSet, path: str | os.PathLike[str], *, precision: int = 6) -> None:
    """Write one row per leg to ``path``, its ``.csvt``, and every check to ``X.checks.csv`` (each atomically)."""
    _write_table(path, "legs", fs.legs, precision)
    _write_table(sidecars(path)[1], "claims", fs.claims, precision)
