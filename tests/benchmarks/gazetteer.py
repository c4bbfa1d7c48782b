"""Gazetteer benchmark: index build, cold CLI start, exact/fuzzy lookup speed, scorer accuracy, confusion table.

Run from the repo root:  python tests/benchmarks/gazetteer.py  [--skip-build]
"""
from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# (misspelt query, expected curated/GeoNames place name)
MISSPELLINGS = [
    ("Tikhoretz", "Tikhoretsk"), ("Tikhorestk", "Tikhoretsk"), ("Vladivostock", "Vladivostok"),
    ("Vladivostak", "Vladivostok"), ("Pyongyong", "Pyongyang"), ("Pyonyang", "Pyongyang"),
    ("Chongjn", "Chongjin"), ("Chonjin", "Chongjin"), ("Sinuijoo", "Sinuiju"), ("Sinuju", "Sinuiju"),
    ("Changchung", "Changchun"), ("Chanchun", "Changchun"), ("Hamheung", "Hamhung"), ("Wonsann", "Wonsan"),
    ("Ussuriisk", "Ussuriysk"), ("Nakhodca", "Nakhodka"), ("Khabarovks", "Khabarovsk"), ("Blagoveshensk", "Blagoveshchensk"),
    ("Novorosiysk", "Novorossiysk"), ("Belgorodd", "Belgorod"), ("Shenyan", "Shenyang"), ("Dandung", "Dandong"),
    ("Hunchon", "Hunchun"), ("Ulan Udeh", "Ulan-Ude"), ("Zarubinno", "Zarubino"), ("Slavyankaa", "Slavyanka"),
    ("Irkutks", "Irkutsk"), ("Krasnodarr", "Krasnodar"), ("Yekaterinberg", "Yekaterinburg"), ("Harbinn", "Harbin"),
    ("Kaesung", "Kaesong"), ("Hyessan", "Hyesan"), ("Komsomolsk on Amure", "Komsomolsk-on-Amur"), ("Nampho", "Nampo"),
]


def fresh_build() -> float:
    tmp = Path(tempfile.mkdtemp(prefix="routemap-bench-"))
    env = {**os.environ, "ROUTEMAP_CACHE": str(tmp)}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from geodata.index import index_path; index_path()"], cwd=ROOT, env=env,
                   check=True, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t
    size = sum(f.stat().st_size for f in tmp.iterdir()) / 1e6
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"index build (fresh cache dir): {dt:.1f} s wall, {size:.0f} MB")
    return dt


def median_run(cmd: list[str], n: int = 7) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    if "--skip-build" not in sys.argv:
        fresh_build()
    from geodata.index import index_path

    index_path()  # the default cache, built if needed, for what follows
    routemap = str(Path(sys.executable).with_name("routemap"))
    cli = [routemap, "geocode", "Najin"] if os.path.exists(routemap) else [sys.executable, "-m", "routes.cli", "geocode", "Najin"]
    median_run(cli, 1)
    t_cli = median_run(cli)
    t_pyproj = median_run([sys.executable, "-c", "import pyproj"])
    print(f"cold `routemap geocode Najin`: {t_cli * 1000:.0f} ms median of 7; `python -c 'import pyproj'`: "
          f"{t_pyproj * 1000:.0f} ms; ratio {t_cli / t_pyproj:.2f} (target <= 1.5)")

    from geodata.gazetteer import Gazetteer

    g = Gazetteer.default()
    names = ["Najin", "Rajin", "나진", "Tikhoretsk", "Тихорецк", "Changchun", "长春", "Vladivostok", "Irkutsk", "Moscow",
             "Tumen crossing", "Chongjin", "Sinŭiju", "Springfield", "Paris"]
    for q in names:
        g.lookup(q)
    n = 200_000
    t = time.perf_counter()
    for i in range(n):
        g.lookup(names[i % len(names)])
    cached = n / (time.perf_counter() - t)
    m = 20_000
    t = time.perf_counter()
    for i in range(m):
        g._search_cached.cache_clear()
        g._answer_cached.cache_clear()
        g.lookup(names[i % len(names)])
    uncached = m / (time.perf_counter() - t)
    print(f"exact/alias lookups: {cached:,.0f}/s with the LRU cache; {uncached:,.0f}/s uncached (cache cleared each time)")

    fuzzy_q = [q for q, _ in MISSPELLINGS]
    times = []
    for q in fuzzy_q:
        g._search_cached.cache_clear()
        g._answer_cached.cache_clear()
        t = time.perf_counter()
        with contextlib.suppress(Exception):
            g.lookup(q)
        times.append(time.perf_counter() - t)
    print(f"fuzzy lookup (uncached, {len(times)} misspellings): median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")

    for scorer in ("QRatio", "WRatio", "ratio", "token_sort_ratio"):
        gs = Gazetteer(scorer=scorer)
        right = 0
        wrong = []
        t = time.perf_counter()
        for q, want in MISSPELLINGS:
            try:
                got = gs.lookup(q).place.name
            except Exception:
                got = None
            if got == want:
                right += 1
            else:
                wrong.append(f"{q}->{got}")
        dt = (time.perf_counter() - t) / len(MISSPELLINGS)
        print(f"scorer {scorer:16}: {right}/{len(MISSPELLINGS)} right ({100 * right / len(MISSPELLINGS):.0f}%), "
              f"{dt * 1000:.1f} ms/query; wrong: {', '.join(wrong) or '-'}")

    confusion_table(g)


def confusion_table(g) -> None:
    """Right / flagged / confidently wrong on the labelled set tests/data/gazetteer_queries.csv, by category."""
    import csv
    from collections import defaultdict

    sys.path.insert(0, str(ROOT / "tests"))
    from test_gazetteer_confusion import DATA, confusion

    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    by_cat: dict[str, list] = defaultdict(list)
    for r in rows:
        by_cat[r["category"]].append(r)
    g._answer_cached.cache_clear()
    t = time.perf_counter()
    total, top1_all, lines = confusion(g, rows)
    dt = (time.perf_counter() - t) / len(rows)
    print(f"\nconfusion table ({len(rows)} labelled queries, {dt * 1000:.1f} ms/query):")
    print("| category | queries | right | flagged | confidently wrong | right at top-1 |")
    print("|---|---|---|---|---|---|")
    for cat, sub in by_cat.items():
        c, top1, _ = confusion(g, sub)
        print(f"| {cat} | {len(sub)} | {c['right']} | {c['flagged']} | {c['wrong']} | {top1} |")
    print(f"| **all** | {len(rows)} | {total['right']} | {total['flagged']} | {total['wrong']} | {top1_all} "
          f"({100 * top1_all / len(rows):.0f}%) |")
    for line in lines:
        if not line.startswith("right"):
            print("   ", line)


if __name__ == "__main__":
    main()
