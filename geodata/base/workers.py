"""Worker processes: the signals every forked worker takes, and progress bars that are safe to fork under.

Routing workers and the export writer are forked from the process that shows
the progress bars; both need the same two things, so they are here once.
"""
from __future__ import annotations

from typing import Any


def worker_signals() -> None:
    """In a freshly forked worker: default SIGTERM (its parent stops it with that, or a kill), and SIGINT and
    SIGHUP ignored (the parent handles Ctrl-C and hang-ups, and stops its workers)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)


def progress_bar(iterable: Any = None, **kwargs: Any) -> Any:
    """A tqdm bar (``kwargs`` as tqdm takes them) without tqdm's monitor thread: processes are forked while
    these bars run, and a thread holding a lock at the fork could leave the child stuck on it."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0
    return tqdm(iterable, **kwargs)
