"""Per-vessel events from position reports: jumps, dark periods and stops (port calls), vectorised.

All vessels are processed at once on arrays sorted by (vessel, time): segment
distances (WGS84 geodesics, the project's one ``Geod``), time differences and
speeds are computed for the whole array and masked where the vessel changes,
so there is no Python loop per report. The only loop is over *jump
candidates* (reports whose incoming segment implies more than ``jump_kn``),
which are rare: each is checked against the last good fix, so a spoofed fix,
or a short run of them, is left out of the track and never makes a dark gap,
a stop or a meeting.

Definitions (defaults in :class:`Thresholds`):

* ``jump``: a fix more than ``jump_min_km`` from the last good fix at more than ``jump_kn``.
* ``dark``: more than ``dark_hours`` between consecutive good fixes.
* stop: consecutive reports slower than ``stop_kn`` (reported SOG, else the slower of the
  implied speeds in and out), not broken by a dark gap, lasting ``stop_hours`` or more and
  staying within ``stop_radius_km`` of their centre; a ``port_call`` when that centre is within
  ``port_km`` of a UN/LOCODE port.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from geodata.base.geodesy import GEOD
from .ports import EARTH_RADIUS_M, Ports, unit_vectors

KN = 1852.0 / 3600.0  # metres per second in one knot
EVENT_COLUMNS = ("kind", "mmsi", "mmsi2", "start", "end", "lon", "lat", "lon2", "lat2", "distance_km", "hours",
                 "speed_kn", "typical_kn", "port", "port_km", "reports", "min_distance_m")
VESSEL_COLUMNS = ("mmsi", "reports", "jumps", "first", "last", "distance_km", "speed_kn", "max_speed_kn")
WINDOW_COLUMNS = ("mmsi", "win", "x", "y", "z", "t0", "t1", "n")
MAX_JUMP_RUN = 50


@dataclass(frozen=True)
class Thresholds:
    """Event thresholds: hours, knots, kilometres and metres as named."""

    dark_hours: float = 6.0
    jump_kn: float = 60.0
    jump_min_km: float = 1.0
    stop_kn: float = 1.0
    stop_hours: float = 2.0
    stop_radius_km: float = 1.0
    port_km: float = 10.0
    meet_m: float = 500.0
    meet_kn: float = 2.0
    meet_hours: float = 1.0
    window_minutes: float = 10.0
    default_speed_kn: float = 12.0

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def sort_reports(df: Any) -> Any:
    """Reports sorted by (mmsi, t, lon, lat, sog), repeated (mmsi, t) dropped: one order whatever the input order."""
    import numpy as np

    order = np.lexsort((df["t"].to_numpy(), df["mmsi"].to_numpy()))
    m, t = df["mmsi"].to_numpy()[order], df["t"].to_numpy()[order]
    if ((m[1:] == m[:-1]) & (t[1:] == t[:-1])).any():   # repeated times: order them by value, not by input order
        order = np.lexsort((df["sog"].to_numpy(), df["lat"].to_numpy(), df["lon"].to_numpy(), df["t"].to_numpy(),
                            df["mmsi"].to_numpy()))
    df = df.iloc[order].reset_index(drop=True)
    m, t = df["mmsi"].to_numpy(), df["t"].to_numpy()
    dup = np.zeros(len(df), dtype=bool)
    dup[1:] = (m[1:] == m[:-1]) & (t[1:] == t[:-1])
    return df[~dup].reset_index(drop=True) if dup.any() else df


def segments(m: Any, t: Any, lon: Any, lat: Any) -> tuple[Any, Any, Any, Any]:
    """For each report i: (same vessel as i-1, seconds since i-1, metres from i-1, implied knots from i-1).

    Index 0 and every vessel's first report have same=False, dt=0, dist=0, speed=NaN.
    """
    import numpy as np

    n = len(m)
    same = np.zeros(n, dtype=bool)
    dts = np.zeros(n, dtype="float64")
    dist = np.zeros(n, dtype="float64")
    if n > 1:
        same[1:] = m[1:] == m[:-1]
        dts[1:] = (t[1:] - t[:-1]).astype("float64")
        _, _, d = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
        dist[1:] = np.where(same[1:], d, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(same, np.where(dts > 0, dist / np.maximum(dts, 1e-9) / KN, np.where(dist > 0, np.inf, 0.0)),
                         np.nan)
    dts[~same] = 0.0
    return same, dts, dist, speed


def segments_after_drop(m: Any, t: Any, lon: Any, lat: Any, keep: Any, seg: tuple[Any, Any, Any, Any],
                        ) -> tuple[Any, Any, Any, Any]:
    """:func:`segments` of the kept reports (arrays already filtered by ``keep``), reusing ``seg`` of all reports.

    Only the segments that now bridge a dropped report are measured again.
    """
    import numpy as np

    idx = np.flatnonzero(keep)
    same0, dts0, dist0, speed0 = seg
    same, dts, dist, speed = same0[idx].copy(), dts0[idx].copy(), dist0[idx].copy(), speed0[idx].copy()
    bridge = np.zeros(len(idx), dtype=bool)
    bridge[1:] = np.diff(idx) != 1
    bridge[0] = idx[0] != 0 if len(idx) else False
    k = np.flatnonzero(bridge)
    if len(k):
        prev = k - 1
        valid = prev >= 0
        k, prev = k[valid], prev[valid]
        same[k] = m[k] == m[prev]
        dts[k] = np.where(same[k], (t[k] - t[prev]).astype("float64"), 0.0)
        _, _, d = GEOD.inv(lon[prev], lat[prev], lon[k], lat[k])
        dist[k] = np.where(same[k], d, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            speed[k] = np.where(same[k], np.where(dts[k] > 0, dist[k] / np.maximum(dts[k], 1e-9) / KN,
                                                  np.where(dist[k] > 0, np.inf, 0.0)), np.nan)
        first = np.flatnonzero(bridge & (np.arange(len(idx)) == 0))
        same[first], dts[first], dist[first], speed[first] = False, 0.0, 0.0, np.nan
    return same, dts, dist, speed


def _pair(lon: Any, lat: Any, t: Any, a: int, b: int) -> tuple[float, float]:
    """(metres, knots) from report a to report b."""
    _, _, d = GEOD.inv(float(lon[a]), float(lat[a]), float(lon[b]), float(lat[b]))
    dt = float(t[b] - t[a])
    return float(d), (d / dt / KN if dt > 0 else (float("inf") if d > 0 else 0.0))


def find_jumps(m: Any, t: Any, lon: Any, lat: Any, th: Thresholds, seg: tuple[Any, Any, Any, Any] | None = None,
               ) -> tuple[Any, list[dict[str, Any]]]:
    """(mask of good fixes, jump records) for reports sorted by vessel and time (``seg``: their :func:`segments`)."""
    import numpy as np

    n = len(m)
    keep = np.ones(n, dtype=bool)
    same, _, dist, speed = seg if seg is not None else segments(m, t, lon, lat)
    bad_seg = same & (speed > th.jump_kn) & (dist > th.jump_min_km * 1000.0)
    cand = np.flatnonzero(bad_seg)
    if not len(cand):
        return keep, []
    starts = np.flatnonzero(~same)
    ends = np.r_[starts[1:], n]
    vid = np.cumsum(~same) - 1
    jumps: list[dict[str, Any]] = []

    def impossible(a: int, b: int) -> tuple[bool, float, float]:
        d, s = _pair(lon, lat, t, a, b)
        return (s > th.jump_kn and d > th.jump_min_km * 1000.0), d, s

    def reject(k: int, ref: int, d: float, s: float) -> None:
        keep[k] = False
        jumps.append({"i": k, "ref": ref, "distance_m": d, "speed_kn": s})

    for i in map(int, cand):
        if not keep[i]:
            continue
        v0, v1 = int(starts[vid[i]]), int(ends[vid[i]])
        j = i - 1
        while j >= v0 and not keep[j]:
            j -= 1
        if j < v0:
            continue
        if j == v0 and i + 1 < v1:
            # the vessel's first fix may be the bad one: the second agrees with the third, the first does not
            bad13, d13, s13 = impossible(v0, i + 1)
            if bad13 and not impossible(i, i + 1)[0]:
                reject(v0, i, d13, s13)
                continue
        run: list[tuple[int, float, float]] = []
        k = i
        while k < v1 and len(run) < MAX_JUMP_RUN:
            bad, d, s = impossible(j, k)
            if not bad:
                break
            run.append((k, d, s))
            k += 1
        if len(run) < MAX_JUMP_RUN:   # a longer run is a real relocation (or the earlier fixes were bad): keep it
            for k, d, s in run:
                reject(k, j, d, s)
    return keep, jumps


def point_speeds(sog: Any, same: Any, speed: Any) -> Any:
    """Knots per report: the reported SOG, else the slower of the implied speeds in and out."""
    import numpy as np

    s_in = np.where(np.isfinite(speed), speed, np.nan)
    s_out = np.full_like(s_in, np.nan)
    s_out[:-1] = np.where(same[1:], s_in[1:], np.nan)
    both = np.fmin(s_in, s_out)
    return np.where(np.isnan(sog), both, sog)


def _centres(x: Any, y: Any, z: Any) -> tuple[Any, Any]:
    """lon, lat (degrees) of mean unit vectors."""
    import numpy as np

    return np.degrees(np.arctan2(y, x)), np.degrees(np.arctan2(z, np.hypot(x, y)))


def vessel_pass(df: Any, th: Thresholds, ports: Ports, *, want_tracks: bool = False) -> dict[str, Any]:
    """Events, vessel rows, meeting windows and (optionally) good fixes for a frame of *complete* vessels.

    Returns DataFrames ``events`` (:data:`EVENT_COLUMNS`), ``vessels`` (:data:`VESSEL_COLUMNS`),
    ``windows`` (:data:`WINDOW_COLUMNS`, slow fixes away from ports per time window) and
    ``fixes`` (mmsi, t, lon, lat, dark-before flag) when ``want_tracks``.
    """
    import numpy as np
    import pandas as pd

    df = sort_reports(df)
    m, t = df["mmsi"].to_numpy(), df["t"].to_numpy()
    lon, lat, sog = df["lon"].to_numpy(), df["lat"].to_numpy(), df["sog"].to_numpy()
    seg = segments(m, t, lon, lat)
    keep, jumps = find_jumps(m, t, lon, lat, th, seg)
    events: list[dict[str, Any]] = []
    for j in jumps:
        i, r = j["i"], j["ref"]
        events.append({"kind": "jump", "mmsi": int(m[i]), "start": int(t[i]), "end": int(t[i]), "lon": float(lon[i]),
                       "lat": float(lat[i]), "lon2": float(lon[r]), "lat2": float(lat[r]),
                       "distance_km": j["distance_m"] / 1000.0, "hours": abs(float(t[i] - t[r])) / 3600.0,
                       "speed_kn": j["speed_kn"]})
    jump_count = pd.Series(m[~keep]).value_counts()
    m, t, lon, lat, sog = m[keep], t[keep], lon[keep], lat[keep], sog[keep]
    same, dts, dist, speed = seg if keep.all() else segments_after_drop(m, t, lon, lat, keep, seg)
    spd = point_speeds(sog, same, speed)

    # vessel rows: typical speed = median of reports under way (>= 3 kn), else the default
    moving = np.where(spd >= 3.0, spd, np.nan)
    vt = pd.DataFrame({"mmsi": m, "t": t, "dist": dist, "moving": moving,
                       "spd": np.where(np.isfinite(spd), spd, np.nan)})
    g = vt.groupby("mmsi", sort=True)
    vessels = pd.DataFrame({"reports": g.size(), "first": g["t"].min(), "last": g["t"].max(),
                            "distance_km": g["dist"].sum() / 1000.0, "speed_kn": g["moving"].median(),
                            "max_speed_kn": g["spd"].max()}).reset_index()
    vessels["jumps"] = vessels["mmsi"].map(jump_count).fillna(0).astype("int64")
    typical = dict(zip(vessels["mmsi"].to_numpy(), vessels["speed_kn"].fillna(th.default_speed_kn).to_numpy(),
                       strict=True))

    # dark periods
    gap = same & (dts > th.dark_hours * 3600.0)
    for i in np.flatnonzero(gap):
        events.append({"kind": "dark", "mmsi": int(m[i]), "start": int(t[i - 1]), "end": int(t[i]),
                       "lon": float(lon[i - 1]), "lat": float(lat[i - 1]), "lon2": float(lon[i]), "lat2": float(lat[i]),
                       "distance_km": float(dist[i]) / 1000.0, "hours": float(dts[i]) / 3600.0,
                       "speed_kn": float(speed[i]), "typical_kn": float(typical[m[i]])})

    # stops → port calls
    slow = spd < th.stop_kn
    start_run = slow & ~(np.r_[False, slow[:-1]] & same & ~gap)
    run = np.cumsum(start_run) - 1
    idx = np.flatnonzero(slow)
    if len(idx):
        xyz = unit_vectors(lon[idx], lat[idx])
        st = pd.DataFrame({"run": run[idx], "mmsi": m[idx], "t": t[idx],
                           "x": xyz[:, 0], "y": xyz[:, 1], "z": xyz[:, 2]})
        rg = st.groupby("run", sort=True)
        runs = rg.agg(mmsi=("mmsi", "first"), t0=("t", "min"), t1=("t", "max"), n=("t", "size"),
                      x=("x", "mean"), y=("y", "mean"), z=("z", "mean"))
        runs = runs[(runs["t1"] - runs["t0"]) >= th.stop_hours * 3600.0]
        if len(runs):
            clon, clat = _centres(runs["x"].to_numpy(), runs["y"].to_numpy(), runs["z"].to_numpy())
            runs = runs.assign(clon=clon, clat=clat)
            sub = st[st["run"].isin(runs.index)]
            c = runs.loc[sub["run"].to_numpy()]
            _, _, d = GEOD.inv(lon[idx][sub.index.to_numpy()], lat[idx][sub.index.to_numpy()],
                               c["clon"].to_numpy(), c["clat"].to_numpy())
            radius = pd.Series(np.asarray(d), index=sub["run"].to_numpy()).groupby(level=0).max()
            runs = runs[radius.reindex(runs.index).to_numpy() <= th.stop_radius_km * 1000.0]
            pidx, pdist = ports.nearest(runs["clon"].to_numpy(), runs["clat"].to_numpy())
            for (_, r), p, pd_m in zip(runs.iterrows(), pidx, pdist, strict=True):
                if pd_m <= th.port_km * 1000.0:
                    events.append({"kind": "port_call", "mmsi": int(r["mmsi"]), "start": int(r["t0"]),
                                   "end": int(r["t1"]), "lon": float(r["clon"]), "lat": float(r["clat"]),
                                   "hours": float(r["t1"] - r["t0"]) / 3600.0, "port": int(p),
                                   "port_km": float(pd_m) / 1000.0, "reports": int(r["n"])})

    windows = meeting_windows(m, t, lon, lat, spd, th, ports)
    out = {"events": pd.DataFrame(events, columns=list(EVENT_COLUMNS)), "vessels": vessels[list(VESSEL_COLUMNS)],
           "windows": windows}
    if want_tracks:
        out["fixes"] = pd.DataFrame({"mmsi": m, "t": t, "lon": lon, "lat": lat, "dark": gap})
    return out


def meeting_windows(m: Any, t: Any, lon: Any, lat: Any, spd: Any, th: Thresholds, ports: Ports) -> Any:
    """Slow fixes (< ``meet_kn``) farther than ``port_km`` from any port, averaged per vessel and time window."""
    import numpy as np
    import pandas as pd

    idx = np.flatnonzero(spd < th.meet_kn)
    if not len(idx):
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in "xyz" else "int64") for c in WINDOW_COLUMNS})
    xyz = unit_vectors(lon[idx], lat[idx])
    chord, _ = ports.tree.query(xyz)
    away = np.asarray(chord) * EARTH_RADIUS_M > th.port_km * 1000.0
    idx, xyz = idx[away], xyz[away]
    w = pd.DataFrame({"mmsi": m[idx], "win": t[idx] // int(th.window_minutes * 60), "x": xyz[:, 0], "y": xyz[:, 1],
                      "z": xyz[:, 2], "t": t[idx]})
    g = w.groupby(["mmsi", "win"], sort=True)
    out = g.agg(x=("x", "mean"), y=("y", "mean"), z=("z", "mean"), t0=("t", "min"), t1=("t", "max"), n=("t", "size"))
    return out.reset_index()[list(WINDOW_COLUMNS)]
