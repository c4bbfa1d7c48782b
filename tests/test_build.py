"""routemap build / demo: the whole briefing folder, written atomically."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from maps.build import FILES, MANIFEST
from routes.analysis import demo_case_path
from routes.cli import cli

ROUTEMAP = [sys.executable, "-m", "routes.cli"]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "briefing"
    r = subprocess.run([*ROUTEMAP, "demo", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return out


def test_demo_writes_every_file(demo_dir: Path) -> None:
    names = sorted(p.name for p in demo_dir.iterdir())
    assert names == sorted([n for n, _ in FILES] + [MANIFEST])
    for name, _ in FILES:
        assert (demo_dir / name).stat().st_size > 0, name
    manifest = json.loads((demo_dir / MANIFEST).read_text())
    assert [f["name"] for f in manifest["files"]] == [n for n, _ in FILES]
    assert not [p for p in demo_dir.parent.iterdir() if p.name.startswith(".")], "temporary folders left behind"


def test_demo_checks_name_the_claims(demo_dir: Path) -> None:
    md = (demo_dir / "checks.md").read_text()
    for claim in ("vlad-pyongyang-mi", "vlad-north", "depot-border", "trucks-rate", "angara-rail-speed"):
        assert claim in md


def test_build_summary_and_json(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["build", str(demo_case_path()), "--out", str(tmp_path / "b"), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["shipments"] == 6
    assert {f["name"] for f in data["files"]} == {n for n, _ in FILES}
    assert set(data["km_by_mode"]) == {"rail", "road", "sea"}


def test_strict_build_exits_1_when_a_claim_fails(tmp_path: Path) -> None:
    # the demo's "Vladivostok is north of Pyongyang" claim is inconsistent (it is north-east)
    r = CliRunner().invoke(cli, ["build", str(demo_case_path()), "--out", str(tmp_path / "b"), "--strict"])
    assert r.exit_code == 1, r.output
    assert "inconsistent: vlad-north" in r.output


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "important.txt").write_text("keep me")
    r = CliRunner().invoke(cli, ["build", str(demo_case_path()), "--out", str(mine)])
    assert r.exit_code == 2
    assert r.output.strip() == (
        f"routemap: error: {mine}: folder holds files routemap did not write (or that changed since): "
        "important.txt; nothing was deleted. Move them away or choose a new --out"
    )
    assert (mine / "important.txt").read_text() == "keep me"


def test_missing_parent_folder(tmp_path: Path) -> None:
    out = tmp_path / "nope" / "b"
    r = CliRunner().invoke(cli, ["build", str(demo_case_path()), "--out", str(out)])
    assert r.exit_code == 2
    assert f"folder {out.parent} does not exist" in r.output
    assert not out.parent.exists()


def test_interrupted_build_leaves_previous_outputs_intact(demo_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in demo_dir.iterdir()}
    proc = subprocess.Popen([*ROUTEMAP, "demo", "--out", str(demo_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    building = None
    while time.monotonic() < deadline and proc.poll() is None:
        building = next((p for p in demo_dir.parent.iterdir() if ".building-" in p.name), None)
        if building is not None and any(building.iterdir()):
            break
        time.sleep(0.02)
    assert building is not None and proc.poll() is None, "the build finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = {p.name: p.read_bytes() for p in demo_dir.iterdir()}
    assert after == before
    for stale in demo_dir.parent.iterdir():  # a killed process cannot clean up: its temp folder is the only trace
        if ".building-" in stale.name:
            import shutil
            shutil.rmtree(stale)


def _demo_analysis():
    from routes.analysis import analyze
    from routes.casefile import load_case

    return analyze(load_case(demo_case_path()))


def test_exports_written_in_a_second_process_are_the_same_bytes(tmp_path: Path) -> None:
    """The page and image here, the exports in a forked child: the same files as one after the other."""
    from maps.build import EXPORT_FILES, _write_files, _writers

    analysis = _demo_analysis()
    folders = []
    for parallel in (False, True):
        folder = tmp_path / f"parallel-{parallel}"
        folder.mkdir()
        writers = _writers(analysis, None)
        md = writers["checks.md"]

        def checks_md(p: Path, md=md) -> None:        # notes which process wrote it
            md(p)
            (p.parent.parent / f"pid-{p.parent.name}").write_text(str(os.getpid()))

        writers["checks.md"] = checks_md
        _write_files(writers, folder, None, parallel=parallel)
        folders.append(folder)
        writer_pid = int((tmp_path / f"pid-{folder.name}").read_text())
        assert (writer_pid != os.getpid()) == parallel
    names = [n for n, _ in FILES]
    assert sorted(p.name for p in folders[0].iterdir()) == sorted(names)
    assert set(EXPORT_FILES) < set(names)
    for n in names:
        assert (folders[0] / n).read_bytes() == (folders[1] / n).read_bytes(), n


def test_an_export_failing_in_the_second_process_raises_here(tmp_path: Path) -> None:
    from maps.build import _write_files, _writers

    writers = _writers(_demo_analysis(), None)

    def broken(p: Path) -> None:
        raise OSError(28, "No space left on device", str(p))

    writers["case.kml"] = broken
    with pytest.raises(OSError, match="No space left on device"):
        _write_files(writers, tmp_path, None, parallel=True)
    assert (tmp_path / "case.geojson").exists()      # written before the failing one (here, the second time)
