"""``routemap cache``: lists the cache folder, tells this version's files from older ones, --prune removes those."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from routes.cli.cache import used_names

ROUTEMAP = [sys.executable, "-m", "routes.cli"]


def _run(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ROUTEMAP, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "ROUTEMAP_CACHE": str(cache)})


def test_used_names_are_one_per_cache_file_and_real_names() -> None:
    names = used_names()
    assert len(names) == len(set(names)) == 14
    assert all("/" not in n and "-" in n and not n.startswith(".") for n in names)
    assert any(n.startswith("gazetteer-") and n.endswith(".sqlite") for n in names)


def test_cache_lists_and_prunes_only_what_this_version_does_not_use(tmp_path: Path) -> None:
    current = used_names()[0]
    (tmp_path / current).write_bytes(b"x" * 2_000_000)
    family = current.split("-", 1)[0]
    stale = f"{family}-from-an-older-version_v0{Path(current).suffix}"
    (tmp_path / stale).write_bytes(b"y" * 1_000_000)
    (tmp_path / (stale + ".lock")).touch()                                 # routemap built it (its build lock)
    yours = f"{family}-my-own-analysis{Path(current).suffix}"               # named like it, but not routemap's
    (tmp_path / yours).write_bytes(b"z")
    (tmp_path / "my-notes.txt").write_text("not routemap's")
    r = _run(["cache"], tmp_path)
    assert r.returncode == 0, r.stderr
    rows = [f"  {'in use':<7}{'2.0 MB':>12}  {current}", f"  {'unused':<7}{'1.0 MB':>12}  {stale}"]
    rows.sort(key=lambda s: s.split()[-1])                                 # by file name
    assert r.stdout.splitlines() == [
        f"cache folder {tmp_path}: 3.0 MB in 2 files", *rows,
        "1 file (1.0 MB) is not used by this version of routemap; `routemap cache --prune` removes it",
    ]
    r = _run(["cache", "--prune", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"folder": str(tmp_path), "files": [{"name": current, "bytes": 2_000_000, "used": True}],
                                    "removed": [stale], "freed_bytes": 1_000_000}
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == sorted([current, "my-notes.txt", yours])
    r = _run(["cache", "--prune"], tmp_path)
    assert r.stdout.splitlines()[-1] == "removed 0 files not used by this version (0.0 MB)"
    assert "unused" not in _run(["cache"], tmp_path).stdout
