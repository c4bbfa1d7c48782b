"""One cross-platform advisory lock on a lock file (the ``filelock`` package).

Used to serialise cache builds (:mod:`geodata.base.cache`) and briefing
builds into one parent folder (:mod:`maps.build`). A file system that cannot
lock (some network mounts) is not an error: the caller goes on unserialised.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def file_lock(lock_path: Path, *, waiting: str | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (created if missing) for the ``with`` block.

    If another process holds it and ``waiting`` is given, that notice goes to
    stderr before blocking. If the lock file cannot be created or locked, the
    block runs without the lock.
    """
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path))
    try:
        # filelock waits forever on a lock file it cannot open (it takes that for a lock held on Windows),
        # so a folder that cannot be written is found out here first
        open(lock_path, "a").close()
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if waiting:
                sys.stderr.write(f"routemap: {waiting}\n")
            lock.acquire()
    except (OSError, NotImplementedError):  # no locks here: go on unserialised
        yield
        return
    try:
        yield
    finally:
        lock.release()


def folder_lock_path(folder: Path, lock_dir: Path) -> Path:
    """The lock file in ``lock_dir`` that stands for ``folder`` (named by a hash of its resolved path)."""
    key = hashlib.sha256(os.fsencode(os.path.realpath(folder))).hexdigest()[:16]
    return lock_dir / f"folder-{key}.lock"
