"""Benchmark for issue 19: what the robustness checks cost.

Run from the repo root: ``python tests/benchmarks/robust.py``. Prints its figures:
the SHA-256 check of each derived cache file against the cache manifest (done
once per process, before the file is loaded), the load itself, and a
100,000-row ``--pairs`` CSV end to end (now decoded line by line so a bad byte
names its line).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def cache_checks() -> None:
    from geodata.base.cache import cache_dir, damage
    from geodata.netcache import cache_file as graph_file
    from geodata.netcache import load_network
    from geodata.sea import cache_file as sea_file

    for name, path in (("marnet", sea_file()), ("rail", graph_file("rail")), ("road", graph_file("road"))):
        t0 = time.perf_counter()
        assert damage(path) is None
        check = time.perf_counter() - t0
        t0 = time.perf_counter()
        load_network(path, name)
        load = time.perf_counter() - t0
        print(f"{name:<7} {path.stat().st_size / 1e6:7.1f} MB  checksum {check:6.3f} s  load {load:6.3f} s  "
              f"(+{100 * check / load:.0f}%)")
    print(f"cache: {cache_dir()}")


def pairs(n: int = 100_000) -> None:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d, "pairs.csv")
        with open(src, "w", encoding="utf-8") as f:
            f.write("from_lat,from_lon,to_lat,to_lon\n")
            for i in range(n):
                f.write(f"{(i % 170) - 85},{(i % 350) - 175},{((i * 7) % 170) - 85},{((i * 3) % 350) - 175}\n")
        t0 = time.perf_counter()
        r = subprocess.run([str(BIN / "routemap"), "distance", "--pairs", str(src), "-o", str(Path(d, "o.csv"))],
                           capture_output=True, text=True, check=True)
        print(f"{n:,}-row --pairs CSV end to end: {time.perf_counter() - t0:.2f} s ({r.stdout.splitlines()[0]})")


if __name__ == "__main__":
    cache_checks()
    pairs()
