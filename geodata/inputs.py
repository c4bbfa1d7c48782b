"""Reading the user's input files with the same limits everywhere.

Every file routemap reads on the user's behalf (``--to-file``, ``--pairs``,
``--gazetteer``, ``import``) goes through here: it must be a regular file (not
``/dev/zero`` or a FIFO), at most :func:`max_input_bytes` long (set
``ROUTEMAP_MAX_INPUT_MB`` to change it), UTF-8 text where text is expected
(the line of the first bad byte is named), and JSON without NaN/Infinity
and not nested too deeply to read. YAML goes through :mod:`geodata.yamlsource`
(alias and nesting limits). Case files keep their own 5 MB limit.
"""
from __future__ import annotations

import json
import math
import os
import stat
from typing import IO, Any, Iterator

from .base.errors import InputError

#: default size limit of an input file, in MB (override with ROUTEMAP_MAX_INPUT_MB)
DEFAULT_MAX_MB = 100


def max_input_bytes(default_mb: float = DEFAULT_MAX_MB) -> int:
    """The size limit of an input file in bytes: ``ROUTEMAP_MAX_INPUT_MB``, else ``default_mb`` (100 MB)."""
    raw = os.environ.get("ROUTEMAP_MAX_INPUT_MB", "")
    try:
        mb = float(raw) if raw.strip() else default_mb
    except ValueError:
        raise InputError(f"ROUTEMAP_MAX_INPUT_MB={raw!r} is not a number; give megabytes, e.g. 200") from None
    if not (math.isfinite(mb) and mb > 0):
        raise InputError(f"ROUTEMAP_MAX_INPUT_MB={raw!r} must be a positive number of megabytes")
    return int(mb * 1024 * 1024)


def check_input_file(path: str | os.PathLike[str], what: str, *, default_mb: float = DEFAULT_MAX_MB) -> int:
    """Check ``path`` is a readable regular file within the size limit; return its size in bytes.

    ``what`` names the input for messages (e.g. "--pairs CSV"); ``default_mb`` is
    the limit when ``ROUTEMAP_MAX_INPUT_MB`` is not set.
    """
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise InputError.at(name, None, f"no such file; check the path given as the {what}") from None
    except OSError as e:
        raise InputError.at(name, None, f"cannot read the {what} ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError.at(name, None, f"is a folder; give the {what} file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError.at(name, None, f"is not a regular file (a device, FIFO or socket); save the {what} to a file first")
    limit = max_input_bytes(default_mb)
    if st.st_size > limit:
        raise InputError.at(name, None, f"the {what} is {st.st_size / 1048576:,.1f} MB, over the limit of "
                         f"{limit / 1048576:,.0f} MB; split it, or set ROUTEMAP_MAX_INPUT_MB to allow more")
    if not os.access(name, os.R_OK):
        raise InputError.at(name, None, f"cannot read the {what} (permission denied)")
    return st.st_size


def _bad_utf8(data: bytes, e: UnicodeDecodeError, name: str, what: str) -> InputError:
    line = data.count(b"\n", 0, e.start) + 1
    return InputError.at(name, line, f"the {what} is not UTF-8 text (byte 0x{data[e.start]:02x}); "
                                     "save it as UTF-8 (e.g. 'Save as… CSV UTF-8')")


def read_text(path: str | os.PathLike[str], what: str) -> str:
    """The text of an input file (UTF-8, a BOM dropped), after :func:`check_input_file`."""
    name = os.fspath(path)
    check_input_file(name, what)
    try:
        with open(name, "rb") as f:
            data = f.read(max_input_bytes() + 1)
    except OSError as e:
        raise InputError.at(name, None, f"cannot read the {what} ({e.strerror or e})") from None
    if len(data) > max_input_bytes():
        raise InputError.at(name, None, f"the {what} is over the size limit; set ROUTEMAP_MAX_INPUT_MB to allow more")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise _bad_utf8(data, e, name, what) from None


def load_json(path: str | os.PathLike[str], what: str) -> Any:
    """Parse a JSON input file within the size and nesting limits; InputError with the line otherwise."""
    name = os.fspath(path)
    text = read_text(name, what)
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise InputError.at(name, e.lineno, f"not valid JSON ({e.msg}); check the {what}") from None
    except RecursionError:
        raise InputError.at(name, None, f"the {what} is nested too deeply to read; GeoJSON needs at most 6 levels") from None


def _no_constant(token: str) -> Any:
    raise json.JSONDecodeError(f"{token} is not a number JSON allows", token, 0)


def text_lines(f: IO[bytes], name: str, what: str, bad: dict[int, str]) -> Iterator[str]:
    """Decode a binary file line by line for :mod:`csv`; a line that is not UTF-8 is recorded in ``bad``.

    ``bad`` maps a physical line number to its problem; such lines are yielded
    decoded with replacement characters so the reader keeps its place.
    """
    for n, raw in enumerate(f, 1):
        try:
            yield raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as e:
            bad[n] = f"not UTF-8 text (byte 0x{raw[e.start]:02x}); save the {what} as UTF-8"
            yield raw.decode("utf-8", errors="replace")
