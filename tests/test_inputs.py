"""geodata.inputs: one loader with the same limits for every input file."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from geodata.base.errors import InputError
from geodata.inputs import (
    check_input_file,
    load_json,
    max_input_bytes,
    read_text,
    text_lines,
)


def test_size_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "a.json"
    f.write_text("[" + "1," * 20_000 + "1]")
    assert check_input_file(f, "test file") == f.stat().st_size
    monkeypatch.setenv("ROUTEMAP_MAX_INPUT_MB", "0.01")
    assert max_input_bytes() == 10485
    with pytest.raises(InputError, match=r"a\.json: the test file is 0\.0 MB, over the limit of 0 MB"):
        load_json(f, "test file")
    monkeypatch.setenv("ROUTEMAP_MAX_INPUT_MB", "lots")
    with pytest.raises(InputError, match="ROUTEMAP_MAX_INPUT_MB='lots' is not a number"):
        max_input_bytes()


def test_not_regular_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="/dev/zero: is not a regular file"):
        read_text("/dev/zero", "test file")
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path, "test file")
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing", "test file")


def test_bad_utf8_names_the_line_and_json_limits(tmp_path: Path) -> None:
    f = tmp_path / "b.json"
    f.write_bytes(b'{\n"a":\n"\xff"}')
    with pytest.raises(InputError, match=r"b\.json:3: the test file is not UTF-8 text \(byte 0xff\)"):
        read_text(f, "test file")
    f.write_text("[" * 100_000)
    with pytest.raises(InputError, match="nested too deeply to read"):
        load_json(f, "test file")
    f.write_text('{"a": NaN}')
    with pytest.raises(InputError, match=r"b\.json:1: not valid JSON \(NaN is not a number JSON allows\)"):
        load_json(f, "test file")


def test_text_lines_records_bad_lines() -> None:
    bad: dict[int, str] = {}
    lines = list(text_lines(io.BytesIO(b"\xef\xbb\xbfa,b\n\xff,1\nc,d\n"), "x.csv", "CSV", bad))
    assert lines[0] == "a,b\n" and lines[2] == "c,d\n"
    assert list(bad) == [2] and "not UTF-8 text (byte 0xff)" in bad[2]
