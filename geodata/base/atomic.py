"""Atomic file output: write to a temporary file in the target folder, then rename.

A reader never sees a half-written file, and an interrupted write leaves the
previous file intact. Only regular files are replaced: a device, FIFO, socket
or symbolic link at the output path is refused, unless the user passed
``--force`` (:func:`forcing`), and then the finished output is written through
it (``/dev/stdout``, a named pipe, the file a link points to) without replacing
it. Temporary names carry the writer's PID, so debris of a killed run is
recognised and removed by the next write to the same path.
"""
from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, Iterator

from .errors import InputError, OutputError

#: debris of an earlier run is removed when its PID is gone or it is older than this (seconds)
STALE_AFTER_S = 24 * 3600

_FORCE: contextvars.ContextVar[bool] = contextvars.ContextVar("routemap_force", default=False)


@contextlib.contextmanager
def forcing(force: bool = True) -> Iterator[None]:
    """Within the block, write through special output targets (devices, FIFOs, links) instead of refusing."""
    token = _FORCE.set(force)
    try:
        yield
    finally:
        _FORCE.reset(token)


def special_kind(path: str | os.PathLike[str]) -> str | None:
    """What non-regular thing is at ``path`` ("symbolic link", "device", "FIFO", "socket"), or None.

    >>> special_kind("/dev/null")
    'device'
    >>> special_kind("/nonexistent/file") is None
    True
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    return None


def check_target(path: str | os.PathLike[str], *, folder: bool = False) -> str | None:
    """Refuse a special output target unless forcing; return its kind when it is written through.

    With ``folder``, the target is an output folder: a link to a folder is then
    followed under ``--force``.
    """
    kind = special_kind(path)
    if kind is None:
        return None
    if not _FORCE.get():
        raise OutputError(
            f"{path}: is a {kind}; routemap replaces only regular {'folders' if folder else 'files'}. "
            f"Pass --force to write through it (it is not replaced), or choose a regular file name", os.fspath(path)
        )
    if kind == "symbolic link" and Path(path).is_dir() and not folder:
        raise OutputError(f"{path}: is a link to a folder; give a file name inside it", os.fspath(path))
    return kind


def check_writable(path: str | os.PathLike[str], *, inputs: tuple[str | os.PathLike[str], ...] = ()) -> Path:
    """Check an output path before any work is done; return it as a Path.

    Raises InputError when the folder does not exist or is not writable, when the
    path is a directory, when it is one of ``inputs``, or when it is a device,
    FIFO, socket or link and ``--force`` was not given.
    """
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if p.is_dir() and not p.is_symlink():
        raise InputError(f"{p}: is a directory; give a file name, e.g. {p / 'out'}")
    for src in inputs:
        with contextlib.suppress(OSError):
            if Path(src).resolve() == p.resolve():
                raise InputError(f"{p}: the output path is the input file; choose another name so the input is not overwritten")
    kind = check_target(p)
    if kind is not None:
        return p  # written through: the folder need not be writable
    if not folder.is_dir():
        raise InputError(f"{p}: folder {folder} does not exist; create it first or choose another path")
    if not os.access(folder, os.W_OK):
        raise InputError(f"{p}: folder {folder} is not writable; choose another path")
    return p


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (on this machine)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(path: Path, pid: int) -> bool:
    """Debris ``path`` of process ``pid`` is stale when that process is gone or the file is old."""
    if pid == os.getpid():
        return False
    try:
        age = time.time() - os.lstat(path).st_mtime
    except OSError:
        return False
    return not pid_alive(pid) or age > STALE_AFTER_S


def clean_debris(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """Remove entries of ``folder`` whose names match ``pattern`` (group ``pid``) and are stale; return them."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            m = pattern.match(entry.name)
            if not m or not is_stale(Path(entry.path), int(m["pid"])):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _tmp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp.*$")


