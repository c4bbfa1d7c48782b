"""The on-disk cache of derived data (gazetteer index, network arrays).

Derived files are built once, from the installed data packages, into
``$ROUTEMAP_CACHE`` (default: the user cache folder, e.g. ``~/.cache/routemap``).
Each file's name carries a key of the versions it was built from, so an
upgrade rebuilds it. Building is safe when several processes start at once:
one builds under a lock, writing to a temporary file that is renamed into
place; the others wait and then open the finished file.

Every built file's SHA-256 is recorded in the cache's ``manifest.json``.
:func:`load_cached` checks it before loading; a damaged file (a flipped byte,
a truncated copy, an empty file) is rebuilt once with a notice on stderr, and
only if the rebuilt file cannot be loaded either is it an error naming it.

An upgrade leaves the files of the old versions behind; :func:`inventory` tells
them from this version's and :func:`remove` deletes them (``routemap cache --prune``).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, TypeVar

from .atomic import atomic_path
from .errors import DataUnavailable, RoutemapError
from .lock import file_lock

T = TypeVar("T")
MANIFEST = "manifest.json"


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


def _lock(path: Path) -> contextlib.AbstractContextManager[None]:
    return file_lock(path.with_name(path.name + ".lock"))


def _unwritable(path: Path, e: BaseException) -> DataUnavailable:
    reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
    return DataUnavailable(f"cannot write the cache file {path} ({reason}); "
                           "set ROUTEMAP_CACHE to a writable folder with free space")


def build_once(name: str, builder: Callable[[Path], None]) -> Path:
    """Return the cached file ``name``, building it first if it is missing.

    ``builder(tmp_path)`` writes the file at ``tmp_path``; it is renamed into
    place only when the builder returns, so a crash never leaves a broken cache.
    Its checksum goes into the cache manifest.
    """
    path = cache_dir() / name
    if path.exists():
        return path
    try:
        with _lock(path):
            if not path.exists():  # another process may have built it while we waited
                _build(path, builder)
    except (OSError, RoutemapError) as e:
        if isinstance(e, DataUnavailable):
            raise
        raise _unwritable(path, e) from None
    return path


def _build(path: Path, builder: Callable[[Path], None]) -> None:
    with atomic_path(path) as tmp:
        builder(tmp)
    _record(path)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest() -> dict[str, dict[str, object]]:
    try:
        data = json.loads((cache_dir() / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _record(path: Path) -> None:
    """Record ``path``'s size and SHA-256 in the cache manifest (under the manifest's lock)."""
    from .atomic import atomic_write

    entry = {"bytes": path.stat().st_size, "sha256": sha256_file(path)}
    m = cache_dir() / MANIFEST
    with _lock(m):
        data = _manifest()
        data[path.name] = entry
        with atomic_write(m) as f:
            json.dump(data, f, indent=1, sort_keys=True)


def damage(path: Path) -> str | None:
    """Why the cached file ``path`` does not match its manifest entry, or None (also when it has none)."""
    entry = _manifest().get(path.name)
    if not isinstance(entry, dict):
        return None
    size = path.stat().st_size
    if size != entry.get("bytes"):
        return f"{size} bytes, the manifest says {entry.get('bytes')}"
    if sha256_file(path) != entry.get("sha256"):
        return "its SHA-256 does not match the manifest"
    return None


class _Damaged(Exception):
    pass


def _checked_load(path: Path, loader: Callable[[Path], T]) -> T:
    why = damage(path)
    if why is not None:
        raise _Damaged(why)
    return loader(path)


def load_cached(name: str, builder: Callable[[Path], None], loader: Callable[[Path], T], what: str) -> T:
    """Build (once) and load the cached file ``name``; rebuild it once if it is damaged.

    ``loader(path)`` reads the file; any error it raises (other than a
    RoutemapError), or a checksum that does not match the manifest, counts as
    damage: a notice goes to stderr and the file is rebuilt. If the rebuilt
    file fails too, :class:`DataUnavailable` names it. ``what`` names the data
    for messages (e.g. "rail network").
    """
    path = build_once(name, builder)
    try:
        value = _checked_load(path, loader)
    except RoutemapError:
        raise
    except Exception as e:  # noqa: BLE001 - any failure to load a derived file means it is damaged
        reason = str(e) or type(e).__name__
        sys.stderr.write(f"routemap: notice: the cached {what} {path} is damaged ({reason}); rebuilding it\n")
        try:
            with _lock(path):
                if damage(path) is not None or not _loads(path, loader):
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                    _build(path, builder)
        except (OSError, RoutemapError) as e2:
            if isinstance(e2, DataUnavailable):
                raise
            raise _unwritable(path, e2) from None
        try:
            value = _checked_load(path, loader)
        except RoutemapError:
            raise
        except Exception as e2:  # noqa: BLE001 - reported with the file name
            raise DataUnavailable(
                f"the cached {what} {path} is unusable even after rebuilding it ({str(e2) or type(e2).__name__}); "
                f"delete it, or set ROUTEMAP_CACHE to another folder"
            ) from None
        return value
    if _manifest().get(path.name) is None:
        with contextlib.suppress(OSError, RoutemapError):
            _record(path)  # a cache built before checksums were kept: record it now it has loaded
    return value


def _loads(path: Path, loader: Callable[[Path], object]) -> bool:
    """Whether ``loader`` reads ``path`` without an error (another process may have rebuilt it)."""
    try:
        loader(path)
    except RoutemapError:
        raise
    except Exception:  # noqa: BLE001 - see load_cached
        return False
    return True


@dataclass(frozen=True)
class CacheFile:
    """One data file of the cache folder."""

    name: str
    bytes: int      # size on disk
    used: bool      # this version of routemap reads it (else an older or newer version left it)


def inventory(used: Iterable[str]) -> list[CacheFile]:
    """The cache's data files, sorted by name; ``used`` names the files this version reads.

    A file counts as the cache's when it is in ``used``, or when routemap built it
    (it is in the manifest, or has a build lock beside it) and it shares a family
    with one of them (the name up to its first ``-``, and the extension): e.g.
    ``marnet-…_net3.npz`` beside this version's ``marnet-…_net5.npz``. Anything
    else in the folder (the manifest, locks, numba's compiled code, files of
    your own, even ones named like routemap's) is never listed, so never removed.
    """
    used = set(used)
    families = {(n.split("-", 1)[0] + "-", os.path.splitext(n)[1]) for n in used}
    base = cache_dir()
    built = set(_manifest())
    out = []
    for p in sorted(base.iterdir()):
        n = p.name
        ours = n in built or (base / (n + ".lock")).exists()
        mine = n in used or (ours and any(n.startswith(f) and n.endswith(ext) for f, ext in families))
        if mine and not n.startswith(".") and n != MANIFEST and p.is_file():
            out.append(CacheFile(n, p.stat().st_size, n in used))
    return out


def remove(names: Iterable[str]) -> int:
    """Delete the cached files ``names`` (each under its build lock) and forget them in the manifest; bytes freed.

    A file another process still has open stays readable to it until it closes it (POSIX). The lock files
    stay (empty; removing one another process waits on would let two processes hold "the" lock).
    """
    from .atomic import atomic_write

    base, freed, gone = cache_dir(), 0, []
    for n in names:
        if os.sep in n or n.startswith(".") or n == MANIFEST:
            raise ValueError(f"{n!r} is not a data file of the cache")
        path = base / n
        with _lock(path), contextlib.suppress(FileNotFoundError):
            size = path.stat().st_size
            path.unlink()
            freed += size
            gone.append(n)
    m = base / MANIFEST
    with _lock(m):
        data = _manifest()
        if any(n in data for n in gone):
            for n in gone:
                data.pop(n, None)
            with atomic_write(m) as f:
                json.dump(data, f, indent=1, sort_keys=True)
    return freed
