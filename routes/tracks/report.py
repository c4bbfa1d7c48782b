"""A TrackResult as JSON-ready dicts and as the per-vessel summary table.

Times are ISO 8601 UTC (``2023-09-12T06:00:00Z``); distances in km (meeting
separations in m), durations in hours, speeds in knots. Every event carries a
``basis`` sentence saying what it rests on and how sure it is.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

from geodata.base.geodesy import METHOD
from .engine import TrackResult

CAVEAT_DARK = ("a gap in reports, not proof the transponder was off: coverage gaps (satellite revisit, no shore "
               "station) look the same")


def iso(seconds: Any) -> str:
    """Epoch seconds as ISO 8601 UTC.

    >>> iso(1694498400)
    '2023-09-12T06:00:00Z'
    """
    return dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _r(x: Any, nd: int = 1) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if not math.isfinite(x) else round(x, nd)


def vessel_label(res: TrackResult, mmsi: int) -> str:
    """The vessel's name, text id or MMSI."""
    s = res.stats.statics.get(int(mmsi), {})
    return s.get("name") or s.get("label") or str(int(mmsi))


def _ids(res: TrackResult, mmsi: int) -> dict[str, Any]:
    s = res.stats.statics.get(int(mmsi), {})
    out: dict[str, Any] = {"mmsi": int(mmsi)} if "label" not in s else {"id": s["label"], "mmsi": None}
    if s.get("name"):
        out["name"] = s["name"]
    if s.get("imo"):
        out["imo"] = s["imo"]
    return out


def event_dict(res: TrackResult, e: Any) -> dict[str, Any]:
    """One event as a JSON-ready dict (see module doc for units)."""
    th = res.thresholds
    out: dict[str, Any] = {"kind": e.kind}
    if e.kind == "meeting":
        pair = (int(e.mmsi), int(e.mmsi2))
        out["mmsis"] = [_ids(res, m)["mmsi"] for m in pair]
        out["names"] = [vessel_label(res, m) for m in pair]
    else:
        out["mmsi"] = _ids(res, e.mmsi)["mmsi"]   # None for a vessel known only by a text id (e.g. a GPX track name)
        out["name"] = vessel_label(res, e.mmsi)
    out.update({"start": iso(e.start), "end": iso(e.end), "lat": _r(e.lat, 5), "lon": _r(e.lon, 5)})
    if e.kind == "dark":
        listed, count, speed = e.reachable
        out.update({"hours": _r(e.hours, 2), "distance_km": _r(e.distance_km), "implied_speed_kn": _r(e.speed_kn),
                    "end_lat": _r(e.lat2, 5), "end_lon": _r(e.lon2, 5), "assumed_speed_kn": _r(speed),
                    "reachable_port_count": count,
                    "reachable_ports": [{"place": res.ports.label(i), "locode": res.ports.locode[i],
                                         "via_km": _r(km)} for i, km in listed]})
        out["basis"] = (f"no report for {e.hours:.1f} h (threshold {th.dark_hours:g} h); {CAVEAT_DARK}. "
                        f"{count} port(s) lie within {speed:.1f} kn x {e.hours:.1f} h of both ends as the crow flies "
                        f"(a lower bound on sea distance, so a listed port may still be out of reach)")
    elif e.kind == "port_call":
        i = int(e.port)
        out.update({"place": res.ports.label(i), "locode": res.ports.locode[i], "port_distance_km": _r(e.port_km, 2),
                    "hours": _r(e.hours, 2), "reports": int(e.reports)})
        out["basis"] = (f"{int(e.reports)} reports slower than {th.stop_kn:g} kn within {th.stop_radius_km:g} km for "
                        f"{e.hours:.1f} h, {e.port_km:.1f} km from {res.ports.label(i)} (UN/LOCODE port list); "
                        f"arrival and departure are the first and last of those reports")
    elif e.kind == "meeting":
        out.update({"hours": _r(e.hours, 2), "min_distance_m": _r(e.min_distance_m, 0), "windows": int(e.reports)})
        out["basis"] = (f"both slower than {th.meet_kn:g} kn and within {th.meet_m:g} m "
                        f"(closest {e.min_distance_m:.0f} m) "
                        f"for {e.hours:.1f} h, more than {th.port_km:g} km from any listed port: the ship-to-ship "
                        f"transfer pattern, though vessels also wait together at anchorages")
    elif e.kind == "jump":
        out.update({"distance_km": _r(e.distance_km), "implied_speed_kn": _r(e.speed_kn), "from_lat": _r(e.lat2, 5),
                    "from_lon": _r(e.lon2, 5)})
        out["basis"] = (f"{e.distance_km:.1f} km from the last good fix, implying {e.speed_kn:.0f} kn "
                        f"(> {th.jump_kn:g} kn): a bad or spoofed fix, left out of the track")
    return out


def vessel_dict(res: TrackResult, v: Any) -> dict[str, Any]:
    """One vessel row as a JSON-ready dict."""
    out = _ids(res, v.mmsi)
    out.update({"reports": int(v.reports), "first": iso(v.first), "last": iso(v.last),
                "distance_km": _r(v.distance_km), "typical_speed_kn": _r(v.speed_kn),
                "dark": int(v.dark), "dark_hours": _r(v.dark_hours, 2), "port_calls": int(v.port_call),
                "meetings": int(v.meeting), "jumps": int(v.jumps)})
    return out


def to_dict(res: TrackResult) -> dict[str, Any]:
    """``{"vessels": [...], "events": [...]}`` plus the input counts, thresholds and method."""
    return {
        "vessels": [vessel_dict(res, v) for v in res.vessels.itertuples(index=False)],
        "events": [event_dict(res, e) for e in res.events.itertuples(index=False)],
        "input": res.stats.to_dict(),
        "thresholds": res.thresholds.to_dict(),
        "engine": res.engine,
        "method": f"distances: {METHOD}; ports: UN/LOCODE list from the searoute package",
    }


def summary_rows(res: TrackResult) -> list[tuple[str, ...]]:
    """Header + one row per vessel for the terminal table."""
    rows: list[tuple[str, ...]] = [("vessel", "mmsi", "reports", "first (UTC)", "last (UTC)", "km", "dark", "dark h",
                                    "port calls", "meetings", "jumps")]
    for v in res.vessels.itertuples(index=False):
        rows.append((vessel_label(res, v.mmsi)[:24], str(int(v.mmsi)), str(int(v.reports)), iso(v.first)[:16],
                     iso(v.last)[:16], f"{v.distance_km:.0f}", str(int(v.dark)), f"{v.dark_hours:.1f}",
                     str(int(v.port_call)), str(int(v.meeting)), str(int(v.jumps))))
    return rows
