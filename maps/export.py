"""Export an Analysis to GeoJSON, GeoPackage, KML or CSV, picking the format from the file name.

>>> format_for("out/case.GeoJSON"), format_for("x.gpkg", "kml")
('geojson', 'kml')
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from geodata.base.errors import InputError
from routes.verdict import Analysis

if TYPE_CHECKING:  # pragma: no cover
    from .features import FeatureSet

#: format name -> file extensions it is picked for
FORMATS = {"geojson": (".geojson", ".json"), "gpkg": (".gpkg",), "kml": (".kml",), "csv": (".csv",)}


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The export format for ``path``: ``fmt`` when given, else from the extension; InputError otherwise."""
    if fmt is not None:
        key = str(fmt).strip().lower()
        if key not in FORMATS:
            raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        return key
    suffix = Path(path).suffix.lower()
    for name, exts in FORMATS.items():
        if suffix in exts:
            return name
    allowed = ", ".join(e for exts in FORMATS.values() for e in exts)
    raise InputError(f"{Path(path)}: cannot tell the export format from the extension {suffix or '(none)'!r}; "
                     f"use one of {allowed}, or give --format geojson|gpkg|kml|csv")


def export(analysis: Analysis, path: str | os.PathLike[str], *, fmt: str | None = None, precision: int = 6,
           include_claims: bool = True, features: FeatureSet | None = None) -> Path:
    """Write ``analysis`` to ``path`` in ``fmt`` (or the format its extension names); return the path.

    ``precision`` is the number of decimals of written coordinates (GeoJSON,
    KML, CSV; 6 ≈ 0.1 m; GeoPackage keeps full precision). Every file is
    written atomically: an interrupted export leaves any previous file intact.
    ``features`` are the analysis's :func:`maps.features.build_features` records
    when the caller already has them (a build writes four formats from one set).
    """
    kind = format_for(path, fmt)
    if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 15:
        raise InputError(f"precision {precision!r} is not a whole number of decimals from 0 to 15; "
                         f"6 (about 0.1 m) is the default")
    from .features import build_features

    fs = features if features is not None else build_features(analysis, include_claims=include_claims)
    if kind == "geojson":
        from .geojson import write_geojson
        write_geojson(fs, path, precision=precision, include_claims=include_claims)
    elif kind == "gpkg":
        from .gpkg import write_gpkg
        write_gpkg(fs, path, include_claims=include_claims)
    elif kind == "kml":
        from .kml import write_kml
        write_kml(fs, path, precision=precision, include_claims=include_claims)
    else:
        from .csvout import write_csv
        write_csv(fs, path, precision=precision)
    return Path(path)
