"""The spherical approximation of distance (haversine on the mean sphere), kept light to import.

It lives apart from :mod:`geodata.base.geodesy` (which loads pyproj and numpy)
so that a cold ``routemap geocode`` can rank and de-duplicate places without
loading either. Every distance shown to a user is a WGS84 geodesic instead.
"""
from __future__ import annotations

import math
from typing import Any

#: mean Earth radius (IUGG), km: used only for spherical approximations
EARTH_RADIUS_KM = 6371.0088


def sphere_km(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> Any:
    """APPROXIMATE great-circle distance in km on the mean sphere (haversine; degrees in, km out).

    Scalars give a float without loading numpy; arrays (or lists) are vectorised
    with numpy. Up to ~0.5 % off the WGS84 geodesic: use it only for fast
    bounds, thresholds, ranking and de-duplication; every distance shown to a
    user is a geodesic (:func:`geodata.base.geodesy.inverse`, :func:`~geodata.base.geodesy.line_length_m`).

    >>> round(float(sphere_km(0, 0, 1, 0)), 2)
    111.2
    >>> [round(float(k), 2) for k in sphere_km([0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0])]
    [111.2, 111.2]
    """
    if all(isinstance(x, (int, float)) for x in (lon1, lat1, lon2, lat2)):
        la1, la2 = math.radians(lat1), math.radians(lat2)
        a = (math.sin((la2 - la1) / 2) ** 2
             + math.cos(la1) * math.cos(la2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
        return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))
    import numpy as np

    lo1, la1, lo2, la2 = (np.radians(np.asarray(x, dtype=float)) for x in (lon1, lat1, lon2, lat2))
    a = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
