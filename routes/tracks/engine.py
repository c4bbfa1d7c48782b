"""The in-memory engine and the final assembly both engines share.

``run_memory`` streams the file in chunks (only one chunk is ever held as
text; the reports are kept as five numeric columns, about 40 bytes each) and
runs :func:`routes.tracks.events.vessel_pass` over all vessels at once.
:func:`finish` turns per-vessel results into the final answer: meetings across
vessels, the ports reachable during each dark period, per-vessel counts, and
one deterministic order, so the Dask engine's answer is identical.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from geodata.base.geodesy import GEOD
from .events import EVENT_COLUMNS, Thresholds, vessel_pass
from .meetings import find_meetings
from .ports import Ports, load_ports
from .readers import ReadStats, check_stats, iter_reports

MAX_LISTED_PORTS = 10


@dataclass
class TrackResult:
    """What ``routemap tracks`` found: input counts, vessels, events and (optionally) good fixes for drawing."""

    stats: ReadStats
    thresholds: Thresholds
    vessels: Any          # DataFrame, one row per vessel
    events: Any           # DataFrame with EVENT_COLUMNS + reachable ports, sorted
    fixes: Any | None     # DataFrame mmsi, t, lon, lat, dark (only when tracks were asked for)
    engine: str
    ports: Ports


def read_all(path: str | os.PathLike[str], *, columns: dict[str, str] | None, strict: bool, max_invalid: float,
             chunk_rows: int) -> tuple[Any, ReadStats]:
    """All reports of ``path`` as one canonical DataFrame, read in chunks, and the read counts."""
    import pandas as pd

    stats = ReadStats(os.fspath(path))
    chunks = list(iter_reports(path, columns=columns, stats=stats, chunk_rows=chunk_rows))
    check_stats(stats, strict=strict, max_invalid=max_invalid)
    df = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    return df, stats


def run_memory(path: str | os.PathLike[str], *, th: Thresholds | None = None, columns: dict[str, str] | None = None,
               strict: bool = False, max_invalid: float = 0.01, want_tracks: bool = False,
               chunk_rows: int = 500_000) -> TrackResult:
    """Find events in ``path`` with pandas/numpy in this process."""
    th = th or Thresholds()
    df, stats = read_all(path, columns=columns, strict=strict, max_invalid=max_invalid, chunk_rows=chunk_rows)
    ports = load_ports()
    part = vessel_pass(df, th, ports, want_tracks=want_tracks)
    del df
    return finish([part], stats, th, ports, engine="memory")


def finish(parts: list[dict[str, Any]], stats: ReadStats, th: Thresholds, ports: Ports, *, engine: str) -> TrackResult:
    """Combine per-partition results (each holding complete vessels) into the final, sorted answer."""
    import pandas as pd

    def cat(key: str) -> Any:
        frames = [p[key] for p in parts if key in p and len(p[key])]
        if not frames:
            return parts[0][key].iloc[0:0] if key in parts[0] else None
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)

    windows = cat("windows")
    events = pd.concat([e for e in (cat("events"), find_meetings(windows, th)) if len(e)] or [cat("events")],
                       ignore_index=True)
    events = events.reindex(columns=list(EVENT_COLUMNS))
    events = events.sort_values(["start", "kind", "mmsi", "mmsi2", "end"], kind="stable", na_position="first")
    events = events.reset_index(drop=True)
    events["reachable"] = reachable_ports(events, ports, th)
    vessels = cat("vessels").sort_values("mmsi", kind="stable").reset_index(drop=True)
    for kind in ("dark", "port_call", "meeting"):
        sub = events[events["kind"] == kind]
        ids = pd.concat([sub["mmsi"], sub["mmsi2"].dropna()]) if kind == "meeting" else sub["mmsi"]
        vessels[kind] = vessels["mmsi"].map(ids.astype("int64").value_counts()).fillna(0).astype("int64")
    dark = events[events["kind"] == "dark"]
    vessels["dark_hours"] = vessels["mmsi"].map(dark.groupby("mmsi")["hours"].sum()).fillna(0.0)
    fixes = cat("fixes")
    if fixes is not None:
        fixes = fixes.sort_values(["mmsi", "t"], kind="stable").reset_index(drop=True)
    return TrackResult(stats, th, vessels, events, fixes, engine, ports)


def reachable_ports(events: Any, ports: Ports, th: Thresholds) -> list[Any]:
    """For each dark event: (port index, detour km) of ports it could have called at, nearest detour first.

    A port is reachable when the geodesic from the last fix to the port plus the
    port to the next fix is at most the vessel's typical speed (or the speed the
    gap itself implies, if higher) times the gap. Straight lines are a lower
    bound on sea distance, so the list can only err by including a port.
    """
    import numpy as np

    out: list[Any] = []
    for row in events.itertuples(index=False):
        if row.kind != "dark":
            out.append(None)
            continue
        speed = max(float(row.typical_kn), float(row.speed_kn) if np.isfinite(row.speed_kn) else 0.0)
        reach = speed * 1852.0 * float(row.hours)
        cand = ports.within(row.lon, row.lat, reach)
        if not len(cand):
            out.append(((), 0, speed))
            continue
        _, _, d1 = GEOD.inv(np.full(len(cand), row.lon), np.full(len(cand), row.lat), ports.lon[cand], ports.lat[cand])
        _, _, d2 = GEOD.inv(ports.lon[cand], ports.lat[cand], np.full(len(cand), row.lon2),
                            np.full(len(cand), row.lat2))
        total = np.asarray(d1) + np.asarray(d2)
        ok = total <= reach
        order = np.argsort(total[ok], kind="stable")
        listed = tuple((int(cand[ok][i]), float(total[ok][i]) / 1000.0) for i in order[:MAX_LISTED_PORTS])
        out.append((listed, int(ok.sum()), speed))
    return out
