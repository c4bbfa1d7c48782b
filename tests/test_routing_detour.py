"""A rail or road route far longer than the straight line is warned about, and checks do not trust its length.

The OpenStreetMap-derived rail graph has no Crimean Bridge: Kerch → Novorossiysk goes round by Rostov,
1,232 km for a 123 km straight line (the real line over the bridge is about 250 km).
"""
from __future__ import annotations

from pathlib import Path

from routes.analysis import load_and_analyze
from routes.routing import MISSING_LINK, suspect_length

CASE = """\
version: 1
title: Kerch by rail
shipments:
  - id: k
    legs:
      - {from: Kerch, to: Novorossiysk, mode: rail, depart: 2023-05-01T00:00Z, arrive: 2023-05-01T06:00Z}
      - {from: Novorossiysk, to: Krasnodar, mode: rail, depart: 2023-05-02, arrive: 2023-05-03}
claims:
  - {id: d300, kind: distance, from: Kerch, to: Novorossiysk, value: 300, unit: km, basis: rail}
  - {id: d50, kind: distance, from: Kerch, to: Novorossiysk, value: 50, unit: km, basis: rail}
"""


def test_a_detour_round_a_missing_link_is_warned_and_not_used_as_proof(tmp_path: Path) -> None:
    p = tmp_path / "kerch.yaml"
    p.write_text(CASE, encoding="utf-8")
    a = load_and_analyze(p)
    kerch, krasnodar = a.route("k/1"), a.route("k/2")
    assert suspect_length(kerch) and not suspect_length(krasnodar)
    (w,) = [w for w in kerch.warnings if MISSING_LINK in w]
    assert w.startswith("the rail route from Kerch to Novorossiysk is 1,2") and "× the 123 km straight line" in w
    v = {x.claim_id: x for x in a.verdicts}
    assert v["d300"].verdict == "cannot check"          # may be right over the bridge the graph lacks
    assert v["d50"].verdict == "inconsistent"           # shorter than the straight line: wrong by any route
    speed = v["plausibility:k/1"]                       # 6 h: too fast round by Rostov, not over the bridge
    assert speed.verdict == "cannot check" and "along the 123 km straight line" in speed.detail
