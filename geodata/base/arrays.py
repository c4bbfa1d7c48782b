"""Arrays in one ``.npz`` file that can be memory-mapped: written aligned, read without copying.

:func:`save_arrays` writes a normal, uncompressed ``.npz`` (``numpy.load`` reads it)
whose members each start on a 64-byte boundary: the zip local header's extra
field is padded (as Android's zipalign does), and the ``.npy`` header inside
each member is itself padded to 64 bytes by numpy. :func:`map_arrays` then maps
every member read-only straight from the file (``numpy.memmap``), so opening a
100 MB network costs nothing until its pages are read, and processes that map
the same file share its pages through the page cache instead of each holding
a copy.
"""
from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from typing import IO

import numpy as np

#: every member's data starts at a multiple of this many bytes
ALIGN = 64
#: the zip extra-field id used for the padding (Android zipalign's)
_PAD_ID = 0xD935


def save_arrays(fh: IO[bytes], **arrays: np.ndarray) -> None:
    """Write ``arrays`` to the open binary file ``fh`` as an aligned, uncompressed ``.npz``."""
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asanyarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            start = fh.tell() + 30 + len(info.filename.encode()) + 4   # after the local header and the pad's own header
            if len(buf.getbuffer()) * 1.05 > zipfile.ZIP64_LIMIT:      # zipfile adds a 20-byte zip64 extra then
                start += 20
            pad = -start % ALIGN
            info.extra = struct.pack("<HH", _PAD_ID, pad) + b"\0" * pad
            zf.writestr(info, buf.getvalue())


def map_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array of the ``.npz`` at ``path``, memory-mapped read-only (copied only where a member is not aligned).

    Members written by :func:`save_arrays` are mapped; any other (compressed, or
    from an older writer) is read into memory as ``numpy.load`` would.
    """
    out: dict[str, np.ndarray] = {}
    with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
        for info in zf.infolist():
            name = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
            fh.seek(info.header_offset)
            head = fh.read(30)
            name_len, extra_len = struct.unpack("<HH", head[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            if info.compress_type != zipfile.ZIP_STORED:
                out[name] = np.load(io.BytesIO(zf.read(info)), allow_pickle=False)
                continue
            version = np.lib.format.read_magic(fh)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read_header(fh)
            offset = fh.tell()
            if offset % ALIGN or dtype.hasobject or int(np.prod(shape)) * dtype.itemsize < 4096:   # small: just read it
                fh.seek(offset)
                count = int(np.prod(shape))
                out[name] = np.fromfile(fh, dtype=dtype, count=count).reshape(shape, order="F" if fortran else "C")
                continue
            # mapped through the file already open, so every member comes from the same file even if the path
            # is replaced meanwhile (the map outlives the handle)
            out[name] = np.memmap(fh, dtype=dtype, mode="r", offset=offset, shape=shape,
                                  order="F" if fortran else "C")
    return out
