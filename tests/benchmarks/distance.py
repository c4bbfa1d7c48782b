"""Benchmark for issue 3: geodesic accuracy vs GeographicLib, batch throughput, --pairs CSV, cold start.

Run from the repo root: ``python tests/benchmarks/distance.py``. Prints its figures.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from geographiclib.geodesic import Geodesic
from pyproj import Geod

from routes.distance import distance, inverse_arrays
from geodata.place import Place

BIN = Path(sys.executable).parent


def accuracy(n: int = 20_000) -> None:
    rng = np.random.default_rng(7)
    lat1, lat2 = rng.uniform(-90, 90, n), rng.uniform(-90, 90, n)
    lon1, lon2 = rng.uniform(-180, 180, n), rng.uniform(-180, 180, n)
    edge = [(0, 0, 0, 180), (30, 0, -30, 180), (0, 0, 0.5, 179.5), (10, 20, -10.1, -160.2), (90, 0, -90, 0),
            (90, 0, 45, 120), (0, 179.5, 0, -179.5), (66, -179.9, 66, 179.9), (42.245, 130.3, 42.245, 130.3),
            (-90, 0, -89.9, 77), (0, 0, 0, 179.99), (1e-9, 0, -1e-9, 180)]
    lat1 = np.concatenate([lat1, [e[0] for e in edge]])
    lon1 = np.concatenate([lon1, [e[1] for e in edge]])
    lat2 = np.concatenate([lat2, [e[2] for e in edge]])
    lon2 = np.concatenate([lon2, [e[3] for e in edge]])
    d, a1, a2 = inverse_arrays(lon1, lat1, lon2, lat2)
    dd = da = 0.0
    for i in range(len(d)):
        g = Geodesic.WGS84.Inverse(lat1[i], lon1[i], lat2[i], lon2[i])
        dd = max(dd, abs(d[i] - g["s12"]))
        if g["s12"] > 1e-3 and not (i >= n and edge[i - n][:2] == (0, 0) and edge[i - n][3] == 180):  # bearing undefined at exact equatorial antipodes
            da = max(da, abs((a1[i] - g["azi1"] + 180) % 360 - 180), abs((a2[i] - g["azi2"] + 180) % 360 - 180))
    # the scalar API path too
    r = distance([Place("a", "a", 39.0392, 125.7625), Place("b", "b", 43.1155, 131.8869)]).legs[0]
    g = Geodesic.WGS84.Inverse(39.0392, 125.7625, 43.1155, 131.8869)
    dd = max(dd, abs(r.distance_m - g["s12"]))
    print(f"accuracy vs GeographicLib ({n} random pairs + {len(edge)} edge cases): "
          f"max |Δdistance| = {dd * 1000:.2e} mm, max |Δbearing| = {da:.2e}°")


def throughput(n: int = 1_000_000, reps: int = 3) -> None:
    rng = np.random.default_rng(1)
    lat1, lat2 = rng.uniform(-90, 90, n), rng.uniform(-90, 90, n)
    lon1, lon2 = rng.uniform(-180, 180, n), rng.uniform(-180, 180, n)
    geod = Geod(ellps="WGS84")

    def best(fn) -> float:
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t)
        return min(ts)

    direct = best(lambda: geod.inv(lon1, lat1, lon2, lat2))
    one = best(lambda: inverse_arrays(lon1, lat1, lon2, lat2, threads=1))
    two = best(lambda: inverse_arrays(lon1, lat1, lon2, lat2, threads=2))
    print(f"batch throughput ({n:,} pairs, best of {reps}): pyproj Geod.inv direct {n / direct:,.0f}/s; "
          f"routes.distance.inverse_arrays 1 thread {n / one:,.0f}/s, 2 threads {n / two:,.0f}/s (cores: {os.cpu_count()})")


def pairs_csv(n: int = 100_000) -> None:
    rng = np.random.default_rng(2)
    tmp = Path(tempfile.mkdtemp())
    src = tmp / "pairs.csv"
    a = rng.uniform(-60, 60, (n, 4))
    with src.open("w") as f:
        f.write("from,to\n")
        for la1, lo1, la2, lo2 in a.tolist():
            f.write(f'"{la1:.5f},{lo1 * 3:.5f}","{la2:.5f},{lo2 * 3:.5f}"\n')
    out = tmp / "out.csv"
    ts = []
    for _ in range(2):
        t = time.perf_counter()
        subprocess.run([str(BIN / "routemap"), "distance", "--pairs", str(src), "-o", str(out)], check=True, capture_output=True)
        ts.append(time.perf_counter() - t)
    rows = sum(1 for _ in out.open()) - 1
    print(f"--pairs CSV end to end ({n:,} coordinate rows, subprocess wall time): best {min(ts):.2f} s ({rows:,} rows written; target ≤ 5 s)")
    shutil.rmtree(tmp)


def cold_start(reps: int = 5) -> None:
    def wall(cmd: list[str]) -> tuple[float, int]:
        ts, rc = [], 0
        for _ in range(reps):
            t = time.perf_counter()
            rc = subprocess.run(cmd, capture_output=True).returncode
            ts.append(time.perf_counter() - t)
        return statistics.median(ts), rc

    base, _ = wall([sys.executable, "-c", "import pyproj"])
    names, rc = wall([str(BIN / "routemap"), "distance", "Najin", "Dunay"])
    coords, _ = wall([str(BIN / "routemap"), "distance", "42.245,130.3", "42.888,132.349"])
    note = "" if rc == 0 else f" (exit {rc}: the gazetteer is not available yet)"
    print(f"cold start (median of {reps}): python -c 'import pyproj' {base:.3f} s; "
          f"routemap distance Najin Dunay {names:.3f} s ({names / base:.2f}×){note}; "
          f"with coordinates {coords:.3f} s ({coords / base:.2f}×); target ≤ 2×")


if __name__ == "__main__":
    accuracy()
    throughput()
    pairs_csv()
    cold_start()
