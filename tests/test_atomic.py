"""geodata.base.atomic: atomic writes only to regular files; special targets refused or written through; debris."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from geodata.base.atomic import (
    atomic_path,
    atomic_write,
    check_writable,
    clean_debris,
    forcing,
    output_error,
    special_kind,
)
from geodata.base.errors import OutputError


def test_special_kinds(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f")
    (tmp_path / "l").symlink_to("nowhere")
    (tmp_path / "r").write_text("x")
    assert [special_kind(tmp_path / n) for n in ("f", "l", "r", "missing")] == ["FIFO", "symbolic link", None, None]
    assert special_kind("/dev/null") == "device"


def test_a_link_is_refused_then_written_through_with_force(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    with pytest.raises(OutputError, match=r"link\.txt: is a symbolic link; routemap replaces only regular files"):
        check_writable(link)
    with pytest.raises(OutputError), atomic_write(link) as f:
        f.write("new")
    assert (tmp_path / "real.txt").read_text() == "old"
    with forcing(), atomic_write(link) as f:
        f.write("new")
    assert link.is_symlink() and (tmp_path / "real.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_a_fifo_is_written_through_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    t = threading.Thread(target=lambda: got.append(fifo.read_text()))
    t.start()
    with forcing(), atomic_write(fifo) as f:
        f.write("through")
    t.join(30)
    assert got == ["through"] and fifo.is_fifo()


def test_a_failed_write_removes_the_temporary_file_and_its_journal(tmp_path: Path) -> None:
    target = tmp_path / "out.gpkg"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        Path(str(tmp) + "-journal").write_text("journal")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_debris_of_a_dead_process_is_removed_and_a_live_ones_kept(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    (tmp_path / f".out.csv.{dead}.abcdefgh.tmp.csv").write_text("debris")
    (tmp_path / f".out.csv.{os.getpid()}.abcdefgh.tmp.csv").write_text("ours, in use")
    (tmp_path / ".out.csv.notes").write_text("not ours")
    with atomic_write(tmp_path / "out.csv") as f:
        f.write("x")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        ".out.csv.notes", f".out.csv.{os.getpid()}.abcdefgh.tmp.csv", "out.csv"])
    import re

    assert clean_debris(tmp_path, re.compile(r"^\.out\.csv\.(?P<pid>\d+)\.")) == []


def test_output_errors_are_classified() -> None:
    target = Path("/tmp/x.csv")
    full = output_error(target, OSError(errno.ENOSPC, "No space left on device"))
    assert full is not None and str(full).startswith("/tmp/x.csv: the disk is full or a file-size limit was reached")
    assert "free in /tmp" in str(full)
    denied = output_error(target, PermissionError(errno.EACCES, "Permission denied"))
    assert str(denied) == "/tmp/x.csv: cannot write (Permission denied); choose a folder you may write to"
    assert output_error(target, ValueError("a bug")) is None       # not an I/O failure: not hidden as one
