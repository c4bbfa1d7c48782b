"""geodata.cache: derived files built once, and a clear error when the cache cannot be written."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geodata import cache
from geodata.errors import DataUnavailable


def test_build_once_builds_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTEMAP_CACHE", str(tmp_path / "c"))
    calls = []

    def builder(p: Path) -> None:
        calls.append(p)
        p.write_text("data")

    first = cache.build_once("x.txt", builder)
    second = cache.build_once("x.txt", builder)
    assert first == second and first.read_text() == "data"
    assert len(calls) == 1


def test_failed_build_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTEMAP_CACHE", str(tmp_path))

    def builder(p: Path) -> None:
        p.write_text("half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        cache.build_once("y.txt", builder)
    assert not (tmp_path / "y.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


def test_unwritable_cache_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("ROUTEMAP_CACHE", str(blocker / "sub"))
    with pytest.raises(DataUnavailable, match=r"cannot create the cache folder .*; set ROUTEMAP_CACHE to a writable folder"):
        cache.cache_dir()


def test_cli_reports_unwritable_cache_without_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    env = {"ROUTEMAP_CACHE": str(blocker / "sub"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "routes.cli", "geocode", "Xqzzyville"], capture_output=True, text=True, env=env)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "set ROUTEMAP_CACHE to a writable folder" in r.stderr
