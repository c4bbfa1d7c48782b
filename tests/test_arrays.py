"""geodata.base.arrays: an aligned .npz that numpy reads and that maps without copying."""
from __future__ import annotations

import numpy as np
import pytest

from geodata.base.arrays import ALIGN, map_arrays, save_arrays


def test_arrays_round_trip_mapped_and_readable_by_numpy(tmp_path) -> None:
    arrays = {"f64": np.linspace(0.0, 1.0, 50_000), "i32": np.arange(9, dtype=np.int32), "scalar": np.float64(2.5),
              "f32": np.ones((3000, 7), dtype=np.float32), "bytes": np.frombuffer(b"abc" * 5000, dtype=np.uint8),
              "text": np.array(["UA", "RU", "Åland"]), "fortran": np.asfortranarray(np.arange(6000.0).reshape(100, 60))}
    path = tmp_path / "a.npz"
    with open(path, "wb") as fh:
        save_arrays(fh, **arrays)
    mapped = map_arrays(path)
    with np.load(path) as z:
        assert sorted(z.files) == sorted(arrays)
        for name, want in arrays.items():
            assert np.array_equal(z[name], want) and np.array_equal(mapped[name], want), name
            assert mapped[name].dtype == np.asarray(want).dtype and mapped[name].shape == np.shape(want)
    for name in ("f64", "f32", "bytes", "fortran"):     # the large ones are maps of the file, aligned
        assert isinstance(mapped[name], np.memmap), name
        assert mapped[name].offset % ALIGN == 0
        with pytest.raises(ValueError):                  # read-only
            mapped[name].flat[0] = 7


def test_a_plain_npz_is_read_too(tmp_path) -> None:
    path = tmp_path / "plain.npz"
    np.savez_compressed(path, a=np.arange(10_000.0), b=np.arange(3))
    got = map_arrays(path)
    assert np.array_equal(got["a"], np.arange(10_000.0)) and np.array_equal(got["b"], np.arange(3))
