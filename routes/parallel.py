"""Route many legs on several cores: a process pool over :func:`routes.routing.route_leg`.

Where processes can be forked and any leg follows a network, the legs are
routed in worker processes (one when ``jobs`` is 1 or the case is small): the
parent loads what routing reads (:func:`_preload`: the rail, road and marnet
arrays with their KD-trees and search arrays, the sea lanes, the water raster,
Natural Earth land and country tiles) and forks the workers, which share those
read-only arrays with it page by page (copy-on-write; nothing is re-read from
disk) instead of each holding a copy; the compiled search (numba, about 120 MB)
is loaded by the workers only, so the parent's memory stays free for the
outputs. Legs go to the workers in contiguous chunks and come back in file
order, and each leg's route depends only on the leg, so the routes — and every
output made from them — are the same whatever the number of workers. A leg
whose routing raises in a worker is routed again in the parent, so errors
surface exactly as in one process.
Legs between the same places by the same mode are routed once and share the
line (a customs list or ship-tracking list repeats its ports and crossings).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from geodata.base.workers import progress_bar, worker_signals

from .model import Case, Leg
from .routed import Route, place_route_key

#: below this many legs one worker routes them all (workers start in ~0.5 s; legs route in ~2-20 ms)
MIN_PARALLEL_LEGS = 64
#: the modes whose legs search a network
NETWORK_MODES = frozenset({"rail", "road", "sea"})
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

    ``jobs`` None or 0 means :func:`default_jobs`. Legs go to ``jobs`` worker
    processes (one below :data:`MIN_PARALLEL_LEGS` legs) where processes can be
    forked and any leg follows a network; otherwise they are routed in this
    process. The result is identical for any ``jobs``. ``spacing_km`` is the densification step
    of the routed lines (km). With ``progress``, a tqdm bar on stderr.
    """
    from .transit import annotate, case_countries

    everything = list(case.legs()) if isinstance(case, Case) else list(case)
    # legs between the same places by the same mode share one routing (a ship-tracking list repeats its ports)
    first: dict[Any, int] = {}
    same = [first.setdefault(_route_key(lg), i) for i, lg in enumerate(everything)]
    legs = [everything[i] for i in sorted(set(same))]
    jobs = default_jobs() if not jobs else max(1, int(jobs))
    out: list[Route | None] = [None] * len(legs)
    modes = {leg.mode for leg in legs} & NETWORK_MODES
    fork = _can_fork()
    use_workers = bool(modes) and (fork or (jobs > 1 and len(legs) >= MIN_PARALLEL_LEGS))
    if use_workers and fork:
        _preload(modes)
    jobs = jobs if len(legs) >= MIN_PARALLEL_LEGS else 1
    bar = progress_bar(total=len(legs), desc="routing legs", unit="leg", file=sys.stderr, disable=not progress,
                       delay=1.0)
    try:
        if use_workers:
            with _workers(jobs, fork) as pool:
                _route_in_pool(pool, legs, out, jobs, spacing_km, bar)
        for i in range(len(legs)):
            if out[i] is None:   # in one process, or raised in (or killed with) a worker: route (or raise) here
                out[i] = _routed(legs[i], spacing_km)
                bar.update(1)
    finally:
        bar.close()
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


class WorkerRouter:
    """:func:`routes.routing.route_points` in one worker process, forked on first use, so the compiled search
    never loads in this process (in this process where processes cannot be forked, or after the worker died).
    Close it when done."""

    def __init__(self) -> None:
        self._pool: Any = None
        self._broken = False

    def __call__(self, points: Sequence[Any], mode: str) -> Route:
        """The route through ``points`` (Places) by ``mode``, as :func:`routes.routing.route_points` gives it."""
        from concurrent.futures.process import BrokenProcessPool

        from .routing import route_points

        if self._broken or not _can_fork():
            return route_points(points, mode)
        if self._pool is None:
            self._pool = _new_pool(1, fork=True)
        try:
            got = self._pool.submit(_route_points_one, (tuple(points), mode)).result()
        except BrokenProcessPool:      # the worker died (killed, out of memory): go on here
            self.close()
            self._broken, got = True, None
        # raised in the worker: route here to raise the very same error
        return got if got is not None else route_points(points, mode)

    def close(self) -> None:
        """Stop the worker, if one was started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _route_points_one(item: tuple[tuple[Any, ...], str]) -> Route | None:
    """Worker: :func:`routes.routing.route_points`, or None when it raised (the parent raises it again)."""
    from .routing import route_points

    points, mode = item
    try:
        return route_points(points, mode)
    except Exception:  # noqa: BLE001 - re-raised by the parent, which routes the points itself
        return None


def _new_pool(jobs: int, *, fork: bool) -> Any:
    """A process pool of ``jobs`` workers (forked, or spawned where forking is not available)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork" if fork else "spawn"),
                               initializer=worker_signals)


@contextmanager
def _workers(jobs: int, fork: bool) -> Iterator[Any]:
    """A pool of ``jobs`` workers, shut down on leaving: waited for when all went well, its queued work
    cancelled on an error or Ctrl-C (a worker finishes the chunk it is on, then exits)."""
    pool = _new_pool(jobs, fork=fork)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _can_fork() -> bool:
    """True where worker processes can be forked (and so share the parent's loaded arrays)."""
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def _preload(modes: set[str]) -> None:
    """Load into this process what routing legs of ``modes`` and their transit read, without routing a leg."""
    from geodata.countries import country_tiles
    from geodata.netcache import network

    country_tiles()
    for kind in ("rail", "road"):
        if kind in modes:
            network(kind).searcher     # noqa: B018 - builds the search arrays, so the workers share them
    if "sea" in modes:
        from geodata.naturalearth import land
        from geodata.sea import marnet
        from geodata.water import packed

        from .sealanes import lanes, passages

        marnet(), land(), packed(), passages(), lanes()


def _route_key(leg: Leg) -> Any:
    """What a leg's route depends on: mode and the places (names too: warnings and snaps name them).

    Legs with an explicit path are never shared (their errors name the leg).
    """
    if leg.path is not None:
        return ("leg", leg.key)
    return (leg.mode, leg.avoid, tuple(place_route_key(p) for p in (leg.origin, *leg.via, leg.destination)))


def _route_in_pool(pool: Any, legs: list[Leg], out: list[Route | None], jobs: int, spacing_km: float,
                   bar: Any) -> None:
    """Route ``legs`` on ``pool`` (``jobs`` workers), into ``out`` in order.

    If a worker dies (killed, out of memory), the legs not yet back stay None: the caller routes them.
    """
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, min(64, len(legs) // (jobs * 8)))
    results = pool.map(_route_one, [(leg, spacing_km) for leg in legs], chunksize=chunk)
    try:
        for i, r in enumerate(results):
            out[i] = r
            if r is not None:
                bar.update(1)
    except BrokenProcessPool:
        pass
