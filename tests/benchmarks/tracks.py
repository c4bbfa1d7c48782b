"""Benchmark: ``routemap tracks`` on synthetic NOAA-layout AIS files (issue 18).

Run from the repo root:
    python tests/benchmarks/tracks.py [--reports 2000000] [--dask-reports 20000000] [--sample-vessels 50]
                                      [--skip-dask] [--skip-movingpandas] [--keep DIR]

Prints, each measured in a fresh subprocess with its peak memory (RSS of the
process tree, polled every 0.2 s):
  1. pandas.read_csv of the whole file (the baseline) and the in-memory engine on it:
     target <= 10x the read_csv time, peak <= 1.5 GB;
  2. the Dask engine (local cluster, 2 workers) on --dask-reports reports: bounded memory;
  3. MovingPandas' ObservationGapSplitter and TrajectoryStopDetector against routemap's dark
     periods and stops on a shared sample (the first --sample-vessels vessels), events and time.

The data is generated here (no third-party data): vessels reporting every 60 s
at 8-16 kn with, per vessel, one planted 3 h stop, one 7 h dark gap and one
spoofed fix (+3 degrees of longitude). MovingPandas is in the optional
``bench`` extra (pip install -e '.[bench]').
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

PER_VESSEL = 1400          # generated reports per vessel; the dark gap removes 420
STOP = (200, 380)          # 3 h at rest
GAP = (500, 920)           # 7 h without reports
SPIKE = 1000               # a spoofed fix
T0 = np.datetime64("2024-06-01T00:00:00", "s")
HEADER = ("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,"
          "Cargo,TransceiverClass")


def vessels_for(reports: int) -> int:
    return max(1, round(reports / (PER_VESSEL - (GAP[1] - GAP[0]))))


def generate(path: str, n_vessels: int, seed: int = 18, block: int = 2000) -> int:
    """Write a NOAA legacy CSV with ``n_vessels`` vessels (blocks of vessels, each block sorted by time)."""
    rng = np.random.default_rng(seed)
    rows = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER + "\n")
        for b0 in range(0, n_vessels, block):
            nv = min(block, n_vessels - b0)
            speed = rng.uniform(8, 16, nv)
            head = rng.uniform(0, 360, nv)
            lat0, lon0 = rng.uniform(-50, 50, nv), rng.uniform(-180, 180, nv)
            k = np.arange(PER_VESSEL)
            moving = ~((k >= STOP[0]) & (k < STOP[1]))
            turn = np.cumsum(rng.normal(0, 0.5, (nv, PER_VESSEL)), axis=1)
            h = np.radians(head[:, None] + turn)
            step = (speed[:, None] * 1852.0 / 60.0) * moving[None, :]        # metres per minute
            dlat = np.cumsum(step * np.cos(h), axis=1) / 111_195.0
            lat = np.clip(lat0[:, None] + dlat, -80, 80)
            dlon = np.cumsum(step * np.sin(h) / (111_195.0 * np.cos(np.radians(lat))), axis=1)
            lon = (lon0[:, None] + dlon + 180.0) % 360.0 - 180.0
            jitter = rng.normal(0, 0.0001, (nv, PER_VESSEL)) * (~moving)[None, :]
            lat, lon = lat + jitter, lon + jitter
            lon[:, SPIKE] = (lon[:, SPIKE] + 3.0 + 180.0) % 360.0 - 180.0
            sog = np.where(moving[None, :], speed[:, None] + rng.normal(0, 0.3, (nv, PER_VESSEL)), 0.0)
            keep = ~((k >= GAP[0]) & (k < GAP[1]))
            start = rng.integers(0, 3600, nv)
            t = T0 + (start[:, None] + 60 * k[None, :]).astype("timedelta64[s]")
            mmsi = (200_000_000 + b0 + np.arange(nv))[:, None] + 0 * k[None, :]
            sel = (slice(None), keep)
            cols = [a[sel].ravel() for a in (mmsi, t, lat, lon, sog, np.degrees(h) % 360)]
            order = np.argsort(cols[1], kind="stable")
            m, tt, la, lo, so, co = (c[order] for c in cols)
            ts = tt.astype(str)
            lines = [f"{a},{b},{c:.5f},{d:.5f},{e:.1f},{g:.1f},511.0,BENCH {a},,,70,0,120,20,7.5,70,A"
                     for a, b, c, d, e, g in zip(m.tolist(), ts.tolist(), la.tolist(), lo.tolist(), so.tolist(),
                                                 co.tolist(), strict=True)]
            f.write("\n".join(lines) + "\n")
            rows += len(lines)
    return rows


def measured(code: str, *args: str) -> tuple[dict, float]:
    """Run ``code`` in a fresh interpreter; (its JSON output, peak RSS of its process tree in MB)."""
    import psutil

    p = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    peak = [0.0]
    proc = psutil.Process(p.pid)

    def poll() -> None:
        while p.poll() is None:
            try:
                rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
                peak[0] = max(peak[0], rss / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.2)

    th = threading.Thread(target=poll, daemon=True)
    th.start()
    out, _ = p.communicate()
    th.join()
    if p.returncode:
        raise SystemExit(f"benchmark step failed ({p.returncode})")
    return json.loads(out.strip().splitlines()[-1]), peak[0]


READ_CSV = """
import sys, time, json
import pandas as pd
t = time.perf_counter(); df = pd.read_csv(sys.argv[1]); dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "rows": len(df)}))
"""
TRACKS = """
import sys, time, json
t = time.perf_counter()
from routes.tracks.events import Thresholds
th = Thresholds(port_km=float(sys.argv[3]))
if sys.argv[2] == "dask":
    from routes.tracks.engine_dask import run_dask
    res = run_dask(sys.argv[1], th=th, workers=2, memory_limit="3GB")
