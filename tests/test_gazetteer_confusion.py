"""The gazetteer on a labelled query set from real reporting: never confidently wrong, right top-1 ≥ 95%.

``tests/data/gazetteer_queries.csv`` lists each query with its reference
coordinate, a tolerance and the reference's source (GeoNames, UN/LOCODE via
searoute, airportsdata, or the curated entry's own source). Each answer is

* right — confident and within the tolerance of the reference,
* flagged — not confident, ambiguous without context, or no match (exit 2 in the CLI),
* wrong — confident and farther than the tolerance: must never happen.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from geodata.base.errors import RoutemapError
from geodata.gazetteer import Gazetteer
from geodata.place import Place, great_circle_km
from geodata.resolve import require

DATA = Path(__file__).parent / "data" / "gazetteer_queries.csv"


def confusion(gz: Gazetteer, rows: list[dict[str, str]]) -> tuple[Counter, int, list[str]]:
    """(counts of right/flagged/wrong, number right at top-1, one line per query)."""
    counts: Counter = Counter()
    top1 = 0
    lines = []
    for row in rows:
        lat, lon, tol = float(row["lat"]), float(row["lon"]), float(row["tolerance_km"])
        try:
            m = gz.lookup(row["query"])
        except RoutemapError:
            counts["flagged"] += 1
            lines.append(f"flagged (no match)  {row['query']}")
            continue
        off = great_circle_km(m.place, Place("reference", row["query"], lat, lon))
        top1 += off <= tol
        try:
            require(m)
            verdict = "right" if off <= tol else "wrong"
        except RoutemapError:
            verdict = "flagged"
        counts[verdict] += 1
        lines.append(f"{verdict:<8} {off:8.1f} km  {row['query']} -> {m.place.name} ({m.place.country}) {m.reason}")
    return counts, top1, lines


def test_never_confidently_wrong_and_right_at_top1() -> None:
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    assert len(rows) >= 100
    counts, top1, lines = confusion(Gazetteer.default(), rows)
    report = "\n".join(lines)
    assert counts["wrong"] == 0, report
    assert top1 >= 0.95 * len(rows), report
    assert counts["right"] >= 0.85 * len(rows), report


def test_every_reference_names_its_source() -> None:
    for row in csv.DictReader(DATA.open(encoding="utf-8")):
        assert row["source"].startswith(("GeoNames ", "UN/LOCODE ", "airportsdata ICAO ", "routemap curated ")), row
