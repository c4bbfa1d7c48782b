"""Benchmark (issue 15): the antimeridian cut, exports with every check, and the real clients reading them.

Run from the repo root: ``python tests/benchmarks/outputs.py [SHIPMENTS]`` (default 1,000). Prints
the time to cut a 100,000-vertex line that crosses ±180° forty times (vertices exactly on the meridian
included), each format's export time for the synthetic case of ``export.py`` with a rate check (no
line) and a plausibility check per shipment added, and how long each validator takes to read the file.
Targets: the cut linear (≤ 1 s for 100,000 vertices); exports as in ``export.py`` (≤ 10 s each).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from maps.csvout import sidecars
from maps.export import export
from geodata.base.geodesy import cut_antimeridian
from routes.verdict import Analysis, Figures, Verdict


def zigzag(n: int = 100_000, crossings: int = 40) -> list[tuple[float, float]]:
    """A line running back and forth across ±180° with some vertices exactly on it."""
    out = []
    per = n // crossings
    for k in range(n):
        t = (k % per) / per
        lon = 170.0 + 20.0 * (t if (k // per) % 2 == 0 else 1.0 - t)
        lon = 180.0 if k % 997 == 0 else ((lon + 180.0) % 360.0) - 180.0
        out.append((lon, 50.0 + 5.0 * t))
    return out


def with_checks(a: Analysis) -> Analysis:
    """The synthetic case plus, per shipment, a rate check without a line and a plausibility check on its first leg."""
    extra = []
    for s in a.case.shipments:
        extra.append(Verdict(f"rate-{s.id}", "rate", "consistent", "300 trucks", "310 trucks", "rate × period",
                             figures=Figures("trucks", 300.0, 300.0, 310.0, 310.0, 0.0, 30.0, "rate × period")))
        key = s.legs[0].key
        extra.append(Verdict(f"plausibility:{key}", "plausibility", "consistent", "", "20 km/h", "route ÷ time",
                             leg=key, coords=a.route(key).coords,
                             figures=Figures("km/h", 1.0, 46.3, 18.0, 22.0, 0.0, 0.0, "implied average speed")))
    return Analysis(a.case, a.routes, a.verdicts + tuple(extra))


def main() -> None:
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here), str(here.parent)]      # export.py's synthetic case and the tests' real clients
    import clients
    from export import synthetic

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    line = zigzag()
    t0 = time.perf_counter()
    parts = cut_antimeridian(line)
    print(f"cut_antimeridian: {len(line):,} vertices -> {len(parts)} parts in {time.perf_counter() - t0:.2f} s")
    a = with_checks(synthetic(n))
    print(f"synthetic case: {n} shipments, {len(a.routes)} legs, {len(a.verdicts)} checks")
    readers = {"geojson": clients.validate_geojson, "gpkg": clients.validate_gpkg, "kml": clients.validate_kml,
               "csv": lambda p: (clients.read_csv_gdal(p), clients.read_csv_gdal(sidecars(p)[1]))}
    with tempfile.TemporaryDirectory() as d:
        for ext, read in readers.items():
            out = Path(d) / f"bench.{ext}"
            t0 = time.perf_counter()
            export(a, out)
            wrote = time.perf_counter() - t0
            t0 = time.perf_counter()
            read(out)
            print(f"{ext:8s} export {wrote:6.2f} s  {out.stat().st_size / 1e6:7.1f} MB   "
                  f"read by its client {time.perf_counter() - t0:6.2f} s")


if __name__ == "__main__":
    main()
