"""Route many legs on several cores: a process pool over :func:`routes.routing.route_leg`.

The parent routes the first leg of each network mode itself, which loads the
networks it needs (rail, road, marnet arrays and their KD-trees, Natural Earth
land) once; the workers are then forked from it, so they share those
read-only arrays with the parent page by page (copy-on-write; nothing is
re-read from disk) instead of each holding a copy. Legs go to the workers in
contiguous chunks and come back in file order, and each leg's route depends
only on the leg, so the routes — and every output made from them — are the
same whatever the number of workers. A leg whose routing raises in a worker is
routed again in the parent, so errors surface exactly as in one process.
Legs between the same places by the same mode are routed once and share the
line (a customs list or ship-tracking list repeats its ports and crossings).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .model import Case, Leg
from .routed import Route, place_route_key

#: below this many legs a pool costs more than it saves (workers start in ~0.1 s; legs route in ~5-50 ms)
MIN_PARALLEL_LEGS = 64
#: most workers used by default (routing is CPU-bound; more than the cores only adds memory)
MAX_DEFAULT_JOBS = 8


def default_jobs() -> int:
    """The default number of routing workers: the cores this process may use, at most :data:`MAX_DEFAULT_JOBS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_JOBS))


def _routed(leg: Leg, spacing_km: float) -> Route:
    """One leg routed, with the countries, crossings and passages of its line (:func:`routes.transit.transit`,
    which depends on the line only; the leg's own warnings are added by :func:`routes.transit.annotate`)."""
    from .routing import route_leg
    from .transit import transit

    route = route_leg(leg, spacing_km=spacing_km)
    return replace(route, transit=transit(route))


def _route_one(item: tuple[Leg, float]) -> Route | None:
    """Worker: route one leg; None when routing raised (the parent routes it again to raise the same error)."""
    leg, spacing_km = item
    try:
        return _routed(leg, spacing_km)
    except Exception:  # noqa: BLE001 - re-raised by the parent, which routes the leg itself
        return None


def route_legs(case: Case | Sequence[Leg], *, jobs: int | None = None, spacing_km: float = 25.0,
               progress: bool = False) -> tuple[Route, ...]:
    """Every leg of ``case`` (or the given legs) routed, in file order, on ``jobs`` processes.

    ``jobs`` None or 0 means :func:`default_jobs`; 1 routes in this process. The
    result is identical for any ``jobs``. ``spacing_km`` is the densification step
    of the routed lines (km). With ``progress``, a tqdm bar on stderr.
    """
    from tqdm import tqdm

    from .transit import annotate, case_countries

    everything = list(case.legs()) if isinstance(case, Case) else list(case)
    # legs between the same places by the same mode share one routing (a ship-tracking list repeats its ports)
    first: dict[Any, int] = {}
    same = [first.setdefault(_route_key(lg), i) for i, lg in enumerate(everything)]
    legs = [everything[i] for i in sorted(set(same))]
    jobs = default_jobs() if not jobs else max(1, int(jobs))
    out: list[Route | None] = [None] * len(legs)
    # one leg of each mode here first: loads (and caches) each network before any fork
    warm: dict[str, int] = {}
    for i, leg in enumerate(legs):
        warm.setdefault(leg.mode, i)
    for i in sorted(warm.values()):
        out[i] = _routed(legs[i], spacing_km)
    rest = [i for i in range(len(legs)) if out[i] is None]
    pool = None
    if jobs > 1 and len(rest) >= MIN_PARALLEL_LEGS:
        import multiprocessing as mp

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        pool = ctx.Pool(jobs)   # forked before the progress bar starts its monitor thread
    bar = tqdm(total=len(legs), initial=len(warm), desc="routing legs", unit="leg", file=sys.stderr,
               disable=not progress, delay=1.0)
    try:
        if pool is not None:
            _route_in_pool(pool, legs, rest, out, jobs, spacing_km, bar)
        for i in rest:
            if out[i] is None:   # in one process, or raised in a worker: route (or raise) here
                out[i] = _routed(legs[i], spacing_km)
                bar.update(1)
    finally:
        bar.close()
        if pool is not None:
            pool.terminate()
            pool.join()
    routed = {id(leg): r for leg, r in zip(legs, out, strict=True)}
    mentioned = case_countries(case) if isinstance(case, Case) else frozenset(
        p.country for lg in everything for p in (lg.origin, lg.destination, *lg.via) if p.country)
    result = []
    for leg, i in zip(everything, same, strict=True):
        r = routed[id(everything[i])]
        if r is None:
            continue
        if (r.shipment_id, r.leg_index) != (leg.shipment_id, leg.index):
            r = replace(r, shipment_id=leg.shipment_id, leg_index=leg.index)
        # the leg's own warnings (third countries, avoid, closures by its dates) on the shared line's transit
        result.append(annotate(r, ends=(leg.origin.country, leg.destination.country), mentioned=mentioned,
                               avoid=leg.avoid, dates=(leg.depart, leg.arrive)))
    return tuple(result)


def _route_key(leg: Leg) -> Any:
    """What a leg's route depends on: mode and the places (names too: warnings and snaps name them).

    Legs with an explicit path are never shared (their errors name the leg).
    """
    if leg.path is not None:
        return ("leg", leg.key)
    return (leg.mode, leg.avoid, tuple(place_route_key(p) for p in (leg.origin, *leg.via, leg.destination)))


def _route_in_pool(pool: Any, legs: list[Leg], todo: list[int], out: list[Route | None], jobs: int,
                   spacing_km: float, bar: Any) -> None:
    """Route ``legs[i]`` for ``i`` in ``todo`` on ``pool`` (``jobs`` workers), into ``out[i]``, in order."""
    chunk = max(1, min(64, len(todo) // (jobs * 8)))
    results = pool.imap(_route_one, [(legs[i], spacing_km) for i in todo], chunksize=chunk)
    for i, r in zip(todo, results, strict=True):
        out[i] = r
        if r is not None:
            bar.update(1)
