"""Strict RFC 7946 GeoJSON: one FeatureCollection of places, legs and claim lines.

Written with :mod:`json` (no GDAL): WGS84 lon/lat, no ``crs`` member,
lines crossing the antimeridian cut into MultiLineStrings (§3.1.9), polygon
rings right-hand wound (§3.1.6), coordinates rounded to ``precision`` decimals
(default 6, about 0.1 m), no third or fourth coordinate, and a top-level
``bbox`` that runs west > east when the data crosses the antimeridian (§5.2).
Every feature has a ``feature_type`` property and a string ``id``; dates are
ISO 8601 strings.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
from typing import Any, Iterable, Iterator, Sequence

from geodata.base.atomic import atomic_write

from .coords import points, rounded, rounded_text
from .features import Feature, FeatureSet

LonLat = tuple[float, float]
DEFAULT_PRECISION = 6


def _rounded_line(part: Sequence[LonLat], precision: int) -> Any:
    """A line's coordinates rounded, points that became repeats dropped (keeps ≥ 2 points): an (n, 2) array."""
    import numpy as np

    arr = rounded(part, precision)
    if len(arr) > 1:
        keep = np.ones(len(arr), dtype=bool)
        keep[1:] = (arr[1:] != arr[:-1]).any(axis=1)
        arr = arr[keep] if keep.sum() >= 2 else arr[[0, -1]]
    return arr


def _round_line(part: Sequence[LonLat], precision: int) -> list[list[float]]:
    """Round a line's coordinates, dropping points that become repeats (keeps ≥ 2 points)."""
    result: list[list[float]] = _rounded_line(part, precision).tolist()
    return result


def _line_text(part: Sequence[LonLat], precision: int) -> str:
    """The JSON text of :func:`_round_line` (json writes each float as its repr, as :mod:`maps.coords` does)."""
    arr = _rounded_line(part, precision)
    return "[[" + rounded_text(arr, precision, ",", "],[") + "]]" if len(arr) else "[]"


