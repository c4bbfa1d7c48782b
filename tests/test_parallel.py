"""Parallel routing: the same routes, in the same order, for any number of workers; errors as in one process."""
from __future__ import annotations

import itertools

import pytest

from geodata.place import Place
from routes import parallel
from routes.model import Case, Leg, Shipment
from routes.parallel import default_jobs, route_legs

# real places (GeoNames / curated coordinates, rounded)
PORTS = [Place("najin", "Najin", 42.2556, 130.2831, "port"), Place("vlad", "Vladivostok", 43.1155, 131.8869, "port"),
         Place("nampo", "Nampo", 38.7375, 125.4078, "port"), Place("shanghai", "Shanghai", 31.2304, 121.4737, "port")]
LAND = [Place("pyongyang", "Pyongyang", 39.0339, 125.7543, "city"), Place("khasan", "Khasan", 42.4308, 130.6434, "city"),
        Place("ussuriysk", "Ussuriysk", 43.8029, 131.9456, "city"), Place("harbin", "Harbin", 45.75, 126.65, "city")]


def _case(n_legs: int, bad: int | None = None) -> Case:
    """``n_legs`` one-leg shipments cycling through sea, rail, road and air legs between real places."""
    ships = []
    modes = itertools.cycle(["sea", "rail", "road", "air", "air", "unknown"])
    for i in range(n_legs):
        mode = next(modes)
        pool = PORTS if mode == "sea" else LAND
        a, b = pool[i % 4], pool[(i // 4 + i + 1) % 4]
        if a == b:
            b = pool[(i + 2) % 4]
        leg = Leg(f"s{i}", 1, a, b, mode, path=() if i == bad else None)
        ships.append(Shipment(f"s{i}", f"shipment {i}", (leg,)))
    return Case("parallel", tuple(ships))


def test_default_jobs_is_at_least_one():
    assert 1 <= default_jobs() <= parallel.MAX_DEFAULT_JOBS


def test_one_and_two_workers_route_identically(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_LEGS", 8)   # use the pool for a small (fast) case
    case = _case(40)
    one = route_legs(case, jobs=1)
    two = route_legs(case, jobs=2)
    assert [r.key for r in one] == [lg.key for lg in case.legs()]
    assert one == two
    assert {r.method for r in two} >= {"sea-marnet", "rail-osm", "road-osm", "geodesic"}


def test_repeated_legs_share_a_routing_and_equal_legs_routed_one_by_one():
    from dataclasses import replace

    from routes.routing import route_leg

    twice = [*_case(8).legs(), *_case(8).legs()]
    case = Case("repeats", tuple(Shipment(f"t{i}", "t", (replace(lg, shipment_id=f"t{i}"),)) for i, lg in enumerate(twice)))
    legs = list(case.legs())
    keys = {parallel._route_key(lg) for lg in legs}
    assert len(keys) < len(legs)                       # the case repeats some legs
    from routes.transit import annotate, case_countries

    mentioned = case_countries(case)
    assert route_legs(case, jobs=1) == tuple(
        annotate(route_leg(lg), ends=(lg.origin.country, lg.destination.country), mentioned=mentioned, avoid=lg.avoid,
                 dates=(lg.depart, lg.arrive)) for lg in legs)


def test_an_error_in_a_worker_is_raised_as_in_one_process(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_LEGS", 8)
    case = _case(30, bad=17)
    with pytest.raises(ValueError) as one:
        route_legs(case, jobs=1)
    with pytest.raises(ValueError) as two:
        route_legs(case, jobs=2)
    assert str(one.value) == str(two.value) == "leg s17/1: the explicit path is empty"


CASE_YAML = """version: 1
title: Parallel build
sources:
  - {id: src, title: A report, publisher: Wire, date: 2023-09-12}
shipments:
"""
LEGS = [("Najin", "Vladivostok", "sea"), ("Pyongyang", "Khasan", "rail"), ("Pyongyang", "Nampo", "road"),
        ("Shanghai", "Nampo", "sea"), ("Khasan", "Ulan-Ude", "rail"), ("Pyongyang", "Vladivostok", "air")]


def test_build_outputs_are_byte_identical_with_one_and_two_jobs_and_quiet_under_json(tmp_path):
    """72 legs (enough for the pool at its real threshold), built by the CLI with --jobs 1 and --jobs 2."""
    import subprocess
    import sys

    text = CASE_YAML
    for i in range(24):
        legs = "".join(f"      - {{from: {a}, to: {b}, mode: {m}, depart: 2023-09-{1 + k:02d}, arrive: 2023-09-{4 + k:02d}}}\n"
                       for k, (a, b, m) in enumerate((LEGS[i % 6:] + LEGS[:i % 6])[:3]))
        text += f"  - id: ship-{i}\n    title: Shipment {i}\n    sources: [src]\n    legs:\n{legs}"
    text += "claims:\n  - {id: c1, kind: distance, from: Pyongyang, to: Vladivostok, value: 680, unit: km, source: src}\n"
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    assert text.count("mode:") - 1 >= parallel.MIN_PARALLEL_LEGS + 4
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        r = subprocess.run([sys.executable, "-m", "routes.cli", "build", str(case), "--out", str(out), "--jobs", str(jobs),
                            "--json"], capture_output=True, text=True, check=False)
        assert r.returncode == 0, r.stderr
        assert r.stderr == ""          # no progress bars under --json
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == sorted(p.name for p in outs[1].iterdir())
    assert {"briefing.html", "briefing.png", "case.geojson", "case.gpkg", "case.kml", "legs.csv", "checks.md"} <= set(names)
    for n in names:
        assert (outs[0] / n).read_bytes() == (outs[1] / n).read_bytes(), n


def _in_child_die(real, parent: int, when):
    """``real``, except that in a forked worker it kills its process where ``when(args)`` holds."""
    import os

    def f(*args):
        if os.getpid() != parent and when(args):
            os._exit(9)
        return real(*args)
    return f


def test_a_worker_that_dies_does_not_stop_the_run(monkeypatch):
    """A worker killed mid-run (out of memory, say): its legs are routed here, the same as otherwise."""
    import os
    import signal

    case = _case(12)
    want = route_legs(case, jobs=1)
    monkeypatch.setattr(parallel, "_routed", _in_child_die(parallel._routed, os.getpid(),
                                                           lambda a: a[0].shipment_id == "s5"))
    signal.alarm(300)          # a hang fails the test instead of stalling the suite
    try:
        assert route_legs(case, jobs=1) == want
        from routes import routing

        router = parallel.WorkerRouter()
        monkeypatch.setattr(routing, "route_points", _in_child_die(routing.route_points, os.getpid(), lambda a: True))
        try:
            r = router([LAND[0], LAND[1]], "rail")
        finally:
            router.close()
        assert r.method == "rail-osm" and r.length_km > 100
    finally:
        signal.alarm(0)
