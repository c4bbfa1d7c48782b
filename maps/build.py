"""A briefing folder: the map, a picture, the exports and the checks, written atomically.

``build`` writes every file into a temporary folder beside the target and
swaps it into place only when all files are written, so an interrupted build
leaves the previous briefing intact. An existing folder is replaced only if it
is empty or was written by routemap (it holds ``manifest.json``).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from geodata.errors import InputError
from routes.model import Analysis

MANIFEST = "manifest.json"

#: (file name, what it is) in the order they are written
FILES = (
    ("briefing.html", "offline briefing map"),
    ("briefing.png", "static map for slides"),
    ("case.geojson", "GeoJSON (RFC 7946)"),
    ("case.gpkg", "GeoPackage"),
    ("case.kml", "KML for Google Earth"),
    ("legs.csv", "one row per leg, WKT geometry"),
    ("checks.md", "claim and plausibility table"),
)


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` wrote: the folder and each file with its size in bytes."""

    folder: Path
    files: tuple[tuple[str, int], ...]


def check_out_dir(out_dir: str | os.PathLike[str]) -> Path:
    """Check the output folder before any work: its parent exists and it may be replaced."""
    out = Path(out_dir)
    parent = out.parent if str(out.parent) else Path(".")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder; choose a folder name for --out")
    if not parent.is_dir():
        raise InputError(f"{out}: folder {parent} does not exist; create it first or choose another --out")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{out}: folder {parent} is not writable; choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise InputError(
            f"{out}: folder exists, is not empty and was not written by routemap build; "
            f"choose a new --out so nothing of yours is replaced"
        )
    return out


def _writers(analysis: Analysis, banner: str | None) -> dict[str, Callable[[Path], None]]:
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

    return {
        "briefing.html": lambda p: write_html(analysis, p, banner=banner),
        "briefing.png": lambda p: render_static(analysis, p, banner=banner),
        "case.geojson": exporter("geojson"),
        "case.gpkg": exporter("gpkg"),
        "case.kml": exporter("kml"),
        "legs.csv": exporter("csv", last=True),
        "checks.md": checks,
    }


def build(analysis: Analysis, out_dir: str | os.PathLike[str], *, banner: str | None = None,
          progress: bool = False) -> BuildResult:
    """Write the briefing folder ``out_dir`` for ``analysis``; replace it only when complete."""
    from geodata.graph import release_networks, trim_heap

    out = check_out_dir(out_dir)
    release_networks()   # routing is done: the outputs never need the networks (frees ~170 MB first)
    parent = out.parent if str(out.parent) else Path(".")
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=parent))
    try:
        writers = _writers(analysis, banner)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(FILES), desc="writing briefing", unit="file", file=sys.stderr, leave=False, disable=None)
        sizes = []
        for name, _ in FILES:
            if bar is not None:
                bar.set_postfix_str(name)
            writers[name](tmp / name)
            trim_heap()   # this writer's temporary arrays are freed: give them back before the next one
            sizes.append((name, (tmp / name).stat().st_size))
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        manifest = {
            "title": analysis.case.title,
            "case": analysis.case.path,
            "files": [
                {"name": n, "bytes": s, "sha256": _sha256(tmp / n)}
                for n, s in sizes
            ],
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _swap_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(out, tuple(sizes))


def _sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks (a big export is never held in memory to hash it)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _swap_into_place(tmp: Path, out: Path) -> None:
    """Rename ``tmp`` to ``out``, moving a previous ``out`` aside first and deleting it after."""
    tmp.chmod(0o755)
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
        os.rename(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, out)
