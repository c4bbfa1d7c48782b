"""geodata.base.workers: forked workers' signals, and progress bars without a monitor thread."""
from __future__ import annotations

import io
import multiprocessing as mp
import signal

from geodata.base.workers import progress_bar, worker_signals


def _handlers(q) -> None:
    worker_signals()
    q.put((signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGHUP)))


def test_a_worker_ignores_ctrl_c_and_hangups_and_stops_on_sigterm() -> None:
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_handlers, args=(q,))
    p.start()
    got = q.get(timeout=60)
    p.join()
    assert got == (signal.SIG_DFL, signal.SIG_IGN, signal.SIG_IGN)


def test_progress_bars_start_no_monitor_thread() -> None:
    from tqdm import tqdm

    out = io.StringIO()
    bar = progress_bar(range(3), file=out, desc="x")
    assert list(bar) == [0, 1, 2]
    assert tqdm.monitor_interval == 0        # so no bar made from now on starts the monitor thread
    assert "x" in out.getvalue()
