"""geodata.base.lonlats: a compact (lon, lat) sequence that behaves as the tuple of pairs it replaces."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from geodata.base.lonlats import LonLats
from routes.routed import Route

PTS = ((130.2831, 42.2556), (131.8869, 43.1155), (-179.5, 51.0), (179.25, -0.1))


def test_behaves_as_a_tuple_of_pairs() -> None:
    c = LonLats(PTS)
    assert len(c) == 4 and bool(c) and not LonLats()
    assert c[0] == (130.2831, 42.2556) and c[-1] == (179.25, -0.1)
    assert all(type(x) is float for x in c[1])
    assert tuple(c) == PTS and list(reversed(c)) == list(PTS[::-1])
    assert c == PTS and c == list(PTS) and c != PTS[:3] and c != ((0.0, 0.0),) * 4
    assert c[1:3] == PTS[1:3] and isinstance(c[1:3], LonLats)
    assert c == LonLats(list(PTS)) and hash(c) == hash(LonLats(PTS)) == hash(PTS)
    assert LonLats([(0.0, 1.0)]) == LonLats([(-0.0, 1.0)]) and hash(LonLats([(0.0, 1.0)])) == hash(LonLats([(-0.0, 1.0)]))
    assert (c == (1.0, 2.0)) is False                  # a flat pair is not a line
    with pytest.raises(ValueError, match="pairs"):
        LonLats([(10.0, 20.0, 100.0), (11.0, 21.0, 200.0)])
    with pytest.raises(IndexError):
        c[4]


def test_numpy_gets_the_array_itself_and_it_is_read_only() -> None:
    c = LonLats(PTS)
    a = np.asarray(c)
    assert a.shape == (4, 2) and a.dtype == np.float64 and a is c.array
    with pytest.raises(ValueError):
        a[0, 0] = 1.0
    assert np.asarray(c, dtype=np.float32).dtype == np.float32
    base = np.array(PTS)
    owned = LonLats(base)
    base[0, 0] = 0.0                           # the caller's array is copied: changing it changes nothing
    assert owned[0] == PTS[0] and LonLats(owned).array is owned.array and c[1:].array.base is not None


def test_pickles_and_routes_hold_one() -> None:
    c = LonLats(PTS)
    assert pickle.loads(pickle.dumps(c)) == c
    r = Route("s", 1, "rail", "rail-osm", PTS, 123.0)
    assert isinstance(r.coords, LonLats) and r.coords == PTS
    assert pickle.loads(pickle.dumps(r)) == r
    big = LonLats(np.zeros((100_000, 2)))
    assert len(pickle.dumps(big)) < 100_000 * 16 + 1000   # the array, not 100,000 tuples
