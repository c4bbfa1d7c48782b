"""Hostile and edge-case runs of the CLI (issue 19), each in a subprocess.

Every run asserts the exit code, the message, that no traceback was printed,
and what is left on disk: output paths that are devices, FIFOs or links; a
full disk (a file-size limit); corrupted caches; oversized, deep or non-UTF-8
inputs; numbers that are not numbers; places measured to themselves; SIGTERM
and kill -9 in the middle of a build.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from geodata import sea
from routes.analysis import demo_case_path

ROUTEMAP = [sys.executable, "-m", "routes.cli"]
DATA = Path(__file__).parent / "data"
CACHE = Path(os.environ.get("ROUTEMAP_CACHE") or Path.home() / ".cache" / "routemap")


def run(args: list[str], cwd: Path, *, env: dict[str, str] | None = None, fsize: int | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run routemap with ``args``; with ``fsize``, no file it writes may grow past that many bytes."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    full_env = {**os.environ, **(env or {})}
    r = subprocess.run([*ROUTEMAP, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
                       preexec_fn=limit if fsize is not None else None, check=False)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def debris(folder: Path) -> list[str]:
    """Hidden temporary entries routemap may leave: .NAME.PID.*.tmp*, .NAME.building-*, .NAME.old-*."""
    return sorted(p.name for p in folder.iterdir() if re.match(r"^\..*(\.tmp|\.building-|\.old-)", p.name))


@pytest.fixture()
def pairs(tmp_path: Path) -> Path:
    p = tmp_path / "pairs.csv"
    p.write_text('from,to\n"42.25,130.28","43.1,131.9"\n', encoding="utf-8")
    return p


# ---------------------------------------------------------------- output paths

def test_a_device_is_refused_and_written_through_only_with_force(tmp_path: Path, pairs: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mknod needs root")
    full = tmp_path / "full"
    os.mknod(full, 0o644 | stat.S_IFCHR, os.makedev(1, 7))   # like /dev/full
    r = run(["distance", "--pairs", str(pairs), "-o", str(full)], tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith(f"routemap: error: {full}: is a device; routemap replaces only regular files. Pass --force")
    r = run(["distance", "--pairs", str(pairs), "-o", str(full), "--force"], tmp_path)
    assert r.returncode == 2 and "the disk is full" in r.stderr          # written through: /dev/full says ENOSPC
    assert stat.S_ISCHR(os.lstat(full).st_mode)                         # never replaced by a regular file
    assert debris(tmp_path) == []


def test_a_fifo_is_refused_and_written_through_with_force(tmp_path: Path, pairs: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = run(["distance", "--pairs", str(pairs), "-o", str(fifo)], tmp_path)
    assert r.returncode == 2 and "is a FIFO" in r.stderr
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    r = run(["distance", "--pairs", str(pairs), "-o", str(fifo), "--force"], tmp_path)
    reader.join(60)
    assert r.returncode == 0, r.stderr
    assert got and got[0].startswith("from,to,from_lat")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_link_is_refused_and_its_file_written_with_force(tmp_path: Path, pairs: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real.name)
    r = run(["distance", "--pairs", str(pairs), "-o", str(link)], tmp_path)
    assert r.returncode == 2 and "is a symbolic link" in r.stderr and real.read_text() == "old"
    r = run(["distance", "--pairs", str(pairs), "-o", str(link), "--force"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and real.read_text().startswith("from,to")
    assert debris(tmp_path) == []


@pytest.mark.parametrize("out", ["out.csv", "out.gpkg", "out.geojson"])
def test_a_full_disk_is_a_message_naming_the_file(tmp_path: Path, pairs: Path, out: str) -> None:
    if out == "out.csv":
        args = ["distance", "--pairs", str(pairs), "-o", out]
    else:
        args = ["export", str(demo_case_path()), "-o", out]
    r = run(args, tmp_path, fsize=200)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"routemap: error: {out}: "), r.stderr
    assert re.search(r"(the disk is full or a file-size limit was reached|a disk I/O error) while writing.*"
                     r"\([\d.,]+ [kMG]?B free in \.\)", r.stderr), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv"]   # nothing half-written, no debris


def test_a_full_disk_during_a_build_leaves_nothing(tmp_path: Path) -> None:
    r = run(["build", str(demo_case_path()), "--out", "b"], tmp_path, fsize=100_000)
    assert r.returncode == 2, r.stderr
    assert re.search(r"routemap: error: b/[a-z.]+: (the disk is full|a disk I/O error)", r.stderr), r.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_denied_write_is_a_message(tmp_path: Path, pairs: Path) -> None:
    r = run(["distance", "--pairs", str(pairs), "-o", "/sys/routemap-test.csv"], tmp_path)
    assert r.returncode == 2
    assert re.match(r"routemap: error: /sys/routemap-test\.csv: (cannot write \(Permission denied\)|folder /sys is not "
                    r"writable)", r.stderr), r.stderr


# ---------------------------------------------------------------- build folders

def test_build_never_deletes_files_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "b"
    out.mkdir()
    (out / "manifest.json").write_text("{}")
    (out / "thesis.docx").write_text("mine")
    r = run(["build", str(demo_case_path()), "--out", str(out)], tmp_path)
    assert r.returncode == 2
    assert "holds files routemap did not write (or that changed since): manifest.json, thesis.docx; nothing was deleted" in r.stderr
    assert (out / "thesis.docx").read_text() == "mine"
    assert debris(tmp_path) == []


def test_build_refuses_a_link_and_follows_it_with_force(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    link = tmp_path / "link"
    link.symlink_to("real")
    r = run(["build", str(demo_case_path()), "--out", str(link)], tmp_path)
    assert r.returncode == 2 and "is a symbolic link; routemap replaces only regular folders" in r.stderr
    r = run(["build", str(demo_case_path()), "--out", str(link), "--force", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and (tmp_path / "real" / "manifest.json").is_file()
    assert debris(tmp_path) == []


def _start_build(tmp_path: Path, out: Path) -> tuple[subprocess.Popen[str], str]:
    p = subprocess.Popen([*ROUTEMAP, "build", str(demo_case_path()), "--out", str(out)], cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:   # until the build folder exists (routing done, files being written)
        found = [n for n in os.listdir(tmp_path) if n.startswith(f".{out.name}.building-")]
        if found or p.poll() is not None:
            return p, found[0] if found else ""
        time.sleep(0.01)
    p.kill()
    raise AssertionError("the build never started writing")


def test_sigterm_mid_build_cleans_up_and_keeps_the_previous_folder(tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert run(["build", str(demo_case_path()), "--out", str(out), "--json"], tmp_path).returncode == 0
    before = (out / "manifest.json").read_text()
    p, building = _start_build(tmp_path, out)
    assert building, "the build finished before it could be interrupted"
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=120)
    assert "Traceback" not in err
    if p.returncode == 0:    # it finished between the check and the signal: still no debris
        assert debris(tmp_path) == []
        return
    assert p.returncode == 143, err
    assert "routemap: stopped by a signal" in err
    assert debris(tmp_path) == [] and (out / "manifest.json").read_text() == before


def test_debris_of_a_killed_build_is_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "b"
    p, building = _start_build(tmp_path, out)
    p.kill()
    p.communicate(timeout=60)
    if building:
        assert (tmp_path / building).exists()
    r = run(["build", str(demo_case_path()), "--out", str(out), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert debris(tmp_path) == []
    assert json.loads(r.stdout)["out"] == str(out)


def test_concurrent_builds_into_one_folder_are_serialised(tmp_path: Path) -> None:
    out = tmp_path / "b"
    procs = [subprocess.Popen([*ROUTEMAP, "build", str(demo_case_path()), "--out", str(out), "--json"], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    assert debris(tmp_path) == [] and (out / "manifest.json").is_file()


# ---------------------------------------------------------------- caches

def _cache_copy(tmp_path: Path, damaged: str) -> Path:
    """A cache folder of links to the real cache, with a real copy of the entries starting with ``damaged``."""
    c = tmp_path / "cache"
    c.mkdir()
    for f in CACHE.iterdir():
        if f.name.endswith(".lock"):
            continue
        if f.name.startswith(damaged) or f.name == "manifest.json":
            shutil.copy(f, c / f.name)
        else:
            (c / f.name).symlink_to(f)
    return c


@pytest.mark.parametrize("damage", ["empty", "flipped byte", "garbage"])
def test_a_corrupted_network_cache_is_rebuilt_once_with_a_notice(tmp_path: Path, damage: str) -> None:
    assert run(["route", "1,103.9", "22.3,114.2", "--mode", "sea"], tmp_path).returncode == 0  # the real cache exists
    c = _cache_copy(tmp_path, "marnet-")
    npz = c / sea.cache_file().name  # the network itself, by this version's name (a shared cache keeps older formats' files)
    data = bytearray(npz.read_bytes())
    if damage == "empty":
        data = bytearray()
    elif damage == "flipped byte":
        data[len(data) // 2] ^= 0xFF
    else:
        data = bytearray(b"not a zip file")
    npz.write_bytes(bytes(data))
    r = run(["route", "1,103.9", "22.3,114.2", "--mode", "sea"], tmp_path, env={"ROUTEMAP_CACHE": str(c)})
    assert r.returncode == 0, r.stderr
    assert f"routemap: notice: the cached marnet sea network {npz} is damaged" in r.stderr
    assert "rebuilding it" in r.stderr and "by sea" in r.stdout
    again = run(["route", "1,103.9", "22.3,114.2", "--mode", "sea"], tmp_path, env={"ROUTEMAP_CACHE": str(c)})
    assert again.returncode == 0 and "damaged" not in again.stderr and again.stdout == r.stdout


def test_an_unusable_cache_location_is_a_message(tmp_path: Path) -> None:
    r = run(["geocode", "Najin"], tmp_path, env={"ROUTEMAP_CACHE": "/proc/routemap"})
    assert r.returncode == 2
    assert "routemap: error: cannot create the cache folder /proc/routemap" in r.stderr
    assert "set ROUTEMAP_CACHE to a writable folder" in r.stderr


# ---------------------------------------------------------------- bounded inputs

def test_hostile_geojson_inputs(tmp_path: Path) -> None:
    deep = tmp_path / "deep.geojson"
    deep.write_text("[" * 100_000)
    r = run(["distance", "1,1", "--to-file", str(deep)], tmp_path)
    assert r.returncode == 2 and "nested too deeply to read" in r.stderr
    r = run(["distance", "1,1", "--to-file", "/dev/zero"], tmp_path)
    assert r.returncode == 2 and "/dev/zero: is not a regular file" in r.stderr
    big = tmp_path / "big.geojson"
    big.write_text(json.dumps({"type": "LineString", "coordinates": [[1.0, 2.0]] * 2000}))
    r = run(["distance", "1,1", "--to-file", str(big)], tmp_path, env={"ROUTEMAP_MAX_INPUT_MB": "0.01"})
    assert r.returncode == 2 and "over the limit of 0 MB; split it, or set ROUTEMAP_MAX_INPUT_MB" in r.stderr


def test_a_yaml_alias_bomb_gazetteer_is_refused_with_a_short_message(tmp_path: Path) -> None:
    r = run(["distance", "Najin", "Dunay", "--gazetteer", str(DATA / "bad" / "alias-bomb.yaml")], tmp_path)
    assert r.returncode == 2 and len(r.stderr) < 1000
    assert "alias bomb" in r.stderr


def test_pairs_that_are_not_utf8_or_not_numbers(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_bytes(b'from,to\n"0,nan","1,1"\n"1,2","3,4"\n\xff\xfe,"1,1"\n')
    r = run(["distance", "--pairs", str(src), "-o", "o.csv"], tmp_path)
    assert r.returncode == 2 and not (tmp_path / "o.csv").exists()
    assert f"{src}:2: coordinates '0,nan': not a number" in r.stderr
    assert f"{src}:4: not UTF-8 text (byte 0xff)" in r.stderr
    r = run(["distance", "--pairs", str(src), "-o", "o.csv", "--skip-bad"], tmp_path)
    assert r.returncode == 0 and "1 pairs written" in r.stdout
    coords = tmp_path / "c.csv"
    coords.write_text("from_lat,from_lon,to_lat,to_lon\nnan,1,2,3\ninf,1,2,3\n")
    r = run(["distance", "--pairs", str(coords), "-o", "o2.csv"], tmp_path)
    assert r.returncode == 2 and r.stderr.count("are not numbers (nan or inf)") == 2


@pytest.mark.parametrize("args", [["distance", "--", "0,nan", "0,0"], ["geocode", "NaN,NaN"],
                                  ["route", "inf,1", "2,2"]])
def test_nan_coordinates_are_errors_not_places(tmp_path: Path, args: list[str]) -> None:
    r = run(args, tmp_path)
    assert r.returncode == 2 and "not a number (nan or inf)" in r.stderr, r.stderr


# ---------------------------------------------------------------- countries, degenerate geometry

def test_country_codes(tmp_path: Path) -> None:
    r = run(["distance", "45,40", "--to-border", "-99"], tmp_path)
    assert r.returncode == 2 and "'-99' is not a country code" in r.stderr
    r = run(["distance", "45,40", "--to-border", "TW"], tmp_path)
    assert r.returncode == 0 and "TW (Taiwan)" in r.stdout
    r = run(["distance", "60.1,19.9", "--to-border", "AX"], tmp_path)
    assert r.returncode == 0 and "AX (Åland)" in r.stdout


def test_a_place_to_itself(tmp_path: Path) -> None:
    r = run(["distance", "Najin", "Najin"], tmp_path)
    assert r.returncode == 0 and "Najin → Najin: 0 km; the same place, so no bearing" in r.stdout
    r = run(["route", "Najin", "Najin", "--mode", "sea", "--json"], tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout)["length_km"] == 0.0
    r = run(["check", str(DATA / "hostile" / "same-place.yaml"), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert {v["id"]: v["verdict"] for v in json.loads(r.stdout)["verdicts"]} == {
        "self-south": "cannot check", "self-distance": "cannot check", "loop-speed": "cannot check",
        "plausibility:loop/1": "cannot check"}


def test_a_short_open_water_hop_uses_the_direct_line(tmp_path: Path) -> None:
    r = run(["route", "0,179.8", "0,179.99", "--mode", "sea", "--json"], tmp_path)
    assert r.returncode == 0
    data: dict[str, Any] = json.loads(r.stdout)
    # the geodesic is 21.2 km: the repaired lanes' seam shortcuts (issue 14) now give 23.4 km, not 754 km; where
    # the lanes make a detour of more than 3x, the direct line is used and says so (tests/test_routing.py)
    geodesic_km = 21.15
    assert data["length_km"] < 1.2 * geodesic_km
    assert data["length_km"] < 3 * geodesic_km or any("the direct line over open water" in w for w in data["warnings"])


# ---------------------------------------------------------------- --json errors, start-up

def test_json_errors_are_json_on_stdout(tmp_path: Path) -> None:
    r = run(["check", str(DATA / "bad" / "bad-date.yaml"), "--json"], tmp_path)
    assert r.returncode == 2
    err = json.loads(r.stdout)
    assert err["file"] == str(DATA / "bad" / "bad-date.yaml") and isinstance(err["line"], int)
    assert err["error"] in r.stderr and err["exit_code"] == 2


def test_ctrl_c_during_start_up_is_not_a_traceback(tmp_path: Path) -> None:
    code = "import sys; from routes import main; sys.argv[1:] = ['distance', 'Najin', 'Dunay']; sys.exit(main())"
    p = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    time.sleep(0.3)   # when exactly does not matter: any moment must end cleanly
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert "Traceback" not in err
    assert p.returncode in (0, 130, -signal.SIGINT), err


# ---------------------------------------------------------------- import

def test_import_of_a_projected_layer_round_trips_and_writes_nothing_beside_it(tmp_path: Path) -> None:
    import geopandas as gpd

    src = tmp_path / "in"
    src.mkdir()
    assert run(["export", str(demo_case_path()), "-o", str(src / "case.gpkg")], tmp_path).returncode == 0
    merc = src / "merc.gpkg"
    for layer in ("legs", "places"):
        gpd.read_file(src / "case.gpkg", layer=layer).to_crs(3857).to_file(merc, layer=layer, driver="GPKG")
    before = sorted(p.name for p in src.iterdir())
    r = run(["import", str(merc), "-o", "case.yaml"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in src.iterdir()) == before          # no .aux.xml beside the input
    r = run(["validate", "case.yaml", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    r = run(["import", str(merc), "-o", "small.yaml"], tmp_path, env={"ROUTEMAP_MAX_INPUT_MB": "0.01"})
    assert r.returncode == 2 and "over the limit" in r.stderr and not (tmp_path / "small.yaml").exists()


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`routemap geocode … | head -c 10`: the closed pipe ends routemap quietly (exit 0, nothing on stderr)."""
    p = subprocess.Popen([*ROUTEMAP, "geocode", *["Najin"] * 3000], cwd=tmp_path, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.read(10)   # far less than 3,000 answers (~400 kB), which fill the pipe and block
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=300) == 0, err
    assert err == ""
