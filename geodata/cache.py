"""The on-disk cache of derived data (gazetteer index, network arrays).

Derived files are built once, from the installed data packages, into
``$ROUTEMAP_CACHE`` (default: the user cache folder, e.g. ``~/.cache/routemap``).
Each file's name carries a key of the versions it was built from, so an
upgrade rebuilds it. Building is safe when several processes start at once:
one builds under a lock, writing to a temporary file that is renamed into
place; the others wait and then open the finished file.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Iterator

from .atomic import atomic_path
from .errors import DataUnavailable


def cache_dir() -> Path:
    """The cache folder (created if missing)."""
    env = os.environ.get("ROUTEMAP_CACHE")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "routemap"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DataUnavailable(
            f"cannot create the cache folder {base} ({e.strerror}); "
            "set ROUTEMAP_CACHE to a writable folder"
        ) from None
    if not os.access(base, os.W_OK | os.X_OK):
        raise DataUnavailable(f"the cache folder {base} is not writable; set ROUTEMAP_CACHE to a writable folder")
    return base


def versions_key(*distributions: str, salt: str = "") -> str:
    """A short key naming the installed versions of ``distributions`` (and a format salt).

    >>> versions_key("nonexistent-dist", salt="v1")
    'nonexistent-dist-none_v1'
    """
    parts = []
    for d in distributions:
        try:
            v = version(d)
        except PackageNotFoundError:
            v = "none"
        parts.append(f"{d}-{v}")
    if salt:
        parts.append(salt)
    return "_".join(parts).replace("/", "-")


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_once(name: str, builder: Callable[[Path], None]) -> Path:
    """Return the cached file ``name``, building it first if it is missing.

    ``builder(tmp_path)`` writes the file at ``tmp_path``; it is renamed into
    place only when the builder returns, so a crash never leaves a broken cache.
    """
    path = cache_dir() / name
    if path.exists():
        return path
    with _lock(path):
        if not path.exists():  # another process may have built it while we waited
            with atomic_path(path) as tmp:
                builder(tmp)
    return path
