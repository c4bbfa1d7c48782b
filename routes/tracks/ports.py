"""The UN/LOCODE seaports that port calls and reachable ports are measured against.

Read directly from the ``ports.geojson`` file that the installed ``searoute``
package ships (3,962 ports, each with its UN/LOCODE, name and country; data
from Eurostat SeaRoute, EUPL). The features come from the one reader the gazetteer's ports use too
(:func:`geodata.facilities.searoute_ports`); here they become arrays with a KD-tree.

Nearest-port look-ups use a KD-tree over unit-sphere (x, y, z) vectors, so
they are exact across the antimeridian and at the poles; the distance returned
is the WGS84 geodesic (the project's one ``Geod``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from geodata.facilities import searoute_ports
from geodata.graph import EARTH_RADIUS_KM, unit_vectors

from geodata.base.geodesy import GEOD

EARTH_RADIUS_M = EARTH_RADIUS_KM * 1000.0  # mean radius, only to turn chord lengths into a search radius
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


@functools.lru_cache(maxsize=1)
def load_ports() -> Ports:
    """The searoute package's ports (read once per process)."""
    import numpy as np
    from scipy.spatial import cKDTree

    rows = []
    for f in searoute_ports():
        lon, lat = f["geometry"]["coordinates"][:2]
        p = f.get("properties") or {}
        rows.append((float(lon), float(lat), str(p.get("port") or ""), str(p.get("name") or ""),
                     str(p.get("cty") or "").replace("_", " ")))
    rows.sort(key=lambda r: r[2])
    lon = np.array([r[0] for r in rows])
    lat = np.array([r[1] for r in rows])
    return Ports(lon, lat, tuple(r[2] for r in rows), tuple(r[3] for r in rows), tuple(r[4] for r in rows),
                 cKDTree(unit_vectors(lon, lat)))
