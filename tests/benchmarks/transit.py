"""Benchmark: countries per leg, and routing with avoid/stay_in (issue 13).

Run from the repo root:  python tests/benchmarks/transit.py

Prints: the country-tile load time from the cache, the median time of the
country split (plus crossings and passages) of a ~9,000 km rail leg and of a
~12,000 km sea leg, and the first-use and repeat time of a rail route with
``stay_in: RU`` (building the restricted network once per process).
The 300-leg routing case (which now also splits every leg) is in routing.py.
"""
from __future__ import annotations

import statistics
import time


def main() -> None:
    from geodata.place import Place
    from routes.model import Avoid
    from routes.routing import route_points
    from routes.transit import stretches, transit

    t0 = time.perf_counter()
    from geodata.countries import country_tiles

    country_tiles()
    print(f"country tiles loaded in {time.perf_counter() - t0:.3f} s")

    dunay = Place("b:dunay", "Dunay", 42.87879, 132.33542, "port", "RU")
    depot = Place("b:depot", "Tikhoretsk", 45.88, 40.09, "depot", "RU")
    novo = Place("b:novo", "Novorossiysk", 44.7239, 37.7689, "port", "RU")
    simons = Place("b:simons", "Simon's Town", -34.1925, 18.4333, "port", "ZA")
    for label, a, b, mode in (("rail Dunay-Tikhoretsk", dunay, depot, "rail"),
                              ("sea Novorossiysk-Simon's Town", novo, simons, "sea")):
        r = route_points([a, b], mode)
        stretches(r.coords)           # warm-up
        split, full = [], []
        for _ in range(15):
            t = time.perf_counter()
            stretches(r.coords)
            split.append(time.perf_counter() - t)
            t = time.perf_counter()
            transit(r)
            full.append(time.perf_counter() - t)
        print(f"{label}: {r.length_km:,.0f} km, {len(r.coords)} points: country split median "
              f"{statistics.median(split) * 1000:.1f} ms (max {max(split) * 1000:.1f}); with crossings and "
              f"passages {statistics.median(full) * 1000:.1f} ms")

    for attempt in ("first use (builds the restricted network)", "repeat"):
        t = time.perf_counter()
        route_points([dunay, depot], "rail", avoid=Avoid(stay_in=("RU",)))
        print(f"rail Dunay-Tikhoretsk stay_in RU, {attempt}: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