else:
    from routes.tracks.engine import run_memory
    res = run_memory(sys.argv[1], th=th)
dt = time.perf_counter() - t
ev = res.events["kind"].value_counts().to_dict()
print(json.dumps({"seconds": dt, "rows": res.stats.rows, "vessels": len(res.vessels), "events": ev}))
"""
MOVINGPANDAS = """
import sys, time, json, datetime as dt
t = time.perf_counter()
import pandas as pd, geopandas as gpd, movingpandas as mpd
df = pd.read_csv(sys.argv[1], usecols=["MMSI", "BaseDateTime", "LAT", "LON"], parse_dates=["BaseDateTime"])
gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.LON, df.LAT), crs="EPSG:4326")
tc = mpd.TrajectoryCollection(gdf, "MMSI", t="BaseDateTime")
n0 = len(tc.trajectories)
split = mpd.ObservationGapSplitter(tc).split(gap=dt.timedelta(hours=6))
gaps = len(split.trajectories) - n0
stops = mpd.TrajectoryStopDetector(tc).get_stop_points(min_duration=dt.timedelta(hours=2), max_diameter=2000)
print(json.dumps({"seconds": time.perf_counter() - t, "gaps": gaps, "stops": len(stops)}))
"""


def generated(path: str, reports: int) -> None:
    """Write ``path`` with about ``reports`` reports unless it exists (kept from a --keep run); print its size."""
    nv = vessels_for(reports)
    t = time.perf_counter()
    rows = generate(path, nv) if not os.path.exists(path) else None
    print(f"generated {path}: {rows or '(kept)'} rows, {nv} vessels, {os.path.getsize(path) / 2**20:.0f} MB "
          f"in {time.perf_counter() - t:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=2_000_000)
    ap.add_argument("--dask-reports", type=int, default=20_000_000)
    ap.add_argument("--sample-vessels", type=int, default=50)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-movingpandas", action="store_true")
    ap.add_argument("--keep", metavar="DIR", help="write the generated files here (default: a temporary folder)")
    a = ap.parse_args()
    d = a.keep or tempfile.mkdtemp(prefix="routemap-tracks-bench-")
    os.makedirs(d, exist_ok=True)
    no_ports = "20000"    # every stop counts, so stops can be compared with MovingPandas'
    if not a.skip_memory:
        path = os.path.join(d, f"ais-{a.reports}.csv")
        generated(path, a.reports)
        base, base_mb = measured(READ_CSV, path)
        res, res_mb = measured(TRACKS, path, "memory", "10")
        print(f"pandas.read_csv: {base['seconds']:.2f} s, peak {base_mb:.0f} MB")
        print(f"tracks --engine memory: {res['seconds']:.2f} s ({res['seconds'] / base['seconds']:.1f}x read_csv; "
              f"target <= 10x), peak {res_mb:.0f} MB (target <= 1536 MB); events {res['events']}, "
              f"planted per vessel: 1 dark, 1 jump, 1 stop")
    if not a.skip_dask:
        path = os.path.join(d, f"ais-{a.dask_reports}.csv")
        generated(path, a.dask_reports)
        res, res_mb = measured(TRACKS, path, "dask", "10")
        print(f"tracks --engine dask (2 workers x 3 GB limit): {res['seconds']:.1f} s for {res['rows']:,} rows, "
              f"peak {res_mb:.0f} MB for client + cluster; events {res['events']}")
    if not a.skip_movingpandas:
        path = os.path.join(d, f"sample-{a.sample_vessels}.csv")
        generate(path, a.sample_vessels, seed=7)
        ours, _ = measured(TRACKS, path, "memory", no_ports)
        mp, _ = measured(MOVINGPANDAS, path)
        print(f"shared sample ({a.sample_vessels} vessels): routemap {ours['seconds']:.2f} s, dark "
              f"{ours['events'].get('dark', 0)}, stops {ours['events'].get('port_call', 0)}, jumps "
              f"{ours['events'].get('jump', 0)}; MovingPandas {mp['seconds']:.2f} s, gaps {mp['gaps']}, stops "
              f"{mp['stops']}; time ratio MovingPandas / routemap {mp['seconds'] / ours['seconds']:.1f}")


if __name__ == "__main__":
    main()
