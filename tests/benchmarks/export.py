"""Benchmark: export a synthetic 1,000-shipment case (3,000 legs) to GeoJSON, GeoPackage, KML and CSV.

Run from the repo root: ``python tests/benchmarks/export.py [SHIPMENTS]``. Prints the
time to build the shared feature records, each format's export time (features
included) and the file size. Target: each format ≤ 10 s for 1,000 shipments.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from geodata.place import Place
from maps.export import export
from maps.features import build_features
from routes.dates import parse_when
from geodata.base.geodesy import densify, line_length_m
from routes.model import MODES, Case, Leg, Shipment, Source
from routes.routed import Route
from routes.verdict import Analysis, Verdict


def synthetic(n_shipments: int = 1000, legs_per: int = 3, seed: int = 7) -> Analysis:
    """Places across Eurasia and the North Pacific; legs as 25 km-densified geodesics."""
    rng = random.Random(seed)
    places = [Place(f"bench:{i}", f"Place {i}", rng.uniform(10, 65), rng.uniform(-10, 200) - (360 if i % 11 == 0 else 0),
                    "town", "XX") for i in range(400)]
    places = [p.with_(lon=((p.lon + 180) % 360) - 180) for p in places]
    sources = tuple(Source(f"src-{i}", f"Report {i}", "Wire", "2023-09-12", f"https://example.org/{i}") for i in range(50))
    shipments, routes, verdicts = [], [], []
    for s in range(n_shipments):
        sid = f"ship-{s}"
        stops = rng.sample(places, legs_per + 1)
        legs = []
        for k in range(legs_per):
            leg = Leg(sid, k + 1, stops[k], stops[k + 1], rng.choice(MODES), depart=parse_when(f"2023-09-{k + 1:02d}"),
                      arrive=parse_when(f"2023-09-{k + 2:02d}/2023-09-{k + 5:02d}"), carrier="MV Bench",
                      sources=(sources[s % 50].id,))
            coords = tuple(densify([leg.origin.lonlat, leg.destination.lonlat], 25.0))
            routes.append(Route(sid, k + 1, leg.mode, "geodesic", coords, line_length_m(coords) / 1000.0))
            legs.append(leg)
        shipments.append(Shipment(sid, f"Shipment {s}", tuple(legs), status="reported", sources=(sources[s % 50].id,)))
        if s % 10 == 0:
            c = tuple(densify([stops[0].lonlat, stops[-1].lonlat], 50.0))
            verdicts.append(Verdict(f"claim-{s}", "distance", "consistent", "1000 km", "990 km", "WGS84 geodesic", coords=c))
    return Analysis(Case("Benchmark", tuple(shipments), sources), tuple(routes), tuple(verdicts))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    t0 = time.perf_counter()
    a = synthetic(n)
    n_legs = len(a.routes)
    n_pts = sum(len(r.coords) for r in a.routes)
    print(f"synthetic case: {n} shipments, {n_legs} legs, {n_pts:,} route vertices "
          f"(built in {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    build_features(a)
    print(f"feature records: {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as d:
        for ext in ("geojson", "gpkg", "kml", "csv"):
            out = Path(d) / f"bench.{ext}"
            t0 = time.perf_counter()
            export(a, out)
            dt = time.perf_counter() - t0
            print(f"{ext:8s} {dt:6.2f} s  {out.stat().st_size / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