def ring_area2(ring: Sequence[Sequence[float]]) -> float:
    """Twice the signed planar area of a closed ring in lon/lat (> 0: counterclockwise).

    Used only to decide winding order, never for a measurement.

    >>> ring_area2([(0, 0), (1, 0), (1, 1), (0, 0)]) > 0
    True
    """
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def orient_polygon(rings: Sequence[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
    """Rings wound by the right-hand rule (RFC 7946 §3.1.6): exterior counterclockwise, holes clockwise.

    >>> orient_polygon([[(0, 0), (0, 1), (1, 1), (0, 0)]])[0]
    [[0, 0], [1, 1], [0, 1], [0, 0]]
    """
    out = []
    for i, ring in enumerate(rings):
        r = [list(p) for p in ring]
        ccw = ring_area2(r) > 0
        if ccw != (i == 0):
            r.reverse()
        out.append(r)
    return out


def geometry(f: Feature, precision: int = DEFAULT_PRECISION) -> dict[str, Any] | None:
    """The RFC 7946 geometry object of a feature, rounded to ``precision`` decimals (None: no geometry, §3.2)."""
    if not f.has_geometry:
        return None
    if f.is_point:
        lon, lat = f.parts[0][0]
        return {"type": "Point", "coordinates": [round(lon, precision) + 0.0, round(lat, precision) + 0.0]}
    lines = [_round_line(p, precision) for p in f.parts]
    if f.geometry_type == "MultiLineString":
        return {"type": "MultiLineString", "coordinates": lines}
    return {"type": "LineString", "coordinates": lines[0]}


def json_value(v: Any) -> Any:
    """A property value as plain JSON: dates as ISO 8601 strings, NaN as null."""
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _intervals(features: Iterable[Feature]) -> tuple[list[tuple[float, float]], float, float, bool]:
    """Longitude intervals covered by the features' parts, lat range, and whether any line crosses ±180°.

    A part never jumps more than 180° between vertices, so it covers [min lon, max lon].
    """
    ivs: list[tuple[float, float]] = []
    lat_lo, lat_hi = math.inf, -math.inf
    crosses = False
    for f in features:
        crosses = crosses or (not f.is_point and f.crosses_antimeridian)
        for part in f.parts:
            arr = points(part)
            ivs.append((float(arr[:, 0].min()), float(arr[:, 0].max())))
            lat_lo, lat_hi = min(lat_lo, float(arr[:, 1].min())), max(lat_hi, float(arr[:, 1].max()))
    return ivs, lat_lo, lat_hi, crosses


def bbox(features: Sequence[Feature], precision: int = DEFAULT_PRECISION) -> list[float] | None:
    """[west, south, east, north] of the features (RFC 7946 §5); None when there are none.

    When a line crosses the antimeridian the box is the narrowest longitude
    range that covers everything, so west > east (§5.2): e.g. a voyage from
    Vladivostok to Anchorage gives west ≈ 131.9 and east ≈ -149.9.
    """
    ivs, south, north, crosses = _intervals(features)
    if not ivs:
        return None
    ivs.sort()
    merged: list[list[float]] = [list(ivs[0])]
    for lo, hi in ivs[1:]:
        if lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    west, east = merged[0][0], merged[-1][1]
    if crosses and len(merged) > 1:
        # the largest gap not covered by any feature; the box is its complement
        wrap_gap = merged[0][0] + 360.0 - merged[-1][1]
        gaps = [(merged[i + 1][0] - merged[i][1], i) for i in range(len(merged) - 1)]
        gap, i = max(gaps)
        if gap > wrap_gap:
            west, east = merged[i + 1][0], merged[i][1]
    r = lambda x: round(x, precision) + 0.0  # noqa: E731
    return [r(west), r(south), r(east), r(north)]


def feature_json(f: Feature, precision: int = DEFAULT_PRECISION) -> dict[str, Any]:
    """One GeoJSON Feature: string id, RFC 7946 geometry, flat properties."""
    return {
        "type": "Feature", "id": f.id, "geometry": geometry(f, precision),
        "properties": {k: json_value(v) for k, v in f.properties.items()},
    }


def feature_text(f: Feature, precision: int = DEFAULT_PRECISION) -> str:
    """The compact JSON of :func:`feature_json` (the bytes ``_dump`` gives), its lines' coordinates written
    straight from arrays instead of through lists of Python floats."""
    if f.has_geometry and not f.is_point:
        lines = [_line_text(p, precision) for p in f.parts]
        if f.geometry_type == "MultiLineString":
            geom = '{"type":"MultiLineString","coordinates":[' + ",".join(lines) + "]}"
        else:
            geom = '{"type":"LineString","coordinates":' + lines[0] + "}"
    else:
        geom = _dump(geometry(f, precision))
    return (_dump({"type": "Feature", "id": f.id})[:-1] + ',"geometry":' + geom + ',"properties":'
            + _dump({k: json_value(v) for k, v in f.properties.items()}) + "}")


def feature_collection(fs: FeatureSet, *, precision: int = DEFAULT_PRECISION, include_claims: bool = True) -> dict[str, Any]:
    """The FeatureCollection as a dict: places (Points), legs (LineStrings), optionally claim lines."""
    head, feats = _head(fs, precision, include_claims)
    return {**head, "features": [feature_json(f, precision) for f in feats]}


def _head(fs: FeatureSet, precision: int, include_claims: bool) -> tuple[dict[str, Any], list[Feature]]:
    """The collection's members before ``features`` (type, RFC 7946 bbox, title), and the features to write."""
    _check_precision(precision)
    feats = fs.all(include_claims)
    head: dict[str, Any] = {"type": "FeatureCollection"}
    box = bbox(feats, precision)
    if box is not None:
        head["bbox"] = box
    head["title"] = fs.title   # a foreign member (RFC 7946 §6.1); GIS tools ignore it
    return head, feats


def _check_precision(precision: int) -> None:
    if not isinstance(precision, int) or isinstance(precision, bool) or not 0 <= precision <= 15:
        from geodata.base.errors import InputError
        raise InputError(f"precision {precision!r} is not a whole number of decimals from 0 to 15; "
                         f"6 (about 0.1 m) is the default")


def _dump(o: Any) -> str:
    return json.dumps(o, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def dumps(fc: dict[str, Any]) -> str:
    """Serialise a FeatureCollection with one feature per line (diff-friendly, still compact)."""
    return "".join(_chunks({k: v for k, v in fc.items() if k != "features"}, map(_dump, fc.get("features", []))))


def _chunks(head: dict[str, Any], features: Iterable[str]) -> Iterator[str]:
    """The text of :func:`dumps`, a feature (its compact JSON text) at a time."""
    yield _dump(head)[:-1] + ',"features":[\n'
    for i, f in enumerate(features):
        yield (",\n" if i else "") + f
    yield "\n]}\n"


def write_geojson(fs: FeatureSet, path: str | os.PathLike[str], *, precision: int = DEFAULT_PRECISION,
                  include_claims: bool = True) -> None:
    """Write ``fs`` as an RFC 7946 GeoJSON file (atomically), streamed: one feature's JSON in memory at a time.

    The bytes are those of ``dumps(feature_collection(fs, ...))``.
    """
    head, feats = _head(fs, precision, include_claims)
    with atomic_write(path) as f:
        for chunk in _chunks(head, (feature_text(x, precision) for x in feats)):
            f.write(chunk)
