"""geodata.base.cache: derived files built once, and a clear error when the cache cannot be written."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from geodata.base import cache
from geodata.base.errors import DataUnavailable


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


def _json_builder(calls: list[str]) -> Callable[[Path], None]:
    def builder(p: Path) -> None:
        calls.append(p.name)
        p.write_text('{"ok": true}')

    return builder


def _json_loader(p: Path) -> dict:
    import json

    return json.loads(p.read_text())


def test_a_damaged_cache_file_is_rebuilt_once_with_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ROUTEMAP_CACHE", str(tmp_path))
    calls: list[str] = []
    assert cache.load_cached("d.json", _json_builder(calls), _json_loader, "test data") == {"ok": True}
    manifest = (tmp_path / cache.MANIFEST).read_text()
    assert '"d.json"' in manifest and "sha256" in manifest
    (tmp_path / "d.json").write_text('{"ok": 1.00}')         # same size, another checksum
    assert cache.damage(tmp_path / "d.json") == "its SHA-256 does not match the manifest"
    assert cache.load_cached("d.json", _json_builder(calls), _json_loader, "test data") == {"ok": True}
    assert len(calls) == 2
    assert f"routemap: notice: the cached test data {tmp_path / 'd.json'} is damaged" in capsys.readouterr().err


def test_a_cache_file_that_fails_after_its_rebuild_is_an_error_naming_it(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTEMAP_CACHE", str(tmp_path))

    def bad_builder(p: Path) -> None:
        p.write_text("not json")

    with pytest.raises(DataUnavailable, match=r"the cached test data .*e\.json is unusable even after rebuilding it"):
        cache.load_cached("e.json", bad_builder, _json_loader, "test data")


def test_a_cache_folder_that_cannot_be_written_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTEMAP_CACHE", "/proc")
    with pytest.raises(DataUnavailable, match=r"cannot write the cache file /proc/f\.json .*set ROUTEMAP_CACHE"):
        cache.build_once("f.json", lambda p: p.write_text("x"))


def test_inventory_tells_this_versions_files_from_those_an_upgrade_left(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTEMAP_CACHE", str(tmp_path))
    now = cache.build_once("marnet-searoute-2.0_net5.npz", lambda p: p.write_bytes(b"new"))
    old = cache.build_once("marnet-searoute-1.0_net3.npz", lambda p: p.write_bytes(b"older"))
    for mine in ("notes.txt", "marnet-notes.txt", ".marnet-x.npz.1.tmp.npz", "marnet-my-own.npz"):   # never listed
        (tmp_path / mine).write_text("keep")
    (tmp_path / "numba").mkdir()
    files = cache.inventory([now.name, "rail-absent_net5.npz"])
    assert files == [cache.CacheFile(old.name, 5, False), cache.CacheFile(now.name, 3, True)]
    assert cache.remove([old.name]) == 5
    assert not old.exists() and now.read_bytes() == b"new"
    assert list(cache._manifest()) == [now.name]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [
        ".marnet-x.npz.1.tmp.npz", "manifest.json", "marnet-my-own.npz", "marnet-notes.txt", now.name, "notes.txt",
        "numba"]
    assert cache.remove([old.name]) == 0                                   # already gone: nothing to do
    with pytest.raises(ValueError, match="not a data file of the cache"):
        cache.remove(["../notes.txt"])