def free_space(folder: str | os.PathLike[str]) -> str:
    """Free space on the file system holding ``folder``, for messages (e.g. "12.3 MB free"); "" if unknown."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if free >= size:
            return f"{free / size:,.1f} {unit} free"
    return f"{free} bytes free"


_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def output_error(target: Path, exc: BaseException) -> OutputError | None:
    """An OutputError explaining why writing ``target`` failed with ``exc``, or None if it is not an I/O failure.

    I/O failures are OSErrors, sqlite errors and GDAL (pyogrio) errors: a full
    disk, a file-size limit, a denied permission, a read-only file system.
    """
    import sqlite3

    folder = target.parent if str(target.parent) else Path(".")
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 8:
        chain.append(e)
        e = e.__cause__ or e.__context__
    os_err = next((c for c in chain if isinstance(c, OSError) and c.errno is not None), None)
    text = " ".join(str(c) for c in chain).lower()
    full = (os_err is not None and os_err.errno in _FULL) or any(
        w in text for w in ("no space", "disk is full", "disk full", "file too large", "quota"))
    if full:
        space = free_space(folder)
        return OutputError(f"{target}: the disk is full or a file-size limit was reached while writing"
                           f"{' (' + space + ' in ' + str(folder) + ')' if space else ''}; "
                           "free some space or choose another folder. Nothing was replaced", str(target))
    if "disk i/o error" in text:  # SQLite (GeoPackage) reports a full disk or a size limit this way
        space = free_space(folder)
        return OutputError(f"{target}: a disk I/O error while writing; is the disk full or a file-size limit reached?"
                           f"{' (' + space + ' in ' + str(folder) + ')' if space else ''} Nothing was replaced",
                           str(target))
    if os_err is not None and os_err.errno in _DENIED:
        return OutputError(f"{target}: cannot write ({os_err.strerror}); choose a folder you may write to", str(target))
    if os_err is not None or isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("pyogrio"):
        reason = (os_err.strerror or str(exc)) if os_err is not None else str(exc)
        reason = reason if len(reason) <= 300 else reason[:300] + "…"
        return OutputError(f"{target}: writing failed ({reason}); nothing was replaced", str(target))
    return None


def _remove_tmp(tmp: Path) -> None:
    """Remove a temporary output and its side files (a GeoPackage's -journal, -wal, -shm)."""
    for p in [tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))]:
        with contextlib.suppress(OSError):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()


def _copy_through(tmp: Path, target: Path) -> None:
    """Write the bytes of ``tmp`` into ``target`` without replacing it (a device, FIFO or a link's file)."""
    with open(tmp, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` on success.

    The temporary file keeps the target's extension (GDAL picks drivers by it).
    On any exception the temporary file is removed and ``path`` is untouched.
    A special target (see :func:`check_target`) is refused, or with ``--force``
    written through. A full disk or a denied write is an :class:`OutputError`
    naming the file and the free space.
    """
    target = Path(path)
    through = check_target(target)
    folder = target.parent if str(target.parent) else Path(".")
    if through is not None:
        folder = Path(tempfile.gettempdir())  # the target's folder may be /dev or read-only
    else:
        clean_debris(folder, _tmp_pattern(target.name))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.",
                                   suffix=suffix if suffix is not None else ".tmp" + target.suffix, dir=folder)
    except OSError as e:
        raise output_error(target, e) or OutputError(f"{target}: cannot write ({e})") from None
    os.close(fd)
    tmp_path = Path(tmp)
    tmp_path.unlink()  # writers such as GDAL want to create the file themselves
    try:
        yield tmp_path
        if through is not None:
            _copy_through(tmp_path, target)
            _remove_tmp(tmp_path)
        else:
            os.replace(tmp_path, target)
    except BaseException as e:
        _remove_tmp(tmp_path)
        if isinstance(e, Exception) and not isinstance(e, OutputError):
            err = output_error(target, e)
            if err is not None:
                raise err from None
        raise


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file for writing; rename it over ``path`` when the block succeeds.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(d / "x.txt") as f:
    ...     _ = f.write("hello")
    >>> (d / "x.txt").read_text()
    'hello'
    """
    if "b" in mode:
        encoding = None
    with atomic_path(path) as tmp, open(tmp, mode, encoding=encoding, newline=newline) as f:
        yield f
        f.flush()
        os.fsync(f.fileno())
