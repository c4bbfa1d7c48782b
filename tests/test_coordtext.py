"""maps.coords: the vectorised coordinate text is byte for byte Python's repr of each rounded number."""
from __future__ import annotations

import numpy as np
import pytest

from maps.coords import coord_text, rounded


def _reference(part: list[tuple[float, float]], precision: int, within: str, between: str) -> str:
    return between.join(f"{x!r}{within}{y!r}" for x, y in rounded(part, precision).tolist())


@pytest.mark.parametrize("scale", [180.0, 1e-3, 1e7, 0.0])
@pytest.mark.parametrize("precision", [0, 1, 3, 6, 9, 12, 15])
def test_text_is_repr_of_rounded_numbers(scale: float, precision: int) -> None:
    rng = np.random.default_rng(int(scale * 7) + precision)
    for n in (1, 2, 17, 300):
        arr = rng.uniform(-scale, scale, (n, 2))
        arr[::5] = np.round(arr[::5], 2)             # short decimals and whole numbers too
        part = [(float(x), float(y)) for x, y in arr]
        for within, between in ((",", " "), (" ", ", "), (",", "],[")):
            assert coord_text(part, precision, within, between) == _reference(part, precision, within, between)


def test_edge_numbers() -> None:
    part = [(-0.0, 1e-05), (179.9999995, -180.0), (5e-05, 0.0001), (-0.00004, 99.99999949)]
    for p in (4, 5, 6, 7):
        assert coord_text(part, p, ",", " ") == _reference(part, p, ",", " ")
    assert coord_text([], 6, ",", " ") == ""
    assert coord_text(np.array([[1.5, 2.0]]), 6, ",", " ") == "1.5,2.0"
