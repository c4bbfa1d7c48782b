"""A line's points held compactly: an immutable sequence of (lon, lat) over one float64 array.

A routed leg has hundreds of points and a big case millions; as a tuple of
tuples each point costs about 110 bytes of Python objects, as rows of one
``(n, 2)`` float64 array 16. :class:`LonLats` keeps the array and behaves as the
tuple of ``(lon, lat)`` float pairs it replaces: ``len``, indexing (a pair, or a
``LonLats`` for a slice), iteration, equality with tuples and lists of pairs,
hashing and pickling; ``numpy.asarray`` gives the array itself without copying.
Values are stored exactly (float64), so every output made from them is the same.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np


class LonLats(Sequence[tuple[float, float]]):
    """An immutable sequence of (lon, lat) degree pairs backed by one read-only (n, 2) float64 array."""

    __slots__ = ("_a",)
    _a: np.ndarray

    def __init__(self, points: Iterable[Sequence[float]] | np.ndarray = ()) -> None:
        """``points``: (lon, lat) pairs or an (n, 2) array, copied (another LonLats' array is shared).

        ValueError if they are not pairs.
        """
        if isinstance(points, LonLats):
            self._a = points._a
            return
        a = np.array(points if isinstance(points, np.ndarray) else list(points), dtype=np.float64)
        if a.size == 0:
            a = a.reshape(0, 2)
        if a.ndim != 2 or a.shape[1] != 2:
            raise ValueError(f"points must be (lon, lat) pairs, not an array of shape {a.shape}")
        a.flags.writeable = False
        self._a = a

    @property
    def array(self) -> np.ndarray:
        """The read-only (n, 2) float64 array of lon, lat in degrees."""
        return self._a

    def __len__(self) -> int:
        return int(self._a.shape[0])

    @overload
    def __getitem__(self, i: int) -> tuple[float, float]: ...

    @overload
    def __getitem__(self, i: slice) -> LonLats: ...

    def __getitem__(self, i: int | slice) -> tuple[float, float] | LonLats:
        if isinstance(i, slice):
            part = LonLats()
            part._a = self._a[i]          # a view of this read-only array
            return part
        lon, lat = self._a[i].tolist()
        return (lon, lat)

    def __iter__(self) -> Iterator[tuple[float, float]]:
        return zip(self._a[:, 0].tolist(), self._a[:, 1].tolist(), strict=True)

    def __reversed__(self) -> Iterator[tuple[float, float]]:
        return iter(self[::-1])

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        if dtype is None or np.dtype(dtype) == self._a.dtype:
            return self._a.copy() if copy else self._a
        return self._a.astype(dtype)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LonLats):
            return bool(np.array_equal(self._a, other._a))
        if isinstance(other, (tuple, list)):
            try:
                return len(other) == len(self) and all(tuple(p) == q for p, q in zip(other, self, strict=True))
            except TypeError:      # not a sequence of pairs
                return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))    # as the equal tuple of pairs hashes (and -0.0 as 0.0)

    def __repr__(self) -> str:
        return f"LonLats({tuple(self)!r})" if len(self) <= 4 else f"LonLats(<{len(self)} points>)"

    def __reduce__(self) -> tuple[Any, tuple[np.ndarray]]:
        return (LonLats, (self._a,))     # unpickling copies it into a new read-only array

    def __bool__(self) -> bool:
        return len(self) > 0
