"""A briefing folder: the map, a picture, the exports and the checks, written atomically.

``build`` writes every file into a temporary folder beside the target and
swaps it into place only when all files are written, so an interrupted build
leaves the previous briefing intact. An existing folder is replaced only if it
is empty or routemap owns it: ``manifest.json`` lists every file in it with a
matching SHA-256. Anything else is the user's and is never deleted.
"""
from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from geodata.base.cache import sha256_file
from geodata.base.errors import InputError
from routes.verdict import Analysis

MANIFEST = "manifest.json"

#: (file name, what it is) in the order they are written
FILES = (
    ("briefing.html", "offline briefing map"),
    ("briefing.png", "static map for slides"),
    ("case.geojson", "GeoJSON (RFC 7946)"),
    ("case.gpkg", "GeoPackage"),
    ("case.kml", "KML for Google Earth"),
    ("legs.csv", "one row per leg, WKT geometry"),
    ("legs.csvt", "column types of legs.csv for GDAL/QGIS"),
    ("legs.checks.csv", "one row per check with its numbers"),
    ("legs.checks.csvt", "column types of legs.checks.csv"),
    ("checks.md", "claim and plausibility table"),
)


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` wrote: the folder and each file with its size in bytes."""

    folder: Path
    files: tuple[tuple[str, int], ...]


#: foreign_files stops looking after this many (a user's big folder is not walked to the end)
MAX_FOREIGN = 1000


def foreign_files(folder: Path) -> list[str]:
    """Files in ``folder`` that routemap did not write: not listed in its manifest, or changed since.

    A folder is routemap's only when this list is empty. Names are relative to
    ``folder``; a missing or unreadable manifest makes every file foreign. At
    most :data:`MAX_FOREIGN` are returned.
    """
    try:
        listed = {f["name"]: f["sha256"] for f in json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        listed = {}
        has_manifest = False
    else:
        has_manifest = True
    foreign = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if Path(root, d).is_symlink()]:
            p = Path(root, name)
            rel = p.relative_to(folder).as_posix()
            if rel == MANIFEST and has_manifest:
                continue
            if rel not in listed or p.is_symlink() or not p.is_file() or sha256_file(p) != listed[rel]:
                foreign.append(rel)
                if len(foreign) >= MAX_FOREIGN:
                    return foreign
        if root == str(folder):
            foreign.extend(d + "/" for d in dirs if not Path(root, d).is_symlink() and not any(os.scandir(Path(root, d))))
    return foreign


def check_out_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Check the output folder before any work; return the folder to write.

    Its parent must exist and be writable. An existing folder is replaced only
    when routemap owns it (its manifest lists every file in it with matching
    hashes); otherwise the files that are not routemap's are listed and nothing
    is touched. A symbolic link is refused, or with ``--force`` followed (the
    link stays; the folder it points to is written).
    """
    from geodata.base.atomic import check_target

    out = Path(out_dir)
    if out.is_symlink():
        check_target(out, folder=True)  # refuses unless --force
        out = out.resolve()
    parent = out.parent if str(out.parent) else Path(".")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder; choose a folder name for --out")
    if not parent.is_dir():
        raise InputError(f"{out}: folder {parent} does not exist; create it first or choose another --out")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{out}: folder {parent} is not writable; choose another --out")
    if out.is_dir():
        foreign = foreign_files(out)
        if foreign:
            more = f"{len(foreign) - 10}{'+' if len(foreign) >= MAX_FOREIGN else ''}"
            shown = ", ".join(foreign[:10]) + (f" and {more} more" if len(foreign) > 10 else "")
            raise InputError(
                f"{out}: folder holds files routemap did not write (or that changed since): {shown}; "
                f"nothing was deleted. Move them away or choose a new --out"
            )
    return out


def _debris_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.(?:building|old)-(?P<pid>\d+)(?:-.*)?$")


def _parent_lock(parent: Path) -> contextlib.AbstractContextManager[None]:
    """Serialise builds into one parent folder.

    The lock file lives in the cache's ``locks/`` folder (named by a hash of the
    parent's path), never beside the briefing, so it is no one's user data and no
    debris. Without a usable cache or lock, builds go on unserialised.
    """
    from geodata.base.cache import cache_dir
    from geodata.base.errors import DataUnavailable
    from geodata.base.lock import file_lock, folder_lock_path

    try:
        lock_dir = cache_dir() / "locks"
        lock_dir.mkdir(exist_ok=True)
    except (OSError, DataUnavailable):
        return contextlib.nullcontext()
    return file_lock(folder_lock_path(parent, lock_dir),
                     waiting=f"another build is writing into {parent}; waiting for it to finish")


#: the files a second process writes beside the page and the image (when processes can be forked)
EXPORT_FILES = ("case.geojson", "case.gpkg", "case.kml", "legs.csv", "checks.md")
#: from this many routed legs the exports are written in a second process at the same time as the page and image
PARALLEL_WRITE_LEGS = 64


def _write_files(writers: dict[str, Callable[[Path], object]], tmp: Path, bar: Any, *, parallel: bool) -> None:
    """Write every file of :data:`FILES` into ``tmp``: the exports in a forked child while this process writes
    the page and the image (with ``parallel``, where processes can be forked), else one after the other.

    Each writer is deterministic, so the files are the same either way. A child that fails (an error, a
    signal) has its files written again here, so its error is raised exactly as in one process.
    """
    import multiprocessing as mp

    from maps.display import display_cache

    child = None
    here = [n for n, _ in FILES if n in writers]
    try:
        if parallel and "fork" in mp.get_all_start_methods():
            child = mp.get_context("fork").Process(target=_write_in_child, args=(writers, tmp), daemon=True)
            child.start()
            here = [n for n in here if n not in EXPORT_FILES]
        with contextlib.ExitStack() as shared_lines:
            # each leg's display line computed once for the page and the image, dropped after the image
            shared_lines.enter_context(display_cache())
            for name in here:
                _write_one(writers, tmp, name, bar)
                if name == "briefing.png":
                    shared_lines.close()
        if child is not None:
            child.join()
            failed = child.exitcode != 0
            child = None
            for name in EXPORT_FILES:
                if failed:       # write (or fail) here, as in one process
                    _write_one(writers, tmp, name, bar)
                elif bar is not None:
                    bar.update(1)
    finally:
        if child is not None and child.pid is not None:    # this process failed or was interrupted: stop the child
            child.kill()
            child.join()


def _write_one(writers: dict[str, Callable[[Path], object]], tmp: Path, name: str, bar: Any) -> None:
    """Write file ``name`` into ``tmp``, then hand its temporary memory back."""
    from geodata.netcache import trim_heap

    if bar is not None:
        bar.set_postfix_str(name)
    writers[name](tmp / name)
    trim_heap()   # this writer's temporary arrays are freed: give them back before the next one
    if bar is not None:
        bar.update(1)


def _write_in_child(writers: dict[str, Callable[[Path], object]], tmp: Path) -> None:  # pragma: no cover - child
    """Forked child: write :data:`EXPORT_FILES`; exit 0 when all are written, 1 otherwise (never raises)."""
    from geodata.base.workers import worker_signals

    code = 1
    try:
        worker_signals()
        for name in EXPORT_FILES:
            _write_one(writers, tmp, name, None)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent writes these files again and raises the error itself
        code = 1
    finally:
        os._exit(code)


def _writers(analysis: Analysis, banner: str | None) -> dict[str, Callable[[Path], object]]:
    from maps.briefing import write_html
    from maps.checks_md import render_checks_md
    from maps.export import export
    from maps.features import build_features
    from maps.static import render_static

    def checks(p: Path) -> None:
        p.write_text(render_checks_md(analysis), encoding="utf-8")

    shared: dict[str, Any] = {}

    def exporter(fmt: str, last: bool = False) -> Callable[[Path], None]:
        def write(p: Path) -> None:
            # the feature records are built once for the four formats, and dropped after the last
            if "fs" not in shared:
                shared["fs"] = build_features(analysis)
            export(analysis, p, fmt=fmt, features=shared["fs"])
            if last:
                shared.clear()
        return write

    writers: dict[str, Callable[[Path], object]] = {
        "briefing.html": lambda p: write_html(analysis, p, banner=banner),
        "briefing.png": lambda p: render_static(analysis, p, banner=banner),
        "case.geojson": exporter("geojson"),
        "case.gpkg": exporter("gpkg"),
        "case.kml": exporter("kml"),
        "legs.csv": exporter("csv", last=True),
        "checks.md": checks,
    }
    out = {name: _collecting(w) for name, w in writers.items()}
    # written with legs.csv (maps.csvout.sidecars)
    out.update({"legs.csvt": lambda p: None, "legs.checks.csv": lambda p: None, "legs.checks.csvt": lambda p: None})
    return out


def _collecting(write: Callable[[Path], object]) -> Callable[[Path], object]:
    """``write``, then a garbage collection: a writer's objects in reference cycles (matplotlib's figure, the
    page's template context) are freed before the next writer starts, not whenever the collector next runs
    (measured at 1,000 shipments: ~75 MiB after the page and after the image)."""
    def run(path: Path) -> object:
        try:
            return write(path)
        finally:
            gc.collect()
    return run


def build(analysis: Analysis, out_dir: str | os.PathLike[str], *, banner: str | None = None,
          progress: bool = False) -> BuildResult:
    """Write the briefing folder ``out_dir`` for ``analysis``; replace it only when complete.

    Builds into one parent folder run one at a time. Debris of earlier killed
    builds (``.NAME.building-PID-*``, ``.NAME.old-PID``) is removed first.
    """
    from geodata.base.atomic import clean_debris, output_error
    from geodata.netcache import release_networks

    out = check_out_dir(out_dir)
    release_networks()   # routing is done: the outputs never need the networks (frees ~170 MB first)
    parent = out.parent if str(out.parent) else Path(".")
    with _parent_lock(parent):
        clean_debris(parent, _debris_pattern(out.name))
        out = check_out_dir(out)  # another build may have written it while we waited
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=parent))
        except OSError as e:
            raise output_error(out, e) or InputError(f"{out}: cannot create a folder beside it ({e})") from None
        name = MANIFEST
        try:
            writers = _writers(analysis, banner)
            bar = None
            if progress:
                from geodata.base.workers import progress_bar   # the export writer is forked while it runs

                bar = progress_bar(total=len(FILES), desc="writing briefing", unit="file", file=sys.stderr,
                                   leave=False, disable=None)
            _write_files(writers, tmp, bar, parallel=len(analysis.routes) >= PARALLEL_WRITE_LEGS)
            if bar is not None:
                bar.close()
            sizes = [(n, (tmp / n).stat().st_size) for n, _ in FILES]
            name = MANIFEST
            manifest = {
                "title": analysis.case.title,
                "case": analysis.case.path,
                "files": [{"name": n, "bytes": s, "sha256": sha256_file(tmp / n)} for n, s in sizes],
            }
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            _swap_into_place(tmp, out)
        except BaseException as e:
            shutil.rmtree(tmp, ignore_errors=True)
            err = output_error(out / name, e) if isinstance(e, Exception) and not isinstance(e, InputError) else None
            if err is not None:
                raise err from None
            raise
    return BuildResult(out, tuple(sizes))


def _swap_into_place(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``, moving a previous ``out`` aside first and deleting it after."""
    tmp.chmod(0o755)
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
        try:
            os.rename(tmp, out)
        except BaseException:
            os.rename(old, out)  # put the previous briefing back
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, out)
