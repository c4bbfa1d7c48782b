"""Ship-to-ship meetings found without comparing all pairs of vessels.

Input is the window table of :func:`routes.tracks.events.meeting_windows`: for
each vessel and time window (default 10 min), the mean position of its slow
fixes away from ports. Each row is put in a 3-D grid cell of side ``meet_m``
over unit-sphere vectors scaled to metres (so cells work across the
antimeridian and near the poles); a pair is a candidate only when both rows
share a window and sit in the same or a neighbouring cell (27 cells). The
candidates' distances are WGS84 geodesics between the window means. A meeting
is a run of windows in which a pair stays within ``meet_m`` (a missing window
or two, up to 30 minutes, does not break the run) lasting ``meet_hours`` or
more; it starts at the later of the two vessels' first slow fixes in its first
window and ends at the earlier of their last fixes in its last window, so its
times are exact to the report interval.
"""
from __future__ import annotations

import itertools
import math
from typing import Any

from geodata.base.geodesy import GEOD
from .events import EVENT_COLUMNS, Thresholds, _centres
from .ports import EARTH_RADIUS_M

OFFSETS = tuple(itertools.product((-1, 0, 1), repeat=3))
MAX_MISSING_MINUTES = 30.0


def _cell_key(cx: Any, cy: Any, cz: Any) -> Any:
    """One int64 per 3-D cell (a hash: a collision only adds a candidate, which the distance test drops)."""
    return (cx * 73856093) ^ (cy * 19349663) ^ (cz * 83492791)


def find_meetings(windows: Any, th: Thresholds) -> Any:
    """Meeting events (a DataFrame with :data:`EVENT_COLUMNS`) from the window table of all vessels."""
    import numpy as np
    import pandas as pd

    empty = pd.DataFrame(columns=list(EVENT_COLUMNS))
    if len(windows) < 2:
        return empty
    w = windows.reset_index(drop=True)
    norm = np.sqrt(w["x"] ** 2 + w["y"] ** 2 + w["z"] ** 2).to_numpy()
    pos = w[["x", "y", "z"]].to_numpy() / norm[:, None]
    cells = np.floor(pos * EARTH_RADIUS_M / th.meet_m).astype("int64")
    base = pd.DataFrame({"win": w["win"].to_numpy(), "key": _cell_key(cells[:, 0], cells[:, 1], cells[:, 2]),
                         "a": np.arange(len(w))})
    pairs = []
    for dx, dy, dz in OFFSETS:
        key = _cell_key(cells[:, 0] + dx, cells[:, 1] + dy, cells[:, 2] + dz)
        other = pd.DataFrame({"win": base["win"], "key": key,
                              "b": base["a"]})
        j = base.merge(other, on=["win", "key"])
        pairs.append(j[["a", "b"]].to_numpy())
    ab = np.unique(np.concatenate(pairs), axis=0)
    ma, mb = w["mmsi"].to_numpy()[ab[:, 0]], w["mmsi"].to_numpy()[ab[:, 1]]
    ab = ab[ma < mb]
    if not len(ab):
        return empty
    lon, lat = _centres(pos[:, 0], pos[:, 1], pos[:, 2])
    a, b = ab[:, 0], ab[:, 1]
    _, _, d = GEOD.inv(lon[a], lat[a], lon[b], lat[b])
    close = np.asarray(d) <= th.meet_m
    a, b, d = a[close], b[close], np.asarray(d)[close]
    if not len(a):
        return empty
    c = pd.DataFrame({"ma": w["mmsi"].to_numpy()[a], "mb": w["mmsi"].to_numpy()[b], "win": w["win"].to_numpy()[a],
                      "t0": np.maximum(w["t0"].to_numpy()[a], w["t0"].to_numpy()[b]),
                      "t1": np.minimum(w["t1"].to_numpy()[a], w["t1"].to_numpy()[b]),
                      "x": pos[a, 0] + pos[b, 0], "y": pos[a, 1] + pos[b, 1], "z": pos[a, 2] + pos[b, 2], "d": d})
    c = c.sort_values(["ma", "mb", "win"], kind="stable").reset_index(drop=True)
    max_step = 1 + max(0, math.floor(MAX_MISSING_MINUTES / th.window_minutes))
    new = np.ones(len(c), dtype=bool)
    new[1:] = ((c["ma"].to_numpy()[1:] != c["ma"].to_numpy()[:-1]) | (c["mb"].to_numpy()[1:] != c["mb"].to_numpy()[:-1])
               | (np.diff(c["win"].to_numpy()) > max_step))
    c["run"] = np.cumsum(new)
    g = c.groupby("run", sort=True)
    runs = g.agg(ma=("ma", "first"), mb=("mb", "first"), start=("t0", "first"), end=("t1", "last"),
                 x=("x", "sum"), y=("y", "sum"), z=("z", "sum"), dmin=("d", "min"), n=("d", "size"))
    runs = runs[(runs["end"] - runs["start"]) >= th.meet_hours * 3600.0]
    if not len(runs):
        return empty
    clon, clat = _centres(runs["x"].to_numpy(), runs["y"].to_numpy(), runs["z"].to_numpy())
    out = pd.DataFrame({"kind": "meeting", "mmsi": runs["ma"].to_numpy(), "mmsi2": runs["mb"].to_numpy(),
                        "start": runs["start"].to_numpy(), "end": runs["end"].to_numpy(), "lon": clon, "lat": clat,
                        "hours": (runs["end"] - runs["start"]).to_numpy() / 3600.0,
                        "min_distance_m": runs["dmin"].to_numpy(), "reports": runs["n"].to_numpy()})
    return out.reindex(columns=list(EVENT_COLUMNS))
