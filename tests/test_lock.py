"""geodata.base.lock: one process at a time holds a lock, tested with real processes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from geodata.base.lock import file_lock, folder_lock_path

HOLDER = """
import sys, time
from pathlib import Path
from geodata.base.lock import file_lock
lock, log, go = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
with file_lock(lock, waiting="waiting for the lock"):
    with open(log, "a") as f:
        f.write("in\\n")
    go.touch()
    while Path(str(go) + ".release").exists() is False and sys.argv[4] == "hold":
        time.sleep(0.01)
    with open(log, "a") as f:
        f.write("out\\n")
"""


def _run(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", HOLDER, *args], stderr=subprocess.PIPE, text=True,
                            env=None)


def test_two_processes_take_turns(tmp_path: Path) -> None:
    lock, log, go = tmp_path / "x.lock", tmp_path / "log", tmp_path / "go"
    first = _run(str(lock), str(log), str(go), "hold")
    while not go.exists():  # the first process holds the lock
        assert first.poll() is None
    second = _run(str(lock), str(log), str(tmp_path / "go2"), "quick")
    # the second one says it waits, and cannot enter before the first one leaves
    assert second.stderr is not None
    assert second.stderr.readline() == "routemap: waiting for the lock\n"
    assert log.read_text() == "in\n"
    Path(str(go) + ".release").touch()
    assert first.wait(60) == 0 and second.wait(60) == 0
    assert log.read_text() == "in\nout\nin\nout\n"


def test_reentry_in_one_process_after_release(tmp_path: Path) -> None:
    with file_lock(tmp_path / "a.lock"):
        pass
    with file_lock(tmp_path / "a.lock"):
        pass


def test_unlockable_place_runs_unserialised(tmp_path: Path) -> None:
    ran = []
    with file_lock(tmp_path / "missing-folder" / "a.lock"):
        ran.append(1)
    assert ran == [1]


def test_folder_lock_path_names_the_folder_by_its_real_path(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "d")
    a = folder_lock_path(tmp_path / "d", tmp_path)
    assert a == folder_lock_path(tmp_path / "link", tmp_path)
    assert a != folder_lock_path(tmp_path, tmp_path)
    assert a.parent == tmp_path and a.name.endswith(".lock")


def test_unwritable_lock_file_runs_unserialised_without_waiting(tmp_path: Path) -> None:
    ran = []
    with file_lock(Path("/proc/routemap-test.lock")):  # cannot be created, even by root
        ran.append(1)
    assert ran == [1]
