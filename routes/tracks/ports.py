"""The UN/LOCODE seaports that port calls and reachable ports are measured against.

Read directly from the ``ports.geojson`` file that the installed ``searoute``
package ships (3,962 ports, each with its UN/LOCODE, name and country; data
from Eurostat SeaRoute, EUPL). This is a stop-gap: the gazetteer is gaining
the same ports, and this small reader should then be replaced by a gazetteer
query for ``kind: port``.

Nearest-port look-ups use a KD-tree over unit-sphere (x, y, z) vectors, so
they are exact across the antimeridian and at the poles; the distance returned
is the WGS84 geodesic (the project's one ``Geod``).
"""
from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from dataclasses import dataclass
from typing import Any

from geodata.errors import DataUnavailable

from ..geodesy import GEOD

EARTH_RADIUS_M = 6_371_008.8  # mean radius, only to turn chord lengths into a search radius
SOURCE = "UN/LOCODE seaports from the searoute package (Eurostat SeaRoute, EUPL)"


@dataclass(frozen=True)
class Ports:
    """Port arrays: ``lon``, ``lat`` (degrees), ``locode``, ``name``, ``country``, and a KD-tree over unit vectors."""

    lon: Any
    lat: Any
    locode: tuple[str, ...]
    name: tuple[str, ...]
    country: tuple[str, ...]
    tree: Any

    def __len__(self) -> int:
        return len(self.locode)

    def nearest(self, lon: Any, lat: Any) -> tuple[Any, Any]:
        """(index of the nearest port, geodesic distance in metres) for each point (arrays of degrees)."""
        import numpy as np

        lon = np.asarray(lon, dtype="float64")
        lat = np.asarray(lat, dtype="float64")
        if lon.size == 0:
            return np.zeros(0, dtype="int64"), np.zeros(0, dtype="float64")
        _, idx = self.tree.query(unit_vectors(lon, lat))
        idx = np.asarray(idx, dtype="int64")
        _, _, dist = GEOD.inv(lon, lat, self.lon[idx], self.lat[idx])
        return idx, np.asarray(dist, dtype="float64")

    def within(self, lon: float, lat: float, radius_m: float) -> Any:
        """Indices of the ports within ``radius_m`` metres (chord search, a superset by < 0.1 %), sorted."""
        import numpy as np

        chord = 2.0 * EARTH_RADIUS_M * np.sin(min(radius_m / EARTH_RADIUS_M, np.pi) / 2.0) * 1.002 + 1000.0
        idx = self.tree.query_ball_point(unit_vectors(np.array([lon]), np.array([lat]))[0], chord / EARTH_RADIUS_M)
        return np.array(sorted(idx), dtype="int64")

    def label(self, i: int) -> str:
        """'Najin (KPNJN)'."""
        return f"{self.name[i]} ({self.locode[i]})"


def unit_vectors(lon: Any, lat: Any) -> Any:
    """(n, 3) unit vectors on the sphere for arrays of lon/lat in degrees."""
    import numpy as np

    lo, la = np.radians(lon), np.radians(lat)
    c = np.cos(la)
    return np.column_stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)])


@functools.lru_cache(maxsize=1)
def load_ports() -> Ports:
    """The searoute package's ports (read once per process)."""
    import numpy as np
    from scipy.spatial import cKDTree

    try:   # locate the file without importing searoute (its import pulls in networkx)
        spec = importlib.util.find_spec("searoute")
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError("the searoute package is not installed")
        path = Path(list(spec.submodule_search_locations)[0]) / "data" / "ports.geojson"
        feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (OSError, KeyError, ValueError) as e:
        raise DataUnavailable(f"cannot read searoute's ports ({e}); reinstall routemap") from None
    rows = []
    for f in feats:
        lon, lat = f["geometry"]["coordinates"][:2]
        p = f.get("properties") or {}
        rows.append((float(lon), float(lat), str(p.get("port") or ""), str(p.get("name") or ""),
                     str(p.get("cty") or "").replace("_", " ")))
    rows.sort(key=lambda r: r[2])
    lon = np.array([r[0] for r in rows])
    lat = np.array([r[1] for r in rows])
    return Ports(lon, lat, tuple(r[2] for r in rows), tuple(r[3] for r in rows), tuple(r[4] for r in rows),
                 cKDTree(unit_vectors(lon, lat)))
