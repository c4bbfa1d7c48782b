"""Observed AIS tracks and their events as GeoJSON (RFC 7946) or GeoPackage layers.

Three layers: ``tracks`` (one MultiLineString per vessel: its good fixes,
split at dark gaps, simplified for display to about ``tolerance_deg`` and cut
at the antimeridian with the project's cutter), ``gaps`` (each dark period as
a dashed-style geodesic line from the last fix before it to the first after
it) and ``events`` (points: dark, port_call, meeting, jump, with their times
and figures). The GeoJSON writer is the one in :mod:`maps.geojson`; the
GeoPackage columns are inferred from the properties.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

from geodata.base.atomic import atomic_path, atomic_write
from geodata.base.geodesy import cut_antimeridian, densify, unwrap
from routes.tracks.engine import TrackResult
from routes.tracks.report import event_dict, iso, vessel_dict

from .features import Feature
from .geojson import bbox, dumps, feature_json

LAYERS = ("tracks", "gaps", "events")
DEFAULT_TOLERANCE_DEG = 0.001   # about 100 m: display only, never used for a measurement


@dataclass(frozen=True)
class PointFeature(Feature):
    """A point feature in any layer (the export Feature treats only ``places`` as points)."""

    @property
    def is_point(self) -> bool:
        return True


def _flat(d: dict[str, Any]) -> dict[str, Any]:
    """Properties with lists joined by `` | `` (GIS attribute tables hold no lists)."""
    out = {}
    for k, v in d.items():
        if k == "reachable_ports":
            out[k] = " | ".join(f"{p['place']} {p['via_km']} km" for p in v)
        elif isinstance(v, list):
            out[k] = " | ".join(str(x) for x in v)
        else:
            out[k] = v
    return out


def _simplify(coords: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    import shapely

    pts = unwrap(coords)
    if len(pts) < 3 or tolerance <= 0:
        return pts
    line = shapely.simplify(shapely.linestrings(pts), tolerance, preserve_topology=False)
    return [tuple(c) for c in shapely.get_coordinates(line).tolist()]


def track_features(res: TrackResult, tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> dict[str, list[Feature]]:
    """The three layers as export features (vessel order, then event order)."""
    import numpy as np

    layers: dict[str, list[Feature]] = {k: [] for k in LAYERS}
    vprops = {int(v.mmsi): _flat(vessel_dict(res, v)) for v in res.vessels.itertuples(index=False)}
    fx = res.fixes
    if fx is not None and len(fx):
        m = fx["mmsi"].to_numpy()
        bounds = np.flatnonzero(np.r_[True, m[1:] != m[:-1], True])
        lon, lat, dark = fx["lon"].to_numpy(), fx["lat"].to_numpy(), fx["dark"].to_numpy()
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            cuts = [a, *(a + np.flatnonzero(dark[a:b])).tolist(), b]
            parts: list[tuple[tuple[float, float], ...]] = []
            for s, e in zip(cuts[:-1], cuts[1:], strict=True):
                if e - s >= 2:
                    pts = _simplify(list(zip(lon[s:e].tolist(), lat[s:e].tolist(), strict=True)), tolerance_deg)
                    parts.extend(tuple(p) for p in cut_antimeridian(pts))
            if parts:
                mm = int(m[a])
                layers["tracks"].append(Feature("tracks", f"track-{mm}", tuple(parts),
                                                {"feature_type": "track", **vprops.get(mm, {"mmsi": mm})}, multi=True))
    for n, e in enumerate(res.events.itertuples(index=False), 1):
        props = {"feature_type": e.kind, **_flat(event_dict(res, e))}
        layers["events"].append(PointFeature("events", f"event-{n}", (((float(e.lon), float(e.lat)),),), props))
        if e.kind == "dark":
            line = densify([(float(e.lon), float(e.lat)), (float(e.lon2), float(e.lat2))], spacing_km=50.0)
            gap_parts = tuple(tuple(p) for p in cut_antimeridian(line))
            if gap_parts:
                gap = {**props, "feature_type": "dark_gap"}
                layers["gaps"].append(Feature("gaps", f"gap-{n}", gap_parts, gap, multi=True))
    return layers


def observed_payload(res: TrackResult, centre_lon: float = 0.0) -> dict[str, Any]:
    """Observed tracks for the briefing map: display lines ([lat, lon]), dark gaps and event markers."""
    from .display import display_line, latlngs, near_lon

    layers = track_features(res)
    lines = []
    for f in layers["tracks"]:
        name = f.properties.get("name") or f.properties.get("id") or str(f.properties.get("mmsi"))
        for part in f.parts:
            lines.append({"n": name, "c": latlngs(display_line(part, centre_lon))})
    gaps = [{"c": latlngs(display_line([p for part in f.parts for p in part], centre_lon)),
             "t": f"{f.properties.get('name')}: dark {f.properties.get('start')} to {f.properties.get('end')} "
                  f"({f.properties.get('hours')} h)"} for f in layers["gaps"]]
    events = []
    for f in layers["events"]:
        p = f.properties
        lon, lat = near_lon(f.parts[0][0][0], centre_lon), round(f.parts[0][0][1], 5) + 0.0
        who = p.get("names") or p.get("name")
        events.append({"la": lat, "lo": lon, "k": p["feature_type"], "who": who, "t0": p.get("start"),
                       "t1": p.get("end"), "pl": p.get("place"), "b": p.get("basis")})
    return {"file": os.path.basename(res.stats.file), "lines": lines, "gaps": gaps, "events": events}


def write_tracks_geojson(res: TrackResult, path: str | os.PathLike[str], *, precision: int = 6) -> None:
    """One RFC 7946 FeatureCollection: tracks, then gaps, then events (atomically)."""
    layers = track_features(res)
    feats = [f for k in LAYERS for f in layers[k]]
    fc: dict[str, Any] = {"type": "FeatureCollection"}
    box = bbox(feats, precision)
    if box is not None:
        fc["bbox"] = box
    fc["title"] = f"AIS tracks from {os.path.basename(res.stats.file)}"
    fc["features"] = [feature_json(f, precision) for f in feats]
    with atomic_write(path) as f:
        f.write(dumps(fc))


def _kind(values: list[Any]) -> str:
    vals = [v for v in values if v is not None]
    if vals and all(isinstance(v, (bool, int)) for v in vals):
        return "int"
    if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "float"
    return "str"


def write_tracks_gpkg(res: TrackResult, path: str | os.PathLike[str]) -> None:
    """A GeoPackage with layers tracks, gaps and events (EPSG:4326), written atomically."""
    from pyogrio.raw import write

    from .gpkg import _column, _wkb

    layers = track_features(res)
    with atomic_path(path) as tmp:
        for layer in LAYERS:
            feats = layers[layer]
            names = list(dict.fromkeys(k for f in feats for k in f.properties)) or ["feature_type"]
            cols, masks = [], []
            for name in names:
                vals = [f.properties.get(name) for f in feats]
                arr, mask = _column(vals, _kind(vals))
                cols.append(arr)
                masks.append(mask)
            write(str(tmp), _wkb(feats, "places" if layer == "events" else layer), cols, names,
                  field_mask=masks if any(m is not None for m in masks) else None, layer=layer, driver="GPKG",
                  geometry_type="Point" if layer == "events" else "MultiLineString", crs="EPSG:4326",
                  promote_to_multi=layer != "events", layer_options={"SPATIAL_INDEX": "YES"})


__all__ = ["write_tracks_geojson", "write_tracks_gpkg", "track_features", "iso"]
