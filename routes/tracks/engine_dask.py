"""The Dask engine: the same events, computed on a Dask cluster, partitioned by vessel.

CSV and Parquet inputs are read by the workers (``dask.dataframe.read_csv`` in
64 MB blocks, or ``read_parquet``), each block normalised with the same
:func:`routes.tracks.readers.normalize` as the in-memory engine, shuffled so
every vessel's reports land in one partition, and passed to the same
:func:`routes.tracks.events.vessel_pass`. Only the small per-partition results
(events, vessel rows, the slow-fix window table) come back to this process,
where :func:`routes.tracks.engine.finish` finds meetings across vessels and
orders everything exactly as the in-memory engine does. GPX and NMEA files are
decoded here with the streaming readers and then partitioned.

Without ``scheduler`` a local cluster of worker processes is started (memory
per worker bounded; the shuffle spills to disk); with ``scheduler`` (e.g.
``tcp://10.0.0.5:8786``) the work runs on that existing cluster, whose
workers must be able to read the input path and have routemap installed.
"""
from __future__ import annotations

import os
from typing import Any

from geodata.base.errors import InputError

from .engine import TrackResult, finish, read_all
from .events import Thresholds, vessel_pass
from .ports import load_ports
from .readers import ReadStats, check_stats, iter_reports, normalize, resolve_mapping, sniff

BLOCKSIZE = "64MB"
META = {"mmsi": "int64", "t": "int64", "lon": "float64", "lat": "float64", "sog": "float64"}


def _normalize_part(raw: Any, mapping: dict[str, str], file: str) -> tuple[Any, ReadStats]:
    stats = ReadStats(file)
    out, statics = normalize(raw, mapping, stats, None)
    stats.statics = statics
    return out, stats


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _second(pair: tuple[Any, Any]) -> Any:
    return pair[1]


def _pass(part: Any, th: Thresholds, want_tracks: bool) -> dict[str, Any]:
    return vessel_pass(part, th, load_ports(), want_tracks=want_tracks)


def _client(scheduler: str | None, workers: int | None, memory_limit: str) -> Any:
    import logging

    from distributed import Client, LocalCluster

    for name in ("distributed", "distributed.shuffle"):   # progress chatter, not problems
        logging.getLogger(name).setLevel(logging.ERROR)

    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as e:
            raise InputError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({e}); "
                             f"start one with `dask scheduler` or drop --scheduler for a local cluster") from None
    n = workers or max(1, min(4, os.cpu_count() or 1))
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, memory_limit=memory_limit,
                           dashboard_address=None)
    return Client(cluster)


def run_dask(path: str | os.PathLike[str], *, th: Thresholds | None = None, columns: dict[str, str] | None = None,
             strict: bool = False, max_invalid: float = 0.01, want_tracks: bool = False, scheduler: str | None = None,
             workers: int | None = None, memory_limit: str = "2GB", chunk_rows: int = 500_000) -> TrackResult:
    """Find events in ``path`` on a Dask cluster (local unless ``scheduler`` names one); same answer as run_memory."""
    th = th or Thresholds()
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from dask import delayed

    path = os.fspath(path)
    kind = sniff(path)
    client = _client(scheduler, workers, memory_limit)
    try:
        stats_parts: list[Any] = []
        stats = ReadStats(path)
        if kind in ("csv", "parquet"):
            if kind == "csv":
                header = list(pd.read_csv(path, nrows=0).columns)
            else:
                import pyarrow.parquet as pq
                header = list(pq.ParquetFile(path).schema_arrow.names)
            fmt, mapping = resolve_mapping(header, path, columns)
            stats.fmt = fmt if kind == "csv" else ("parquet" if fmt == "csv" else f"{fmt}-parquet")
            usecols = list(dict.fromkeys(mapping.values()))
            if kind == "csv":
                dtypes = {c: "object" for k, c in mapping.items() if k in ("id", "time", "name", "imo")}
                raw = dd.read_csv(path, usecols=usecols, dtype=dtypes, blocksize=BLOCKSIZE, skip_blank_lines=False)
            else:
                raw = dd.read_parquet(path, columns=usecols)
            normed = [delayed(_normalize_part)(p, mapping, path) for p in raw.to_delayed()]
            canon = dd.from_delayed([delayed(_first)(n) for n in normed], meta=pd.DataFrame(
                {k: pd.Series(dtype=v) for k, v in META.items()}), verify_meta=False)
            stats_parts = [delayed(_second)(n) for n in normed]
        else:
            df, stats = read_all(path, columns=columns, strict=strict, max_invalid=max_invalid, chunk_rows=chunk_rows)
            canon = dd.from_pandas(df, npartitions=max(1, len(df) // chunk_rows + 1))
        nparts = max(1, canon.npartitions)
        by_vessel = canon.shuffle(on="mmsi", npartitions=nparts)
        results = [delayed(_pass)(p, th, want_tracks) for p in by_vessel.to_delayed()]
        parts, part_stats = dask.compute(results, stats_parts)
    finally:
        client.close()
        if not scheduler and client.cluster is not None:
            client.cluster.close()
    for s in part_stats:
        stats.rows += s.rows
        stats.missing += s.missing
        stats.invalid += s.invalid
        stats.merge_statics(s.statics)
    try:
        check_stats(stats, strict=strict, max_invalid=max_invalid)
    except InputError:
        # partitions do not know their line numbers: find the exact lines with the streaming reader
        exact = ReadStats(path)
        for _ in iter_reports(path, columns=columns, stats=exact, chunk_rows=chunk_rows):
            pass
        check_stats(exact, strict=strict, max_invalid=max_invalid)
        raise
    return finish(list(parts), stats, th, load_ports(), engine="dask")
