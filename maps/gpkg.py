"""GeoPackage export through pyogrio/GDAL: layers places, legs, shipments, claims (EPSG:4326).

Columns follow ``routes.exportschema`` with real types: integers, reals (km,
degrees), text, and GeoPackage DATE columns for the first/last possible UTC
day of each reported date (``depart_first_day`` …); the ISO text columns
(``depart_earliest`` …) keep ranges and partial dates as reported. Legs,
shipments and claims are MultiLineStrings (a line crossing ±180° is cut into
parts; every other line is one part). Coordinates are written at full double
precision. The case title is stored as dataset metadata ``ROUTEMAP_TITLE``.
"""
from __future__ import annotations

import math
import os
from itertools import chain
from typing import Any, Sequence

from geodata.base.atomic import atomic_path
from routes import exportschema

from .features import Feature, FeatureSet

GEOMETRY_TYPES = {"places": "Point", "legs": "MultiLineString", "shipments": "MultiLineString", "claims": "MultiLineString"}
TITLE_KEY = "ROUTEMAP_TITLE"


def _column(values: list[Any], kind: str) -> tuple[Any, Any]:
    """(array, mask or None) for one column of ``kind`` (str, int, float, date)."""
    import numpy as np

    if kind == "int":
        mask = np.array([v is None for v in values], dtype=bool)
        arr = np.array([0 if v is None else int(v) for v in values], dtype="int64")
        return arr, (mask if mask.any() else None)
    if kind == "float":
        return np.array([math.nan if v is None else float(v) for v in values], dtype="float64"), None
    if kind == "date":
        return np.array([None if v is None else v.isoformat() for v in values], dtype="datetime64[D]"), None
    return np.array([None if v is None else str(v) for v in values], dtype=object), None


def _wkb(features: Sequence[Feature], layer: str) -> Any:
    """The features' geometries as WKB (an object array; None for a check with no line).

    Lines are made in runs of about :data:`WKB_POINTS` points, each run's points read into one array in one
    pass and its intermediates (GEOS lines, multi-lines) dropped once its WKB is made, so the temporary
    copies of the points stay bounded whatever the size of the chunk written.
    """
    import numpy as np
    import shapely

    if layer == "places":
        geoms = shapely.points(np.array([f.parts[0][0] for f in features], dtype="float64").reshape(-1, 2))
        return np.asarray(shapely.to_wkb(geoms), dtype=object)
    out = np.full(len(features), None, dtype=object)      # None: a null geometry (a check with no line)
    run: list[int] = []
    points = 0
    for i, f in enumerate(features):
        if f.has_geometry:
            run.append(i)
            points += sum(len(p) for p in f.parts)
        if run and (points >= WKB_POINTS or i == len(features) - 1):
            out[run] = _multilines_wkb([features[j] for j in run])
            run, points = [], 0
    return out


def _multilines_wkb(drawn: Sequence[Feature]) -> Any:
    """WKB of one MultiLineString per feature (each with a line), its parts as the lines."""
    import numpy as np
    import shapely

    parts = [p for f in drawn for p in f.parts]
    sizes = [len(p) for p in parts]
    coords = np.fromiter(chain.from_iterable(chain.from_iterable(parts)), dtype="float64",
                         count=2 * sum(sizes)).reshape(-1, 2)
    lines = shapely.linestrings(coords, indices=np.repeat(np.arange(len(parts)), sizes))
    del coords
    multi = shapely.multilinestrings(lines, indices=np.repeat(np.arange(len(drawn)), [len(f.parts) for f in drawn]))
    del lines
    return shapely.to_wkb(multi)


def write_layer(path: str | os.PathLike[str], layer: str, features: Sequence[Feature], *,
                metadata: dict[str, str] | None = None) -> None:
    """Write one layer (schema ``routes.exportschema.FIELDS[layer]``) into the GeoPackage at ``path``.

    Features go in chunks of :data:`CHUNK` (the first creates the layer, the others
    append), so the temporary arrays of a big case stay bounded.
    """
    from pyogrio.raw import write

    for start in range(0, max(len(features), 1), CHUNK):
        chunk = features[start:start + CHUNK]
        cols, masks = [], []
        for name, kind in exportschema.FIELDS[layer]:
            arr, mask = _column([f.properties.get(name) for f in chunk], kind)
            cols.append(arr)
            masks.append(mask)
        more = {"append": True} if start else {"dataset_metadata": metadata, "layer_options": {"SPATIAL_INDEX": "YES"}}
        write(
            str(path), _wkb(chunk, layer), cols, [n for n, _ in exportschema.FIELDS[layer]],
            field_mask=masks if any(m is not None for m in masks) else None,
            layer=layer, driver="GPKG", geometry_type=GEOMETRY_TYPES[layer], crs="EPSG:4326",
            promote_to_multi=layer != "places", **more,
        )


#: features written per call into a GeoPackage layer (the R-tree's node layout, so the file's bytes, depend on it)
CHUNK = 2000
#: about how many points (lon, lat pairs) are turned into WKB at a time
WKB_POINTS = 200_000


def write_gpkg(fs: FeatureSet, path: str | os.PathLike[str], *, include_claims: bool = True) -> None:
    """Write the four layers to a new GeoPackage at ``path`` (atomically; claims empty when excluded).

    The same input gives the same bytes: ``gpkg_contents.last_change`` is fixed
    (GDAL's ``OGR_CURRENT_DATE``) to ``$SOURCE_DATE_EPOCH``, or 1970-01-01 when unset.
    """
    from pyogrio import get_gdal_config_option, set_gdal_config_options

    before = get_gdal_config_option("OGR_CURRENT_DATE")
    set_gdal_config_options({"OGR_CURRENT_DATE": _fixed_date()})
    try:
        with atomic_path(path) as tmp:
            for i, layer in enumerate(exportschema.LAYERS):
                feats = fs.layer(layer) if (layer != "claims" or include_claims) else ()
                write_layer(tmp, layer, feats, metadata={TITLE_KEY: fs.title} if i == 0 else None)
    finally:
        set_gdal_config_options({"OGR_CURRENT_DATE": before})


def _fixed_date() -> str:
    """The timestamp written as the layers' last change: ``$SOURCE_DATE_EPOCH`` (seconds) or the epoch, UTC."""
    import datetime as dt

    try:
        seconds = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        seconds = 0
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
