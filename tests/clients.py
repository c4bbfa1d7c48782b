"""Real third-party readers of routemap's exports, for the tests: what QGIS, Google Earth and GIS tools use.

* GeoPackage: GDAL's own ``validate_gpkg.py`` (``-k --extra --warning-as-error``) from the ``gdal-utils``
  wheel, run with the system Python that has GDAL's bindings (Debian ``python3-gdal``, installed by ``.ci/run``).
* KML: the OGC KML 2.2 XML schema (``ogckml22.xsd`` and the atom/xAL schemas it imports, shipped in the
  ``pykml`` wheel, so offline) with lxml.
* GeoJSON: geojson-pydantic's RFC 7946 models.
* CSV: GDAL's CSV driver (through pyogrio), reading the WKT column and the ``.csvt`` column types.

Each function raises AssertionError naming what the client rejected.
"""
from __future__ import annotations

import functools
import json
import os
import subprocess
import warnings
from pathlib import Path
from typing import Any

#: the Python that has GDAL's bindings (osgeo); Debian's python3-gdal installs them for /usr/bin/python3
GDAL_PYTHON = os.environ.get("ROUTEMAP_GDAL_PYTHON", "/usr/bin/python3")


@functools.lru_cache(maxsize=1)
def _validate_gpkg_script() -> str:
    """validate_gpkg.py from the ``gdal-utils`` wheel in this environment (as new as the GDAL pyogrio writes with:
    Debian 12's 3.6 copy rejects the GeoPackage 1.4 R-tree triggers that GDAL ≥ 3.8 writes)."""
    import importlib.util

    spec = importlib.util.find_spec("osgeo_utils.samples.validate_gpkg")
    assert spec is not None and spec.origin, (
        "GDAL's validate_gpkg.py is missing: pip install --no-deps 'gdal-utils>=3.8,<4' (the wheel is pure Python; "
        "--no-deps because its GDAL dependency would be built from source)")
    return spec.origin


@functools.lru_cache(maxsize=1)
def _gdal_python_ok() -> None:
    r = subprocess.run([GDAL_PYTHON, "-c", "from osgeo import gdal, ogr"], capture_output=True, text=True, check=False)
    assert r.returncode == 0, (f"{GDAL_PYTHON} cannot import GDAL's Python bindings (apt-get install python3-gdal, "
                               f"or set ROUTEMAP_GDAL_PYTHON): {r.stderr[-300:]}")


def validate_gpkg(path: str | os.PathLike[str]) -> None:
    """Run GDAL's validate_gpkg.py on ``path`` with every extra check, warnings as errors (geometry blobs
    parsed by OGR, so the system Python with GDAL's bindings runs it)."""
    _gdal_python_ok()
    r = subprocess.run([GDAL_PYTHON, _validate_gpkg_script(), "-k", "--extra", "--warning-as-error", str(path)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0 and not (r.stdout + r.stderr).strip(), \
        f"validate_gpkg.py rejected {path}:\n{r.stdout}\n{r.stderr}"


@functools.lru_cache(maxsize=1)
def _kml_schema() -> Any:
    import pykml
    from lxml import etree

    xsd = Path(pykml.__file__).parent / "schemas" / "ogckml22.xsd"
    assert xsd.exists(), f"pykml ships no {xsd}"
    return etree.XMLSchema(etree.parse(str(xsd)))


def validate_kml(path: str | os.PathLike[str]) -> Any:
    """Validate ``path`` against the OGC KML 2.2 schema; return the parsed lxml tree."""
    from lxml import etree

    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    schema = _kml_schema()
    assert schema.validate(tree), f"{path} is not valid OGC KML 2.2:\n" + "\n".join(
        f"line {e.line}: {e.message}" for e in list(schema.error_log)[:20])
    return tree


def validate_geojson(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse ``path`` with geojson-pydantic's FeatureCollection model (RFC 7946); return the JSON."""
    from geojson_pydantic import FeatureCollection

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    with warnings.catch_warnings():     # it notes a bbox with west > east: RFC 7946 §5.2's form, which we want
        warnings.filterwarnings("ignore", message="BBOX crossing the Antimeridian", category=UserWarning)
        FeatureCollection.model_validate(data)
    return data


def read_csv_gdal(path: str | os.PathLike[str]) -> Any:
    """Read the CSV with GDAL's CSV driver: a GeoDataFrame with the WKT geometry and the .csvt types."""
    import pyogrio

    return pyogrio.read_dataframe(str(path), layer=None)
