"""Benchmark: point-to-point shortest paths on the rail and road networks, routemap's A* beside its peers.

Run from the repo root inside the project's venv::

    python tests/benchmarks/astar.py            # 40 rail and 40 road pairs, 300-3,000 km apart, in Eurasia
    python tests/benchmarks/astar.py --pairs 10

For random node pairs of one connected component (fixed seed), the median and
90th-percentile time per query of:

* routemap: ``Network.shortest_path`` (exact A* with great-circle and landmark
  bounds, numba-compiled; the first, compiling or cache-loading call excluded);
* scipy: ``scipy.sparse.csgraph.dijkstra`` from the source with ``limit`` set to
  the path's own length (the least a Dijkstra must search; what a scipy user
  would otherwise write);
* scgraph: ``Graph.dijkstra_makowski`` and ``Graph.a_star`` (great-circle
  heuristic) over scgraph_data's own graph of the same network (pure Python;
  on the first few pairs only, as they take seconds).

Every path length is checked against scipy's: they must agree to 1e-9.
"""
from __future__ import annotations

import argparse
import math
import random
import statistics
import time


def _pairs(net, n: int, seed: int) -> list[tuple[int, int]]:
    from geodata.base.sphere import sphere_km

    rnd, out = random.Random(seed), []
    while len(out) < n:
        a, b = rnd.randrange(net.size), rnd.randrange(net.size)
        if net.component[a] != net.component[b] or not (-10 < net.lon[a] < 140 and 30 < net.lat[a] < 65):
            continue
        if 300 < sphere_km(net.lon[a], net.lat[a], net.lon[b], net.lat[b]) < 3000:
            out.append((a, b))
    return out


def _ms(times: list[float]) -> str:
    times = sorted(times)
    return f"{statistics.median(times) * 1e3:.1f} ms (p90 {times[int(0.9 * (len(times) - 1))] * 1e3:.1f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--scgraph-pairs", type=int, default=5)
    args = ap.parse_args()

    import importlib

    from scipy.sparse.csgraph import dijkstra

    from geodata.netcache import network

    print("| network | pairs | routemap A* | scipy Dijkstra (limit = path km) | scgraph Dijkstra | scgraph A* |")
    print("|---|---|---|---|---|---|")
    for kind, module in (("rail", "world_railways"), ("road", "world_highways")):
        net = network(kind)
        pairs = _pairs(net, args.pairs, seed=7)
        net.shortest_path(*pairs[0])          # numba compiles or loads its cache here
        ours, scipy_t, lengths = [], [], []
        for a, b in pairs:
            t = time.perf_counter()
            path = net.shortest_path(a, b)
            ours.append(time.perf_counter() - t)
            km = float(sum(net.graph[x, y] for x, y in zip(path, path[1:], strict=False)))
            t = time.perf_counter()
            ref = float(dijkstra(net.graph, directed=True, indices=a, limit=km * (1 + 1e-9))[b])
            scipy_t.append(time.perf_counter() - t)
            assert math.isclose(km, ref, rel_tol=1e-9), (kind, a, b, km, ref)
            lengths.append(km)
        sc_d, sc_a = [], []
        if args.scgraph_pairs:
            from scgraph import Graph

            geograph = getattr(importlib.import_module(f"scgraph_data.{module}"), f"{module}_geograph")
            graph, nodes = geograph.graph, geograph.nodes

            def heuristic(u: int, v: int, nodes: list = nodes) -> float:
                (la1, lo1), (la2, lo2) = nodes[u], nodes[v]
                p1, p2, dl = math.radians(la1), math.radians(la2), math.radians(lo2 - lo1)
                c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
                return 0.98 * 6371.0088 * math.acos(max(-1.0, min(1.0, c)))   # scgraph's km run ~1% under ours

            for (a, b), km in list(zip(pairs, lengths, strict=True))[:args.scgraph_pairs]:
                t = time.perf_counter()
                got = Graph.dijkstra_makowski(graph=graph, origin_id=a, destination_id=b)
                sc_d.append(time.perf_counter() - t)
                t = time.perf_counter()
                Graph.a_star(graph=graph, origin_id=a, destination_id=b, heuristic_fn=heuristic)
                sc_a.append(time.perf_counter() - t)
                assert math.isclose(got["length"], km, rel_tol=1e-3), (kind, a, b, got["length"], km)
        print(f"| {kind} ({net.size:,} nodes) | {len(pairs)} | {_ms(ours)} | {_ms(scipy_t)} | "
              f"{_ms(sc_d) if sc_d else '—'} | {_ms(sc_a) if sc_a else '—'} |")


if __name__ == "__main__":
    main()
