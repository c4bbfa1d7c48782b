"""Benchmark the briefing map: `routemap map` on the demo case, and a synthetic 1,000-shipment case.

Run from the repo root:  python tests/benchmarks/map.py
Prints: demo HTML / PNG wall time (whole command, routing included), the
1,000-shipment page's size, its Python render time, and its load-to-rendered
time in headless Chromium with the network cut off. Targets: demo <= 5 s,
1,000 shipments <= 15 MB and <= 5 s in the browser.
"""
from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from geodata.place import Place  # noqa: E402
from routes.dates import parse_when  # noqa: E402
from geodata.base.geodesy import densify, line_length_m  # noqa: E402
from routes.model import Case, Leg, Shipment, Source  # noqa: E402
from routes.routed import Route  # noqa: E402
from routes.verdict import Analysis  # noqa: E402


def synthetic(n_shipments: int = 1000, seed: int = 6) -> Analysis:
    """``n_shipments`` two-leg shipments between random points over Eurasia; routes of 100-3,000 points."""
    rnd = random.Random(seed)
    shipments, routes = [], []
    for i in range(n_shipments):
        pts = [Place(f"p{i}-{k}", f"Place {i}-{k}", rnd.uniform(30, 60), rnd.uniform(20, 140), rnd.choice(["port", "city", "depot"]),
                     uncertainty_km=rnd.choice([None, 5.0])) for k in range(3)]
        legs = []
        for j in range(2):
            mode = rnd.choice(["sea", "rail", "road", "air"])
            leg = Leg(f"s{i}", j + 1, pts[j], pts[j + 1], mode, depart=parse_when(f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"),
                      sources=("src",))
            legs.append(leg)
            line = densify([leg.origin.lonlat, leg.destination.lonlat], rnd.choice([2.0, 5.0, 25.0]))
            routes.append(Route(leg.shipment_id, leg.index, mode, "geodesic", tuple(line), line_length_m(line) / 1000.0))
        shipments.append(Shipment(f"s{i}", f"Shipment {i}", tuple(legs), cargo="crates",
                                  status=rnd.choice(["reported", "confirmed", "disputed", "denied"]), sources=("src",)))
    case = Case("Synthetic 1,000-shipment case", tuple(shipments), sources=(Source("src", "A source", "Publisher", "2023-01-01", "https://example.org/a"),))
    return Analysis(case, tuple(routes))


def timed_cli(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "routes.cli", *args], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - t


def browser_ms(path: Path) -> tuple[int, float, int]:
    """(in-page load-to-rendered ms, wall seconds to rendered, requests leaving the file)."""
    from playwright.sync_api import sync_playwright

    url, outside = path.resolve().as_uri(), []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                                                         "--disable-component-update", "--disable-sync", "--no-first-run"])
        ctx = b.new_context(viewport={"width": 1400, "height": 900})
        ctx.route("**/*", lambda r: r.continue_() if r.request.url == url else (outside.append(r.request.url), r.abort()))
        page = ctx.new_page()
        t = time.perf_counter()
        page.goto(url, timeout=600000)   # a 10,000-shipment page takes longer than the default 30 s to load
        page.wait_for_selector("body[data-rendered]", timeout=120000)
        wall = time.perf_counter() - t
        ms = page.evaluate("window.routemapRenderedMs")
        b.close()
    return ms, wall, len(outside)


def main() -> None:
    from maps.briefing import write_html

    demo = ROOT / "routes" / "data" / "demo.yaml"
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)
        timed_cli("map", str(demo), "-o", str(out / "warm.html"))   # warm the network caches once
        print(f"routemap map demo.yaml -o briefing.html: {timed_cli('map', str(demo), '-o', str(out / 'demo.html')):.2f} s "
              f"({(out / 'demo.html').stat().st_size / 1e6:.2f} MB)")
        print(f"routemap map demo.yaml -o briefing.png:  {timed_cli('map', str(demo), '-o', str(out / 'demo.png')):.2f} s")
        t = time.perf_counter()
        a = synthetic()
        build = time.perf_counter() - t
        n_pts = sum(len(r.coords) for r in a.routes)
        t = time.perf_counter()
        write_html(a, out / "big.html")
        render = time.perf_counter() - t
        size = (out / "big.html").stat().st_size
        print(f"1,000 shipments / 2,000 legs / {n_pts:,} route points (built in {build:.1f} s): "
              f"HTML {size / 1e6:.2f} MB written in {render:.2f} s")
        if not os.path.exists("/usr/bin/chromium"):
            print("  headless Chromium: skipped (no /usr/bin/chromium)")
        elif importlib.util.find_spec("playwright") is None:
            print("  headless Chromium: skipped (the playwright package is not installed; pip install -e '.[test]')")
        else:
            ms, wall, outside = browser_ms(out / "big.html")
            print(f"  headless Chromium: load-to-rendered {ms / 1000:.2f} s in page, {wall:.2f} s wall; requests leaving the file: {outside}")
            ms, wall, outside = browser_ms(out / "demo.html")
            print(f"  demo page in headless Chromium: load-to-rendered {ms / 1000:.2f} s in page, {wall:.2f} s wall; requests leaving: {outside}")


if __name__ == "__main__":
    main()
